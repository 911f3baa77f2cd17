import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../src/simulator/rate-limit.ts';
import { useSimulator } from '../support/simulator.ts';

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

describe('simulator HTTP surface', () => {
  const h = useSimulator({ size: 'empty' });

  it('answers an unknown path with Okta 404 E0000008 and an X-Okta-Request-Id', async () => {
    const res = await h.api<{ errorCode: string; errorSummary: string }>('GET', '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000008');
    expect(res.body.errorSummary).toBe('The requested path was not found');
    expect(res.headers.get('x-okta-request-id')).toMatch(/^[\w-]{20}$/);
  });

  it('counts served requests by route template', async () => {
    h.sim.requests.reset();
    await h.api('GET', '/api/v1/nope');
    expect(h.sim.requests.count('GET /api/v1/nope')).toBe(1);
  });

  it('gives each error its own errorId of Okta’s shape: oae and 22 letters or digits', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const res = await h.api<{ errorId: string }>('GET', '/api/v1/nope');
      expect(res.body.errorId).toMatch(/^oae[0-9A-Za-z]{22}$/);
      ids.add(res.body.errorId);
    }
    expect(ids.size).toBe(200);
  });

  it('gives each answer its own X-Okta-Request-Id', async () => {
    const first = await h.api('GET', '/api/v1/users');
    const second = await h.api('GET', '/api/v1/users');
    expect(first.headers.get('x-okta-request-id')).not.toBe(
      second.headers.get('x-okta-request-id'),
    );
  });
});

/**
 * The `/__simulator/*` control surface that out-of-process tests and benchmarks use. It takes
 * the org's API token: a simulator printed on a port must not be reconfigurable by anyone else.
 */
describe('simulator admin endpoints', () => {
  const h = useSimulator({ size: 'empty' });
  const admin = <T = unknown>(method: string, path: string, body?: unknown) =>
    h.api<T>(method, `/__simulator/${path}`, { body });

  describe('authorization', () => {
    it('refuses a request without the API token with 401 E0000011', async () => {
      const res = await h.api<OktaError>('GET', '/__simulator/requests', { auth: null });
      expect(res.status).toBe(401);
      expect(res.body.errorCode).toBe('E0000011');
    });

    it('refuses a wrong API token', async () => {
      const res = await h.api('PUT', '/__simulator/faults', {
        body: { failNext: { count: 5, status: 500 } },
        auth: 'SSWS not-the-token',
      });
      expect(res.status).toBe(401);
      expect(h.sim.faults.settings.failNext.count).toBe(0);
    });

    it('refuses an OAuth access token, which is no API token', async () => {
      const res = await h.api('GET', '/__simulator/settings', { auth: `Bearer ${h.sim.apiToken}` });
      expect(res.status).toBe(401);
    });

    it('refuses an unknown admin path with 401 before saying it does not exist', async () => {
      const res = await h.api('GET', '/__simulator/secrets', { auth: null });
      expect(res.status).toBe(401);
    });

    it('answers an unknown admin path with 404 E0000008 to the token holder', async () => {
      const res = await admin<OktaError>('GET', 'secrets');
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('E0000008');
    });
  });

  describe('requests', () => {
    it('lists the requests served by route template', async () => {
      await admin('DELETE', 'requests');
      await h.api('GET', '/api/v1/users');
      await h.api('GET', '/api/v1/users');
      await h.api('GET', '/api/v1/groups');
      const res = await admin('GET', 'requests');
      expect(res.body).toEqual({ 'GET /api/v1/groups': 1, 'GET /api/v1/users': 2 });
    });

    it('starts counting again from nothing after DELETE', async () => {
      await h.api('GET', '/api/v1/users');
      const cleared = await admin('DELETE', 'requests');
      expect(cleared.status).toBe(204);
      expect((await admin('GET', 'requests')).body).toEqual({});
    });

    it('does not count its own requests, nor give them rate-limit headers', async () => {
      await admin('DELETE', 'requests');
      const res = await admin('GET', 'settings');
      expect(res.headers.get('x-rate-limit-limit')).toBeNull();
      expect((await admin('GET', 'requests')).body).toEqual({});
    });
  });

  describe('faults', () => {
    it('sets the faults a PUT names and answers with all of them', async () => {
      const res = await admin<Record<string, unknown>>('PUT', 'faults', {
        failNext: { count: 1, status: 503 },
        latencyMs: 5,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ failNext: { count: 1, status: 503 }, latencyMs: 5 });
      expect((await h.api('GET', '/api/v1/users')).status).toBe(503);
      expect((await h.api('GET', '/api/v1/users')).status).toBe(200);
    });

    it('replaces the faults set before, rather than adding to them', async () => {
      await admin('PUT', 'faults', { latencyMs: 50, rateLimitNext: 3 });
      await admin('PUT', 'faults', { stallMs: 1 });
      const res = await admin<Record<string, unknown>>('GET', 'faults');
      expect(res.body).toMatchObject({ latencyMs: 0, rateLimitNext: 0, stallMs: 1 });
      await admin('PUT', 'faults', {});
    });

    it('refuses a fault it does not know, or a wrong value, naming each with 400 E0000001', async () => {
      const res = await admin<OktaError>('PUT', 'faults', {
        latencyMs: -1,
        failNext: { count: 1, status: 404 },
        latencyIncludesWork: 'yes',
        explode: true,
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorCauses.map((c) => c.errorSummary)).toEqual([
        'latencyMs: a number of milliseconds, 0 or more',
        'failNext.status: a 5xx status',
        'latencyIncludesWork: true or false',
        'explode: not a fault the simulator knows',
      ]);
    });

    it('keeps the faults it had when it refuses a PUT', async () => {
      await admin('PUT', 'faults', { latencyMs: 3 });
      await admin('PUT', 'faults', { latencyMs: 'slow' });
      expect(h.sim.faults.settings.latencyMs).toBe(3);
      await admin('PUT', 'faults', {});
    });
  });

  describe('settings', () => {
    it('shows every rate-limit bucket with the ceiling that applies', async () => {
      const res = await admin<{ rateLimits: Record<string, number> }>('GET', 'settings');
      expect(res.body.rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    });

    it('merges a PATCH of rateLimits per bucket, and applies it to the next request', async () => {
      const res = await admin<{ rateLimits: Record<string, number> }>('PATCH', 'settings', {
        rateLimits: { logs: 7 },
      });
      expect(res.body.rateLimits).toEqual({ ...DEFAULT_RATE_LIMITS, logs: 7 });
      const logs = await h.api('GET', '/api/v1/logs?limit=1');
      expect(logs.headers.get('x-rate-limit-limit')).toBe('7');
    });

    it('puts a bucket set to null back to Okta’s ceiling', async () => {
      await admin('PATCH', 'settings', { rateLimits: { logs: 7 } });
      const res = await admin<{ rateLimits: Record<string, number> }>('PATCH', 'settings', {
        rateLimits: { logs: null },
      });
      expect(res.body.rateLimits.logs).toBe(120);
    });

    it('sets a plain setting such as the concurrency cap', async () => {
      const res = await admin<{ concurrencyLimit: number }>('PATCH', 'settings', {
        concurrencyLimit: 40,
      });
      expect(res.body.concurrencyLimit).toBe(40);
      expect(h.sim.org.settings.concurrencyLimit).toBe(40);
      await admin('PATCH', 'settings', { concurrencyLimit: 75 });
    });

    it('refuses unknown settings, buckets and types all at once, changing nothing', async () => {
      const res = await admin<OktaError>('PATCH', 'settings', {
        searchLagMs: 10,
        requireDpop: 'yes',
        rateLimits: { 'users.everything': 5 },
        colour: 'blue',
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCauses.map((c) => c.errorSummary)).toEqual([
        'requireDpop: a boolean',
        'rateLimits.users.everything: no such bucket',
        'colour: not a setting the simulator has',
      ]);
      expect(h.sim.org.settings.searchLagMs).toBe(0);
    });
  });

  describe('rate limits', () => {
    it('shows what each bucket has used in its window', async () => {
      await admin('DELETE', 'rate-limits');
      await h.api('GET', '/api/v1/groups');
      await h.api('GET', '/api/v1/groups');
      const res = await admin<Record<string, { limit: number; used: number; resetsAt: number }>>(
        'GET',
        'rate-limits',
      );
      expect(res.body['groups.collection']).toEqual({
        limit: 500,
        used: 2,
        resetsAt: expect.any(Number),
      });
    });

    it('empties every bucket on DELETE', async () => {
      await h.api('GET', '/api/v1/groups');
      expect((await admin('DELETE', 'rate-limits')).status).toBe(204);
      expect((await admin('GET', 'rate-limits')).body).toEqual({});
    });
  });

  describe('hook deliveries', () => {
    let receiver: Server;
    let uri = '';
    const delivered: string[] = [];

    beforeAll(async () => {
      // An endpoint that verifies at once but takes its time over deliveries.
      receiver = createServer((req, res) => {
        if (req.method === 'GET') {
          const challenge = String(req.headers['x-okta-verification-challenge']);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ verification: challenge }));
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          setTimeout(() => {
            delivered.push(Buffer.concat(chunks).toString('utf8'));
            res.writeHead(204);
            res.end();
          }, 200);
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    });

    afterAll(async () => {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    });

    it('answers idle with 204 once the deliveries under way have reached their hooks', async () => {
      const hook = await h.api<{ id: string }>('POST', '/api/v1/eventHooks', {
        body: {
          name: 'Slow consumer',
          events: { type: 'EVENT_TYPE', items: ['group.lifecycle.create'] },
          channel: { type: 'HTTP', version: '1.0.0', config: { uri } },
        },
      });
      const verified = await h.api('POST', `/api/v1/eventHooks/${hook.body.id}/lifecycle/verify`);
      expect(verified.status).toBe(200);
      await h.api('POST', '/api/v1/groups', { body: { profile: { name: 'Delivered' } } });
      expect(delivered).toEqual([]);
      const res = await admin('GET', 'hook-deliveries/idle');
      expect(res.status).toBe(204);
      expect(delivered).toHaveLength(1);
    });
  });
});
