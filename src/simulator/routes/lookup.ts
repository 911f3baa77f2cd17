/** The records a route's path names by id, or Okta's 404 for the kind of resource. */
import { oktaErrors } from '../errors.ts';
import type { AppRecord, GroupRecord, Org, UserRecord } from '../store.ts';

export function findApp(org: Org, appId: string): AppRecord {
  const app = org.apps.get(appId);
  if (!app) throw oktaErrors.notFound(appId, 'AppInstance');
  return app;
}

export function findUser(org: Org, userId: string): UserRecord {
  const user = org.users.get(userId);
  if (!user) throw oktaErrors.notFound(userId, 'User');
  return user;
}

export function findGroup(org: Org, groupId: string): GroupRecord {
  const group = org.groups.get(groupId);
  if (!group) throw oktaErrors.notFound(groupId, 'UserGroup');
  return group;
}
