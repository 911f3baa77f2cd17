/**
 * The admins' week in the System Log: new hires created and activated, status changes,
 * unlocks, password and factor resets, HR profile updates, app changes and assignments, and a
 * project group created with its members.
 */
import { type GroupRecord, iso } from '../store.ts';
import { appTarget, appUserTarget, groupTarget, userTarget } from '../system-log.ts';
import { appByLabel } from './apps.ts';
import { shuffle } from './choose.ts';
import { planAdminChange, planUserEvent, storyCap } from './history-plan.ts';
import { planLockout } from './history-sign-ins.ts';
import { HOUR, inWindow, isAdmin, MINUTE, type Person, type SeedState } from './state.ts';

export function planAdminStories(state: SeedState): void {
  const rng = state.rng;
  const hr = state.hrSync ? 'hr-sync' : state.superAdmin;
  for (const person of state.people) {
    if (person === state.superAdmin) continue;
    const u = person.user;
    const target = [userTarget(u)];
    const path = `/api/v1/users/${u.id}`;
    const recentlyCreated = person.createdAt >= state.windowStart;
    if (recentlyCreated) {
      planAdminChange(
        state,
        person.createdAt,
        hr,
        'user.lifecycle.create',
        target,
        `/api/v1/users?activate=false`,
      );
      const department = state.groupsByKey.get(`dept:${person.department.name}`);
      if (department?.members.has(u.id)) {
        const at = person.createdAt + 2 * MINUTE;
        planAdminChange(
          state,
          at,
          hr,
          'group.user_membership.add',
          [userTarget(u), groupTarget(department)],
          `/api/v1/groups/${department.id}/users/${u.id}`,
        );
        touchMembership(state, department, at);
      }
      const activatedOrProvisioned =
        person.activatedAt ?? (u.status === 'PROVISIONED' ? person.statusAt : null);
      if (activatedOrProvisioned !== null) {
        planAdminChange(
          state,
          activatedOrProvisioned,
          state.helpdesk,
          'user.lifecycle.activate',
          target,
          `${path}/lifecycle/activate?sendEmail=true`,
        );
      }
      if (person.activatedAt !== null) {
        // The new hire set a password while activating.
        planUserEvent(
          state,
          person,
          person.activeFrom - 5 * MINUTE,
          'user.account.update_password',
          target,
        );
      }
    }
    if (person.statusAt === null || person.statusAt < state.windowStart) continue;
    switch (u.status) {
      case 'RECOVERY':
        planAdminChange(
          state,
          person.statusAt,
          state.helpdesk,
          'user.account.reset_password',
          target,
          `${path}/lifecycle/reset_password?sendEmail=true`,
        );
        break;
      case 'PASSWORD_EXPIRED':
        planAdminChange(
          state,
          person.statusAt,
          state.superAdmin,
          'user.account.expire_password',
          target,
          `${path}/lifecycle/expire_password`,
        );
        break;
      case 'LOCKED_OUT':
        planLockout(state, person, person.statusAt);
        break;
      case 'SUSPENDED':
        planAdminChange(
          state,
          person.statusAt,
          state.itOps,
          'user.lifecycle.suspend',
          target,
          `${path}/lifecycle/suspend`,
        );
        break;
      case 'DEPROVISIONED':
        planAdminChange(
          state,
          person.statusAt - 2 * MINUTE,
          state.superAdmin,
          'user.session.clear',
          target,
          `${path}/sessions`,
        );
        planAdminChange(
          state,
          person.statusAt,
          state.superAdmin,
          'user.lifecycle.deactivate',
          target,
          `${path}/lifecycle/deactivate`,
        );
        break;
      default:
        break;
    }
  }

  const active = state.people.filter(
    (p) => p.user.status === 'ACTIVE' && !isAdmin(state, p) && p.createdAt < state.windowStart,
  );
  const cap = Math.ceil(storyCap(state) / 2);
  const few = (share: number, min: number) =>
    Math.min(active.length, Math.max(min, Math.min(cap, Math.round(active.length * share))));
  const picks = shuffle(rng, active);
  let next = 0;
  const take = (n: number) => {
    const out = picks.slice(next, next + n);
    next += out.length;
    return out;
  };
  // Locked out this week, unlocked by the helpdesk.
  for (const person of take(few(0.01, 2))) {
    const lockedAt = inWindow(state, 0.05, 0.9);
    planLockout(state, person, lockedAt);
    const unlockedAt = lockedAt + 20 * MINUTE + rng.int(3 * HOUR);
    planAdminChange(
      state,
      unlockedAt,
      state.helpdesk,
      'user.account.unlock',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/unlock`,
    );
    person.statusAt = unlockedAt;
    person.updatedAt = Math.max(person.updatedAt, unlockedAt);
  }
  // Forgot their password: the helpdesk reset it, they chose a new one.
  for (const person of take(few(0.01, 2))) {
    const resetAt = inWindow(state, 0.05, 0.9);
    planAdminChange(
      state,
      resetAt,
      state.helpdesk,
      'user.account.reset_password',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/reset_password?sendEmail=true`,
    );
    const changedAt = resetAt + 10 * MINUTE + rng.int(2 * HOUR);
    planUserEvent(state, person, changedAt, 'user.account.update_password', [
      userTarget(person.user),
    ]);
    person.passwordChangedAt = changedAt;
    person.statusAt = changedAt;
    person.updatedAt = Math.max(person.updatedAt, changedAt);
  }
  // New phone: factors reset.
  for (const person of take(few(0.008, 2))) {
    const at = inWindow(state, 0.05, 0.95);
    planAdminChange(
      state,
      at,
      state.helpdesk,
      'user.mfa.factor.reset_all',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/reset_factors`,
    );
    person.updatedAt = Math.max(person.updatedAt, at);
  }
  // Promotions and transfers arrive from the HR system.
  for (const person of take(few(0.01, 3))) {
    const at = inWindow(state, 0.05, 0.95);
    const from = String(person.user.profile.title);
    const to = from.startsWith('Senior ') ? from.replace('Senior ', 'Staff ') : `Senior ${from}`;
    person.user.profile.title = to;
    const target = {
      ...userTarget(person.user),
      changeDetails: { from: { title: from }, to: { title: to } },
    };
    planAdminChange(
      state,
      at,
      hr,
      'user.account.update_profile',
      [target],
      `/api/v1/users/${person.user.id}`,
    );
    person.updatedAt = Math.max(person.updatedAt, at);
  }
  planAppChanges(state);
}

function planAppChanges(state: SeedState): void {
  const retired = state.apps.find((a) => a.record.status === 'INACTIVE');
  if (retired) {
    const at = inWindow(state, 0.3, 0.8);
    planAdminChange(
      state,
      at,
      state.itOps,
      'application.lifecycle.deactivate',
      [appTarget(retired.record)],
      `/api/v1/apps/${retired.record.id}/lifecycle/deactivate`,
    );
    retired.record.lastUpdated = iso(new Date(at));
  }
  const salesforce = appByLabel(state, 'Salesforce');
  if (salesforce) {
    const at = inWindow(state, 0.1, 0.5);
    planAdminChange(
      state,
      at,
      state.superAdmin,
      'application.lifecycle.update',
      [appTarget(salesforce.record)],
      `/api/v1/apps/${salesforce.record.id}`,
    );
    salesforce.record.lastUpdated = iso(new Date(at));
  }
  // The helpdesk handed out a few licences this week.
  for (const app of state.apps) {
    if (app.record.status !== 'ACTIVE') continue;
    const direct = [...app.record.users.values()].filter((au) => au.direct);
    for (const appUser of direct.slice(-2)) {
      const person = state.personById.get(appUser.id) as Person;
      if (person.user.status !== 'ACTIVE' || person.createdAt >= state.windowStart) continue;
      const at = inWindow(state, 0.05, 0.95);
      appUser.created = appUser.lastUpdated = appUser.statusChanged = iso(new Date(at));
      planAdminChange(
        state,
        at,
        state.helpdesk,
        'application.user_membership.add',
        [appUserTarget(app.record, person.user), appTarget(app.record), userTarget(person.user)],
        `/api/v1/apps/${app.record.id}/users`,
      );
    }
  }
}

export function planGroupCreation(
  state: SeedState,
  group: GroupRecord,
  at: number,
  members: readonly Person[],
): void {
  planAdminChange(
    state,
    at,
    state.itOps,
    'group.lifecycle.create',
    [groupTarget(group)],
    '/api/v1/groups',
  );
  let t = at + MINUTE;
  for (const person of members) {
    t += 10_000 + state.rng.int(50_000);
    planAdminChange(
      state,
      t,
      state.itOps,
      'group.user_membership.add',
      [userTarget(person.user), groupTarget(group)],
      `/api/v1/groups/${group.id}/users/${person.user.id}`,
    );
  }
  touchMembership(state, group, t);
}

function touchMembership(state: SeedState, group: GroupRecord, at: number): void {
  state.membershipChangedAt.set(
    group.id,
    Math.max(at, state.membershipChangedAt.get(group.id) ?? 0),
  );
}
