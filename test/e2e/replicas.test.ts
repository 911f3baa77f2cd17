/**
 * Three gateway processes (`src/main.ts`, as `npm start` runs it) on one Redis and one simulator
 * behave as one gateway: they share the org's rate-limit budget, so together they stay within
 * Okta's limits; a subscriber on any of them sees every event once, whichever replica the change
 * went through; and when the replica that polls the System Log dies, another takes its lease and
 * cursor over. Everything is on loopback; every Redis key of this run starts with a prefix of its
 * own and is removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, type Simulator, startSimulator } from '../../src/simulator/index.ts';
import {
  type GraphQLAnswer,
  graphql,
  header,
  type Replica,
  removeRedisKeys,
  startReplica,
  stopReplica,
  subscribe,
  subscribeOverWebSocket,
  until,
} from '../support/replicas.ts';

const PREFIX = `test:replicas:${randomUUID()}:`;

/** The simulator's window stands in for Okta's minute; the users.get bucket is made small. */
const WINDOW_MS = 2000;
const USERS_GET_LIMIT = 10;

/** The poller's turns are short here: a lease lapses in 2 s, a short page waits 300 ms. */
const LEASE_TTL_MS = 2000;

describe('three gateway replicas on one Redis', () => {
  let sim: Simulator;
  const replicas: Replica[] = [];
  const exchanges: { at: number; exchange: Exchange }[] = [];
  let userId: string;
  const subscriptions: { results: GraphQLAnswer[]; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      size: 'empty',
      rateLimits: { 'users.get': USERS_GET_LIMIT },
      rateLimitWindowMs: WINDOW_MS,
    });
    sim.onExchange((exchange) => exchanges.push({ at: Date.now(), exchange }));
    const created = await fetch(`${sim.url}/api/v1/users?activate=true`, {
      method: 'POST',
      headers: { authorization: `SSWS ${sim.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        profile: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          login: 'ada@example.com',
        },
      }),
    });
    userId = ((await created.json()) as { id: string }).id;
    const env = {
      REDIS_PREFIX: PREFIX,
      POLLER_INTERVAL_MS: '300',
      POLLER_LEASE_TTL_MS: String(LEASE_TTL_MS),
      // Okta calls that wait past the operation's deadline fail at once instead (RATE_LIMITED):
      // the load below ends within a few windows.
      GRAPHQL_OPERATION_TIMEOUT_MS: '3000',
    };
    replicas.push(
      ...(await Promise.all(['a', 'b', 'c'].map((name) => startReplica(name, sim, env)))),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(subscriptions.map((s) => s.close()));
    await Promise.all(replicas.map((r) => stopReplica(r, 'SIGKILL')));
    await sim?.close();
    await removeRedisKeys(PREFIX);
  });

  it('keeps Okta calls of all three within the limit under three times the load it allows', async () => {
    const query = 'query ($id: ID!) { user(id: $id) { id } }';
    const answers: Promise<GraphQLAnswer>[] = [];
    const from = Date.now();
    // Three windows long, each replica is asked for the whole bucket every window: three times
    // what Okta allows the three together.
    const rounds = 3 * USERS_GET_LIMIT;
    for (let round = 0; round < rounds; round++) {
      for (const replica of replicas) answers.push(graphql(replica, query, { id: userId }));
      await new Promise((resolve) => setTimeout(resolve, (3 * WINDOW_MS) / rounds));
    }
    const settled = await Promise.all(answers);

    const calls = exchanges.filter(({ at }) => at >= from).map(({ exchange }) => exchange);
    expect(calls.filter((e) => e.status === 429)).toEqual([]);
    const perWindow = new Map<string, number>();
    for (const call of calls) {
      if (call.key !== 'GET /api/v1/users/:userId') continue;
      const reset = header(call, 'x-rate-limit-reset') ?? 'none';
      perWindow.set(reset, (perWindow.get(reset) ?? 0) + 1);
    }
    for (const [reset, count] of perWindow) {
      expect(count, `calls in the window ending ${reset}`).toBeLessThanOrEqual(USERS_GET_LIMIT);
    }

    const served = settled.filter((a) => (a.data?.user as { id?: string })?.id === userId);
    // A call still waiting for the budget at the operation's deadline is refused by the governor
    // (RATE_LIMITED) or, when yoga's timer fires first, by the operation timeout.
    const heldBack = new Set(['RATE_LIMITED', 'OPERATION_TIMEOUT']);
    const refused = settled.filter((a) => heldBack.has(a.errors?.[0]?.extensions?.code ?? ''));
    // Every query was either answered or held back by the gateways themselves.
    expect(served.length + refused.length).toBe(settled.length);
    // Each answered query made one Okta call, and no call was made that no query asked for. A query
    // whose call went out just at its deadline is counted by Okta though it answers
    // OPERATION_TIMEOUT (a RATE_LIMITED one never left the governor).
    const timedOut = settled.filter((a) => a.errors?.[0]?.extensions?.code === 'OPERATION_TIMEOUT');
    const userGets = calls.filter((c) => c.key === 'GET /api/v1/users/:userId').length;
    expect(userGets).toBeGreaterThanOrEqual(served.length);
    expect(userGets).toBeLessThanOrEqual(served.length + timedOut.length);
    // The load really was more than the bucket: the gateways held a good part of it back (they
    // spend at most 7 of the bucket's 10 units a window, 2 left to Okta's other clients and 1 to
    // the gateway's own work, over the five windows the load and its 3 s deadline span).
    expect(refused.length).toBeGreaterThanOrEqual(settled.length / 3);
  }, 30_000);

  describe('events', () => {
    const UPDATE = `mutation ($id: ID!, $title: String!) {
      updateUser(id: $id, input: { profile: { title: $title } }) {
        __typename
      }
    }`;
    const SUBSCRIPTION = `subscription {
      logEvents(eventTypes: ["user.account.update_profile"]) { uuid eventType target { id } }
    }`;
    const received = (i: number) =>
      (subscriptions[i]?.results ?? []).map(
        (r) =>
          (r.data?.logEvents as { uuid: string } | undefined)?.uuid ??
          `error: ${JSON.stringify(r.errors)}`,
      );
    /** The profile updates in the simulator's System Log since `since`, oldest first. */
    const logged = async (since: string) => {
      const query = new URLSearchParams({
        since,
        filter: 'eventType eq "user.account.update_profile"',
        sortOrder: 'ASCENDING',
        limit: '1000',
      });
      const res = await fetch(`${sim.url}/api/v1/logs?${query}`, {
        headers: { authorization: `SSWS ${sim.apiToken}`, accept: 'application/json' },
      });
      return ((await res.json()) as { uuid: string }[]).map((e) => e.uuid);
    };
    const since = new Date().toISOString();

    beforeAll(async () => {
      // Both protocols: GraphQL over SSE on a and c, graphql-ws on b.
      subscriptions.push(
        ...(await Promise.all([
          subscribe(replicas[0]!, SUBSCRIPTION),
          subscribeOverWebSocket(replicas[1]!, SUBSCRIPTION),
          subscribe(replicas[2]!, SUBSCRIPTION),
        ])),
      );
      // Each replica's Redis subscription is in place a moment after the SSE stream opens.
      await new Promise((resolve) => setTimeout(resolve, 500));
    });

    it('delivers an event made through any replica to the subscribers of all three, once', async () => {
      for (const [i, replica] of replicas.entries()) {
        const answer = await graphql(replica, UPDATE, { id: userId, title: `Engineer ${i}` });
        expect(answer.errors).toBeUndefined();
        expect(answer.data?.updateUser).toEqual({ __typename: 'UpdateUserPayload' });
      }
      const expected = await logged(since);
      expect(expected).toHaveLength(3);
      await until(
        () => replicas.every((_, i) => received(i).length >= 3),
        10_000,
        () =>
          `received ${replicas.map((_, i) => received(i).length).join('/')} of 3\n${replicas
            .map((r) => `${r.name}:\n${r.output.slice(-8).join('\n')}`)
            .join('\n')}`,
      );
      // A late duplicate would show within a poll or two.
      await new Promise((resolve) => setTimeout(resolve, 800));
      for (const i of replicas.keys()) expect(received(i)).toEqual(expected);
      expect(replicas.flatMap((r) => r.leaseTaken)).toHaveLength(1);
    }, 20_000);

    it('keeps events flowing when the polling replica is killed: its lease and cursor move on', async () => {
      const holder = replicas.findIndex((r) => r.leaseTaken.length > 0);
      expect(holder).toBeGreaterThanOrEqual(0);
      const survivors = [...replicas.keys()].filter((i) => i !== holder);
      const killedAt = Date.now();
      await stopReplica(replicas[holder]!, 'SIGKILL');
      // Changes made while nobody polls: the next holder resumes from the shared cursor.
      for (const i of survivors) {
        const answer = await graphql(replicas[i]!, UPDATE, { id: userId, title: `Lead ${i}` });
        expect(answer.data?.updateUser).toEqual({ __typename: 'UpdateUserPayload' });
      }
      const expected = await logged(since);
      expect(expected).toHaveLength(5);
      await until(
        () => survivors.every((i) => received(i).length >= 5),
        LEASE_TTL_MS + 10_000,
        () => `received ${survivors.map((i) => received(i).length).join('/')} of 5`,
      );
      await new Promise((resolve) => setTimeout(resolve, 800));
      for (const i of survivors) expect(received(i)).toEqual(expected);
      const takenOver = survivors.flatMap((i) => replicas[i]!.leaseTaken);
      expect(takenOver).toHaveLength(1);
      // A killed holder releases nothing: its lease lapsed, up to a renewal (a third of the TTL)
      // after the kill.
      expect(takenOver[0]).toBeGreaterThanOrEqual(killedAt + LEASE_TTL_MS / 2);
    }, 30_000);
  });
});
