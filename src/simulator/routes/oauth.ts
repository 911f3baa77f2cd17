import { randomBytes } from 'node:crypto';
import {
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { findClientApp, oauthPrincipal } from '../auth.ts';
import { DPOP_ERRORS, SIGNING_ALGORITHMS, verifyDpopProof } from '../dpop.ts';
import { OAuthSimError } from '../errors.ts';
import type { Route, SimContext, SimReply } from '../router.ts';
import type { AppRecord, Org } from '../store.ts';
import { actorOf, type LogTarget } from '../system-log.ts';

/**
 * The org authorization server's token endpoint, for OAuth service apps (client credentials
 * with a private_key_jwt client assertion, optionally DPoP-bound). docs/okta-behaviour.md §0.2.
 */

export const TOKEN_PATH = '/oauth2/v1/token';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta refuses a client assertion whose `exp` is more than an hour away. */
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;

/** Grant types Okta's token endpoint knows; anything else is `unsupported_grant_type`. */
const KNOWN_GRANT_TYPES = new Set([
  'authorization_code',
  'client_credentials',
  'implicit',
  'password',
  'refresh_token',
  'interaction_code',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange',
]);

/**
 * Okta's `error_description`s. Those marked [docs] are quoted in Okta support articles or SDK
 * issues; the others are [obs] wording, kept in one place so they are easy to correct.
 */
export const TOKEN_ERRORS = {
  notForm: 'The request body must be application/x-www-form-urlencoded.', // [obs]
  noGrantType: "The 'grant_type' parameter is required.", // [obs]
  unsupportedGrantType:
    'The authorization grant type is not supported by the authorization server.', // [obs]
  unauthorizedGrantType: (configured: string[]) =>
    `The client is not authorized to use the provided grant type. Configured grant types: [${configured.join(', ')}].`, // [obs]
  clientAuthFailed:
    'Client authentication failed. Either the client or the client credentials are invalid.', // [obs]
  assertionType: 'The client_assertion_type is invalid.', // [docs]
  unknownClient: "Invalid value for 'client_id' parameter.", // [obs]
  malformedAssertion: 'The client_assertion token is malformed.', // [obs]
  unsupportedAlgorithm: 'The client_assertion token is signed with an unsupported algorithm.', // [obs]
  invalidKid: 'The client_assertion JWT kid is invalid.', // [docs]
  invalidSignature: 'The client_assertion signature is invalid.', // [docs]
  jwksUnreachable: "The client's JSON Web Key Set could not be retrieved from its jwks_uri.", // [obs]
  issSub:
    "The client_assertion token must have matching 'iss' and 'sub' claims equal to the client_id.", // [obs]
  audience: 'The audience claim for client_assertion must be the endpoint invoked for the request.', // [docs]
  noExp: "The client_assertion token is missing the 'exp' claim.", // [obs]
  expired: 'The client_assertion token is expired.', // [obs]
  tooFarExp: 'The client_assertion token has an expiration too far into the future.', // [docs]
  notYetValid: 'The client_assertion token is not yet valid.', // [obs]
  replayedJti: "The client_assertion token's 'jti' claim has already been used.", // [obs]
  noScope:
    "The authorization server resource does not have any configured default scopes, 'scope' must be provided.", // [obs]
  scopeNotGranted: 'The requested scope is invalid, unknown, or malformed.', // [obs]
} as const;

const invalidClient = (description: string) =>
  new OAuthSimError(401, 'invalid_client', description);
const invalidRequest = (description: string) =>
  new OAuthSimError(400, 'invalid_request', description);

interface OAuthClientSettings {
  application_type?: string;
  grant_types?: string[];
  jwks?: { keys?: JWK[] };
  jwks_uri?: string;
  dpop_bound_access_tokens?: boolean;
}

function oauthClientCredentials(app: AppRecord): Record<string, unknown> | undefined {
  const credentials = app.body.credentials as { oauthClient?: Record<string, unknown> } | undefined;
  return credentials?.oauthClient;
}

function oauthClientSettings(app: AppRecord): OAuthClientSettings {
  const settings = app.body.settings as { oauthClient?: OAuthClientSettings } | undefined;
  return settings?.oauthClient ?? {};
}

/** The public keys a client may sign its assertions with; deactivated keys are left out. */
function registeredKeys(app: AppRecord): JWK[] {
  const keys = oauthClientSettings(app).jwks?.keys ?? [];
  return keys.filter((k) => (k as { status?: string }).status !== 'INACTIVE');
}

/** Remote key sets by URL, per org: jose caches each set's keys and refetches on an unknown kid. */
const remoteKeySets = new WeakMap<Org, Map<string, ReturnType<typeof createRemoteJWKSet>>>();

/**
 * Where the assertion's key comes from: the app's registered `jwks`, or else the keys Okta
 * fetches from its `jwks_uri`. With registered keys, Okta needs the kid to pick one as soon as
 * the app has more than one (support article "The client_assertion JWT kid is invalid").
 */
function assertionKeyResolver(org: Org, app: AppRecord, kid: string | undefined): JWTVerifyGetKey {
  const settings = oauthClientSettings(app);
  if (!settings.jwks && typeof settings.jwks_uri === 'string') {
    return remoteKeySet(org, settings.jwks_uri);
  }
  const keys = registeredKeys(app);
  if (kid === undefined ? keys.length !== 1 : !keys.some((k) => k.kid === kid)) {
    throw invalidClient(TOKEN_ERRORS.invalidKid);
  }
  return createLocalJWKSet({ keys });
}

function remoteKeySet(org: Org, uri: string): JWTVerifyGetKey {
  let sets = remoteKeySets.get(org);
  if (!sets) {
    sets = new Map();
    remoteKeySets.set(org, sets);
  }
  let set = sets.get(uri);
  if (!set) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw invalidClient(TOKEN_ERRORS.jwksUnreachable);
    }
    set = createRemoteJWKSet(url, { timeoutDuration: 5000 });
    sets.set(uri, set);
  }
  return set;
}

/** The org authorization server's signing key, made on first use: access tokens are JWTs. */
const signingKeys = new WeakMap<Org, Promise<{ privateKey: CryptoKey; kid: string }>>();

function signingKeyOf(org: Org): Promise<{ privateKey: CryptoKey; kid: string }> {
  let key = signingKeys.get(org);
  if (!key) {
    key = generateKeyPair('RS256').then(({ privateKey }) => ({
      privateKey,
      kid: randomBytes(32).toString('base64url').slice(0, 43),
    }));
    signingKeys.set(org, key);
  }
  return key;
}

function formField(body: Record<string, string>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Verify a private_key_jwt client assertion (RFC 7523 §3) against the app's registered keys.
 * Returns the app and the assertion's claims; the caller records its `jti` once the token is
 * issued.
 */
async function authenticateClient(
  org: Org,
  assertion: string,
): Promise<{ app: AppRecord; claims: JWTPayload }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    unverified = decodeJwt(assertion);
  } catch {
    throw invalidClient(TOKEN_ERRORS.malformedAssertion);
  }
  const clientId = unverified.sub ?? unverified.iss;
  if (typeof clientId !== 'string') throw invalidClient(TOKEN_ERRORS.issSub);
  const app = findClientApp(org, clientId);
  if (!app) throw invalidClient(TOKEN_ERRORS.unknownClient);
  if (app.status !== 'ACTIVE') throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  if (oauthClientCredentials(app)?.token_endpoint_auth_method !== 'private_key_jwt') {
    throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  }

  if (!SIGNING_ALGORITHMS.includes(header.alg as (typeof SIGNING_ALGORITHMS)[number])) {
    throw invalidClient(TOKEN_ERRORS.unsupportedAlgorithm);
  }
  const getKey = assertionKeyResolver(org, app, header.kid);

  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(assertion, getKey, {
      algorithms: [...SIGNING_ALGORITHMS],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalidClient(TOKEN_ERRORS.expired);
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      throw invalidClient(TOKEN_ERRORS.notYetValid);
    }
    if (
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys
    ) {
      throw invalidClient(TOKEN_ERRORS.invalidKid);
    }
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
      throw invalidClient(TOKEN_ERRORS.jwksUnreachable);
    }
    if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) {
      throw invalidClient(TOKEN_ERRORS.malformedAssertion);
    }
    if (error instanceof errors.JOSEError) throw invalidClient(TOKEN_ERRORS.invalidSignature);
    // A jwks_uri that cannot be fetched at all surfaces as fetch's own error.
    throw invalidClient(TOKEN_ERRORS.jwksUnreachable);
  }

  if (claims.iss !== clientId || claims.sub !== clientId) throw invalidClient(TOKEN_ERRORS.issSub);
  const tokenUrl = `${org.baseUrl}${TOKEN_PATH}`;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length !== 1 || audiences[0] !== tokenUrl) {
    throw invalidClient(TOKEN_ERRORS.audience);
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number') throw invalidClient(TOKEN_ERRORS.noExp);
  if (claims.exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) {
    throw invalidClient(TOKEN_ERRORS.tooFarExp);
  }
  if (claims.jti !== undefined) {
    purgeExpiredJtis(org);
    if (org.usedJtis.has(assertionJtiKey(clientId, claims.jti))) {
      throw invalidClient(TOKEN_ERRORS.replayedJti);
    }
  }
  return { app, claims };
}

const assertionJtiKey = (clientId: string, jti: string) => `assertion:${clientId}:${jti}`;

function purgeExpiredJtis(org: Org): void {
  const now = Date.now();
  for (const [key, expiresAt] of org.usedJtis) {
    if (expiresAt <= now) org.usedJtis.delete(key);
  }
}

/** A grant counts for the org authorization server when its issuer is the org itself. */
function grantedScopes(org: Org, app: AppRecord): Set<string> {
  const orgIssuer = org.baseUrl.replace(/\/$/, '');
  const scopes = new Set<string>();
  for (const grant of app.grants.values()) {
    if (grant.status === 'ACTIVE' && grant.issuer.replace(/\/$/, '') === orgIssuer) {
      scopes.add(grant.scopeId);
    }
  }
  return scopes;
}

async function tokenRequest(ctx: SimContext): Promise<SimReply> {
  const { org } = ctx;
  const contentType = String(ctx.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/x-www-form-urlencoded')) {
    throw invalidRequest(TOKEN_ERRORS.notForm);
  }
  const form = (ctx.body ?? {}) as Record<string, string>;

  const grantType = formField(form, 'grant_type');
  if (!grantType) throw invalidRequest(TOKEN_ERRORS.noGrantType);
  if (!KNOWN_GRANT_TYPES.has(grantType)) {
    throw new OAuthSimError(400, 'unsupported_grant_type', TOKEN_ERRORS.unsupportedGrantType);
  }

  const assertionType = formField(form, 'client_assertion_type');
  const assertion = formField(form, 'client_assertion');
  if (!assertionType && !assertion) throw invalidClient(TOKEN_ERRORS.clientAuthFailed);
  if (assertionType !== JWT_BEARER) throw invalidClient(TOKEN_ERRORS.assertionType);
  if (!assertion) throw invalidClient(TOKEN_ERRORS.malformedAssertion);
  const { app, claims } = await authenticateClient(org, assertion);
  const clientId = claims.sub as string;
  const formClientId = formField(form, 'client_id');
  if (formClientId !== undefined && formClientId !== clientId) {
    throw invalidClient(TOKEN_ERRORS.unknownClient);
  }

  const settings = oauthClientSettings(app);
  const configured = settings.grant_types ?? [];
  if (!configured.includes(grantType)) {
    throw new OAuthSimError(
      400,
      'unauthorized_client',
      TOKEN_ERRORS.unauthorizedGrantType(configured),
    );
  }
  // The simulator mints tokens for service apps only: the other grants need a user.
  if (grantType !== 'client_credentials') {
    throw new OAuthSimError(400, 'unsupported_grant_type', TOKEN_ERRORS.unsupportedGrantType);
  }

  const requested = [...new Set((formField(form, 'scope') ?? '').split(' ').filter(Boolean))];
  if (requested.length === 0) throw new OAuthSimError(400, 'invalid_scope', TOKEN_ERRORS.noScope);
  const granted = grantedScopes(org, app);
  if (requested.some((scope) => !granted.has(scope))) {
    throw new OAuthSimError(400, 'invalid_scope', TOKEN_ERRORS.scopeNotGranted);
  }

  // The SDK sends a DPoP proof with every token request; for an app that does not bind its
  // tokens Okta ignores it and answers with a Bearer token [obs: the SDK relies on it].
  let jkt: string | undefined;
  if (settings.dpop_bound_access_tokens === true || org.settings.requireDpop) {
    const proof = ctx.headers.dpop;
    if (typeof proof !== 'string' || proof === '') {
      throw new OAuthSimError(400, 'invalid_dpop_proof', DPOP_ERRORS.missing);
    }
    jkt = await verifyDpopProof(org, proof, { method: 'POST', url: ctx.url, requireNonce: true });
  }

  // The jti is spent only now: a client answering use_dpop_nonce may resend the same assertion
  // with its second proof (RFC 9449 §8 retries "the request"), and that must not count as replay.
  if (claims.jti !== undefined) {
    const expiresAt = (claims.exp as number) * 1000;
    org.usedJtis.set(assertionJtiKey(clientId, claims.jti), expiresAt);
  }
  return issueAccessToken(ctx, app, clientId, requested, jkt);
}

async function issueAccessToken(
  ctx: SimContext,
  app: AppRecord,
  clientId: string,
  scopes: string[],
  jkt: string | undefined,
): Promise<SimReply> {
  const { org } = ctx;
  const ttl = org.settings.accessTokenTtlSeconds;
  const issuedAt = Math.floor(Date.now() / 1000);
  const tokenId = `AT.${randomBytes(32).toString('base64url').slice(0, 43)}`;
  const { privateKey, kid } = await signingKeyOf(org);
  // The claim set of an org authorization server access token (`ver`, `cid`, `scp`, and
  // `cnf.jkt` when DPoP-bound).
  const accessToken = await new SignJWT({
    ver: 1,
    cid: clientId,
    scp: scopes,
    ...(jkt ? { cnf: { jkt } } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setJti(tokenId)
    .setIssuer(org.baseUrl)
    .setAudience(org.baseUrl)
    .setSubject(clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .sign(privateKey);

  const expiresAt = Date.now() + ttl * 1000;
  for (const [token, record] of org.accessTokens) {
    if (record.expiresAt <= Date.now()) org.accessTokens.delete(token);
  }
  org.accessTokens.set(accessToken, { clientId, scopes, expiresAt, ...(jkt ? { jkt } : {}) });

  const tokenTarget: LogTarget = {
    id: tokenId,
    type: 'access_token',
    alternateId: 'unknown',
    displayName: 'Access Token',
    detailEntry: {
      expires: new Date(expiresAt).toISOString(),
      subject: clientId,
      hash: tokenId,
    },
  };
  ctx.log({
    eventType: 'app.oauth2.as.token.grant.access_token',
    actor: actorOf(oauthPrincipal(app, clientId, scopes)),
    targets: [tokenTarget],
  });

  return {
    status: 200,
    body: {
      token_type: jkt ? 'DPoP' : 'Bearer',
      expires_in: ttl,
      access_token: accessToken,
      scope: scopes.join(' '),
    },
    // Token responses must not be cached (RFC 6749 §5.1).
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  };
}

export const oauthRoutes: Route[] = [
  { method: 'POST', path: TOKEN_PATH, auth: 'none', handler: tokenRequest },
];
