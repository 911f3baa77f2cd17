import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogEventStream, type LogEventStream } from '../../src/events/stream.ts';
import type { LogEvent } from '../../src/okta/index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// This run's own keys and channel, so no other run (or earlier one) shares its dedupe memory.
const keyPrefix = `test-stream-${randomUUID()}:`;

const event = (n: number): LogEvent =>
  ({
    uuid: randomUUID(),
    published: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    eventType: 'user.lifecycle.create',
    displayMessage: `event ${n}`,
  }) as LogEvent;

afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Read `count` events from a subscription, then stop it. */
async function take(stream: LogEventStream, count: number, ready: () => void): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  const controller = new AbortController();
  const iterator = stream.subscribe(controller.signal)[Symbol.asyncIterator]();
  ready();
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  controller.abort();
  return out;
}

describe.each([
  ['in memory', undefined],
  ['on Redis', REDIS_URL],
])('the log event stream %s', (_name, redisUrl) => {
  const streams: LogEventStream[] = [];
  const open = () => {
    const stream = createLogEventStream(redisUrl ? { redisUrl, keyPrefix } : {});
    streams.push(stream);
    return stream;
  };
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  // Redis subscriptions take a moment to be in place after subscribe().
  const settle = () => new Promise((resolve) => setTimeout(resolve, redisUrl ? 150 : 0));

  it('delivers a burst of 1,000 events to every subscriber once, in order', async () => {
    const stream = open();
    const events = Array.from({ length: 1000 }, (_, n) => event(n));
    const readers = [take(stream, 1000, () => {}), take(stream, 1000, () => {})];
    await settle();
    expect(stream.subscribers).toBe(2);
    for (let i = 0; i < events.length; i += 100) {
      await stream.publish(events.slice(i, i + 100), 'poller');
    }
    const [a, b] = await Promise.all(readers);
    expect(a.map((e) => e.uuid)).toEqual(events.map((e) => e.uuid));
    expect(b.map((e) => e.uuid)).toEqual(events.map((e) => e.uuid));
  });

  it('publishes an event that two sources deliver only once', async () => {
    const stream = open();
    const [first, second] = [event(1), event(2)];
    const reader = take(stream, 2, () => {});
    await settle();
    expect(await stream.publish([first as LogEvent], 'hook')).toEqual([first]);
    expect(await stream.publish([first as LogEvent, second as LogEvent], 'poller')).toEqual([
      second,
    ]);
    expect((await reader).map((e) => e.uuid)).toEqual([first?.uuid, second?.uuid]);
  });

  it('serves 50 subscribers without a "possible memory leak" warning from Node', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const stream = open();
      const readers = Array.from({ length: 50 }, () => take(stream, 1, () => {}));
      await settle();
      expect(stream.subscribers).toBe(50);
      const one = event(1);
      await stream.publish([one], 'hook');
      const got = await Promise.all(readers);
      expect(got.map((events) => events.map((e) => e.uuid))).toEqual(got.map(() => [one.uuid]));
      // Node emits process warnings on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
      expect(stream.subscribers).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('counts subscribers and forgets one that stops', async () => {
    const stream = open();
    const controller = new AbortController();
    const iterator = stream.subscribe(controller.signal)[Symbol.asyncIterator]();
    void iterator.next();
    expect(stream.subscribers).toBe(1);
    controller.abort();
    expect(stream.subscribers).toBe(0);
  });
});

describe('two replicas on one Redis', () => {
  it('each sees every event, and an event both publish reaches each once', async () => {
    const one = createLogEventStream({ redisUrl: REDIS_URL, keyPrefix });
    const two = createLogEventStream({ redisUrl: REDIS_URL, keyPrefix });
    try {
      const e = event(7);
      const readers = [take(one, 1, () => {}), take(two, 1, () => {})];
      await new Promise((resolve) => setTimeout(resolve, 150));
      const published = await Promise.all([one.publish([e], 'poller'), two.publish([e], 'hook')]);
      expect(published.flat().map((x) => x.uuid)).toEqual([e.uuid]);
      const [a, b] = await Promise.all(readers);
      expect(a.map((x) => x.uuid)).toEqual([e.uuid]);
      expect(b.map((x) => x.uuid)).toEqual([e.uuid]);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
