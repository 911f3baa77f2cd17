import { describe, expect, it } from 'vitest';
import { OktaRateLimitError } from '../../src/okta/errors.ts';
import {
  callerSpender,
  InMemoryBudgetStore,
  type Permit,
  RateLimitGovernor,
  SYSTEM_SPENDERS,
} from '../../src/okta/rate-limit.ts';

const FAR = () => Date.now() + 120_000;

/** Headers of an answer from a bucket: limit, remaining, reset (ms since epoch). */
function answer(status: number, limit: number, remaining: number, resetAt: number) {
  return {
    status,
    headers: {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(Math.ceil(resetAt / 1000)),
    },
  };
}

/** Acquire and report which permits were granted within `ms`. */
async function grantedWithin<T>(promises: Promise<T>[], ms: number): Promise<T[]> {
  const granted: T[] = [];
  for (const p of promises) p.then((v) => granted.push(v)).catch(() => {});
  await new Promise((r) => setTimeout(r, ms));
  return granted;
}

describe('RateLimitGovernor', () => {
  it('lets only a few calls into a bucket before its first answer says how big it is', async () => {
    const governor = new RateLimitGovernor({ initialInFlight: 2 });
    const granted = await grantedWithin(
      [1, 2, 3].map(() => governor.acquire('users.collection', { deadline: FAR() })),
      30,
    );
    expect(granted).toHaveLength(2);
  });

  it('sends the next held call once the first answer arrives', async () => {
    const governor = new RateLimitGovernor({ initialInFlight: 1 });
    const first = await governor.acquire('users.collection', { deadline: FAR() });
    const second = governor.acquire('users.collection', { deadline: FAR() });
    await first.release(answer(200, 100, 99, Date.now() + 60_000));
    await expect(second).resolves.toMatchObject({ bucket: 'users.collection' });
  });

  it('leaves the reserved share of a bucket unused', async () => {
    const governor = new RateLimitGovernor({ reservedShare: 0.2, initialInFlight: 1 });
    const probe = await governor.acquire('logs', { deadline: FAR() });
    // 10 per window, 9 left after the probe: 2 stay reserved, so 7 more may go. The reset is read
    // once: read again after the wait, it could fall past a second's boundary.
    const resetAt = Date.now() + 60_000;
    await probe.release(answer(200, 10, 9, resetAt));
    const granted = await grantedWithin(
      Array.from({ length: 9 }, () => governor.acquire('logs', { deadline: FAR() })),
      30,
    );
    expect(granted).toHaveLength(7);
    const [logs] = await governor.view();
    expect(logs).toEqual({
      bucket: 'logs',
      limit: 10,
      remaining: 2,
      resetAt: Math.ceil(resetAt / 1000) * 1000,
      inFlight: 7,
      queued: 2,
      reserved: 2,
    });
  });

  it('holds calls back until the window resets, then lets them through', async () => {
    const governor = new RateLimitGovernor({
      reservedShare: 0,
      initialInFlight: 1,
      resetJitterMs: 0,
    });
    const resetAt = Math.ceil((Date.now() + 300) / 1000) * 1000;
    const probe = await governor.acquire('logs', { deadline: FAR() });
    await probe.release(answer(200, 5, 0, resetAt));
    const held = governor.acquire('logs', { deadline: FAR() });
    expect(await grantedWithin([held], 20)).toHaveLength(0);
    await held;
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
  });

  it('fails at once with OktaRateLimitError when the reset is past the deadline', async () => {
    const governor = new RateLimitGovernor({ reservedShare: 0, initialInFlight: 1 });
    const resetAt = Math.ceil((Date.now() + 30_000) / 1000) * 1000;
    const probe = await governor.acquire('logs', { deadline: FAR() });
    await probe.release(answer(200, 5, 0, resetAt));
    const started = Date.now();
    const error = await governor
      .acquire('logs', { deadline: Date.now() + 1_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaRateLimitError);
    expect(error).toMatchObject({
      bucket: 'logs',
      retryAt: resetAt,
      code: 'OKTA_ERR_RATE_LIMITED',
    });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('advises retrying a 429 at the reset plus jitter', async () => {
    const governor = new RateLimitGovernor({
      initialInFlight: 1,
      resetJitterMs: 1000,
      random: () => 0.5,
    });
    const resetAt = Math.ceil((Date.now() + 10_000) / 1000) * 1000;
    const permit = await governor.acquire('users.collection', { deadline: FAR() });
    await expect(permit.release(answer(429, 600, 0, resetAt))).resolves.toEqual({
      retryAt: resetAt + 500,
    });
  });

  it('spends the bucket on a 429 so that no call is sent before the reset', async () => {
    const governor = new RateLimitGovernor({ initialInFlight: 1, resetJitterMs: 0 });
    const resetAt = Math.ceil((Date.now() + 10_000) / 1000) * 1000;
    const permit = await governor.acquire('users.collection', { deadline: FAR() });
    await permit.release(answer(429, 600, 0, resetAt));
    const [view] = await governor.view();
    expect(view).toMatchObject({ bucket: 'users.collection', remaining: 0, resetAt });
  });

  it('bounds the wait after a concurrency 429 whatever its reset header says', async () => {
    const governor = new RateLimitGovernor({
      initialInFlight: 1,
      concurrencyBackoffMs: 2000,
      random: () => 1,
    });
    const first = await governor.acquire('users.get', { deadline: FAR() });
    await first.release(answer(200, 2000, 1999, Date.now() + 60_000));
    const second = await governor.acquire('users.get', { deadline: FAR() });
    // The concurrency cap (75) is not the bucket's ceiling (2000), and its reset is 5 minutes off.
    const advice = await second.release(answer(429, 75, 0, Date.now() + 300_000));
    expect(advice?.retryAt).toBeLessThanOrEqual(Date.now() + 2000);
    // The bucket's budget is not zeroed (the call's own unit stays spent: Okta may count it).
    const [view] = await governor.view();
    expect(view).toMatchObject({ limit: 2000, remaining: 1998 });
  });

  it('bounds a reset minutes away to one window', async () => {
    const governor = new RateLimitGovernor({
      initialInFlight: 1,
      maxResetWaitMs: 61_000,
      resetJitterMs: 0,
    });
    const permit = await governor.acquire('logs', { deadline: FAR() });
    const before = Date.now();
    const advice = await permit.release(answer(429, 120, 0, Date.now() + 600_000));
    expect(advice?.retryAt).toBeGreaterThanOrEqual(before + 61_000);
    expect(advice?.retryAt).toBeLessThanOrEqual(Date.now() + 61_000);
  });

  it('treats a reset in the past as clock skew and waits briefly rather than not at all', async () => {
    const governor = new RateLimitGovernor({
      initialInFlight: 1,
      pastResetToleranceMs: 1000,
      resetJitterMs: 0,
    });
    const permit = await governor.acquire('logs', { deadline: FAR() });
    const before = Date.now();
    const advice = await permit.release(answer(429, 120, 0, Date.now() - 120_000));
    expect(advice?.retryAt).toBeGreaterThanOrEqual(before + 1000);
    expect(advice?.retryAt).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('keeps at most maxConcurrency calls in flight across buckets', async () => {
    const governor = new RateLimitGovernor({ maxConcurrency: 2, initialInFlight: 5 });
    const granted = await grantedWithin(
      ['users.get', 'groups.item', 'logs'].map((b) => governor.acquire(b, { deadline: FAR() })),
      30,
    );
    expect(granted.map((p) => p.bucket)).toEqual(['users.get', 'groups.item']);
    expect(governor.active).toBe(2);
  });

  it('refuses a call at once when its queue is full', async () => {
    const governor = new RateLimitGovernor({ maxConcurrency: 1, maxQueue: 1 });
    const held: Permit = await governor.acquire('logs', { deadline: FAR() });
    void governor.acquire('logs', { deadline: FAR() }).catch(() => {});
    await expect(governor.acquire('logs', { deadline: FAR() })).rejects.toBeInstanceOf(
      OktaRateLimitError,
    );
    await held.release(null);
  });

  it('gives up a waiting call when its signal aborts', async () => {
    const governor = new RateLimitGovernor({ maxConcurrency: 1 });
    await governor.acquire('logs', { deadline: FAR() });
    const controller = new AbortController();
    const waiting = governor.acquire('logs', { deadline: FAR(), signal: controller.signal });
    controller.abort(new Error('caller went away'));
    await expect(waiting).rejects.toThrow('caller went away');
    expect((await governor.view())[0]?.queued).toBe(0);
  });

  it('shares one budget between governors on the same store, as replicas would', async () => {
    const store = new InMemoryBudgetStore();
    const a = new RateLimitGovernor({ store, reservedShare: 0, initialInFlight: 1 });
    const b = new RateLimitGovernor({ store, reservedShare: 0, initialInFlight: 1 });
    const probe = await a.acquire('logs', { deadline: FAR() });
    await probe.release(answer(200, 3, 2, Date.now() + 60_000));
    await a.acquire('logs', { deadline: FAR() });
    await b.acquire('logs', { deadline: FAR() });
    const granted = await grantedWithin(
      [a.acquire('logs', { deadline: FAR() }), b.acquire('logs', { deadline: FAR() })],
      30,
    );
    expect(granted).toHaveLength(0);
  });
});

describe('RateLimitGovernor: a fair share per caller', () => {
  const A = callerSpender('alice');
  const B = callerSpender('bob');
  const POLLER = SYSTEM_SPENDERS.poller;
  /**
   * 100 units a window: 20 left to the org's other clients, 10 more for the gateway's own work,
   * so callers may spend 70, each at most half of it: 35.
   */
  async function fairGovernor(resetAt = Date.now() + 60_000) {
    const governor = new RateLimitGovernor({
      reservedShare: 0.2,
      systemShare: 0.1,
      callerShare: 0.5,
      initialInFlight: 1,
      resetJitterMs: 0,
      maxConcurrency: 200,
    });
    // The poller's probe learns the bucket: 99 left after it.
    const probe = await governor.acquire('users.get', { deadline: FAR(), spender: POLLER });
    await probe.release(answer(200, 100, 99, resetAt));
    return governor;
  }
  const burst = (governor: RateLimitGovernor, spender: string, count: number, deadline = FAR()) =>
    Array.from({ length: count }, () => governor.acquire('users.get', { deadline, spender }));

  it("holds a caller at its share of the bucket while another caller's calls go through", async () => {
    const governor = await fairGovernor();
    const alice = burst(governor, A, 50);
    const bob = burst(governor, B, 10);
    expect(await grantedWithin(alice, 100)).toHaveLength(35);
    // Bob's calls came after Alice's 15 held ones and go first.
    expect(await grantedWithin(bob, 100)).toHaveLength(10);
    expect((await governor.view())[0]).toMatchObject({ remaining: 54, inFlight: 45, queued: 15 });
  });

  it("keeps the system's share for the poller when callers have spent theirs", async () => {
    const governor = await fairGovernor();
    expect(await grantedWithin(burst(governor, A, 40), 100)).toHaveLength(35);
    // 64 left: Bob may go down to 30 (20 for others + 10 for the system), so 34 of his 35.
    expect(await grantedWithin(burst(governor, B, 40), 100)).toHaveLength(34);
    expect(await grantedWithin(burst(governor, callerSpender('carol'), 5), 100)).toHaveLength(0);
    // The poller may go down to the 20 left to the org's other clients.
    expect(await grantedWithin(burst(governor, POLLER, 15), 100)).toHaveLength(10);
  });

  it("fails a caller's call over its share with OktaRateLimitError at the window's reset when its deadline comes first", async () => {
    const resetAt = Math.ceil((Date.now() + 60_000) / 1000) * 1000;
    const governor = await fairGovernor(resetAt);
    await Promise.all(burst(governor, A, 35));
    const [over] = burst(governor, A, 1, Date.now() + 50);
    const error = await over!.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OktaRateLimitError);
    expect(error).toMatchObject({ bucket: 'users.get', retryAt: resetAt });
    // Bob is not affected.
    expect(await grantedWithin(burst(governor, B, 1, Date.now() + 50), 100)).toHaveLength(1);
  });

  it('gives a caller its share again when the window resets', async () => {
    const resetAt = Math.ceil((Date.now() + 300) / 1000) * 1000;
    const governor = await fairGovernor(resetAt);
    await Promise.all(burst(governor, A, 35));
    const [next] = burst(governor, A, 1);
    expect(await grantedWithin([next!], 20)).toHaveLength(0);
    await next;
    expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
  });

  it('counts no share for calls without a spender, and caps nobody by default', async () => {
    const governor = new RateLimitGovernor({
      reservedShare: 0.2,
      initialInFlight: 1,
      maxConcurrency: 200,
    });
    const probe = await governor.acquire('users.get', { deadline: FAR(), spender: A });
    await probe.release(answer(200, 100, 99, Date.now() + 60_000));
    expect(await grantedWithin(burst(governor, A, 90), 100)).toHaveLength(79);
  });

  it('refuses shares that leave callers nothing', () => {
    expect(() => new RateLimitGovernor({ reservedShare: 0.5, systemShare: 0.5 })).toThrow(
      RangeError,
    );
    expect(() => new RateLimitGovernor({ callerShare: 0 })).toThrow(RangeError);
  });
});
