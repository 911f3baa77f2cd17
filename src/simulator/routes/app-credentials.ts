/**
 * An OAuth 2.0 client app's credentials and settings: grant types, token endpoint auth methods,
 * the client id and secret, and the public keys (JWKS) of a private_key_jwt client.
 */
import { oktaErrors } from '../errors.ts';
import type { AppRecord, Org } from '../store.ts';
import { blank, isObject, type Json, objectAt } from './body.ts';

const GRANT_TYPES = new Set([
  'authorization_code',
  'client_credentials',
  'implicit',
  'interaction_code',
  'password',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:openid:params:grant-type:ciba',
  'urn:okta:params:oauth:grant-type:otp',
  'urn:okta:params:oauth:grant-type:oob',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-oob',
]);
const APPLICATION_TYPES = new Set(['browser', 'native', 'service', 'web']);
const AUTH_METHODS = new Set([
  'client_secret_basic',
  'client_secret_jwt',
  'client_secret_post',
  'none',
  'private_key_jwt',
]);
const SECRET_AUTH_METHODS = new Set([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
]);
/** JWK members that only a private (or symmetric) key has (RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const CLIENT_ID = /^[A-Za-z0-9$\-_.+!*'(),]{6,100}$/;

const jwksError = (cause: string) => oktaErrors.validation('jwks', [`jwks: ${cause}`]);

/**
 * The client's public keys as Okta keeps them: each key checked (RSA or EC, public members only,
 * distinct `kid`s) and given the id, status and timestamps of the spec's key response. Keys the
 * app already had (same `kid`) keep their id and `created`.
 */
function registerJwks(org: Org, jwks: unknown, previous: unknown): Json {
  if (!isObject(jwks) || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw jwksError('The JSON Web Key Set must contain at least one key.');
  }
  const earlier = new Map<string, Json>();
  const previousKeys = objectAt(previous).keys;
  for (const key of Array.isArray(previousKeys) ? previousKeys : []) {
    if (isObject(key) && typeof key.kid === 'string') earlier.set(key.kid, key);
  }
  const kids = new Set<string>();
  const now = org.now();
  const keys = jwks.keys.map((key: unknown) => {
    if (!isObject(key)) throw jwksError('Each key must be a JSON object.');
    const privateMember = PRIVATE_JWK_MEMBERS.find((m) => m in key);
    if (privateMember !== undefined) {
      throw jwksError(
        `The key must be a public key; it has the private member '${privateMember}'.`,
      );
    }
    if (key.kty === 'RSA') {
      if (typeof key.n !== 'string' || typeof key.e !== 'string') {
        throw jwksError('An RSA key needs its modulus (n) and exponent (e).');
      }
    } else if (key.kty === 'EC') {
      if (
        !EC_CURVES.has(String(key.crv)) ||
        typeof key.x !== 'string' ||
        typeof key.y !== 'string'
      ) {
        throw jwksError('An EC key needs a curve (P-256, P-384 or P-521) and its x and y.');
      }
    } else {
      throw jwksError(`Unsupported key type '${String(key.kty)}': use RSA or EC.`);
    }
    if (key.kid !== undefined && key.kid !== null) {
      if (typeof key.kid !== 'string') throw jwksError('kid must be a string.');
      if (kids.has(key.kid)) throw jwksError(`Duplicate kid '${key.kid}'.`);
      kids.add(key.kid);
    }
    if (key.status !== undefined && key.status !== 'ACTIVE' && key.status !== 'INACTIVE') {
      throw jwksError('status must be ACTIVE or INACTIVE.');
    }
    const before = typeof key.kid === 'string' ? earlier.get(key.kid) : undefined;
    return {
      ...key,
      // A signing key says so: an RSA key without `use` reads as an encryption key too.
      ...(key.kty === 'RSA' && key.use === undefined ? { use: 'sig' } : {}),
      id: typeof before?.id === 'string' ? before.id : org.prng.id('pks'),
      status: key.status ?? 'ACTIVE',
      created: typeof before?.created === 'string' ? before.created : now,
      lastUpdated: now,
    };
  });
  return { keys };
}

/**
 * `credentials.oauthClient` and `settings.oauthClient` of an OIDC app. The client id is the app
 * id unless the caller chose one; clients that authenticate with a secret get one minted.
 */
export function oauthClientOf(
  org: Org,
  appId: string,
  body: Json,
  existing: AppRecord | undefined,
): { credentials: Json; settings: Json } {
  const credentials = objectAt(objectAt(body.credentials).oauthClient);
  const settings = objectAt(objectAt(body.settings).oauthClient);
  const before = existing ? objectAt(objectAt(existing.body.credentials).oauthClient) : {};
  const beforeSettings = existing ? objectAt(objectAt(existing.body.settings).oauthClient) : {};

  const grantTypes = settings.grant_types;
  if (!Array.isArray(grantTypes) || grantTypes.length === 0) {
    throw blank('settings.oauthClient.grant_types');
  }
  for (const grant of grantTypes) {
    if (typeof grant !== 'string' || !GRANT_TYPES.has(grant)) {
      throw oktaErrors.validation('grant_types', [
        `grant_types: '${String(grant)}' is not a supported grant type`,
      ]);
    }
  }
  const applicationType = settings.application_type ?? 'web';
  if (typeof applicationType !== 'string' || !APPLICATION_TYPES.has(applicationType)) {
    throw oktaErrors.validation('application_type', [
      'application_type: Must be one of browser, native, service, web',
    ]);
  }
  if (applicationType === 'service' && grantTypes.some((g) => g !== 'client_credentials')) {
    throw oktaErrors.validation('grant_types', [
      'grant_types: A service application only supports the client_credentials grant type',
    ]);
  }
  const redirected = grantTypes.some((g) => g === 'authorization_code' || g === 'implicit');
  if (
    redirected &&
    (!Array.isArray(settings.redirect_uris) || settings.redirect_uris.length === 0)
  ) {
    throw blank('redirect_uris');
  }

  // A replace that leaves the method out keeps the client's; a new client defaults as Okta does.
  const method =
    credentials.token_endpoint_auth_method ??
    before.token_endpoint_auth_method ??
    'client_secret_basic';
  if (typeof method !== 'string' || !AUTH_METHODS.has(method)) {
    throw oktaErrors.validation('token_endpoint_auth_method', [
      `token_endpoint_auth_method: '${String(method)}' is not supported`,
    ]);
  }
  if (method === 'none' && applicationType === 'service') {
    throw oktaErrors.validation('token_endpoint_auth_method', [
      'token_endpoint_auth_method: A service application must authenticate',
    ]);
  }

  const clientId = before.client_id ?? credentials.client_id ?? appId;
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId) || clientId === 'ALL_CLIENTS') {
    throw oktaErrors.validation('client_id', ['client_id: Invalid client_id']);
  }
  if (!existing) {
    for (const other of org.apps.values()) {
      if (objectAt(objectAt(other.body.credentials).oauthClient).client_id === clientId) {
        throw oktaErrors.validation('client_id', [
          'client_id: An object with this field already exists in the current organization',
        ]);
      }
    }
  }

  const outSettings: Json = { ...settings, application_type: applicationType };
  if (settings.jwks !== undefined && settings.jwks !== null) {
    outSettings.jwks = registerJwks(org, settings.jwks, beforeSettings.jwks);
  }
  if (method === 'private_key_jwt' && !outSettings.jwks && typeof settings.jwks_uri !== 'string') {
    throw jwksError('A client that authenticates with private_key_jwt needs jwks or jwks_uri.');
  }

  const outCredentials: Json = {
    autoKeyRotation: credentials.autoKeyRotation ?? before.autoKeyRotation ?? true,
    client_id: clientId,
    token_endpoint_auth_method: method,
  };
  if (SECRET_AUTH_METHODS.has(method)) {
    const secret = credentials.client_secret ?? before.client_secret ?? org.prng.chars(64);
    if (typeof secret !== 'string' || secret.length < 14 || secret.length > 100) {
      throw oktaErrors.validation('client_secret', [
        'client_secret: Must be between 14 and 100 characters',
      ]);
    }
    outCredentials.client_secret = secret;
  }
  if (credentials.pkce_required !== undefined)
    outCredentials.pkce_required = credentials.pkce_required;
  else if (applicationType === 'browser' || applicationType === 'native') {
    outCredentials.pkce_required = true;
  }
  return { credentials: outCredentials, settings: outSettings };
}
