import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerAuthConfig } from '../../src/config.ts';
import { CallerAuthError, createCallerAuthenticator } from '../../src/server/auth.ts';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

describe('caller authentication', () => {
  let server: Server;
  let jwks: { keys: JWK[] } = { keys: [] };
  let jwksFetches = 0;
  let current: KeyPair;
  let config: CallerAuthConfig;
  const issuer = 'https://idp.example.com';
  const audience = 'api://okta-gateway';

  beforeAll(async () => {
    current = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: 'k1', alg: 'RS256' }] };
    server = createServer((_req, res) => {
      jwksFetches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    config = {
      mode: 'jwt',
      issuer,
      audience,
      jwksUrl: `http://127.0.0.1:${port}/keys`,
      algorithms: ['RS256', 'ES256'],
      clockToleranceSeconds: 5,
    };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const token = (
    claims: Record<string, unknown> = {},
    options: {
      kid?: string;
      key?: KeyPair['privateKey'];
      exp?: string | number;
      iss?: string;
      aud?: string;
    } = {},
  ) =>
    new SignJWT({ scp: ['okta.users.read'], ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setSubject('caller@example.com')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? current.privateKey);

  const refusal = async (authorization: string | null) => {
    try {
      await createCallerAuthenticator(config)(authorization);
    } catch (error) {
      if (error instanceof CallerAuthError) return error.reason;
      throw error;
    }
    return 'accepted';
  };

  it('accepts a valid token and reads its scopes from scp', async () => {
    const caller = await createCallerAuthenticator(config)(`Bearer ${await token()}`);
    expect(caller.subject).toBe('caller@example.com');
    expect([...caller.scopes]).toEqual(['okta.users.read']);
    expect(caller.has('okta.users.read')).toBe(true);
    expect(caller.has('okta.users.manage')).toBe(false);
  });

  it("reads the token's client (Okta's cid) beside its subject", async () => {
    const caller = await createCallerAuthenticator(config)(
      `Bearer ${await token({ cid: '0oa1helpdesk' })}`,
    );
    expect(caller.subject).toBe('caller@example.com');
    expect(caller.clientId).toBe('0oa1helpdesk');
  });

  it('reads a space-separated scope claim, where manage implies read', async () => {
    const jwt = await token({ scp: undefined, scope: 'okta.groups.manage okta.logs.read' });
    const caller = await createCallerAuthenticator(config)(`Bearer ${jwt}`);
    expect(caller.has('okta.groups.read')).toBe(true);
    expect(caller.has('okta.logs.read')).toBe(true);
    expect(caller.has('okta.users.read')).toBe(false);
  });

  it('refuses a missing token', async () => {
    expect(await refusal(null)).toBe('a bearer token is required');
  });

  it('refuses an expired token', async () => {
    expect(
      await refusal(`Bearer ${await token({}, { exp: Math.floor(Date.now() / 1000) - 60 })}`),
    ).toBe('the token has expired');
  });

  it('refuses a token for another audience', async () => {
    expect(await refusal(`Bearer ${await token({}, { aud: 'api://other' })}`)).toBe(
      "the token's aud claim is not accepted",
    );
  });

  it('refuses a token from another issuer', async () => {
    expect(await refusal(`Bearer ${await token({}, { iss: 'https://evil.example.com' })}`)).toBe(
      "the token's iss claim is not accepted",
    );
  });

  it('refuses a token whose signature does not verify', async () => {
    const other = await generateKeyPair('RS256');
    expect(await refusal(`Bearer ${await token({}, { key: other.privateKey })}`)).toBe(
      'the token signature is invalid',
    );
  });

  it('refuses an unsigned token (alg none)', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: issuer, aud: audience, exp: now + 60, scp: ['okta.users.manage'] })}.`;
    expect(await refusal(`Bearer ${unsigned}`)).toBe(
      'the token is signed with an algorithm that is not allowed',
    );
  });

  it('refuses a token signed with an unknown kid', async () => {
    expect(await refusal(`Bearer ${await token({}, { kid: 'nope' })}`)).toBe(
      'the token is signed with an unknown key',
    );
  });

  it('picks up a rotated signing key by refetching the JWKS', async () => {
    const authenticate = createCallerAuthenticator(config, { jwksCooldownMs: 0 });
    await authenticate(`Bearer ${await token()}`);
    const before = jwksFetches;
    const rotated = await generateKeyPair('RS256');
    jwks = {
      keys: [...jwks.keys, { ...(await exportJWK(rotated.publicKey)), kid: 'k2', alg: 'RS256' }],
    };
    const caller = await authenticate(
      `Bearer ${await token({}, { kid: 'k2', key: rotated.privateKey })}`,
    );
    expect(caller.subject).toBe('caller@example.com');
    expect(jwksFetches).toBe(before + 1);
  });
});
