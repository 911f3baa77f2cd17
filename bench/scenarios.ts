import type { OktaGroup } from '../src/okta/index.ts';
import type { SimulatorProcess } from './stack.ts';

/**
 * The optimal REST plan of an operation: the fewest Okta calls its answer needs, and the fewest
 * round trips those calls allow (a call that needs another's answer waits for it; calls beyond
 * Okta's concurrent cap wait for a slot). Its critical-path floor is round trips × latency.
 */
export interface OptimalPlan {
  calls: number;
  roundTrips: number;
  why: string;
}

/** Okta's concurrent requests for a Workforce org (docs/okta-behaviour.md, the concurrency cap). */
export const OKTA_CONCURRENT_LIMIT = 75;

/** Round trips for `calls` independent calls sent at once: waves of Okta's concurrent cap. */
function waves(calls: number): number {
  return Math.max(1, Math.ceil(calls / OKTA_CONCURRENT_LIMIT));
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
   * The optimal plan, written down: calls reasoned from what the answer holds (distinct actors,
   * distinct groups, …) and the round trips Okta's API allows for them.
   */
  optimal(data: unknown): OptimalPlan;
  /**
   * The optimal plan carried out by a bare REST client (bench/rest-client.ts): the same Okta
   * calls, each sent as soon as what it needs is in, each answer read and parsed, no GraphQL.
   * What the best hand-written client of Okta's API costs on this machine, beside the gateway.
   */
  rest(get: RestGet, variables: Record<string, unknown>): Promise<void>;
}

/** A GET of Okta's API by a bare client: the answer's body, parsed. */
export type RestGet = (path: string) => Promise<unknown>;

const enc = encodeURIComponent;

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
  optimal(data) {
    const users = userActors(data).size;
    const searches = Math.ceil(users / IDS_PER_SEARCH);
    return {
      calls: 1 + searches,
      roundTrips: 1 + waves(searches),
      why:
        `1 GET /api/v1/logs?limit=${EVENTS} (up to 1,000 a page) + ${searches} GET /api/v1/users?search=id eq … ` +
        `for the ${users} distinct user actors (an actor's alternateId is its login when the event ` +
        'was written; the current login needs the user. Okta has no bulk GET; a search takes ' +
        `~${IDS_PER_SEARCH} ids before its URL outgrows what Okta accepts); the users wait for the events`,
    };
  },
  async rest(get) {
    const events = (await get(`/api/v1/logs?limit=${EVENTS}&sortOrder=DESCENDING`)) as {
      actor: { id: string; type: string };
    }[];
    const ids = [...new Set(events.filter((e) => e.actor.type === 'User').map((e) => e.actor.id))];
    const searches = [];
    for (let i = 0; i < ids.length; i += IDS_PER_SEARCH) {
      searches.push(get(`/api/v1/users?search=${enc(idSearch(ids.slice(i, i + IDS_PER_SEARCH)))}`));
    }
    await Promise.all(searches);
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
  optimal: () => ({
    calls: 1 + GROUPS,
    roundTrips: 1 + waves(GROUPS),
    why:
      `1 GET /api/v1/groups?search=id eq … (${GROUPS} ids, one page of ≤200) + ` +
      `${GROUPS} GET /api/v1/groups/{id}/users?limit=${MEMBERS} (Okta lists one group's members ` +
      `per call, with each user and its status embedded); the members wait for the groups, all ` +
      `${GROUPS} at once (Okta allows ${OKTA_CONCURRENT_LIMIT} in flight)`,
  }),
  async rest(get, { search }) {
    const groups = (await get(
      `/api/v1/groups?search=${enc(String(search))}&limit=${GROUPS}`,
    )) as OktaGroup[];
    await Promise.all(groups.map((g) => get(`/api/v1/groups/${g.id}/users?limit=${MEMBERS}`)));
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
  optimal: () => ({
    calls: 2,
    roundTrips: 1,
    why:
      '1 GET /api/v1/apps/{id} (its label) + 1 GET /api/v1/apps/{id}/users?limit=200&expand=user ' +
      '(up to 500 a page, each Okta user embedded with its profile); both need only the id: one ' +
      'round trip',
  }),
  async rest(get, { id }) {
    await Promise.all([
      get(`/api/v1/apps/${id}`),
      get(`/api/v1/apps/${id}/users?limit=${APP_USERS}&expand=user`),
    ]);
  },
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
  optimal: () => ({
    calls: 4,
    roundTrips: 1,
    why:
      '1 GET /api/v1/users/{id} + 1 GET /api/v1/users/{id}/groups (all of them, unpaged) + ' +
      '1 GET /api/v1/apps?filter=user.id eq …&expand=user/{id} + 1 GET /api/v1/logs?filter=actor.id ' +
      `eq … or target.id eq …&sortOrder=DESCENDING&limit=${RECENT_EVENTS}; all four need only the ` +
      'id: one round trip',
  }),
  async rest(get, { id }) {
    await Promise.all([
      get(`/api/v1/users/${id}`),
      get(`/api/v1/users/${id}/groups`),
      get(`/api/v1/apps?filter=${enc(`user.id eq "${id}"`)}&expand=${enc(`user/${id}`)}`),
      get(
        `/api/v1/logs?filter=${enc(`actor.id eq "${id}" or target.id eq "${id}"`)}` +
          `&sortOrder=DESCENDING&limit=${RECENT_EVENTS}`,
      ),
    ]);
  },
};

interface UserAccess {
  user: { groups: { nodes: unknown[] }; applications: { nodes: unknown[] } };
  logEvents: { nodes: unknown[] };
}

export const userAccessBesideLog: Scenario = {
  number: 5,
  title: `a user's groups and apps beside the last ${RECENT_EVENTS} System Log events`,
  query: `query UserAccessBesideLog($id: ID!) {
    user(id: $id) {
      groups(first: 200) { nodes { name } }
      applications(first: 200) { nodes { label } }
    }
    logEvents(first: ${RECENT_EVENTS}, sortOrder: DESCENDING) { nodes { published eventType } }
  }`,
  prepare: (sim) => userOverview.prepare(sim),
  describe(data) {
    const { user, logEvents } = data as UserAccess;
    if (logEvents.nodes.length !== RECENT_EVENTS) {
      throw new ScenarioMismatch(this.title, `got ${logEvents.nodes.length} events`);
    }
    return `${user.groups.nodes.length} groups, ${user.applications.nodes.length} apps, ${RECENT_EVENTS} events`;
  },
  optimal: () => ({
    calls: 3,
    roundTrips: 1,
    why:
      '1 GET /api/v1/users/{id}/groups + 1 GET /api/v1/apps?filter=user.id eq …&expand=user/{id} + ' +
      `1 GET /api/v1/logs?limit=${RECENT_EVENTS}&sortOrder=DESCENDING; no GET of the user: Okta's ` +
      "404 on the user's groups already says it is missing; all three at once",
  }),
  async rest(get, { id }) {
    await Promise.all([
      get(`/api/v1/users/${id}/groups`),
      get(`/api/v1/apps?filter=${enc(`user.id eq "${id}"`)}&expand=${enc(`user/${id}`)}`),
      get(`/api/v1/logs?limit=${RECENT_EVENTS}&sortOrder=DESCENDING`),
    ]);
  },
};

interface ApplicationUsersOnly {
  application: { users: { nodes: { user: { profile: { email: string } } | null }[] } };
}

export const applicationUsersOnly: Scenario = {
  number: 6,
  title: `an application's ${APP_USERS} assigned users' emails, nothing of the app itself`,
  query: `query ApplicationUsersOnly($id: ID!) {
    application(id: $id) { users(first: ${APP_USERS}) { nodes { user { profile { email } } } } }
  }`,
  prepare: (sim) => applicationUsers.prepare(sim),
  describe(data) {
    const { users } = (data as ApplicationUsersOnly).application;
    const emails = users.nodes.filter((n) => n.user?.profile.email).length;
    if (emails !== APP_USERS) throw new ScenarioMismatch(this.title, `got ${emails} emails`);
    return `${APP_USERS} users with their emails`;
  },
  optimal: () => ({
    calls: 1,
    roundTrips: 1,
    why:
      `1 GET /api/v1/apps/{id}/users?limit=${APP_USERS}&expand=user; no GET of the app: Okta's 404 ` +
      "on the app's users already says it is missing",
  }),
  async rest(get, { id }) {
    await get(`/api/v1/apps/${id}/users?limit=${APP_USERS}&expand=user`);
  },
};

const SCREEN_USERS = 50;

interface AccessScreen {
  users: { nodes: { groups: { nodes: { id: string }[] } }[] };
}

export const accessScreen: Scenario = {
  number: 7,
  title: `an access screen: ${SCREEN_USERS} users, each user's groups, each group's apps`,
  query: `query AccessScreen {
    users(first: ${SCREEN_USERS}) {
      nodes { profile { login } groups { nodes { id name applications { nodes { label } } } } }
    }
  }`,
  prepare: async () => ({}),
  describe(data) {
    const { nodes } = (data as AccessScreen).users;
    if (nodes.length !== SCREEN_USERS)
      throw new ScenarioMismatch(this.title, `got ${nodes.length} users`);
    return `${SCREEN_USERS} users in ${screenGroups(data).size} distinct groups`;
  },
  optimal(data) {
    const groups = screenGroups(data).size;
    return {
      calls: 1 + SCREEN_USERS + groups,
      roundTrips: 1 + waves(SCREEN_USERS) + waves(groups),
      why:
        `1 GET /api/v1/users?limit=${SCREEN_USERS} + ${SCREEN_USERS} GET /api/v1/users/{id}/groups ` +
        `(Okta lists one user's groups per call) + ${groups} GET /api/v1/apps?filter=group.id eq … ` +
        '(one per distinct group: a group shared by users is read once); the groups wait for the ' +
        "users, the apps for the groups, each wave within Okta's concurrent cap",
    };
  },
  async rest(get) {
    const users = (await get(`/api/v1/users?limit=${SCREEN_USERS}`)) as { id: string }[];
    // Each group's apps as soon as a user shows the group, once per group.
    const appsOfGroup = new Map<string, Promise<unknown>>();
    await Promise.all(
      users.map(async (user) => {
        const groups = (await get(`/api/v1/users/${user.id}/groups`)) as OktaGroup[];
        for (const { id } of groups) {
          if (!appsOfGroup.has(id)) {
            appsOfGroup.set(id, get(`/api/v1/apps?filter=${enc(`group.id eq "${id}"`)}`));
          }
        }
      }),
    );
    await Promise.all(appsOfGroup.values());
  },
};

/** The distinct groups the access screen shows. */
function screenGroups(data: unknown): Set<string> {
  return new Set(
    (data as AccessScreen).users.nodes.flatMap((u) => u.groups.nodes.map((g) => g.id)),
  );
}

/** In the order the report prints them (numbered as bench/README.md lists them). */
export const SCENARIOS: readonly Scenario[] = [
  logEventActors,
  groupsWithMembers,
  applicationUsers,
  userOverview,
  userAccessBesideLog,
  applicationUsersOnly,
  accessScreen,
];
