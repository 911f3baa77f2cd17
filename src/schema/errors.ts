import { GraphQLError } from 'graphql';
import {
  OktaApiError,
  OktaAuthError,
  OktaError,
  OktaInvalidIdError,
  OktaNetworkError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../okta/index.ts';

/**
 * The only mapping from the Okta client's errors to what a GraphQL client sees: a stable code
 * and a message in our words. Nothing upstream leaks: no token, no URL, no stack.
 */
export function mapOktaError(error: OktaError): GraphQLError {
  const fail = (message: string, code: string, extra: Record<string, unknown> = {}) =>
    new GraphQLError(message, { extensions: { code, ...extra } });
  if (error instanceof OktaNotFoundError) {
    return fail(`${error.resource} ${error.id} was not found.`, 'NOT_FOUND');
  }
  if (error instanceof OktaInvalidIdError) return fail(error.message, 'BAD_USER_INPUT');
  if (error instanceof OktaRateLimitError) {
    return fail('Okta rate limit reached; try again later.', 'RATE_LIMITED', {
      retryAt: new Date(error.retryAt).toISOString(),
    });
  }
  if (error instanceof OktaTimeoutError) {
    return fail('Okta did not answer in time.', 'UPSTREAM_TIMEOUT', {
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  if (error instanceof OktaNetworkError) {
    return fail('Okta could not be reached.', 'UPSTREAM_UNAVAILABLE', {
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  if (error instanceof OktaAuthError) {
    return fail('The gateway could not authenticate to Okta.', 'UPSTREAM_AUTH');
  }
  if (error instanceof OktaApiError) {
    const okta = { oktaErrorCode: error.oktaCode, oktaCauses: error.causes };
    if (error.status === 404) return fail('Not found in Okta.', 'NOT_FOUND', okta);
    if (error.status === 429) {
      return fail('Okta rate limit reached; try again later.', 'RATE_LIMITED', okta);
    }
    if (error.status === 400) return fail(error.summary, 'BAD_USER_INPUT', okta);
    if (error.status === 403) {
      return fail('Okta refused the gateway this operation.', 'UPSTREAM_FORBIDDEN', okta);
    }
    return fail('Okta failed to answer the request.', 'UPSTREAM_ERROR', {
      ...okta,
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  return fail('Okta failed to answer the request.', 'UPSTREAM_ERROR');
}

/** The error a client sees for anything thrown while executing (yoga's `maskError`). */
export function maskError(error: unknown, development: boolean): Error {
  const original =
    error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof OktaError) {
    const mapped = mapOktaError(original);
    return error instanceof GraphQLError
      ? new GraphQLError(mapped.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: mapped.extensions,
        })
      : mapped;
  }
  // Our own GraphQLErrors (and graphql-js's) pass as they are, with their path and code.
  if (error instanceof GraphQLError && (!error.originalError || original instanceof GraphQLError)) {
    return error;
  }
  if (development && error instanceof Error) return error;
  return new GraphQLError('Unexpected error.', {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

// ── Typed errors of mutation payloads ────────────────────────────────────────────────────────
// Each mutation's result is a union of its payload and these; resolvers throw them (or the Okta
// client's errors, which `toMutationError` turns into them once, in `attempt`).

/** The base of the errors a mutation payload can carry. */
export abstract class GatewayError extends Error {
  abstract readonly code: string;
}

export class NotFoundError extends GatewayError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} was not found.`);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class ValidationError extends GatewayError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class InvalidTransitionError extends GatewayError {
  readonly code = 'INVALID_TRANSITION';
  constructor(
    readonly action: string,
    readonly currentStatus: string,
    readonly allowedFrom: readonly string[],
    /** What is in that status, for the message: a user unless said otherwise. */
    subject = 'a user',
  ) {
    super(
      allowedFrom.length > 0
        ? `${action} is not allowed for ${subject} in status ${currentStatus} (allowed from: ${allowedFrom.join(', ')}).`
        : `${action} is not allowed for ${subject} in status ${currentStatus}.`,
    );
  }
}

export class ConflictError extends GatewayError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class ForbiddenError extends GatewayError {
  readonly code = 'FORBIDDEN';
}

export class RateLimitedError extends GatewayError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAt: string) {
    super(`Okta's rate limit is spent; retry after ${retryAt}.`);
  }
}

/** Okta refused or failed for a reason none of the other errors names. */
export class UpstreamOktaError extends GatewayError {
  readonly code: string;
  constructor(
    message: string,
    code: string,
    readonly errorCode: string | null,
    readonly causes: string[],
    /** A write whose outcome is unknown: Okta may or may not have applied it. */
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
    this.code = code;
  }
}

/** `field: message` causes of Okta's E0000001 as field problems. */
function fieldProblems(causes: string[]): FieldProblem[] {
  return causes.map((cause) => {
    const at = cause.indexOf(': ');
    return at > 0
      ? { field: cause.slice(0, at), message: cause.slice(at + 2) }
      : { field: '', message: cause };
  });
}

/**
 * What a mutation knows that Okta's error body does not say: how its arguments name Okta's
 * fields, what it acted on, and which lifecycle action it tried.
 */
export interface MutationErrorContext {
  /** Okta's field names in error causes → the mutation's argument names (`password` → `newPassword`). */
  fieldNames?: Readonly<Record<string, string>>;
  /** The object acted on: Okta's 404 on a write names it. */
  target?: { resource: string; id: string };
  /**
   * The lifecycle action tried and the status the gateway saw: Okta's status refusals (E0000016,
   * E0000038) become InvalidTransitionError instead of an opaque OktaError.
   */
  transition?: { action: string; currentStatus: string; allowedFrom: readonly string[] };
}

/** Okta's answers when a user's status does not allow the operation. */
const STATUS_REFUSALS = new Set(['E0000016', 'E0000038']);

/** The one mapping from the Okta client's errors to the typed errors of mutation payloads. */
export function toMutationError(error: unknown, context: MutationErrorContext = {}): unknown {
  const mapped = mapToMutationError(error, context);
  const names = context.fieldNames;
  // Only what comes from Okta is renamed: the gateway's own errors already use argument names.
  const fromOkta = error instanceof OktaError;
  if (names && fromOkta && (mapped instanceof ValidationError || mapped instanceof ConflictError)) {
    for (const problem of mapped.fields) problem.field = names[problem.field] ?? problem.field;
  }
  return mapped;
}

function mapToMutationError(error: unknown, context: MutationErrorContext): unknown {
  if (error instanceof GatewayError || !(error instanceof OktaError)) return error;
  if (error instanceof OktaNotFoundError) return new NotFoundError(error.resource, error.id);
  if (error instanceof OktaInvalidIdError) {
    return new ValidationError(error.message, [{ field: 'id', message: error.message }]);
  }
  if (error instanceof OktaRateLimitError) {
    return new RateLimitedError(new Date(error.retryAt).toISOString());
  }
  if (error instanceof OktaApiError) {
    if (error.status === 404) {
      const { resource, id } = context.target ?? { resource: 'Object', id: '' };
      return new NotFoundError(resource, id);
    }
    if (error.status === 429)
      return new RateLimitedError(new Date(Date.now() + 60_000).toISOString());
    if (error.oktaCode === 'E0000001') {
      const fields = fieldProblems(error.causes);
      return fields.some((f) => /already exists/i.test(f.message))
        ? new ConflictError('An object with these values already exists in Okta.', fields)
        : new ValidationError('Okta refused the input.', fields);
    }
    // A wrong current password, or a new one the password policy refuses.
    if (error.oktaCode === 'E0000014') {
      return new ValidationError('Okta refused the credentials.', fieldProblems(error.causes));
    }
    if (error.oktaCode === 'E0000080') {
      const fields = fieldProblems(error.causes);
      return new ValidationError(
        'The password does not meet the password policy.',
        fields.length > 0 ? fields : [{ field: 'password', message: error.summary }],
      );
    }
    if (context.transition && STATUS_REFUSALS.has(error.oktaCode)) {
      const { action, currentStatus, allowedFrom } = context.transition;
      return new InvalidTransitionError(action, currentStatus, allowedFrom);
    }
    if (error.oktaCode === 'E0000006') {
      // Okta's causes say why (e.g. the org's limit of active event hooks); they name no secret.
      const why = error.causes.length > 0 ? `: ${error.causes.join('; ')}` : '.';
      return new ForbiddenError(`Okta refused the gateway this operation${why}`);
    }
    return new UpstreamOktaError(
      error.status >= 500 ? 'Okta failed to perform the operation.' : 'Okta refused the operation.',
      error.status >= 500 ? 'UPSTREAM_ERROR' : 'OKTA_REFUSED',
      error.oktaCode,
      error.causes,
      error.outcomeUnknown,
    );
  }
  const mapped = mapOktaError(error);
  const outcomeUnknown =
    (error instanceof OktaTimeoutError || error instanceof OktaNetworkError) &&
    error.outcomeUnknown;
  return new UpstreamOktaError(
    mapped.message,
    String(mapped.extensions.code),
    null,
    [],
    outcomeUnknown,
  );
}

/** Run a mutation's Okta work; Okta client errors come out as typed payload errors. */
export async function attempt<T>(
  work: () => Promise<T>,
  context: MutationErrorContext = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toMutationError(error, context);
  }
}
