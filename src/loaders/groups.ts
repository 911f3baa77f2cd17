import DataLoader from 'dataloader';
import { eq, isOktaId } from '../okta/expression.ts';
import {
  type OktaClient,
  type OktaGroup,
  OktaInvalidIdError,
  OktaNotFoundError,
} from '../okta/index.ts';
import type { RecentWrites } from './recent-writes.ts';

async function loadGroups(
  okta: OktaClient,
  recent: RecentWrites,
  ids: readonly string[],
  expandStats: boolean,
): Promise<(OktaGroup | Error)[]> {
  const fresh = ids.filter((id) => recent.has(id));
  const rest = ids.filter((id) => !recent.has(id));
  const expand = expandStats ? (['stats'] as const) : [];
  const [searched, direct] = await Promise.all([
    rest.length > 0 ? okta.groups.searchByIds(rest, { expand }) : [],
    // Okta's GET /groups/{id} has no expand; a fresh group's stats come from a one-id search.
    Promise.all(
      fresh.map((id) =>
        (expandStats
          ? okta.groups.list({ filter: eq('id', id), expand: ['stats'] }).then((p) => p.items[0])
          : okta.groups.get(id)
        ).catch((error: Error) => error),
      ),
    ),
  ]);
  const found = new Map<string, OktaGroup | Error | undefined>(searched.map((g) => [g.id, g]));
  for (const [i, id] of fresh.entries()) found.set(id, direct[i]);
  // A value that is not an Okta id was never sent; it is the caller's mistake, not absent.
  return ids.map(
    (id) =>
      found.get(id) ??
      (isOktaId(id) ? new OktaNotFoundError('Group', id) : new OktaInvalidIdError('Group id', id)),
  );
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
  new DataLoader<string, OktaGroup[] | Error>(
    (userIds) =>
      Promise.all(userIds.map((id) => okta.users.listGroups(id).catch((error: Error) => error))),
    { name: 'groupsOfUser' },
  );
