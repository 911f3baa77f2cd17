import DataLoader from 'dataloader';
import { eq } from '../okta/expression.ts';
import type { OktaClient, OktaGroup } from '../okta/index.ts';
import { loadByIds } from './by-id.ts';
import { type PageKey, pageLoader } from './pages.ts';
import { perKey } from './per-key.ts';
import type { RecentWrites } from './recent-writes.ts';

function loadGroups(
  okta: OktaClient,
  recent: RecentWrites,
  ids: readonly string[],
  expandStats: boolean,
): Promise<(OktaGroup | Error)[]> {
  const expand = expandStats ? (['stats'] as const) : [];
  return loadByIds(ids, {
    resource: 'Group',
    recent,
    search: (batch) => okta.groups.searchByIds(batch, { expand }),
    // Okta's GET /groups/{id} has no expand: one group's stats come from a one-id filter.
    get: (id) =>
      expandStats
        ? okta.groups.list({ filter: eq('id', id), expand: ['stats'] }).then((p) => p.items[0])
        : okta.groups.get(id),
  });
}

/** Groups by id: one `search=id eq … or …` per 100 ids; ids written just now are read by id. */
export const groupById = (okta: OktaClient, recent: RecentWrites) =>
  new DataLoader<string, OktaGroup | Error>((ids) => loadGroups(okta, recent, ids, false), {
    maxBatchSize: 100,
    name: 'groupById',
  });

/** Groups with `_embedded.stats` (member and app counts), batched like groupById. */
export const groupWithStatsById = (okta: OktaClient, recent: RecentWrites) =>
  new DataLoader<string, OktaGroup | Error>((ids) => loadGroups(okta, recent, ids, true), {
    maxBatchSize: 100,
    name: 'groupWithStatsById',
  });

/** A user's groups: Okta's `GET /users/{id}/groups`, one unpaged call per user. */
export const groupsOfUser = (okta: OktaClient) =>
  perKey<OktaGroup[]>('groupsOfUser', (id) => okta.users.listGroups(id));

/** A page of a group's members (`GET /groups/{id}/users`), each user embedded whole. */
export const membersOfGroup = (okta: OktaClient) =>
  pageLoader('membersOfGroup', ({ groupId, limit, after }: PageKey & { groupId: string }) =>
    okta.groups.listMembers(groupId, { limit, after }),
  );
