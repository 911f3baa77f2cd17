import type { OktaGroup } from '../src/okta/index.ts';
import type { SimulatorProcess } from './stack.ts';

/** The fewest Okta calls Okta's API allows for an operation, and why. */
export interface Minimum {
  calls: number;
  /**
   * Round trips that must follow one another: a nested field waits for its parent, and calls
   * beyond the gateway's OKTA_MAX_IN_FLIGHT wait for one under way to finish.
   */
  roundTrips: number;
  why: string;
}

/** What the gateway under test allows itself. */
export interface GatewayLimits {
  /** Its OKTA_MAX_IN_FLIGHT. */
  maxInFlight: number;
}

/** Round trips for `calls` independent calls sent at once: waves of at most `maxInFlight`. */
function waves(calls: number, { maxInFlight }: GatewayLimits): { count: number; why: string } {
  const count = Math.ceil(calls / maxInFlight);
  const why =
    count > 1 ? ` (${calls} calls with at most ${maxInFlight} in flight: ${count} waves)` : '';
  return { count, why };
}

export interface Scenario {
  /** The issue's number for it. */
  number: number;
  title: string;
  query: string;
  /** Find, through Okta's API as any client would, the objects the operation asks about. */
  prepare(sim: SimulatorProcess): Promise<Record<string, unknown>>;
  /** Whether the answer holds what the scenario promises; a sentence on what it holds. */
  describe(data: unknown): string;
  /**
   * The fewest calls, reasoned from what the answer holds (distinct actors, …), and the round
   * trips they take through a gateway with these limits.
   */
  minimum(data: unknown, gateway: GatewayLimits): Minimum;
}

/** Okta's `search=id eq "…" or …` idiom, as a caller of `users`/`groups(search:)` writes it. */
const idSearch = (ids: readonly string[]) => ids.map((id) => `id eq "${id}"`).join(' or ');

class ScenarioMismatch extends Error {
  constructor(title: string, detail: string) {
    super(`${title}: ${detail}`);
    this.name = 'ScenarioMismatch';
  }
}

/** Ids per `search=id eq … or …` call: the gateway's batch, and what an Okta URL holds. */
const IDS_PER_SEARCH = 100;

const EVENTS = 100;

interface LogActors {
  logEvents: { nodes: { actor: { id: string; type: string; user: { login: string } | null } }[] };
}

export const logEventActors: Scenario = {
  number: 1,
  title: `${EVENTS} log events with each actor's user login`,
  query: `query LogEventActors {
    logEvents(first: ${EVENTS}, sortOrder: DESCENDING) {
      nodes { uuid eventType actor { id type user { profile { login } } } }
    }
  }`,
  prepare: async () => ({}),
  describe(data) {
    const { nodes } = (data as LogActors).logEvents;
    if (nodes.length !== EVENTS)
      throw new ScenarioMismatch(this.title, `got ${nodes.length} events`);
    return `${EVENTS} events by ${userActors(data).size} distinct users`;
  },
  minimum(data, gateway) {
    const users = userActors(data).size;
    const searches = Math.ceil(users / IDS_PER_SEARCH);
    const after = waves(searches, gateway);
    return {
      calls: 1 + searches,
      roundTrips: 1 + after.count,
      why:
        `1 GET /api/v1/logs?limit=${EVENTS} (up to 1,000 a page) + ${searches} GET /api/v1/users?search=id eq … ` +
        `for the ${users} distinct user actors (an actor's alternateId is its login when the event ` +
        'was written; the current login needs the user. Okta has no bulk GET; a search takes ' +
        `~${IDS_PER_SEARCH} ids before its URL outgrows what Okta accepts); users wait for the events${after.why}`,
    };
  },
};

/** The distinct actors of the answer that are users (Okta's `User` actor type). */
function userActors(data: unknown): Set<string> {
  const { nodes } = (data as LogActors).logEvents;
  return new Set(nodes.filter((e) => e.actor.type === 'User').map((e) => e.actor.id));
}

const GROUPS = 20;
const MEMBERS = 50;

interface GroupsWithMembers {
  groups: { nodes: { id: string; members: { nodes: { id: string; status: string }[] } }[] };
}

export const groupsWithMembers: Scenario = {
  number: 2,
  title: `${GROUPS} groups with ${MEMBERS} members each and each member's status`,
  query: `query GroupsWithMembers($search: String!) {
    groups(search: $search, first: ${GROUPS}) {
      nodes { id name members(first: ${MEMBERS}) { nodes { id status } } }
    }
  }`,
  async prepare(sim) {
    const groups = await sim.get<OktaGroup[]>('/api/v1/groups?expand=stats&limit=200');
    const big = groups.filter((g) => (g._embedded?.stats?.usersCount ?? 0) >= MEMBERS);
    if (big.length < GROUPS) {
      throw new ScenarioMismatch(this.title, `the org has ${big.length} groups of ${MEMBERS}+`);
    }
    return { search: idSearch(big.slice(0, GROUPS).map((g) => g.id)) };
  },
  describe(data) {
    const { nodes } = (data as GroupsWithMembers).groups;
    const sizes = new Set(nodes.map((g) => g.members.nodes.length));
    if (nodes.length !== GROUPS || sizes.size !== 1 || !sizes.has(MEMBERS)) {
      throw new ScenarioMismatch(this.title, `got ${nodes.length} groups of ${[...sizes]} members`);
    }
    return `${GROUPS} groups × ${MEMBERS} members`;
  },
  minimum(_data, gateway) {
    const members = waves(GROUPS, gateway);
    return {
      calls: 1 + GROUPS,
      roundTrips: 1 + members.count,
      why:
        `1 GET /api/v1/groups?search=id eq … (${GROUPS} ids, one page of ≤200) + ` +
        `${GROUPS} GET /api/v1/groups/{id}/users?limit=${MEMBERS} (Okta lists one group's members ` +
        `per call, with each user and its status embedded); members wait for the groups${members.why}`,
    };
  },
};

const APP_USERS = 200;

interface ApplicationUsers {
  application: {
    label: string;
    users: { nodes: { user: { profile: { email: string } } | null }[] };
  };
}

export const applicationUsers: Scenario = {
  number: 3,
  title: `an application's ${APP_USERS} assigned users with their emails`,
  query: `query ApplicationUsers($id: ID!) {
    application(id: $id) { label users(first: ${APP_USERS}) { nodes { user { profile { email } } } } }
  }`,
  async prepare(sim) {
    for (const app of await sim.get<{ id: string }[]>('/api/v1/apps?limit=200')) {
      const users = await sim.get<unknown[]>(`/api/v1/apps/${app.id}/users?limit=${APP_USERS}`);
      if (users.length === APP_USERS) return { id: app.id };
    }
    throw new ScenarioMismatch(this.title, `no app has ${APP_USERS} assigned users`);
  },
  describe(data) {
    const { label, users } = (data as ApplicationUsers).application;
    const emails = users.nodes.filter((n) => n.user?.profile.email).length;
    if (emails !== APP_USERS) throw new ScenarioMismatch(this.title, `got ${emails} emails`);
    return `${label}: ${APP_USERS} users with their emails`;
  },
  minimum: () => ({
    calls: 2,
    roundTrips: 2,
    why:
      '1 GET /api/v1/apps/{id} + 1 GET /api/v1/apps/{id}/users?limit=200&expand=user (up to 500 ' +
      'a page, each Okta user embedded with its profile); the users wait for the app',
  }),
};

const RECENT_EVENTS = 20;

interface UserOverview {
  user: {
    groups: { nodes: unknown[] };
    applications: { nodes: unknown[] };
    logEvents: { nodes: unknown[] };
  };
}

export const userOverview: Scenario = {
  number: 4,
  title: `one user with groups, applications and the last ${RECENT_EVENTS} log events`,
  query: `query UserOverview($id: ID!) {
    user(id: $id) {
      profile { login }
      groups(first: 200) { nodes { name } }
      applications(first: 200) { nodes { label } }
      logEvents(first: ${RECENT_EVENTS}) { nodes { published eventType } }
    }
  }`,
  async prepare(sim) {
    // The busiest users of the last 1,000 events: some of them have groups and apps too.
    const events = await sim.get<{ actor: { id: string; type: string } }[]>(
      '/api/v1/logs?limit=1000&sortOrder=DESCENDING',
    );
    const counts = new Map<string, number>();
    for (const { actor } of events) {
      if (actor.type === 'User') counts.set(actor.id, (counts.get(actor.id) ?? 0) + 1);
    }
    const busiest = [...counts].sort((a, b) => b[1] - a[1]).map(([id]) => id);
    for (const id of busiest.slice(0, 50)) {
      const groups = await sim.get<unknown[]>(`/api/v1/users/${id}/groups`);
      const apps = await sim.get<unknown[]>(
        `/api/v1/apps?filter=${encodeURIComponent(`user.id eq "${id}"`)}`,
      );
      const recent = await sim.get<unknown[]>(
        `/api/v1/logs?limit=${RECENT_EVENTS}&filter=${encodeURIComponent(`actor.id eq "${id}" or target.id eq "${id}"`)}`,
      );
      if (groups.length > 1 && apps.length > 1 && recent.length === RECENT_EVENTS) return { id };
    }
    throw new ScenarioMismatch(this.title, `no user with groups, apps and ${RECENT_EVENTS} events`);
  },
  describe(data) {
    const { groups, applications, logEvents } = (data as UserOverview).user;
    if (logEvents.nodes.length !== RECENT_EVENTS) {
      throw new ScenarioMismatch(this.title, `got ${logEvents.nodes.length} events`);
    }
    return `${groups.nodes.length} groups, ${applications.nodes.length} apps, ${RECENT_EVENTS} events`;
  },
  minimum(_data, gateway) {
    const after = waves(3, gateway);
    return {
      calls: 4,
      roundTrips: 1 + after.count,
      why:
        '1 GET /api/v1/users/{id} + 1 GET /api/v1/users/{id}/groups (all of them, unpaged) + ' +
        '1 GET /api/v1/apps?filter=user.id eq …&expand=user/{id} + 1 GET /api/v1/logs?filter=actor.id ' +
        `eq … or target.id eq …&sortOrder=DESCENDING&limit=${RECENT_EVENTS}; the last three wait for the user${after.why}`,
    };
  },
};

/** In the order the report prints them (the issue's numbering). */
export const SCENARIOS: readonly Scenario[] = [
  logEventActors,
  groupsWithMembers,
  applicationUsers,
  userOverview,
];
