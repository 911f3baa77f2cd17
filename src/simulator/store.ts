import { type Dialect, idsOfIdDisjunction } from './filter.ts';
import { Prng } from './random.ts';

export type UserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export type Profile = Record<string, unknown>;

export interface UserRecord {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  transitioningToStatus: null | 'ACTIVE' | 'DEPROVISIONED' | 'PROVISIONED';
  typeId: string;
  profile: Profile;
  /** The password is write-only on the wire; the simulator keeps it to check change_password. */
  password?: { value?: string; hashed?: boolean; hook?: boolean };
  passwordHistory: string[];
  recoveryQuestion?: { question: string; answer: string };
  provider: { type: string; name: string };
  factorsEnrolled: number;
  sessions: number;
}

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupRecord {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  type: GroupType;
  profile: Profile;
  /** APP_GROUP: the app it was imported from. */
  sourceAppId?: string;
  members: Set<string>;
}

export interface AppUserRecord {
  id: string;
  externalId: string | null;
  created: string;
  lastUpdated: string;
  status: string;
  statusChanged: string;
  passwordChanged: string | null;
  syncState: string;
  credentials?: { userName?: string; password?: Record<string, never> };
  profile: Profile;
  /** Assigned directly (scope USER) … */
  direct: boolean;
  /** … and/or through these groups (scope GROUP when not direct). */
  viaGroups: Set<string>;
}

export interface AppGroupRecord {
  id: string;
  priority: number;
  profile: Profile;
  lastUpdated: string;
}

export interface GrantRecord {
  id: string;
  issuer: string;
  scopeId: string;
  clientId: string;
  created: string;
  createdBy: { id: string; type: string };
  source: 'ADMIN';
  status: 'ACTIVE';
}

export interface AppRecord {
  id: string;
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  signOnMode: string;
  created: string;
  lastUpdated: string;
  /** Everything else the app was created with (settings, credentials, visibility, …). */
  body: Record<string, unknown>;
  users: Map<string, AppUserRecord>;
  groups: Map<string, AppGroupRecord>;
  grants: Map<string, GrantRecord>;
}

export interface EventHookRecord {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  verificationStatus: 'VERIFIED' | 'UNVERIFIED';
  name: string;
  description: string | null;
  created: string;
  createdBy: string;
  lastUpdated: string;
  events: { type: 'EVENT_TYPE'; items: string[]; filter: unknown };
  channel: {
    type: 'HTTP';
    version: string;
    config: {
      uri: string;
      method: 'POST';
      headers: { key: string; value: string }[];
      authScheme: { type: string; key: string; value: string } | null;
    };
  };
}

/** Okta's LogEvent as it appears on the wire (docs/okta-behaviour.md §5.3). */
export type LogEvent = Record<string, unknown> & {
  uuid: string;
  published: string;
  eventType: string;
};

export interface PersistedLogEvent {
  /** Persistence order: the System Log's polling cursor counts these. */
  seq: number;
  event: LogEvent;
  /** `event.published` in ms, parsed once: every bounded read tests it against its window. */
  publishedMs: number;
}

/** Who called: an API token's admin, or an OAuth service app with granted scopes. */
export interface Principal {
  kind: 'ssws' | 'oauth';
  /** For SSWS: the admin user that minted the token. For OAuth: the client id. */
  id: string;
  displayName: string;
  alternateId: string;
  /** null = every scope (an API token acts with its admin's full rights). */
  scopes: ReadonlySet<string> | null;
  /** OAuth only: how the access token was presented (Okta's challenges name the scheme). */
  tokenType?: 'Bearer' | 'DPoP';
}

export interface AccessTokenRecord {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  /** DPoP-bound: the thumbprint of the proof key. */
  jkt?: string;
}

/**
 * A search index that lags writes by `lagMs`, as Okta's user and group search does.
 * Reads by id and `filter` read the live maps; `search` reads this. While the lag is 0 it is
 * the live map itself; once lagging, it keeps its own copy that writes reach `lagMs` later.
 */
export class SearchIndex<T> {
  private indexed: Map<string, T> | null = null;
  private readonly queue: { at: number; id: string; value: T | null }[] = [];
  /**
   * Lower-cased id → the ids search sees that fold to it, for `id eq` under a dialect that folds
   * case. Built on first use, then kept in step by the same writes as the index (and rebuilt when
   * its count of ids disagrees with the map it describes).
   */
  private folded: { byLowerCase: Map<string, string[]>; ids: number } | null = null;

  constructor(
    private readonly lagMs: () => number,
    private readonly live: Map<string, T>,
  ) {}

  /** Called before any write reaches the live map (the server does it for every write request). */
  beforeWrite(): void {
    if (this.lagMs() > 0 && !this.indexed) {
      this.indexed = new Map([...this.live].map(([id, value]) => [id, structuredClone(value)]));
    }
  }

  /** Record a write: a snapshot of the record, or null for a delete. */
  write(id: string, value: T | null): void {
    if (!this.indexed) {
      this.fold(id, value !== null);
      return;
    }
    const at = Date.now() + Math.max(0, this.lagMs());
    this.queue.push({ at, id, value: value === null ? null : structuredClone(value) });
  }

  /** What search sees now. */
  snapshot(): T[] {
    return [...this.current().values()];
  }

  /** The record with this id as search sees it now: a lagging index answers from its own copy. */
  get(id: string): T | undefined {
    return this.current().get(id);
  }

  /**
   * The records search sees now whose id is one of `ids` (ignoring case when `foldCase`), each
   * once, found by id rather than by a scan of every record.
   */
  withIds(ids: Iterable<string>, foldCase: boolean): T[] {
    const records = this.current();
    const found = new Map<string, T>();
    for (const wanted of ids) {
      const matching = foldCase ? this.foldedIds(records, wanted) : [wanted];
      for (const id of matching) {
        const record = records.get(id);
        if (record !== undefined) found.set(id, record);
      }
    }
    return [...found.values()];
  }

  /**
   * The records a search expression can match: for the pure `id eq "…" or …` idiom, only the
   * records with those ids (ids are never dates, so `eq` on an id is a string comparison, folded
   * where the dialect folds case); for any other expression, every record. The caller still
   * applies the compiled expression to each, so both give the same answer.
   */
  candidates(expression: string, dialect: Dialect): T[] {
    const ids = idsOfIdDisjunction(expression, dialect);
    return ids === null ? this.snapshot() : this.withIds(ids, dialect.valuesCaseInsensitive);
  }

  /** The map search reads now, once the writes whose lag has passed have reached it. */
  private current(): Map<string, T> {
    if (!this.indexed) return this.live;
    const now = Date.now();
    while (this.queue.length > 0 && (this.queue[0] as { at: number }).at <= now) {
      const w = this.queue.shift() as { id: string; value: T | null };
      if (w.value === null) this.indexed.delete(w.id);
      else this.indexed.set(w.id, w.value);
      this.fold(w.id, w.value !== null);
    }
    // Every write has reached the copy, so it holds the live map's ids: `folded` stays right.
    if (this.queue.length === 0 && this.lagMs() <= 0) {
      this.indexed = null;
      return this.live;
    }
    return this.indexed;
  }

  private foldedIds(records: Map<string, T>, id: string): readonly string[] {
    if (this.folded === null || this.folded.ids !== records.size) {
      const byLowerCase = new Map<string, string[]>();
      for (const key of records.keys()) {
        const lower = key.toLowerCase();
        const same = byLowerCase.get(lower);
        if (same) same.push(key);
        else byLowerCase.set(lower, [key]);
      }
      this.folded = { byLowerCase, ids: records.size };
    }
    return this.folded.byLowerCase.get(id.toLowerCase()) ?? [];
  }

  /** Keep `folded` in step with a write that reached the map search reads. */
  private fold(id: string, present: boolean): void {
    if (this.folded === null) return;
    const lower = id.toLowerCase();
    const same = this.folded.byLowerCase.get(lower) ?? [];
    const known = same.includes(id);
    if (present && !known) {
      this.folded.byLowerCase.set(lower, [...same, id]);
      this.folded.ids++;
    } else if (!present && known) {
      const rest = same.filter((other) => other !== id);
      if (rest.length > 0) this.folded.byLowerCase.set(lower, rest);
      else this.folded.byLowerCase.delete(lower);
      this.folded.ids--;
    }
  }
}

export interface SimulatorSettings {
  /** How far `search` lags writes, in ms (0 = read-your-writes). */
  searchLagMs: number;
  /** Per-minute limits per rate-limit bucket; see rate-limit.ts for names. */
  rateLimits: Record<string, number>;
  /** Concurrent in-flight requests before Okta answers 429. */
  concurrencyLimit: number;
  /** Length of a rate-limit window in ms (Okta: one minute). */
  rateLimitWindowMs: number;
  /** At most this many ACTIVE event hooks (Okta: 25). */
  maxActiveEventHooks: number;
  /** When true, the OAuth token endpoint requires DPoP for every service app. */
  requireDpop: boolean;
  /** Lifetime of access tokens minted by /oauth2/v1/token (Okta: 3600 s). */
  accessTokenTtlSeconds: number;
  /** How long a `DPoP-Nonce` the token endpoint hands out stays acceptable. */
  dpopNonceTtlSeconds: number;
}

/** The state of one simulated Okta org. Routes read and change it; nothing else does. */
export class Org {
  baseUrl = 'http://127.0.0.1';
  readonly prng: Prng;
  readonly users = new Map<string, UserRecord>();
  /** Lower-cased login → user id (logins are unique and case-insensitive). */
  readonly loginIndex = new Map<string, string>();
  readonly groups = new Map<string, GroupRecord>();
  /** user id → ids of the groups it is a member of. */
  readonly userGroups = new Map<string, Set<string>>();
  readonly apps = new Map<string, AppRecord>();
  readonly eventHooks = new Map<string, EventHookRecord>();
  readonly log: PersistedLogEvent[] = [];
  /**
   * The System Log's rows by the ids they name (actor and targets), in persistence order: a
   * filter of `actor.id eq … or target.id eq …` (one person's activity) reads these instead of
   * testing every event.
   */
  readonly logByNamedId = new Map<string, PersistedLogEvent[]>();
  /** Custom attributes of the default user schema (JSON-Schema property objects). */
  readonly customSchema = new Map<string, Record<string, unknown>>();
  schemaLastUpdated: string;
  readonly schemaCreated: string;
  readonly apiTokens = new Map<string, Principal>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** Client-assertion `jti`s already used, with their expiry (ms). */
  readonly usedJtis = new Map<string, number>();
  readonly dpopNonces = new Map<string, number>();
  readonly userIndex: SearchIndex<UserRecord>;
  readonly groupIndex: SearchIndex<GroupRecord>;
  readonly defaultUserTypeId: string;
  readonly everyoneGroupId: string;
  /** Group rules by id (routes/group-rules.ts). */
  readonly groupRules = new Map<string, GroupRuleRecord>();
  /** user id → the user's enrolled MFA factors by id (routes/factors.ts). */
  readonly userFactors = new Map<string, Map<string, FactorRecord>>();
  /** Standard admin role assignments by id, to users and groups (routes/roles.ts). */
  readonly roleAssignments = new Map<string, RoleAssignmentRecord>();
  private logListeners: ((event: LogEvent) => void)[] = [];

  constructor(
    seed: number,
    readonly settings: SimulatorSettings,
  ) {
    this.prng = new Prng(seed);
    this.userIndex = new SearchIndex(() => this.settings.searchLagMs, this.users);
    this.groupIndex = new SearchIndex(() => this.settings.searchLagMs, this.groups);
    this.defaultUserTypeId = this.prng.id('oty');
    this.everyoneGroupId = this.prng.id('00g');
    this.schemaCreated = this.schemaLastUpdated = iso(new Date(Date.UTC(2023, 0, 1)));
  }

  now(): string {
    return iso(new Date());
  }

  findUser(idOrLogin: string): UserRecord | undefined {
    const byId = this.users.get(idOrLogin);
    if (byId) return byId;
    const id = this.loginIndex.get(idOrLogin.toLowerCase());
    if (id) return this.users.get(id);
    // Okta also accepts a login's short name (the part before '@').
    const lower = idOrLogin.toLowerCase();
    if (lower.includes('@')) return undefined;
    for (const user of this.users.values()) {
      const login = String(user.profile.login).toLowerCase();
      if (login.split('@')[0] === lower) return user;
    }
    return undefined;
  }

  /** Store a user (new or changed), keeping the login index and search index in step. */
  saveUser(user: UserRecord, previousLogin?: string): void {
    if (previousLogin !== undefined && previousLogin !== user.profile.login) {
      this.loginIndex.delete(previousLogin.toLowerCase());
    }
    this.users.set(user.id, user);
    this.loginIndex.set(String(user.profile.login).toLowerCase(), user.id);
    this.userIndex.write(user.id, user);
  }

  /** Remove a user for good: memberships, app assignments and indexes. */
  purgeUser(user: UserRecord): void {
    for (const groupId of this.userGroups.get(user.id) ?? []) {
      const group = this.groups.get(groupId);
      group?.members.delete(user.id);
    }
    this.userGroups.delete(user.id);
    for (const app of this.apps.values()) app.users.delete(user.id);
    this.users.delete(user.id);
    this.loginIndex.delete(String(user.profile.login).toLowerCase());
    this.userIndex.write(user.id, null);
  }

  saveGroup(group: GroupRecord): void {
    this.groups.set(group.id, group);
    this.groupIndex.write(group.id, group);
  }

  purgeGroup(group: GroupRecord): void {
    for (const userId of group.members) this.userGroups.get(userId)?.delete(group.id);
    for (const app of this.apps.values()) {
      if (app.groups.delete(group.id)) this.dropGroupSourcedAppUsers(app, group.id);
    }
    this.groups.delete(group.id);
    this.groupIndex.write(group.id, null);
  }

  /** Add a member; app assignments of the group reach the user. Returns false if already one. */
  addMember(group: GroupRecord, userId: string): boolean {
    if (group.members.has(userId)) return false;
    group.members.add(userId);
    let set = this.userGroups.get(userId);
    if (!set) {
      set = new Set();
      this.userGroups.set(userId, set);
    }
    set.add(group.id);
    group.lastMembershipUpdated = this.now();
    for (const app of this.apps.values()) {
      if (app.groups.has(group.id)) this.grantAppViaGroup(app, group.id, userId);
    }
    return true;
  }

  removeMember(group: GroupRecord, userId: string): boolean {
    if (!group.members.delete(userId)) return false;
    this.userGroups.get(userId)?.delete(group.id);
    group.lastMembershipUpdated = this.now();
    for (const app of this.apps.values()) {
      const appUser = app.users.get(userId);
      if (!appUser?.viaGroups.delete(group.id)) continue;
      if (!appUser.direct && appUser.viaGroups.size === 0) app.users.delete(userId);
    }
    return true;
  }

  grantAppViaGroup(app: AppRecord, groupId: string, userId: string): void {
    const existing = app.users.get(userId);
    if (existing) {
      existing.viaGroups.add(groupId);
      return;
    }
    app.users.set(userId, this.newAppUser(userId, false, groupId));
  }

  dropGroupSourcedAppUsers(app: AppRecord, groupId: string): void {
    for (const [userId, appUser] of app.users) {
      if (appUser.viaGroups.delete(groupId) && !appUser.direct && appUser.viaGroups.size === 0) {
        app.users.delete(userId);
      }
    }
  }

  newAppUser(userId: string, direct: boolean, viaGroup?: string): AppUserRecord {
    const now = this.now();
    const user = this.users.get(userId);
    return {
      id: userId,
      externalId: null,
      created: now,
      lastUpdated: now,
      status: 'ACTIVE',
      statusChanged: now,
      passwordChanged: null,
      syncState: 'DISABLED',
      credentials: { userName: String(user?.profile.login ?? userId) },
      profile: {},
      direct,
      viaGroups: new Set(viaGroup ? [viaGroup] : []),
    };
  }

  /** Append to the System Log; event hooks and tests listen here. */
  appendLog(event: LogEvent): void {
    const row = { seq: this.log.length + 1, event, publishedMs: Date.parse(event.published) };
    this.log.push(row);
    for (const id of idsNamedBy(event)) {
      const rows = this.logByNamedId.get(id);
      if (rows) rows.push(row);
      else this.logByNamedId.set(id, [row]);
    }
    for (const listener of this.logListeners) listener(event);
  }

  onLog(listener: (event: LogEvent) => void): () => void {
    this.logListeners.push(listener);
    return () => {
      this.logListeners = this.logListeners.filter((l) => l !== listener);
    };
  }
}

export function iso(date: Date): string {
  return date.toISOString();
}

/** The ids a LogEvent names: its actor's and its targets'. */
function idsNamedBy(event: LogEvent): Set<string> {
  const ids = new Set<string>();
  const actor = event.actor as { id?: unknown } | undefined;
  if (typeof actor?.id === 'string') ids.add(actor.id);
  for (const target of (event.target as { id?: unknown }[] | undefined) ?? []) {
    if (typeof target.id === 'string') ids.add(target.id);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// The access graph: group rules, factors and admin role assignments.

export type GroupRuleStatus = 'ACTIVE' | 'INACTIVE' | 'INVALID';

export interface GroupRuleRecord {
  id: string;
  name: string;
  status: GroupRuleStatus;
  created: string;
  lastUpdated: string;
  /** `conditions.expression.value` (type `urn:okta:expression:1.0`). */
  expression: string;
  /** `conditions.people.users.exclude`. */
  excludedUserIds: string[];
  /** `actions.assignUserToGroups.groupIds`. */
  groupIds: string[];
  /** user id → the groups this rule made the user a member of (what `removeUsers` undoes). */
  added: Map<string, Set<string>>;
}

export interface FactorRecord {
  id: string;
  userId: string;
  factorType: string;
  provider: string;
  vendorName: string;
  status: 'ACTIVE' | 'PENDING_ACTIVATION';
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
}

export interface RoleAssignmentRecord {
  id: string;
  /** A standard role type (SUPER_ADMIN, HELP_DESK_ADMIN, …). */
  type: string;
  label: string;
  created: string;
  lastUpdated: string;
  /** Who holds the role directly: a user or a group. */
  assignee: { kind: 'USER' | 'GROUP'; id: string };
}
