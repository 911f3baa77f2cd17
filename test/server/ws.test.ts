import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { LogEventsLiveDocument } from 'okta-graphql-gateway/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { ALL_SCOPES, type Caller, callerWithScopes } from '../../src/caller.ts';
import { startEventSources } from '../../src/events/index.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import { CallerAuthError } from '../../src/server/auth.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { ServedGateway } from '../../src/server/serve.ts';
import { serveStackGateway } from '../support/served.ts';
import { type Stack, useStack } from '../support/stack.ts';
import {
  subscribeOverSse,
  subscribeOverWebSocket,
  systemLogPump,
  type TestSubscription,
  until,
  webSocketClient,
} from '../support/subscriptions.ts';

/** Bearer tokens the tests' authenticator knows, with their scopes. */
const TOKENS: Record<string, readonly string[]> = {
  admin: ALL_SCOPES,
  'logs-reader': ['okta.logs.read', 'okta.users.read'],
  'users-reader': ['okta.users.read'],
};

const authenticate = async (authorization: string | null): Promise<Caller> => {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new CallerAuthError('a bearer token is required');
  const scopes = TOKENS[token];
  if (!scopes) throw new CallerAuthError('the token is not valid');
  return callerWithScopes(token, scopes, true);
};

/**
 * Outside demo mode, with an allow-list of origins and a small body limit. The stack's deadline is
 * one a loaded machine meets (its mutations must not time out); the deadline tests run on a second
 * gateway with SHORT_DEADLINE_MS.
 */
const ENV = {
  OKTA_ORG_URL: 'https://acme.okta.com',
  OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
  AUTH_MODE: 'none',
  CORS_ORIGINS: 'https://admin.example.com',
  GRAPHQL_MAX_BODY_BYTES: '4000',
  GRAPHQL_OPERATION_TIMEOUT_MS: '15000',
};
const SHORT_DEADLINE_MS = 1_000;

const ADMIN = { authorization: 'Bearer admin' };
const SUSPEND = 'mutation Suspend($id: ID!) { suspendUser(id: $id) { __typename } }';
const UNSUSPEND = 'mutation Unsuspend($id: ID!) { unsuspendUser(id: $id) { __typename } }';

function freshEvent(template: LogEvent): LogEvent {
  return { ...template, uuid: randomUUID(), published: new Date().toISOString() };
}

/**
 * The gateway served on 127.0.0.1:0 over the stack's simulator and event stream, logging into
 * `lines`; it drains for serveGateway's default 10 s, which subscriptions must not wait out.
 */
function serve(
  stack: Stack,
  lines: Record<string, unknown>[],
  config: Stack['config'] = stack.config,
) {
  const logger = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
  return serveStackGateway(stack, { config, logger });
}

describe('graphql-ws on the gateway’s /graphql', () => {
  const stack = useStack({ env: ENV, authenticate });
  const lines: Record<string, unknown>[] = [];
  let served: ServedGateway;
  /** The same gateway with a SHORT_DEADLINE_MS operation deadline. */
  let shortDeadline: ServedGateway;
  const open: { close(): Promise<void> }[] = [];
  let users: string[];

  const connect = (
    params: Record<string, unknown> = { authorization: 'Bearer logs-reader' },
    target: () => ServedGateway = () => served,
  ) => {
    const connection = webSocketClient(`${target().url}/graphql`, params);
    open.push({ close: () => connection.client.dispose() as Promise<void> });
    return connection;
  };
  const subscribe = <T = Record<string, unknown>>(
    connection: ReturnType<typeof connect>,
    query: string,
    variables: Record<string, unknown> = {},
  ) => {
    const subscription = subscribeOverWebSocket<T>(connection.client, query, variables);
    open.unshift(subscription as TestSubscription);
    return subscription;
  };

  beforeAll(async () => {
    served = await serve(stack, lines);
    const limits = { ...stack.config.limits, operationTimeoutMs: SHORT_DEADLINE_MS };
    shortDeadline = await serve(stack, lines, { ...stack.config, limits });
    // Not the gateway's own admin (the API token's owner): the gateway refuses to change it.
    const admin = stack.sim.org.apiTokens.get(stack.sim.apiToken)?.id;
    users = [...stack.sim.org.users.values()]
      .filter((u) => u.status === 'ACTIVE' && u.id !== admin)
      .map((u) => u.id);
  });
  afterAll(async () => {
    await served?.shutdown('tests done');
    await shortDeadline?.shutdown('tests done');
  });
  beforeEach(() => {
    stack.sim.faults.clear();
    lines.length = 0;
  });
  afterEach(async () => {
    for (const closable of open.splice(0)) await closable.close();
    await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
    await until(
      () => served.webSocket.connections + shortDeadline.webSocket.connections === 0,
      2_000,
      'every connection closed',
    );
    expect(stack.violations.splice(0)).toEqual([]);
  });

  it('delivers a user suspended through the gateway, by the System Log poller, to the example subscription', async () => {
    const userId = users.shift() as string;
    const sources = startEventSources({
      okta: stack.okta,
      stream: stack.events,
      timing: { intervalMs: 50, idleCheckMs: 20 },
    });
    try {
      const sub = subscribe<{
        logEvents: { eventType: string; target: { id: string; type: string }[] };
      }>(connect(), print(LogEventsLiveDocument), {
        filter: `target.id eq "${userId}"`,
        eventTypes: ['user.lifecycle.suspend'],
      });
      await until(() => sources.poller.state.polling, 5_000, 'the poller polling');
      expect((await stack.graphql(SUSPEND, { id: userId }, ADMIN)).errors).toBeUndefined();

      const [result] = await sub.waitFor(1);
      expect(result?.errors).toBeUndefined();
      expect(result?.data?.logEvents).toMatchObject({
        eventType: 'user.lifecycle.suspend',
        target: [{ id: userId, type: 'User' }],
      });
    } finally {
      await sources.close();
    }
  });

  it('sends each subscriber only the events its filter and types match', async () => {
    const [a, b] = [users.shift() as string, users.shift() as string];
    const pump = systemLogPump(stack);
    const connection = connect();
    const query =
      'subscription ($f: String, $t: [String!]) { logEvents(filter: $f, eventTypes: $t) { eventType target { id } } }';
    const onB = subscribe<{ logEvents: { eventType: string; target: { id: string }[] } }>(
      connection,
      query,
      { f: `target.id eq "${b}"` },
    );
    const unsuspends = subscribe<{ logEvents: { eventType: string; target: { id: string }[] } }>(
      connection,
      query,
      { t: ['user.lifecycle.unsuspend'] },
    );
    await until(() => stack.events.subscribers === 2);
    for (const mutation of [SUSPEND, UNSUSPEND]) {
      await stack.graphql(mutation, { id: a }, ADMIN);
      await stack.graphql(mutation, { id: b }, ADMIN);
    }
    expect(await pump()).toBe(4);

    await onB.waitFor(2);
    await unsuspends.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const summary = (s: typeof onB) =>
      s.results.map((r) => [r.data?.logEvents.eventType, r.data?.logEvents.target[0]?.id]);
    expect(summary(onB)).toEqual([
      ['user.lifecycle.suspend', b],
      ['user.lifecycle.unsuspend', b],
    ]);
    expect(summary(unsuspends)).toEqual([
      ['user.lifecycle.unsuspend', a],
      ['user.lifecycle.unsuspend', b],
    ]);
  });

  it('closes a connection without a valid token with 4403 and the reason, running nothing', async () => {
    for (const [params, reason] of [
      [{}, 'Unauthenticated: a bearer token is required.'],
      [{ authorization: 'Bearer forged' }, 'Unauthenticated: the token is not valid.'],
    ] as const) {
      const connection = connect(params);
      const sub = subscribe(connection, 'subscription { logEvents { uuid } }');
      await sub.waitForCompletion();
      expect(connection.closes).toEqual([{ code: 4403, reason }]);
      expect(sub.results).toEqual([]);
    }
    expect(stack.events.subscribers).toBe(0);
  });

  it('takes the token from the handshake’s Authorization header when connectionParams have none', async () => {
    const socket = new WebSocket(
      `${served.url.replace(/^http/, 'ws')}/graphql`,
      'graphql-transport-ws',
      {
        headers: { authorization: 'Bearer logs-reader' },
      },
    );
    open.push({ close: async () => socket.close() });
    const messages: Record<string, unknown>[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await until(() => messages.length === 1);
    expect(messages).toEqual([{ type: 'connection_ack' }]);
  });

  it('refuses a caller without okta.logs.read when it subscribes, with FORBIDDEN', async () => {
    const sub = subscribe(
      connect({ authorization: 'Bearer users-reader' }),
      'subscription { logEvents { uuid } }',
    );
    await sub.waitForCompletion();
    expect(sub.results).toEqual([
      {
        errors: [
          {
            message: 'The caller lacks the scope this field requires (logEvents).',
            locations: [{ line: 1, column: 16 }],
            path: ['logEvents'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      },
    ]);
    expect(stack.events.subscribers).toBe(0);
  });

  it('refuses a malformed filter with BAD_USER_INPUT when it subscribes', async () => {
    const sub = subscribe(connect(), 'subscription { logEvents(filter: "actor.id eq") { uuid } }');
    await sub.waitForCompletion();
    expect(sub.results[0]?.errors?.[0]).toMatchObject({
      message: 'Invalid System Log filter: expected a value at the end of the filter.',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' },
    });
  });

  it('replays since a moment, then continues live without a gap or a duplicate', async () => {
    const history = stack.sim.org.log.map((row) => row.event as unknown as LogEvent);
    const since = (history.at(-5) as LogEvent).published;
    const replayed = history.filter((e) => e.published >= since);
    stack.sim.faults.set({ latencyMs: 200 });
    const sub = subscribe<{ logEvents: { uuid: string } }>(
      connect(),
      'subscription ($s: DateTime) { logEvents(since: $s) { uuid } }',
      { s: since },
    );
    await until(() => stack.events.subscribers === 1);
    const live = freshEvent(history.at(-1) as LogEvent);
    stack.sim.org.appendLog(live as never);
    // While the replay's page is on its way: the live event, and replayed ones again.
    await stack.events.publish([...replayed.slice(-2), live], 'poller');

    const expected = [...replayed, live].map((e) => e.uuid);
    await sub.waitFor(expected.length);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sub.results.map((r) => r.data?.logEvents.uuid)).toEqual(expected);
  });

  it('ends a replay that loses Okta part-way with a last result naming the error, then completes', async () => {
    const history = stack.sim.org.log.map((row) => row.event as unknown as LogEvent);
    const since = (history.at(-1_500) as LogEvent).published;
    const pages: number[] = [];
    const stop = stack.sim.onExchange((e) => {
      if (e.key === 'GET /api/v1/logs') pages.push(e.status);
    });
    stack.sim.faults.set({ latencyMs: 200 });
    const sub = subscribe<{ logEvents: { uuid: string } }>(
      connect(),
      'subscription ($s: DateTime) { logEvents(since: $s) { uuid } }',
      { s: since },
    );
    // The second page and its retries fail: injected after the first page, during the
    // second's latency, before the simulator decides its fault.
    await until(() => pages.length === 1, 5_000, 'the first page');
    stack.sim.faults.set({ failNext: { count: 10, status: 500 } });
    await sub.waitForCompletion(15_000);
    stop();

    expect(pages).toEqual([200, 500, 500, 500]);
    expect(sub.error).toBeNull();
    expect(sub.results).toHaveLength(1_001);
    expect(sub.results.slice(0, 1_000).every((r) => r.errors === undefined)).toBe(true);
    expect(sub.results.at(-1)?.errors).toMatchObject([
      {
        message: 'Okta failed to answer the request.',
        extensions: {
          code: 'UPSTREAM_ERROR',
          oktaErrorCode: 'E0000009',
          oktaCauses: [],
          outcomeUnknown: false,
        },
      },
    ]);
  });

  it('delivers a burst of 1,000 events to each of three subscribers once, in order', async () => {
    const template = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
    const subs = [connect(), connect(), connect()].map((connection) =>
      subscribe<{ logEvents: { uuid: string } }>(connection, 'subscription { logEvents { uuid } }'),
    );
    await until(() => stack.events.subscribers === 3);
    const burst = Array.from({ length: 1_000 }, () => freshEvent(template));
    await Promise.all(burst.map((event) => stack.events.publish([event], 'hook')));

    const expected = burst.map((e) => e.uuid);
    for (const sub of subs) {
      const results = await sub.waitFor(1_000, 15_000);
      expect(results.map((r) => r.data?.logEvents.uuid)).toEqual(expected);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(subs.map((s) => s.results.length)).toEqual([1_000, 1_000, 1_000]);
  });

  it("outlives the operation deadline of queries, and reads each event's fields from Okta", async () => {
    const userId = users.shift() as string;
    const pump = systemLogPump(stack);
    const sub = subscribe<{ logEvents: { target: { user: { status: string } }[] } }>(
      connect(undefined, () => shortDeadline),
      'subscription { logEvents(eventTypes: ["user.lifecycle.suspend"]) { target { user { status } } } }',
    );
    await until(() => stack.events.subscribers === 1);
    await new Promise((resolve) => setTimeout(resolve, SHORT_DEADLINE_MS + 500));
    await stack.graphql(SUSPEND, { id: userId }, ADMIN);
    await pump();
    expect(await sub.waitFor(1)).toEqual([
      { data: { logEvents: { target: [{ user: { status: 'SUSPENDED' } }] } } },
    ]);
  });

  it('runs a query under the same operation deadline as over HTTP', async () => {
    stack.sim.faults.set({ latencyMs: 5_000 });
    const started = Date.now();
    const sub = subscribe(
      connect({ authorization: 'Bearer admin' }, () => shortDeadline),
      '{ users(first: 1) { nodes { id } } }',
    );
    await sub.waitForCompletion(4_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_DEADLINE_MS);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sub.results).toHaveLength(1);
    // The operation's timer and its Okta call's deadline are the same instant: whichever reports
    // first answers (OPERATION_TIMEOUT, or the field's UPSTREAM_TIMEOUT), over HTTP as here.
    expect(['OPERATION_TIMEOUT', 'UPSTREAM_TIMEOUT']).toContain(
      sub.results[0]?.errors?.[0]?.extensions?.code,
    );
  });

  it('applies the depth limit and drops field suggestions, as over HTTP', async () => {
    const connection = connect({ authorization: 'Bearer admin' });
    const deep = subscribe(
      connection,
      'subscription { logEvents { target { user { groups { nodes { members { nodes { groups { nodes { id } } } } } } } } } }',
    );
    const misspelt = subscribe(connection, 'subscription { logEvents { uuidd } }');
    await deep.waitForCompletion();
    await misspelt.waitForCompletion();
    expect(deep.error).toEqual([
      {
        // A connection's wrappers (nodes) are no level of their own.
        message: 'Query depth 7 exceeds the maximum of 6.',
        extensions: { code: 'LIMIT_EXCEEDED' },
      },
    ]);
    expect(misspelt.error).toEqual([
      {
        message: 'Cannot query field "uuidd" on type "LogEvent".',
        locations: [{ line: 1, column: 28 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('closes a connection whose message is larger than GRAPHQL_MAX_BODY_BYTES with 1009', async () => {
    const consoleErrors = vi.spyOn(console, 'error');
    const connection = connect();
    const sub = subscribe(
      connection,
      `subscription { logEvents(filter: "${'x'.repeat(5_000)}") { uuid } }`,
    );
    try {
      await sub.waitForCompletion();
      expect(connection.closes.map((c) => c.code)).toEqual([1009]);
      expect(stack.events.subscribers).toBe(0);
      // A refusal the gateway expects: logged as one, not as graphql-ws's "Internal error".
      await until(() => lines.some((l) => l.msg === 'websocket refused'), 2_000, 'the refusal');
      expect(lines.filter((l) => l.msg === 'websocket refused').map((l) => l.reason)).toEqual([
        'message too large',
      ]);
      expect(consoleErrors).not.toHaveBeenCalled();
    } finally {
      consoleErrors.mockRestore();
    }
  });

  it('refuses a handshake from an origin neither its own nor in CORS_ORIGINS with 403', async () => {
    const handshake = (origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(
          `${served.url.replace(/^http/, 'ws')}/graphql`,
          'graphql-transport-ws',
          {
            headers: { origin },
          },
        );
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    expect(await handshake('https://evil.example.com')).toBe(403);
    expect(await handshake('https://admin.example.com')).toBe(101);
    expect(await handshake(served.url)).toBe(101);
  });

  it('leaves the stream when a subscription completes, and ends every operation when the socket closes', async () => {
    const connection = connect();
    const first = subscribe(connection, 'subscription { logEvents { uuid } }');
    subscribe(connection, 'subscription { logEvents { uuid } }');
    await until(() => stack.events.subscribers === 2);
    await first.close();
    await until(() => stack.events.subscribers === 1, 2_000, 'one subscriber left');
    await connection.client.dispose();
    await until(() => stack.events.subscribers === 0, 2_000, 'no subscriber left');
    const logged = lines.filter((l) => l.method === 'WS');
    expect(logged.map((l) => [l.msg, l.path, l.outcome])).toEqual([
      ['request', '/graphql', 'success'],
      ['request', '/graphql', 'success'],
    ]);
    expect(logged.every((l) => /^[0-9a-f-]{36}$/.test(String(l.requestId)))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('logs-reader');
  });
});

describe('shutting down a gateway with subscriptions', () => {
  const stack = useStack({ env: ENV, authenticate });

  it('ends WebSocket (1001) and SSE subscriptions at once instead of waiting out the drain', async () => {
    const lines: Record<string, unknown>[] = [];
    const served = await serve(stack, lines);
    const ws = webSocketClient(`${served.url}/graphql`, { authorization: 'Bearer logs-reader' });
    const overWs = subscribeOverWebSocket(ws.client, 'subscription { logEvents { uuid } }');
    const overSse = await subscribeOverSse(
      fetch,
      `${served.url}/graphql`,
      'subscription { logEvents { uuid } }',
      {},
      { authorization: 'Bearer logs-reader' },
    );
    try {
      await until(() => stack.events.subscribers === 2);
      const started = Date.now();
      await served.shutdown('SIGTERM');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(ws.closes.map((c) => c.code)).toEqual([1001]);
      await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
      expect(lines.find((l) => l.msg === 'shutdown: ending subscriptions')).toMatchObject({
        eventStreams: 1,
        webSockets: 1,
      });
    } finally {
      await overWs.close();
      await overSse.close();
      await ws.client.dispose();
    }
  });
});
