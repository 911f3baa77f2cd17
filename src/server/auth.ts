import {
  createRemoteJWKSet,
  customFetch,
  type JWTPayload,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { fetch as undiciFetch } from 'undici';
import { ALL_SCOPES, type Caller, callerWithScopes } from '../caller.ts';
import type { CallerAuthConfig } from '../config.ts';

/** Why a caller was refused: always a 401 with a `WWW-Authenticate` challenge, never the token. */
export class CallerAuthError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CallerAuthError';
  }

  get challenge(): string {
    return `Bearer error="invalid_token", error_description="${this.reason}"`;
  }
}

function scopesOf(payload: JWTPayload): string[] {
  const scp = payload.scp;
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  if (typeof scp === 'string') return scp.split(' ').filter(Boolean);
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean);
  return [];
}

/**
 * Verifies callers' bearer tokens: signature against the issuer's JWKS (cached, refetched when
 * an unknown `kid` appears, i.e. on key rotation), algorithm allow-list, iss, aud, exp, nbf, with
 * a small clock tolerance.
 */
export function createCallerAuthenticator(
  config: CallerAuthConfig,
  options: {
    /** Keys to verify with instead of the remote JWKS. */
    keys?: JWTVerifyGetKey;
    /** How soon after a JWKS fetch an unknown `kid` may trigger another (abuse guard). */
    jwksCooldownMs?: number;
  } = {},
): (authorization: string | null) => Promise<Caller> {
  const { keys } = options;
  if (config.mode === 'none') {
    const everyone = callerWithScopes(null, ALL_SCOPES, false);
    return async () => everyone;
  }
  if (!config.issuer || !config.audience || !(config.jwksUrl || keys)) {
    throw new Error('caller authentication needs an issuer, an audience and a JWKS URL');
  }
  const jwks =
    keys ??
    createRemoteJWKSet(new URL(config.jwksUrl as string), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      timeoutDuration: 5_000,
      [customFetch]: undiciFetch as unknown as typeof fetch,
    });
  const { issuer, audience, algorithms, clockToleranceSeconds } = config;

  return async (authorization) => {
    if (!authorization) throw new CallerAuthError('a bearer token is required');
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(authorization.trim());
    if (!match) throw new CallerAuthError('the Authorization header must be "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(match[1] as string, jwks, {
        issuer,
        audience,
        algorithms,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      // `exp` is required above; a subscription of this caller ends when it passes.
      const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : null;
      return callerWithScopes(
        payload.sub ?? null,
        scopesOf(payload),
        true,
        expiresAt,
        clientIdOf(payload),
      );
    } catch (error) {
      throw new CallerAuthError(describe(error));
    }
  };
}

/** Okta's `cid`, RFC 9068's `client_id`, or OIDC's `azp`. */
function clientIdOf(payload: JWTPayload): string | null {
  for (const claim of [payload.cid, payload.client_id, payload.azp]) {
    if (typeof claim === 'string' && claim !== '') return claim;
  }
  return null;
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return `the token's ${error.claim} claim is not accepted`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm that is not allowed';
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'the token is signed with an unknown key';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'the token signature is invalid';
  if (error instanceof joseErrors.JWKSTimeout)
    return 'the signing keys could not be fetched in time';
  return 'the token is not valid';
}
