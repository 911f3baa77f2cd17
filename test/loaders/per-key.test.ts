import { describe, expect, it } from 'vitest';
import { perKey } from '../../src/loaders/per-key.ts';

/** A fetch whose answers the test gives, key by key, and the keys it was called with. */
function controlledFetch() {
  const calls: string[] = [];
  const answers = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const fetch = (key: string) =>
    new Promise<string>((resolve, reject) => {
      calls.push(key);
      answers.set(key, { resolve, reject });
    });
  return { fetch, calls, answer: (key: string) => answers.get(key) };
}

/** One turn of the event loop: DataLoader has dispatched what was asked for before it. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await nextTurn();
  return done;
};

describe('perKey loader (Okta reads that cannot be batched)', () => {
  it('sends the keys asked for in one tick together, and resolves each when its own answer is in', async () => {
    const f = controlledFetch();
    const loader = perKey('test', f.fetch);
    const a = loader.load('a');
    const b = loader.load('b');
    await nextTurn();
    expect(f.calls).toEqual(['a', 'b']);
    f.answer('b')?.resolve('B');
    expect(await b).toBe('B');
    expect(await settled(a)).toBe(false);
    f.answer('a')?.resolve('A');
    expect(await a).toBe('A');
  });

  it('makes one call for a key asked for twice, and fails both loads with its failure', async () => {
    const f = controlledFetch();
    const loader = perKey('test', f.fetch);
    const first = loader.load('x');
    const again = loader.load('x');
    await nextTurn();
    f.answer('x')?.reject(new Error('Okta said no'));
    await expect(first).rejects.toThrow('Okta said no');
    await expect(again).rejects.toThrow('Okta said no');
    expect(f.calls).toEqual(['x']);
  });

  it('keys by the cache key it is given', async () => {
    const f = controlledFetch();
    const loader = perKey(
      'test',
      (key: { id: string; n: number }) => f.fetch(key.id),
      (key) => key.id,
    );
    const one = loader.load({ id: 'k', n: 1 });
    const two = loader.load({ id: 'k', n: 2 });
    await nextTurn();
    f.answer('k')?.resolve('K');
    expect([await one, await two, f.calls]).toEqual(['K', 'K', ['k']]);
  });
});
