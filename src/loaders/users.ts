import DataLoader from 'dataloader';
import type { OktaClient, OktaUser } from '../okta/index.ts';
import { loadByIds } from './by-id.ts';
import type { RecentWrites } from './recent-writes.ts';

/**
 * Users by id: one `search=id eq … or …` per 100 ids (Okta has no bulk GET); a lone id and ids
 * this gateway has just written are read by id (see loadByIds).
 */
export const userById = (okta: OktaClient, recent: RecentWrites) =>
  new DataLoader<string, OktaUser | Error>(
    (ids) =>
      loadByIds(ids, {
        resource: 'User',
        recent,
        search: (batch) => okta.users.searchByIds(batch),
        get: (id) => okta.users.get(id),
      }),
    { maxBatchSize: 100, name: 'userById' },
  );
