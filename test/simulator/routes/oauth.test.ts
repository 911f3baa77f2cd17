import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  base64url,
  type CryptoKey,
  calculateJwkThumbprint,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { registerServiceApp as registerApp, type ServiceApp } from '../../support/service-app.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256' = 'ES256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

async function registerServiceApp(
  h: SimHarness,
  keys: SigningKey[],
  scopes: string[],
  options: { dpop?: boolean; grantTypes?: string[]; jwksUri?: string } = {},
): Promise<ServiceApp> {
  return registerApp(h, { publicJwks: keys.map((k) => k.publicJwk), scopes, ...options });
}

interface AssertionOptions {
  claims?: Record<string, unknown>;
  kid?: string | null;
  /** Seconds from now. */
  exp?: number | null;
  iss?: string;
  sub?: string;
  aud?: string;
  jti?: string;
}

function clientAssertion(
  h: SimHarness,
  app: ServiceApp,
  key: SigningKey,
  options: AssertionOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header =
    options.kid === null ? { alg: key.alg } : { alg: key.alg, kid: options.kid ?? key.kid };
  const jwt = new SignJWT({ ...options.claims })
    .setProtectedHeader(header)
    .setIssuer(options.iss ?? app.clientId)
    .setSubject(options.sub ?? app.clientId)
    .setAudience(options.aud ?? `${h.sim.url}/oauth2/v1/token`)
    .setIssuedAt(now)
    .setJti(options.jti ?? randomUUID());
  if (options.exp !== null) jwt.setExpirationTime(now + (options.exp ?? 300));
  return jwt.sign(key.privateKey);
}

interface TokenAnswer {
  status: number;
  body: Record<string, string | number>;
  headers: Headers;
}

async function requestToken(
  h: SimHarness,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<TokenAnswer> {
  const res = await fetch(`${h.sim.url}/oauth2/v1/token`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

async function clientCredentials(
  h: SimHarness,
  app: ServiceApp,
  key: SigningKey,
  scope: string,
  options: AssertionOptions & { dpop?: string; grantType?: string } = {},
): Promise<TokenAnswer> {
  return requestToken(
    h,
    {
      grant_type: options.grantType ?? 'client_credentials',
      scope,
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(h, app, key, options),
    },
    options.dpop ? { DPoP: options.dpop } : {},
  );
}

/** A DPoP proof (RFC 9449 §4.2) signed with `key`, for `method` and `url`. */
async function dpopProof(
  key: SigningKey,
  method: string,
  url: string,
  extra: { nonce?: string; accessToken?: string; iat?: number; jti?: string } = {},
): Promise<string> {
  const payload: Record<string, unknown> = {
    htm: method,
    htu: url,
    iat: extra.iat ?? Math.floor(Date.now() / 1000),
    jti: extra.jti ?? randomUUID(),
  };
  if (extra.nonce) payload.nonce = extra.nonce;
  if (extra.accessToken) {
    payload.ath = base64url.encode(createHash('sha256').update(extra.accessToken).digest());
  }
  const { kid: _kid, use: _use, ...jwk } = key.publicJwk;
  return new SignJWT(payload)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk })
    .sign(key.privateKey);
}

const oauthError = (error: string, error_description: string) => ({ error, error_description });

describe('POST /oauth2/v1/token with a private_key_jwt client assertion', () => {
  const h = useSimulator({ size: 'empty' });
  let key: SigningKey;
  let otherKey: SigningKey;
  let app: ServiceApp;

  it('issues a Bearer access token carrying the requested granted scopes', async () => {
    key = await signingKey('key-1', 'RS256');
    otherKey = await signingKey('key-2');
    app = await registerServiceApp(h, [key], ['okta.users.read', 'okta.groups.manage']);

    const res = await clientCredentials(h, app, key, 'okta.users.read okta.groups.manage');

    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: expect.any(String),
      scope: 'okta.users.read okta.groups.manage',
    });
    const claims = decodeJwt(String(res.body.access_token));
    expect(claims).toMatchObject({
      ver: 1,
      iss: h.sim.url,
      aud: h.sim.url,
      sub: app.clientId,
      cid: app.clientId,
      scp: ['okta.users.read', 'okta.groups.manage'],
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('grants only the scopes asked for, not every scope the app holds', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read');
    expect(res.body.scope).toBe('okta.users.read');
  });

  it('writes app.oauth2.as.token.grant.access_token with the service app as actor', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read');
    const tokenId = decodeJwt(String(res.body.access_token)).jti;
    const event = h.sim.org.log.at(-1)?.event as Record<string, unknown>;
    expect(event.eventType).toBe('app.oauth2.as.token.grant.access_token');
    expect(event.actor).toMatchObject({ id: app.clientId, type: 'PublicClientApp' });
    expect(event.target).toEqual([
      expect.objectContaining({ id: tokenId, type: 'access_token', displayName: 'Access Token' }),
    ]);
  });

  it('refuses an assertion signed by a key the app did not register', async () => {
    const forged = await signingKey(key.kid, key.alg);
    const res = await clientCredentials(h, app, forged, 'okta.users.read');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError('invalid_client', 'The client_assertion signature is invalid.'),
    );
  });

  it('refuses an assertion whose kid names no registered key', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { kid: 'unknown-kid' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError('invalid_client', 'The client_assertion JWT kid is invalid.'),
    );
  });

  it('accepts an assertion without kid when the app has a single key', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { kid: null });
    expect(res.status).toBe(200);
  });

  it('refuses an assertion whose audience is not the token endpoint', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      aud: `${h.sim.url}/oauth2/default/v1/token`,
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError(
        'invalid_client',
        'The audience claim for client_assertion must be the endpoint invoked for the request.',
      ),
    );
  });

  it('refuses an assertion whose iss differs from its sub', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { iss: 'someone-else' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.body.error_description).toMatch(/'iss' and 'sub'/);
  });

  it('refuses an assertion that expires more than an hour from now', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { exp: 3600 + 60 });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError(
        'invalid_client',
        'The client_assertion token has an expiration too far into the future.',
      ),
    );
  });

  it('refuses an expired assertion', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { exp: -60 });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError('invalid_client', 'The client_assertion token is expired.'),
    );
  });

  it('refuses an assertion without exp', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { exp: null });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.body.error_description).toMatch(/'exp'/);
  });

  it('refuses a replayed assertion jti', async () => {
    const assertion = await clientAssertion(h, app, key, { jti: 'replayed-once' });
    const form = {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    };
    expect((await requestToken(h, form)).status).toBe(200);
    const replay = await requestToken(h, form);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe('invalid_client');
    expect(replay.body.error_description).toMatch(/'jti'/);
  });

  it('refuses an assertion signed with HS256', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .setIssuer(app.clientId)
      .setSubject(app.clientId)
      .setAudience(`${h.sim.url}/oauth2/v1/token`)
      .setExpirationTime('5m')
      .sign(secret);
    const res = await requestToken(h, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion,
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refuses an assertion for an unknown client', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      iss: '0oaUnknownClient00000',
      sub: '0oaUnknownClient00000',
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError('invalid_client', "Invalid value for 'client_id' parameter."),
    );
  });

  it('refuses a request without client authentication', async () => {
    const res = await requestToken(h, {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('refuses a scope that was not granted to the app with invalid_scope', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read okta.users.manage');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('refuses a request without scope with invalid_scope', async () => {
    const res = await clientCredentials(h, app, key, '');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('refuses a grant type Okta does not know with unsupported_grant_type', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      grantType: 'urn:example:grant',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      oauthError(
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      ),
    );
  });

  it('refuses a grant type the app is not configured for with unauthorized_client', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read', { grantType: 'password' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      oauthError(
        'unauthorized_client',
        'The client is not authorized to use the provided grant type. Configured grant types: [client_credentials].',
      ),
    );
  });

  it('refuses a JSON body with invalid_request', async () => {
    const res = await fetch(`${h.sim.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_request');
  });

  it('requires a kid once the app has two keys', async () => {
    const twoKeys = await registerServiceApp(h, [key, otherKey], ['okta.users.read']);
    const res = await clientCredentials(h, twoKeys, otherKey, 'okta.users.read', { kid: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError('invalid_client', 'The client_assertion JWT kid is invalid.'),
    );
  });

  it('picks the key named by kid among several', async () => {
    const twoKeys = await registerServiceApp(h, [key, otherKey], ['okta.users.read']);
    const res = await clientCredentials(h, twoKeys, otherKey, 'okta.users.read');
    expect(res.status).toBe(200);
  });

  it("verifies an assertion against the keys published at the app's jwks_uri", async () => {
    const published = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [otherKey.publicJwk] }));
    });
    await new Promise<void>((resolve) => published.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = published.address() as AddressInfo;
      const remote = await registerServiceApp(h, [], ['okta.users.read'], {
        jwksUri: `http://127.0.0.1:${port}/jwks.json`,
      });
      const res = await clientCredentials(h, remote, otherKey, 'okta.users.read');
      expect(res.status).toBe(200);
    } finally {
      await new Promise((resolve) => published.close(resolve));
    }
  });

  it('refuses the assertion when the jwks_uri cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const remote = await registerServiceApp(h, [], ['okta.users.read'], {
      jwksUri: `http://127.0.0.1:${port}/jwks.json`,
    });
    const res = await clientCredentials(h, remote, otherKey, 'okta.users.read');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      oauthError(
        'invalid_client',
        "The client's JSON Web Key Set could not be retrieved from its jwks_uri.",
      ),
    );
  });

  it('refuses a deactivated app with invalid_client', async () => {
    const inactive = await registerServiceApp(h, [key], ['okta.users.read']);
    const deactivated = await h.api('POST', `/api/v1/apps/${inactive.id}/lifecycle/deactivate`);
    expect(deactivated.status).toBe(200);
    const res = await clientCredentials(h, inactive, key, 'okta.users.read');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });
});

describe('calling the management API with an access token', () => {
  const h = useSimulator({ size: 'empty' });
  let key: SigningKey;
  let app: ServiceApp;
  let token: string;

  async function issue(scope: string): Promise<string> {
    const res = await clientCredentials(h, app, key, scope);
    expect(res.status).toBe(200);
    return String(res.body.access_token);
  }

  it('lists users with a token holding okta.users.read', async () => {
    key = await signingKey('api-key');
    app = await registerServiceApp(h, [key], ['okta.users.read', 'okta.groups.manage']);
    token = await issue('okta.users.read');
    const res = await h.api('GET', '/api/v1/users', { auth: `Bearer ${token}` });
    expect(res.status).toBe(200);
  });

  it('answers 403 E0000006 with an insufficient_scope challenge when the scope is missing', async () => {
    const res = await h.api<{ errorCode: string }>('GET', '/api/v1/groups', {
      auth: `Bearer ${token}`,
    });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="${h.sim.url}/oauth2/v1/authorize", realm="${h.sim.url}", ` +
        'scope="okta.groups.read", error="insufficient_scope", ' +
        'error_description="The access token provided does not contain the required scopes.", ' +
        'resource="/api/v1/groups"',
    );
  });

  it('lets a .manage scope stand for its .read scope', async () => {
    const manage = await issue('okta.groups.manage');
    const res = await h.api('GET', '/api/v1/groups', { auth: `Bearer ${manage}` });
    expect(res.status).toBe(200);
  });

  it('answers 401 E0000011 with an invalid_token challenge for an unknown token', async () => {
    const res = await h.api<{ errorCode: string }>('GET', '/api/v1/users', {
      auth: 'Bearer not-a-token-this-org-issued',
    });
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="${h.sim.url}/oauth2/v1/authorize", realm="${h.sim.url}", ` +
        'error="invalid_token", error_description="The token is not valid.", ' +
        'resource="/api/v1/users"',
    );
  });

  it('refuses a Bearer token presented with the DPoP scheme', async () => {
    const res = await h.api<{ errorCode: string }>('GET', '/api/v1/users', {
      auth: `DPoP ${token}`,
    });
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
  });

  it('stops honouring the tokens of an app once it is deactivated', async () => {
    const deactivated = await h.api('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`);
    expect(deactivated.status).toBe(200);
    const res = await h.api('GET', '/api/v1/users', { auth: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });
});

describe('access token lifetime', () => {
  const h = useSimulator({ size: 'empty', accessTokenTtlSeconds: 1 });

  it('answers 401 E0000011 with an invalid_token challenge once the token expired', async () => {
    const key = await signingKey('ttl-key');
    const app = await registerServiceApp(h, [key], ['okta.users.read']);
    const issued = await clientCredentials(h, app, key, 'okta.users.read');
    expect(issued.body.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));

    const res = await h.api<{ errorCode: string }>('GET', '/api/v1/users', {
      auth: `Bearer ${issued.body.access_token}`,
    });
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('DPoP-bound access tokens', () => {
  const h = useSimulator({ size: 'empty' });
  let key: SigningKey;
  let dpopKey: SigningKey;
  let app: ServiceApp;
  let token: string;
  const tokenUrl = () => `${h.sim.url}/oauth2/v1/token`;
  const usersUrl = () => `${h.sim.url}/api/v1/users`;

  async function callUsers(headers: Record<string, string>) {
    return h.api<{ errorCode: string }>('GET', '/api/v1/users', {
      auth: headers.Authorization ?? null,
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'Authorization')),
    });
  }

  it('answers a proof without nonce with use_dpop_nonce and a DPoP-Nonce header', async () => {
    key = await signingKey('dpop-app-key');
    dpopKey = await signingKey('dpop-proof-key');
    app = await registerServiceApp(h, [key], ['okta.users.read'], { dpop: true });

    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      dpop: await dpopProof(dpopKey, 'POST', tokenUrl()),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      oauthError('use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.'),
    );
    expect(res.headers.get('dpop-nonce')).toMatch(/^[\w-]{20,}$/);
  });

  it('issues a DPoP token bound to the proof key once the proof carries the nonce', async () => {
    const first = await clientCredentials(h, app, key, 'okta.users.read', {
      dpop: await dpopProof(dpopKey, 'POST', tokenUrl()),
    });
    const nonce = String(first.headers.get('dpop-nonce'));
    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      dpop: await dpopProof(dpopKey, 'POST', tokenUrl(), { nonce }),
    });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('DPoP');
    token = String(res.body.access_token);
    expect(decodeJwt(token).cnf).toEqual({ jkt: await calculateJwkThumbprint(dpopKey.publicJwk) });
  });

  it('accepts the assertion of a use_dpop_nonce answer again with the nonce proof', async () => {
    const form = {
      grant_type: 'client_credentials',
      scope: 'okta.users.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(h, app, key, { jti: 'sent-twice-for-dpop' }),
    };
    const first = await requestToken(h, form, {
      DPoP: await dpopProof(dpopKey, 'POST', tokenUrl()),
    });
    expect(first.body.error).toBe('use_dpop_nonce');
    const nonce = String(first.headers.get('dpop-nonce'));
    const second = await requestToken(h, form, {
      DPoP: await dpopProof(dpopKey, 'POST', tokenUrl(), { nonce }),
    });
    expect(second.status).toBe(200);
  });

  it('refuses a token request of a DPoP-bound app that has no DPoP header', async () => {
    const res = await clientCredentials(h, app, key, 'okta.users.read');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_dpop_proof');
  });

  it('answers a stale nonce with a fresh use_dpop_nonce', async () => {
    h.sim.org.settings.dpopNonceTtlSeconds = 0;
    try {
      const first = await clientCredentials(h, app, key, 'okta.users.read', {
        dpop: await dpopProof(dpopKey, 'POST', tokenUrl()),
      });
      const stale = String(first.headers.get('dpop-nonce'));
      const res = await clientCredentials(h, app, key, 'okta.users.read', {
        dpop: await dpopProof(dpopKey, 'POST', tokenUrl(), { nonce: stale }),
      });
      expect(res.body.error).toBe('use_dpop_nonce');
      expect(res.headers.get('dpop-nonce')).not.toBe(stale);
    } finally {
      h.sim.org.settings.dpopNonceTtlSeconds = 300;
    }
  });

  it('accepts an API call with the DPoP scheme and a proof bound to the token', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(dpopKey, 'GET', usersUrl(), { accessToken: token }),
    });
    expect(res.status).toBe(200);
  });

  it('ignores the query string when matching htu', async () => {
    const res = await h.api('GET', '/api/v1/users?limit=5', {
      auth: `DPoP ${token}`,
      headers: { DPoP: await dpopProof(dpopKey, 'GET', usersUrl(), { accessToken: token }) },
    });
    expect(res.status).toBe(200);
  });

  it('refuses a DPoP-bound token sent without a proof', async () => {
    const res = await callUsers({ Authorization: `DPoP ${token}` });
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
    expect(res.headers.get('www-authenticate')).toMatch(
      /^DPoP algs="RS256 RS384 RS512 ES256 ES384 ES512", .*error="invalid_dpop_proof"/,
    );
  });

  it('refuses a DPoP-bound token sent with the Bearer scheme', async () => {
    const res = await callUsers({
      Authorization: `Bearer ${token}`,
      DPoP: await dpopProof(dpopKey, 'GET', usersUrl(), { accessToken: token }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('refuses a proof made for another URL', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(dpopKey, 'GET', `${h.sim.url}/api/v1/groups`, { accessToken: token }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      `error_description="The DPoP proof JWT 'htu' claim does not match the URL of the request."`,
    );
  });

  it('refuses a proof made for another method', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(dpopKey, 'POST', usersUrl(), { accessToken: token }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain("'htm' claim");
  });

  it('refuses a proof without the access token hash', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(dpopKey, 'GET', usersUrl()),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain("'ath' claim");
  });

  it('refuses a proof signed by a key other than the one the token is bound to', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(key, 'GET', usersUrl(), { accessToken: token }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain(
      'does not match the access token binding',
    );
  });

  it('refuses a proof whose jti was already used', async () => {
    const proof = await dpopProof(dpopKey, 'GET', usersUrl(), { accessToken: token });
    expect((await callUsers({ Authorization: `DPoP ${token}`, DPoP: proof })).status).toBe(200);
    const replay = await callUsers({ Authorization: `DPoP ${token}`, DPoP: proof });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toContain("'jti' claim");
  });

  it('refuses a proof issued too long ago', async () => {
    const res = await callUsers({
      Authorization: `DPoP ${token}`,
      DPoP: await dpopProof(dpopKey, 'GET', usersUrl(), {
        accessToken: token,
        iat: Math.floor(Date.now() / 1000) - 600,
      }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain("'iat' claim");
  });

  it('refuses a proof that embeds a private key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const proof = await new SignJWT({
      htm: 'GET',
      htu: usersUrl(),
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
    })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: await exportJWK(privateKey) })
      .sign(privateKey);
    const res = await callUsers({ Authorization: `DPoP ${token}`, DPoP: proof });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain("'jwk' must be a public JSON Web Key");
  });

  it('issues a Bearer token to an app that does not bind tokens, ignoring a DPoP header', async () => {
    const plain = await registerServiceApp(h, [key], ['okta.users.read']);
    const res = await clientCredentials(h, plain, key, 'okta.users.read', {
      dpop: await dpopProof(dpopKey, 'POST', tokenUrl()),
    });
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('Bearer');
  });
});

describe('an org that requires DPoP for every service app', () => {
  const h = useSimulator({ size: 'empty', requireDpop: true });

  it('answers use_dpop_nonce to an app that does not ask for DPoP itself', async () => {
    const key = await signingKey('org-dpop');
    const app = await registerServiceApp(h, [key], ['okta.users.read']);
    const res = await clientCredentials(h, app, key, 'okta.users.read', {
      dpop: await dpopProof(key, 'POST', `${h.sim.url}/oauth2/v1/token`),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('use_dpop_nonce');
  });
});
