import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  OktaApiError,
  OktaAuthError,
  OktaError,
  OktaInvalidIdError,
  OktaNetworkError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../../src/okta/index.ts';
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  mapOktaError,
  maskError,
  NotFoundError,
  RateLimitedError,
  toMutationError,
  UpstreamOktaError,
  ValidationError,
} from '../../src/schema/errors.ts';
import {
  BadUserInputError,
  CodedGraphQLError,
  LimitExceededError,
  MissingScopeError,
  OperationTimeoutError,
  UnauthenticatedError,
  UnexpectedError,
} from '../../src/schema/graphql-errors.ts';

const RETRY_AT = Date.parse('2026-01-02T03:04:05.000Z');
const api = (status: number, oktaCode: string, causes: string[] = [], outcomeUnknown = false) =>
  new OktaApiError(
    status,
    oktaCode,
    `summary of ${oktaCode}`,
    causes,
    'err',
    'req',
    outcomeUnknown,
  );
const okta = (error: OktaApiError) => ({
  oktaErrorCode: error.oktaCode,
  oktaCauses: error.causes,
});

/** What a client reads of a GraphQL error. */
const seen = (error: GraphQLError) => ({ message: error.message, extensions: error.extensions });

describe('the field error of each Okta failure', () => {
  const cases: [string, OktaError, { message: string; extensions: Record<string, unknown> }][] = [
    [
      'an object not found',
      new OktaNotFoundError('User', '00u1'),
      { message: 'User 00u1 was not found.', extensions: { code: 'NOT_FOUND' } },
    ],
    [
      'a value that is no Okta id',
      new OktaInvalidIdError('User', 'x/y'),
      { message: 'Not a valid Okta User: "x/y"', extensions: { code: 'BAD_USER_INPUT' } },
    ],
    [
      'a spent rate limit',
      new OktaRateLimitError('users', RETRY_AT),
      {
        message: 'Okta rate limit reached; try again later.',
        extensions: { code: 'RATE_LIMITED', retryAt: '2026-01-02T03:04:05.000Z' },
      },
    ],
    [
      'a timeout',
      new OktaTimeoutError('headers', true),
      {
        message: 'Okta did not answer in time.',
        extensions: { code: 'UPSTREAM_TIMEOUT', outcomeUnknown: true },
      },
    ],
    [
      'no connection',
      new OktaNetworkError('ECONNREFUSED', false),
      {
        message: 'Okta could not be reached.',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', outcomeUnknown: false },
      },
    ],
    [
      'a refused gateway credential',
      new OktaAuthError('invalid_client', 401),
      {
        message: 'The gateway could not authenticate to Okta.',
        extensions: { code: 'UPSTREAM_AUTH' },
      },
    ],
    [
      "Okta's 404",
      api(404, 'E0000007'),
      {
        message: 'Not found in Okta.',
        extensions: { code: 'NOT_FOUND', ...okta(api(404, 'E0000007')) },
      },
    ],
    [
      "Okta's 429",
      api(429, 'E0000047'),
      {
        message: 'Okta rate limit reached; try again later.',
        extensions: { code: 'RATE_LIMITED', ...okta(api(429, 'E0000047')) },
      },
    ],
    [
      "Okta's 400",
      api(400, 'E0000001', ['login: taken']),
      {
        message: 'summary of E0000001',
        extensions: { code: 'BAD_USER_INPUT', ...okta(api(400, 'E0000001', ['login: taken'])) },
      },
    ],
    [
      "Okta's 403",
      api(403, 'E0000006'),
      {
        message: 'Okta refused the gateway this operation.',
        extensions: { code: 'UPSTREAM_FORBIDDEN', ...okta(api(403, 'E0000006')) },
      },
    ],
    [
      "Okta's 500",
      api(500, 'E0000009', [], true),
      {
        message: 'Okta failed to answer the request.',
        extensions: { code: 'UPSTREAM_ERROR', ...okta(api(500, 'E0000009')), outcomeUnknown: true },
      },
    ],
    [
      'any other Okta failure',
      new OktaError('something else'),
      { message: 'Okta failed to answer the request.', extensions: { code: 'UPSTREAM_ERROR' } },
    ],
  ];

  for (const [what, error, expected] of cases) {
    it(`answers ${what} with ${expected.extensions.code}`, () => {
      const mapped = mapOktaError(error);
      expect(mapped).toBeInstanceOf(CodedGraphQLError);
      expect(seen(mapped)).toEqual(expected);
    });
  }
});

describe('the mutation payload error of each Okta failure', () => {
  it('names what was not found, from the error or from what the mutation acted on', () => {
    expect(toMutationError(new OktaNotFoundError('Group', '00g1'))).toEqual(
      new NotFoundError('Group', '00g1'),
    );
    const target = { resource: 'EventHook', id: 'who1' };
    const mapped = toMutationError(api(404, 'E0000007'), { target }) as NotFoundError;
    expect([mapped.resource, mapped.id, mapped.message]).toEqual([
      'EventHook',
      'who1',
      'EventHook who1 was not found.',
    ]);
  });

  it("turns Okta's field causes into field problems, named as the mutation's arguments", () => {
    const mapped = toMutationError(api(400, 'E0000001', ['password: too short', 'other']), {
      fieldNames: { password: 'newPassword' },
    }) as ValidationError;
    expect(mapped).toBeInstanceOf(ValidationError);
    expect(mapped.message).toBe('Okta refused the input.');
    expect(mapped.fields).toEqual([
      { field: 'newPassword', message: 'too short' },
      { field: '', message: 'other' },
    ]);
  });

  it('answers a value that already exists with CONFLICT', () => {
    const mapped = toMutationError(
      api(400, 'E0000001', ['login: An object with this field already exists']),
    ) as ConflictError;
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.code).toBe('CONFLICT');
  });

  it('answers a refused password with VALIDATION_FAILED on the password', () => {
    const mapped = toMutationError(api(400, 'E0000080')) as ValidationError;
    expect(mapped.message).toBe('The password does not meet the password policy.');
    expect(mapped.fields).toEqual([{ field: 'password', message: 'summary of E0000080' }]);
    expect((toMutationError(api(403, 'E0000014')) as ValidationError).message).toBe(
      'Okta refused the credentials.',
    );
  });

  it("answers Okta's status refusal with INVALID_TRANSITION when the mutation says what it tried", () => {
    const transition = { action: 'suspend', currentStatus: 'STAGED', allowedFrom: ['ACTIVE'] };
    expect(toMutationError(api(403, 'E0000038'), { transition })).toEqual(
      new InvalidTransitionError('suspend', 'STAGED', ['ACTIVE']),
    );
    expect(toMutationError(api(403, 'E0000038'))).toBeInstanceOf(UpstreamOktaError);
  });

  it("answers Okta's E0000006 with FORBIDDEN and Okta's reason", () => {
    const mapped = toMutationError(api(403, 'E0000006', ['eventHook: limit reached']));
    expect(mapped).toEqual(
      new ForbiddenError('Okta refused the gateway this operation: eventHook: limit reached'),
    );
  });

  it('answers a spent rate limit with RATE_LIMITED and when to retry', () => {
    expect(toMutationError(new OktaRateLimitError('users', RETRY_AT))).toEqual(
      new RateLimitedError('2026-01-02T03:04:05.000Z'),
    );
    expect(toMutationError(api(429, 'E0000047'))).toBeInstanceOf(RateLimitedError);
  });

  it('answers any other failure with an OktaError saying whether a write may have happened', () => {
    const refused = toMutationError(api(409, 'E0000099', ['why'])) as UpstreamOktaError;
    expect([refused.code, refused.message, refused.errorCode, refused.causes]).toEqual([
      'OKTA_REFUSED',
      'Okta refused the operation.',
      'E0000099',
      ['why'],
    ]);
    const failed = toMutationError(api(502, 'E0000009', [], true)) as UpstreamOktaError;
    expect([failed.code, failed.message, failed.outcomeUnknown]).toEqual([
      'UPSTREAM_ERROR',
      'Okta failed to perform the operation.',
      true,
    ]);
    const timedOut = toMutationError(new OktaTimeoutError('body', true)) as UpstreamOktaError;
    expect([timedOut.code, timedOut.message, timedOut.errorCode, timedOut.outcomeUnknown]).toEqual([
      'UPSTREAM_TIMEOUT',
      'Okta did not answer in time.',
      null,
      true,
    ]);
    const auth = toMutationError(new OktaAuthError('invalid_client')) as UpstreamOktaError;
    expect([auth.code, auth.outcomeUnknown]).toEqual(['UPSTREAM_AUTH', false]);
  });

  it("leaves the gateway's own errors, and anything else, as they are", () => {
    const own = new ValidationError('mine', [{ field: 'password', message: 'x' }]);
    expect(toMutationError(own, { fieldNames: { password: 'newPassword' } })).toBe(own);
    expect(own.fields[0]?.field).toBe('password');
    const other = new TypeError('bug');
    expect(toMutationError(other)).toBe(other);
  });
});

describe("the gateway's GraphQL errors", () => {
  it('carry their stable code, and a status when they refuse the whole operation', () => {
    expect(seen(new BadUserInputError('no', { argumentName: 'filter' }))).toEqual({
      message: 'no',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' },
    });
    expect(seen(new MissingScopeError('groups'))).toEqual({
      message: 'The caller lacks the scope this field requires (groups).',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(seen(new LimitExceededError('too deep'))).toEqual({
      message: 'too deep',
      extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } },
    });
    expect(seen(new OperationTimeoutError(250))).toEqual({
      message: 'The operation did not complete within 250 ms.',
      extensions: { code: 'OPERATION_TIMEOUT', http: { status: 504 } },
    });
    expect(seen(new UnauthenticatedError('the token has expired', 'Bearer x'))).toEqual({
      message: 'Unauthenticated: the token has expired.',
      extensions: {
        code: 'UNAUTHENTICATED',
        http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer x' } },
      },
    });
    expect(BadUserInputError.code).toBe('BAD_USER_INPUT');
  });
});

describe('maskError', () => {
  it('maps an Okta error thrown by a resolver, keeping where it happened', () => {
    const located = new GraphQLError('raw', {
      path: ['user', 'groups'],
      originalError: new OktaTimeoutError('headers', false),
    });
    const masked = maskError(located, false) as GraphQLError;
    expect(masked.path).toEqual(['user', 'groups']);
    expect(seen(masked)).toEqual({
      message: 'Okta did not answer in time.',
      extensions: { code: 'UPSTREAM_TIMEOUT', outcomeUnknown: false },
    });
  });

  it('passes the gateway GraphQL errors as they are and hides anything else', () => {
    const own = new GraphQLError('x', {
      path: ['user'],
      originalError: new BadUserInputError('Give exactly one of id and login.'),
    });
    expect(maskError(own, false)).toBe(own);
    const bug = new GraphQLError('secret detail', {
      path: ['user'],
      originalError: new Error('s'),
    });
    const masked = maskError(bug, false) as GraphQLError;
    expect(masked).toBeInstanceOf(UnexpectedError);
    expect(masked.path).toEqual(['user']);
    expect(seen(masked)).toEqual({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(maskError(bug, true)).toBe(bug);
  });
});
