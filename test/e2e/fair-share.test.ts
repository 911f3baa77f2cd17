/**
 * A fair share per caller across three gateway processes (`src/main.ts`) on one Redis and one
 * simulator: one caller's burst on the System Log bucket spends at most its share of each window,
 * counted across the replicas, while another caller's queries and the System Log poller (the
 * gateway's own reserved share) still get through. Everything is on loopback; every Redis key of
 * this run starts with a prefix of its own and is removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, type Simulator, startSimulator } from '../../src/simulator/index.ts';
import { AUDIENCE, ISSUER, startIssuer } from '../support/harness.ts';
import {
  type GraphQLAnswer,
  graphql,
  header,
  type Replica,
  removeRedisKeys,
  startReplica,
  stopReplica,
  subscribe,
  until,
} from '../support/replicas.ts';

const PREFIX = `test:fair-share:${randomUUID()}:`;

/**
 * The simulator's window stands in for Okta's minute. The `logs` bucket: 100 a window, of which
 * the gateways leave 20 (20%) to Okta's other clients and 10 (10%) more to their own work (the
 * poller), so callers may spend 70, each caller at most a quarter of it: 17.
 */
const WINDOW_MS = 2000;
const LOGS_LIMIT = 100;
const OTHERS_RESERVE = 20;
const CALLER_SHARE = 17;

/**
 * For 5 s, Alice asks without pause from 12 clients (4 per replica): far more than her share.
 * Bob asks once a second on each replica.
 */
const LOAD_MS = 5000;
const ALICE_CLIENTS = 12;

const LOG_QUERY = '{ logEvents(first: 5) { nodes { uuid } } }';

describe('a fair share per caller on three replicas', () => {
  let sim: Simulator;
  let closeIssuer: () => Promise<void>;
  const replicas: Replica[] = [];
  const exchanges: { at: number; exchange: Exchange }[] = [];
  let userId: string;
  const tokens = { alice: '', bob: '' };

  beforeAll(async () => {
    sim = await startSimulator({
      size: 'empty',
      rateLimits: { logs: LOGS_LIMIT },
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
    const started = await startIssuer();
    closeIssuer = started.close;
    const scp = ['okta.logs.read'];
    tokens.alice = await started.issuer.sign({ scp }, { sub: 'alice', exp: '10m' });
    tokens.bob = await started.issuer.sign({ scp }, { sub: 'bob', exp: '10m' });
    const env = {
      REDIS_PREFIX: PREFIX,
      AUTH_MODE: 'jwt',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: started.issuer.url,
      POLLER_INTERVAL_MS: '300',
      GATEWAY_CALLER_SHARE: '0.25',
      // A call that would wait past the operation's deadline fails at once (RATE_LIMITED with
      // retryAt); one that can wait for the next window does.
      GRAPHQL_OPERATION_TIMEOUT_MS: '1500',
    };
    replicas.push(
      ...(await Promise.all(['a', 'b', 'c'].map((name) => startReplica(name, sim, env)))),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => stopReplica(r, 'SIGKILL')));
    await sim?.close();
    await closeIssuer?.();
    await removeRedisKeys(PREFIX);
  });

  it("holds one caller's burst to its share while another caller and the poller get through", async () => {
    const as = (who: 'alice' | 'bob') => ({ authorization: `Bearer ${tokens[who]}` });
    // Bob listens on c: the poller polls while someone does.
    const subscription = await subscribe(
      replicas[2]!,
      'subscription { logEvents(eventTypes: ["user.account.update_profile"]) { uuid } }',
      as('bob'),
    );
    await until(
      () => replicas.some((r) => r.leaseTaken.length > 0),
      10_000,
      () => 'no replica took the poller lease',
    );
    const from = Date.now();
    const end = from + LOAD_MS;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const aliceAnswers: GraphQLAnswer[] = [];
    const bobAnswers: GraphQLAnswer[] = [];
    const aliceClient = async (replica: Replica) => {
      while (Date.now() < end) {
        aliceAnswers.push(await graphql(replica, LOG_QUERY, {}, as('alice')));
        await pause(10);
      }
    };
    const bobClient = async (replica: Replica) => {
      // Bob starts once Alice's burst is under way.
      await pause(300);
      while (Date.now() < end) {
        bobAnswers.push(await graphql(replica, LOG_QUERY, {}, as('bob')));
        await pause(1000);
      }
    };
    const change = async () => {
      // A change in the middle of the burst: the poller must still find it.
      await pause(LOAD_MS / 3);
      await fetch(`${sim.url}/api/v1/users/${userId}`, {
        method: 'POST',
        headers: { authorization: `SSWS ${sim.apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ profile: { title: 'Analyst' } }),
      });
    };
    await Promise.all([
      ...Array.from({ length: ALICE_CLIENTS }, (_, i) => aliceClient(replicas[i % 3]!)),
      ...replicas.map(bobClient),
      change(),
    ]);

    // Bob's queries all succeed.
    expect(bobAnswers.length).toBeGreaterThanOrEqual(replicas.length * 2);
    expect(bobAnswers.map((a) => a.errors ?? (a.data?.logEvents ? 'ok' : a))).toEqual(
      Array(bobAnswers.length).fill('ok'),
    );
    // Alice alone is held back: what is not served is RATE_LIMITED (with when to retry), or hits
    // the operation's deadline while it waits for the next window.
    const served = aliceAnswers.filter((a) => a.data?.logEvents && !a.errors);
    const limited = aliceAnswers.filter((a) => a.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    const timedOut = aliceAnswers.filter(
      (a) => a.errors?.[0]?.extensions?.code === 'OPERATION_TIMEOUT',
    );
    expect(served.length + limited.length + timedOut.length).toBe(aliceAnswers.length);
    expect(
      limited.length,
      `Alice: ${served.length} served, ${timedOut.length} timed out`,
    ).toBeGreaterThan(0);
    for (const answer of limited) {
      expect(answer.errors?.[0]?.extensions).toMatchObject({ retryAt: expect.any(String) });
    }

    // At the simulator: no 429, Alice's queries never more than her share of a window, and the
    // others' reserve never touched.
    const calls = exchanges
      .filter(({ at, exchange }) => at >= from && exchange.key === 'GET /api/v1/logs')
      .map(({ exchange }) => exchange);
    expect(calls.filter((e) => e.status === 429)).toEqual([]);
    const perWindow = new Map<string, number>();
    for (const call of calls) {
      const reset = header(call, 'x-rate-limit-reset') ?? 'none';
      perWindow.set(reset, (perWindow.get(reset) ?? 0) + 1);
    }
    for (const [reset, count] of perWindow) {
      expect(count, `calls in the window ending ${reset}`).toBeLessThanOrEqual(
        LOGS_LIMIT - OTHERS_RESERVE,
      );
    }
    // A query's call asks `until`; the poller's polls do not. Alice's calls: those served, and
    // perhaps some answered after their operation's deadline.
    const aliceCalls = calls.filter((c) => c.url.includes('until=')).length - bobAnswers.length;
    expect(aliceCalls).toBeGreaterThanOrEqual(served.length);
    expect(aliceCalls).toBeLessThanOrEqual(served.length + timedOut.length);
    expect(aliceCalls).toBeLessThanOrEqual(perWindow.size * CALLER_SHARE);
    // The poller polled during the burst.
    expect(calls.filter((c) => !c.url.includes('until=')).length).toBeGreaterThan(0);

    // The poller found the change made in the middle of the burst.
    await until(
      () => subscription.results.length > 0,
      15_000,
      () =>
        `no event reached Bob's subscription\n${replicas.map((r) => r.output.slice(-5).join('\n')).join('\n')}`,
    );
    expect(subscription.results[0]?.errors).toBeUndefined();
    await subscription.close();
  }, 60_000);
});
