import { getIntrospectionQuery } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OktaClient } from '../../src/okta/index.ts';
import { CSRF_PREVENTION_HEADERS } from '../../src/server/cors.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway } from '../../src/server/yoga.ts';
import { type GatewayHarness, secretsOf, useGateway } from '../support/harness.ts';

const ADMIN = 'https://admin.example.com';
const HELPDESK = 'https://helpdesk.example.com';

const noSecretIn = (h: GatewayHarness) => () => {
  const text = h.transcript.join('\n');
  for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
};

describe('outside demo mode', () => {
  const h = useGateway({
    production: true,
    env: {
      CORS_ORIGINS: `${ADMIN},${HELPDESK}`,
      GRAPHQL_MAX_BODY_BYTES: '2000',
      // Loose enough for a loaded 2-core machine; the timeout tests make Okta far slower still.
      GRAPHQL_OPERATION_TIMEOUT_MS: '1000',
    },
  });
  beforeEach(() => {
    h.stack.sim.faults.clear();
    h.stack.oktaCalls.reset();
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      h.fetch('/graphql', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization, x-graphql-client-name',
        },
      });

    it('answers a preflight from an allowed origin with that origin, credentials and the GraphQL headers', async () => {
      const res = await preflight(HELPDESK);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(HELPDESK);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
        expect.arrayContaining([
          'content-type',
          'authorization',
          'accept',
          'x-graphql-client-name',
          'apollo-require-preflight',
        ]),
      );
      expect(res.headers.get('vary')).toBe('Origin');
      expect(h.stack.oktaCalls.total()).toBe(0);
    });

    it('allows in a preflight every header that CSRF prevention accepts', async () => {
      const res = await h.fetch('/graphql', {
        method: 'OPTIONS',
        headers: {
          origin: HELPDESK,
          'access-control-request-method': 'GET',
          'access-control-request-headers': CSRF_PREVENTION_HEADERS.join(', '),
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
        expect.arrayContaining([
          'x-graphql-client-name',
          'apollo-require-preflight',
          'graphql-preflight',
          'x-graphql-yoga-csrf',
        ]),
      );
    });

    it('gives an origin that is not on the list no CORS header at all', async () => {
      const res = await preflight('https://evil.example.com');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    });

    it('adds the CORS headers to the answer of an allowed origin', async () => {
      const res = await h.graphql('{ __typename }', undefined, { origin: ADMIN });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(ADMIN);
      expect(res.headers.get('access-control-expose-headers')).toBe(
        'x-request-id, www-authenticate',
      );
    });
  });

  describe('CSRF prevention', () => {
    it('refuses a GET without a preflight header, without calling Okta', async () => {
      const res = await h.fetch(
        '/graphql?query=%7B%20users%20%7B%20nodes%20%7B%20id%20%7D%20%7D%20%7D',
        {
          headers: { accept: 'application/json' },
        },
      );
      expect(res.status).toBe(403);
      expect(JSON.parse(await res.text())).toEqual({
        errors: [{ message: 'Required CSRF header(s) not present' }],
      });
      expect(h.stack.oktaCalls.total()).toBe(0);
    });

    it('runs a GET that carries x-graphql-client-name', async () => {
      const res = await h.fetch('/graphql?query=%7B__typename%7D', {
        headers: { accept: 'application/json', 'x-graphql-client-name': 'helpdesk' },
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(await res.text())).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses a text/plain POST, which a cross-site form could send', async () => {
      const res = await h.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(403);
    });

    it('refuses a form-encoded POST', async () => {
      const res = await h.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7B__typename%7D',
      });
      expect(res.status).toBe(403);
    });

    it('runs a JSON POST as it is: browsers preflight that content type', async () => {
      const res = await h.graphql('{ __typename }');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('request body limit', () => {
    const big = JSON.stringify({ query: `{ __typename }${' '.repeat(2_100)}` });

    it('answers 413 to a body over GRAPHQL_MAX_BODY_BYTES, without calling Okta', async () => {
      const res = await h.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: big,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(await res.text()).errors[0]).toEqual({
        message: 'Request body too large',
        extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' },
      });
      expect(h.stack.oktaCalls.total()).toBe(0);
    });

    it('answers 413 to a chunked body that grows past the limit', async () => {
      const bytes = new TextEncoder().encode(big);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 500) controller.enqueue(bytes.slice(i, i + 500));
          controller.close();
        },
      });
      const res = await h.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });
  });

  describe('operation timeout', () => {
    it('answers OPERATION_TIMEOUT at GRAPHQL_OPERATION_TIMEOUT_MS when Okta is slower', async () => {
      h.stack.sim.faults.set({ latencyMs: 6_000 });
      const started = Date.now();
      const res = await h.graphql('query Slow { users(first: 1) { nodes { id } } }');
      const elapsed = Date.now() - started;
      expect(res.status).toBe(504);
      expect(res.body).toEqual({
        errors: [
          {
            message: 'The operation did not complete within 1000 ms.',
            extensions: { code: 'OPERATION_TIMEOUT' },
          },
        ],
      });
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(5_000);
    });

    it('cancels the Okta call still in flight at the deadline', async () => {
      h.stack.sim.faults.set({ latencyMs: 6_000 });
      const calls: { route: string; status: number | 'error' }[] = [];
      const unsubscribe = h.stack.okta.transport.onCall((c) => calls.push(c));
      try {
        await h.graphql('{ users(first: 1) { nodes { id } } }');
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(calls.map((c) => [c.route, c.status])).toEqual([['/api/v1/users', 'error']]);
      } finally {
        unsubscribe();
      }
    });
  });

  describe('introspection', () => {
    it('is refused when GRAPHQL_INTROSPECTION is not set', async () => {
      const res = await h.graphql('{ __schema { queryType { name } } }');
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.message).toBe(
        'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
      );
    });

    it('still answers __typename', async () => {
      const res = await h.graphql('{ __typename }');
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('field suggestions', () => {
    it('are left out of validation errors', async () => {
      const res = await h.graphql('{ users { nodes { idd } } }');
      expect(res.body.errors?.map((e) => e.message)).toEqual([
        'Cannot query field "idd" on type "User".',
      ]);
    });

    it('are left out of enum errors in the document', async () => {
      const res = await h.graphql('{ users(sortOrder: ASCC) { nodes { id } } }');
      expect(res.body.errors?.map((e) => e.message)).toEqual([
        'Value "ASCC" does not exist in "SortOrder" enum.',
      ]);
    });

    it('are left out of errors in variables', async () => {
      const res = await h.graphql(
        'query($order: SortOrder) { users(sortOrder: $order) { nodes { id } } }',
        { order: 'ASCC' },
      );
      expect(res.body.errors?.map((e) => e.message)).toEqual([
        'Variable "$order" got invalid value "ASCC"; Value "ASCC" does not exist in "SortOrder" enum.',
      ]);
    });
  });

  describe('ids', () => {
    it.each([
      ['user(id: "../groups")', 'user', 'Not a valid Okta User id: "../groups"'],
      ['user(login: "../../groups")', 'user', 'Not a valid Okta login: expected name@domain.'],
      ['group(id: "00g/../../users")', 'group', 'Not a valid Okta Group id: "00g/../../users"'],
      ['node(id: "../apps")', 'node', 'Not a valid Okta id: "../apps"'],
    ])('refuses %s with BAD_USER_INPUT before any Okta call', async (field, name, message) => {
      const res = await h.graphql(`{ ${field} { id } }`);
      expect(res.body).toEqual({
        data: { [name]: null },
        errors: [
          {
            message,
            locations: [{ line: 1, column: 3 }],
            path: [name],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
      expect(h.stack.oktaCalls.total()).toBe(0);
    });
  });

  describe('masked errors', () => {
    it("maps Okta's 500 to UPSTREAM_ERROR without a stack, the org URL or the token", async () => {
      h.stack.sim.faults.set({ failNext: { count: 10, status: 500 } });
      const res = await h.graphql('{ users(first: 1) { nodes { id } } }');
      const text = JSON.stringify(res.body);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
      expect(res.body.errors?.[0]?.message).toBe('Okta failed to answer the request.');
      expect(text).not.toContain(h.stack.sim.url);
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain('stack');
      expect(text).not.toContain(h.stack.sim.apiToken);
    });

    it('answers an unexpected error as "Unexpected error." and logs what it was', async () => {
      const logs: string[] = [];
      const broken = brokenOkta(h.stack.okta, `connect failed: ${h.stack.sim.url}/api/v1/users`);
      const gateway = createGateway({
        config: h.config,
        okta: broken,
        logger: createLogger({ level: 'info', write: (line) => logs.push(line) }),
      });
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ users(first: 1) { nodes { id } } }' }),
      });
      const body = await res.text();
      expect(JSON.parse(body).errors).toEqual([
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 3 }],
          path: ['users'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(body).not.toContain(h.stack.sim.url);
      const logged = logs.map((l) => JSON.parse(l)).find((l) => l.level === 'error');
      expect(logged?.error?.message).toBe(`connect failed: ${h.stack.sim.url}/api/v1/users`);
    });

    it('shows the unexpected error as it is in explicit development mode only', async () => {
      const gateway = createGateway({
        config: { ...h.config, development: true },
        okta: brokenOkta(h.stack.okta, 'the loader broke'),
        logger: createLogger({ level: 'silent' }),
      });
      const res = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ users(first: 1) { nodes { id } } }' }),
      });
      expect((await res.json()).errors[0].message).toBe('the loader broke');
    });
  });

  it('leaves no secret in any response or log line of this block', noSecretIn(h));
});

describe('in demo mode', () => {
  const h = useGateway();

  it('echoes any origin with credentials (CORS_ORIGINS defaults to * there)', async () => {
    const res = await h.fetch('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers introspection, the whole query GraphiQL sends included', async () => {
    const res = await h.graphql(getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const schema = res.body.data?.__schema as { queryType: { name: string } } | undefined;
    expect(schema?.queryType.name).toBe('Query');
  });

  it('keeps field suggestions, which help people exploring the demo', async () => {
    const res = await h.graphql('{ users { nodes { idd } } }');
    expect(res.body.errors?.[0]?.message).toBe(
      'Cannot query field "idd" on type "User". Did you mean "id"?',
    );
  });

  it('leaves no secret in any response or log line of this block', noSecretIn(h));
});

describe('with GRAPHQL_INTROSPECTION=true outside demo mode', () => {
  const h = useGateway({ production: true, env: { GRAPHQL_INTROSPECTION: 'true' } });

  it('answers the introspection query GraphiQL sends, within the limits', async () => {
    const res = await h.graphql(getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });
});

/** An Okta client whose every resource call fails with a plain (non-Okta) error. */
function brokenOkta(okta: OktaClient, message: string): OktaClient {
  const failing = new Proxy(
    {},
    {
      get: () => () => Promise.reject(new Error(message)),
    },
  );
  const client: OktaClient = {
    ...okta,
    users: failing as OktaClient['users'],
    groups: failing as OktaClient['groups'],
    scoped: () => client,
  };
  return client;
}
