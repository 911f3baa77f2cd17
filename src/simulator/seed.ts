/**
 * The deterministic seeded org (docs/DESIGN.md principle 2: the demo org reads like a real one).
 *
 * - `empty`: the API token's admin (`admin@acme.example`, ACTIVE, every scope) in Everyone.
 * - `demo`: Acme Corporation. 250 people in every user status, in eleven departments and nine
 *   offices, with managers, base profile attributes (title, costCenter, employeeNumber…) and
 *   custom ones registered in the user schema; every user who was ever activated has the
 *   password DEMO_PASSWORD. 25 groups: Everyone (BUILT_IN), department, team and project
 *   groups (OKTA_GROUP), and six groups imported from Active Directory (APP_GROUP). Ten apps,
 *   one per common sign-on mode, assigned to groups and to people directly. A System Log week:
 *   sign-ins, MFA and SSO by most people from their browsers and phones at the office, at home
 *   and travelling; failed sign-ins, lockouts and a password spray; the HR sync service's
 *   token grants and user changes; the changes of three admins. The history agrees with the
 *   final state (statusChanged, lastLogin, new hires' memberships).
 * - `{ users, groups, apps? }`: the same org scaled for benchmarks; memberships follow a
 *   power law and the history is capped at MAX_HISTORY_EVENTS.
 *
 * Every choice comes from the org's PRNG, so the same seed builds the same ids, names and
 * memberships; timestamps are relative to the moment of seeding.
 *
 * The steps live in seed/: people.ts, groups.ts, apps.ts and history.ts, drawing from the
 * company's data beside them (company.ts, people-data.ts, groups-data.ts, apps-data.ts,
 * history-data.ts); state.ts holds what the steps share.
 */
import { randomBytes } from 'node:crypto';
import { assignApps, createApps } from './seed/apps.ts';
import { createEveryone, createGroups, settleGroups } from './seed/groups.ts';
import { writeHistory } from './seed/history.ts';
import {
  createPeople,
  createSuperAdmin,
  registerCustomSchema,
  settlePeople,
  superAdminPrincipal,
} from './seed/people.ts';
import { newSeedBase, type SeedState } from './seed/state.ts';
import { seedAccess } from './seed-access.ts';
import type { Org } from './store.ts';

export { DEMO_PASSWORD } from './seed/company.ts';
export { MAX_HISTORY_EVENTS } from './seed/history-plan.ts';
export { HISTORY_DAYS } from './seed/state.ts';

export type SeedSize = 'demo' | 'empty' | { users: number; groups: number; apps?: number };

/** The demo org: 250 users in every status, 25 groups of the three types, 10 apps. */
export const DEMO_SIZE = Object.freeze({ users: 250, groups: 25, apps: 10 });

/** Build the org's content. Returns the API token the org accepts. */
export function seedOrg(org: Org, options: { size: SeedSize; apiToken?: string }): string {
  const token = options.apiToken ?? `00${randomBytes(30).toString('base64url').slice(0, 40)}`;
  const state = startSeed(org, Date.now());
  org.apiTokens.set(token, superAdminPrincipal(state));
  if (options.size !== 'empty') populate(state, dimensions(options.size));
  seedAccess(org, superAdminPrincipal(state).id);
  return token;
}

/** Every org, even an empty one, has the API token's super admin in Everyone. */
function startSeed(org: Org, now: number): SeedState {
  const base = newSeedBase(org, now);
  const superAdmin = createSuperAdmin(base);
  const state: SeedState = Object.assign(base, {
    superAdmin,
    helpdesk: superAdmin,
    itOps: superAdmin,
  });
  createEveryone(state);
  return state;
}

/**
 * The steps in the order they draw from the PRNG: changing the order changes every id, name
 * and membership after it.
 */
function populate(state: SeedState, size: { users: number; groups: number; apps: number }): void {
  registerCustomSchema(state);
  createApps(state, size.apps);
  createPeople(state, size.users - 1);
  createGroups(state, size.groups - 1);
  assignApps(state);
  writeHistory(state);
  settlePeople(state);
  settleGroups(state);
}

function dimensions(size: Exclude<SeedSize, 'empty'>): {
  users: number;
  groups: number;
  apps: number;
} {
  if (size === 'demo') return { ...DEMO_SIZE };
  const apps = size.apps ?? DEMO_SIZE.apps;
  for (const [name, value, min] of [
    ['users', size.users, 1],
    ['groups', size.groups, 1],
    ['apps', apps, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) {
      throw new RangeError(`seed size: ${name} must be an integer >= ${min}, got ${value}`);
    }
  }
  return { users: size.users, groups: size.groups, apps };
}
