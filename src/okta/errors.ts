/** The Okta client's one error family. Each class has a stable `code`; none carries a secret. */
export class OktaError extends Error {
  static readonly code: string = 'OKTA_ERR';
  readonly code = (this.constructor as typeof OktaError).code;
  override name = this.constructor.name;
}

/** Okta answered 4xx/5xx with its error body (errorCode E0000xxx). */
export class OktaApiError extends OktaError {
  static override readonly code = 'OKTA_ERR_API';
  constructor(
    readonly status: number,
    readonly oktaCode: string,
    readonly summary: string,
    readonly causes: string[],
    readonly errorId?: string,
    readonly requestId?: string,
    /** A write answered 500/502/504: Okta may have applied it before failing. */
    readonly outcomeUnknown: boolean = false,
  ) {
    super(`${oktaCode}: ${summary}`);
  }
}

/** A lookup by id found nothing (a batch search without that id, or Okta's 404 E0000007). */
export class OktaNotFoundError extends OktaError {
  static override readonly code = 'OKTA_ERR_NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} not found: ${id}`);
  }
}

/** The rate-limit budget cannot serve the request before the caller's deadline (or Okta said 429). */
export class OktaRateLimitError extends OktaError {
  static override readonly code = 'OKTA_ERR_RATE_LIMITED';
  constructor(
    readonly bucket: string,
    /** When the bucket resets (ms since epoch). */
    readonly retryAt: number,
  ) {
    super(`Okta rate limit for ${bucket} is spent until ${new Date(retryAt).toISOString()}`);
  }
}

/** The request took longer than a connect, headers or body timeout, or passed its deadline. */
export class OktaTimeoutError extends OktaError {
  static override readonly code = 'OKTA_ERR_TIMEOUT';
  constructor(
    readonly phase: 'connect' | 'headers' | 'body' | 'deadline',
    /** A write that may have reached Okta: the caller cannot know whether it took effect. */
    readonly outcomeUnknown: boolean,
  ) {
    super(
      `Okta request timed out (${phase})${outcomeUnknown ? '; the write may or may not have been applied' : ''}`,
    );
  }
}

/** The connection failed (refused, reset, DNS). */
export class OktaNetworkError extends OktaError {
  static override readonly code = 'OKTA_ERR_NETWORK';
  constructor(
    readonly reason: string,
    readonly outcomeUnknown: boolean,
  ) {
    super(
      `Okta request failed: ${reason}${outcomeUnknown ? '; the write may or may not have been applied' : ''}`,
    );
  }
}

/** The gateway could not authenticate to Okta (token endpoint refused, invalid credential). */
export class OktaAuthError extends OktaError {
  static override readonly code = 'OKTA_ERR_AUTH';
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(`Okta authentication failed: ${reason}`);
  }
}

/**
 * A write to the Okta user the gateway itself acts as (the admin who owns its API token):
 * refused before any call. Okta revokes an API token when its admin is deactivated, so such a
 * write would cut the gateway off its org.
 */
export class OktaGatewayPrincipalError extends OktaError {
  static override readonly code = 'OKTA_ERR_GATEWAY_PRINCIPAL';
  constructor(readonly userId: string) {
    super(`User ${userId} is the Okta admin the gateway acts as; the gateway does not change it.`);
  }
}

/**
 * A value meant for an Okta URL path or search expression is not what Okta could accept there
 * (an id that is not 20 base62 characters, a login with `/`, an attribute name with spaces).
 * Thrown before any call, so that no value can address another Okta path or change the meaning
 * of an expression.
 */
export class OktaInvalidIdError extends OktaError {
  static override readonly code = 'OKTA_ERR_INVALID_ID';
  constructor(
    /** What the value should have named: `User`, `Group`, `login`, `attribute`, … */
    readonly kind: string,
    readonly value: string,
    /** What the value should look like, said instead of echoing it (it may be a secret). */
    expected?: string,
  ) {
    super(
      expected
        ? `Not a valid Okta ${kind}: expected ${expected}.`
        : `Not a valid Okta ${kind}: ${JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value)}`,
    );
  }
}
