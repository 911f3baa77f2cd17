import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OktaRateLimitError } from '../../src/okta/errors.ts';
import {
  type BudgetStore,
  callerSpender,
  InMemoryBudgetStore,
  type Permit,
  RateLimitGovernor,
  SYSTEM_SPENDERS,
  type TakePolicy,
} from '../../src/okta/rate-limit.ts';
import { RedisBudgetStore } from '../../src/okta/redis-budget.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** This run's keys, removed at the end; other runs on the same Redis never see them. */
const RUN_PREFIX = `test:redis-budget:${randomUUID()}:`;
const redis = new Redis(REDIS_URL);

const T0 = 1_700_000_000_000;
const policy = (now: number, overrides: Partial<TakePolicy> = {}): TakePolicy => ({
  now,
  reservedShare: 0.2,
  initialInFlight: 2,
  ...overrides,
});

const stores: RedisBudgetStore[] = [];
/** Stores on one prefix stand for replicas of one gateway. */
function replicas(count: number, options: { reservationTtlMs?: number; windowMs?: number } = {}) {
  const prefix = `${RUN_PREFIX}${randomUUID()}:`;
  const made = Array.from(
    { length: count },
    () => new RedisBudgetStore(REDIS_URL, { prefix, recheckMs: 50, ...options }),
  );
  stores.push(...made);
  return { prefix, stores: made };
}

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  const keys = await redis.keys(`${RUN_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Take until refused; how many were granted. */
async function takeAll(store: BudgetStore, bucket: string, now: number, max = 100) {
  let granted = 0;
  while (granted < max && (await store.take(bucket, policy(now))).granted) granted++;
  return granted;
}

describe('RedisBudgetStore', () => {
  it('lets only initialInFlight probes into an unknown bucket across all replicas', async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    expect(await a!.take('logs', policy(T0))).toEqual({ granted: true });
    expect(await b!.take('logs', policy(T0))).toEqual({ granted: true });
    expect((await a!.take('logs', policy(T0))).granted).toBe(false);
    expect((await b!.take('logs', policy(T0))).granted).toBe(false);
  });

  it("shares one bucket's budget: two replicas together spend only the unreserved units", async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    // 10 per window, 9 left after the probe: 2 stay reserved, so 7 more may go in all.
    await a!.settle('logs', { limit: 10, remaining: 9, resetAt: T0 + 60_000 }, T0);
    const results: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      results.push((await a!.take('logs', policy(T0))).granted);
      results.push((await b!.take('logs', policy(T0))).granted);
    }
    expect(results.filter(Boolean)).toHaveLength(7);
    expect(await b!.take('logs', policy(T0))).toEqual({ granted: false, retryAt: T0 + 60_000 });
  });

  it('never grants the same unit twice when replicas race for it', async () => {
    const { stores: many } = replicas(5);
    await many[0]!.take('users.get', policy(T0));
    await many[0]!.settle('users.get', { limit: 50, remaining: 49, resetAt: T0 + 60_000 }, T0);
    const answers = await Promise.all(
      many.flatMap((store) =>
        Array.from({ length: 20 }, () => store.take('users.get', policy(T0))),
      ),
    );
    // 49 left, 10 reserved.
    expect(answers.filter((a) => a.granted)).toHaveLength(39);
  });

  it("gives the whole bucket again once the window's reset has passed", async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    await a!.settle('logs', { limit: 10, remaining: 9, resetAt: T0 + 60_000 }, T0);
    expect(await takeAll(a!, 'logs', T0)).toBe(7);
    for (let i = 0; i < 7; i++) await a!.settle('logs', null, T0 + 1000);
    expect(await takeAll(b!, 'logs', T0 + 60_000)).toBe(8);
  });

  it('ignores an answer from a window already rolled past', async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    await a!.settle('logs', { limit: 10, remaining: 9, resetAt: T0 + 60_000 }, T0);
    await a!.take('logs', policy(T0)); // answered late, from the old window
    await b!.take('logs', policy(T0 + 60_000)); // rolls the window
    await a!.settle('logs', { limit: 10, remaining: 0, resetAt: T0 + 60_000 }, T0 + 60_001);
    expect(await b!.view(T0 + 60_002)).toEqual([
      { bucket: 'logs', limit: 10, remaining: 9, resetAt: null, inFlight: 1 },
    ]);
  });

  it('counts the calls in flight on every replica against what an answer reports', async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    await a!.settle('logs', { limit: 20, remaining: 19, resetAt: T0 + 60_000 }, T0);
    await a!.take('logs', policy(T0));
    await b!.take('logs', policy(T0));
    await b!.take('logs', policy(T0));
    // Okta saw one of the three: it says 18, but the other two may not be counted yet.
    await a!.settle('logs', { limit: 20, remaining: 18, resetAt: T0 + 60_000 }, T0);
    expect(await a!.view(T0)).toEqual([
      { bucket: 'logs', limit: 20, remaining: 16, resetAt: T0 + 60_000, inFlight: 2 },
    ]);
  });

  it('forgets the calls of a replica that died once their reservations expire', async () => {
    const {
      stores: [dead, alive],
    } = replicas(2, { reservationTtlMs: 5_000 });
    await dead!.take('logs', policy(T0));
    await dead!.take('logs', policy(T0));
    expect((await alive!.take('logs', policy(T0 + 4_999))).granted).toBe(false);
    expect(await alive!.take('logs', policy(T0 + 5_000))).toEqual({ granted: true });
  });

  it('asks to look again soon when only other replicas hold the calls it waits for', async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    await a!.take('logs', policy(T0));
    // b has nothing in flight whose answer would wake its governor.
    expect(await b!.take('logs', policy(T0))).toEqual({ granted: false, retryAt: T0 + 50 });
    // a's own answers will wake a's governor.
    expect(await a!.take('logs', policy(T0))).toEqual({ granted: false, retryAt: null });
  });

  it("lets a bucket's state expire a window after its reset", async () => {
    const {
      prefix,
      stores: [a],
    } = replicas(1, { windowMs: 30_000 });
    const now = Date.now();
    await a!.take('logs', policy(now));
    await a!.settle('logs', { limit: 10, remaining: 9, resetAt: now + 20_000 }, now);
    const ttl = await redis.pttl(`${prefix}bucket:logs`);
    expect(ttl).toBeGreaterThan(49_000);
    expect(ttl).toBeLessThanOrEqual(50_000);
  });

  it('shows every replica the same buckets', async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('logs', policy(T0));
    await a!.settle('logs', { limit: 10, remaining: 9, resetAt: T0 + 60_000 }, T0);
    await b!.take('users.get', policy(T0));
    const expected = [
      { bucket: 'logs', limit: 10, remaining: 9, resetAt: T0 + 60_000, inFlight: 0 },
      { bucket: 'users.get', limit: null, remaining: null, resetAt: null, inFlight: 1 },
    ];
    expect(await a!.view(T0)).toEqual(expected);
    expect(await b!.view(T0)).toEqual(expected);
  });

  it('follows the in-memory store step for step over a random run of takes and answers', async () => {
    const {
      stores: [shared],
    } = replicas(1);
    const memory = new InMemoryBudgetStore();
    const random = seededRandom(7);
    let now = T0;
    let inFlight = 0;
    let used = 0;
    let windowEnd = T0 + 10_000;
    for (let step = 0; step < 400; step++) {
      now += Math.floor(random() * 200);
      if (now >= windowEnd) {
        windowEnd += 10_000;
        used = 0;
      }
      if (inFlight === 0 || random() < 0.55) {
        const [m, r] = [
          await memory.take('logs', policy(now)),
          await shared!.take('logs', policy(now)),
        ];
        expect(r, `take at step ${step}`).toEqual(m);
        if (m.granted) inFlight++;
      } else {
        used++;
        const observation =
          random() < 0.1
            ? null
            : { limit: 30, remaining: Math.max(0, 30 - used), resetAt: windowEnd };
        await memory.settle('logs', observation);
        await shared!.settle('logs', observation, now);
        inFlight--;
      }
      expect(await shared!.view(now), `view at step ${step}`).toEqual(await memory.view(now));
    }
  });
});

describe('governors of several replicas over one RedisBudgetStore', () => {
  it('grant together no more than the unreserved part of the bucket', async () => {
    const { stores: shared } = replicas(3);
    const governors = shared.map(
      (store) => new RateLimitGovernor({ store, initialInFlight: 1, maxConcurrency: 50 }),
    );
    const resetAt = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
    const probe = await governors[0]!.acquire('logs', { deadline: Date.now() + 60_000 });
    await probe.release({
      status: 200,
      headers: {
        'x-rate-limit-limit': '10',
        'x-rate-limit-remaining': '9',
        'x-rate-limit-reset': String(resetAt / 1000),
      },
    });
    const granted: Permit[] = [];
    for (const governor of governors) {
      for (let i = 0; i < 10; i++) {
        governor
          .acquire('logs', { deadline: Date.now() + 1000 })
          .then((p) => granted.push(p))
          .catch(() => {});
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(granted).toHaveLength(7);
  });

  it("wakes a replica's waiter when another replica's probe is answered", async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    const first = new RateLimitGovernor({ store: a!, initialInFlight: 1 });
    const second = new RateLimitGovernor({ store: b!, initialInFlight: 1, resetJitterMs: 0 });
    const probe = await first.acquire('logs', { deadline: Date.now() + 5000 });
    const waiting = second.acquire('logs', { deadline: Date.now() + 5000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await probe.release({
      status: 200,
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '99',
        'x-rate-limit-reset': String(Math.ceil((Date.now() + 60_000) / 1000)),
      },
    });
    const started = Date.now();
    await expect(waiting).resolves.toMatchObject({ bucket: 'logs' });
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('a fair share per caller in Redis', () => {
  /** Callers leave 30 of 100 units (reservedShare 0.3); each may take half of the other 70. */
  const callerPolicy = (now: number, spender: string) =>
    policy(now, { reservedShare: 0.3, spender, spenderShare: 0.5 });

  it("counts one caller's units across replicas and lets another caller spend its own", async () => {
    const {
      stores: [a, b],
    } = replicas(2);
    await a!.take('users.get', policy(T0));
    await a!.settle('users.get', { limit: 100, remaining: 100, resetAt: T0 + 60_000 }, T0);
    let alice = 0;
    for (let i = 0; i < 30; i++) {
      if ((await a!.take('users.get', callerPolicy(T0, 'caller:alice'))).granted) alice++;
      if ((await b!.take('users.get', callerPolicy(T0, 'caller:alice'))).granted) alice++;
    }
    expect(alice).toBe(35);
    expect(await b!.take('users.get', callerPolicy(T0, 'caller:alice'))).toEqual({
      granted: false,
      retryAt: T0 + 60_000,
    });
    expect(await b!.take('users.get', callerPolicy(T0, 'caller:bob'))).toEqual({ granted: true });
  });

  it("forgets the callers' counts when the window resets", async () => {
    const {
      stores: [a],
    } = replicas(1);
    await a!.take('users.get', policy(T0));
    await a!.settle('users.get', { limit: 100, remaining: 100, resetAt: T0 + 60_000 }, T0);
    let granted = 0;
    while ((await a!.take('users.get', callerPolicy(T0, 'caller:alice'))).granted) granted++;
    expect(granted).toBe(35);
    const later = T0 + 60_000;
    expect(await a!.take('users.get', callerPolicy(later, 'caller:alice'))).toEqual({
      granted: true,
    });
  });

  it('follows the in-memory store step for step with two capped callers', async () => {
    const {
      stores: [shared],
    } = replicas(1);
    const memory = new InMemoryBudgetStore();
    const random = seededRandom(11);
    let now = T0;
    let inFlight = 0;
    let used = 0;
    let windowEnd = T0 + 10_000;
    for (let step = 0; step < 300; step++) {
      now += Math.floor(random() * 200);
      if (now >= windowEnd) {
        windowEnd += 10_000;
        used = 0;
      }
      if (inFlight === 0 || random() < 0.6) {
        const spender = random() < 0.7 ? 'caller:alice' : 'caller:bob';
        const take = random() < 0.1 ? policy(now) : callerPolicy(now, spender);
        const m = await memory.take('users.get', take);
        const r = await shared!.take('users.get', take);
        expect(r, `take at step ${step}`).toEqual(m);
        if (m.granted) inFlight++;
      } else {
        used++;
        const observation = { limit: 40, remaining: Math.max(0, 40 - used), resetAt: windowEnd };
        await memory.settle('users.get', observation);
        await shared!.settle('users.get', observation, now);
        inFlight--;
      }
    }
  });
});

describe('governors of three replicas with a fair share per caller', () => {
  it("hold one caller's burst to its share while another caller's calls go through", async () => {
    const { stores: shared } = replicas(3);
    const governors = shared.map(
      (store) =>
        new RateLimitGovernor({
          store,
          reservedShare: 0.2,
          systemShare: 0.1,
          callerShare: 0.5,
          initialInFlight: 1,
          maxConcurrency: 100,
        }),
    );
    const probe = await governors[0]!.acquire('users.get', {
      deadline: Date.now() + 60_000,
      spender: SYSTEM_SPENDERS.poller,
    });
    await probe.release({
      status: 200,
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '99',
        'x-rate-limit-reset': String(Math.ceil((Date.now() + 60_000) / 1000)),
      },
    });
    const granted = { alice: 0, bob: 0, aliceRefused: 0 };
    const burst = (who: 'alice' | 'bob', count: number) =>
      governors.flatMap((governor) =>
        Array.from({ length: count }, () =>
          governor
            .acquire('users.get', {
              deadline: Date.now() + 500,
              spender: callerSpender(who),
            })
            .then(
              () => {
                granted[who]++;
              },
              (error: unknown) => {
                if (who === 'alice' && error instanceof OktaRateLimitError) granted.aliceRefused++;
              },
            ),
        ),
      );
    await Promise.all([...burst('alice', 20), ...burst('bob', 3)]);
    expect(granted).toEqual({ alice: 35, bob: 9, aliceRefused: 25 });
  });
});

/** A repeatable sequence in [0, 1): the same seed, the same run of takes and answers. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
