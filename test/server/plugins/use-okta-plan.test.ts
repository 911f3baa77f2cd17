import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { useStack } from '../../support/stack.ts';

/** The access screen: 50 users, each user's groups, each group's apps. */
const ACCESS_SCREEN = `{
  users(first: 50) {
    nodes {
      id
      profile { login }
      groups { nodes { id name applications { nodes { id label } } } }
    }
  }
}`;

const since = new Date(Date.now() - 86_400_000).toISOString();
const FIFTEEN_LOG_WINDOWS = `{
  users(first: 100) {
    nodes {
      ${Array.from({ length: 15 }, (_, i) => `l${i}: logEvents(first: 1, since: "${since}") { nodes { uuid } }`).join('\n      ')}
    }
  }
}`;

/** 26 fragments, each spreading the next twice: 2^25 paths through about 1 KB. */
function fragmentBomb(): string {
  const names = Array.from({ length: 26 }, (_, i) => `F${i}`);
  const fragments = names.map((name, i) =>
    i === names.length - 1
      ? `fragment ${name} on User { groups { nodes { id } } }`
      : `fragment ${name} on User { ...${names[i + 1]} ...${names[i + 1]} }`,
  );
  return `{ users(first: 200) { nodes { ...F0 } } } ${fragments.join(' ')}`;
}

describe('the limit is the plan', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  it('runs the access screen: 1 users page, 50 users’ groups, one apps call per distinct group', async () => {
    const res = await stack.graphql(ACCESS_SCREEN, undefined, { 'x-okta-plan': 'include' });
    expect(res.errors).toBeUndefined();
    const calls = stack.oktaCalls.snapshot();
    // The groups probe bounds the plan by the org's 25 groups (1 call, cached for minutes).
    expect(calls['GET /api/v1/users']).toBe(1);
    expect(calls['GET /api/v1/users/:userId/groups']).toBe(50);
    expect(calls['GET /api/v1/groups']).toBe(1);
    const plan = (res as { extensions?: { oktaPlan?: Record<string, Record<string, number>> } })
      .extensions?.oktaPlan;
    expect(plan?.planned).toEqual({
      'users.collection': 1,
      default: 50,
      'apps.collection': 25,
    });
    expect(plan?.actual?.['users.collection']).toBe(1);
    expect(plan?.actual?.default).toBe(50);
    expect(plan?.actual?.['apps.collection']).toBe(calls['GET /api/v1/apps']);
    expect(plan?.actual?.['apps.collection']).toBeLessThanOrEqual(25);
    console.info(
      `access screen: planned ${JSON.stringify(plan?.planned)}, actual ${JSON.stringify(plan?.actual)}`,
    );
  });

  it('refuses 200 users’ groups (201 calls) before any Okta call, naming the bucket', async () => {
    const res = await stack.graphql(
      '{ users(first: 200) { nodes { groups(first: 1) { nodes { id } } } } }',
    );
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'OKTA_PLAN_EXCEEDED',
      bucket: 'default',
      planned: 200,
      ceiling: 100,
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses 100 users × 15 aliased System Log windows (1,500 calls) before any Okta call', async () => {
    const res = await stack.graphql(FIFTEEN_LOG_WINDOWS);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'OKTA_PLAN_EXCEEDED',
      bucket: 'logs',
      planned: 1500,
      ceiling: 100,
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses the fragment bomb with OKTA_PLAN_EXCEEDED, and /healthz answers meanwhile', async () => {
    const [res, health] = await Promise.all([
      stack.graphql(fragmentBomb()),
      stack.gateway.fetch('http://gateway.test/healthz'),
    ]);
    expect(health.status).toBe(200);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'OKTA_PLAN_EXCEEDED',
      bucket: 'default',
      planned: 200,
      ceiling: 100,
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('answers the plan alone with x-okta-plan: only, and calls Okta for nothing', async () => {
    const res = await stack.graphql(
      '{ users(first: 10) { nodes { groups { nodes { id } } } } logEvents(first: 5) { nodes { uuid } } }',
      undefined,
      { 'x-okta-plan': 'only' },
    );
    expect(res.status).toBe(200);
    expect(res.data).toBeUndefined();
    expect(res.errors).toBeUndefined();
    expect((res as { extensions?: unknown }).extensions).toEqual({
      oktaPlan: {
        planned: { 'users.collection': 1, default: 10, logs: 1 },
        ceiling: 100,
      },
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('says what a query planned and what it called with x-okta-plan: include', async () => {
    const res = await stack.graphql(
      '{ users(first: 3) { nodes { id groups { nodes { id } } } } }',
      undefined,
      { 'x-okta-plan': 'include' },
    );
    expect(res.errors).toBeUndefined();
    expect((res as { extensions?: unknown }).extensions).toEqual({
      oktaPlan: {
        planned: { 'users.collection': 1, default: 3 },
        actual: { 'users.collection': 1, default: 3 },
      },
    });
  });

  it('leaves extensions out when no plan is asked for', async () => {
    const res = await stack.graphql('{ users(first: 1) { nodes { id } } }');
    expect(res.errors).toBeUndefined();
    expect((res as { extensions?: unknown }).extensions).toBeUndefined();
  });
});

describe("the org's remaining budget", () => {
  // A logs bucket of 10 a minute, 2 of them left to Okta's other clients; operations end within
  // 5 s, so the next window (at least 10 s away below) comes too late to wait for.
  const stack = useStack({
    sim: { rateLimits: { logs: 10 } },
    env: { GRAPHQL_OPERATION_TIMEOUT_MS: '5000' },
  });

  it('answers RATE_LIMITED with retryAt before any call when a bucket cannot cover the plan', async () => {
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 50_000) await sleep(60_000 - intoWindow + 100);
    const first = await stack.graphql('{ logEvents(first: 1) { nodes { uuid } } }');
    expect(first.errors).toBeUndefined();
    stack.oktaCalls.reset();
    // 9 left, 2 reserved: 7 available; 8 windows planned.
    const windows = Array.from(
      { length: 8 },
      (_, i) => `w${i}: logEvents(first: ${i + 1}) { nodes { uuid } }`,
    ).join(' ');
    const res = await stack.graphql(`{ ${windows} }`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const extensions = res.errors?.[0]?.extensions ?? {};
    expect(extensions).toMatchObject({
      code: 'RATE_LIMITED',
      bucket: 'logs',
      planned: 8,
      available: 7,
    });
    expect(Date.parse(String(extensions.retryAt))).toBeGreaterThan(Date.now() - 1000);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});

describe("the org's remaining budget, when the bucket's next window comes before the deadline", () => {
  // A logs bucket of 10 every 2 s, 2 of them left to Okta's other clients.
  const stack = useStack({ sim: { rateLimits: { logs: 10 }, rateLimitWindowMs: 2_000 } });

  it('waits for the next window and runs, rather than answer RATE_LIMITED', async () => {
    const first = await stack.graphql('{ logEvents(first: 1) { nodes { uuid } } }');
    expect(first.errors).toBeUndefined();
    stack.oktaCalls.reset();
    // 9 left, 2 reserved: 7 available now; 8 planned, which a fresh window (8) covers.
    const windows = Array.from(
      { length: 8 },
      (_, i) => `w${i}: logEvents(first: ${i + 1}) { nodes { uuid } }`,
    ).join(' ');
    const res = await stack.graphql(`{ ${windows} }`);
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(stack.oktaCalls.count('GET /api/v1/logs')).toBe(8);
  });
});
