import DataLoader from 'dataloader';

/**
 * A loader of an Okta read that cannot be batched (a list, or one holder's unpaged list): one
 * call per distinct key, made once per request however many fields ask for it. A failure is given
 * to DataLoader as that key's Error, so each load of the key fails with it.
 *
 * No batching (`batch: false`): the keys asked for in one tick still go out together, but each
 * resolves when its own answer is in. A batch answered with `Promise.all` would hold every answer
 * of a wave (20 groups' members) until the slowest had come and been read, and only then run the
 * fields under any of them; here the fields under the first answer run while the others are
 * still on their way.
 */
export function perKey<T, Key = string, CacheKey = Key>(
  name: string,
  fetch: (key: Key) => Promise<T>,
  cacheKeyFn?: (key: Key) => CacheKey,
) {
  return new DataLoader<Key, T | Error, CacheKey>(
    async ([key]) => [await fetch(key as Key).catch((error: Error) => error)],
    { name, batch: false, ...(cacheKeyFn ? { cacheKeyFn } : {}) },
  );
}
