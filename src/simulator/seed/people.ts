/**
 * The seeded people: the API token's super admin, then the workforce by department and office,
 * with reporting lines, the two other admins, every user status, base and custom profile
 * attributes, and credentials.
 */
import { iso, type Principal, type Profile, type UserRecord, type UserStatus } from '../store.ts';
import { pickSome, pickWeighted, quotas, shuffle } from './choose.ts';
import { COMPANY, COMPANY_DOMAIN, DEMO_PASSWORD } from './company.ts';
import { storyCap } from './history-plan.ts';
import {
  CUSTOM_ATTRIBUTES,
  DEPARTMENTS,
  DESKTOP_AGENTS,
  type Department,
  FIRST_NAMES,
  LAST_NAMES,
  MOBILE_AGENTS,
  OFFICES,
  type Office,
  RECOVERY_QUESTIONS,
  TEST_NETS,
  type UserAgentProfile,
} from './people-data.ts';
import {
  DAY,
  HOUR,
  inWindow,
  isAdmin,
  MINUTE,
  ORG_AGE,
  type Person,
  type Role,
  type SeedBase,
  type SeedState,
} from './state.ts';

/** Share of the people (besides the admins) in each non-ACTIVE status. */
const STATUS_SHARES: readonly [UserStatus, number][] = [
  ['STAGED', 0.025],
  ['PROVISIONED', 0.025],
  ['RECOVERY', 0.015],
  ['PASSWORD_EXPIRED', 0.015],
  ['LOCKED_OUT', 0.012],
  ['SUSPENDED', 0.02],
  ['DEPROVISIONED', 0.05],
];

export function superAdminPrincipal(state: SeedState): Principal {
  const admin = state.superAdmin;
  return {
    kind: 'ssws',
    id: admin.user.id,
    displayName: `${admin.firstName} ${admin.lastName}`,
    alternateId: admin.login,
    scopes: null,
  };
}

export function registerCustomSchema(state: SeedState): void {
  for (const [name, property] of Object.entries(CUSTOM_ATTRIBUTES)) {
    state.org.customSchema.set(name, structuredClone(property));
  }
  state.org.schemaLastUpdated = iso(new Date(state.orgCreated + 30 * DAY));
}

export function createSuperAdmin(state: SeedBase): Person {
  const office = OFFICES[0] as Office;
  const it = DEPARTMENTS.find((d) => d.name === 'IT') as Department;
  const login = `admin@${COMPANY_DOMAIN}`;
  state.usedLogins.add(login);
  const createdAt = state.orgCreated;
  const user = newUserRecord(state, 'ACTIVE', createdAt);
  const person: Person = {
    index: state.people.length,
    user,
    firstName: 'Acme',
    lastName: 'Admin',
    login,
    department: it,
    office,
    role: 'member',
    manager: null,
    remote: false,
    contractor: false,
    desktop: DESKTOP_AGENTS[3] as UserAgentProfile,
    mobile: null,
    homeIp: '203.0.113.200',
    createdAt,
    activatedAt: createdAt + HOUR,
    statusAt: createdAt + HOUR,
    activeFrom: createdAt + HOUR,
    activeUntil: state.now,
    lastLoginAt: null,
    passwordChangedAt: createdAt + HOUR,
    updatedAt: createdAt + HOUR,
  };
  user.profile = {
    firstName: person.firstName,
    lastName: person.lastName,
    displayName: 'Acme Admin',
    title: 'Okta Super Administrator',
    department: it.name,
    organization: COMPANY,
    userType: 'Service Account',
    login,
    email: login,
  };
  user.password = { value: DEMO_PASSWORD };
  user.factorsEnrolled = 1;
  addPerson(state, person);
  settlePerson(state, person);
  return person;
}

export function createPeople(state: SeedState, count: number): void {
  if (count <= 0) return;
  const departments = shuffle(
    state.rng,
    quotas(count, DEPARTMENTS, (d) => d.weight),
  );
  const byDepartment = new Map<Department, Person[]>();
  for (const department of departments) {
    const person = createPerson(state, department, byDepartment.get(department)?.length ?? 0);
    const list = byDepartment.get(department) ?? [];
    list.push(person);
    byDepartment.set(department, list);
  }
  organise(state, byDepartment);
  chooseAdmins(state, byDepartment);
  assignStatuses(state);
  for (const person of state.people) {
    if (person === state.superAdmin) continue;
    fillProfile(state, person);
    state.org.saveUser(person.user);
  }
}

function createPerson(state: SeedState, department: Department, indexInDepartment: number): Person {
  const rng = state.rng;
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const login = uniqueLogin(state, firstName, lastName);
  const office = pickWeighted(rng, OFFICES, (o) => o.weight);
  // Heads and managers joined early; the workforce grew toward the present.
  const tenure = indexInDepartment < 3 ? 0.5 + rng.next() * 0.5 : rng.next() ** 1.6;
  const createdAt = state.now - 14 * DAY - Math.floor(tenure * (ORG_AGE - 20 * DAY));
  const role: Role = 'member';
  const desktop = rng.pick(DESKTOP_AGENTS);
  const mobile = rng.chance(0.7) ? rng.pick(MOBILE_AGENTS) : null;
  const homeIp = rng.chance(0.2)
    ? `2001:db8:${hex(rng.int(0x10000))}:${hex(rng.int(0x10000))}::${hex(1 + rng.int(0xfffe))}`
    : `${rng.pick(TEST_NETS)}${1 + rng.int(254)}`;
  const user = newUserRecord(state, 'ACTIVE', createdAt);
  const activatedAt = createdAt + HOUR + rng.int(3 * DAY);
  const person: Person = {
    index: state.people.length,
    user,
    firstName,
    lastName,
    login,
    department,
    office,
    role,
    manager: null,
    remote: rng.chance(0.15),
    contractor: rng.chance(0.08),
    desktop,
    mobile,
    homeIp,
    createdAt,
    activatedAt,
    statusAt: activatedAt,
    activeFrom: activatedAt,
    activeUntil: state.now,
    lastLoginAt: null,
    passwordChangedAt: Math.max(activatedAt, state.now - 8 * DAY - rng.int(180 * DAY)),
    updatedAt: activatedAt,
  };
  addPerson(state, person);
  return person;
}

function addPerson(state: SeedBase, person: Person): void {
  state.people.push(person);
  state.personById.set(person.user.id, person);
}

function newUserRecord(state: SeedBase, status: UserStatus, createdAt: number): UserRecord {
  const created = iso(new Date(createdAt));
  return {
    id: state.rng.id('00u'),
    status,
    created,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: created,
    passwordChanged: null,
    transitioningToStatus: null,
    typeId: state.org.defaultUserTypeId,
    profile: {},
    passwordHistory: [],
    provider: { type: 'OKTA', name: 'OKTA' },
    factorsEnrolled: 0,
    sessions: 0,
  };
}

function uniqueLogin(state: SeedBase, firstName: string, lastName: string): string {
  const base = `${slug(firstName)}.${slug(lastName)}`;
  let login = `${base}@${COMPANY_DOMAIN}`;
  for (let n = 2; state.usedLogins.has(login); n++) login = `${base}${n}@${COMPANY_DOMAIN}`;
  state.usedLogins.add(login);
  return login;
}

/** Heads, managers and reporting lines inside each department. */
function organise(state: SeedState, byDepartment: Map<Department, Person[]>): void {
  const ceo = byDepartment.get(DEPARTMENTS.find((d) => d.name === 'Executive') as Department)?.[0];
  for (const [, members] of byDepartment) {
    const [head, ...rest] = members;
    if (!head) continue;
    head.role = 'head';
    head.manager = head === ceo ? null : (ceo ?? null);
    const managerCount = rest.length >= 3 ? Math.max(1, Math.ceil(rest.length / 9)) : 0;
    const managers = rest.slice(0, managerCount);
    for (const manager of managers) {
      manager.role = 'manager';
      manager.manager = head;
    }
    for (const member of rest.slice(managerCount)) {
      member.manager = managers.length > 0 ? state.rng.pick(managers) : head;
    }
  }
}

/** Two IT people administer Okta beside the API token's super admin. */
function chooseAdmins(state: SeedState, byDepartment: Map<Department, Person[]>): void {
  const it = byDepartment.get(DEPARTMENTS.find((d) => d.name === 'IT') as Department) ?? [];
  const itManager = it.find((p) => p.role === 'manager') ?? it.find((p) => p.role === 'head');
  const support = it.find((p) => p.role === 'member');
  if (itManager) state.itOps = itManager;
  if (support) state.helpdesk = support;
}

/**
 * Most people are ACTIVE; a share of individual contributors is in each other status, and
 * for the latest of them the change happened inside the history window (the log holds it).
 */
function assignStatuses(state: SeedState): void {
  const rng = state.rng;
  const candidates = shuffle(
    rng,
    state.people.filter((p) => p.role === 'member' && !isAdmin(state, p)),
  );
  const total = state.people.length;
  let next = 0;
  const windowCap = storyCap(state);
  for (const [status, share] of STATUS_SHARES) {
    const wanted = Math.max(total >= 40 ? 2 : total >= 12 ? 1 : 0, Math.round(total * share));
    for (let i = 0; i < wanted && next < candidates.length; i++) {
      const person = candidates[next++] as Person;
      setStatus(state, person, status, i < windowCap);
    }
  }
  // A few recent hires are already ACTIVE: created, activated and signed in this week.
  for (let i = 0; i < Math.min(3, windowCap) && next < candidates.length; i++) {
    const person = candidates[next++] as Person;
    const createdAt = inWindow(state, 0.05, 0.45);
    person.createdAt = createdAt;
    person.activatedAt = createdAt + 2 * HOUR + rng.int(20 * HOUR);
    person.statusAt = person.activatedAt;
    person.activeFrom = person.activatedAt + 10 * MINUTE;
    person.passwordChangedAt = person.activeFrom;
    person.updatedAt = person.activeFrom;
  }
}

function setStatus(state: SeedState, person: Person, status: UserStatus, recent: boolean): void {
  const rng = state.rng;
  person.user.status = status;
  switch (status) {
    case 'STAGED':
    case 'PROVISIONED': {
      // New hires: HR sync created them; PROVISIONED ones got their activation email.
      const createdAt = recent
        ? inWindow(state, 0.02, 0.9)
        : state.now - 10 * DAY - rng.int(40 * DAY);
      person.createdAt = createdAt;
      person.activatedAt = null;
      person.statusAt = status === 'STAGED' ? null : createdAt + HOUR + rng.int(6 * HOUR);
      person.activeFrom = state.now;
      person.activeUntil = state.now;
      person.passwordChangedAt = null;
      person.updatedAt = person.statusAt ?? createdAt;
      return;
    }
    case 'SUSPENDED':
    case 'DEPROVISIONED': {
      const at =
        recent && rng.chance(status === 'SUSPENDED' ? 0.6 : 0.4)
          ? inWindow(state, 0.1, 0.97)
          : Math.max(
              person.activatedAt ?? person.createdAt,
              state.now - 8 * DAY - rng.int(200 * DAY),
            ) + DAY;
      person.statusAt = Math.min(at, state.windowEnd);
      person.activeUntil = person.statusAt;
      return;
    }
    default: {
      // RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT: an admin or the lockout policy, this week
      // for the latest of them, earlier for the rest.
      const at = recent
        ? inWindow(state, 0.1, 0.97)
        : Math.max(
            (person.activatedAt ?? person.createdAt) + DAY,
            state.now - 8 * DAY - rng.int(60 * DAY),
          );
      person.statusAt = at;
      person.activeUntil = at;
    }
  }
}

function fillProfile(state: SeedState, person: Person): void {
  const rng = state.rng;
  const { department, office, user } = person;
  const title =
    person.role === 'head'
      ? department.headTitle
      : person.role === 'manager'
        ? department.managerTitle
        : rng.pick(department.titles);
  const number = 100_000 + person.index;
  const profile: Profile = {
    firstName: person.firstName,
    lastName: person.lastName,
    displayName: `${person.firstName} ${person.lastName}`,
    ...(rng.chance(0.1) ? { nickName: person.firstName.slice(0, 3) } : {}),
    title,
    department: department.name,
    division: department.division,
    organization: COMPANY,
    costCenter: department.costCenter,
    employeeNumber: person.contractor ? `C${number}` : String(number),
    userType: person.contractor ? 'Contractor' : 'Employee',
    ...(person.manager
      ? {
          manager: `${person.manager.firstName} ${person.manager.lastName}`,
          managerId: person.manager.user.id,
        }
      : {}),
    login: person.login,
    email: person.login,
    ...(rng.chance(0.3)
      ? { secondEmail: `${slug(person.firstName)}${rng.int(100)}@mail.example.net` }
      : {}),
    mobilePhone: `${office.phonePrefix}${String(rng.int(100)).padStart(2, '0')}`,
    ...(person.remote
      ? {}
      : { primaryPhone: `${office.phonePrefix}00`, streetAddress: office.streetAddress }),
    city: office.city,
    state: office.state,
    zipCode: office.postalCode,
    countryCode: office.countryCode,
    timezone: office.timezone,
    locale: office.locale,
    preferredLanguage: office.preferredLanguage,
    isContractor: person.contractor,
    ...(rng.chance(0.9) || person.user.status === 'STAGED'
      ? { startDate: startDate(state, person) }
      : {}),
    ...(rng.chance(0.75) ? { securityClearance: clearance(state, person) } : {}),
    ...(person.remote ? {} : { badgeNumber: 10_000 + rng.int(90_000) }),
    ...(rng.chance(0.6) ? { skills: pickSome(rng, department.skills, 1 + rng.int(3)) } : {}),
  };
  user.profile = profile;
  fillCredentials(state, person);
}

/** First working day: a future Monday for people not yet started. */
function startDate(state: SeedState, person: Person): string {
  if (person.user.status === 'STAGED' || person.user.status === 'PROVISIONED') {
    const start = new Date(state.now + 3 * DAY);
    start.setUTCDate(start.getUTCDate() + ((8 - start.getUTCDay()) % 7));
    return iso(start).slice(0, 10);
  }
  return iso(new Date(person.createdAt + 2 * DAY)).slice(0, 10);
}

function clearance(state: SeedState, person: Person): string {
  if (person.role === 'head') return 'RESTRICTED';
  if (['Finance', 'Legal', 'Human Resources', 'Executive'].includes(person.department.name)) {
    return 'CONFIDENTIAL';
  }
  return state.rng.chance(0.15) ? 'PUBLIC' : 'INTERNAL';
}

function fillCredentials(state: SeedState, person: Person): void {
  const rng = state.rng;
  const { user } = person;
  if (person.activatedAt === null) return;
  user.password = { value: DEMO_PASSWORD };
  if (rng.chance(0.5)) {
    const entry = rng.pick(RECOVERY_QUESTIONS);
    user.recoveryQuestion = { question: entry.question, answer: rng.pick(entry.answers) };
  }
  if (user.status !== 'DEPROVISIONED') {
    user.factorsEnrolled = rng.chance(0.85) ? 1 + rng.int(3) : 0;
  }
}

/** Make every record's timestamps agree with its status and with the history. */
/** Make every person's timestamps agree with their status and with the history. */
export function settlePeople(state: SeedState): void {
  const rng = state.rng;
  for (const person of state.people) {
    if (person.lastLoginAt === null && person.activatedAt !== null) {
      // Not among this week's signers: last seen before the window (or before they left).
      const until = Math.min(person.activeUntil, state.windowStart) - HOUR;
      const from = Math.max(person.activatedAt, until - 60 * DAY);
      person.lastLoginAt = until > from ? from + rng.int(until - from) : null;
    }
    settlePerson(state, person);
  }
}

function settlePerson(state: SeedBase, person: Person): void {
  const u = person.user;
  u.created = iso(new Date(person.createdAt));
  u.activated = person.activatedAt === null ? null : iso(new Date(person.activatedAt));
  u.statusChanged = person.statusAt === null ? null : iso(new Date(person.statusAt));
  u.lastLogin = person.lastLoginAt === null ? null : iso(new Date(person.lastLoginAt));
  u.passwordChanged =
    u.password && person.passwordChangedAt !== null
      ? iso(new Date(person.passwordChangedAt))
      : null;
  u.lastUpdated = iso(
    new Date(
      Math.max(
        person.createdAt,
        person.updatedAt,
        person.statusAt ?? 0,
        person.passwordChangedAt ?? 0,
      ),
    ),
  );
  u.sessions =
    u.status === 'ACTIVE' &&
    person.lastLoginAt !== null &&
    person.lastLoginAt > state.now - 12 * HOUR
      ? 1
      : 0;
  state.org.saveUser(u);
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function hex(n: number): string {
  return n.toString(16);
}
