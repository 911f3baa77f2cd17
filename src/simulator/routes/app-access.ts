/**
 * Who reaches which app (directly or through a group), and the System Log events when that
 * changes: shared by the app user, app group and group membership routes.
 */
import type { SimContext } from '../router.ts';
import type { AppGroupRecord, AppRecord, Org, UserRecord } from '../store.ts';
import { appTarget, appUserTarget, type LogTarget, userTarget } from '../system-log.ts';

export const membershipTargets = (app: AppRecord, user: UserRecord): LogTarget[] => [
  appUserTarget(app, user),
  appTarget(app),
  userTarget(user),
];

/**
 * A GROUP-scoped app user takes the app profile of the group assignment with the highest priority
 * (the lowest number) among the groups that grant it; a direct assignment keeps its own.
 */
export function applyGroupProfile(app: AppRecord, userId: string): void {
  const appUser = app.users.get(userId);
  if (!appUser || appUser.direct) return;
  let best: AppGroupRecord | undefined;
  for (const groupId of appUser.viaGroups) {
    const assignment = app.groups.get(groupId);
    if (assignment && (!best || assignment.priority < best.priority)) best = assignment;
  }
  if (best) appUser.profile = structuredClone(best.profile);
}

/** The ids of the apps a user reaches, directly or through a group. */
export function appAccessOf(org: Org, userId: string): Set<string> {
  const ids = new Set<string>();
  for (const app of org.apps.values()) if (app.users.has(userId)) ids.add(app.id);
  return ids;
}

/**
 * Log `application.user_membership.add|remove` for the apps a user gained or lost since `before`
 * (group membership and group assignment changes reach app access this way, as in Okta).
 */
export function logAppAccessChanges(ctx: SimContext, userId: string, before: Set<string>): void {
  const user = ctx.org.users.get(userId);
  if (!user) return;
  const after = appAccessOf(ctx.org, userId);
  for (const appId of after) {
    if (before.has(appId)) continue;
    const app = ctx.org.apps.get(appId) as AppRecord;
    ctx.log({
      eventType: 'application.user_membership.add',
      targets: membershipTargets(app, user),
    });
  }
  for (const appId of before) {
    const app = ctx.org.apps.get(appId);
    if (after.has(appId) || !app) continue;
    ctx.log({
      eventType: 'application.user_membership.remove',
      targets: membershipTargets(app, user),
    });
  }
}

/** Same as logAppAccessChanges, for one app whose user set changed since `before`. */
export function logAppUsersChanges(ctx: SimContext, app: AppRecord, before: Set<string>): void {
  for (const userId of app.users.keys()) {
    const user = ctx.org.users.get(userId);
    if (before.has(userId) || !user) continue;
    ctx.log({
      eventType: 'application.user_membership.add',
      targets: membershipTargets(app, user),
    });
  }
  for (const userId of before) {
    const user = ctx.org.users.get(userId);
    if (app.users.has(userId) || !user) continue;
    ctx.log({
      eventType: 'application.user_membership.remove',
      targets: membershipTargets(app, user),
    });
  }
}
