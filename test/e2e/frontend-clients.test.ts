import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import type { DocumentNode } from 'graphql';
import { graphcacheKeys, possibleTypes, typePolicies } from 'okta-graphql-gateway/client';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPES, type Caller, callerWithScopes } from '../../src/caller.ts';
import { CallerAuthError } from '../../src/server/auth.ts';
import type { UserRecord } from '../../src/simulator/store.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';

// Apollo Client 4 and urql 6, configured as the README's "Frontend clients" says, against the
// gateway served over HTTP, as a browser app on an allowed origin uses them: what their
// normalised caches give back must be exactly what the gateway sent.

const APP_ORIGIN = 'https://admin.example.com';
const TOKEN = 'admin';

const authenticate = async (authorization: string | null): Promise<Caller> => {
  if (authorization !== `Bearer ${TOKEN}`) throw new CallerAuthError('the token is not valid');
  return callerWithScopes(TOKEN, ALL_SCOPES, true);
};

/** Outside demo mode, with the browser app's origin on the allow-list. */
const ENV = {
  OKTA_ORG_URL: 'https://acme.okta.com',
  OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
  AUTH_MODE: 'none',
  CORS_ORIGINS: APP_ORIGIN,
};

const APP_USER_FIELDS = /* GraphQL */ `
  id scope status syncState externalId created lastUpdated statusChanged passwordChanged lastSync
  profile
`;

/** A page of apps, each with its assigned users and groups (a user is in several apps). */
const APPS_WITH_ASSIGNMENTS = gql`
  query AppsWithAssignments($after: String) {
    applications(first: 2, after: $after) {
      nodes {
        id label status
        users(first: 25) { nodes { ${APP_USER_FIELDS} credentials { userName } user { id status } } }
        groups(first: 10) { nodes { id priority lastUpdated profile group { id name } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Users with the apps they reach, each edge with the user's assignment to that app. */
const USERS_WITH_ASSIGNMENTS = gql`
  query UsersWithAssignments($search: String!) {
    users(search: $search, first: 20) {
      nodes {
        id status
        applications(first: 10) {
          edges { node { id label status } assignment { ${APP_USER_FIELDS} } }
        }
      }
    }
  }
`;

/** Groups with the apps assigned to them. */
const GROUPS_WITH_APPLICATIONS = gql`
  query GroupsWithApplications {
    groups(first: 20) {
      nodes { id name applications(first: 20) { nodes { id label status } } }
    }
  }
`;

/** A mutation whose answer is an error member of its result union. */
const SUSPEND_USER = gql`
  mutation SuspendUser($id: ID!) {
    suspendUser(id: $id) {
      ... on SuspendUserPayload { user { id status } }
      ... on Error { code message }
      ... on NotFoundError { resource id }
    }
  }
`;

const UNKNOWN_USER = '00u00000000000000000';

/**
 * The System Log events on one target since a moment, each with its actor and targets as the
 * event wrote them: snapshots that carry the Okta id of the user they name.
 */
const LOG_EVENTS_ON_TARGET = gql`
  query LogEventsOnTarget($filter: String!, $since: DateTime!, $until: DateTime!) {
    logEvents(filter: $filter, since: $since, until: $until, first: 20) {
      nodes {
        uuid eventType
        actor { id alternateId displayName }
        target { id type alternateId displayName changeDetails { from to } }
      }
    }
  }
`;

interface LogEventsOnTarget {
  logEvents: {
    nodes: {
      eventType: string;
      actor: { id: string; alternateId: string; displayName: string };
      target: { id: string; alternateId: string; displayName: string; changeDetails: unknown }[];
    }[];
  };
}

/**
 * The paths at which two JSON values differ, each with both values; none when they are equal.
 * `hiddenTypenames`: urql adds `__typename` to every selection set for its cache and leaves it
 * out of what it gives back, so a `__typename` the cache does not give back is no difference.
 */
function differences(
  sent: unknown,
  cached: unknown,
  hiddenTypenames = false,
  path = '$',
): string[] {
  if (Array.isArray(sent) && Array.isArray(cached)) {
    if (sent.length !== cached.length) {
      return [`${path}: ${sent.length} items, cached ${cached.length}`];
    }
    return sent.flatMap((item, i) =>
      differences(item, cached[i], hiddenTypenames, `${path}[${i}]`),
    );
  }
  if (isObject(sent) && isObject(cached)) {
    const keys = new Set([...Object.keys(sent), ...Object.keys(cached)]);
    if (hiddenTypenames && !('__typename' in cached)) keys.delete('__typename');
    return [...keys].flatMap((key) =>
      differences(sent[key], cached[key], hiddenTypenames, `${path}.${key}`),
    );
  }
  return Object.is(sent, cached) ? [] : [`${path}: ${show(sent)}, cached ${show(cached)}`];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** One HTTP exchange a client made: its method, request headers, status and JSON answer. */
interface Exchange {
  method: string;
  headers: Headers;
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] } | null;
}

/**
 * The browser's fetch, as far as the gateway can tell: every request carries the app's Origin.
 * Each exchange is recorded, so that a test can compare the cache with what the gateway sent.
 */
function browserFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', APP_ORIGIN);
    const res = await fetch(input, { ...init, headers });
    const text = await res.clone().text();
    exchanges.push({
      method: init?.method ?? 'GET',
      headers,
      status: res.status,
      body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    return res;
  };
}

/** The request headers a browser would name in a CORS preflight (the non-safelisted ones). */
function preflightHeaders(headers: Headers): string[] {
  const simpleTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
  return [...headers.keys()].filter((name) => {
    if (name === 'origin' || name === 'accept') return false;
    if (name === 'content-type') return !simpleTypes.includes(headers.get(name) ?? '');
    return true;
  });
}

/** A client with a normalised cache, as these tests drive it. */
interface CachingClient {
  /** The client gives back no `__typename` it added itself (urql). */
  hiddenTypenames?: boolean;
  /** Runs the query over the network (what the gateway sent is in the recorded exchange). */
  fetch(query: DocumentNode, variables: Record<string, unknown>): Promise<void>;
  /** The query as the cache answers it. */
  read(query: DocumentNode, variables: Record<string, unknown>): unknown;
}

/**
 * Every app (a page at a time) with its users and groups, then users with their assignments,
 * then groups with their apps, each from the network; then each read back from the cache once
 * all are in. The differences between what the gateway sent and what the cache gave back.
 */
async function cachedAgainstSent(
  client: CachingClient,
  exchanges: Exchange[],
  usersSearch: string,
): Promise<string[]> {
  const sent: [DocumentNode, Record<string, unknown>, unknown][] = [];
  const run = async <T>(query: DocumentNode, variables: Record<string, unknown>): Promise<T> => {
    await client.fetch(query, variables);
    const exchange = exchanges.at(-1);
    expect(exchange?.status).toBe(200);
    expect(exchange?.body?.errors).toBeUndefined();
    sent.push([query, variables, exchange?.body?.data]);
    return exchange?.body?.data as T;
  };
  let after: string | null = null;
  do {
    const page: { applications: { pageInfo: PageInfo } } = await run(APPS_WITH_ASSIGNMENTS, {
      after,
    });
    const { pageInfo } = page.applications;
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  } while (after);
  // Each of these users has two apps or more: assignments that a cache keyed on the user's id
  // would merge into one.
  const { users } = await run<{ users: { nodes: { applications: { edges: unknown[] } }[] } }>(
    USERS_WITH_ASSIGNMENTS,
    { search: usersSearch },
  );
  expect(users.nodes.map((u) => u.applications.edges.length >= 2)).toEqual(Array(20).fill(true));
  await run(GROUPS_WITH_APPLICATIONS, {});
  return sent.flatMap(([query, variables, data]) =>
    differences(data, client.read(query, variables), client.hiddenTypenames),
  );
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

describe('frontend clients with normalised caches', () => {
  // Each test reads every app's users and groups and each user's apps: more than the minute's
  // budget of Okta's apps bucket (rate limits are tested in test/okta/rate-limit.test.ts).
  const stack = useStack({
    env: ENV,
    authenticate,
    sim: { rateLimits: { 'apps.collection': 10_000 } },
  });
  const served = useServedGateway(stack);
  /** Users assigned to two apps or more: the ones whose assignments a cache could merge. */
  let sharedUsers: string[];
  /** The user renamed between two actions on it: its login and name before and after. */
  let renamed: {
    id: string;
    since: string;
    until: string;
    before: { login: string; name: string };
    after: { login: string; name: string };
  };

  beforeAll(async () => {
    const appsOf = new Map<string, number>();
    for (const app of stack.sim.org.apps.values()) {
      for (const id of app.users.keys()) appsOf.set(id, (appsOf.get(id) ?? 0) + 1);
    }
    sharedUsers = [...appsOf]
      .filter(([, apps]) => apps >= 2)
      .map(([id]) => id)
      .sort()
      .slice(0, 20);

    // Another user, suspended, renamed (login, first and last name) and unsuspended through the
    // gateway: each of the three events on it carries a snapshot of the user as it was then (the
    // first the old login and name, the others the new ones), all under the user's id.
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId && !sharedUsers.includes(u.id),
    ) as UserRecord;
    const nameOf = (profile: Record<string, unknown>) =>
      `${String(profile.firstName)} ${String(profile.lastName)}`;
    const before = { login: String(user.profile.login), name: nameOf(user.profile) };
    const profile = {
      login: `renamed.${user.id}@example.com`,
      firstName: 'Renamed',
      lastName: 'Since',
    };
    renamed = {
      id: user.id,
      since: new Date().toISOString(),
      until: '',
      before,
      after: { login: profile.login, name: nameOf(profile) },
    };
    const mutate = async (mutation: string, variables: Record<string, unknown>) => {
      const answer = await stack.graphql<Record<string, { __typename: string }>>(
        mutation,
        variables,
        { authorization: `Bearer ${TOKEN}` },
      );
      expect(answer.errors).toBeUndefined();
      return Object.values(answer.data ?? {}).map((result) => result.__typename);
    };
    const byId = (field: string) => `mutation ($id: ID!) { ${field}(id: $id) { __typename } }`;
    expect(await mutate(byId('suspendUser'), { id: user.id })).toEqual(['SuspendUserPayload']);
    expect(
      await mutate(
        'mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { __typename } }',
        { id: user.id, input: { profile } },
      ),
    ).toEqual(['UpdateUserPayload']);
    expect(await mutate(byId('unsuspendUser'), { id: user.id })).toEqual(['UnsuspendUserPayload']);
    // The window ends after the last event, even one published in this very millisecond.
    renamed.until = new Date(Date.now() + 1).toISOString();
  });
  const usersSearch = () => sharedUsers.map((id) => `id eq "${id}"`).join(' or ');

  /**
   * The renamed user's events, from the network, then read back from the cache: what the gateway
   * sent (checked to hold two different snapshots of the user, under one id) and the differences.
   */
  async function logEventsAgainstSent(
    client: CachingClient,
    exchanges: Exchange[],
  ): Promise<{ sent: LogEventsOnTarget; differences: string[] }> {
    const { id, since, until } = renamed;
    const variables = { filter: `target.id eq "${id}"`, since, until };
    await client.fetch(LOG_EVENTS_ON_TARGET, variables);
    const exchange = exchanges.at(-1);
    expect(exchange?.status).toBe(200);
    expect(exchange?.body?.errors).toBeUndefined();
    const sent = exchange?.body?.data as unknown as LogEventsOnTarget;
    const { before, after } = renamed;
    expect(
      sent.logEvents.nodes.map(({ eventType, target }) =>
        target.map((t) => [eventType, t.id, t.alternateId, t.displayName]),
      ),
    ).toEqual([
      [['user.lifecycle.suspend', renamed.id, before.login, before.name]],
      [['user.account.update_profile', renamed.id, after.login, after.name]],
      [['user.lifecycle.unsuspend', renamed.id, after.login, after.name]],
    ]);
    // The gateway's admin did all three: one actor, the same snapshot each time.
    expect(new Set(sent.logEvents.nodes.map((e) => JSON.stringify(e.actor))).size).toBe(1);
    expect(sent.logEvents.nodes[0]?.actor.id).toBe(stack.adminId);
    return {
      sent,
      differences: differences(
        sent,
        client.read(LOG_EVENTS_ON_TARGET, variables),
        client.hiddenTypenames,
      ),
    };
  }

  /**
   * What a cache that keys `LogTarget` by its id gives back: one entry for the user, so every
   * event shows the one snapshot the cache kept. Apollo writes an entity once an answer, from its
   * first occurrence (the suspension's, with the old login and name); Graphcache writes each in
   * turn, so the last (the unsuspension's, with the new ones) stays. Either way the profile
   * update loses its change details: the snapshot kept has none.
   */
  const mergedSnapshots = (sent: LogEventsOnTarget, kept: 'first' | 'last') => {
    const { before, after } = renamed;
    const names = (event: number, was: typeof before, cached: typeof before) => [
      `$.logEvents.nodes[${event}].target[0].alternateId: "${was.login}", cached "${cached.login}"`,
      `$.logEvents.nodes[${event}].target[0].displayName: "${was.name}", cached "${cached.name}"`,
    ];
    const changeDetails = `$.logEvents.nodes[1].target[0].changeDetails: ${JSON.stringify(
      sent.logEvents.nodes[1]?.target[0]?.changeDetails,
    )}, cached null`;
    return kept === 'first'
      ? [...names(1, after, before), changeDetails, ...names(2, after, before)]
      : [...names(0, before, after), changeDetails];
  };

  /** The preflight a browser sends before a request with these headers, answered. */
  const preflight = (exchange: Exchange) =>
    fetch(served.endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': exchange.method,
        'access-control-request-headers': preflightHeaders(exchange.headers).join(', '),
      },
    });

  /** Every preflight the exchanges need succeeds, allowing each header and the method. */
  async function expectPreflightsAllowed(exchanges: Exchange[]) {
    for (const exchange of exchanges) {
      const res = await preflight(exchange);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(', ');
      expect(allowed).toEqual(expect.arrayContaining(preflightHeaders(exchange.headers)));
      expect(res.headers.get('access-control-allow-methods')?.split(', ')).toContain(
        exchange.method,
      );
    }
  }

  describe('Apollo Client 4 with InMemoryCache and the generated possibleTypes and typePolicies', () => {
    const apollo = (exchanges: Exchange[], options: { useGETForQueries?: boolean } = {}) =>
      new ApolloClient({
        link: new HttpLink({
          uri: served.endpoint,
          fetch: browserFetch(exchanges),
          headers: { authorization: `Bearer ${TOKEN}`, 'apollo-require-preflight': 'true' },
          ...options,
        }),
        cache: new InMemoryCache({ possibleTypes, typePolicies }),
      });

    const caching = (client: ApolloClient): CachingClient => ({
      fetch: async (query, variables) => {
        await client.query({ query, variables, fetchPolicy: 'network-only' });
      },
      read: (query, variables) => client.cache.readQuery({ query, variables }),
    });

    it('gives back from its cache exactly what the gateway sent for app assignments seen from apps, users and groups', async () => {
      const exchanges: Exchange[] = [];
      const client = apollo(exchanges);
      expect(await cachedAgainstSent(caching(client), exchanges, usersSearch())).toEqual([]);
      expect(new Set(exchanges.map((e) => e.method))).toEqual(new Set(['POST']));
      await expectPreflightsAllowed(exchanges);
    });

    it('does the same with queries sent as GET (useGETForQueries), which its preflight header lets past CSRF prevention', async () => {
      const exchanges: Exchange[] = [];
      const client = apollo(exchanges, { useGETForQueries: true });
      expect(await cachedAgainstSent(caching(client), exchanges, usersSearch())).toEqual([]);
      expect(new Set(exchanges.map((e) => e.method))).toEqual(new Set(['GET']));
      await expectPreflightsAllowed(exchanges);
    });

    it('gives back a mutation whose result is an error member of its union as the gateway sent it', async () => {
      const exchanges: Exchange[] = [];
      const client = apollo(exchanges);
      const result = await client.mutate({
        mutation: SUSPEND_USER,
        variables: { id: UNKNOWN_USER },
      });
      const sent = exchanges.at(-1)?.body?.data as { suspendUser: { __typename: string } };
      expect(sent).toEqual({
        suspendUser: {
          __typename: 'NotFoundError',
          code: 'NOT_FOUND',
          message: `User ${UNKNOWN_USER} was not found.`,
          resource: 'User',
          id: UNKNOWN_USER,
        },
      });
      // Apollo gives back the result as its cache reads it, fragments matched by possibleTypes.
      expect(differences(sent, result.data)).toEqual([]);
      const cached = client.cache.readFragment({
        id: client.cache.identify(sent.suspendUser),
        fragment: gql`fragment NotFound on NotFoundError { code message resource id }`,
      });
      expect(
        differences(sent.suspendUser, { __typename: 'NotFoundError', ...(cached as object) }),
      ).toEqual([]);
      await expectPreflightsAllowed(exchanges);
    });

    it('loses the fields of `... on Error` without possibleTypes, which is why the README passes them', async () => {
      const exchanges: Exchange[] = [];
      const client = new ApolloClient({
        link: new HttpLink({
          uri: served.endpoint,
          fetch: browserFetch(exchanges),
          headers: { authorization: `Bearer ${TOKEN}` },
        }),
        cache: new InMemoryCache(),
      });
      const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const result = await client.mutate({
        mutation: SUSPEND_USER,
        variables: { id: UNKNOWN_USER },
      });
      warned.mockRestore();
      expect(differences(exchanges.at(-1)?.body?.data, result.data)).toEqual([
        '$.suspendUser.code: "NOT_FOUND", cached nothing',
        `$.suspendUser.message: "User ${UNKNOWN_USER} was not found.", cached nothing`,
      ]);
    });

    it('gives back each System Log event with the actor and targets that event wrote, two snapshots of one user apart', async () => {
      const exchanges: Exchange[] = [];
      const client = apollo(exchanges);
      expect((await logEventsAgainstSent(caching(client), exchanges)).differences).toEqual([]);
    });

    it('merges the snapshots of one target across events without typePolicies, which is why the README passes them', async () => {
      const exchanges: Exchange[] = [];
      const client = new ApolloClient({
        link: new HttpLink({
          uri: served.endpoint,
          fetch: browserFetch(exchanges),
          headers: { authorization: `Bearer ${TOKEN}` },
        }),
        cache: new InMemoryCache({ possibleTypes }),
      });
      const { sent, differences } = await logEventsAgainstSent(caching(client), exchanges);
      expect(differences).toEqual(mergedSnapshots(sent, 'first'));
    });
  });

  describe('urql 6 with Graphcache and the generated possibleTypes and graphcacheKeys', () => {
    /** Graphcache's warnings (by default on the console), to check. */
    const warnings: string[] = [];
    /**
     * The kinds of warning Graphcache gave (each once a process). Only "Invalid key" is expected of
     * queries: it embeds objects without an id (PageInfo, a profile, credentials) in their parent,
     * as they should be.
     */
    const warningKinds = () => [...new Set(warnings.map((w) => w.slice(0, w.indexOf(':'))))];
    beforeEach(() => {
      warnings.length = 0;
    });
    const urql = (exchanges: Exchange[], options: { get?: boolean } = {}) =>
      new Client({
        url: served.endpoint,
        fetch: browserFetch(exchanges),
        exchanges: [
          cacheExchange({
            possibleTypes,
            keys: graphcacheKeys,
            logger: (_level, message) => warnings.push(message),
          }),
          fetchExchange,
        ],
        // POST, whose JSON content type passes CSRF prevention; or GET with yoga's CSRF header.
        ...(options.get
          ? {
              fetchOptions: () => ({
                headers: { authorization: `Bearer ${TOKEN}`, 'x-graphql-yoga-csrf': '1' },
              }),
            }
          : {
              preferGetMethod: false,
              fetchOptions: () => ({ headers: { authorization: `Bearer ${TOKEN}` } }),
            }),
      });

    const caching = (client: Client): CachingClient => ({
      hiddenTypenames: true,
      fetch: async (query, variables) => {
        const result = await client
          .query(query, variables, { requestPolicy: 'network-only' })
          .toPromise();
        expect(result.error).toBeUndefined();
      },
      read: (query, variables) => {
        const cached = client.readQuery(query, variables, { requestPolicy: 'cache-only' });
        expect(cached?.stale ?? false).toBe(false);
        return cached?.data;
      },
    });

    it('gives back from its cache exactly what the gateway sent, with preferGetMethod: false', async () => {
      const exchanges: Exchange[] = [];
      const client = urql(exchanges);
      expect(await cachedAgainstSent(caching(client), exchanges, usersSearch())).toEqual([]);
      expect(new Set(exchanges.map((e) => e.method))).toEqual(new Set(['POST']));
      expect(warningKinds().filter((kind) => kind !== 'Invalid key')).toEqual([]);
      await expectPreflightsAllowed(exchanges);
    });

    it("does the same with urql's default GET and the x-graphql-yoga-csrf header", async () => {
      const exchanges: Exchange[] = [];
      const client = urql(exchanges, { get: true });
      expect(await cachedAgainstSent(caching(client), exchanges, usersSearch())).toEqual([]);
      expect(new Set(exchanges.map((e) => e.method))).toEqual(new Set(['GET']));
      expect(warningKinds().filter((kind) => kind !== 'Invalid key')).toEqual([]);
      await expectPreflightsAllowed(exchanges);
    });

    it('is refused by CSRF prevention with its defaults alone: a GET without a preflight header', async () => {
      const exchanges: Exchange[] = [];
      const client = new Client({
        url: served.endpoint,
        fetch: browserFetch(exchanges),
        exchanges: [fetchExchange],
        fetchOptions: () => ({ headers: { authorization: `Bearer ${TOKEN}` } }),
      });
      const result = await client.query(GROUPS_WITH_APPLICATIONS, {}).toPromise();
      expect(exchanges.map((e) => [e.method, e.status])).toEqual([['GET', 403]]);
      expect(result.error?.graphQLErrors.map((e) => e.message)).toEqual([
        'Required CSRF header(s) not present',
      ]);
    });

    it('reads back a mutation whose result is an error member of its union', async () => {
      const exchanges: Exchange[] = [];
      const client = urql(exchanges);
      const result = await client.mutation(SUSPEND_USER, { id: UNKNOWN_USER }).toPromise();
      const sent = exchanges.at(-1)?.body?.data;
      expect(sent).toMatchObject({
        suspendUser: { __typename: 'NotFoundError', id: UNKNOWN_USER },
      });
      expect(differences(sent, result.data, true)).toEqual([]);
    });

    it('gives back each System Log event with the actor and targets that event wrote, two snapshots of one user apart', async () => {
      const exchanges: Exchange[] = [];
      const client = urql(exchanges);
      expect((await logEventsAgainstSent(caching(client), exchanges)).differences).toEqual([]);
      expect(warningKinds().filter((kind) => kind !== 'Invalid key')).toEqual([]);
    });

    it('merges the snapshots of one target across events without graphcacheKeys, which is why the README passes them', async () => {
      const exchanges: Exchange[] = [];
      const client = new Client({
        url: served.endpoint,
        fetch: browserFetch(exchanges),
        exchanges: [
          cacheExchange({ possibleTypes, logger: (_level, message) => warnings.push(message) }),
          fetchExchange,
        ],
        preferGetMethod: false,
        fetchOptions: () => ({ headers: { authorization: `Bearer ${TOKEN}` } }),
      });
      const { sent, differences } = await logEventsAgainstSent(caching(client), exchanges);
      expect(differences).toEqual(mergedSnapshots(sent, 'last'));
    });
  });
});
