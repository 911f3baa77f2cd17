import DataLoader from 'dataloader';
import type { OktaApplication, OktaClient } from '../okta/index.ts';
import { loadByIds } from './by-id.ts';
import { type PageKey, pageLoader } from './pages.ts';
import type { RecentWrites } from './recent-writes.ts';

export type { PageKey } from './pages.ts';

/**
 * Apps by id: one `filter=id eq … or …` per 100 ids (the Apps API has no `search`), a lone id
 * included. Ids this gateway has just written are read by id, in case Okta's app filter lags
 * writes as its user and group search does; it costs a GET only for those.
 */
export const applicationById = (okta: OktaClient, recent: RecentWrites) =>
  new DataLoader<string, OktaApplication | Error>(
    (ids) =>
      loadByIds(ids, {
        resource: 'Application',
        recent,
        search: (batch) => okta.applications.searchByIds(batch),
        get: (id) => okta.applications.get(id),
        loneId: 'search',
        notAnId: 'absent',
      }),
    { maxBatchSize: 100, name: 'applicationById' },
  );

/** Loaders for applications and the assignments that join them to users and groups. */
export function applicationLoaders(okta: OktaClient, recent: RecentWrites) {
  return {
    applicationById: applicationById(okta, recent),
    /** A page of an app's users, each with the user embedded (`expand=user`). */
    usersOfApplication: pageLoader(
      'usersOfApplication',
      ({ appId, q, limit, after }: PageKey & { appId: string; q: string | null }) =>
        okta.applications.listUsers(
          appId,
          { q: q ?? undefined, expandUser: true },
          { limit, after },
        ),
    ),
    /** A page of an app's group assignments, each with the group embedded (`expand=group`). */
    groupsOfApplication: pageLoader(
      'groupsOfApplication',
      ({ appId, q, limit, after }: PageKey & { appId: string; q: string | null }) =>
        okta.applications.listGroups(
          appId,
          { q: q ?? undefined, expandGroup: true },
          { limit, after },
        ),
    ),
    /**
     * A page of the apps a user reaches (`filter=user.id eq "…"`), each with that user's
     * assignment embedded (`expand=user/{id}`).
     */
    applicationsOfUser: pageLoader(
      'applicationsOfUser',
      ({ userId, limit, after }: PageKey & { userId: string }) =>
        okta.applications.listForUser(userId, { expandAppUser: true }, { limit, after }),
    ),
    /** A page of the apps assigned to a group (`filter=group.id eq "…"`). */
    applicationsOfGroup: pageLoader(
      'applicationsOfGroup',
      ({ groupId, limit, after }: PageKey & { groupId: string }) =>
        okta.applications.listForGroup(groupId, { limit, after }),
    ),
  };
}
