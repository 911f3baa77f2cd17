/** Choices drawn from the org's PRNG, and the alphabets of the strings it mints. */
import type { Prng } from '../random.ts';

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function shuffle<T>(rng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function pickWeighted<T>(rng: Prng, items: readonly T[], weight: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let r = rng.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

export function pickSome<T>(rng: Prng, items: readonly T[], n: number): T[] {
  return shuffle(rng, items).slice(0, n);
}

/**
 * `count` slots shared among items by weight (largest remainder), every item getting at least
 * one while there are enough slots.
 */
export function quotas<T>(count: number, items: readonly T[], weight: (item: T) => number): T[] {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  const floor = count >= items.length ? 1 : 0;
  const shares = items.map((item) => {
    const exact = (count * weight(item)) / total;
    return { item, n: Math.max(floor, Math.floor(exact)), rest: exact - Math.floor(exact) };
  });
  let assigned = shares.reduce((sum, s) => sum + s.n, 0);
  const byRest = [...shares].sort((a, b) => b.rest - a.rest);
  for (let i = 0; assigned < count; i = (i + 1) % byRest.length) {
    (byRest[i] as { n: number }).n++;
    assigned++;
  }
  for (let i = byRest.length - 1; assigned > count; i = (i - 1 + byRest.length) % byRest.length) {
    const share = byRest[i] as { n: number };
    if (share.n > 0) {
      share.n--;
      assigned--;
    }
  }
  return shares.flatMap((s) => Array.from({ length: s.n }, () => s.item));
}
