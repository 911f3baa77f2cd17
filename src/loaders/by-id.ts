import { isOktaId } from '../okta/expression.ts';
import { OktaInvalidIdError, OktaNotFoundError } from '../okta/index.ts';
import type { RecentWrites } from './recent-writes.ts';

/**
 * One DataLoader batch of objects by id, in key order. Several ids go to Okta as one batched
 * `search`; a lone id, and ids this gateway wrote just now (Okta's search index lags writes), are
 * read by id: the same one call, from a larger rate-limit bucket, never stale.
 *
 * Apps differ in two ways, each an option: their filter and their GET share one bucket, so a
 * lone id goes through the filter as well (`loneId: 'search'`); and a value that is no Okta id is
 * absent (`notAnId: 'absent'`), as Okta's filter would answer, rather than the caller's mistake.
 */
export async function loadByIds<T extends { id: string }>(
  ids: readonly string[],
  options: {
    resource: string;
    recent: RecentWrites;
    search: (ids: string[]) => Promise<T[]>;
    get: (id: string) => Promise<T | undefined>;
    /** How a lone id is read: by id (the default) or through the search, as several are. */
    loneId?: 'get' | 'search';
    /** What a value that is no Okta id gets: an invalid-id error (the default), or absent. */
    notAnId?: 'invalid' | 'absent';
  },
): Promise<(T | Error)[]> {
  const valid = ids.filter((id) => isOktaId(id));
  const fresh = valid.filter((id) => options.recent.has(id));
  const rest = valid.filter((id) => !options.recent.has(id));
  const minSearch = options.loneId === 'search' ? 1 : 2;
  const [bySearch, byId] = rest.length >= minSearch ? [rest, fresh] : [[], [...fresh, ...rest]];
  const [searched, direct] = await Promise.all([
    bySearch.length > 0 ? options.search(bySearch) : [],
    Promise.all(byId.map((id) => options.get(id).catch((error: Error) => error))),
  ]);
  const found = new Map<string, T | Error | undefined>(searched.map((item) => [item.id, item]));
  for (const [i, id] of byId.entries()) found.set(id, direct[i]);
  // A value that is not an Okta id was never sent; it is the caller's mistake, not absent.
  return ids.map(
    (id) =>
      found.get(id) ??
      (isOktaId(id) || options.notAnId === 'absent'
        ? new OktaNotFoundError(options.resource, id)
        : new OktaInvalidIdError(`${options.resource} id`, id)),
  );
}
