import type { IncomingHttpHeaders } from 'node:http';
import { scopeGranted } from '../okta-reference/scopes.ts';
import { DPOP_ERRORS, SIGNING_ALGORITHMS, verifyDpopProof } from './dpop.ts';
import { OAuthSimError, oktaErrors } from './errors.ts';
import type { AppRecord, Org, Principal } from './store.ts';

type Scheme = 'Bearer' | 'DPoP';

/**
 * Okta's `WWW-Authenticate` challenge for an OAuth-protected management API call, as observed
 * on real orgs (okta-sdk-golang#145, terraform-provider-okta#2375):
 * `Bearer authorization_uri="…/oauth2/v1/authorize", realm="…", scope="okta.groups.read",
 * error="insufficient_scope", error_description="…", resource="/api/v1/groups/…"`; a DPoP
 * challenge starts with `DPoP algs="RS256 … ES512", `.
 */
function challenge(
  org: Org,
  scheme: Scheme,
  error: string,
  description: string,
  resource: string,
  scope?: string,
): string {
  const parts = [
    ...(scheme === 'DPoP' ? [`algs="${SIGNING_ALGORITHMS.join(' ')}"`] : []),
    `authorization_uri="${org.baseUrl}/oauth2/v1/authorize"`,
    `realm="${org.baseUrl}"`,
    ...(scope ? [`scope="${scope}"`] : []),
    `error="${error}"`,
    `error_description="${description}"`,
    `resource="${resource}"`,
  ];
  return `${scheme} ${parts.join(', ')}`;
}

/** Okta's descriptions in resource-server challenges ([obs] except insufficient_scope). */
export const CHALLENGE_DESCRIPTIONS = {
  invalidToken: 'The token is not valid.',
  bearerForDpopToken: 'The access token is DPoP-bound and must be sent with the DPoP scheme.',
  dpopForBearerToken: 'The access token is not DPoP-bound and must be sent with the Bearer scheme.',
  keyMismatch: 'The DPoP proof JWT key does not match the access token binding.',
  insufficientScope: 'The access token provided does not contain the required scopes.',
} as const;

/** An OIDC app's client id: `credentials.oauthClient.client_id` (Okta makes it the app id). */
export function clientIdOf(app: AppRecord): string | undefined {
  const credentials = app.body.credentials as { oauthClient?: { client_id?: unknown } } | undefined;
  const id = credentials?.oauthClient?.client_id;
  if (typeof id === 'string') return id;
  return app.signOnMode === 'OPENID_CONNECT' ? app.id : undefined;
}

export function findClientApp(org: Org, clientId: string): AppRecord | undefined {
  for (const app of org.apps.values()) {
    if (clientIdOf(app) === clientId) return app;
  }
  return undefined;
}

/** The caller behind a service app's access token: the System Log names the app. */
export function oauthPrincipal(
  app: AppRecord | undefined,
  clientId: string,
  scopes: readonly string[],
  tokenType?: Scheme,
): Principal {
  return {
    kind: 'oauth',
    id: clientId,
    displayName: app?.label ?? clientId,
    alternateId: clientId,
    scopes: new Set(scopes),
    ...(tokenType ? { tokenType } : {}),
  };
}

/**
 * Who is calling: `SSWS <api token>`, `Bearer <access token>`, or `DPoP <access token>` with a
 * `DPoP` proof (RFC 9449 §7). Throws Okta's 401 E0000011 for anything else, with the
 * `WWW-Authenticate` challenge Okta sends for OAuth tokens.
 */
export async function authenticate(
  org: Org,
  headers: IncomingHttpHeaders,
  method: string,
  url: URL,
): Promise<Principal> {
  const authorization = headers.authorization ?? '';
  const [scheme = '', ...rest] = authorization.split(' ');
  const credential = rest.join(' ').trim();
  const kind = scheme.toLowerCase();
  if (kind === 'ssws') {
    const principal = org.apiTokens.get(credential);
    if (principal) return principal;
    throw oktaErrors.invalidToken();
  }
  if (kind !== 'bearer' && kind !== 'dpop') throw oktaErrors.invalidToken();

  const presented: Scheme = kind === 'dpop' ? 'DPoP' : 'Bearer';
  const refuse = (as: Scheme, error: string, description: string) =>
    oktaErrors.invalidToken({
      'WWW-Authenticate': challenge(org, as, error, description, url.pathname),
    });

  const token = org.accessTokens.get(credential);
  if (!token) throw refuse(presented, 'invalid_token', CHALLENGE_DESCRIPTIONS.invalidToken);
  if (token.expiresAt <= Date.now()) {
    org.accessTokens.delete(credential);
    throw refuse(presented, 'invalid_token', CHALLENGE_DESCRIPTIONS.invalidToken);
  }
  // A deactivated or deleted service app can no longer call with the tokens it was given.
  const app = findClientApp(org, token.clientId);
  if (app?.status !== 'ACTIVE') {
    throw refuse(presented, 'invalid_token', CHALLENGE_DESCRIPTIONS.invalidToken);
  }

  if (token.jkt) {
    if (presented !== 'DPoP') {
      throw refuse('DPoP', 'invalid_token', CHALLENGE_DESCRIPTIONS.bearerForDpopToken);
    }
    const proof = headers.dpop;
    if (typeof proof !== 'string' || proof === '') {
      throw refuse('DPoP', 'invalid_dpop_proof', DPOP_ERRORS.missing);
    }
    let jkt: string;
    try {
      jkt = await verifyDpopProof(org, proof, {
        method,
        url,
        accessToken: credential,
        requireNonce: false,
      });
    } catch (error) {
      if (!(error instanceof OAuthSimError)) throw error;
      throw refuse('DPoP', 'invalid_dpop_proof', error.description);
    }
    if (jkt !== token.jkt) {
      throw refuse('DPoP', 'invalid_dpop_proof', CHALLENGE_DESCRIPTIONS.keyMismatch);
    }
  } else if (presented === 'DPoP') {
    throw refuse('Bearer', 'invalid_token', CHALLENGE_DESCRIPTIONS.dpopForBearerToken);
  }

  return oauthPrincipal(app, token.clientId, token.scopes, presented);
}

/**
 * Okta's 403 E0000006 for a token without the scope an operation needs, with the
 * `insufficient_scope` challenge naming the scope and the requested path. `.manage` implies
 * `.read`. API tokens (SSWS) carry every scope.
 */
export function requireScope(org: Org, principal: Principal, scope: string, resource = ''): void {
  if (!principal.scopes) return;
  if (scopeGranted(principal.scopes, scope)) return;
  throw oktaErrors.forbidden({
    'WWW-Authenticate': challenge(
      org,
      principal.tokenType ?? 'Bearer',
      'insufficient_scope',
      CHALLENGE_DESCRIPTIONS.insufficientScope,
      resource,
      scope,
    ),
  });
}
