import { generateKeyPair } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, sampleOf, secretsOf, useGateway } from '../support/harness.ts';

/**
 * Caller authentication and per-scope authorization through the gateway, with the caller's
 * issuer a real JWKS endpoint on this machine (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL set).
 */
const METRICS_TOKEN = 'metrics-'.repeat(5);
const h = useGateway({
  production: true,
  callerAuth: true,
  env: { GATEWAY_METRICS_TOKEN: METRICS_TOKEN },
});

beforeEach(() => {
  h.stack.oktaCalls.reset();
});

const QUERY = 'query Groups { groups(first: 2) { nodes { name } } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const challenge = (reason: string) => `Bearer error="invalid_token", error_description="${reason}"`;

describe('a request without a valid bearer token', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: ISSUER, aud: AUDIENCE, sub: 'x', exp: now + 60, scp: ['okta.users.manage'] })}.`;
    h.minted.push(token);
    return token;
  };
  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    ['no Authorization header', async () => ({}), 'a bearer token is required'],
    [
      'a Basic Authorization header',
      async () => ({ authorization: 'Basic YWRtaW46YWRtaW4=' }),
      'the Authorization header must be "Bearer <token>"',
    ],
    [
      'an expired token',
      async () => bearer(await h.issuer!.sign({}, { exp: Math.floor(Date.now() / 1000) - 120 })),
      'the token has expired',
    ],
    [
      'a token for another audience',
      async () => bearer(await h.issuer!.sign({}, { aud: 'api://another-api' })),
      "the token's aud claim is not accepted",
    ],
    [
      'a token from another issuer',
      async () => bearer(await h.issuer!.sign({}, { iss: 'https://evil.example.com' })),
      "the token's iss claim is not accepted",
    ],
    [
      'a token signed by another key under the known kid',
      async () => {
        const other = await generateKeyPair('RS256');
        return bearer(await h.issuer!.sign({}, { key: other.privateKey }));
      },
      'the token signature is invalid',
    ],
    [
      'an unsigned token (alg none)',
      async () => bearer(unsigned()),
      'the token is signed with an algorithm that is not allowed',
    ],
    [
      'a token whose kid the JWKS does not hold',
      async () => bearer(await h.issuer!.sign({}, { kid: 'retired-key' })),
      'the token is signed with an unknown key',
    ],
  ];

  it.each(cases)(
    'with %s is answered 401 with a WWW-Authenticate challenge and no Okta call',
    async (_case, headers, reason) => {
      const res = await h.graphql(QUERY, undefined, await headers());
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(challenge(reason));
      expect(res.body).toEqual({
        errors: [
          { message: `Unauthenticated: ${reason}.`, extensions: { code: 'UNAUTHENTICATED' } },
        ],
      });
      expect(h.stack.oktaCalls.total()).toBe(0);
    },
  );

  // Its document is never parsed: the log and the metrics name no operation.
  it('is logged with status 401 and outcome UNAUTHENTICATED', async () => {
    await h.graphql('query Refused { __typename }');
    const line = h.logs.findLast((l) => l.msg === 'request');
    expect(line).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 401,
      operationName: null,
      outcome: 'UNAUTHENTICATED',
    });
  });

  it('is counted in /metrics as UNAUTHENTICATED', async () => {
    const metrics = await (
      await h.fetch('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(
      sampleOf(metrics, 'graphql_operations_total', {
        operation: '(anonymous)',
        outcome: 'UNAUTHENTICATED',
      }),
    ).toBe(cases.length + 1);
  });

  it('is answered 401 before its document is parsed: a syntax error is not reported', async () => {
    const res = await h.graphql('query { users {', undefined, { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('a caller with a valid token', () => {
  it('reads what its scopes allow', async () => {
    const token = await h.issuer!.sign({ scp: ['okta.groups.read'] });
    const res = await h.graphql(QUERY, undefined, bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const groups = res.body.data?.groups as { nodes: unknown[] } | undefined;
    expect(groups?.nodes).toHaveLength(2);
    expect(h.stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });

  it('gets groups and a FORBIDDEN error on user fields with okta.groups.read alone', async () => {
    const token = await h.issuer!.sign({ scp: ['okta.groups.read'] });
    const res = await h.graphql(
      '{ groups(first: 1) { nodes { name } } users(first: 1) { nodes { id } } }',
      undefined,
      bearer(token),
    );
    expect(res.status).toBe(200);
    const groups = res.body.data?.groups as { nodes: unknown[] } | undefined;
    expect(groups?.nodes).toHaveLength(1);
    expect(res.body.data?.users).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: 'The caller lacks the scope this field requires (users).',
        locations: [{ line: 1, column: 39 }],
        path: ['users'],
        extensions: { code: 'FORBIDDEN' },
      },
    ]);
    expect(h.stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });

  it("gets FORBIDDEN on a group's members without okta.users.read, and no members call", async () => {
    const token = await h.issuer!.sign({ scp: undefined, scope: 'okta.groups.read' });
    const res = await h.graphql(
      '{ groups(first: 1) { nodes { name members(first: 2) { nodes { id } } } } }',
      undefined,
      bearer(token),
    );
    expect(res.status).toBe(200);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN', ['groups', 'nodes', 0, 'members']],
    ]);
    expect(h.stack.oktaCalls.count('GET /api/v1/groups/:groupId/users')).toBe(0);
  });

  it('reads users with okta.users.manage, which includes read', async () => {
    const token = await h.issuer!.sign({ scp: ['okta.users.manage'] });
    const res = await h.graphql('{ users(first: 1) { nodes { id } } }', undefined, bearer(token));
    expect(res.body.errors).toBeUndefined();
    const users = res.body.data?.users as { nodes: unknown[] } | undefined;
    expect(users?.nodes).toHaveLength(1);
  });

  it('gets FORBIDDEN on every field with no scope at all, and no Okta call', async () => {
    const token = await h.issuer!.sign({ scp: [] });
    const res = await h.graphql(
      '{ users(first: 1) { nodes { id } } groups(first: 1) { nodes { id } } }',
      undefined,
      bearer(token),
    );
    expect(res.status).toBe(200);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(h.stack.oktaCalls.total()).toBe(0);
  });
});

describe('operations refused before execution', () => {
  // The limit is the plan: 20 users' groups, and 20 groups' members each: 400 member calls.
  it('make no Okta call when a limit refuses them, even with a valid token', async () => {
    const token = await h.issuer!.sign({ scp: ['okta.users.read', 'okta.groups.read'] });
    const res = await h.graphql(
      '{ users { nodes { groups { nodes { members { nodes { profile { login } } } } } } } }',
      undefined,
      bearer(token),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('OKTA_PLAN_EXCEEDED');
    expect(h.stack.oktaCalls.total()).toBe(0);
  });
});

describe('endpoints outside GraphQL', () => {
  it('serve /healthz without a token', async () => {
    expect((await h.fetch('/healthz')).status).toBe(200);
  });
});

it('leaves no token, API token or hook secret in any response or log line of this file', () => {
  expect(h.minted.length).toBeGreaterThanOrEqual(10);
  const text = h.transcript.join('\n');
  for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
});
