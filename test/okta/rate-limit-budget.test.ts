import { describe, expect, it } from 'vitest';
import {
  InMemoryBudgetStore,
  reservedUnits,
  spenderUnits,
  type TakePolicy,
} from '../../src/okta/rate-limit-budget.ts';

const T0 = 1_700_000_000_000;
const RESET = T0 + 60_000;
const policy: TakePolicy = { now: T0, reservedShare: 0, initialInFlight: 1 };

describe('reservedUnits', () => {
  it('keeps at least one unit of a bucket usable whatever the reserved share', () => {
    expect(reservedUnits(100, 0.2)).toBe(20);
    expect(reservedUnits(5, 0.2)).toBe(1);
    expect(reservedUnits(1, 0.2)).toBe(0);
  });

  it('counts shares that add up in floating point as the whole units they are', () => {
    expect(reservedUnits(100, 0.2 + 0.1)).toBe(30);
  });
});

describe('spenderUnits', () => {
  it('gives a caller its share of what the reserved share leaves, at least one unit', () => {
    expect(spenderUnits(100, 0.3, 0.5)).toBe(35);
    expect(spenderUnits(10, 0.3, 0.1)).toBe(1);
  });
});

describe('InMemoryBudgetStore', () => {
  /** A bucket of 10 a window, learned from one probe (9 left), then `calls` more taken. */
  async function bucketWith(calls: number) {
    const store = new InMemoryBudgetStore();
    await store.take('logs', policy);
    await store.settle('logs', { limit: 10, remaining: 9, resetAt: RESET });
    for (let i = 0; i < calls; i++) expect((await store.take('logs', policy)).granted).toBe(true);
    const remaining = async () => (await store.view(T0))[0]?.remaining;
    return { store, remaining };
  }

  it('gives back the units it doubted once answers that came back out of order show Okta counted them', async () => {
    const { store, remaining } = await bucketWith(3);
    // Okta counted the three calls in order (8, 7, 6 left); the last one answers first.
    await store.settle('logs', { limit: 10, remaining: 6, resetAt: RESET });
    // The two still in flight may not be in Okta's count yet.
    expect(await remaining()).toBe(4);
    await store.settle('logs', { limit: 10, remaining: 8, resetAt: RESET });
    expect(await remaining()).toBe(5);
    await store.settle('logs', { limit: 10, remaining: 7, resetAt: RESET });
    expect(await remaining()).toBe(6);
  });

  it('counts a call that failed without an answer as spent for the rest of the window', async () => {
    const { store, remaining } = await bucketWith(2);
    await store.settle('logs', null);
    await store.settle('logs', { limit: 10, remaining: 8, resetAt: RESET });
    // Okta may have counted the failed call after this one.
    expect(await remaining()).toBe(7);
  });
});
