import { scopeGranted } from './okta-reference/scopes.ts';

/**
 * Who is calling the gateway and what their token lets them do, in Okta's own scope names. The
 * server's authentication makes a `Caller`; the schema's scope checks read it.
 */

/** Every scope the gateway's schema can require: what an unauthenticated demo caller gets. */
export const ALL_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.eventHooks.read',
  'okta.eventHooks.manage',
  'okta.logs.read',
  'okta.schemas.read',
  'okta.rateLimits.read',
  'okta.roles.read',
  'okta.roles.manage',
] as const;

/** A scope a field or mutation may require (the one Okta itself would require). */
export type OktaScope = (typeof ALL_SCOPES)[number];

/** Who is calling the gateway, and which Okta-style scopes their token grants. */
export interface Caller {
  /** The token's `sub`; null when caller authentication is off. */
  subject: string | null;
  /**
   * The OAuth client the token was issued to (`cid`, `client_id` or `azp`): who a service token
   * without a `sub` speaks for. Null or absent when unknown.
   */
  clientId?: string | null;
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  /** Whether the caller holds a scope; `okta.x.manage` also grants `okta.x.read`. */
  has(scope: string): boolean;
  /**
   * When the caller's token expires (ms since the epoch, from its `exp`): a subscription ends then
   * (TOKEN_EXPIRED). Null when caller authentication is off.
   */
  expiresAt: number | null;
}

export function callerWithScopes(
  subject: string | null,
  scopes: Iterable<string>,
  authenticated: boolean,
  expiresAt: number | null = null,
  clientId: string | null = null,
): Caller {
  const set = new Set(scopes);
  return {
    subject,
    clientId,
    authenticated,
    expiresAt,
    scopes: set,
    has: (scope) => scopeGranted(set, scope),
  };
}

/**
 * Whom the gateway's fair share of Okta's rate limit counts a caller's calls against: its token's
 * subject, or its client for a service token without one; null when nobody is authenticated
 * (then all requests are one caller, and a share of its own would only waste the budget).
 */
export function rateLimitKey(caller: Caller): string | null {
  if (!caller.authenticated) return null;
  return caller.subject ?? caller.clientId ?? null;
}
