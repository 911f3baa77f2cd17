import type { IncomingHttpHeaders } from 'node:http';
import { verifyDpopProof } from './dpop.ts';
import { OAuthSimError, OktaSimError, oktaErrors } from './errors.ts';
import type { Org, Principal } from './store.ts';

const bearerChallenge = (org: Org, error: string, description: string, scope?: string) =>
  `Bearer authorization_uri="${org.baseUrl}/oauth2/v1/authorize", realm="${org.baseUrl}", ` +
  `scope="${scope ?? ''}", error="${error}", error_description="${description}", resource="${org.baseUrl}"`;

/**
 * Who is calling: `SSWS <api token>`, `Bearer <access token>`, or `DPoP <access token>` with a
 * `DPoP` proof. Throws Okta's 401 for anything else.
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
  if (kind === 'bearer' || kind === 'dpop') {
    const token = org.accessTokens.get(credential);
    const invalid = () =>
      oktaErrors.invalidToken({
        'WWW-Authenticate': bearerChallenge(org, 'invalid_token', 'The token is not valid.'),
      });
    if (!token) throw invalid();
    if (token.expiresAt <= Date.now()) {
      org.accessTokens.delete(credential);
      throw invalid();
    }
    if (token.jkt) {
      const proof = headers.dpop;
      if (kind !== 'dpop' || typeof proof !== 'string') {
        throw new OktaSimError(400, 'E0000011', 'Invalid token provided', [], {
          'WWW-Authenticate': `DPoP error="invalid_dpop_proof", error_description="DPoP proof required"`,
        });
      }
      try {
        const jkt = await verifyDpopProof(org, proof, {
          method,
          url,
          accessToken: credential,
          requireNonce: false,
        });
        if (jkt !== token.jkt) throw new OAuthSimError(400, 'invalid_dpop_proof', 'key mismatch');
      } catch (error) {
        const description = error instanceof OAuthSimError ? error.description : 'invalid proof';
        throw oktaErrors.invalidToken({
          'WWW-Authenticate': `DPoP error="invalid_dpop_proof", error_description="${description}"`,
        });
      }
    } else if (kind === 'dpop') {
      throw invalid();
    }
    const app = [...org.apps.values()].find(
      (a) =>
        (a.body.credentials as { oauthClient?: { client_id?: string } } | undefined)?.oauthClient
          ?.client_id === token.clientId,
    );
    return {
      kind: 'oauth',
      id: token.clientId,
      displayName: app?.label ?? token.clientId,
      alternateId: token.clientId,
      scopes: new Set(token.scopes),
    };
  }
  throw oktaErrors.invalidToken();
}

/** Okta's 403 for a token without the scope an operation needs. `.manage` implies `.read`. */
export function requireScope(org: Org, principal: Principal, scope: string): void {
  if (!principal.scopes) return;
  if (principal.scopes.has(scope)) return;
  if (scope.endsWith('.read') && principal.scopes.has(scope.replace(/\.read$/, '.manage'))) return;
  throw oktaErrors.forbidden({
    'WWW-Authenticate': bearerChallenge(
      org,
      'insufficient_scope',
      'The access token provided does not contain the required scopes.',
      scope,
    ),
  });
}
