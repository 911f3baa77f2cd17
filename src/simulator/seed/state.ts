/**
 * What the seed's steps share while they build the org: the clock and its history window,
 * the PRNG, and the people, groups and apps made so far with what the history needs to know
 * about them. Each step (people.ts, groups.ts, apps.ts, history.ts) reads and extends it.
 */
import type { Prng } from '../random.ts';
import type { AppRecord, GroupRecord, Org, UserRecord } from '../store.ts';
import type { LogActor, LogClient, LogEventInput } from '../system-log.ts';
import type { AppTemplate } from './apps-data.ts';
import type { Department, Office, UserAgentProfile } from './people-data.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** How old the org is when seeded. */
export const ORG_AGE = 6 * YEAR;

/**
 * The System Log history covers this many days before the seed ran; Okta's `/logs` default
 * window (`since` = 7 days before `until`) shows all of it.
 */
export const HISTORY_DAYS = 7;

export type Role = 'head' | 'manager' | 'member';

/** A seeded person: the user record and what the seed needs to write their history. */
export interface Person {
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

export interface SeededApp {
  record: AppRecord;
  template: AppTemplate;
  createdAt: number;
}

/** One history event, written once every event is planned so persistence order = time order. */
export interface Plan {
  at: number;
  order: number;
  input: LogEventInput & { actor: LogActor; client: LogClient };
  /** Merged into the event's authenticationContext (session id, credential type…). */
  authentication?: Record<string, unknown>;
  debugData?: Record<string, unknown>;
}

/** The seed's state before its first person, the API token's super admin, exists. */
export interface SeedBase {
  readonly org: Org;
  readonly now: number;
  readonly rng: Prng;
  readonly orgCreated: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly people: Person[];
  readonly personById: Map<string, Person>;
  readonly groupsByKey: Map<string, GroupRecord>;
  readonly groupCreatedAt: Map<string, number>;
  /** Latest logged membership change per group id. */
  readonly membershipChangedAt: Map<string, number>;
  readonly apps: SeededApp[];
  readonly plans: Plan[];
  readonly usedLogins: Set<string>;
  hrSync: SeededApp | undefined;
}

/** The seed's state once the super admin exists; the two other admins are chosen among the people. */
export interface SeedState extends SeedBase {
  readonly superAdmin: Person;
  helpdesk: Person;
  itOps: Person;
}

export function newSeedBase(org: Org, now: number): SeedBase {
  return {
    org,
    now,
    rng: org.prng,
    orgCreated: now - ORG_AGE,
    windowStart: now - HISTORY_DAYS * DAY + 10 * MINUTE,
    windowEnd: now - MINUTE,
    people: [],
    personById: new Map(),
    groupsByKey: new Map(),
    groupCreatedAt: new Map(),
    membershipChangedAt: new Map(),
    apps: [],
    plans: [],
    usedLogins: new Set(),
    hrSync: undefined,
  };
}

export function isAdmin(state: SeedState, person: Person): boolean {
  return person === state.superAdmin || person === state.helpdesk || person === state.itOps;
}

/** A moment in the history window, between these fractions of it. */
export function inWindow(state: SeedState, from: number, to: number): number {
  const span = state.windowEnd - state.windowStart;
  return state.windowStart + Math.floor(span * (from + state.rng.next() * (to - from)));
}
