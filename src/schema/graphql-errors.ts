import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/**
 * The errors a client finds in a response's `errors` list, one class per stable
 * `extensions.code`. The gateway raises no GraphQLError of its own outside this family (the typed
 * errors of mutation payloads, which are data, live in errors.ts).
 *
 * `http` in extensions sets the response's status when the error refuses the whole operation
 * (yoga reads it); a field's error carries none, so the rest of the answer stands with a 200.
 */
export abstract class CodedGraphQLError extends GraphQLError {
  static readonly code: string;

  constructor(
    message: string,
    extensions: Record<string, unknown> = {},
    /** Where in the operation the error happened, for an error raised outside a resolver. */
    at?: Pick<GraphQLErrorOptions, 'nodes' | 'path'>,
  ) {
    const { code } = new.target as unknown as typeof CodedGraphQLError;
    super(message, { ...at, extensions: { code, ...extensions } });
  }
}

// ── Refused input and refused callers ─────────────────────────────────────────────────────────

/** An argument or variable the gateway refuses before asking Okta anything. */
export class BadUserInputError extends CodedGraphQLError {
  static override readonly code = 'BAD_USER_INPUT';
}

/** A field the caller's token has no scope for; the rest of the answer stands. */
export class MissingScopeError extends CodedGraphQLError {
  static override readonly code = 'FORBIDDEN';
  constructor(fieldName: string) {
    super(`The caller lacks the scope this field requires (${fieldName}).`);
  }
}

/** A request without a valid caller token: a 401 with the challenge the client should answer. */
export class UnauthenticatedError extends CodedGraphQLError {
  static override readonly code = 'UNAUTHENTICATED';
  constructor(reason: string, challenge: string) {
    super(`Unauthenticated: ${reason}.`, {
      http: { status: 401, headers: { 'WWW-Authenticate': challenge } },
    });
  }
}

/** An operation over one of the gateway's limits (depth, aliases, cost…): a 400, nothing run. */
export class LimitExceededError extends CodedGraphQLError {
  static override readonly code = 'LIMIT_EXCEEDED';
  constructor(message: string) {
    super(message, { http: { status: 400 } });
  }
}

/**
 * An operation whose Okta plan (src/planner/) needs more calls in one rate-limit bucket than one
 * operation may make: a 400, refused before any Okta call.
 */
export class OktaPlanExceededError extends CodedGraphQLError {
  static override readonly code = 'OKTA_PLAN_EXCEEDED';
  constructor(bucket: string, planned: number, ceiling: number) {
    super(
      `The operation may make ${planned} Okta calls in the ${bucket} bucket; one operation may make at most ${ceiling}. Ask for fewer items (first) or fewer nested lists.`,
      { bucket, planned, ceiling, http: { status: 400 } },
    );
  }
}

/** A document this caller may not send: only persisted operations, by hash (a 403, nothing run). */
export class PersistedOperationRequiredError extends CodedGraphQLError {
  static override readonly code = 'PERSISTED_QUERY_REQUIRED';
  constructor() {
    super(
      "This gateway runs only persisted operations for this caller: send the operation's sha256 hash (extensions.persistedQuery or documentId), not its text.",
      { http: { status: 403 } },
    );
  }
}

/** A persisted-operation hash not in the gateway's manifests (Apollo's code, so APQ clients retry). */
export class PersistedOperationNotFoundError extends CodedGraphQLError {
  static override readonly code = 'PERSISTED_QUERY_NOT_FOUND';
  constructor() {
    super('No persisted operation has this hash.');
  }
}

/**
 * An operation sent by hash to a gateway that keeps no persisted operations
 * (GATEWAY_TRUSTED_DOCUMENTS=off). Apollo's code: its persisted-query link sends the text instead.
 */
export class PersistedOperationNotSupportedError extends CodedGraphQLError {
  static override readonly code = 'PERSISTED_QUERY_NOT_SUPPORTED';
  constructor() {
    super(
      "This gateway keeps no persisted operations (its trusted documents are off): send the operation's text.",
      { http: { status: 400 } },
    );
  }
}

/** An operation past its deadline: a 504, and the Okta calls still in flight are cancelled. */
export class OperationTimeoutError extends CodedGraphQLError {
  static override readonly code = 'OPERATION_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`The operation did not complete within ${timeoutMs} ms.`, { http: { status: 504 } });
  }
}

/** The gateway's /hooks/okta endpoint is off or has no public URL, so Okta cannot reach it. */
export class EventHooksNotConfiguredError extends CodedGraphQLError {
  static override readonly code = 'EVENT_HOOKS_NOT_CONFIGURED';
}

/** A subscriber slower than the live stream: `held` events were waiting when it was dropped. */
export class SubscriberBehindGraphQLError extends CodedGraphQLError {
  static override readonly code = 'SUBSCRIBER_BEHIND';
  constructor(message: string, held: number) {
    super(message, { held });
  }
}

/**
 * The last result of a subscription whose caller's token has expired: the client reconnects with
 * a fresh token and `since` (the time of the last event it received), and loses nothing.
 */
export class TokenExpiredError extends CodedGraphQLError {
  static override readonly code = 'TOKEN_EXPIRED';
  constructor() {
    super(
      'The token this subscription was opened with has expired: subscribe again with a fresh token and `since`.',
    );
  }
}

/** A caller already holds as many live subscriptions as the gateway allows one caller. */
export class TooManySubscriptionsError extends CodedGraphQLError {
  static override readonly code = 'TOO_MANY_SUBSCRIPTIONS';
  constructor(max: number) {
    super(
      `A caller may hold at most ${max} subscriptions at once (SSE and graphql-ws together): end one first.`,
      { max, http: { status: 429 } },
    );
  }
}

/** Anything else thrown while executing: the client learns nothing of it but this. */
export class UnexpectedError extends CodedGraphQLError {
  static override readonly code = 'INTERNAL_SERVER_ERROR';
  constructor(at?: Pick<GraphQLErrorOptions, 'nodes' | 'path'>) {
    super('Unexpected error.', {}, at);
  }
}

// ── What Okta answered, in our words (errors.ts maps the Okta client's errors to these) ──────

/** Okta has no such object. */
export class ObjectNotFoundError extends CodedGraphQLError {
  static override readonly code = 'NOT_FOUND';
}

/** Okta's rate limit is spent for now. */
export class RateLimitReachedError extends CodedGraphQLError {
  static override readonly code = 'RATE_LIMITED';
  constructor(extensions: Record<string, unknown>) {
    super('Okta rate limit reached; try again later.', extensions);
  }
}

/** Okta did not answer within the call's timeout. */
export class UpstreamTimeoutError extends CodedGraphQLError {
  static override readonly code = 'UPSTREAM_TIMEOUT';
}

/** Okta could not be reached at all. */
export class UpstreamUnavailableError extends CodedGraphQLError {
  static override readonly code = 'UPSTREAM_UNAVAILABLE';
}

/** The gateway's own credential was refused by Okta. */
export class UpstreamAuthError extends CodedGraphQLError {
  static override readonly code = 'UPSTREAM_AUTH';
}

/** Okta refused the gateway the operation (its scopes or the org's settings). */
export class UpstreamForbiddenError extends CodedGraphQLError {
  static override readonly code = 'UPSTREAM_FORBIDDEN';
}

/** Okta failed, or answered in a way none of the other errors names. */
export class UpstreamError extends CodedGraphQLError {
  static override readonly code = 'UPSTREAM_ERROR';
}
