/**
 * `npm run bench`, live events (issue 6), after the query scenarios: the simulated org and the
 * gateways each in their own process on loopback, the driver a GraphQL over SSE subscriber.
 *
 * 1. Delay from an Okta change to a subscriber, by source. The driver changes users' profiles
 *    through Okta's API at random moments, and times each `user.account.update_profile` event
 *    from the start of the change's request to its arrival at the subscriber:
 *    - poller: a gateway with no event hook, so the System Log poller (POLLER_INTERVAL_MS,
 *      default 3 s after a short page) brings every event;
 *    - hook: a gateway Okta's event hook delivers to (registered and verified through Okta's
 *      API), whose poller waits 10 minutes after its first page, so the hook brings every event.
 * 2. Events per second to 100 subscribers: 2,000 events posted to one gateway's event hook
 *    endpoint in Okta's delivery bodies of 50, read by 100 subscribers; from the first POST to
 *    the moment the last subscriber has the last event. In memory, and through Redis pub/sub
 *    when Redis answers (the path replicas share).
 *
 *   BENCH_EVENTS=0                  skip this part
 *   BENCH_EVENT_CHANGES             changes timed per source (default 30)
 *   BENCH_EVENT_SUBSCRIBERS         subscribers of the fan-out (default 100)
 *   BENCH_EVENT_BURST               events posted for the fan-out (default 2000)
 *   BENCH_POLLER_INTERVAL_MS        the poller gateway's POLLER_INTERVAL_MS (default: its own)
 *   REDIS_URL                       default redis://127.0.0.1:6379
 *
 * It prints and never fails (a benchmark is not a test); it stops by itself, bounded in time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.ts';
import {
  type EventsGateway,
  type EventsSimulator,
  eventsAgent,
  oktaCall,
  type Subscriber,
  startEventsGateway,
  startEventsSimulator,
  subscribe,
} from './events-stack.ts';
import { percentile } from './measure.ts';

const env = process.env;
const settings = {
  changes: Number(env.BENCH_EVENT_CHANGES ?? 30),
  subscribers: Number(env.BENCH_EVENT_SUBSCRIBERS ?? 100),
  burst: Number(env.BENCH_EVENT_BURST ?? 2000),
  pollerIntervalMs: env.BENCH_POLLER_INTERVAL_MS,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

const PROFILE_UPDATE = 'user.account.update_profile';
/** Okta batches events into its deliveries; the simulator sends at most 50 in one. */
const EVENTS_PER_DELIVERY = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface DelayRun {
  source: 'poller' | 'hook';
  changes: number;
  /** Events that arrived (each change's, once). */
  arrived: number;
  p50: number;
  p99: number;
  max: number;
}

export interface FanOutRun {
  transport: 'memory' | 'redis';
  subscribers: number;
  events: number;
  elapsedMs: number;
  /** CPU the driver itself spent meanwhile (its 100 SSE readers share the machine's cores). */
  driverCpuMs: number;
  /** CPU the gateway spent meanwhile; null where it cannot be read. */
  gatewayCpuMs: number | null;
  /** Every subscriber had every event once, in the order posted. */
  complete: boolean;
}

/** Wait until `done()` or `timeoutMs`; true when done. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(10);
  }
  return true;
}

/**
 * Change `changes` users' profiles one by one at random moments (100–600 ms apart, so the changes
 * fall at every phase of the poll interval), and time each event to the subscriber.
 */
async function timeChanges(
  sim: EventsSimulator,
  gateway: EventsGateway,
  source: DelayRun['source'],
  users: readonly string[],
  waitMs: number,
): Promise<DelayRun> {
  const subscriber = await subscribe(
    gateway,
    `subscription { logEvents(eventTypes: ["${PROFILE_UPDATE}"]) { uuid target { id } } }`,
  );
  try {
    // The poller starts when its first subscriber comes; let it take its first page.
    await sleep(1500);
    const sentAt = new Map<string, number>();
    for (const [i, user] of users.entries()) {
      sentAt.set(user, performance.now());
      await oktaCall(sim, 'POST', `/api/v1/users/${user}`, {
        profile: { title: `Benchmark ${source} ${i} ${randomUUID().slice(0, 8)}` },
      });
      await sleep(100 + Math.random() * 500);
    }
    const arrivedAt = (user: string) =>
      subscriber.received.find((r) =>
        (r.data.logEvents as { target?: { id: string }[] }).target?.some((t) => t.id === user),
      )?.at;
    await until(() => users.every((u) => arrivedAt(u) !== undefined), waitMs);
    const delays = users
      .map((u) => {
        const at = arrivedAt(u);
        return at === undefined ? undefined : at - (sentAt.get(u) as number);
      })
      .filter((d): d is number => d !== undefined)
      .sort((a, b) => a - b);
    return {
      source,
      changes: users.length,
      arrived: delays.length,
      p50: percentile(delays, 0.5),
      p99: percentile(delays, 0.99),
      max: delays.at(-1) ?? Number.NaN,
    };
  } finally {
    await subscriber.close();
  }
}

/** Okta's event hook, pointing at the gateway with its shared secret, created and verified. */
async function registerHook(sim: EventsSimulator, gateway: EventsGateway, secret: string) {
  const hook = await oktaCall<{ id: string }>(sim, 'POST', '/api/v1/eventHooks', {
    name: 'Benchmark gateway',
    events: { type: 'EVENT_TYPE', items: [PROFILE_UPDATE] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: `${gateway.url}/hooks/okta`,
        headers: [],
        authScheme: { type: 'HEADER', key: 'Authorization', value: secret },
      },
    },
  });
  await oktaCall(sim, 'POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
}

/** Post `count` copies of a real System Log event, new uuids each, in Okta's delivery bodies. */
async function postBurst(
  gateway: EventsGateway,
  secret: string,
  template: Record<string, unknown>,
  uuids: readonly string[],
): Promise<void> {
  for (let i = 0; i < uuids.length; i += EVENTS_PER_DELIVERY) {
    const events = uuids
      .slice(i, i + EVENTS_PER_DELIVERY)
      .map((uuid) => ({ ...template, uuid, published: new Date().toISOString() }));
    const res = await fetch(`${gateway.url}/hooks/okta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: secret },
      body: JSON.stringify({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        source: 'https://bench.okta.example/api/v1/eventHooks/whobench',
        eventId: randomUUID(),
        eventTime: new Date().toISOString(),
        contentType: 'application/json',
        data: { events },
      }),
    });
    await res.body?.cancel();
    if (res.status !== 200) throw new Error(`event hook delivery answered ${res.status}`);
  }
}

async function fanOut(
  gateway: EventsGateway,
  transport: FanOutRun['transport'],
  secret: string,
  template: Record<string, unknown>,
): Promise<FanOutRun> {
  const uuids = Array.from({ length: settings.burst }, () => randomUUID());
  const wanted = new Set<string>(uuids);
  const counts: number[] = [];
  const subscribers: Subscriber[] = [];
  try {
    for (let i = 0; i < settings.subscribers; i++) {
      const n = i;
      counts.push(0);
      subscribers.push(
        await subscribe(gateway, 'subscription { logEvents { uuid } }', () => counts[n]!++),
      );
    }
    // Each SSE stream is open; the gateway's Redis subscription needs a moment more.
    await sleep(500);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const gatewayCpu = gateway.cpuMs();
    await postBurst(gateway, secret, template, uuids);
    const mine = (s: Subscriber) =>
      s.received
        .map((r) => (r.data.logEvents as { uuid: string }).uuid)
        .filter((u) => wanted.has(u));
    await until(() => counts.every((c) => c >= uuids.length), 60_000);
    const elapsedMs =
      Math.max(...subscribers.map((s) => s.received.at(-1)?.at ?? performance.now())) - started;
    const used = process.cpuUsage(cpu);
    const driverCpuMs = (used.user + used.system) / 1000;
    const gatewayCpuNow = gateway.cpuMs();
    const gatewayCpuMs =
      gatewayCpu === null || gatewayCpuNow === null ? null : gatewayCpuNow - gatewayCpu;
    const expected = uuids.join();
    return {
      transport,
      subscribers: subscribers.length,
      events: uuids.length,
      elapsedMs,
      driverCpuMs,
      gatewayCpuMs,
      complete: subscribers.every((s) => mine(s).join() === expected),
    };
  } finally {
    await Promise.all(subscribers.map((s) => s.close()));
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Remove this run's keys (SCAN, never KEYS or FLUSHALL on a shared Redis). */
async function removeKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

const ms = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');

export function formatEvents(
  delays: readonly DelayRun[],
  fanOuts: readonly FanOutRun[],
  notes: { pollerIntervalMs: number; redis: boolean; loadAverage: number },
): string[] {
  const lines = [
    `Live events (simulated demo org and each gateway in its own process, loopback; load average ${notes.loadAverage.toFixed(1)} at the start on ${availableParallelism()} cores)`,
    'Delay from an Okta change to a subscriber (from the change request to the event at the SSE subscriber):',
  ];
  for (const d of delays) {
    const how =
      d.source === 'poller'
        ? `System Log poller, POLLER_INTERVAL_MS ${notes.pollerIntervalMs}`
        : 'Okta event hook';
    lines.push(
      `   ${d.source.padEnd(6)} (${how}): p50 ${ms(d.p50)}, p99 ${ms(d.p99)} (max ${ms(d.max)}), ` +
        `${d.arrived}/${d.changes} changes arrived`,
    );
  }
  lines.push('Fan-out of one burst to many subscribers on one gateway:');
  for (const f of fanOuts) {
    const perSecond = (f.events / f.elapsedMs) * 1000;
    lines.push(
      `   ${f.transport.padEnd(6)}: ${f.events} events to ${f.subscribers} subscribers in ${ms(f.elapsedMs)}: ` +
        `${Math.round(perSecond)} events/s to each, ${Math.round(perSecond * f.subscribers)} deliveries/s ` +
        `(CPU meanwhile: gateway ${ms(f.gatewayCpuMs ?? Number.NaN)}, driver ${ms(f.driverCpuMs)}); ` +
        `${f.complete ? 'every subscriber had every event once, in order' : 'INCOMPLETE: some subscriber missed, repeated or reordered events'}`,
    );
  }
  if (!notes.redis) lines.push('   redis : skipped (no Redis answered at REDIS_URL)');
  return lines;
}

export async function runEventsBench(): Promise<string[]> {
  const loadAverage = loadavg()[0] ?? Number.NaN;
  const sim = await startEventsSimulator('demo', 42);
  const gateways: EventsGateway[] = [];
  const prefix = `bench:events:${randomUUID()}:`;
  const redis = await redisAnswers(settings.redisUrl);
  try {
    const secret = randomBytes(24).toString('hex');
    const pollerEnv: Record<string, string> = settings.pollerIntervalMs
      ? { POLLER_INTERVAL_MS: settings.pollerIntervalMs }
      : {};
    // Read as the gateway reads it, so that its default and any override count alike.
    const pollerIntervalMs = loadConfig({
      POLLER_INTERVAL_MS: env.POLLER_INTERVAL_MS,
      ...pollerEnv,
    }).poller.intervalMs;
    const [pollerGateway, hookGateway] = await Promise.all([
      startEventsGateway('poller gateway', sim, pollerEnv),
      startEventsGateway('hook gateway', sim, {
        OKTA_HOOK_SECRET: secret,
        POLLER_INTERVAL_MS: '600000',
      }),
    ]);
    gateways.push(pollerGateway, hookGateway);
    await registerHook(sim, hookGateway, secret);

    const users = (
      await oktaCall<{ id: string }[]>(
        sim,
        'GET',
        `/api/v1/users?limit=${2 * settings.changes}&filter=${encodeURIComponent('status eq "ACTIVE"')}`,
      )
    ).map((u) => u.id);
    const delays = [
      await timeChanges(
        sim,
        pollerGateway,
        'poller',
        users.slice(0, settings.changes),
        pollerIntervalMs + 10_000,
      ),
      await timeChanges(sim, hookGateway, 'hook', users.slice(settings.changes), 10_000),
    ];

    const [template] = await oktaCall<Record<string, unknown>[]>(
      sim,
      'GET',
      `/api/v1/logs?limit=1&filter=${encodeURIComponent(`eventType eq "${PROFILE_UPDATE}"`)}`,
    );
    if (!template) throw new Error('the org has no System Log event to copy');
    const fanOuts = [await fanOut(hookGateway, 'memory', secret, template)];
    if (redis) {
      const redisGateway = await startEventsGateway('Redis gateway', sim, {
        OKTA_HOOK_SECRET: secret,
        REDIS_URL: settings.redisUrl,
        REDIS_PREFIX: prefix,
      });
      gateways.push(redisGateway);
      fanOuts.push(await fanOut(redisGateway, 'redis', secret, template));
    }
    return formatEvents(delays, fanOuts, { pollerIntervalMs, redis, loadAverage });
  } finally {
    await Promise.all([...gateways.map((g) => g.stop()), sim.stop()]);
    if (redis) await removeKeys(settings.redisUrl, prefix);
    await eventsAgent.close();
  }
}

// `npx tsx bench/events.ts`: this part alone.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  for (const line of await runEventsBench()) console.log(line);
  console.log(`\nDone in ${Math.round((performance.now() - started) / 1000)} s.`);
}
