import type { ApplicationGroupAssignment, AppUser } from '../okta/index.ts';
import type { Loaders } from './index.ts';

/**
 * An app's assignment of one user or one group, read by the pair (`node(id)` of an
 * ApplicationUser, ApplicationGroup or AccessPath). Okta embeds the member (`expand`), which is
 * what the request reads of it from here on: the assignment's `user` or `group` costs no call.
 * A 404 (not assigned, or either missing) rejects, as DataLoader makes it.
 */

export async function assignmentOfUser(
  loaders: Loaders,
  applicationId: string,
  userId: string,
): Promise<AppUser | Error> {
  const appUser = await loaders.applicationUser.load({ applicationId, userId });
  const user = appUser instanceof Error ? undefined : appUser._embedded?.user;
  if (user) loaders.userById.prime(user.id, user);
  return appUser;
}

export async function assignmentOfGroup(
  loaders: Loaders,
  applicationId: string,
  groupId: string,
): Promise<ApplicationGroupAssignment | Error> {
  const assignment = await loaders.applicationGroup.load({ applicationId, groupId });
  const group = assignment instanceof Error ? undefined : assignment._embedded?.group;
  if (group) loaders.groupById.prime(group.id, group);
  return assignment;
}
