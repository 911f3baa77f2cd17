import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryCursorStore, RedisCursorStore } from '../../src/events/cursor.ts';
import { startEventSources } from '../../src/events/index.ts';
import { RedisListenerPresence, RedisPollerLease } from '../../src/events/lease.ts';
import {
  type PollerTiming,
  SystemLogPoller,
  type SystemLogPollerOptions,
} from '../../src/events/poller.ts';
import { createLogEventStream, type LogEventStream } from '../../src/events/stream.ts';
import {
  createOktaClient,
  type LogEvent,
  type OktaClient,
  OktaRateLimitError,
} from '../../src/okta/index.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import { type SimHarness, startTestSimulator } from '../support/simulator.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOGS = 'GET /api/v1/logs';

/** Short enough for tests; the logs bucket is made large so that it does not space polls. */
const FAST: Partial<PollerTiming> = {
  intervalMs: 20,
  idleCheckMs: 10,
  backoffBaseMs: 20,
  backoffMaxMs: 200,
};

// What every test opens, closed after it whatever happened.
let h: SimHarness;
let admin: OktaClient;
const closers: (() => Promise<unknown>)[] = [];

async function freshOrg(options: SimulatorOptions = {}) {
  // A seed of its own: the simulator's event uuids follow from the seed, and the stream's dedupe
  // on Redis remembers uuids for a day.
  const seed = randomInt(2 ** 31);
  h = await startTestSimulator({ size: 'empty', seed, rateLimits: { logs: 60_000 }, ...options });
  admin = createOktaClient({ orgUrl: h.sim.url, credentials: { apiToken: h.sim.apiToken } });
}

beforeEach(() => freshOrg());

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await admin.transport.close();
  await h.sim.close();
  const violations = h.violations.splice(0);
  if (violations.length > 0)
    throw new Error(`answers that break Okta's OpenAPI document:\n${violations.join('\n')}`);
});

/** An Okta client of the poller's own, whose System Log calls are counted and timed. */
function pollerClient(options: { maxRetries?: number } = {}) {
  const okta = createOktaClient({
    orgUrl: h.sim.url,
    credentials: { apiToken: h.sim.apiToken },
    retry: { maxRetries: options.maxRetries ?? 0 },
  });
  const logCalls: { status: number | 'error'; at: number }[] = [];
  okta.transport.onCall((call) => {
    if (call.route === '/api/v1/logs') logCalls.push({ status: call.status, at: Date.now() });
  });
  closers.push(() => okta.transport.close());
  return { okta, logCalls };
}

function openStream(redis?: { url: string; keyPrefix: string }): LogEventStream {
  const stream = createLogEventStream(
    redis ? { redisUrl: redis.url, keyPrefix: redis.keyPrefix } : {},
  );
  closers.push(() => stream.close());
  return stream;
}

function startPoller(
  options: Omit<SystemLogPollerOptions, 'timing'> & { timing?: Partial<PollerTiming> },
) {
  const poller = new SystemLogPoller({ ...options, timing: { ...FAST, ...options.timing } });
  poller.start();
  closers.push(() => poller.stop());
  return poller;
}

/** A client's subscription, collecting what it receives until it leaves. */
function subscribe(stream: LogEventStream) {
  const controller = new AbortController();
  const received: LogEvent[] = [];
  const reading = (async () => {
    for await (const event of stream.subscribe(controller.signal)) received.push(event);
  })();
  const leave = async () => {
    controller.abort();
    await reading;
  };
  closers.push(leave);
  return { uuids: () => received.map((e) => e.uuid), leave };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * The timers that code under src/events/ sets while `body` runs: how many, and how many are still
 * pending after it (a timeout neither fired nor cleared, an interval not cleared). Counting every
 * timer of the process instead (process.getActiveResourcesInfo) also counts timers of the
 * simulator, the Okta client, Redis clients and the test runner, which come and go on their own.
 */
async function eventTimersSetBy(
  body: () => Promise<void>,
): Promise<{ set: number; pending: number }> {
  const real = { setTimeout, setInterval, clearTimeout, clearInterval };
  const pending = new Set<unknown>();
  let set = 0;
  const fromEvents = () => /[\\/]src[\\/]events[\\/]/.test(new Error().stack ?? '');
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (!fromEvents()) return real.setTimeout(fn, ms, ...args);
    set++;
    const timer = real.setTimeout(
      (...given: unknown[]) => {
        pending.delete(timer);
        fn(...given);
      },
      ms,
      ...args,
    );
    pending.add(timer);
    return timer;
  }) as unknown as typeof setTimeout;
  globalThis.setInterval = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = real.setInterval(fn, ms, ...args);
    if (fromEvents()) {
      set++;
      pending.add(timer);
    }
    return timer;
  }) as unknown as typeof setInterval;
  const clear = (timer: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(timer);
    real.clearTimeout(timer);
  };
  globalThis.clearTimeout = clear as typeof clearTimeout;
  globalThis.clearInterval = clear as typeof clearInterval;
  try {
    await body();
  } finally {
    Object.assign(globalThis, real);
  }
  return { set, pending: pending.size };
}

/** Wait for `n` more polls answered, so that anything they would deliver has arrived. */
async function morePolls(poller: SystemLogPoller, n = 3): Promise<void> {
  const target = poller.state.polls + n;
  await waitFor(`${n} more polls`, () => poller.state.polls >= target);
}

let serial = 0;
/** Make `n` System Log events: STAGED users, one `user.lifecycle.create` each. */
async function makeEvents(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    serial++;
    const login = `polled${serial}@example.com`;
    await admin.users.create(
      { profile: { firstName: `Polled${serial}`, lastName: 'Person', email: login, login } },
      { activate: false },
    );
  }
}

/** The uuids of every event in the org's System Log, in persistence order. */
const loggedUuids = () => h.sim.org.log.map((p) => p.event.uuid);

/** A cursor that polls the whole log from the start, as if an earlier poller had left it. */
const fromTheStart = (pageSize: number) =>
  `/api/v1/logs?${new URLSearchParams({ since: new Date(Date.now() - 60_000).toISOString(), limit: String(pageSize), sortOrder: 'ASCENDING' })}`;

describe('the System Log poller in memory', () => {
  it('delivers the events made in Okta to a subscriber once each, in order', async () => {
    const { okta } = pollerClient();
    const stream = openStream();
    const poller = startPoller({ okta, stream });
    const client = subscribe(stream);
    await waitFor('the first poll', () => poller.state.polls >= 1);
    await makeEvents(5);
    await waitFor('five events', () => client.uuids().length >= 5);
    await morePolls(poller);
    expect([client.uuids(), loggedUuids().length]).toEqual([loggedUuids(), 5]);
  });

  it('fetches again at once after a full page, and waits the interval after a short one', async () => {
    await makeEvents(7);
    const { okta, logCalls } = pollerClient();
    const stream = openStream();
    const cursors = new MemoryCursorStore();
    const poller = new SystemLogPoller({
      okta,
      stream,
      cursors,
      timing: { ...FAST, pageSize: 2, intervalMs: 60_000 },
    });
    await cursors.save(fromTheStart(2), 'any holder');
    const client = subscribe(stream);
    poller.start();
    closers.push(() => poller.stop());
    await waitFor('seven events', () => client.uuids().length >= 7);
    await sleep(100);
    // Pages of 2, 2, 2 and 1; the short last one is followed by the (long) interval.
    expect([client.uuids(), logCalls.length]).toEqual([loggedUuids(), 4]);
  });

  it('resumes after a restart from its cursor, neither losing nor repeating events', async () => {
    const stream = openStream();
    const cursors = new MemoryCursorStore();
    const client = subscribe(stream);
    const first = startPoller({ okta: pollerClient().okta, stream, cursors });
    await waitFor('the first poll', () => first.state.polls >= 1);
    await makeEvents(2);
    await waitFor('two events', () => client.uuids().length >= 2);
    await first.stop();
    await makeEvents(3);
    const second = startPoller({ okta: pollerClient().okta, stream, cursors });
    await waitFor('five events', () => client.uuids().length >= 5);
    await morePolls(second);
    expect([client.uuids(), loggedUuids().length]).toEqual([loggedUuids(), 5]);
  });

  it('polls a page again when the stream failed to take it, instead of skipping it', async () => {
    const { okta } = pollerClient();
    const stream = openStream();
    let failures = 1;
    const flaky = {
      get subscribers() {
        return stream.subscribers;
      },
      publish: (events: readonly LogEvent[], source: 'poller' | 'hook') => {
        if (failures-- > 0) return Promise.reject(new Error('pub/sub unavailable'));
        return stream.publish(events, source);
      },
    };
    const poller = startPoller({ okta, stream: flaky });
    const client = subscribe(stream);
    await waitFor('the first poll', () => poller.state.polls >= 1);
    await makeEvents(2);
    await waitFor('two events', () => client.uuids().length >= 2);
    await morePolls(poller);
    expect([client.uuids(), poller.state.errors]).toEqual([loggedUuids(), 1]);
  });

  it('does not call Okta while nobody subscribes', async () => {
    const stream = openStream();
    const poller = startPoller({ okta: pollerClient().okta, stream });
    await makeEvents(2);
    await sleep(200);
    expect([h.sim.requests.count(LOGS), poller.state.polling, poller.state.running]).toEqual([
      0,
      false,
      true,
    ]);
  });

  it('starts polling when one subscribes and stops after the last one leaves', async () => {
    const { okta, logCalls } = pollerClient();
    const stream = openStream();
    const poller = startPoller({ okta, stream });
    const one = subscribe(stream);
    const two = subscribe(stream);
    await waitFor('polling', () => poller.state.polls >= 1);
    await one.leave();
    await morePolls(poller);
    await two.leave();
    await waitFor('idle', () => !poller.state.polling);
    const calls = logCalls.length;
    await sleep(200);
    expect([logCalls.length, poller.state.leaseHeld, poller.state.cursor]).toEqual([
      calls,
      false,
      false,
    ]);
  });

  it('serves a subscriber that comes after an idle spell from when it came', async () => {
    const stream = openStream();
    const poller = startPoller({ okta: pollerClient().okta, stream });
    const early = subscribe(stream);
    await waitFor('polling', () => poller.state.polls >= 1);
    await early.leave();
    await waitFor('idle', () => !poller.state.polling);
    await makeEvents(2);
    // A new start polls from the poller's last look at nobody listening: at most one idle check
    // before the subscription.
    await sleep(50);
    const late = subscribe(stream);
    await waitFor('polling again', () => poller.state.polling && poller.state.cursor);
    await makeEvents(1);
    await waitFor('one event', () => late.uuids().length >= 1);
    await morePolls(poller);
    expect(late.uuids()).toEqual(loggedUuids().slice(2));
  });

  it('backs off exponentially on errors, then polls on', async () => {
    const { okta, logCalls } = pollerClient();
    const stream = openStream();
    h.sim.faults.set({ failNext: { count: 3, status: 500 }, onlyRoutes: [LOGS] });
    const poller = startPoller({
      okta,
      stream,
      random: () => 1,
      timing: { backoffBaseMs: 100, backoffMaxMs: 1000 },
    });
    const client = subscribe(stream);
    await waitFor('a poll answered', () => poller.state.polls >= 1);
    await makeEvents(1);
    await waitFor('one event', () => client.uuids().length >= 1);
    const gaps = logCalls
      .slice(1, 4)
      .map((call, i) => call.at - (logCalls[i] as { at: number }).at);
    expect([
      logCalls.slice(0, 4).map((c) => c.status),
      gaps.map((gap, i) => gap >= 100 * 2 ** i - 5),
      poller.state.errors,
      poller.state.consecutiveErrors,
      client.uuids(),
    ]).toEqual([[500, 500, 500, 200], [true, true, true], 3, 0, loggedUuids()]);
  });

  it('waits until the retry time of a rate-limit error', async () => {
    const { okta } = pollerClient();
    let retryAt = 0;
    // Okta's 429 as the transport reports it once its own retries are spent.
    const limited = createOktaClient({
      transport: {
        request: (req) => okta.transport.request(req),
        paginate: (req, options) => okta.transport.paginate(req, options),
        page: (req, options) => {
          if (retryAt === 0) {
            retryAt = Date.now() + 300;
            return Promise.reject(new OktaRateLimitError('logs', retryAt));
          }
          return okta.transport.page(req, options);
        },
      },
    });
    const answered: number[] = [];
    okta.transport.onCall((call) => {
      if (call.route === '/api/v1/logs') answered.push(Date.now());
    });
    const stream = openStream();
    const poller = startPoller({ okta: limited, stream });
    subscribe(stream);
    await waitFor('a poll answered', () => poller.state.polls >= 1);
    expect([(answered[0] as number) >= retryAt, poller.state.lastError?.code]).toEqual([
      true,
      'OKTA_ERR_RATE_LIMITED',
    ]);
  });

  it('spaces its polls to its share of the logs bucket, even when pages are full', async () => {
    await h.sim.close();
    await admin.transport.close();
    // 600 calls a minute, half of them the poller's: one poll every 200 ms at most.
    await freshOrg({ rateLimits: { logs: 600 } });
    await makeEvents(4);
    const { okta, logCalls } = pollerClient();
    const stream = openStream();
    const cursors = new MemoryCursorStore();
    await cursors.save(fromTheStart(1), 'any holder');
    const poller = startPoller({
      okta,
      stream,
      cursors,
      timing: { pageSize: 1, bucketShare: 0.5 },
    });
    const client = subscribe(stream);
    await waitFor('four events', () => client.uuids().length >= 4, 5000);
    await waitFor('five polls', () => poller.state.polls >= 5, 5000);
    const gaps = logCalls
      .slice(1, 5)
      .map((call, i) => call.at - (logCalls[i] as { at: number }).at);
    expect(gaps.map((gap) => gap >= 195)).toEqual([true, true, true, true]);
  });

  it('starts again from now when Okta refuses its cursor', async () => {
    const stream = openStream();
    const cursors = new MemoryCursorStore();
    await cursors.save('/api/v1/logs?after=bm90LWEtY3Vyc29y&limit=10', 'any holder');
    const poller = startPoller({ okta: pollerClient().okta, stream, cursors });
    const client = subscribe(stream);
    await waitFor('a poll answered', () => poller.state.polls >= 1);
    await makeEvents(1);
    await waitFor('one event', () => client.uuids().length >= 1);
    expect([client.uuids(), poller.state.errors, poller.state.lastError?.code]).toEqual([
      loggedUuids(),
      1,
      'OKTA_ERR_API',
    ]);
  });

  it('leaves no timer behind when stopped', async () => {
    const stream = openStream();
    const okta = pollerClient().okta;
    let poller: SystemLogPoller | undefined;
    const timers = await eventTimersSetBy(async () => {
      poller = new SystemLogPoller({ okta, stream, timing: FAST });
      poller.start();
      subscribe(stream);
      await waitFor('a poll answered', () => (poller?.state.polls ?? 0) >= 1);
      await poller.stop();
    });
    expect(timers.set).toBeGreaterThanOrEqual(1);
    expect([timers.pending, poller?.state.running]).toEqual([0, false]);
  });

  it('startEventSources runs one poller that close stops', async () => {
    const stream = openStream();
    const sources = startEventSources({ okta: pollerClient().okta, stream, timing: FAST });
    closers.push(() => sources.close());
    const client = subscribe(stream);
    await waitFor('the first poll', () => sources.poller.state.polls >= 1);
    await makeEvents(1);
    await waitFor('one event', () => client.uuids().length >= 1);
    await sources.close();
    expect([client.uuids(), sources.poller.state.running]).toEqual([loggedUuids(), false]);
  });
});

describe('System Log pollers of several replicas on Redis', () => {
  /** This run's keys: its own prefix, deleted afterwards. */
  const prefix = `test:poller:${randomUUID()}:`;
  const cleaner = new Redis(REDIS_URL);
  afterAll(async () => {
    const keys = await cleaner.keys(`${prefix}*`);
    if (keys.length > 0) await cleaner.del(...keys);
    await cleaner.quit();
  });

  const LEASE_TTL_MS = 600;

  /** One replica: its own Redis connection, stream, Okta client and poller, on the test's keys. */
  function replica(keys: string) {
    const redis = new Redis(REDIS_URL);
    closers.push(() => redis.quit());
    // The stream's dedupe keys live under this run's prefix too, deleted with the rest.
    const stream = openStream({ url: REDIS_URL, keyPrefix: `${prefix}stream:` });
    const { okta, logCalls } = pollerClient();
    const lease = new RedisPollerLease(redis, `${keys}lease`, LEASE_TTL_MS);
    const poller = startPoller({
      okta,
      stream,
      lease,
      cursors: new RedisCursorStore(redis, { lease: lease.key, cursor: `${keys}cursor` }),
      presence: new RedisListenerPresence(redis, `${keys}listening`, 300),
    });
    return { stream, poller, logCalls };
  }

  /** Redis subscriptions take a moment to be in place. */
  const settle = () => sleep(150);

  it('has exactly one replica poll while another only has subscribers', async () => {
    const keys = `${prefix}${randomUUID()}:`;
    const [one, two] = [replica(keys), replica(keys)];
    const client = subscribe(two.stream);
    await settle();
    await waitFor('a poll', () => one.poller.state.polls + two.poller.state.polls >= 1);
    await makeEvents(2);
    await waitFor('two events', () => client.uuids().length >= 2);
    await sleep(300);
    const calls = [one.logCalls.length, two.logCalls.length];
    expect([calls.filter((n) => n > 0).length, client.uuids()]).toEqual([1, loggedUuids()]);
  });

  it('hands over to another replica when the holder dies, from the shared cursor', async () => {
    const keys = `${prefix}${randomUUID()}:`;
    const replicas = [replica(keys), replica(keys)];
    const clients = replicas.map((r) => subscribe(r.stream));
    await settle();
    await waitFor('a holder', () => replicas.some((r) => r.poller.state.polling));
    const holder = replicas.find((r) => r.poller.state.polling) as (typeof replicas)[number];
    const other = replicas.find((r) => r !== holder) as (typeof replicas)[number];
    await makeEvents(2);
    await waitFor('two events', () => clients.every((c) => c.uuids().length >= 2));
    await holder.poller.stop({ release: false });
    const diedAt = Date.now();
    await makeEvents(3);
    await waitFor('five events', () => clients.every((c) => c.uuids().length >= 5));
    await morePolls(other.poller);
    expect([
      other.logCalls.length > 0 &&
        (other.logCalls[0] as { at: number }).at >= diedAt + LEASE_TTL_MS / 2,
      ...clients.map((c) => c.uuids()),
    ]).toEqual([true, loggedUuids(), loggedUuids()]);
  });

  it('stops polling within a heartbeat when another replica has taken its lease', async () => {
    const keys = `${prefix}${randomUUID()}:`;
    const { stream, poller, logCalls } = replica(keys);
    subscribe(stream);
    await waitFor('polling', () => poller.state.polling);
    // As if this replica had paused past the lease's expiry and another had taken it.
    await cleaner.set(`${keys}lease`, 'another replica', 'PX', 5000);
    await waitFor('the lease lost', () => !poller.state.leaseHeld, LEASE_TTL_MS);
    const calls = logCalls.length;
    await sleep(200);
    expect([logCalls.length, poller.state.polling, await cleaner.get(`${keys}lease`)]).toEqual([
      calls,
      false,
      'another replica',
    ]);
  });

  it('hands over at once when the holder stops cleanly', async () => {
    const keys = `${prefix}${randomUUID()}:`;
    const replicas = [replica(keys), replica(keys)];
    const clients = replicas.map((r) => subscribe(r.stream));
    await settle();
    await waitFor('a holder', () => replicas.some((r) => r.poller.state.polling));
    const holder = replicas.find((r) => r.poller.state.polling) as (typeof replicas)[number];
    const other = replicas.find((r) => r !== holder) as (typeof replicas)[number];
    await holder.poller.stop();
    const stoppedAt = Date.now();
    await waitFor('the other polls', () => other.poller.state.polling);
    const handover = Date.now() - stoppedAt;
    await makeEvents(1);
    await waitFor('one event', () => clients.every((c) => c.uuids().length >= 1));
    expect([handover < LEASE_TTL_MS / 2, ...clients.map((c) => c.uuids())]).toEqual([
      true,
      loggedUuids(),
      loggedUuids(),
    ]);
  });
});
