import type { OktaClient } from '../okta/index.ts';
import { accessLoaders } from './access.ts';
import { applicationLoaders } from './applications.ts';
import { eventHookLoaders } from './event-hooks.ts';
import { groupById, groupsOfUser, groupWithStatsById, membersOfGroup } from './groups.ts';
import { logEventsOfUser } from './logs.ts';
import type { RecentWrites } from './recent-writes.ts';
import { userById } from './users.ts';

export type { RecentWrites } from './recent-writes.ts';
export { MemoryRecentWrites } from './recent-writes.ts';

/**
 * Per-request DataLoaders: every Okta lookup of one GraphQL request goes through these, so it
 * is batched where Okta can batch and made at most once where it cannot.
 */
export function createLoaders(okta: OktaClient, recent: RecentWrites) {
  return {
    userById: userById(okta, recent),
    groupById: groupById(okta, recent),
    groupWithStatsById: groupWithStatsById(okta, recent),
    groupsOfUser: groupsOfUser(okta),
    membersOfGroup: membersOfGroup(okta),
    logEventsOfUser: logEventsOfUser(okta),
    ...applicationLoaders(okta, recent),
    ...eventHookLoaders(okta),
    ...accessLoaders(okta),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
