import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import { startEventSources } from '../../src/events/index.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import type { Exchange } from '../../src/simulator/index.ts';
import { type Stack, useStack } from '../support/stack.ts';
import {
  subscribeOverSse,
  systemLogPump,
  type TestSubscription,
  until,
} from '../support/subscriptions.ts';

/** `Authorization: Scopes a b` makes a caller with exactly those scopes; no header, every scope. */
const authenticate = async (authorization: string | null) =>
  authorization?.startsWith('Scopes ')
    ? callerWithScopes('tester', authorization.slice('Scopes '.length).split(' '), true)
    : callerWithScopes(null, ALL_SCOPES, false);

const SUSPEND = 'mutation Suspend($id: ID!) { suspendUser(id: $id) { __typename } }';
const UNSUSPEND = 'mutation Unsuspend($id: ID!) { unsuspendUser(id: $id) { __typename } }';

interface EventResult {
  logEvents: { uuid: string; eventType: string; target: { id: string }[] };
}

/** Subscriptions a test opened: each test closes its own, and the stream must be left empty. */
function subscriptionsOf(stack: Stack) {
  const open: TestSubscription[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
  });
  return async <T = EventResult>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) => {
    const subscription = await subscribeOverSse<T>(
      async (url, init) => stack.gateway.fetch(url, init),
      'http://gateway.test/graphql',
      query,
      variables,
      headers,
    );
    open.push(subscription as TestSubscription);
    return subscription;
  };
}

/** Active users of the demo org, a different one for each caller. */
function activeUsers(stack: Stack) {
  let taken = 0;
  return () => {
    const users = [...stack.sim.org.users.values()].filter(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId,
    );
    return (users[taken++] as (typeof users)[number]).id;
  };
}

/** An event as Okta might write it now (a copy of one in the log, with a new uuid and time). */
function freshEvent(template: LogEvent, eventType = template.eventType): LogEvent {
  return { ...template, uuid: randomUUID(), eventType, published: new Date().toISOString() };
}

describe('the logEvents subscription over SSE', () => {
  const stack = useStack({ authenticate });
  const subscribe = subscriptionsOf(stack);
  const nextUser = activeUsers(stack);
  let pump: () => Promise<number>;

  beforeEach(() => {
    pump = systemLogPump(stack);
    stack.oktaCalls.reset();
    stack.sim.faults.clear();
  });
  afterEach(() => {
    expect(stack.violations.splice(0)).toEqual([]);
  });

  it("delivers a user suspended through the gateway, by the System Log poller, with the user's status as of the event", async () => {
    const userId = nextUser();
    const sources = startEventSources({
      okta: stack.okta,
      stream: stack.events,
      timing: { intervalMs: 50, idleCheckMs: 20 },
    });
    try {
      const sub = await subscribe<{
        logEvents: { eventType: string; target: { id: string; user: { status: string } }[] };
      }>(
        'subscription { logEvents(eventTypes: ["user.lifecycle.suspend"]) { eventType target { id user { status } } } }',
      );
      expect(sub.status).toBe(200);
      await until(() => sources.poller.state.polling, 5_000, 'the poller polling');

      expect((await stack.graphql(SUSPEND, { id: userId })).errors).toBeUndefined();

      expect(await sub.waitFor(1)).toEqual([
        {
          data: {
            logEvents: {
              eventType: 'user.lifecycle.suspend',
              target: [{ id: userId, user: { status: 'SUSPENDED' } }],
            },
          },
        },
      ]);
    } finally {
      await sources.close();
    }
  });

  it('sends a subscriber only the events its filter matches', async () => {
    const [a, b] = [nextUser(), nextUser()];
    const sub = await subscribe(
      'subscription ($f: String) { logEvents(filter: $f) { uuid eventType target { id } } }',
      { f: `target.id eq "${b}"` },
    );
    await until(() => stack.events.subscribers === 1);
    for (const query of [SUSPEND, UNSUSPEND]) {
      await stack.graphql(query, { id: a });
      await stack.graphql(query, { id: b });
    }
    expect(await pump()).toBe(4);

    const results = await sub.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      results.map((r) => [r.data?.logEvents.eventType, r.data?.logEvents.target[0]?.id]),
    ).toEqual([
      ['user.lifecycle.suspend', b],
      ['user.lifecycle.unsuspend', b],
    ]);
  });

  it('sends only the listed event types, and applies filter and types together', async () => {
    const [a, b] = [nextUser(), nextUser()];
    const byType = await subscribe(
      'subscription { logEvents(eventTypes: ["user.lifecycle.unsuspend"]) { uuid eventType target { id } } }',
    );
    const both = await subscribe(
      'subscription ($f: String) { logEvents(filter: $f, eventTypes: ["user.lifecycle.unsuspend"]) { uuid eventType target { id } } }',
      { f: `target.id eq "${a}"` },
    );
    await until(() => stack.events.subscribers === 2);
    for (const query of [SUSPEND, UNSUSPEND]) {
      await stack.graphql(query, { id: a });
      await stack.graphql(query, { id: b });
    }
    await pump();

    await byType.waitFor(2);
    await both.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const summary = (sub: TestSubscription<EventResult>) =>
      sub.results.map((r) => [r.data?.logEvents.eventType, r.data?.logEvents.target[0]?.id]);
    expect(summary(byType)).toEqual([
      ['user.lifecycle.unsuspend', a],
      ['user.lifecycle.unsuspend', b],
    ]);
    expect(summary(both)).toEqual([['user.lifecycle.unsuspend', a]]);
  });

  it('refuses a caller without okta.logs.read when it subscribes, before joining the stream or calling Okta', async () => {
    const sub = await subscribe(
      'subscription { logEvents { uuid } }',
      {},
      { authorization: 'Scopes okta.users.read okta.groups.read' },
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
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses a malformed filter with BAD_USER_INPUT when it subscribes', async () => {
    const sub = await subscribe(
      'subscription { logEvents(filter: "target.id eq 00u1 and") { uuid } }',
    );
    await sub.waitForCompletion();
    expect(sub.results[0]?.errors).toEqual([
      {
        message: 'Invalid System Log filter: unexpected 00u1 at position 13.',
        locations: [{ line: 1, column: 16 }],
        path: ['logEvents'],
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter' },
      },
    ]);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses an empty eventTypes list with BAD_USER_INPUT', async () => {
    const sub = await subscribe('subscription { logEvents(eventTypes: []) { uuid } }');
    await sub.waitForCompletion();
    expect(sub.results[0]?.errors?.[0]).toMatchObject({
      message: 'eventTypes must list 1 to 50 event types; leave it out for every type.',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'eventTypes' },
    });
  });

  it("refuses a since older than the System Log's 90 days with Okta's reason, as BAD_USER_INPUT", async () => {
    const since = new Date(Date.now() - 91 * 24 * 3600_000).toISOString();
    const sub = await subscribe('subscription ($s: DateTime) { logEvents(since: $s) { uuid } }', {
      s: since,
    });
    await sub.waitForCompletion();
    expect(sub.results[0]?.errors?.[0]).toMatchObject({
      path: ['logEvents'],
      extensions: { code: 'BAD_USER_INPUT', oktaErrorCode: 'E0000001' },
    });
    expect(stack.oktaCalls.count('GET /api/v1/logs')).toBe(1);
    expect(stack.events.subscribers).toBe(0);
  });

  it('replays with the same filter and types asked of Okta: since to now, oldest first, in pages of 1,000', async () => {
    const seen: Exchange[] = [];
    const stop = stack.sim.onExchange((e) => seen.push(e));
    const since = new Date(Date.now() - 3600_000).toISOString();
    const sub = await subscribe(
      'subscription ($s: DateTime, $f: String) { logEvents(since: $s, filter: $f, eventTypes: ["user.lifecycle.suspend", "user.lifecycle.unsuspend"]) { uuid } }',
      { s: since, f: 'target.id eq "00u0000000000000000a" or outcome.result eq "FAILURE"' },
    );
    await until(() => stack.events.subscribers === 1);
    stop();
    const calls = seen.filter((e) => e.key === 'GET /api/v1/logs');
    expect(calls).toHaveLength(1);
    const query = Object.fromEntries(new URL((calls[0] as Exchange).url).searchParams);
    expect(query).toEqual({
      since,
      until: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      filter:
        '(target.id eq "00u0000000000000000a" or outcome.result eq "FAILURE") and (eventType eq "user.lifecycle.suspend" or eventType eq "user.lifecycle.unsuspend")',
      sortOrder: 'ASCENDING',
      limit: '1000',
    });
    expect(Date.parse(query.until as string)).toBeLessThanOrEqual(Date.now());
    expect(sub.status).toBe(200);
  });

  it('replays the System Log since a moment across pages, then continues live with no gap and no duplicate', async () => {
    const history = stack.sim.org.log.map((row) => row.event as unknown as LogEvent);
    // Over 1,000 events: the replay takes two pages at least.
    const since = (history.at(-1_500) as LogEvent).published;
    const replayed = history
      .map((event, seq) => ({ event, seq }))
      .filter(({ event }) => event.published >= since)
      .sort((x, y) => x.event.published.localeCompare(y.event.published) || x.seq - y.seq)
      .map(({ event }) => event);
    expect(replayed.length).toBeGreaterThan(1_000);
    const template = history.at(-1) as LogEvent;
    const logCalls: number[] = [];
    const stop = stack.sim.onExchange((e) => {
      if (e.key === 'GET /api/v1/logs') logCalls.push(Date.now());
    });
    // Each page takes 300 ms: the live events below are published while the replay runs.
    stack.sim.faults.set({ latencyMs: 300 });

    const subscribing = subscribe<{ logEvents: { uuid: string } }>(
      'subscription ($s: DateTime) { logEvents(since: $s) { uuid } }',
      { s: since },
    );
    // The live subscription is in place before the replay's first page is asked for.
    await until(() => stack.events.subscribers === 1);
    expect(logCalls).toEqual([]);
    const during = async () => {
      // Okta writes new events; the poller publishes them together with replayed ones again.
      const fresh = [freshEvent(template), freshEvent(template, 'user.session.start')];
      for (const event of fresh) stack.sim.org.appendLog(event as never);
      await stack.events.publish(
        [...replayed.slice(-3), ...fresh, ...replayed.slice(0, 2)],
        'poller',
      );
      return fresh;
    };
    const firstLive = await during();
    const sub = await subscribing;
    await until(() => logCalls.length >= 1, 5_000, 'the first page');
    const secondLive = await during();
    const publishedAt = Date.now();

    const expected = [...replayed, ...firstLive, ...secondLive].map((e) => e.uuid);
    const results = await sub.waitFor(expected.length, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    expect(results.map((r) => r.data?.logEvents.uuid)).toEqual(expected);
    expect(logCalls.length).toBeGreaterThanOrEqual(2);
    expect(logCalls.at(-1)).toBeGreaterThan(publishedAt);
  });

  it('ends a subscriber held more than 10,000 events behind with SUBSCRIBER_BEHIND, after what it held', async () => {
    const history = stack.sim.org.log.map((row) => row.event as unknown as LogEvent);
    const since = (history.at(-3) as LogEvent).published;
    const replayed = history.filter((e) => e.published >= since);
    // The replay's page takes 500 ms; meanwhile more live events arrive than a subscriber is held.
    stack.sim.faults.set({ latencyMs: 500 });
    const subscribing = subscribe<{ logEvents: { uuid: string } }>(
      'subscription ($s: DateTime) { logEvents(since: $s) { uuid } }',
      { s: since },
    );
    await until(() => stack.events.subscribers === 1);
    const flood = Array.from({ length: 10_001 }, () => freshEvent(history.at(-1) as LogEvent));
    await stack.events.publish(flood, 'hook');
    const sub = await subscribing;
    await sub.waitForCompletion(20_000);

    expect(sub.results).toHaveLength(replayed.length + 10_001);
    expect(sub.results.slice(0, -1).map((r) => r.data?.logEvents.uuid)).toEqual(
      [...replayed, ...flood.slice(0, 10_000)].map((e) => e.uuid),
    );
    expect(sub.results.at(-1)?.errors).toEqual([
      {
        message:
          "The subscriber fell 10000 events behind the live stream; subscribe again with since set to the last event's published time.",
        locations: [{ line: 1, column: 1 }],
        extensions: { code: 'SUBSCRIBER_BEHIND', held: 10_000 },
      },
    ]);
  });

  it('delivers a burst of 1,000 events to each of three subscribers once, in order', async () => {
    const template = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
    const subs = await Promise.all(
      [1, 2, 3].map(() =>
        subscribe<{ logEvents: { uuid: string } }>('subscription { logEvents { uuid } }'),
      ),
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

  it('leaves the stream when its client goes away', async () => {
    const sub = await subscribe('subscription { logEvents { uuid } }');
    await until(() => stack.events.subscribers === 1);
    await sub.close();
    await until(() => stack.events.subscribers === 0, 2_000, 'the subscriber gone');
  });
});

describe('a logEvents subscription and the operation deadline', () => {
  const stack = useStack({ authenticate, env: { GRAPHQL_OPERATION_TIMEOUT_MS: '500' } });
  const subscribe = subscriptionsOf(stack);
  let userId: string;
  beforeAll(() => {
    userId = activeUsers(stack)();
  });

  it("outlives the deadline of queries and still reads each event's fields from Okta", async () => {
    const pump = systemLogPump(stack);
    const sub = await subscribe<{
      logEvents: { eventType: string; target: { user: { status: string } }[] };
    }>('subscription { logEvents { eventType target { user { status } } } }');
    await until(() => stack.events.subscribers === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect((await stack.graphql(SUSPEND, { id: userId })).errors).toBeUndefined();
    await pump();
    expect(await sub.waitFor(1)).toEqual([
      {
        data: {
          logEvents: {
            eventType: 'user.lifecycle.suspend',
            target: [{ user: { status: 'SUSPENDED' } }],
          },
        },
      },
    ]);
  });
});
