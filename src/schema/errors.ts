import { GraphQLError } from 'graphql';
import {
  OktaApiError,
  OktaAuthError,
  OktaError,
  OktaGatewayPrincipalError,
  OktaInvalidIdError,
  OktaNetworkError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../okta/index.ts';
import {
  BadUserInputError,
  type CodedGraphQLError,
  ObjectNotFoundError,
  RateLimitReachedError,
  UnexpectedError,
  UpstreamAuthError,
  UpstreamError,
  UpstreamForbiddenError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from './graphql-errors.ts';

// The gateway's errors come in two families: the typed errors below, which a mutation's payload
// carries as data (`interface Error` in error-types.ts), and the GraphQLErrors of
// graphql-errors.ts, which a response carries in its `errors` list. The Okta client's errors
// become one or the other through one table, `OKTA_ERRORS`, at the end of this file.

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

/** The write names the Okta admin the gateway acts as (its API token's owner). */
export class GatewayPrincipalError extends GatewayError {
  readonly code = 'GATEWAY_PRINCIPAL';
  constructor(readonly userId: string) {
    super(
      `User ${userId} is the Okta admin the gateway acts as; the gateway does not change it (deactivating it would revoke the gateway's API token).`,
    );
  }
}

export class RateLimitedError extends GatewayError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAt: string) {
    super(`Okta's rate limit is spent; retry after ${retryAt}.`);
  }
}

/**
 * The event hook is the one that delivers to this gateway's own `/hooks/okta`: the general event
 * hook mutations leave it alone, since whoever can point it elsewhere or have it verified there
 * is sent the gateway's hook secret. registerGatewayEventHook manages it.
 */
export class GatewayOwnedHookError extends GatewayError {
  readonly code = 'GATEWAY_OWNED_HOOK';
  constructor(
    readonly eventHookId: string,
    action: string,
  ) {
    super(
      `Event hook ${eventHookId} delivers to this gateway: ${action} it with registerGatewayEventHook, not the general event hook mutations.`,
    );
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

/**
 * The typed payload error of anything a mutation's work threw: Okta client errors through
 * `OKTA_ERRORS`, with Okta's field names turned into the mutation's argument names; the
 * gateway's own errors (and anything else) as they are.
 */
export function toMutationError(error: unknown, context: MutationErrorContext = {}): unknown {
  if (!(error instanceof OktaError)) return error;
  const mapped = rowOf(error).payload(error, context);
  const names = context.fieldNames;
  // Only what comes from Okta is renamed: the gateway's own errors already use argument names.
  if (names && (mapped instanceof ValidationError || mapped instanceof ConflictError)) {
    for (const problem of mapped.fields) problem.field = names[problem.field] ?? problem.field;
  }
  return mapped;
}

/** The GraphQL error a query field answers with when the Okta client failed (from `OKTA_ERRORS`). */
export function mapOktaError(error: OktaError): CodedGraphQLError {
  return rowOf(error).field(error);
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
  return new UnexpectedError(
    error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : undefined,
  );
}

// ── The one table from the Okta client's errors to the gateway's ────────────────────────────

/**
 * One kind of Okta failure and its two faces: the typed error a mutation's payload carries, and
 * the GraphQL error a query's field answers with. Nothing upstream leaks through either: no
 * token, no URL, no stack.
 */
interface OktaErrorRow {
  matches: (error: OktaError) => boolean;
  payload: (error: OktaError, context: MutationErrorContext) => GatewayError;
  field: (error: OktaError) => CodedGraphQLError;
}

type OktaErrorClass<E extends OktaError> = abstract new (...args: never[]) => E;

function row<E extends OktaError>(
  kind: OktaErrorClass<E>,
  faces: {
    when?: (error: E) => boolean;
    payload: (error: E, context: MutationErrorContext) => GatewayError;
    field: (error: E) => CodedGraphQLError;
  },
): OktaErrorRow {
  return {
    matches: (error) => error instanceof kind && (faces.when?.(error as E) ?? true),
    payload: (error, context) => faces.payload(error as E, context),
    field: (error) => faces.field(error as E),
  };
}

/** Okta's error code and causes, which a field error of an Okta answer carries. */
const oktaDetails = (error: OktaApiError) => ({
  oktaErrorCode: error.oktaCode,
  oktaCauses: error.causes,
});

/**
 * A failure that only its field error names (a timeout, no connection…): the payload's
 * `OktaError` says the same, and whether a write may have happened.
 */
function upstreamRow<E extends OktaError>(
  kind: OktaErrorClass<E>,
  field: (error: E) => CodedGraphQLError,
  outcomeUnknown: (error: E) => boolean = () => false,
): OktaErrorRow {
  return row(kind, {
    field,
    payload: (error) => {
      const { message, extensions } = field(error);
      return new UpstreamOktaError(
        message,
        String(extensions.code),
        null,
        [],
        outcomeUnknown(error),
      );
    },
  });
}

/** Okta's answers when a user's status does not allow the operation. */
const STATUS_REFUSALS = new Set(['E0000016', 'E0000038']);

/** What a mutation's payload says of an Okta answer that is neither a 404 nor a 429. */
function refusal(error: OktaApiError, context: MutationErrorContext): GatewayError {
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

/** The first row that matches an Okta error is its mapping; the last matches any. */
const OKTA_ERRORS: readonly OktaErrorRow[] = [
  row(OktaNotFoundError, {
    payload: (e) => new NotFoundError(e.resource, e.id),
    field: (e) => new ObjectNotFoundError(`${e.resource} ${e.id} was not found.`),
  }),
  row(OktaGatewayPrincipalError, {
    payload: (e) => new GatewayPrincipalError(e.userId),
    field: (e) => new BadUserInputError(e.message),
  }),
  row(OktaInvalidIdError, {
    payload: (e) => new ValidationError(e.message, [{ field: 'id', message: e.message }]),
    field: (e) => new BadUserInputError(e.message),
  }),
  row(OktaRateLimitError, {
    payload: (e) => new RateLimitedError(new Date(e.retryAt).toISOString()),
    field: (e) => new RateLimitReachedError({ retryAt: new Date(e.retryAt).toISOString() }),
  }),
  upstreamRow(
    OktaTimeoutError,
    (e) =>
      new UpstreamTimeoutError('Okta did not answer in time.', {
        outcomeUnknown: e.outcomeUnknown,
      }),
    (e) => e.outcomeUnknown,
  ),
  upstreamRow(
    OktaNetworkError,
    (e) =>
      new UpstreamUnavailableError('Okta could not be reached.', {
        outcomeUnknown: e.outcomeUnknown,
      }),
    (e) => e.outcomeUnknown,
  ),
  upstreamRow(
    OktaAuthError,
    () => new UpstreamAuthError('The gateway could not authenticate to Okta.'),
  ),
  row(OktaApiError, {
    when: (e) => e.status === 404,
    payload: (_e, context) => {
      const { resource, id } = context.target ?? { resource: 'Object', id: '' };
      return new NotFoundError(resource, id);
    },
    field: (e) => new ObjectNotFoundError('Not found in Okta.', oktaDetails(e)),
  }),
  row(OktaApiError, {
    when: (e) => e.status === 429,
    payload: () => new RateLimitedError(new Date(Date.now() + 60_000).toISOString()),
    field: (e) => new RateLimitReachedError(oktaDetails(e)),
  }),
  row(OktaApiError, {
    when: (e) => e.status === 400,
    payload: refusal,
    field: (e) => new BadUserInputError(e.summary, oktaDetails(e)),
  }),
  row(OktaApiError, {
    when: (e) => e.status === 403,
    payload: refusal,
    field: (e) =>
      new UpstreamForbiddenError('Okta refused the gateway this operation.', oktaDetails(e)),
  }),
  row(OktaApiError, {
    payload: refusal,
    field: (e) =>
      new UpstreamError('Okta failed to answer the request.', {
        ...oktaDetails(e),
        outcomeUnknown: e.outcomeUnknown,
      }),
  }),
  upstreamRow(OktaError, () => new UpstreamError('Okta failed to answer the request.')),
];

function rowOf(error: OktaError): OktaErrorRow {
  // The last row matches every OktaError.
  return OKTA_ERRORS.find((candidate) => candidate.matches(error)) as OktaErrorRow;
}
