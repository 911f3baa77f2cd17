import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOktaTransport,
  type OktaClientTransport,
  type OktaTransportOptions,
  parseLinkHeader,
} from '../../src/okta/client.ts';
import {
  OktaApiError,
  OktaAuthError,
  OktaNetworkError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../../src/okta/errors.ts';
import type { OktaCallRecord } from '../../src/okta/http.ts';
import type { Exchange, SimulatorOptions } from '../../src/simulator/index.ts';
import { type SimHarness, startTestSimulator } from '../support/simulator.ts';

interface WireUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string };
}

/** A simulator for one describe block, with every exchange it answered. */
function simulatorFor(options: SimulatorOptions) {
  const ctx = { exchanges: [] as Exchange[] } as { h: SimHarness; exchanges: Exchange[] };
  beforeAll(async () => {
    ctx.h = await startTestSimulator(options);
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

function transportFor(h: SimHarness, options: Partial<OktaTransportOptions> = {}) {
  const records: OktaCallRecord[] = [];
  const transport = createOktaTransport({
    orgUrl: h.sim.url,
    credentials: { apiToken: h.sim.apiToken },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    rateLimit: { resetJitterMs: 50 },
    ...options,
  });
  transport.onCall((r) => records.push(r));
  return { transport, records };
}

let loginSeq = 0;
const newUser = () => {
  loginSeq++;
  return {
    profile: {
      firstName: 'Ada',
      lastName: `Client${loginSeq}`,
      email: `ada.client${loginSeq}.${Date.now()}@example.com`,
      login: `ada.client${loginSeq}.${Date.now()}@example.com`,
    },
  };
};

async function createUser(transport: OktaClientTransport): Promise<WireUser> {
  const res = await transport.request<WireUser>({
    method: 'POST',
    path: '/api/v1/users',
    query: { activate: false },
    body: newUser(),
  });
  return res.body;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The simulator's windows start on whole seconds when they are one second long. */
const waitForNextWindow = () =>
  new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OktaTransport against the simulator: requests and errors', () => {
  const ctx = simulatorFor({ size: 'empty' });

  it("sends the SSWS token and returns Okta's body, status and request id", async () => {
    const { transport } = transportFor(ctx.h);
    const created = await createUser(transport);
    const res = await transport.request<WireUser>({
      method: 'GET',
      path: `/api/v1/users/${created.id}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(created.id);
    expect(res.body.status).toBe('STAGED');
    expect(res.requestId).toBe(ctx.exchanges.at(-1)?.headers['X-Okta-Request-Id']);
  });

  it("maps Okta's error body to OktaApiError with code, summary, causes, errorId and request id", async () => {
    const { transport } = transportFor(ctx.h);
    const user = newUser();
    await transport.request({ method: 'POST', path: '/api/v1/users', body: user });
    const error = await caught(
      transport.request({ method: 'POST', path: '/api/v1/users', body: user }),
    );
    const wire = ctx.exchanges.at(-1)?.body as { errorId: string; errorCauses: unknown[] };
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({
      status: 400,
      oktaCode: 'E0000001',
      summary: 'Api validation failed: login',
      causes: ['login: An object with this field already exists in the current organization'],
      errorId: wire.errorId,
      requestId: ctx.exchanges.at(-1)?.headers['X-Okta-Request-Id'],
      outcomeUnknown: false,
      code: 'OKTA_ERR_API',
    });
  });

  it('reports an unknown user as OktaApiError 404 E0000007', async () => {
    const { transport } = transportFor(ctx.h);
    const error = await caught(
      transport.request({ method: 'GET', path: '/api/v1/users/00u000000000000000x0' }),
    );
    expect(error).toMatchObject({ status: 404, oktaCode: 'E0000007' });
  });

  it('turns a refused API token into OktaAuthError whose message does not hold the token', async () => {
    const { transport } = createOktaTransportWith(ctx.h, 'SSWS-secret-not-valid-0123456789');
    const error = await caught(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toBeInstanceOf(OktaAuthError);
    expect((error as Error).message).toBe(
      'Okta authentication failed: E0000011: Invalid token provided',
    );
    expect(JSON.stringify(error)).not.toContain('SSWS-secret-not-valid-0123456789');
  });

  it('records method, route template, status, bucket and attempt of every attempt', async () => {
    const { transport, records } = transportFor(ctx.h);
    const user = await createUser(transport);
    records.length = 0;
    ctx.h.sim.faults.set({ failNext: { count: 1, status: 500 } });
    await transport.request({ method: 'GET', path: `/api/v1/users/${user.id}` });
    expect(records.map(({ durationMs, ...r }) => r)).toEqual([
      { method: 'GET', route: '/api/v1/users/:id', status: 500, bucket: 'users.get', attempt: 1 },
      { method: 'GET', route: '/api/v1/users/:id', status: 200, bucket: 'users.get', attempt: 2 },
    ]);
    expect(records.every((r) => r.durationMs >= 0)).toBe(true);
  });
});

function createOktaTransportWith(h: SimHarness, apiToken: string) {
  return transportFor(h, { credentials: { apiToken } });
}

describe('OktaTransport against the simulator: pagination', () => {
  const ctx = simulatorFor({ size: { users: 45, groups: 2, apps: 0 } });
  const listed = () =>
    [...ctx.h.sim.org.users.values()]
      .filter((u) => u.status !== 'DEPROVISIONED')
      .map((u) => u.id)
      .sort();

  it('walks every page of users by the Link header', async () => {
    const { transport } = transportFor(ctx.h);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { pageSize: 10 },
    )) {
      pages++;
      ids.push(...page.map((u) => u.id));
    }
    const expected = listed();
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 10));
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(pages);
  });

  it("caps the page size at the endpoint's maximum", async () => {
    const { transport } = transportFor(ctx.h);
    await transport.page({ method: 'GET', path: '/api/v1/users' }, { limit: 5000 });
    expect(new URL(ctx.exchanges[0]?.url ?? '').searchParams.get('limit')).toBe('200');
  });

  it('stops after maxItems, cutting the last page short', async () => {
    const { transport } = transportFor(ctx.h);
    const pages: number[] = [];
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { pageSize: 10, maxItems: 15 },
    )) {
      pages.push(page.length);
    }
    expect(pages).toEqual([10, 5]);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(2);
  });

  it("exposes Okta's after cursor and resumes a page from it", async () => {
    const { transport } = transportFor(ctx.h);
    const first = await transport.page<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { limit: 3 },
    );
    const expected = listed();
    expect(first.items.map((u) => u.id)).toEqual(expected.slice(0, 3));
    expect(first.after).toBe(expected[2]);
    const second = await transport.page<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { limit: 3, after: first.after },
    );
    expect(second.items.map((u) => u.id)).toEqual(expected.slice(3, 6));
  });

  it('says null for the after cursor of the last page', async () => {
    const { transport } = transportFor(ctx.h);
    const page = await transport.page({ method: 'GET', path: '/api/v1/users' }, { limit: 200 });
    expect(page).toMatchObject({ after: null, next: null });
  });

  it('keeps search on every page', async () => {
    const { transport } = transportFor(ctx.h);
    const search = 'status eq "ACTIVE"';
    const ids: string[] = [];
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users', query: { search } },
      { pageSize: 5 },
    )) {
      ids.push(...page.map((u) => u.id));
    }
    const active = [...ctx.h.sim.org.users.values()]
      .filter((u) => u.status === 'ACTIVE')
      .map((u) => u.id)
      .sort();
    expect(ids).toEqual(active);
    expect(ctx.exchanges.map((e) => new URL(e.url).searchParams.get('search'))).toEqual(
      ctx.exchanges.map(() => search),
    );
  });
});

describe('OktaTransport against the simulator: rate limits', () => {
  const ctx = simulatorFor({
    size: { users: 5, groups: 1, apps: 0 },
    rateLimits: { 'users.collection': 5 },
    rateLimitWindowMs: 1000,
  });

  it('sends no call into a spent bucket and completes every call once it resets', async () => {
    await waitForNextWindow();
    ctx.h.sim.rateLimiter.reset();
    const { transport } = transportFor(ctx.h);
    const calls = Array.from({ length: 14 }, () =>
      transport.request<WireUser[]>({ method: 'GET', path: '/api/v1/users', query: { limit: 1 } }),
    );
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(ctx.exchanges.filter((e) => e.status === 429)).toHaveLength(0);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(14);
  });

  it("shows the bucket's limit and remaining budget from Okta's headers", async () => {
    await waitForNextWindow();
    ctx.h.sim.rateLimiter.reset();
    const { transport } = transportFor(ctx.h);
    await transport.request({ method: 'GET', path: '/api/v1/users', query: { limit: 1 } });
    const [users] = await transport.rateLimits();
    expect(users).toMatchObject({
      bucket: 'users.collection',
      limit: 5,
      remaining: 4,
      inFlight: 0,
    });
  });

  it("waits out a 429 caused by the org's other clients, then succeeds", async () => {
    const { transport, records } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ rateLimitNext: 1 });
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(records.map((r) => r.status)).toEqual([429, 200]);
  });

  it('sends a create again after a 429, since Okta did not act on it', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ rateLimitNext: 1 });
    const before = ctx.h.sim.org.users.size;
    await createUser(transport);
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(2);
    expect(ctx.h.sim.org.users.size).toBe(before + 1);
  });
});

describe('OktaTransport against the simulator: the caller deadline and rate limits', () => {
  const ctx = simulatorFor({
    size: 'empty',
    rateLimits: { 'users.collection': 2 },
    rateLimitWindowMs: 60_000,
  });

  it('fails with OktaRateLimitError, without calling Okta, when the reset is past the deadline', async () => {
    const { transport } = transportFor(ctx.h, { rateLimit: { reservedShare: 0 } });
    await transport.request({ method: 'GET', path: '/api/v1/users' });
    await transport.request({ method: 'GET', path: '/api/v1/users' });
    ctx.h.sim.requests.reset();
    const started = Date.now();
    const error = await caught(
      transport.request({ method: 'GET', path: '/api/v1/users', deadline: Date.now() + 500 }),
    );
    expect(error).toBeInstanceOf(OktaRateLimitError);
    expect(error).toMatchObject({ bucket: 'users.collection' });
    expect(Date.now() - started).toBeLessThan(400);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(0);
  });
});

describe('OktaTransport against the simulator: retries', () => {
  const ctx = simulatorFor({ size: 'empty' });

  it('retries a GET answered 500 and returns the answer', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 2, status: 500 } });
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(3);
  });

  it('gives up a GET after two retries with the 5xx as OktaApiError', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 3, status: 502 } });
    const error = await caught(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toMatchObject({ status: 502, oktaCode: 'E0000009', outcomeUnknown: false });
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(3);
  });

  it('never repeats a create answered 500 and says its outcome is unknown', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 1, status: 500 } });
    const error = await caught(createUser(transport));
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(1);
  });

  it('sends a create again after a 503, which Okta turned away', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ failNext: { count: 1, status: 503 } });
    const before = ctx.h.sim.org.users.size;
    await createUser(transport);
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(2);
    expect(ctx.h.sim.org.users.size).toBe(before + 1);
  });

  it('retries a GET whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(2);
  });

  it('never repeats a create whose connection was reset and says its outcome is unknown', async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await caught(createUser(transport));
    expect(error).toBeInstanceOf(OktaNetworkError);
    expect(error).toMatchObject({ reason: 'connection reset', outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users')).toBe(1);
  });

  it('never repeats a lifecycle transition whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    const user = await createUser(transport);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await caught(
      transport.request({ method: 'POST', path: `/api/v1/users/${user.id}/lifecycle/activate` }),
    );
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('POST /api/v1/users/:userId/lifecycle/activate')).toBe(1);
  });

  it('never repeats a DELETE whose connection was reset', async () => {
    const { transport } = transportFor(ctx.h);
    const user = await createUser(transport);
    ctx.h.sim.faults.set({ dropNext: 1 });
    const error = await caught(
      transport.request({ method: 'DELETE', path: `/api/v1/users/${user.id}` }),
    );
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(ctx.h.sim.requests.count('DELETE /api/v1/users/:userId')).toBe(1);
  });

  it('retries a create whose connection was refused, which Okta never saw', async () => {
    const orgUrl = `http://127.0.0.1:${await closedPort()}`;
    const records: OktaCallRecord[] = [];
    const transport = createOktaTransport({
      orgUrl,
      credentials: { apiToken: 'unused-token-0123456789' },
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
      onCall: (r) => records.push(r),
    });
    const error = await caught(
      transport.request({ method: 'POST', path: '/api/v1/users', body: newUser() }),
    );
    expect(error).toBeInstanceOf(OktaNetworkError);
    expect(error).toMatchObject({ reason: 'connection refused', outcomeUnknown: false });
    expect(records.map((r) => [r.attempt, r.status])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    await transport.close();
  });
});

describe('OktaTransport against the simulator: timeouts', () => {
  // undici checks its header and body timers about once a second, so stalls here last longer.
  const ctx = simulatorFor({ size: 'empty' });

  it('retries a GET that got no headers in time, then reports OktaTimeoutError(headers)', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    const error = await caught(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toBeInstanceOf(OktaTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', outcomeUnknown: false });
    expect((error as Error).message).toBe('Okta request timed out (headers)');
    expect(records.map((r) => r.status)).toEqual(['error', 'error', 'error']);
  });

  it('sends a stalled create once and says its outcome is unknown', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    const error = await caught(createUser(transport));
    expect(error).toMatchObject({ phase: 'headers', outcomeUnknown: true });
    expect((error as Error).message).toBe(
      'Okta request timed out (headers); the write may or may not have been applied',
    );
    expect(records).toHaveLength(1);
  });

  it('recovers a GET whose first attempt stalled', async () => {
    const { transport, records } = transportFor(ctx.h, { timeouts: { headersMs: 100 } });
    ctx.h.sim.faults.set({ stallMs: 1500 });
    setTimeout(() => ctx.h.sim.faults.set({ stallMs: 0 }), 50);
    const res = await transport.request({ method: 'GET', path: '/api/v1/users' });
    expect(res.status).toBe(200);
    expect(records.map((r) => r.status)).toEqual(['error', 200]);
  });

  it('reports a body that stalls as OktaTimeoutError(body)', async () => {
    const { transport } = transportFor(ctx.h, {
      timeouts: { bodyMs: 100 },
      retry: { maxRetries: 0 },
    });
    ctx.h.sim.faults.set({ slowBodyMs: 1500 });
    const error = await caught(transport.request({ method: 'GET', path: '/api/v1/users' }));
    expect(error).toMatchObject({ phase: 'body', outcomeUnknown: false });
  });

  it("stops at the caller's deadline however long the timeouts are", async () => {
    const { transport } = transportFor(ctx.h);
    ctx.h.sim.faults.set({ stallMs: 2000 });
    const started = Date.now();
    const error = await caught(
      transport.request({ method: 'GET', path: '/api/v1/users', deadline: Date.now() + 300 }),
    );
    expect(error).toMatchObject({ phase: 'deadline', outcomeUnknown: false });
    expect(Date.now() - started).toBeLessThan(600);
  });
});

describe('OktaTransport: calls in flight', () => {
  it('keeps at most 10 calls in flight per org by default, and uses all 10', async () => {
    let open = 0;
    let most = 0;
    // A plain server that holds each call 50 ms and counts how many it holds at once.
    const server = createHttpServer((_req, res) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '500',
          'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 60),
        });
        res.end('[]');
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createOktaTransport({
      orgUrl: `http://127.0.0.1:${port}`,
      credentials: { apiToken: 'unused-token-0123456789' },
    });
    await Promise.all(
      Array.from({ length: 40 }, () => transport.request({ method: 'GET', path: '/api/v1/users' })),
    );
    await transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(most).toBe(10);
  });
});

describe('OktaTransport with a MockAgent: what the simulator cannot produce', () => {
  const origin = 'https://acme.okta.example';
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  const mockTransport = () =>
    createOktaTransport({
      orgUrl: origin,
      credentials: { apiToken: 'mock-token-0123456789' },
      dispatcher: agent,
    });

  it('parses Link headers sent as separate lines and as one comma-joined line', () => {
    const a = '<https://acme.okta.example/api/v1/users?limit=2>; rel="self"';
    const b = '<https://acme.okta.example/api/v1/users?after=00u2&limit=2>; rel="next"';
    const expected = {
      self: 'https://acme.okta.example/api/v1/users?limit=2',
      next: 'https://acme.okta.example/api/v1/users?after=00u2&limit=2',
    };
    expect(parseLinkHeader([a, b])).toEqual(expected);
    expect(parseLinkHeader([`${a}, ${b}`])).toEqual(expected);
  });

  it('puts back the search, expand and page size that a next link dropped', async () => {
    const pool = agent.get(origin);
    const search = 'profile.department eq "R&D"';
    pool
      .intercept({
        path: `/api/v1/users?search=${encodeURIComponent(search).replace(/%20/g, '+')}&expand=classification&limit=2`,
        method: 'GET',
      })
      .reply(200, [{ id: '00u1' }, { id: '00u2' }], {
        headers: {
          link: `<${origin}/api/v1/users?limit=2>; rel="self", <${origin}/api/v1/users?after=00u2>; rel="next"`,
        },
      });
    const seen: string[] = [];
    pool
      .intercept({
        path: (path) => {
          seen.push(path);
          return path.startsWith('/api/v1/users?after=00u2');
        },
        method: 'GET',
      })
      .reply(200, [{ id: '00u3' }]);
    const transport = mockTransport();
    const ids: string[] = [];
    for await (const page of transport.paginate<{ id: string }>(
      { method: 'GET', path: '/api/v1/users', query: { search, expand: 'classification' } },
      { pageSize: 2 },
    )) {
      ids.push(...page.map((u) => u.id));
    }
    expect(ids).toEqual(['00u1', '00u2', '00u3']);
    const second = new URL(seen.at(-1) ?? '', origin).searchParams;
    expect(Object.fromEntries(second)).toEqual({
      after: '00u2',
      search,
      expand: 'classification',
      limit: '2',
    });
  });

  it("follows a next link on another host only on the org's own host", async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/v1/groups?limit=1', method: 'GET' }).reply(200, [{ id: '00g1' }], {
      headers: { link: '<https://evil.example/api/v1/groups?after=00g1&limit=1>; rel="next"' },
    });
    pool
      .intercept({ path: '/api/v1/groups?after=00g1&limit=1', method: 'GET' })
      .reply(200, [{ id: '00g2' }]);
    const ids: string[] = [];
    for await (const page of mockTransport().paginate<{ id: string }>(
      { method: 'GET', path: '/api/v1/groups' },
      { pageSize: 1 },
    )) {
      ids.push(...page.map((g) => g.id));
    }
    expect(ids).toEqual(['00g1', '00g2']);
  });

  it('maps an error page without an Okta body to OktaApiError with the HTTP status', async () => {
    agent
      .get(origin)
      .intercept({ path: '/api/v1/users/00u1', method: 'DELETE' })
      .reply(404, '<html>Not Found</html>', { headers: { 'content-type': 'text/html' } });
    const error = await caught(
      mockTransport().request({ method: 'DELETE', path: '/api/v1/users/00u1' }),
    );
    expect(error).toMatchObject({
      status: 404,
      oktaCode: 'HTTP_404',
      summary: 'Okta answered HTTP 404 without an error body',
    });
  });
});
