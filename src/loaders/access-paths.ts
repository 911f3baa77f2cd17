import type { OktaApplication, OktaGroup, OktaUser } from '../okta/index.ts';
import { assignmentOfUser } from './assignments.ts';
import type { Loaders } from './index.ts';

/**
 * Access paths: every way a user reaches an app, directly (a USER-scope assignment) and through
 * which of the app's groups, read from whole lists in the fewest Okta calls.
 *
 * For an app: its users (each with its scope) and its groups, one list each; then the
 * memberships that join them, from whichever side costs fewer calls, known from the two lists
 * before any is made: the members of each app group (one list per group), or the groups of each
 * assigned user (one call per user). Both go through the request's loaders, so a group's members
 * or a user's groups that another field of the request asks for are read once.
 *
 * `viaGroups` names every app group the user is in, a directly assigned user's too (Okta gives a
 * user assigned both ways scope USER, so the scope alone cannot say): the user side therefore
 * costs a call per assigned user, not only per group-scoped one.
 *
 * For a user: its apps (each with its scope for the user) and its groups, one list each; then
 * the groups of each of its apps, or the apps of each of its groups, whichever is fewer calls.
 */

export interface AccessPathData {
  application: OktaApplication | { id: string };
  user: OktaUser | { id: string };
  /** A USER-scope assignment. */
  direct: boolean;
  /** The app's groups the user is a member of, in the app's order. */
  viaGroups: (OktaGroup | { id: string })[];
}

/** How the memberships were read: for tests and the benchmark to check the choice. */
export type MembershipSide = 'none' | 'members-of-groups' | 'groups-of-users';

function addTo(map: Map<string, Set<string>>, key: string, item: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(item);
  map.set(key, set);
}

async function value<T>(load: Promise<T | Error>): Promise<T> {
  const loaded = await load;
  if (loaded instanceof Error) throw loaded;
  return loaded;
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** The side to read memberships from: the one that costs fewer calls (groups on a tie). */
export function membershipSide(groups: number, users: number): MembershipSide {
  if (groups === 0 || users === 0) return 'none';
  return groups <= users ? 'members-of-groups' : 'groups-of-users';
}

export async function accessToApplication(
  loaders: Loaders,
  application: OktaApplication | { id: string },
): Promise<{ paths: AccessPathData[]; side: MembershipSide }> {
  const [appUsers, appGroups] = await Promise.all([
    value(loaders.allUsersOfApplication.load(application.id)),
    value(loaders.allGroupsOfApplication.load(application.id)),
  ]);
  const groups = appGroups.map((assignment) => {
    const group = assignment._embedded?.group;
    if (group) loaders.groupById.prime(group.id, group);
    return group ?? { id: assignment.id };
  });
  for (const appUser of appUsers) {
    const user = appUser._embedded?.user;
    if (user) loaders.userById.prime(user.id, user);
  }

  const side = membershipSide(groups.length, appUsers.length);
  /** user id → the ids of the app's groups the user is in. */
  const memberOf = new Map<string, Set<string>>();
  const add = (userId: string, groupId: string) => addTo(memberOf, userId, groupId);
  if (side === 'members-of-groups') {
    const members = await Promise.all(
      groups.map((g) => value(loaders.allMembersOfGroup.load(g.id))),
    );
    for (const [i, group] of groups.entries()) {
      for (const member of members[i] ?? []) add(member.id, group.id);
    }
  } else if (side === 'groups-of-users') {
    const appGroupIds = new Set(groups.map((g) => g.id));
    const groupsOf = await Promise.all(appUsers.map((u) => value(loaders.groupsOfUser.load(u.id))));
    for (const [i, appUser] of appUsers.entries()) {
      for (const group of groupsOf[i] ?? []) {
        if (appGroupIds.has(group.id)) add(appUser.id, group.id);
      }
    }
  }

  const paths = appUsers.map((appUser) => {
    const via = memberOf.get(appUser.id);
    return {
      application,
      user: appUser._embedded?.user ?? { id: appUser.id },
      direct: appUser.scope === 'USER',
      viaGroups: via ? groups.filter((g) => via.has(g.id)) : [],
    };
  });
  return { paths, side };
}

export async function accessOfUser(
  loaders: Loaders,
  user: OktaUser | { id: string },
): Promise<{ paths: AccessPathData[]; side: 'none' | 'groups-of-apps' | 'apps-of-groups' }> {
  const [apps, userGroups] = await Promise.all([
    value(loaders.allApplicationsOfUser.load(user.id)),
    value(loaders.groupsOfUser.load(user.id)),
  ]);
  for (const app of apps) loaders.applicationById.prime(app.id, app);
  for (const group of userGroups) loaders.groupById.prime(group.id, group);

  /** app id → the user's groups assigned to it. */
  const via = new Map<string, Set<string>>();
  const add = (appId: string, groupId: string) => addTo(via, appId, groupId);
  let side: 'none' | 'groups-of-apps' | 'apps-of-groups' = 'none';
  if (apps.length > 0 && userGroups.length > 0) {
    const userGroupIds = new Set(userGroups.map((g) => g.id));
    if (apps.length <= userGroups.length) {
      side = 'groups-of-apps';
      const groupsOf = await Promise.all(
        apps.map((a) => value(loaders.allGroupsOfApplication.load(a.id))),
      );
      for (const [i, app] of apps.entries()) {
        for (const assignment of groupsOf[i] ?? []) {
          if (userGroupIds.has(assignment.id)) add(app.id, assignment.id);
        }
      }
    } else {
      side = 'apps-of-groups';
      const appsOf = await Promise.all(
        userGroups.map((g) => value(loaders.allApplicationsOfGroup.load(g.id))),
      );
      const appIds = new Set(apps.map((a) => a.id));
      for (const [i, group] of userGroups.entries()) {
        for (const app of appsOf[i] ?? []) if (appIds.has(app.id)) add(app.id, group.id);
      }
    }
  }

  const paths = apps.map((app) => {
    const groups = via.get(app.id);
    return {
      application: app,
      user,
      direct: app._embedded?.user?.scope === 'USER',
      viaGroups: groups ? userGroups.filter((g) => groups.has(g.id)) : [],
    };
  });
  return { paths, side };
}

/**
 * One user's path to one app, for `node(id)`: the user's assignment to the app (with the user),
 * the app's groups and the user's groups, asked for at once, since each needs only the two ids.
 * Okta's 404 on the assignment (the user does not reach the app, or either is missing) is the
 * answer, whatever the two lists say.
 */
export async function accessPathOf(
  loaders: Loaders,
  applicationId: string,
  userId: string,
): Promise<AccessPathData> {
  const [assignment, appGroups, userGroups] = await Promise.allSettled([
    value(assignmentOfUser(loaders, applicationId, userId)),
    value(loaders.allGroupsOfApplication.load(applicationId)),
    value(loaders.groupsOfUser.load(userId)),
  ]);
  // In this order: the assignment's failure (its 404) is the answer, whatever the lists met.
  const appUser = settledValue(assignment);
  const groupsOfApp = settledValue(appGroups);
  const groupsOfUser = settledValue(userGroups);

  const user = appUser._embedded?.user;
  const memberOf = new Set(groupsOfUser.map((g) => g.id));
  const viaGroups = groupsOfApp
    .filter((a) => memberOf.has(a.id))
    .map((a) => {
      const group = a._embedded?.group;
      if (group) loaders.groupById.prime(group.id, group);
      return group ?? { id: a.id };
    });
  return {
    application: { id: applicationId },
    user: user ?? { id: userId },
    direct: appUser.scope === 'USER',
    viaGroups,
  };
}
