import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import type { Exchange } from '../../src/simulator/index.ts';
import { useStack } from '../support/stack.ts';

/** `Authorization: Scopes a b` makes a caller with exactly those scopes; no header, every scope. */
const authenticate = async (authorization: string | null) =>
  authorization?.startsWith('Scopes ')
    ? callerWithScopes('tester', authorization.slice('Scopes '.length).split(' '), true)
    : callerWithScopes(null, ALL_SCOPES, false);

interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('System Log events in the graph', () => {
  const stack = useStack({ authenticate });
  const seen: Exchange[] = [];
  /** The seeded org's System Log as stored, oldest first. */
  let history: LogEvent[];

  beforeAll(() => {
    stack.sim.onExchange((exchange) => seen.push(exchange));
    // The simulator stores each event in Okta's wire shape: what the client's model describes.
    history = stack.sim.org.log.map((row) => row.event as unknown as LogEvent);
  });
  beforeEach(() => {
    stack.oktaCalls.reset();
    seen.length = 0;
  });
  afterEach(() => {
    expect(stack.violations.splice(0)).toEqual([]);
  });

  /** The query Okta received on its one `/api/v1/logs` call. */
  const logsQuery = () => {
    const calls = seen.filter((e) => e.key === 'GET /api/v1/logs');
    expect(calls).toHaveLength(1);
    return Object.fromEntries(new URL((calls[0] as Exchange).url, stack.sim.url).searchParams);
  };
  const loginOf = (userId: string) => stack.sim.org.users.get(userId)?.profile.login;
  const publishedIn = (since: string, until: string) =>
    history.filter((e) => e.published >= since && e.published < until);

  it("reads 100 events with each actor's user login in one logs call and one users search", async () => {
    const res = await stack.graphql<{
      logEvents: Page<{ actor: { id: string; type: string; user: { login: string } | null } }>;
    }>(
      '{ logEvents(first: 100) { nodes { actor { id type user { login: profile { login } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const actors = res.data?.logEvents.nodes.map((e) => e.actor) ?? [];
    expect(actors).toHaveLength(100);
    const userIds = new Set(actors.filter((a) => a.type === 'User').map((a) => a.id));
    expect(userIds.size).toBeGreaterThan(20);
    for (const actor of actors) {
      const login = actor.type === 'User' ? loginOf(actor.id) : undefined;
      expect(actor.user).toEqual(login === undefined ? null : { login: { login } });
    }
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/logs': 1, 'GET /api/v1/users': 1 });
  });

  it('reads a bounded window: until defaults to now, since to Okta’s 7 days before it', async () => {
    const before = Date.now();
    const res = await stack.graphql<{ logEvents: Page<{ uuid: string }> }>(
      '{ logEvents(first: 5) { nodes { uuid } pageInfo { hasNextPage } } }',
    );
    expect(res.errors).toBeUndefined();
    const query = logsQuery();
    expect(Object.keys(query).sort()).toEqual(['limit', 'until']);
    expect(query.limit).toBe('5');
    expect(Date.parse(query.until as string)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(query.until as string)).toBeLessThanOrEqual(Date.now());
    const window = publishedIn(
      new Date(Date.parse(query.until as string) - 7 * 24 * 3600_000).toISOString(),
      query.until as string,
    );
    expect(res.data?.logEvents.nodes.map((e) => e.uuid)).toEqual(
      window.slice(0, 5).map((e) => e.uuid),
    );
  });

  it('passes filter, since, until and sortOrder through to Okta and returns what matches', async () => {
    const since = history[0]?.published as string;
    const until = new Date().toISOString();
    const filter = 'eventType eq "user.lifecycle.create"';
    const res = await stack.graphql<{ logEvents: Page<{ uuid: string; eventType: string }> }>(
      `query($filter: String, $since: DateTime, $until: DateTime) {
        logEvents(filter: $filter, since: $since, until: $until, sortOrder: DESCENDING, first: 50) {
          nodes { uuid eventType } pageInfo { hasNextPage }
        }
      }`,
      { filter, since, until },
    );
    expect(res.errors).toBeUndefined();
    expect(logsQuery()).toEqual({ filter, since, until, sortOrder: 'DESCENDING', limit: '50' });
    const created = publishedIn(since, until)
      .filter((e) => e.eventType === 'user.lifecycle.create')
      .reverse();
    expect(created.length).toBeGreaterThan(5);
    expect(res.data?.logEvents.nodes.map((e) => e.uuid)).toEqual(created.map((e) => e.uuid));
    expect(res.data?.logEvents.pageInfo.hasNextPage).toBe(false);
  });

  it('passes q through to Okta and returns the events that mention every keyword', async () => {
    // A suspended user's login that more than one event of the last week mentions.
    const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
    const mentions = (text: string) =>
      history.filter(
        (e) => e.published >= weekAgo && JSON.stringify(e).toLowerCase().includes(text),
      ).length;
    const login = history
      .filter((e) => e.eventType === 'user.lifecycle.suspend')
      .map((e) => e.target?.[0]?.alternateId as string)
      .find((candidate) => mentions(candidate.toLowerCase()) > 2) as string;
    const res = await stack.graphql<{ logEvents: Page<{ uuid: string }> }>(
      'query($q: String) { logEvents(q: $q, first: 200) { nodes { uuid } } }',
      { q: login },
    );
    expect(res.errors).toBeUndefined();
    expect(logsQuery().q).toBe(login);
    const query = logsQuery();
    const mentioning = publishedIn(
      new Date(Date.parse(query.until as string) - 7 * 24 * 3600_000).toISOString(),
      query.until as string,
    ).filter((e) => JSON.stringify(e).toLowerCase().includes(login.toLowerCase()));
    expect(mentioning.length).toBeGreaterThan(1);
    expect(res.data?.logEvents.nodes.map((e) => e.uuid)).toEqual(
      mentioning.slice(0, 200).map((e) => e.uuid),
    );
  });

  it("turns Okta's 400 for a malformed filter into BAD_USER_INPUT with Okta's error code", async () => {
    const res = await stack.graphql('{ logEvents(filter: "eventType eq") { nodes { uuid } } }');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ logEvents: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.extensions?.oktaErrorCode).toBe('E0000031');
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/logs': 1 });
  });

  it("pages with Okta's cursor: two pages of 40 are the first 80 events", async () => {
    const until = new Date().toISOString();
    const query = `query($until: DateTime, $first: Int, $after: String) {
      logEvents(until: $until, first: $first, after: $after) {
        nodes { uuid } pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await stack.graphql<{ logEvents: Page<{ uuid: string }> }>(query, {
      until,
      first: 40,
    });
    expect(first.data?.logEvents.pageInfo.hasNextPage).toBe(true);
    const second = await stack.graphql<{ logEvents: Page<{ uuid: string }> }>(query, {
      until,
      first: 40,
      after: first.data?.logEvents.pageInfo.endCursor,
    });
    const both = await stack.graphql<{ logEvents: Page<{ uuid: string }> }>(query, {
      until,
      first: 80,
    });
    const paged = [...(first.data?.logEvents.nodes ?? []), ...(second.data?.logEvents.nodes ?? [])];
    expect(paged.map((e) => e.uuid)).toEqual(both.data?.logEvents.nodes.map((e) => e.uuid));
    expect(new Set(paged.map((e) => e.uuid)).size).toBe(80);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/logs': 3 });
  });

  it('refuses first above the maximum before calling Okta', async () => {
    const res = await stack.graphql('{ logEvents(first: 201) { nodes { uuid } } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('resolves User and UserGroup targets through one users search and one groups search', async () => {
    const res = await stack.graphql<{
      logEvents: Page<{
        target: {
          id: string;
          type: string;
          displayName: string;
          user: { id: string; login: { login: string } } | null;
          group: { id: string; name: string } | null;
        }[];
      }>;
    }>(
      `{ logEvents(filter: "eventType eq \\"group.user_membership.add\\"", first: 50) {
        nodes { target { id type displayName user { id login: profile { login } } group { id name } } }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    const targets = res.data?.logEvents.nodes.flatMap((e) => e.target) ?? [];
    expect(targets.filter((t) => t.type === 'UserGroup').length).toBeGreaterThan(3);
    for (const target of targets) {
      const user = target.type === 'User' ? stack.sim.org.users.get(target.id) : undefined;
      const group = target.type === 'UserGroup' ? stack.sim.org.groups.get(target.id) : undefined;
      expect(target.user).toEqual(
        user ? { id: user.id, login: { login: user.profile.login } } : null,
      );
      expect(target.group).toEqual(group ? { id: group.id, name: group.profile.name } : null);
    }
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/logs': 1,
      'GET /api/v1/users': 1,
      'GET /api/v1/groups': 1,
    });
  });

  it('resolves the apps of 100 sign-ons and their users with one call each for logs, users and apps', async () => {
    const res = await stack.graphql<{
      logEvents: Page<{
        actor: { id: string; user: { id: string } | null };
        target: { id: string; type: string; application: { id: string; label: string } | null }[];
      }>;
    }>(
      `{ logEvents(filter: "eventType eq \\"user.authentication.sso\\"", first: 100) {
        nodes { actor { id user { id } } target { id type application { id label } } }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.logEvents.nodes ?? [];
    expect(nodes).toHaveLength(100);
    const apps = new Set<string>();
    for (const { actor, target } of nodes) {
      expect(actor.user).toEqual(stack.sim.org.users.has(actor.id) ? { id: actor.id } : null);
      for (const t of target) {
        const app = t.type === 'AppInstance' ? stack.sim.org.apps.get(t.id) : undefined;
        if (app) apps.add(app.id);
        expect(t.application).toEqual(app ? { id: app.id, label: app.label } : null);
      }
    }
    expect(apps.size).toBeGreaterThan(3);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/logs': 1,
      'GET /api/v1/users': 1,
      'GET /api/v1/apps': 1,
    });
  });

  it('answers actor.user with null for app actors without asking Okta for users', async () => {
    const res = await stack.graphql<{
      logEvents: Page<{ actor: { type: string; user: null } }>;
    }>(
      `{ logEvents(filter: "actor.type eq \\"PublicClientApp\\"", first: 20) {
        nodes { actor { type user { id } } }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.logEvents.nodes).toEqual(
      Array.from({ length: 20 }, () => ({ actor: { type: 'PublicClientApp', user: null } })),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/logs': 1 });
  });

  it('returns every Okta field of an event as Okta wrote it', async () => {
    const event = history.findLast((e) => e.eventType === 'user.session.start') as LogEvent;
    const res = await stack.graphql<{ logEvents: Page<Record<string, unknown>> }>(
      `query($filter: String) { logEvents(filter: $filter, first: 1) { nodes {
        uuid published eventType version severity legacyEventType displayMessage
        actor { id type alternateId displayName detailEntry }
        client { id ipAddress device zone userAgent { rawUserAgent os browser }
          geographicalContext { city state country postalCode geolocation { lat lon } } }
        outcome { result reason }
        target { id type alternateId displayName detailEntry changeDetails { from to } }
        transaction { id type detail }
        debugContext { debugData }
        authenticationContext { authenticationProvider credentialProvider credentialType
          issuer { id type } interface authenticationStep externalSessionId }
        securityContext { asNumber asOrg isp domain isProxy }
        request { ipChain { ip version source geographicalContext { city postalCode } } }
      } } }`,
      { filter: `uuid eq "${event.uuid}"` },
    );
    expect(res.errors).toBeUndefined();
    const geo = event.client?.geographicalContext;
    expect(res.data?.logEvents.nodes).toEqual([
      {
        uuid: event.uuid,
        published: event.published,
        eventType: 'user.session.start',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'core.user_auth.login_success',
        displayMessage: 'User login to Okta',
        actor: {
          id: event.actor.id,
          type: 'User',
          alternateId: event.actor.alternateId,
          displayName: event.actor.displayName,
          detailEntry: null,
        },
        client: {
          id: null,
          ipAddress: event.client?.ipAddress,
          device: event.client?.device,
          zone: event.client?.zone,
          userAgent: event.client?.userAgent,
          geographicalContext: geo,
        },
        outcome: { result: 'SUCCESS', reason: null },
        target: [],
        transaction: { id: event.transaction?.id, type: 'WEB', detail: {} },
        debugContext: { debugData: event.debugContext?.debugData },
        authenticationContext: {
          authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
          credentialProvider: null,
          credentialType: 'PASSWORD',
          issuer: null,
          interface: null,
          authenticationStep: 0,
          externalSessionId: event.authenticationContext?.externalSessionId,
        },
        securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
        request: {
          ipChain: [
            {
              ip: event.request?.ipChain?.[0]?.ip,
              version: event.request?.ipChain?.[0]?.version,
              source: null,
              geographicalContext: { city: geo?.city, postalCode: geo?.postalCode },
            },
          ],
        },
      },
    ]);
  });

  it("lists a user's last 20 events, newest first, with one users call and one logs call", async () => {
    // The person the seeded history names most often.
    const mentions = new Map<string, number>();
    for (const e of history) {
      for (const id of new Set([e.actor.id, ...(e.target ?? []).map((t) => t.id)])) {
        if (id.startsWith('00u')) mentions.set(id, (mentions.get(id) ?? 0) + 1);
      }
    }
    const [busiest] = [...mentions].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const res = await stack.graphql<{
      user: { logEvents: Page<{ uuid: string }> };
    }>(
      'query($id: ID!) { user(id: $id) { logEvents(first: 20) { nodes { uuid } pageInfo { hasNextPage } } } }',
      { id: busiest },
    );
    expect(res.errors).toBeUndefined();
    expect(logsQuery()).toMatchObject({
      filter: `actor.id eq "${busiest}" or target.id eq "${busiest}"`,
      sortOrder: 'DESCENDING',
      limit: '20',
    });
    const involving = history
      .filter((e) => e.actor.id === busiest || e.target?.some((t) => t.id === busiest))
      .reverse();
    expect(involving.length).toBeGreaterThan(20);
    expect(res.data?.user.logEvents.nodes.map((e) => e.uuid)).toEqual(
      involving.slice(0, 20).map((e) => e.uuid),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/logs': 1,
      'GET /api/v1/users/:userId': 1,
    });
  });

  it('refuses logEvents to a caller without okta.logs.read, without an Okta call', async () => {
    const res = await stack.graphql(
      '{ logEvents { nodes { uuid } } }',
      {},
      { authorization: 'Scopes okta.users.read okta.groups.read' },
    );
    expect(res.data).toEqual({ logEvents: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses actor.user to a caller without okta.users.read and never searches users', async () => {
    const res = await stack.graphql<{
      logEvents: Page<{ uuid: string; actor: { user: null } | null }>;
    }>(
      `{ logEvents(filter: "actor.type eq \\"User\\"", first: 3) {
        nodes { uuid actor { user { id } } }
      } }`,
      {},
      { authorization: 'Scopes okta.logs.read' },
    );
    expect(res.data?.logEvents.nodes.map((e) => e.actor)).toEqual([
      { user: null },
      { user: null },
      { user: null },
    ]);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/logs': 1 });
  });
});
