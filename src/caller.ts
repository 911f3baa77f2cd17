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
] as const;

/** A scope a field or mutation may require (the one Okta itself would require). */
export type OktaScope = (typeof ALL_SCOPES)[number];

/** Who is calling the gateway, and which Okta-style scopes their token grants. */
export interface Caller {
  /** The token's `sub`; null when caller authentication is off. */
  subject: string | null;
  authenticated: boolean;
  scopes: ReadonlySet<string>;
  /** Whether the caller holds a scope; `okta.x.manage` also grants `okta.x.read`. */
  has(scope: string): boolean;
}

export function callerWithScopes(
  subject: string | null,
  scopes: Iterable<string>,
  authenticated: boolean,
): Caller {
  const set = new Set(scopes);
  return {
    subject,
    authenticated,
    scopes: set,
    has: (scope) => scopeGranted(set, scope),
  };
}
