import DataLoader from 'dataloader';
import { isOktaId } from '../okta/expression.ts';
import {
  type OktaClient,
  OktaInvalidIdError,
  OktaNotFoundError,
  type OktaUser,
} from '../okta/index.ts';
import type { RecentWrites } from './recent-writes.ts';

/**
 * Users by id. Okta has no bulk GET; one `search=id eq … or …` covers up to 100 ids. Ids this
 * gateway has just written skip search: Okta's search index lags writes.
 */
export const userById = (okta: OktaClient, recent: RecentWrites) =>
  new DataLoader<string, OktaUser | Error>(
    async (ids) => {
      const fresh = ids.filter((id) => recent.has(id));
      const rest = ids.filter((id) => !recent.has(id));
      const [searched, direct] = await Promise.all([
        rest.length > 0 ? okta.users.searchByIds(rest) : [],
        Promise.all(fresh.map((id) => okta.users.get(id).catch((error: Error) => error))),
      ]);
      const found = new Map<string, OktaUser | Error>(searched.map((u) => [u.id, u]));
      for (const [i, id] of fresh.entries()) found.set(id, direct[i] as OktaUser | Error);
      // A value that is not an Okta id was never sent; it is the caller's mistake, not absent.
      return ids.map(
        (id) =>
          found.get(id) ??
          (isOktaId(id)
            ? new OktaNotFoundError('User', id)
            : new OktaInvalidIdError('User id', id)),
      );
    },
    { maxBatchSize: 100, name: 'userById' },
  );
