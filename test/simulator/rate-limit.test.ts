import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS } from '../../src/simulator/rate-limit.ts';
import type { LogEvent } from '../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

/**
 * Okta's rate limiting as the simulator plays it (docs/okta-behaviour.md §0.5): the three
 * headers on every answer, one bucket per request, 429 E0000047 once a bucket is spent, the
 * reset, the concurrency cap, and the System Log violations.
 */

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: unknown[];
}

const rateHeaders = (headers: Headers) => ({
  limit: headers.get('x-rate-limit-limit'),
  remaining: headers.get('x-rate-limit-remaining'),
  reset: headers.get('x-rate-limit-reset'),
});

const profile = (name: string) => ({
  firstName: name,
  lastName: 'Limit',
  email: `${name.toLowerCase()}@example.com`,
  login: `${name.toLowerCase()}@example.com`,
});

async function created(h: SimHarness, path: string, body: unknown): Promise<string> {
  const res = await h.api<{ id: string }>('POST', path, { body });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

function eventsOf(h: SimHarness, eventType: string): LogEvent[] {
  return h.sim.org.log.map((p) => p.event).filter((e) => e.eventType === eventType);
}

describe('rate-limit headers', () => {
  const h = useSimulator({ size: 'empty' });

  it('reports the users collection bucket on a 200', async () => {
    const res = await h.api('GET', '/api/v1/users');
    expect(res.status).toBe(200);
    const { limit, remaining, reset } = rateHeaders(res.headers);
    expect(limit).toBe('600');
    expect(Number(remaining)).toBeLessThan(600);
    expect(Number(reset)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('reports the bucket on a 401 for a bad token', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/users', { auth: 'SSWS not-a-token' });
    expect(res.status).toBe(401);
    expect(res.body.errorCode).toBe('E0000011');
    expect(rateHeaders(res.headers).limit).toBe('600');
  });

  it('reports the bucket on a 401 without any credential', async () => {
    const res = await h.api('GET', '/api/v1/groups', { auth: null });
    expect(res.status).toBe(401);
    expect(rateHeaders(res.headers).limit).toBe('500');
  });

  it('reports the user bucket on a 404 for an unknown user', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/users/00unobody0000000000x');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000007');
    expect(rateHeaders(res.headers).limit).toBe('2000');
  });

  it('reports the "most other API actions" bucket on a 404 for an unknown path', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/nothing/here');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000008');
    expect(rateHeaders(res.headers).limit).toBe('1200');
  });

  it('reports the route’s bucket on a 405 for a method the path does not take', async () => {
    const res = await h.api<OktaError>('PATCH', '/api/v1/users/00unobody0000000000x');
    expect(res.status).toBe(405);
    expect(res.body.errorCode).toBe('E0000022');
    expect(rateHeaders(res.headers).limit).toBe('600');
  });

  it('reports the bucket on a 400 for a malformed body', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/groups', { body: '{"profile":' });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000003');
    expect(rateHeaders(res.headers).limit).toBe('500');
  });

  it('counts down Remaining by one per request in the same window', async () => {
    // Not in the last second of a minute, so that both calls fall in one window.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 1_000) await sleep(left + 5);
    h.sim.rateLimiter.reset();
    const first = rateHeaders((await h.api('GET', '/api/v1/eventHooks')).headers);
    const second = rateHeaders((await h.api('GET', '/api/v1/eventHooks')).headers);
    expect([first.remaining, second.remaining]).toEqual(['1199', '1198']);
  });

  it('gives the reset as UTC epoch seconds at the end of the current minute', async () => {
    const before = Date.now();
    const { reset } = rateHeaders((await h.api('GET', '/api/v1/users')).headers);
    expect(reset).toMatch(/^\d{10}$/);
    const resetMs = Number(reset) * 1000;
    expect(resetMs % 60_000).toBe(0);
    expect(resetMs).toBeGreaterThan(before);
    expect(resetMs).toBeLessThanOrEqual(before + 60_000);
  });
});

describe('rate-limit buckets', () => {
  // A distinct ceiling per bucket, so X-Rate-Limit-Limit names the bucket a request counted against.
  const ceilings = Object.fromEntries(
    Object.keys(DEFAULT_RATE_LIMITS).map((bucket, i) => [bucket, 5_000 + i]),
  );
  const h = useSimulator({ size: 'empty', rateLimits: ceilings });
  const ids = { user: '', spare: '', doomed: '', group: '', app: '' };

  beforeAll(async () => {
    ids.user = await created(h, '/api/v1/users?activate=true', { profile: profile('Reader') });
    ids.spare = await created(h, '/api/v1/users?activate=true', { profile: profile('Spare') });
    ids.doomed = await created(h, '/api/v1/users?activate=true', { profile: profile('Doomed') });
    ids.group = await created(h, '/api/v1/groups', { profile: { name: 'Limits' } });
    ids.app = await created(h, '/api/v1/apps', {
      label: 'Limits',
      signOnMode: 'BOOKMARK',
      settings: { app: { url: 'https://example.com/limits' } },
    });
  });

  const cases: { method: string; path: string; body?: unknown; bucket: string }[] = [
    { method: 'GET', path: '/api/v1/users', bucket: 'users.collection' },
    {
      method: 'POST',
      path: '/api/v1/users?activate=false',
      body: { profile: profile('Created') },
      bucket: 'users.collection',
    },
    { method: 'GET', path: '/api/v1/users/{user}', bucket: 'users.get' },
    {
      method: 'GET',
      path: '/api/v1/users/reader@example.com',
      bucket: 'users.get',
    },
    {
      method: 'POST',
      path: '/api/v1/users/{user}',
      body: { profile: { nickName: 'R' } },
      bucket: 'users.write',
    },
    {
      method: 'PUT',
      path: '/api/v1/users/{user}',
      body: { profile: profile('Reader') },
      bucket: 'users.write',
    },
    { method: 'DELETE', path: '/api/v1/users/{doomed}', bucket: 'users.write' },
    {
      method: 'POST',
      path: '/api/v1/users/{spare}/lifecycle/suspend',
      bucket: 'default',
    },
    { method: 'GET', path: '/api/v1/users/{user}/groups', bucket: 'default' },
    { method: 'GET', path: '/api/v1/groups', bucket: 'groups.collection' },
    {
      method: 'POST',
      path: '/api/v1/groups',
      body: { profile: { name: 'Another' } },
      bucket: 'groups.collection',
    },
    { method: 'GET', path: '/api/v1/groups/{group}', bucket: 'groups.item' },
    { method: 'GET', path: '/api/v1/groups/{group}/users', bucket: 'default' },
    {
      method: 'PUT',
      path: '/api/v1/groups/{group}/users/{user}',
      bucket: 'default',
    },
    { method: 'GET', path: '/api/v1/apps', bucket: 'apps.collection' },
    { method: 'GET', path: '/api/v1/apps/{app}', bucket: 'apps.item' },
    { method: 'GET', path: '/api/v1/apps/{app}/users', bucket: 'apps.collection' },
    {
      method: 'POST',
      path: '/api/v1/apps/{app}/lifecycle/deactivate',
      bucket: 'apps.collection',
    },
    { method: 'GET', path: '/api/v1/logs', bucket: 'logs' },
    { method: 'GET', path: '/api/v1/eventHooks', bucket: 'default' },
    { method: 'GET', path: '/api/v1/meta/schemas/user/default', bucket: 'default' },
    {
      method: 'POST',
      path: '/oauth2/v1/token',
      body: 'grant_type=client_credentials',
      bucket: 'oauth2.token',
    },
  ];

  it.each(cases)('counts $method $path against $bucket only', async (c) => {
    const before = h.sim.rateLimiter.view();
    const headers: Record<string, string> = {};
    if (typeof c.body === 'string') headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const path = c.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name]);
    const res = await h.api(c.method, path, { body: c.body, headers });
    expect(res.status).toBeLessThan(500);
    expect(rateHeaders(res.headers).limit).toBe(String(ceilings[c.bucket]));
    const after = h.sim.rateLimiter.view();
    const grown = Object.keys(after).filter(
      (bucket) => after[bucket]?.used !== (before[bucket]?.used ?? 0),
    );
    expect(grown).toEqual([c.bucket]);
  });
});

describe('a spent bucket', () => {
  const WINDOW_MS = 1_000;
  const h = useSimulator({
    size: 'empty',
    rateLimits: { 'users.collection': 3 },
    rateLimitWindowMs: WINDOW_MS,
  });

  /** Start each test on an empty bucket with most of a window ahead of it. */
  async function freshWindow(): Promise<void> {
    const left = WINDOW_MS - (Date.now() % WINDOW_MS);
    if (left < 700) await sleep(left + 5);
    h.sim.rateLimiter.reset();
  }

  async function spend(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const res = await h.api('GET', '/api/v1/users');
      expect(res.status).toBe(200);
    }
  }

  it('answers 429 with Okta’s E0000047 body once its calls are used up', async () => {
    await freshWindow();
    await spend();
    const res = await h.api<OktaError>('GET', '/api/v1/users');
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      errorCode: 'E0000047',
      errorSummary: 'API call exceeded rate limit due to too many requests.',
      errorLink: 'E0000047',
      errorId: expect.stringMatching(/^oae[0-9A-Za-z]{22}$/),
      errorCauses: [],
    });
  });

  it('reports the ceiling, nothing remaining and the reset on the 429', async () => {
    await freshWindow();
    await spend();
    const res = await h.api('GET', '/api/v1/users');
    const windowEnd = Math.ceil(Date.now() / WINDOW_MS) * WINDOW_MS;
    expect(rateHeaders(res.headers)).toEqual({
      limit: '3',
      remaining: '0',
      reset: String(windowEnd / 1000),
    });
  });

  it('counts down 2, 1, 0 on the calls that spend it', async () => {
    await freshWindow();
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      remaining.push(rateHeaders((await h.api('GET', '/api/v1/users')).headers).remaining);
    }
    expect(remaining).toEqual(['2', '1', '0']);
  });

  it('does not count the refused requests as used', async () => {
    await freshWindow();
    await spend();
    for (let i = 0; i < 4; i++) await h.api('GET', '/api/v1/users');
    expect(h.sim.rateLimiter.view()['users.collection']?.used).toBe(3);
  });

  it('leaves the other buckets usable', async () => {
    await freshWindow();
    await spend();
    expect((await h.api('GET', '/api/v1/users')).status).toBe(429);
    expect((await h.api('GET', '/api/v1/groups')).status).toBe(200);
  });

  it('serves again from the second its reset header names, with a full bucket', async () => {
    await freshWindow();
    await spend();
    const refused = await h.api('GET', '/api/v1/users');
    expect(refused.status).toBe(429);
    const resetMs = Number(rateHeaders(refused.headers).reset) * 1000;
    await sleep(Math.max(0, resetMs - Date.now()));
    const again = await h.api('GET', '/api/v1/users');
    expect(again.status).toBe(200);
    expect(rateHeaders(again.headers).remaining).toBe('2');
  });

  it('writes one system.org.rate_limit.violation for all the refusals of a window', async () => {
    await freshWindow();
    const before = eventsOf(h, 'system.org.rate_limit.violation').length;
    await spend();
    for (let i = 0; i < 3; i++) expect((await h.api('GET', '/api/v1/users')).status).toBe(429);
    expect(eventsOf(h, 'system.org.rate_limit.violation').length - before).toBe(1);
  });

  it('writes another violation when the bucket is spent again in a later window', async () => {
    await freshWindow();
    const before = eventsOf(h, 'system.org.rate_limit.violation').length;
    await spend();
    const refused = await h.api('GET', '/api/v1/users');
    await sleep(Math.max(0, Number(rateHeaders(refused.headers).reset) * 1000 - Date.now()));
    await spend();
    await h.api('GET', '/api/v1/users');
    expect(eventsOf(h, 'system.org.rate_limit.violation').length - before).toBe(2);
  });

  it('names the caller, the URL pattern and the ceiling in the violation', async () => {
    await freshWindow();
    await spend();
    await h.api('GET', '/api/v1/users?limit=5', { headers: { 'User-Agent': 'limits-test/1.0' } });
    const violation = eventsOf(h, 'system.org.rate_limit.violation').at(-1);
    const admin = [...h.sim.org.apiTokens.values()][0];
    expect(violation).toMatchObject({
      eventType: 'system.org.rate_limit.violation',
      displayMessage: 'Rate limit violation',
      legacyEventType: 'core.framework.ratelimit.exceeded',
      severity: 'WARN',
      outcome: { result: 'DENY' },
      actor: { id: admin?.id, type: 'User', alternateId: admin?.alternateId },
      client: { userAgent: { rawUserAgent: 'limits-test/1.0' } },
      target: [{ id: '/api/v1/users', type: 'URL Pattern', displayName: '/api/v1/users' }],
      debugContext: {
        debugData: {
          requestUri: '/api/v1/users',
          url: '/api/v1/users?limit=5',
          rateLimitScopeType: 'ORG',
          threshold: '3',
          timeSpan: '1',
          timeUnit: 'SECONDS',
        },
      },
    });
  });

  it('serves the violation through the System Log API', async () => {
    await freshWindow();
    await spend();
    await h.api('GET', '/api/v1/users');
    const filter = encodeURIComponent('eventType eq "system.org.rate_limit.violation"');
    const res = await h.api<LogEvent[]>('GET', `/api/v1/logs?filter=${filter}`);
    expect(res.status).toBe(200);
    expect(res.body.at(-1)).toEqual(eventsOf(h, 'system.org.rate_limit.violation').at(-1));
  });

  it('names Okta’s system principal when the caller’s token is unknown', async () => {
    await freshWindow();
    await spend();
    await h.api('GET', '/api/v1/users', { auth: 'SSWS not-a-token' });
    expect(eventsOf(h, 'system.org.rate_limit.violation').at(-1)?.actor).toEqual({
      id: 'system@okta.com',
      type: 'SystemPrincipal',
      alternateId: 'system@okta.com',
      displayName: 'Okta System',
    });
  });
});

describe('the concurrency cap', () => {
  const h = useSimulator({ size: 'empty', concurrencyLimit: 2 });

  /** Two slow requests in flight, then a third: the third meets the cap. */
  async function crowd(): Promise<{ status: number; headers: Headers; body: OktaError }[]> {
    h.sim.faults.set({ latencyMs: 300 });
    try {
      const slow = [h.api('GET', '/api/v1/users'), h.api('GET', '/api/v1/users')];
      await sleep(100);
      const third = await h.api<OktaError>('GET', '/api/v1/users');
      return [...(await Promise.all(slow)), third] as never;
    } finally {
      h.sim.faults.clear();
    }
  }

  it('answers 429 E0000047 to a request beyond the cap, and serves the ones within it', async () => {
    const answers = await crowd();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]?.body.errorCode).toBe('E0000047');
  });

  it('reports the concurrent figures in the headers of that 429', async () => {
    const before = Date.now();
    const [, , refused] = await crowd();
    const { limit, remaining, reset } = rateHeaders(refused?.headers as Headers);
    expect([limit, remaining]).toEqual(['2', '0']);
    expect(Number(reset) * 1000).toBeGreaterThan(before);
    expect(Number(reset) * 1000).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('does not count the refused request against the bucket', async () => {
    h.sim.rateLimiter.reset();
    await crowd();
    expect(h.sim.rateLimiter.view()['users.collection']?.used).toBe(2);
  });

  it('reports the per-minute bucket again once requests finish', async () => {
    await crowd();
    const res = await h.api('GET', '/api/v1/users');
    expect(res.status).toBe(200);
    expect(rateHeaders(res.headers).limit).toBe('600');
  });

  it('writes core.concurrency.org.limit.violation once a minute, not once a refusal', async () => {
    h.sim.rateLimiter.reset();
    const before = eventsOf(h, 'core.concurrency.org.limit.violation').length;
    await crowd();
    await crowd();
    const written = eventsOf(h, 'core.concurrency.org.limit.violation');
    expect(written.length - before).toBe(1);
    expect(written.at(-1)).toMatchObject({
      displayMessage: 'Too many concurrent requests in flight',
      severity: 'WARN',
      outcome: { result: 'DENY' },
      debugContext: { debugData: { requestUri: '/api/v1/users', url: '/api/v1/users' } },
    });
  });
});
