import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeJwt, decodeProtectedHeader, type JWK, jwtVerify } from 'jose';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOktaAuth,
  type ServiceAppCredentials,
  type TokenRequest,
} from '../../src/okta/auth.ts';
import { OktaAuthError } from '../../src/okta/errors.ts';
import type { OktaCallRecord } from '../../src/okta/http.ts';
import { createOktaTransport, type OktaTransportOptions } from '../../src/okta/transport.ts';
import type { Exchange, SimulatorOptions } from '../../src/simulator/index.ts';
import { registerServiceApp as registerApp } from '../support/service-app.ts';
import { type SimHarness, startTestSimulator } from '../support/simulator.ts';

const SCOPES = ['okta.users.read', 'okta.users.manage'];

interface AppKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function rsaKey(): AppKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey };
}

function ecKey(): AppKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: randomUUID(), privateKey, publicKey };
}

const pkcs8 = (key: AppKey) => key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A service app holding `key`'s public half and `scopes`; returns its client id. */
async function registerServiceApp(
  h: SimHarness,
  key: AppKey,
  scopes: string[] = SCOPES,
): Promise<string> {
  const publicJwk = { ...(key.publicKey.export({ format: 'jwk' }) as JWK), kid: key.kid };
  const app = await registerApp(h, {
    publicJwks: [publicJwk],
    scopes,
    label: `Gateway ${key.kid}`,
  });
  return app.clientId;
}

function simulatorFor(options: SimulatorOptions) {
  const ctx = { exchanges: [] as Exchange[] } as { h: SimHarness; exchanges: Exchange[] };
  beforeAll(async () => {
    ctx.h = await startTestSimulator({ size: 'empty', ...options });
    ctx.h.sim.onExchange((e) => ctx.exchanges.push(e));
  });
  beforeEach(() => {
    ctx.h.sim.faults.clear();
    ctx.h.sim.requests.reset();
    ctx.exchanges.length = 0;
  });
  afterAll(async () => {
    await ctx.h?.sim.close();
    const seen = ctx.h?.violations.splice(0) ?? [];
    if (seen.length > 0) throw new Error(`OpenAPI violations:\n${seen.join('\n')}`);
  });
  return ctx;
}

function oauthTransport(
  h: SimHarness,
  credentials: ServiceAppCredentials,
  options: Partial<OktaTransportOptions> = {},
) {
  const records: OktaCallRecord[] = [];
  const transport = createOktaTransport({
    orgUrl: h.sim.url,
    credentials,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    onCall: (r) => records.push(r),
    ...options,
  });
  const calls = (route: string) => records.filter((r) => r.route === route).map((r) => r.status);
  return { transport, records, calls };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const listUsers = { method: 'GET', path: '/api/v1/users' } as const;
const TOKEN = '/oauth2/v1/token';

describe('OAuth 2.0 private_key_jwt against the simulator', () => {
  const ctx = simulatorFor({});
  let key: AppKey;
  let clientId: string;
  beforeAll(async () => {
    key = rsaKey();
    clientId = await registerServiceApp(ctx.h, key);
  });

  it('buys an access token with a client assertion and calls Okta with it', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    const res = await transport.request(listUsers);
    expect(res.status).toBe(200);
    expect(calls(TOKEN)).toEqual([200]);
    expect(ctx.h.sim.org.accessTokens.size).toBeGreaterThan(0);
  });

  it('fetches one token however many calls wait for it', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    await Promise.all(Array.from({ length: 8 }, () => transport.request(listUsers)));
    expect(calls(TOKEN)).toEqual([200]);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(8);
  });

  it('reuses the cached token for later calls', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    await transport.request(listUsers);
    await transport.request(listUsers);
    expect(calls(TOKEN)).toEqual([200]);
  });

  it('fetches a fresh token after a 401 and sends the call once more', async () => {
    const { transport, records } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    ctx.h.sim.org.accessTokens.clear(); // revoked behind the client's back
    records.length = 0;
    const res = await transport.request(listUsers);
    expect(res.status).toBe(200);
    expect(records.map((r) => [r.method, r.route, r.status])).toEqual([
      ['GET', '/api/v1/users', 401],
      ['POST', TOKEN, 200],
      ['GET', '/api/v1/users', 200],
    ]);
  });

  it('gives up with OktaAuthError when the fresh token is refused too', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    const revoke = ctx.h.sim.onExchange((e) => {
      if (e.key === `POST ${TOKEN}`) ctx.h.sim.org.accessTokens.clear();
    });
    const error = await caught(transport.request(listUsers));
    revoke();
    expect(error).toBeInstanceOf(OktaAuthError);
    expect(error).toMatchObject({ status: 401, code: 'OKTA_ERR_AUTH' });
    expect(calls('/api/v1/users')).toEqual([401, 401]);
  });

  it.each([
    [
      'a PKCS#1 RSA PEM',
      () => rsaKey(),
      (k: AppKey) => k.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    ],
    [
      'a SEC1 EC PEM',
      () => ecKey(),
      (k: AppKey) => k.privateKey.export({ type: 'sec1', format: 'pem' }) as string,
    ],
    ['a PKCS#8 EC PEM', () => ecKey(), pkcs8],
    ['a PEM with escaped newlines', () => rsaKey(), (k: AppKey) => pkcs8(k).replace(/\n/g, '\\n')],
    [
      'a private JWK as JSON text',
      () => ecKey(),
      (k: AppKey) =>
        JSON.stringify({ ...(k.privateKey.export({ format: 'jwk' }) as JWK), kid: k.kid }),
    ],
  ])('signs with %s', async (_name, makeKey, privateKeyOf) => {
    const appKey = makeKey();
    const id = await registerServiceApp(ctx.h, appKey);
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId: id,
      privateKey: privateKeyOf(appKey),
      keyId: appKey.kid,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    expect(calls(TOKEN)).toEqual([200]);
  });

  it('takes the key id from a JWK when none is configured', async () => {
    const appKey = ecKey();
    const id = await registerServiceApp(ctx.h, appKey);
    const jwk = { ...(appKey.privateKey.export({ format: 'jwk' }) as JWK), kid: appKey.kid };
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId: id,
      privateKey: jwk,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    expect(calls(TOKEN)).toEqual([200]);
  });

  it('answers a key the app does not know as OktaAuthError invalid_client', async () => {
    const other = rsaKey();
    const { transport } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(other),
      keyId: key.kid,
      scopes: SCOPES,
    });
    const error = await caught(transport.request(listUsers));
    expect(error).toBeInstanceOf(OktaAuthError);
    expect((error as Error).message).toBe(
      'Okta authentication failed: token endpoint answered invalid_client: The client_assertion signature is invalid.',
    );
    expect(error).toMatchObject({ status: 401 });
  });

  it('answers a scope the app was not granted as OktaAuthError invalid_scope', async () => {
    const { transport } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: ['okta.logs.read'],
    });
    const error = await caught(transport.request(listUsers));
    expect(error).toMatchObject({
      status: 400,
      message:
        'Okta authentication failed: token endpoint answered invalid_scope: The requested scope is invalid, unknown, or malformed.',
    });
  });

  it('refuses a private key it cannot read without quoting it', async () => {
    const garbage =
      '-----BEGIN PRIVATE KEY-----\nTm90QUtleUF0QWxsSnVzdFNvbWVCeXRlcw==\n-----END PRIVATE KEY-----';
    const { transport } = oauthTransport(ctx.h, { clientId, privateKey: garbage, scopes: SCOPES });
    const error = await caught(transport.request(listUsers));
    expect(error).toBeInstanceOf(OktaAuthError);
    expect((error as Error).message).toBe(
      'Okta authentication failed: the OAuth private key is not a usable PEM or JWK',
    );
  });
});

describe('OAuth 2.0 token expiry against the simulator', () => {
  const ctx = simulatorFor({ accessTokenTtlSeconds: 2 });

  it('refreshes the token shortly before it expires, so no call meets a 401', async () => {
    const key = rsaKey();
    const clientId = await registerServiceApp(ctx.h, key);
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    // A 2-second token is refreshed in its last quarter (the margin is capped at ttl / 4).
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await transport.request(listUsers);
    expect(calls(TOKEN)).toEqual([200, 200]);
    expect(calls('/api/v1/users')).toEqual([200, 200]);
  });
});

describe('DPoP against the simulator', () => {
  const ctx = simulatorFor({ requireDpop: true, accessTokenTtlSeconds: 2, dpopNonceTtlSeconds: 1 });
  let key: AppKey;
  let clientId: string;
  beforeAll(async () => {
    key = rsaKey();
    clientId = await registerServiceApp(ctx.h, key);
  });

  it('switches to DPoP when the token endpoint asks for it, then retries with its nonce', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
    });
    await transport.request(listUsers);
    // No proof → invalid_dpop_proof; a proof without nonce → use_dpop_nonce; with it → 200.
    expect(calls(TOKEN)).toEqual([400, 400, 200]);
    const tokenAnswer = ctx.exchanges.find((e) => e.key === `POST ${TOKEN}` && e.status === 200);
    expect(tokenAnswer?.body).toMatchObject({ token_type: 'DPoP' });
  });

  it('proves possession with a fresh proof for every call', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
      dpop: 'always',
    });
    await transport.request(listUsers);
    await transport.request({ ...listUsers, query: { limit: 1 } });
    await transport.request({ ...listUsers, query: { limit: 2 } });
    // The simulator refuses a reused jti, a proof for another URL and one not bound to the token.
    expect(calls('/api/v1/users')).toEqual([200, 200, 200]);
    expect(calls(TOKEN)).toEqual([400, 200]);
  });

  it('goes through another nonce round when the nonce has expired by the refresh', async () => {
    const { transport, calls } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
      dpop: 'always',
    });
    await transport.request(listUsers);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await transport.request(listUsers);
    expect(calls(TOKEN)).toEqual([400, 200, 400, 200]);
    expect(calls('/api/v1/users')).toEqual([200, 200]);
  });

  it('fails with OktaAuthError when DPoP is turned off for an app that needs it', async () => {
    const { transport } = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(key),
      keyId: key.kid,
      scopes: SCOPES,
      dpop: 'never',
    });
    const error = await caught(transport.request(listUsers));
    expect((error as Error).message).toBe(
      'Okta authentication failed: token endpoint answered invalid_dpop_proof: The DPoP proof JWT header is missing.',
    );
  });
});

describe('createOktaAuth: what it sends', () => {
  const orgUrl = 'https://acme.okta.example';
  const key = rsaKey();

  /** A token endpoint that records each request and answers with a token of the given type. */
  function fakeTokenEndpoint(tokenType: 'Bearer' | 'DPoP' = 'Bearer') {
    const sent: TokenRequest[] = [];
    const call = async (build: () => Promise<TokenRequest>) => {
      const request = await build();
      sent.push(request);
      return {
        status: 200,
        headers: {},
        body: {
          token_type: tokenType,
          expires_in: 3600,
          access_token: `at-${sent.length}-${randomUUID()}`,
          scope: 'okta.users.read',
        },
      };
    };
    return { sent, call };
  }

  it('signs a client assertion with iss = sub = client id, the token URL as aud, a 5-minute exp, a random jti and the kid', async () => {
    const endpoint = fakeTokenEndpoint();
    const auth = createOktaAuth(
      { clientId: '0oaGateway', privateKey: pkcs8(key), keyId: 'key-1', scopes: SCOPES },
      orgUrl,
      endpoint.call,
    );
    await auth.grant(Date.now() + 5000);
    const assertion = endpoint.sent[0]?.form.get('client_assertion') ?? '';
    const { payload, protectedHeader } = await jwtVerify(assertion, key.publicKey);
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: 'key-1' });
    expect(payload.iss).toBe('0oaGateway');
    expect(payload.sub).toBe('0oaGateway');
    expect(payload.aud).toBe('https://acme.okta.example/oauth2/v1/token');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('asks for client_credentials with the scopes space-separated', async () => {
    const endpoint = fakeTokenEndpoint();
    const auth = createOktaAuth(
      { clientId: '0oaGateway', privateKey: pkcs8(key), scopes: SCOPES },
      orgUrl,
      endpoint.call,
    );
    await auth.grant(Date.now() + 5000);
    const form = endpoint.sent[0]?.form;
    expect(form?.get('grant_type')).toBe('client_credentials');
    expect(form?.get('scope')).toBe('okta.users.read okta.users.manage');
    expect(form?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(endpoint.sent[0]?.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    });
  });

  it('never reuses a jti across token requests', async () => {
    const endpoint = fakeTokenEndpoint();
    const auth = createOktaAuth(
      {
        clientId: '0oaGateway',
        privateKey: pkcs8(key),
        scopes: SCOPES,
        refreshMarginMs: 3_600_000,
      },
      orgUrl,
      endpoint.call,
    );
    await auth.grant(Date.now() + 5000);
    const first = await auth.grant(Date.now() + 5000);
    auth.answered(first, 401, {});
    await auth.grant(Date.now() + 5000);
    const jtis = endpoint.sent.map((r) => decodeJwt(r.form.get('client_assertion') ?? '').jti);
    expect(new Set(jtis).size).toBe(endpoint.sent.length);
    expect(endpoint.sent.length).toBeGreaterThanOrEqual(2);
  });

  it('makes DPoP proofs with typ, the public jwk, htm, htu without query, iat, jti and ath', async () => {
    const endpoint = fakeTokenEndpoint('DPoP');
    const auth = createOktaAuth(
      { clientId: '0oaGateway', privateKey: pkcs8(key), scopes: SCOPES, dpop: 'always' },
      orgUrl,
      endpoint.call,
    );
    const grant = await auth.grant(Date.now() + 5000);
    const headers = await auth.headers(grant, 'GET', new URL(`${orgUrl}/api/v1/users?limit=2#x`));
    const token = headers.authorization?.replace(/^DPoP /, '') ?? '';
    expect(headers.authorization).toMatch(/^DPoP at-1-/);
    const header = decodeProtectedHeader(headers.dpop ?? '');
    expect(header.typ).toBe('dpop+jwt');
    expect(header.alg).toBe('ES256');
    expect(Object.keys(header.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const claims = decodeJwt(headers.dpop ?? '');
    expect(claims.htm).toBe('GET');
    expect(claims.htu).toBe(`${orgUrl}/api/v1/users`);
    expect(claims.ath).toBe(createHash('sha256').update(token).digest('base64url'));
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof claims.iat).toBe('number');
    expect(claims.nonce).toBeUndefined();
    const tokenProof = decodeJwt(endpoint.sent[0]?.headers.dpop ?? '');
    expect(tokenProof).toMatchObject({ htm: 'POST', htu: `${orgUrl}/oauth2/v1/token` });
    expect(tokenProof.ath).toBeUndefined();
  });

  it('keeps one DPoP key per client, so every proof has the same public jwk', async () => {
    const endpoint = fakeTokenEndpoint('DPoP');
    const auth = createOktaAuth(
      { clientId: '0oaGateway', privateKey: pkcs8(key), scopes: SCOPES, dpop: 'always' },
      orgUrl,
      endpoint.call,
    );
    const grant = await auth.grant(Date.now() + 5000);
    const url = new URL(`${orgUrl}/api/v1/users`);
    const a = decodeProtectedHeader((await auth.headers(grant, 'GET', url)).dpop ?? '');
    const b = decodeProtectedHeader((await auth.headers(grant, 'GET', url)).dpop ?? '');
    expect(a.jwk).toEqual(b.jwk);
    expect(decodeJwt((await auth.headers(grant, 'GET', url)).dpop ?? '').jti).not.toBe(
      decodeJwt((await auth.headers(grant, 'GET', url)).dpop ?? '').jti,
    );
  });
});

describe('DPoP nonce on API calls (MockAgent: the simulator never asks for one there)', () => {
  it('sends the call once more with the nonce the API answered', async () => {
    const origin = 'https://acme.okta.example';
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get(origin);
    pool.intercept({ path: '/oauth2/v1/token', method: 'POST' }).reply(200, {
      token_type: 'DPoP',
      expires_in: 3600,
      access_token: 'at-mock-0123456789',
      scope: 'okta.users.read',
    });
    const proofs: string[] = [];
    pool.intercept({ path: '/api/v1/users', method: 'GET' }).reply((req) => {
      proofs.push(String((req.headers as Record<string, string>).dpop));
      return {
        statusCode: 401,
        data: { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorCauses: [] },
        responseOptions: {
          headers: {
            'www-authenticate':
              'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
            'dpop-nonce': 'nonce-from-api',
          },
        },
      };
    });
    pool.intercept({ path: '/api/v1/users', method: 'GET' }).reply((req) => {
      proofs.push(String((req.headers as Record<string, string>).dpop));
      return { statusCode: 200, data: [] };
    });
    const transport = createOktaTransport({
      orgUrl: origin,
      credentials: {
        clientId: '0oaGateway',
        privateKey: pkcs8(rsaKey()),
        scopes: ['okta.users.read'],
        dpop: 'always',
      },
      dispatcher: agent,
    });
    const res = await transport.request(listUsers);
    expect(res.status).toBe(200);
    expect(proofs.map((p) => decodeJwt(p).nonce)).toEqual([undefined, 'nonce-from-api']);
  });
});

describe('secrets', () => {
  const ctx = simulatorFor({});

  it('keeps the API token, access tokens and private key out of every error and call record', async () => {
    const key = rsaKey();
    const clientId = await registerServiceApp(ctx.h, key);
    const pem = pkcs8(key);
    const { transport, records } = oauthTransport(
      ctx.h,
      { clientId, privateKey: pem, keyId: key.kid, scopes: SCOPES },
      // Every call's headers wait this long; only the stalled one below outlasts it.
      { timeouts: { headersMs: 2_000 }, retry: { maxRetries: 0 } },
    );
    const failures: unknown[] = [];
    await transport.request(listUsers);
    failures.push(await caught(transport.request({ method: 'GET', path: '/api/v1/users/nobody' })));
    ctx.h.sim.faults.set({ stallMs: 6_000 });
    failures.push(await caught(transport.request(listUsers)));
    ctx.h.sim.faults.set({ stallMs: 0, dropNext: 1 });
    failures.push(await caught(transport.request(listUsers)));
    const wrongKey = oauthTransport(ctx.h, {
      clientId,
      privateKey: pkcs8(rsaKey()),
      keyId: key.kid,
      scopes: SCOPES,
    });
    failures.push(await caught(wrongKey.transport.request(listUsers)));
    const badToken = createOktaTransport({
      orgUrl: ctx.h.sim.url,
      credentials: { apiToken: 'ssws-secret-0123456789abcdef' },
    });
    failures.push(await caught(badToken.request(listUsers)));

    const secrets = [
      ctx.h.sim.apiToken,
      'ssws-secret-0123456789abcdef',
      ...ctx.h.sim.org.accessTokens.keys(),
      ...pem.split('\n').filter((line) => line.length > 40),
    ];
    const text = [
      ...failures.map((f) => `${String(f)}\n${inspect(f, { depth: 5 })}\n${JSON.stringify(f)}`),
      JSON.stringify(records),
    ].join('\n');
    expect(failures.map((f) => (f as { code: string }).code)).toEqual([
      'OKTA_ERR_API',
      'OKTA_ERR_TIMEOUT',
      'OKTA_ERR_NETWORK',
      'OKTA_ERR_AUTH',
      'OKTA_ERR_AUTH',
    ]);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
