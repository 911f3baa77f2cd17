import {
  type EventHook,
  type LogEvent,
  type OktaApplication,
  type OktaGroup,
  type OktaGroupRule,
  OktaNotFoundError,
  type OktaUser,
} from '../okta/index.ts';
import type { Loaders } from './index.ts';
import type { RecentWrites } from './recent-writes.ts';

/**
 * The one cache policy of the gateway: what each kind of write, read or incoming event makes
 * stale. Two caches are at stake. The request's loaders remember what this request has read;
 * after a write, whatever embeds the written object is forgotten (or primed with Okta's answer),
 * so the payload reads Okta as it is now. RecentWrites is process-wide: the ids of objects just
 * written are read by id for a while, since Okta's search index lags writes by seconds.
 *
 * Mutations, workflows and the event stream call these functions; nothing else clears, primes
 * or marks.
 */
export interface Caches {
  loaders: Loaders;
  recentWrites: RecentWrites;
}

// ── Read by id just now ──────────────────────────────────────────────────────────────────────

/** A user read by id just now: what the request's loaders give from here on. */
export function userReadNow(caches: Pick<Caches, 'loaders'>, user: OktaUser): OktaUser {
  caches.loaders.userById.clear(user.id).prime(user.id, user);
  return user;
}

/** A group read by id just now. */
export function groupReadNow(caches: Pick<Caches, 'loaders'>, group: OktaGroup): OktaGroup {
  caches.loaders.groupById.clear(group.id).prime(group.id, group);
  return group;
}

/** An app read by id just now. */
export function applicationReadNow(
  caches: Pick<Caches, 'loaders'>,
  app: OktaApplication,
): OktaApplication {
  caches.loaders.applicationById.clear(app.id).prime(app.id, app);
  return app;
}

// ── Users ────────────────────────────────────────────────────────────────────────────────────

/**
 * A write of the user's own state (status, profile, credentials, sessions), failed ones included
 * (Okta may have acted before failing): the user is read by id for a while, and the request's
 * pages of app users, which embed the user as it was, are forgotten. `now`, when the write
 * answered with the whole user, is the user as Okta has it now.
 */
export function userWritten(caches: Caches, id: string, now?: OktaUser): void {
  caches.recentWrites.mark(id);
  caches.loaders.userById.clear(id);
  caches.loaders.usersOfApplication.clearAll();
  // Member pages embed the user too, and every write of the user is logged.
  caches.loaders.membersOfGroup.clearAll();
  caches.loaders.logEventsOfUser.clearAll();
  // Okta evaluates active group rules when a profile changes: the user's groups may move too.
  userAccessStale(caches, id);
  if (now) userReadNow(caches, now);
}

/**
 * A change of what the user belongs to (created into groups, activated, deactivated, deleted):
 * the user's groups and apps, and the named groups' member counts, are no longer what the request
 * loaded.
 */
export function userRelationsChanged(
  caches: Caches,
  userId: string,
  groupIds: readonly string[] = [],
): void {
  caches.loaders.groupsOfUser.clear(userId);
  caches.loaders.applicationsOfUser.clearAll();
  caches.loaders.membersOfGroup.clearAll();
  userAccessStale(caches, userId);
  for (const groupId of groupIds) groupWritten(caches, groupId);
}

/**
 * A write that may change both the user and what it belongs to (the steps of a workflow: create,
 * activate, suspend, deactivate, clear sessions).
 */
export function userAndRelationsWritten(caches: Caches, id: string): void {
  userWritten(caches, id);
  userRelationsChanged(caches, id);
}

/** The user is gone: the request's loaders answer NotFound for it from now on. */
export function userGone(caches: Pick<Caches, 'loaders'>, id: string): void {
  caches.loaders.userById.clear(id).prime(id, new OktaNotFoundError('User', id));
}

// ── Groups and memberships ───────────────────────────────────────────────────────────────────

/**
 * A write of the group (profile, members): read it by id for a while, and forget what this
 * request loaded of it, with and without stats. `now` is Okta's answer, when it returned the group.
 */
export function groupWritten(caches: Caches, id: string, now?: OktaGroup): void {
  caches.recentWrites.mark(id);
  caches.loaders.groupById.clear(id);
  caches.loaders.groupWithStatsById.clear(id);
  if (now) caches.loaders.groupById.prime(id, now);
}

/**
 * A membership change: the group (member count, lastMembershipUpdated), the user's groups, and
 * the apps reached through the group are no longer what this request may have loaded.
 */
export function membershipWritten(caches: Caches, groupId: string, userId: string): void {
  groupWritten(caches, groupId);
  caches.recentWrites.mark(userId);
  caches.loaders.groupsOfUser.clear(userId);
  caches.loaders.applicationsOfUser.clearAll();
  caches.loaders.usersOfApplication.clearAll();
  caches.loaders.membersOfGroup.clearAll();
  caches.loaders.logEventsOfUser.clearAll();
  caches.loaders.allMembersOfGroup.clear(groupId);
  userAccessStale(caches, userId);
}

/** A deleted group: every user lost it, and the apps assigned to it lost their members. */
export function groupDeleted(caches: Caches, id: string): void {
  groupWritten(caches, id);
  caches.loaders.membersOfGroup.clearAll();
  caches.loaders.groupsOfUser.clearAll();
  caches.loaders.applicationsOfUser.clearAll();
  caches.loaders.applicationsOfGroup.clearAll();
  caches.loaders.usersOfApplication.clearAll();
  caches.loaders.groupsOfApplication.clearAll();
  // Its roles went with it, its members lost the roles it held, and rules naming it are INVALID.
  caches.loaders.allMembersOfGroup.clear(id);
  caches.loaders.rolesOfGroup.clear(id);
  caches.loaders.rolesOfUser.clearAll();
  caches.loaders.allGroupRules.clearAll();
  caches.loaders.groupRuleById.clearAll();
  assignmentListsStale(caches);
}

// ── Apps and assignments ─────────────────────────────────────────────────────────────────────

/**
 * A change of who has an app (a user or a group assigned or unassigned): the request's pages of
 * its users and groups, and of the apps of users and groups, may hold the old assignments. The
 * app is read by id for a while, in case Okta's app filter lags as its search does. A group
 * assignment changes the group's app count too.
 */
export function assignmentWritten(
  caches: Caches,
  applicationId: string,
  group?: { groupId: string },
): void {
  caches.recentWrites.mark(applicationId);
  caches.loaders.usersOfApplication.clearAll();
  caches.loaders.groupsOfApplication.clearAll();
  caches.loaders.applicationsOfUser.clearAll();
  caches.loaders.applicationsOfGroup.clearAll();
  assignmentListsStale(caches);
  if (group) caches.loaders.groupWithStatsById.clear(group.groupId);
}

/** A lifecycle change of the app itself: its assignments and the app are read again. */
export function applicationWritten(caches: Caches, applicationId: string): void {
  assignmentWritten(caches, applicationId);
  caches.loaders.applicationById.clear(applicationId);
}

// ── Event hooks ──────────────────────────────────────────────────────────────────────────────

/**
 * A hook written: the request's list of hooks is stale, and Okta's answer is the hook as it is
 * now. Hooks have no search index, so there is nothing to mark as recently written.
 */
export function eventHookWritten(caches: Pick<Caches, 'loaders'>, hook: EventHook): EventHook {
  caches.loaders.allEventHooks.clearAll();
  caches.loaders.eventHookById.clear(hook.id).prime(hook.id, hook);
  return hook;
}

/** A hook deleted (or about to be): the list and the hook are read again. */
export function eventHookDeleted(caches: Pick<Caches, 'loaders'>, id: string): void {
  caches.loaders.allEventHooks.clearAll();
  caches.loaders.eventHookById.clear(id);
}

// ── The access graph: group rules, factors, admin roles ──────────────────────────────────────

/** What the user reaches may have changed: its roles (through groups), apps and app links. */
function userAccessStale(caches: Pick<Caches, 'loaders'>, userId: string): void {
  caches.loaders.groupsOfUser.clear(userId);
  caches.loaders.rolesOfUser.clear(userId);
  caches.loaders.appLinksOfUser.clear(userId);
  caches.loaders.allApplicationsOfUser.clear(userId);
  caches.loaders.allUsersOfApplication.clearAll();
  caches.loaders.allMembersOfGroup.clearAll();
  // A group's app reaches its members through an app user of scope GROUP, made or removed with
  // the membership.
  caches.loaders.applicationUser.clearAll();
}

/** Who is assigned to which app: the whole lists access paths read, and single assignments. */
function assignmentListsStale(caches: Pick<Caches, 'loaders'>): void {
  caches.loaders.applicationUser.clearAll();
  caches.loaders.applicationGroup.clearAll();
  caches.loaders.allUsersOfApplication.clearAll();
  caches.loaders.allGroupsOfApplication.clearAll();
  caches.loaders.allApplicationsOfUser.clearAll();
  caches.loaders.allApplicationsOfGroup.clearAll();
  caches.loaders.appLinksOfUser.clearAll();
}

/** A rule created, replaced, activated or deactivated: `now` is the rule as Okta has it now. */
export function groupRuleWritten(
  caches: Pick<Caches, 'loaders'>,
  id: string,
  now?: OktaGroupRule,
): void {
  caches.loaders.allGroupRules.clearAll();
  caches.loaders.groupRuleById.clear(id);
  if (now) caches.loaders.groupRuleById.prime(id, now);
}

/** A rule deleted: the request's loaders answer NotFound for it from now on. */
export function groupRuleDeleted(caches: Pick<Caches, 'loaders'>, id: string): void {
  caches.loaders.allGroupRules.clearAll();
  caches.loaders.groupRuleById.clear(id).prime(id, new OktaNotFoundError('GroupRule', id));
}

/**
 * Okta moved users by a rule (activated: matching users joined its groups; deleted with
 * `removeUsers`: they left): any user's groups, and the named groups' members and counts, may
 * have changed.
 */
export function groupRuleMembershipsChanged(caches: Caches, groupIds: readonly string[]): void {
  caches.loaders.groupsOfUser.clearAll();
  caches.loaders.allMembersOfGroup.clearAll();
  caches.loaders.rolesOfUser.clearAll();
  caches.loaders.applicationsOfUser.clearAll();
  caches.loaders.usersOfApplication.clearAll();
  assignmentListsStale(caches);
  for (const groupId of groupIds) groupWritten(caches, groupId);
}

/** A factor reset: the user's factors (and `factorsEnrolled`, on the user) changed. */
export function factorsWritten(caches: Caches, userId: string): void {
  caches.loaders.factorsOfUser.clear(userId);
  userWritten(caches, userId);
}

/** A role assigned to or taken from a user itself. */
export function userRolesWritten(caches: Pick<Caches, 'loaders'>, userId: string): void {
  caches.loaders.rolesOfUser.clear(userId);
}

/** A role assigned to or taken from a group: every member's roles changed with it. */
export function groupRolesWritten(caches: Pick<Caches, 'loaders'>, groupId: string): void {
  caches.loaders.rolesOfGroup.clear(groupId);
  caches.loaders.rolesOfUser.clearAll();
}

// ── Incoming events ──────────────────────────────────────────────────────────────────────────

/** The System Log target types whose objects the gateway reads through its loaders. */
const CACHED_TARGET_TYPES = new Set(['User', 'UserGroup', 'AppInstance']);

/**
 * An Okta event says an object changed (a user suspended, a group's members changed), here or
 * elsewhere: its id is read by id for a while instead of through Okta's lagging search, so no
 * later request sees it stale.
 */
export function eventReceived(recentWrites: RecentWrites, event: LogEvent): void {
  for (const target of event.target ?? []) {
    if (CACHED_TARGET_TYPES.has(target.type)) recentWrites.mark(target.id);
  }
}
