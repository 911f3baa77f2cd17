/**
 * The seeded groups: Everyone (BUILT_IN), department, team and project groups (OKTA_GROUP),
 * groups imported from Active Directory (APP_GROUP), and for big orgs generated groups whose
 * sizes follow a power law.
 */
import { type GroupRecord, iso } from '../store.ts';
import { BASE64, shuffle } from './choose.ts';
import { AD_NETBIOS } from './company.ts';
import { AD_GROUPS, PROJECT_CODENAMES, TEAM_GROUPS, TEAM_KINDS } from './groups-data.ts';
import { planGroupCreation } from './history-admin.ts';
import { DEPARTMENTS, type Department } from './people-data.ts';
import {
  DAY,
  HOUR,
  inWindow,
  ORG_AGE,
  type Person,
  type SeededApp,
  type SeedState,
} from './state.ts';

export function createEveryone(state: SeedState): void {
  const at = iso(new Date(state.orgCreated));
  const everyone: GroupRecord = {
    id: state.org.everyoneGroupId,
    created: at,
    lastUpdated: at,
    lastMembershipUpdated: at,
    type: 'BUILT_IN',
    profile: { name: 'Everyone', description: 'All users in your organization' },
    members: new Set(),
  };
  state.org.saveGroup(everyone);
  state.groupsByKey.set('everyone', everyone);
  state.groupCreatedAt.set(everyone.id, state.orgCreated);
  state.org.addMember(everyone, state.superAdmin.user.id);
}

export function createGroups(state: SeedState, count: number): void {
  const everyone = state.groupsByKey.get('everyone') as GroupRecord;
  for (const person of state.people) state.org.addMember(everyone, person.user.id);
  if (count <= 0) return;

  let remaining = count;
  const take = () => remaining-- > 0;

  for (const department of DEPARTMENTS) {
    if (!take()) return;
    const name = department.name === 'Executive' ? 'Executive Team' : department.name;
    createOktaGroup(
      state,
      `dept:${department.name}`,
      name,
      `Everyone in ${department.name}`,
      state.orgCreated + 3 * DAY,
      state.people.filter((p) => p.department === department && p !== state.superAdmin),
    );
  }

  const ad = state.apps.find((a) => a.template.name === 'active_directory');
  if (ad) {
    for (const adGroup of AD_GROUPS) {
      if (!take()) return;
      const eligible = state.people.filter(
        (p) =>
          p !== state.superAdmin &&
          p.user.status !== 'STAGED' &&
          (adGroup.departments === '*' || adGroup.departments.includes(p.department.name)),
      );
      const members = eligible.filter(() => adGroup.share >= 1 || state.rng.chance(adGroup.share));
      createAdGroup(state, ad, adGroup, members);
    }
  }

  for (const team of TEAM_GROUPS) {
    if (!take()) return;
    createTeamGroup(state, team.name, team.description);
  }

  createGeneratedGroups(state, remaining);
}

function createOktaGroup(
  state: SeedState,
  key: string,
  name: string,
  description: string,
  createdAt: number,
  members: readonly Person[],
): GroupRecord {
  const created = iso(new Date(createdAt));
  const group: GroupRecord = {
    id: state.rng.id('00g'),
    created,
    lastUpdated: created,
    lastMembershipUpdated: created,
    type: 'OKTA_GROUP',
    profile: { name, description },
    members: new Set(),
  };
  state.org.saveGroup(group);
  state.groupsByKey.set(key, group);
  state.groupCreatedAt.set(group.id, createdAt);
  for (const person of members) state.org.addMember(group, person.user.id);
  return group;
}

function createAdGroup(
  state: SeedState,
  ad: SeededApp,
  adGroup: (typeof AD_GROUPS)[number],
  members: Person[],
): void {
  const createdAt = ad.createdAt + DAY;
  const created = iso(new Date(createdAt));
  const name = adGroup.samAccountName;
  const group: GroupRecord = {
    id: state.rng.id('00g'),
    created,
    lastUpdated: created,
    lastMembershipUpdated: created,
    type: 'APP_GROUP',
    profile: {
      name,
      description: adGroup.description,
      groupType: 'Security',
      groupScope: 'Global',
      samAccountName: name,
      dn: `CN=${name},${adGroup.ou},DC=corp,DC=acme,DC=example`,
      windowsDomainQualifiedName: `${AD_NETBIOS}\\${name}`,
      externalId: `${state.rng.chars(22, BASE64)}==`,
    },
    sourceAppId: ad.record.id,
    members: new Set(),
  };
  state.org.saveGroup(group);
  state.groupsByKey.set(`ad:${name}`, group);
  state.groupCreatedAt.set(group.id, createdAt);
  for (const person of members) state.org.addMember(group, person.user.id);
}

function createTeamGroup(state: SeedState, name: string, description: string): void {
  const rng = state.rng;
  const people = state.people.filter((p) => p !== state.superAdmin);
  const recentlyJoined = (p: Person) => p.createdAt > state.now - 90 * DAY;
  const createdAt = state.orgCreated + 30 * DAY + rng.int(ORG_AGE - 120 * DAY);
  switch (name) {
    case 'Okta Administrators':
      createOktaGroup(state, `team:${name}`, name, description, state.orgCreated + DAY, [
        ...new Set([state.superAdmin, state.itOps, state.helpdesk]),
      ]);
      return;
    case 'People Managers':
      createOktaGroup(
        state,
        `team:${name}`,
        name,
        description,
        createdAt,
        people.filter((p) => p.role !== 'member'),
      );
      return;
    case 'Contractors':
      createOktaGroup(
        state,
        `team:${name}`,
        name,
        description,
        createdAt,
        people.filter((p) => p.contractor),
      );
      return;
    case 'Security Champions':
      createOktaGroup(
        state,
        `team:${name}`,
        name,
        description,
        createdAt,
        people.filter((p) => p.department.name === 'Engineering' && rng.chance(0.1)),
      );
      return;
    case 'Remote - Americas':
      createOktaGroup(
        state,
        `team:${name}`,
        name,
        description,
        createdAt,
        people.filter((p) => p.remote && ['US', 'CA'].includes(p.office.countryCode)),
      );
      return;
    case 'New Hire Onboarding':
      createOktaGroup(
        state,
        `team:${name}`,
        name,
        description,
        createdAt,
        people.filter(recentlyJoined),
      );
      return;
    default: {
      // A project started this week: its group, and its members, were added in the window.
      const eligible = people.filter(
        (p) =>
          ['Engineering', 'Product', 'Marketing'].includes(p.department.name) &&
          p.user.status === 'ACTIVE',
      );
      const size = Math.min(40, Math.max(3, Math.round(eligible.length * 0.08)));
      const members = shuffle(rng, eligible).slice(0, size);
      const at = inWindow(state, 0.2, 0.6);
      const group = createOktaGroup(state, `team:${name}`, name, description, at, members);
      planGroupCreation(state, group, at, members);
    }
  }
}

/**
 * Large orgs: team and project groups whose sizes follow a power law: a few big ones, a
 * long tail of small ones. Each person joins 0–6 of them.
 */
function createGeneratedGroups(state: SeedState, count: number): void {
  if (count <= 0) return;
  const rng = state.rng;
  const groups: GroupRecord[] = [];
  const names = new Set([...state.groupsByKey.values()].map((g) => String(g.profile.name)));
  for (let i = 0; i < count; i++) {
    let name = generatedGroupName(i);
    for (let n = 2; names.has(name); n++) name = `${generatedGroupName(i)} ${n}`;
    names.add(name);
    const createdAt = state.orgCreated + 10 * DAY + rng.int(ORG_AGE - 20 * DAY);
    groups.push(
      createOktaGroup(
        state,
        `gen:${i}`,
        name,
        `${name.split(' ')[0]} workspace and mailing list`,
        createdAt,
        [],
      ),
    );
  }
  for (const person of state.people) {
    // This week's new hires joined only what the history logs.
    if (person === state.superAdmin || person.createdAt >= state.windowStart) continue;
    const r = rng.next();
    const memberships = r < 0.2 ? 0 : r < 0.5 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4 + rng.int(3);
    for (let m = 0; m < memberships; m++) {
      const index = Math.floor(count * rng.next() ** 2.2);
      state.org.addMember(groups[index] as GroupRecord, person.user.id);
    }
  }
}

/** Each group's last membership change: the logged one, or a quiet moment before the window. */
export function settleGroups(state: SeedState): void {
  const rng = state.rng;
  for (const group of state.org.groups.values()) {
    const createdAt = state.groupCreatedAt.get(group.id) ?? state.orgCreated;
    const logged = state.membershipChangedAt.get(group.id);
    const quietUntil = state.windowStart - HOUR;
    const changedAt =
      logged ?? Math.max(createdAt, quietUntil - rng.int(Math.max(1, quietUntil - createdAt)));
    group.lastMembershipUpdated = iso(new Date(Math.max(createdAt, changedAt)));
  }
}

function generatedGroupName(i: number): string {
  const kind = TEAM_KINDS[i % TEAM_KINDS.length] as string;
  const codename = PROJECT_CODENAMES[
    Math.floor(i / TEAM_KINDS.length) % PROJECT_CODENAMES.length
  ] as string;
  const round = Math.floor(i / (TEAM_KINDS.length * PROJECT_CODENAMES.length));
  if (round === 0) return `${kind} ${codename}`;
  const department = DEPARTMENTS[(round - 1) % DEPARTMENTS.length] as Department;
  const suffix = round > DEPARTMENTS.length ? ` ${Math.ceil(round / DEPARTMENTS.length)}` : '';
  return `${department.name} ${kind} ${codename}${suffix}`;
}
