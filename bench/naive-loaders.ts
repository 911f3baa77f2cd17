import DataLoader from 'dataloader';
import { createLoaders, type Loaders, type RecentWrites } from '../src/loaders/index.ts';
import { eq } from '../src/okta/expression.ts';
import { type OktaClient, OktaNotFoundError } from '../src/okta/index.ts';

type AnyLoader = DataLoader<unknown, unknown, unknown>;

/**
 * One Okta call per key, nothing remembered: `batch: false` hands DataLoader's batch function
 * one key at a time, `cache: false` makes a second load of the same key a second call (and
 * turns the resolvers' `prime` into a no-op).
 */
function oneCallPerKey<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V | Error> {
  return new DataLoader<K, V | Error>(
    ([key]) => Promise.all([load(key as K).catch((error: Error) => error)]),
    { batch: false, cache: false },
  );
}

/**
 * The naive resolver baseline of `npm run bench` (bench/naive-gateway.ts), never for production:
 * the loaders of createLoaders under the same names, but each object is read with its own Okta
 * call, a GET by id where Okta has one. The resolvers are the same in both modes, so what the
 * benchmark compares is batching and per-request dedupe alone.
 */
export function createNaiveLoaders(okta: OktaClient, recent: RecentWrites): Loaders {
  const byId: Record<string, AnyLoader> = {
    userById: oneCallPerKey((id: string) => okta.users.get(id)),
    groupById: oneCallPerKey((id: string) => okta.groups.get(id)),
    // GET /groups/{id} has no `expand`; a one-id filter is the single call that carries stats.
    groupWithStatsById: oneCallPerKey(async (id: string) => {
      const page = await okta.groups.list({ filter: eq('id', id), expand: ['stats'] });
      return page.items[0] ?? new OktaNotFoundError('Group', id);
    }),
    applicationById: oneCallPerKey((id: string) => okta.applications.get(id)),
  } as unknown as Record<string, AnyLoader>;

  // Every other loader (lists and relations: already one Okta call per parent) keeps its own
  // fetch, made through a fresh loader for each key so that nothing is shared between keys.
  const loaders: Record<string, AnyLoader> = {};
  for (const name of Object.keys(createLoaders(okta, recent))) {
    loaders[name] =
      byId[name] ??
      oneCallPerKey(async (key: unknown) => {
        const fresh = createLoaders(okta, recent) as unknown as Record<string, AnyLoader>;
        const [value] = await (fresh[name] as AnyLoader).loadMany([key]);
        return value;
      });
  }
  return loaders as unknown as Loaders;
}
