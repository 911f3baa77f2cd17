/**
 * The deterministic seeded org (shared/DESIGN.md principle 2: the demo org reads like a real one).
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
 */
import { randomBytes } from 'node:crypto';
import type { Prng } from './random.ts';
import { seedAccess } from './seed-access.ts';
import {
  AD_GROUPS,
  AD_NETBIOS,
  API_AGENTS,
  APP_CATALOGUE,
  type AppTemplate,
  COMPANY,
  COMPANY_DOMAIN,
  CUSTOM_ATTRIBUTES,
  DEMO_PASSWORD,
  DEPARTMENTS,
  DESKTOP_AGENTS,
  type Department,
  ELSEWHERE,
  EXTRA_SAML_APPS,
  FIRST_NAMES,
  HR_SYNC_SCOPES,
  LAST_NAMES,
  MOBILE_AGENTS,
  OFFICES,
  type Office,
  OKTA_VERIFY_AGENT,
  type Place,
  PROJECT_CODENAMES,
  RECOVERY_QUESTIONS,
  SIGN_IN_FAILURE_REASONS,
  TEAM_GROUPS,
  TEAM_KINDS,
  type UserAgentProfile,
} from './seed-data.ts';
import {
  type AppRecord,
  type GroupRecord,
  iso,
  type Org,
  type Principal,
  type Profile,
  type UserRecord,
  type UserStatus,
} from './store.ts';
import {
  appTarget,
  appUserTarget,
  groupTarget,
  type LogActor,
  type LogClient,
  type LogEventInput,
  type LogTarget,
  userTarget,
  writeLogEvent,
} from './system-log.ts';

export { DEMO_PASSWORD } from './seed-data.ts';

export type SeedSize = 'demo' | 'empty' | { users: number; groups: number; apps?: number };

/** The demo org: 250 users in every status, 25 groups of the three types, 10 apps. */
export const DEMO_SIZE = Object.freeze({ users: 250, groups: 25, apps: 10 });

/**
 * The System Log history covers this many days before the seed ran; Okta's `/logs` default
 * window (`since` = 7 days before `until`) shows all of it.
 */
export const HISTORY_DAYS = 7;

/**
 * At most this many history events, whatever the org's size: a 50,000-user org gets a week
 * of sign-ins by a sample of its people, so memory stays bounded.
 */
export const MAX_HISTORY_EVENTS = 20_000;

/** Build the org's content. Returns the API token the org accepts. */
export function seedOrg(org: Org, options: { size: SeedSize; apiToken?: string }): string {
  const token = options.apiToken ?? `00${randomBytes(30).toString('base64url').slice(0, 40)}`;
  const seeder = new Seeder(org, Date.now());
  org.apiTokens.set(token, seeder.superAdminPrincipal());
  if (options.size !== 'empty') seeder.populate(dimensions(options.size));
  seedAccess(org, seeder.superAdminPrincipal().id);
  return token;
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** How old the org is when seeded. */
const ORG_AGE = 6 * YEAR;

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

/** History budget per person (a week of one person's sign-ins, MFA and SSO is about 20 events). */
const HISTORY_EVENTS_PER_PERSON = 25;

type Role = 'head' | 'manager' | 'member';

/** A seeded person: the user record and what the seed needs to write their history. */
interface Person {
  /** Order of creation (employee numbers follow it). */
  index: number;
  user: UserRecord;
  firstName: string;
  lastName: string;
  login: string;
  department: Department;
  office: Office;
  role: Role;
  manager: Person | null;
  remote: boolean;
  contractor: boolean;
  desktop: UserAgentProfile;
  mobile: UserAgentProfile | null;
  homeIp: string;
  createdAt: number;
  /** When the person was activated (ACTIVE for the first time); null if never. */
  activatedAt: number | null;
  /** When the current status began; null for STAGED. */
  statusAt: number | null;
  /** The person signs in until this moment (a lock, suspension or deactivation stops it). */
  activeFrom: number;
  activeUntil: number;
  lastLoginAt: number | null;
  passwordChangedAt: number | null;
  updatedAt: number;
}

interface SeededApp {
  record: AppRecord;
  template: AppTemplate;
  createdAt: number;
}

/** One history event, written once every event is planned so persistence order = time order. */
interface Plan {
  at: number;
  order: number;
  input: LogEventInput & { actor: LogActor; client: LogClient };
  /** Merged into the event's authenticationContext (session id, credential type…). */
  authentication?: Record<string, unknown>;
  debugData?: Record<string, unknown>;
}

/** The office's location as the System Log's geographical context names it. */
function officePlace(office: Office): Place {
  return {
    city: office.city,
    state: office.state,
    country: office.country,
    postalCode: office.postalCode,
    lat: office.lat,
    lon: office.lon,
  };
}

const DATACENTER: Place = {
  city: 'Ashburn',
  state: 'Virginia',
  country: 'United States',
  postalCode: '20147',
  lat: 39.0438,
  lon: -77.4874,
};

const TEST_NETS = ['192.0.2.', '198.51.100.', '203.0.113.'] as const;

class Seeder {
  private readonly rng: Prng;
  private readonly orgCreated: number;
  private readonly windowStart: number;
  private readonly windowEnd: number;
  private readonly people: Person[] = [];
  private readonly personById = new Map<string, Person>();
  private readonly groupsByKey = new Map<string, GroupRecord>();
  private readonly groupCreatedAt = new Map<string, number>();
  /** Latest logged membership change per group id. */
  private readonly membershipChangedAt = new Map<string, number>();
  private readonly apps: SeededApp[] = [];
  private readonly plans: Plan[] = [];
  private readonly usedLogins = new Set<string>();
  private readonly superAdmin: Person;
  private helpdesk: Person;
  private itOps: Person;
  private hrSync: SeededApp | undefined;

  constructor(
    private readonly org: Org,
    private readonly now: number,
  ) {
    this.rng = org.prng;
    this.orgCreated = now - ORG_AGE;
    this.windowStart = now - HISTORY_DAYS * DAY + 10 * MINUTE;
    this.windowEnd = now - MINUTE;
    this.superAdmin = this.createSuperAdmin();
    this.helpdesk = this.superAdmin;
    this.itOps = this.superAdmin;
    this.createEveryone();
  }

  superAdminPrincipal(): Principal {
    const admin = this.superAdmin;
    return {
      kind: 'ssws',
      id: admin.user.id,
      displayName: `${admin.firstName} ${admin.lastName}`,
      alternateId: admin.login,
      scopes: null,
    };
  }

  populate(size: { users: number; groups: number; apps: number }): void {
    this.registerCustomSchema();
    this.createApps(size.apps);
    this.createPeople(size.users - 1);
    this.createGroups(size.groups - 1);
    this.assignApps();
    this.writeHistory();
    this.settle();
  }

  // ---------------------------------------------------------------- the org's skeleton

  private createSuperAdmin(): Person {
    const office = OFFICES[0] as Office;
    const it = DEPARTMENTS.find((d) => d.name === 'IT') as Department;
    const login = `admin@${COMPANY_DOMAIN}`;
    this.usedLogins.add(login);
    const createdAt = this.orgCreated;
    const user = this.newUserRecord('ACTIVE', createdAt);
    const person: Person = {
      index: this.people.length,
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
      activeUntil: this.now,
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
    this.addPerson(person);
    this.settlePerson(person);
    return person;
  }

  private createEveryone(): void {
    const at = iso(new Date(this.orgCreated));
    const everyone: GroupRecord = {
      id: this.org.everyoneGroupId,
      created: at,
      lastUpdated: at,
      lastMembershipUpdated: at,
      type: 'BUILT_IN',
      profile: { name: 'Everyone', description: 'All users in your organization' },
      members: new Set(),
    };
    this.org.saveGroup(everyone);
    this.groupsByKey.set('everyone', everyone);
    this.groupCreatedAt.set(everyone.id, this.orgCreated);
    this.org.addMember(everyone, this.superAdmin.user.id);
  }

  private registerCustomSchema(): void {
    for (const [name, property] of Object.entries(CUSTOM_ATTRIBUTES)) {
      this.org.customSchema.set(name, structuredClone(property));
    }
    this.org.schemaLastUpdated = iso(new Date(this.orgCreated + 30 * DAY));
  }

  // ---------------------------------------------------------------- apps

  private createApps(count: number): void {
    for (let i = 0; i < count; i++) {
      const template = appTemplate(i);
      const id = this.rng.id('0oa');
      const kid = this.rng.chars(43, BASE64URL);
      // The AD integration came first; the rest were added over the org's life.
      const createdAt =
        template.name === 'active_directory'
          ? this.orgCreated + 2 * DAY
          : this.orgCreated + 5 * DAY + Math.floor(this.rng.next() * (ORG_AGE - 60 * DAY));
      const record: AppRecord = {
        id,
        name: template.name,
        label: template.label,
        status: template.status,
        signOnMode: template.signOnMode,
        created: iso(new Date(createdAt)),
        lastUpdated: iso(new Date(createdAt)),
        body: { features: [...template.features], ...template.body({ id, kid }) },
        users: new Map(),
        groups: new Map(),
        grants: new Map(),
      };
      this.org.apps.set(id, record);
      const app = { record, template, createdAt };
      this.apps.push(app);
      if (template.label === 'HR Sync Service' && !this.hrSync) {
        this.hrSync = app;
        for (const scopeId of HR_SYNC_SCOPES) {
          const grantId = this.rng.id('oag');
          record.grants.set(grantId, {
            id: grantId,
            issuer: this.org.baseUrl,
            scopeId,
            clientId: id,
            created: record.created,
            createdBy: { id: this.superAdmin.user.id, type: 'User' },
            source: 'ADMIN',
            status: 'ACTIVE',
          });
        }
      }
    }
  }

  private appByLabel(label: string): SeededApp | undefined {
    return this.apps.find((a) => a.template.label === label);
  }

  // ---------------------------------------------------------------- people

  private createPeople(count: number): void {
    if (count <= 0) return;
    const departments = shuffle(
      this.rng,
      quotas(count, DEPARTMENTS, (d) => d.weight),
    );
    const byDepartment = new Map<Department, Person[]>();
    for (const department of departments) {
      const person = this.createPerson(department, byDepartment.get(department)?.length ?? 0);
      const list = byDepartment.get(department) ?? [];
      list.push(person);
      byDepartment.set(department, list);
    }
    this.organise(byDepartment);
    this.chooseAdmins(byDepartment);
    this.assignStatuses();
    for (const person of this.people) {
      if (person === this.superAdmin) continue;
      this.fillProfile(person);
      this.org.saveUser(person.user);
    }
  }

  private createPerson(department: Department, indexInDepartment: number): Person {
    const rng = this.rng;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const login = this.uniqueLogin(firstName, lastName);
    const office = pickWeighted(rng, OFFICES, (o) => o.weight);
    // Heads and managers joined early; the workforce grew toward the present.
    const tenure = indexInDepartment < 3 ? 0.5 + rng.next() * 0.5 : rng.next() ** 1.6;
    const createdAt = this.now - 14 * DAY - Math.floor(tenure * (ORG_AGE - 20 * DAY));
    const role: Role = 'member';
    const desktop = rng.pick(DESKTOP_AGENTS);
    const mobile = rng.chance(0.7) ? rng.pick(MOBILE_AGENTS) : null;
    const homeIp = rng.chance(0.2)
      ? `2001:db8:${hex(rng.int(0x10000))}:${hex(rng.int(0x10000))}::${hex(1 + rng.int(0xfffe))}`
      : `${rng.pick(TEST_NETS)}${1 + rng.int(254)}`;
    const user = this.newUserRecord('ACTIVE', createdAt);
    const activatedAt = createdAt + HOUR + rng.int(3 * DAY);
    const person: Person = {
      index: this.people.length,
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
      activeUntil: this.now,
      lastLoginAt: null,
      passwordChangedAt: Math.max(activatedAt, this.now - 8 * DAY - rng.int(180 * DAY)),
      updatedAt: activatedAt,
    };
    this.addPerson(person);
    return person;
  }

  private addPerson(person: Person): void {
    this.people.push(person);
    this.personById.set(person.user.id, person);
  }

  private newUserRecord(status: UserStatus, createdAt: number): UserRecord {
    const created = iso(new Date(createdAt));
    return {
      id: this.rng.id('00u'),
      status,
      created,
      activated: null,
      statusChanged: null,
      lastLogin: null,
      lastUpdated: created,
      passwordChanged: null,
      transitioningToStatus: null,
      typeId: this.org.defaultUserTypeId,
      profile: {},
      passwordHistory: [],
      provider: { type: 'OKTA', name: 'OKTA' },
      factorsEnrolled: 0,
      sessions: 0,
    };
  }

  private uniqueLogin(firstName: string, lastName: string): string {
    const base = `${slug(firstName)}.${slug(lastName)}`;
    let login = `${base}@${COMPANY_DOMAIN}`;
    for (let n = 2; this.usedLogins.has(login); n++) login = `${base}${n}@${COMPANY_DOMAIN}`;
    this.usedLogins.add(login);
    return login;
  }

  /** Heads, managers and reporting lines inside each department. */
  private organise(byDepartment: Map<Department, Person[]>): void {
    const ceo = byDepartment.get(
      DEPARTMENTS.find((d) => d.name === 'Executive') as Department,
    )?.[0];
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
        member.manager = managers.length > 0 ? this.rng.pick(managers) : head;
      }
    }
  }

  /** Two IT people administer Okta beside the API token's super admin. */
  private chooseAdmins(byDepartment: Map<Department, Person[]>): void {
    const it = byDepartment.get(DEPARTMENTS.find((d) => d.name === 'IT') as Department) ?? [];
    const itManager = it.find((p) => p.role === 'manager') ?? it.find((p) => p.role === 'head');
    const support = it.find((p) => p.role === 'member');
    if (itManager) this.itOps = itManager;
    if (support) this.helpdesk = support;
  }

  private isAdmin(person: Person): boolean {
    return person === this.superAdmin || person === this.helpdesk || person === this.itOps;
  }

  /**
   * Most people are ACTIVE; a share of individual contributors is in each other status, and
   * for the latest of them the change happened inside the history window (the log holds it).
   */
  private assignStatuses(): void {
    const rng = this.rng;
    const candidates = shuffle(
      rng,
      this.people.filter((p) => p.role === 'member' && !this.isAdmin(p)),
    );
    const total = this.people.length;
    let next = 0;
    const windowCap = this.storyCap();
    for (const [status, share] of STATUS_SHARES) {
      const wanted = Math.max(total >= 40 ? 2 : total >= 12 ? 1 : 0, Math.round(total * share));
      for (let i = 0; i < wanted && next < candidates.length; i++) {
        const person = candidates[next++] as Person;
        this.setStatus(person, status, i < windowCap);
      }
    }
    // A few recent hires are already ACTIVE: created, activated and signed in this week.
    for (let i = 0; i < Math.min(3, windowCap) && next < candidates.length; i++) {
      const person = candidates[next++] as Person;
      const createdAt = this.inWindow(0.05, 0.45);
      person.createdAt = createdAt;
      person.activatedAt = createdAt + 2 * HOUR + rng.int(20 * HOUR);
      person.statusAt = person.activatedAt;
      person.activeFrom = person.activatedAt + 10 * MINUTE;
      person.passwordChangedAt = person.activeFrom;
      person.updatedAt = person.activeFrom;
    }
  }

  private setStatus(person: Person, status: UserStatus, recent: boolean): void {
    const rng = this.rng;
    person.user.status = status;
    switch (status) {
      case 'STAGED':
      case 'PROVISIONED': {
        // New hires: HR sync created them; PROVISIONED ones got their activation email.
        const createdAt = recent
          ? this.inWindow(0.02, 0.9)
          : this.now - 10 * DAY - rng.int(40 * DAY);
        person.createdAt = createdAt;
        person.activatedAt = null;
        person.statusAt = status === 'STAGED' ? null : createdAt + HOUR + rng.int(6 * HOUR);
        person.activeFrom = this.now;
        person.activeUntil = this.now;
        person.passwordChangedAt = null;
        person.updatedAt = person.statusAt ?? createdAt;
        return;
      }
      case 'SUSPENDED':
      case 'DEPROVISIONED': {
        const at =
          recent && rng.chance(status === 'SUSPENDED' ? 0.6 : 0.4)
            ? this.inWindow(0.1, 0.97)
            : Math.max(
                person.activatedAt ?? person.createdAt,
                this.now - 8 * DAY - rng.int(200 * DAY),
              ) + DAY;
        person.statusAt = Math.min(at, this.windowEnd);
        person.activeUntil = person.statusAt;
        return;
      }
      default: {
        // RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT: an admin or the lockout policy, this week
        // for the latest of them, earlier for the rest.
        const at = recent
          ? this.inWindow(0.1, 0.97)
          : Math.max(
              (person.activatedAt ?? person.createdAt) + DAY,
              this.now - 8 * DAY - rng.int(60 * DAY),
            );
        person.statusAt = at;
        person.activeUntil = at;
      }
    }
  }

  /**
   * How many people of each kind of story (a status change, an unlock…) the history tells,
   * so that big orgs keep most of their bounded history for sign-ins.
   */
  private storyCap(): number {
    return Math.max(4, Math.round(this.historyBudget() / 250));
  }

  /** A moment in the history window, between these fractions of it. */
  private inWindow(from: number, to: number): number {
    const span = this.windowEnd - this.windowStart;
    return this.windowStart + Math.floor(span * (from + this.rng.next() * (to - from)));
  }

  private fillProfile(person: Person): void {
    const rng = this.rng;
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
        ? { startDate: this.startDate(person) }
        : {}),
      ...(rng.chance(0.75) ? { securityClearance: this.clearance(person) } : {}),
      ...(person.remote ? {} : { badgeNumber: 10_000 + rng.int(90_000) }),
      ...(rng.chance(0.6) ? { skills: pickSome(rng, department.skills, 1 + rng.int(3)) } : {}),
    };
    user.profile = profile;
    this.fillCredentials(person);
  }

  /** First working day: a future Monday for people not yet started. */
  private startDate(person: Person): string {
    if (person.user.status === 'STAGED' || person.user.status === 'PROVISIONED') {
      const start = new Date(this.now + 3 * DAY);
      start.setUTCDate(start.getUTCDate() + ((8 - start.getUTCDay()) % 7));
      return iso(start).slice(0, 10);
    }
    return iso(new Date(person.createdAt + 2 * DAY)).slice(0, 10);
  }

  private clearance(person: Person): string {
    if (person.role === 'head') return 'RESTRICTED';
    if (['Finance', 'Legal', 'Human Resources', 'Executive'].includes(person.department.name)) {
      return 'CONFIDENTIAL';
    }
    return this.rng.chance(0.15) ? 'PUBLIC' : 'INTERNAL';
  }

  private fillCredentials(person: Person): void {
    const rng = this.rng;
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

  // ---------------------------------------------------------------- groups

  private createGroups(count: number): void {
    const everyone = this.groupsByKey.get('everyone') as GroupRecord;
    for (const person of this.people) this.org.addMember(everyone, person.user.id);
    if (count <= 0) return;

    let remaining = count;
    const take = () => remaining-- > 0;

    for (const department of DEPARTMENTS) {
      if (!take()) return;
      const name = department.name === 'Executive' ? 'Executive Team' : department.name;
      this.createOktaGroup(
        `dept:${department.name}`,
        name,
        `Everyone in ${department.name}`,
        this.orgCreated + 3 * DAY,
        this.people.filter((p) => p.department === department && p !== this.superAdmin),
      );
    }

    const ad = this.apps.find((a) => a.template.name === 'active_directory');
    if (ad) {
      for (const adGroup of AD_GROUPS) {
        if (!take()) return;
        const eligible = this.people.filter(
          (p) =>
            p !== this.superAdmin &&
            p.user.status !== 'STAGED' &&
            (adGroup.departments === '*' || adGroup.departments.includes(p.department.name)),
        );
        const members = eligible.filter(() => adGroup.share >= 1 || this.rng.chance(adGroup.share));
        this.createAdGroup(ad, adGroup, members);
      }
    }

    for (const team of TEAM_GROUPS) {
      if (!take()) return;
      this.createTeamGroup(team.name, team.description);
    }

    this.createGeneratedGroups(remaining);
  }

  private createOktaGroup(
    key: string,
    name: string,
    description: string,
    createdAt: number,
    members: readonly Person[],
  ): GroupRecord {
    const created = iso(new Date(createdAt));
    const group: GroupRecord = {
      id: this.rng.id('00g'),
      created,
      lastUpdated: created,
      lastMembershipUpdated: created,
      type: 'OKTA_GROUP',
      profile: { name, description },
      members: new Set(),
    };
    this.org.saveGroup(group);
    this.groupsByKey.set(key, group);
    this.groupCreatedAt.set(group.id, createdAt);
    for (const person of members) this.org.addMember(group, person.user.id);
    return group;
  }

  private createAdGroup(
    ad: SeededApp,
    adGroup: (typeof AD_GROUPS)[number],
    members: Person[],
  ): void {
    const createdAt = ad.createdAt + DAY;
    const created = iso(new Date(createdAt));
    const name = adGroup.samAccountName;
    const group: GroupRecord = {
      id: this.rng.id('00g'),
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
        externalId: `${this.rng.chars(22, BASE64)}==`,
      },
      sourceAppId: ad.record.id,
      members: new Set(),
    };
    this.org.saveGroup(group);
    this.groupsByKey.set(`ad:${name}`, group);
    this.groupCreatedAt.set(group.id, createdAt);
    for (const person of members) this.org.addMember(group, person.user.id);
  }

  private createTeamGroup(name: string, description: string): void {
    const rng = this.rng;
    const people = this.people.filter((p) => p !== this.superAdmin);
    const recentlyJoined = (p: Person) => p.createdAt > this.now - 90 * DAY;
    const createdAt = this.orgCreated + 30 * DAY + rng.int(ORG_AGE - 120 * DAY);
    switch (name) {
      case 'Okta Administrators':
        this.createOktaGroup(`team:${name}`, name, description, this.orgCreated + DAY, [
          ...new Set([this.superAdmin, this.itOps, this.helpdesk]),
        ]);
        return;
      case 'People Managers':
        this.createOktaGroup(
          `team:${name}`,
          name,
          description,
          createdAt,
          people.filter((p) => p.role !== 'member'),
        );
        return;
      case 'Contractors':
        this.createOktaGroup(
          `team:${name}`,
          name,
          description,
          createdAt,
          people.filter((p) => p.contractor),
        );
        return;
      case 'Security Champions':
        this.createOktaGroup(
          `team:${name}`,
          name,
          description,
          createdAt,
          people.filter((p) => p.department.name === 'Engineering' && rng.chance(0.1)),
        );
        return;
      case 'Remote - Americas':
        this.createOktaGroup(
          `team:${name}`,
          name,
          description,
          createdAt,
          people.filter((p) => p.remote && ['US', 'CA'].includes(p.office.countryCode)),
        );
        return;
      case 'New Hire Onboarding':
        this.createOktaGroup(
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
        const at = this.inWindow(0.2, 0.6);
        const group = this.createOktaGroup(`team:${name}`, name, description, at, members);
        this.planGroupCreation(group, at, members);
      }
    }
  }

  /**
   * Large orgs: team and project groups whose sizes follow a power law: a few big ones, a
   * long tail of small ones. Each person joins 0–6 of them.
   */
  private createGeneratedGroups(count: number): void {
    if (count <= 0) return;
    const rng = this.rng;
    const groups: GroupRecord[] = [];
    const names = new Set([...this.groupsByKey.values()].map((g) => String(g.profile.name)));
    for (let i = 0; i < count; i++) {
      let name = generatedGroupName(i);
      for (let n = 2; names.has(name); n++) name = `${generatedGroupName(i)} ${n}`;
      names.add(name);
      const createdAt = this.orgCreated + 10 * DAY + rng.int(ORG_AGE - 20 * DAY);
      groups.push(
        this.createOktaGroup(
          `gen:${i}`,
          name,
          `${name.split(' ')[0]} workspace and mailing list`,
          createdAt,
          [],
        ),
      );
    }
    for (const person of this.people) {
      // This week's new hires joined only what the history logs.
      if (person === this.superAdmin || person.createdAt >= this.windowStart) continue;
      const r = rng.next();
      const memberships = r < 0.2 ? 0 : r < 0.5 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4 + rng.int(3);
      for (let m = 0; m < memberships; m++) {
        const index = Math.floor(count * rng.next() ** 2.2);
        this.org.addMember(groups[index] as GroupRecord, person.user.id);
      }
    }
  }

  // ---------------------------------------------------------------- app assignments

  private assignApps(): void {
    const rng = this.rng;
    for (const app of this.apps) {
      const { record, template } = app;
      let priority = 0;
      for (const key of template.assign.groups) {
        const group = this.groupsByKey.get(key);
        if (!group) continue;
        const assignedAt = Math.max(app.createdAt, this.groupCreatedAt.get(group.id) ?? 0) + HOUR;
        record.groups.set(group.id, {
          id: group.id,
          priority: priority++,
          profile: {},
          lastUpdated: iso(new Date(assignedAt)),
        });
        for (const userId of group.members) {
          if (this.personById.get(userId)?.user.status === 'DEPROVISIONED') continue;
          this.org.grantAppViaGroup(record, group.id, userId);
        }
      }
      const share = template.assign.directShare ?? 0;
      if (share > 0) {
        const departments = template.assign.directDepartments;
        for (const person of this.people) {
          if (person.user.status === 'DEPROVISIONED' || person === this.superAdmin) continue;
          if (departments && !departments.includes(person.department.name)) continue;
          if (!rng.chance(share)) continue;
          const existing = record.users.get(person.user.id);
          if (existing) existing.direct = true;
          else record.users.set(person.user.id, this.org.newAppUser(person.user.id, true));
        }
      }
      this.settleAppUsers(app);
    }
  }

  private settleAppUsers(app: SeededApp): void {
    const { record, template } = app;
    for (const appUser of record.users.values()) {
      const person = this.personById.get(appUser.id) as Person;
      const createdAt = Math.min(
        this.windowEnd,
        Math.max(app.createdAt, person.createdAt) + HOUR + this.rng.int(2 * DAY),
      );
      const created = iso(new Date(createdAt));
      appUser.created = created;
      appUser.lastUpdated = created;
      appUser.statusChanged = created;
      if (template.externalIdPrefix) {
        const pending = person.user.status === 'STAGED' || person.user.status === 'PROVISIONED';
        appUser.status = pending ? 'STAGED' : 'PROVISIONED';
        appUser.syncState = pending ? 'DISABLED' : 'SYNCHRONIZED';
        if (!pending)
          appUser.externalId = `${template.externalIdPrefix}${this.rng.chars(8, ALNUM_UPPER)}`;
      }
    }
  }

  // ---------------------------------------------------------------- the System Log history

  private historyBudget(): number {
    return Math.min(
      MAX_HISTORY_EVENTS,
      Math.max(2_000, this.people.length * HISTORY_EVENTS_PER_PERSON),
    );
  }

  private writeHistory(): void {
    this.planAdminStories();
    this.planTokenGrants();
    this.planPasswordSpray();
    // People sign in, in random order, until the history is as long as the org deserves.
    const budget = this.historyBudget();
    const eligible = this.people.filter(
      (p) => p.activatedAt !== null && p.activeUntil > this.windowStart,
    );
    for (const person of shuffle(this.rng, eligible)) {
      if (this.plans.length >= budget) break;
      this.planWeekOfSignIns(person);
    }

    this.plans.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const plan of this.plans) {
      const event = writeLogEvent(this.org, { ...plan.input, published: iso(new Date(plan.at)) });
      if (plan.authentication) {
        Object.assign(event.authenticationContext as Record<string, unknown>, plan.authentication);
      }
      if (plan.debugData) {
        const debug = event.debugContext as { debugData: Record<string, unknown> };
        Object.assign(debug.debugData, plan.debugData);
      }
    }
  }

  private plan(
    at: number,
    input: Plan['input'],
    extra: Omit<Plan, 'at' | 'order' | 'input'> = {},
  ): void {
    this.plans.push({
      at: Math.min(at, this.windowEnd),
      order: this.plans.length,
      input,
      ...extra,
    });
  }

  private actorOf(person: Person): LogActor {
    return {
      id: person.user.id,
      type: 'User',
      alternateId: person.login,
      displayName: `${person.firstName} ${person.lastName}`,
    };
  }

  private client(
    agent: UserAgentProfile,
    ip: string,
    place: Place,
    zone: string,
    id: string | null = null,
  ): LogClient {
    return {
      id,
      ipAddress: ip,
      userAgent: { rawUserAgent: agent.rawUserAgent, os: agent.os, browser: agent.browser },
      device: agent.device,
      zone,
      geographicalContext: {
        city: place.city,
        state: place.state,
        country: place.country,
        postalCode: place.postalCode,
        geolocation: { lat: place.lat, lon: place.lon },
      },
    };
  }

  /** Where an admin works from: the super admin through the API, the others in the Admin Console. */
  private adminClient(admin: Person): LogClient {
    if (admin === this.superAdmin) {
      const agent = {
        rawUserAgent: API_AGENTS.sdk,
        os: 'Linux',
        browser: 'UNKNOWN',
        device: 'Unknown' as const,
      };
      return this.client(agent, '203.0.113.200', DATACENTER, 'null');
    }
    return this.client(
      admin.desktop,
      admin.office.egressIp,
      officePlace(admin.office),
      'Corporate Offices',
    );
  }

  private hrSyncActor(): { actor: LogActor; client: LogClient } | null {
    const app = this.hrSync?.record;
    if (!app) return null;
    const agent = {
      rawUserAgent: API_AGENTS.hrSync,
      os: 'Unknown',
      browser: 'UNKNOWN',
      device: 'Unknown' as const,
    };
    return {
      actor: { id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label },
      client: this.client(agent, '192.0.2.200', DATACENTER, 'null', app.id),
    };
  }

  /** A change made by an admin (or the HR sync service when given), with its API request URI. */
  private planAdminChange(
    at: number,
    by: Person | 'hr-sync',
    eventType: string,
    targets: LogTarget[],
    requestUri: string,
    extra: Partial<LogEventInput> = {},
  ): void {
    const who = by === 'hr-sync' ? this.hrSyncActor() : null;
    const admin = by === 'hr-sync' ? this.superAdmin : by;
    const actor = who?.actor ?? this.actorOf(admin);
    const client = who?.client ?? this.adminClient(admin);
    this.plan(at, { eventType, actor, client, targets, requestUri, ...extra });
  }

  private planAdminStories(): void {
    const rng = this.rng;
    const hr = this.hrSync ? 'hr-sync' : this.superAdmin;
    for (const person of this.people) {
      if (person === this.superAdmin) continue;
      const u = person.user;
      const target = [userTarget(u)];
      const path = `/api/v1/users/${u.id}`;
      const recentlyCreated = person.createdAt >= this.windowStart;
      if (recentlyCreated) {
        this.planAdminChange(
          person.createdAt,
          hr,
          'user.lifecycle.create',
          target,
          `/api/v1/users?activate=false`,
        );
        const department = this.groupsByKey.get(`dept:${person.department.name}`);
        if (department?.members.has(u.id)) {
          const at = person.createdAt + 2 * MINUTE;
          this.planAdminChange(
            at,
            hr,
            'group.user_membership.add',
            [userTarget(u), groupTarget(department)],
            `/api/v1/groups/${department.id}/users/${u.id}`,
          );
          this.touchMembership(department, at);
        }
        const activatedOrProvisioned =
          person.activatedAt ?? (u.status === 'PROVISIONED' ? person.statusAt : null);
        if (activatedOrProvisioned !== null) {
          this.planAdminChange(
            activatedOrProvisioned,
            this.helpdesk,
            'user.lifecycle.activate',
            target,
            `${path}/lifecycle/activate?sendEmail=true`,
          );
        }
        if (person.activatedAt !== null) {
          // The new hire set a password while activating.
          this.planUserEvent(
            person,
            person.activeFrom - 5 * MINUTE,
            'user.account.update_password',
            target,
          );
        }
      }
      if (person.statusAt === null || person.statusAt < this.windowStart) continue;
      switch (u.status) {
        case 'RECOVERY':
          this.planAdminChange(
            person.statusAt,
            this.helpdesk,
            'user.account.reset_password',
            target,
            `${path}/lifecycle/reset_password?sendEmail=true`,
          );
          break;
        case 'PASSWORD_EXPIRED':
          this.planAdminChange(
            person.statusAt,
            this.superAdmin,
            'user.account.expire_password',
            target,
            `${path}/lifecycle/expire_password`,
          );
          break;
        case 'LOCKED_OUT':
          this.planLockout(person, person.statusAt);
          break;
        case 'SUSPENDED':
          this.planAdminChange(
            person.statusAt,
            this.itOps,
            'user.lifecycle.suspend',
            target,
            `${path}/lifecycle/suspend`,
          );
          break;
        case 'DEPROVISIONED':
          this.planAdminChange(
            person.statusAt - 2 * MINUTE,
            this.superAdmin,
            'user.session.clear',
            target,
            `${path}/sessions`,
          );
          this.planAdminChange(
            person.statusAt,
            this.superAdmin,
            'user.lifecycle.deactivate',
            target,
            `${path}/lifecycle/deactivate`,
          );
          break;
        default:
          break;
      }
    }

    const active = this.people.filter(
      (p) => p.user.status === 'ACTIVE' && !this.isAdmin(p) && p.createdAt < this.windowStart,
    );
    const cap = Math.ceil(this.storyCap() / 2);
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
      const lockedAt = this.inWindow(0.05, 0.9);
      this.planLockout(person, lockedAt);
      const unlockedAt = lockedAt + 20 * MINUTE + rng.int(3 * HOUR);
      this.planAdminChange(
        unlockedAt,
        this.helpdesk,
        'user.account.unlock',
        [userTarget(person.user)],
        `/api/v1/users/${person.user.id}/lifecycle/unlock`,
      );
      person.statusAt = unlockedAt;
      person.updatedAt = Math.max(person.updatedAt, unlockedAt);
    }
    // Forgot their password: the helpdesk reset it, they chose a new one.
    for (const person of take(few(0.01, 2))) {
      const resetAt = this.inWindow(0.05, 0.9);
      this.planAdminChange(
        resetAt,
        this.helpdesk,
        'user.account.reset_password',
        [userTarget(person.user)],
        `/api/v1/users/${person.user.id}/lifecycle/reset_password?sendEmail=true`,
      );
      const changedAt = resetAt + 10 * MINUTE + rng.int(2 * HOUR);
      this.planUserEvent(person, changedAt, 'user.account.update_password', [
        userTarget(person.user),
      ]);
      person.passwordChangedAt = changedAt;
      person.statusAt = changedAt;
      person.updatedAt = Math.max(person.updatedAt, changedAt);
    }
    // New phone: factors reset.
    for (const person of take(few(0.008, 2))) {
      const at = this.inWindow(0.05, 0.95);
      this.planAdminChange(
        at,
        this.helpdesk,
        'user.mfa.factor.reset_all',
        [userTarget(person.user)],
        `/api/v1/users/${person.user.id}/lifecycle/reset_factors`,
      );
      person.updatedAt = Math.max(person.updatedAt, at);
    }
    // Promotions and transfers arrive from the HR system.
    for (const person of take(few(0.01, 3))) {
      const at = this.inWindow(0.05, 0.95);
      const from = String(person.user.profile.title);
      const to = from.startsWith('Senior ') ? from.replace('Senior ', 'Staff ') : `Senior ${from}`;
      person.user.profile.title = to;
      const target = {
        ...userTarget(person.user),
        changeDetails: { from: { title: from }, to: { title: to } },
      };
      this.planAdminChange(
        at,
        hr,
        'user.account.update_profile',
        [target],
        `/api/v1/users/${person.user.id}`,
      );
      person.updatedAt = Math.max(person.updatedAt, at);
    }
    this.planAppChanges();
  }

  private planAppChanges(): void {
    const retired = this.apps.find((a) => a.record.status === 'INACTIVE');
    if (retired) {
      const at = this.inWindow(0.3, 0.8);
      this.planAdminChange(
        at,
        this.itOps,
        'application.lifecycle.deactivate',
        [appTarget(retired.record)],
        `/api/v1/apps/${retired.record.id}/lifecycle/deactivate`,
      );
      retired.record.lastUpdated = iso(new Date(at));
    }
    const salesforce = this.appByLabel('Salesforce');
    if (salesforce) {
      const at = this.inWindow(0.1, 0.5);
      this.planAdminChange(
        at,
        this.superAdmin,
        'application.lifecycle.update',
        [appTarget(salesforce.record)],
        `/api/v1/apps/${salesforce.record.id}`,
      );
      salesforce.record.lastUpdated = iso(new Date(at));
    }
    // The helpdesk handed out a few licences this week.
    for (const app of this.apps) {
      if (app.record.status !== 'ACTIVE') continue;
      const direct = [...app.record.users.values()].filter((au) => au.direct);
      for (const appUser of direct.slice(-2)) {
        const person = this.personById.get(appUser.id) as Person;
        if (person.user.status !== 'ACTIVE' || person.createdAt >= this.windowStart) continue;
        const at = this.inWindow(0.05, 0.95);
        appUser.created = appUser.lastUpdated = appUser.statusChanged = iso(new Date(at));
        this.planAdminChange(
          at,
          this.helpdesk,
          'application.user_membership.add',
          [appUserTarget(app.record, person.user), appTarget(app.record), userTarget(person.user)],
          `/api/v1/apps/${app.record.id}/users`,
        );
      }
    }
  }

  private planGroupCreation(group: GroupRecord, at: number, members: readonly Person[]): void {
    this.planAdminChange(
      at,
      this.itOps,
      'group.lifecycle.create',
      [groupTarget(group)],
      '/api/v1/groups',
    );
    let t = at + MINUTE;
    for (const person of members) {
      t += 10_000 + this.rng.int(50_000);
      this.planAdminChange(
        t,
        this.itOps,
        'group.user_membership.add',
        [userTarget(person.user), groupTarget(group)],
        `/api/v1/groups/${group.id}/users/${person.user.id}`,
      );
    }
    this.touchMembership(group, t);
  }

  private touchMembership(group: GroupRecord, at: number): void {
    this.membershipChangedAt.set(
      group.id,
      Math.max(at, this.membershipChangedAt.get(group.id) ?? 0),
    );
  }

  /** Wrong passwords until the lockout policy locks the account. */
  private planLockout(person: Person, lockedAt: number): void {
    const attempts = 3 + this.rng.int(3);
    const client = this.homeClient(person, person.desktop);
    for (let i = attempts; i > 0; i--) {
      this.planUserEvent(
        person,
        lockedAt - i * (20_000 + this.rng.int(40_000)),
        'user.session.start',
        [],
        {
          client,
          outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
          severity: 'WARN',
          requestUri: '/idp/idx/identify',
        },
        { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD' },
      );
    }
    this.planUserEvent(person, lockedAt, 'user.account.lock', [userTarget(person.user)], {
      client,
      severity: 'WARN',
      requestUri: '/idp/idx/identify',
    });
  }

  /** Someone tries one password against many logins from one address. */
  private planPasswordSpray(): void {
    const rng = this.rng;
    const victims = shuffle(
      rng,
      this.people.filter((p) => p.activatedAt !== null && !this.isAdmin(p)),
    ).slice(0, Math.min(12, Math.max(0, this.people.length - 3)));
    if (victims.length === 0) return;
    const place = ELSEWHERE[8] as Place;
    const agent: UserAgentProfile = {
      rawUserAgent: 'python-requests/2.31.0',
      os: 'Unknown',
      browser: 'UNKNOWN',
      device: 'Unknown',
    };
    const client = this.client(agent, `198.51.100.${200 + rng.int(50)}`, place, 'null');
    let at = this.inWindow(0.2, 0.8);
    for (const person of victims) {
      at += 2_000 + rng.int(8_000);
      this.planUserEvent(
        person,
        at,
        'user.session.start',
        [],
        {
          client,
          outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
          severity: 'WARN',
          requestUri: '/api/v1/authn',
        },
        { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD' },
      );
    }
  }

  /** The HR sync service asks for an access token every hour. */
  private planTokenGrants(): void {
    const who = this.hrSyncActor();
    if (!who || !this.hrSync) return;
    const clientId = this.hrSync.record.id;
    for (let at = this.windowStart + 7 * MINUTE; at < this.windowEnd; at += HOUR) {
      const target: LogTarget = {
        id: `AT.${this.rng.chars(43, BASE64URL)}`,
        type: 'access_token',
        alternateId: 'unknown',
        displayName: 'Access Token',
        detailEntry: {
          expires: iso(new Date(at + HOUR)),
          subject: clientId,
          hash: this.rng.chars(22, BASE64URL),
        },
      };
      this.plan(
        at,
        {
          eventType: 'app.oauth2.as.token.grant.access_token',
          actor: who.actor,
          client: who.client,
          targets: [target],
          requestUri: '/oauth2/v1/token',
        },
        {
          authentication: { credentialType: 'JWT' },
          debugData: { grantType: 'client_credentials', grantedScopes: HR_SYNC_SCOPES.join(' ') },
        },
      );
    }
  }

  private planUserEvent(
    person: Person,
    at: number,
    eventType: string,
    targets: LogTarget[],
    extra: Partial<LogEventInput> = {},
    authentication?: Record<string, unknown>,
  ): void {
    const client = extra.client ?? this.homeClient(person, person.desktop);
    this.plan(
      at,
      { eventType, actor: this.actorOf(person), client, targets, ...extra },
      authentication ? { authentication } : {},
    );
  }

  private homeClient(person: Person, agent: UserAgentProfile): LogClient {
    const place = officePlace(person.office);
    return this.client(
      agent,
      person.homeIp,
      { ...place, lat: round4(place.lat + 0.05), lon: round4(place.lon - 0.05) },
      'null',
    );
  }

  /** A week of working days: sign in, verify with MFA, open a few apps, sometimes sign out. */
  private planWeekOfSignIns(person: Person): void {
    const rng = this.rng;
    const ssoApps = this.apps.filter(
      (a) =>
        a.template.ssoWeight > 0 &&
        a.record.status === 'ACTIVE' &&
        a.record.users.has(person.user.id),
    );
    const offset = person.office.utcOffset * HOUR;
    for (let day = HISTORY_DAYS; day >= 0; day--) {
      const localMidnight = Math.floor((this.now + offset) / DAY) * DAY - day * DAY;
      const weekday = new Date(localMidnight).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      if (!rng.chance(weekend ? 0.08 : person.contractor ? 0.7 : 0.88)) continue;
      const start = localMidnight - offset + 7 * HOUR + rng.int(3.5 * HOUR);
      this.planSession(person, start, ssoApps, weekend ? 'home' : undefined, 'desktop');
      if (person.mobile && rng.chance(0.2)) {
        this.planSession(person, start + 10 * HOUR + rng.int(3 * HOUR), ssoApps, 'home', 'mobile');
      }
    }
  }

  private planSession(
    person: Person,
    start: number,
    ssoApps: readonly SeededApp[],
    where: 'home' | undefined,
    device: 'desktop' | 'mobile',
  ): void {
    const rng = this.rng;
    if (
      start < Math.max(this.windowStart, person.activeFrom) ||
      start > Math.min(this.windowEnd, person.activeUntil)
    ) {
      return;
    }
    const agent = device === 'mobile' ? (person.mobile ?? person.desktop) : person.desktop;
    const travelling = rng.chance(0.04);
    const atHome = where === 'home' || person.remote || rng.chance(0.35);
    const client = travelling
      ? this.client(
          agent,
          `${rng.pick(TEST_NETS)}${1 + rng.int(254)}`,
          rng.pick(ELSEWHERE.slice(0, 7)),
          'null',
        )
      : atHome
        ? this.homeClient(person, agent)
        : this.client(
            agent,
            person.office.egressIp,
            officePlace(person.office),
            'Corporate Offices',
          );
    const sessionId = `102${rng.chars(22)}`;
    const password = {
      authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
      credentialType: 'PASSWORD',
      externalSessionId: sessionId,
    };
    if (rng.chance(0.04)) {
      this.planUserEvent(
        person,
        start - 30_000 - rng.int(60_000),
        'user.session.start',
        [],
        {
          client,
          outcome: { result: 'FAILURE', reason: rng.pick(SIGN_IN_FAILURE_REASONS) },
          severity: 'WARN',
          requestUri: '/idp/idx/identify',
        },
        { ...password, externalSessionId: 'unknown' },
      );
    }
    this.planUserEvent(
      person,
      start,
      'user.session.start',
      [],
      { client, requestUri: '/idp/idx/identify' },
      password,
    );
    person.lastLoginAt = Math.max(person.lastLoginAt ?? 0, start);
    let t = start + 5_000 + rng.int(30_000);
    if (person.user.factorsEnrolled > 0) {
      const push = rng.chance(0.7);
      this.planUserEvent(
        person,
        t,
        'user.authentication.auth_via_mfa',
        [],
        {
          client:
            push && person.mobile
              ? {
                  ...client,
                  userAgent: {
                    rawUserAgent: OKTA_VERIFY_AGENT.rawUserAgent,
                    os: OKTA_VERIFY_AGENT.os,
                    browser: OKTA_VERIFY_AGENT.browser,
                  },
                }
              : client,
          requestUri: '/idp/idx/challenge/answer',
        },
        {
          authenticationProvider: 'FACTOR_PROVIDER',
          credentialProvider: 'OKTA_CREDENTIAL_PROVIDER',
          credentialType: push ? 'OTP' : rng.pick(['SMS', 'EMAIL'] as const),
          externalSessionId: sessionId,
        },
      );
    }
    if (ssoApps.length > 0) {
      const visits = device === 'mobile' ? 1 : 1 + rng.int(4);
      for (let i = 0; i < visits; i++) {
        t += 20_000 + rng.int(device === 'mobile' ? 10 * MINUTE : 2.5 * HOUR);
        const app = pickWeighted(rng, ssoApps, (a) => a.template.ssoWeight);
        this.planUserEvent(
          person,
          t,
          'user.authentication.sso',
          [appTarget(app.record), appUserTarget(app.record, person.user)],
          { client, requestUri: ssoPath(app.record) },
          { externalSessionId: sessionId },
        );
      }
    }
    if (device === 'desktop' && rng.chance(0.25)) {
      this.planUserEvent(
        person,
        t + HOUR + rng.int(4 * HOUR),
        'user.session.end',
        [],
        { client, requestUri: '/login/signout' },
        { externalSessionId: sessionId },
      );
    }
  }

  // ---------------------------------------------------------------- final timestamps

  /** Make every record's timestamps agree with its status and with the history. */
  private settle(): void {
    const rng = this.rng;
    for (const person of this.people) {
      if (person.lastLoginAt === null && person.activatedAt !== null) {
        // Not among this week's signers: last seen before the window (or before they left).
        const until = Math.min(person.activeUntil, this.windowStart) - HOUR;
        const from = Math.max(person.activatedAt, until - 60 * DAY);
        person.lastLoginAt = until > from ? from + rng.int(until - from) : null;
      }
      this.settlePerson(person);
    }
    for (const group of this.org.groups.values()) {
      const createdAt = this.groupCreatedAt.get(group.id) ?? this.orgCreated;
      const logged = this.membershipChangedAt.get(group.id);
      const quietUntil = this.windowStart - HOUR;
      const changedAt =
        logged ?? Math.max(createdAt, quietUntil - rng.int(Math.max(1, quietUntil - createdAt)));
      group.lastMembershipUpdated = iso(new Date(Math.max(createdAt, changedAt)));
    }
  }

  private settlePerson(person: Person): void {
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
      person.lastLoginAt > this.now - 12 * HOUR
        ? 1
        : 0;
    this.org.saveUser(u);
  }
}

// ------------------------------------------------------------------ small helpers

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The i-th app of an org: the demo catalogue, then more OIN SAML apps, then numbered copies. */
function appTemplate(i: number): AppTemplate {
  if (i < APP_CATALOGUE.length) return APP_CATALOGUE[i] as AppTemplate;
  const extra = i - APP_CATALOGUE.length;
  const [name, label] = EXTRA_SAML_APPS[extra % EXTRA_SAML_APPS.length] as [string, string];
  const copy = Math.floor(extra / EXTRA_SAML_APPS.length);
  const template = APP_CATALOGUE[2] as AppTemplate; // Salesforce's shape: an OIN SAML app
  return {
    ...template,
    name,
    label: copy === 0 ? label : `${label} ${copy + 1}`,
    externalIdPrefix: undefined,
    features: [],
    ssoWeight: 2,
    assign: { groups: [`gen:${extra}`, `gen:${extra + 7}`], directShare: 0.02 },
    body: (instance) => {
      const body = template.body(instance);
      const settings = body.settings as Record<string, unknown>;
      return {
        ...body,
        visibility: {
          autoSubmitToolbar: false,
          hide: { iOS: false, web: false },
          appLinks: { [`${name}_link`]: true },
        },
        settings: { ...settings, app: {} },
      };
    },
  };
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

function ssoPath(app: AppRecord): string {
  switch (app.signOnMode) {
    case 'SAML_2_0':
      return `/app/${app.name}/exk${app.id.slice(3)}/sso/saml`;
    case 'OPENID_CONNECT':
      return '/oauth2/v1/authorize';
    case 'BOOKMARK':
      return `/home/bookmark/${app.id}/2557`;
    default:
      return `/app/${app.name}/${app.id}/login`;
  }
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

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function shuffle<T>(rng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function pickWeighted<T>(rng: Prng, items: readonly T[], weight: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weight(item);
  let r = rng.next() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

function pickSome<T>(rng: Prng, items: readonly T[], n: number): T[] {
  return shuffle(rng, items).slice(0, n);
}

/**
 * `count` slots shared among items by weight (largest remainder), every item getting at least
 * one while there are enough slots.
 */
function quotas<T>(count: number, items: readonly T[], weight: (item: T) => number): T[] {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  const floor = count >= items.length ? 1 : 0;
  const shares = items.map((item) => {
    const exact = (count * weight(item)) / total;
    return { item, n: Math.max(floor, Math.floor(exact)), rest: exact - Math.floor(exact) };
  });
  let assigned = shares.reduce((sum, s) => sum + s.n, 0);
  const byRest = [...shares].sort((a, b) => b.rest - a.rest);
  for (let i = 0; assigned < count; i = (i + 1) % byRest.length) {
    (byRest[i] as { n: number }).n++;
    assigned++;
  }
  for (let i = byRest.length - 1; assigned > count; i = (i - 1 + byRest.length) % byRest.length) {
    const share = byRest[i] as { n: number };
    if (share.n > 0) {
      share.n--;
      assigned--;
    }
  }
  return shares.flatMap((s) => Array.from({ length: s.n }, () => s.item));
}
