/**
 * The System Log event types Okta flags `event-hook-eligible` in its Event Types catalog, as far
 * as this project writes or registers them: an event hook may ask only for these. Grouped by what
 * they tell, because the gateway registers its own hook for some groups and not others.
 */

/** Changes to people, groups, memberships and apps: what the gateway's caches and subscribers follow. */
export const DIRECTORY_CHANGE_EVENT_TYPES = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.reactivate',
  'user.lifecycle.delete.initiated',
  'user.lifecycle.delete.completed',
  'user.account.update_profile',
  'user.account.lock',
  'user.account.unlock',
  'user.account.update_password',
  'user.account.reset_password',
  'group.user_membership.add',
  'group.user_membership.remove',
  'group.lifecycle.create',
  'group.lifecycle.delete',
  'group.profile.update',
  'application.lifecycle.create',
  'application.lifecycle.update',
  'application.lifecycle.activate',
  'application.lifecycle.deactivate',
  'application.lifecycle.delete',
  'application.user_membership.add',
  'application.user_membership.remove',
  'application.user_membership.change_username',
] as const;

/** Sign-ins: most of an org's System Log. */
export const SIGN_IN_EVENT_TYPES = ['user.session.start', 'user.authentication.sso'] as const;

/**
 * Changes to event hooks themselves. `event_hook.delivery` is not eligible: a failing hook must
 * not be sent its own failures.
 */
export const EVENT_HOOK_EVENT_TYPES = [
  'event_hook.created',
  'event_hook.updated',
  'event_hook.activated',
  'event_hook.deactivated',
  'event_hook.deleted',
  'event_hook.verified',
] as const;

/**
 * Changes to who may do what: admin roles granted and revoked, MFA factors reset. Okta writes no
 * eligible event when a group rule is created, activated or deleted.
 */
export const ACCESS_CHANGE_EVENT_TYPES = [
  'user.account.privilege.grant',
  'user.account.privilege.revoke',
  'group.privilege.grant',
  'group.privilege.revoke',
  'user.mfa.factor.deactivate',
] as const;

export type EventHookEligibleType =
  | (typeof DIRECTORY_CHANGE_EVENT_TYPES)[number]
  | (typeof SIGN_IN_EVENT_TYPES)[number]
  | (typeof EVENT_HOOK_EVENT_TYPES)[number]
  | (typeof ACCESS_CHANGE_EVENT_TYPES)[number];

/** Every event-hook-eligible type this project knows. */
export const EVENT_HOOK_ELIGIBLE_TYPES: ReadonlySet<string> = new Set<EventHookEligibleType>([
  ...DIRECTORY_CHANGE_EVENT_TYPES,
  ...SIGN_IN_EVENT_TYPES,
  ...EVENT_HOOK_EVENT_TYPES,
  ...ACCESS_CHANGE_EVENT_TYPES,
]);
