import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, errors, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/simulator/store.ts';
import { useSimulator } from '../support/simulator.ts';

/** Faults and latency injected for tests and benchmarks (src/simulator/faults.ts). */

interface OktaError {
  errorCode: string;
  errorSummary: string;
}

describe('simulator faults', () => {
  const h = useSimulator({ size: 'empty' });
  // A client of our own where a test needs undici's timeouts or a raw socket error.
  const agent = new Agent({ keepAliveTimeout: 10 });

  afterEach(() => h.sim.faults.clear());
  afterAll(() => agent.close());

  const statuses = async (n: number, path = '/api/v1/users'): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await h.api('GET', path)).status);
    return out;
  };

  const raw = (path: string, options: { headersTimeout?: number; bodyTimeout?: number } = {}) =>
    request(`${h.sim.url}${path}`, {
      headers: { authorization: `SSWS ${h.sim.apiToken}`, accept: 'application/json' },
      dispatcher: agent,
      ...options,
    });

  describe('latency', () => {
    it('delays every answer by latencyMs', async () => {
      h.sim.faults.set({ latencyMs: 150 });
      const started = performance.now();
      const res = await h.api('GET', '/api/v1/users');
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    });

    it('with latencyIncludesWork, does the work at once and holds the answer until latencyMs from its arrival', async () => {
      h.sim.faults.set({ latencyMs: 300, latencyIncludesWork: true });
      const started = performance.now();
      const answer = h.api<{ id: string }>('POST', '/api/v1/groups', {
        body: { profile: { name: 'Worked at once' } },
      });
      // The group is stored long before the answer leaves, as Okta's own work would be.
      await sleep(150);
      const stored = [...h.sim.org.groups.values()].filter(
        (g) => g.profile.name === 'Worked at once',
      );
      expect(stored).toHaveLength(1);
      const res = await answer;
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
      expect([res.status, res.body.id]).toEqual([200, stored[0]?.id]);
    });

    it('by default waits latencyMs before the work', async () => {
      h.sim.faults.set({ latencyMs: 300 });
      const answer = h.api('POST', '/api/v1/groups', {
        body: { profile: { name: 'Worked later' } },
      });
      await sleep(150);
      const named = () =>
        [...h.sim.org.groups.values()].filter((g) => g.profile.name === 'Worked later');
      expect(named()).toHaveLength(0);
      expect((await answer).status).toBe(200);
      expect(named()).toHaveLength(1);
    });

    it('answers promptly again once cleared', async () => {
      h.sim.faults.set({ latencyMs: 150 });
      h.sim.faults.clear();
      const started = performance.now();
      await h.api('GET', '/api/v1/users');
      expect(performance.now() - started).toBeLessThan(145);
    });
  });

  describe('failNext', () => {
    it('fails exactly the next count requests with the status asked for', async () => {
      h.sim.faults.set({ failNext: { count: 2, status: 502 } });
      expect(await statuses(4)).toEqual([502, 502, 200, 200]);
    });

    it('answers a failed request with Okta’s error body for the status', async () => {
      h.sim.faults.set({ failNext: { count: 2, status: 500 } });
      const internal = await h.api<OktaError>('GET', '/api/v1/users');
      h.sim.faults.set({ failNext: { count: 1, status: 503 } });
      const unavailable = await h.api<OktaError>('GET', '/api/v1/users');
      expect([internal.body.errorCode, unavailable.body.errorCode]).toEqual([
        'E0000009',
        'E0000010',
      ]);
    });

    it('leaves the org untouched by a failed write', async () => {
      h.sim.faults.set({ failNext: { count: 1, status: 500 } });
      const res = await h.api('POST', '/api/v1/groups', { body: { profile: { name: 'Ghost' } } });
      expect(res.status).toBe(500);
      const names = [...h.sim.org.groups.values()].map((g) => g.profile.name);
      expect(names).not.toContain('Ghost');
    });

    it('still reports the rate-limit headers on the failure', async () => {
      h.sim.faults.set({ failNext: { count: 1, status: 500 } });
      const res = await h.api('GET', '/api/v1/users');
      expect(res.headers.get('x-rate-limit-limit')).toBe('600');
    });
  });

  describe('errorRate', () => {
    it('fails every request with a 500 or 503 at a rate of 1', async () => {
      h.sim.faults.set({ errorRate: 1 });
      const seen = await statuses(8);
      expect(seen.filter((s) => s !== 500 && s !== 503)).toEqual([]);
    });
  });

  describe('dropNext', () => {
    it('destroys the connection of the next request without an answer', async () => {
      h.sim.faults.set({ dropNext: 1 });
      const error = await raw('/api/v1/users').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(errors.SocketError);
    });

    it('drops exactly dropNext requests, then answers again', async () => {
      h.sim.faults.set({ dropNext: 2 });
      const outcomes: string[] = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(
          await raw('/api/v1/users').then(
            async (res) => {
              await res.body.dump();
              return String(res.statusCode);
            },
            () => 'dropped',
          ),
        );
      }
      expect(outcomes).toEqual(['dropped', 'dropped', '200']);
    });
  });

  describe('rateLimitNext', () => {
    it('answers 429 E0000047 to exactly the next rateLimitNext requests', async () => {
      h.sim.faults.set({ rateLimitNext: 2 });
      expect(await statuses(3)).toEqual([429, 429, 200]);
    });

    it('reports the bucket as spent without spending it or logging a violation', async () => {
      h.sim.rateLimiter.reset();
      await h.api('GET', '/api/v1/users');
      const violations = () =>
        h.sim.org.log.filter(({ event }) => event.eventType === 'system.org.rate_limit.violation');
      const before = violations().length;
      h.sim.faults.set({ rateLimitNext: 1 });
      const res = await h.api<OktaError>('GET', '/api/v1/users');
      expect(res.body.errorCode).toBe('E0000047');
      expect(res.headers.get('x-rate-limit-limit')).toBe('600');
      expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(h.sim.rateLimiter.view()['users.collection']?.used).toBe(1);
      expect(violations().length).toBe(before);
    });
  });

  describe('stallMs', () => {
    // undici checks its header and body timeouts on a half-second tick, so the stalls below
    // last well beyond the timeouts that must fire.
    it('sends nothing for stallMs, so a client’s header timeout fires', async () => {
      h.sim.faults.set({ stallMs: 2_000 });
      const error = await raw('/api/v1/users', { headersTimeout: 100 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(errors.HeadersTimeoutError);
    });

    it('answers after the stall to a client that waits', async () => {
      h.sim.faults.set({ stallMs: 200 });
      const started = performance.now();
      const res = await h.api('GET', '/api/v1/users');
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    });
  });

  describe('slowBodyMs', () => {
    it('sends the headers at once and the rest of the body slowBodyMs later', async () => {
      h.sim.faults.set({ slowBodyMs: 400 });
      const started = performance.now();
      const res = await raw('/api/v1/users');
      const headersAfter = performance.now() - started;
      const users = JSON.parse(await res.body.text()) as unknown[];
      const bodyAfter = performance.now() - started;
      expect(res.statusCode).toBe(200);
      expect(users.length).toBeGreaterThan(0);
      expect(headersAfter).toBeLessThan(390);
      expect(bodyAfter).toBeGreaterThanOrEqual(395);
    });

    it('trips a client’s body timeout shorter than the pause', async () => {
      h.sim.faults.set({ slowBodyMs: 2_000 });
      const res = await raw('/api/v1/users', { bodyTimeout: 100 });
      const error = await res.body.text().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(errors.BodyTimeoutError);
    });
  });

  describe('onlyRoutes', () => {
    it('keeps a counted fault for the routes named, however many others come first', async () => {
      h.sim.faults.set({ failNext: { count: 1, status: 500 }, onlyRoutes: ['GET /api/v1/groups'] });
      expect(await statuses(2, '/api/v1/users')).toEqual([200, 200]);
      expect(await statuses(2, '/api/v1/groups')).toEqual([500, 200]);
    });

    it('matches requests by route template, whatever the ids', async () => {
      const admin = [...h.sim.org.users.values()][0];
      h.sim.faults.set({ rateLimitNext: 1, onlyRoutes: ['GET /api/v1/users/:userId'] });
      expect((await h.api('GET', `/api/v1/users/${admin?.id}`)).status).toBe(429);
    });

    it('does not hold back latency, which every request gets', async () => {
      h.sim.faults.set({ latencyMs: 150, onlyRoutes: ['GET /api/v1/groups'] });
      const started = performance.now();
      await h.api('GET', '/api/v1/users');
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    });
  });

  describe('request counter', () => {
    it('counts requests by route template, one key for every id', async () => {
      const group = await h.api<{ id: string }>('POST', '/api/v1/groups', {
        body: { profile: { name: 'Counted' } },
      });
      h.sim.requests.reset();
      await h.api('GET', `/api/v1/groups/${group.body.id}`);
      await h.api('GET', '/api/v1/groups/00gnobody000000000000');
      // Only the groups routes: a stalled request of an earlier test may still be counted late.
      const groupKeys = Object.entries(h.sim.requests.snapshot()).filter(([key]) =>
        key.startsWith('GET /api/v1/groups'),
      );
      expect(Object.fromEntries(groupKeys)).toEqual({ 'GET /api/v1/groups/:groupId': 2 });
    });

    it('counts refused, failed and dropped requests too', async () => {
      h.sim.requests.reset();
      h.sim.faults.set({ dropNext: 1 });
      await raw('/api/v1/users').catch(() => undefined);
      h.sim.faults.set({ rateLimitNext: 1 });
      await h.api('GET', '/api/v1/users');
      h.sim.faults.set({ failNext: { count: 1, status: 500 } });
      await h.api('GET', '/api/v1/users');
      await h.api('GET', '/api/v1/users', { auth: 'SSWS wrong' });
      expect(h.sim.requests.count('GET /api/v1/users')).toBe(4);
    });

    it('counts an unknown path under its own path', async () => {
      h.sim.requests.reset();
      await h.api('DELETE', '/api/v1/nowhere');
      expect(h.sim.requests.snapshot()).toEqual({ 'DELETE /api/v1/nowhere': 1 });
    });

    it('totals every route', async () => {
      h.sim.requests.reset();
      await h.api('GET', '/api/v1/users');
      await h.api('GET', '/api/v1/groups');
      await h.api('GET', '/api/v1/groups');
      expect(h.sim.requests.total()).toBe(3);
    });
  });

  it('logs nothing in the System Log for an injected failure', async () => {
    const before = h.sim.org.log.length;
    h.sim.faults.set({ failNext: { count: 1, status: 500 } });
    await h.api('POST', '/api/v1/groups', { body: { profile: { name: 'Unlogged' } } });
    await sleep(10);
    const written: LogEvent[] = h.sim.org.log.slice(before).map((p) => p.event);
    expect(written).toEqual([]);
  });
});
