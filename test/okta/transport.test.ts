/**
 * The transport as a whole: requests, Okta's errors, rate limits and the caller's deadline, calls
 * in flight (its retries are in retry.test.ts, its pages in paginate.test.ts).
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { createOktaClient } from '../../src/okta/client.ts';
import { OktaApiError, OktaAuthError, OktaRateLimitError } from '../../src/okta/errors.ts';
import { callerSpender, SYSTEM_SPENDERS } from '../../src/okta/rate-limit.ts';
import {
  createOktaTransport,
  DEFAULT_MAX_CONCURRENCY,
  maxConcurrencyFor,
} from '../../src/okta/transport.ts';
import type { SimHarness } from '../support/simulator.ts';
import {
  createUser,
  newUser,
  rejectionOf,
  simulatorFor,
  transportFor,
  type WireUser,
} from './support.ts';

/** The simulator's windows start on whole seconds when they are one second long. */
const waitForNextWindow = () =>
  new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));

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
    const error = await rejectionOf(
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
    const error = await rejectionOf(
      transport.request({ method: 'GET', path: '/api/v1/users/00u000000000000000x0' }),
    );
    expect(error).toMatchObject({ status: 404, oktaCode: 'E0000007' });
  });

  it('turns a refused API token into OktaAuthError whose message does not hold the token', async () => {
    const { transport } = createOktaTransportWith(ctx.h, 'SSWS-secret-not-valid-0123456789');
    const error = await rejectionOf(transport.request({ method: 'GET', path: '/api/v1/users' }));
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
    const error = await rejectionOf(
      transport.request({ method: 'GET', path: '/api/v1/users', deadline: Date.now() + 500 }),
    );
    expect(error).toBeInstanceOf(OktaRateLimitError);
    expect(error).toMatchObject({ bucket: 'users.collection' });
    expect(Date.now() - started).toBeLessThan(400);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(0);
  });
});

describe('OktaTransport: calls in flight', () => {
  it("keeps at most half of Okta's concurrent cap (75) in flight per org by default, and uses all 37", async () => {
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
      Array.from({ length: 3 * DEFAULT_MAX_CONCURRENCY }, () =>
        transport.request({ method: 'GET', path: '/api/v1/users' }),
      ),
    );
    await transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(DEFAULT_MAX_CONCURRENCY).toBe(37);
    expect(most).toBe(37);
  });
});

describe("OktaTransport: calls in flight within a share of Okta's concurrent cap", () => {
  // The simulator answers 429 (concurrency) to a request over its cap of 8, as Okta does.
  const ctx = simulatorFor({ size: 'empty', concurrencyLimit: 8 });

  it('sends 24 calls at once to an org that allows 8 in flight, 8 at a time at most, none refused', async () => {
    const cap = maxConcurrencyFor(8, 1);
    const { transport } = transportFor(ctx.h, { maxConcurrency: cap });
    const user = await createUser(transport);
    ctx.h.sim.faults.set({ latencyMs: 30 });
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, ctx.h.sim.rateLimiter.concurrent);
    }, 2);
    const answers = await Promise.all(
      Array.from({ length: 3 * cap }, () =>
        transport.request({ method: 'GET', path: `/api/v1/users/${user.id}` }),
      ),
    );
    clearInterval(sampler);
    await transport.close();
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
    expect(ctx.exchanges.filter((e) => e.status === 429)).toEqual([]);
    expect(ctx.h.sim.requests.count('GET /api/v1/users/:userId')).toBe(24);
    expect(most).toBeLessThanOrEqual(8);
    expect(most).toBeGreaterThan(1);
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

  it('maps an error page without an Okta body to OktaApiError with the HTTP status', async () => {
    agent
      .get(origin)
      .intercept({ path: '/api/v1/users/00u1', method: 'DELETE' })
      .reply(404, '<html>Not Found</html>', { headers: { 'content-type': 'text/html' } });
    const error = await rejectionOf(
      mockTransport().request({ method: 'DELETE', path: '/api/v1/users/00u1' }),
    );
    expect(error).toMatchObject({
      status: 404,
      oktaCode: 'HTTP_404',
      summary: 'Okta answered HTTP 404 without an error body',
    });
  });
});

describe("OktaTransport: each caller's share of a bucket", () => {
  // 20 GETs of a user a window: 4 left to Okta's other clients, 2 more for the gateway's own
  // work, so callers may spend 14, each at most half: 7.
  const ctx = simulatorFor({ size: 'empty', rateLimits: { 'users.get': 20 } });

  it("refuses a caller's calls past its share while another caller's and the poller's go through", async () => {
    const { transport } = transportFor(ctx.h, {
      rateLimit: { reservedShare: 0.2, systemShare: 0.1, callerShare: 0.5, resetJitterMs: 0 },
    });
    const user = await createUser(transport);
    const okta = createOktaClient({ transport });
    const as = (spender: string) => okta.scoped({ spender, deadline: Date.now() + 500 });
    const outcomes = async (spender: string, count: number) =>
      (
        await Promise.allSettled(
          Array.from({ length: count }, () => as(spender).users.get(user.id)),
        )
      ).map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as Error).constructor.name));
    const alice = await outcomes(callerSpender('alice'), 10);
    expect(alice.filter((o) => o === 'ok')).toHaveLength(7);
    expect(alice.filter((o) => o === 'OktaRateLimitError')).toHaveLength(3);
    expect(await outcomes(callerSpender('bob'), 7)).toEqual(Array(7).fill('ok'));
    // Callers have spent their 14: the gateway's own work still has the system's 2.
    expect(await outcomes(callerSpender('carol'), 1)).toEqual(['OktaRateLimitError']);
    expect(await outcomes(SYSTEM_SPENDERS.poller, 2)).toEqual(['ok', 'ok']);
    expect(ctx.h.sim.requests.count('GET /api/v1/users/:userId')).toBe(16);
    expect(ctx.exchanges.filter((e) => e.status === 429)).toEqual([]);
    await transport.close();
  });
});
