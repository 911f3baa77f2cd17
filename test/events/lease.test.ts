import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MemoryCursorStore,
  type PollerCursorStore,
  RedisCursorStore,
} from '../../src/events/cursor.ts';
import {
  MemoryLeaseBoard,
  MemoryPollerLease,
  type PollerLease,
  RedisListenerPresence,
  RedisPollerLease,
} from '../../src/events/lease.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** This run's keys: its own prefix, deleted afterwards. */
const PREFIX = `test:lease:${randomUUID()}:`;
const TTL_MS = 150;

const redis = new Redis(REDIS_URL);
afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Two replicas' leases on one shared lease, and the cursor store it fences. */
interface Replicas {
  one: PollerLease;
  two: PollerLease;
  cursor: PollerCursorStore;
}

const inMemory = (): Replicas => {
  const board = new MemoryLeaseBoard();
  return {
    one: new MemoryPollerLease(board, TTL_MS),
    two: new MemoryPollerLease(board, TTL_MS),
    cursor: new MemoryCursorStore(board),
  };
};

const onRedis = (): Replicas => {
  const lease = `${PREFIX}${randomUUID()}:lease`;
  return {
    one: new RedisPollerLease(redis, lease, TTL_MS),
    two: new RedisPollerLease(redis, lease, TTL_MS),
    cursor: new RedisCursorStore(redis, { lease, cursor: `${PREFIX}${randomUUID()}:cursor` }),
  };
};

describe.each([
  ['in memory', inMemory],
  ['on Redis', onRedis],
])('the poller lease %s', (_name, replicas) => {
  it('is held by one replica at a time', async () => {
    const { one, two } = replicas();
    expect([await one.acquire(), await two.acquire(), await one.acquire()]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('stays with a holder that renews it past its time to live', async () => {
    const { one, two } = replicas();
    await one.acquire();
    const renewals: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(TTL_MS / 3);
      renewals.push(await one.renew());
    }
    expect([renewals, await two.acquire()]).toEqual([[true, true, true, true], false]);
  });

  it('goes to another replica at once when released', async () => {
    const { one, two } = replicas();
    await one.acquire();
    await one.release();
    expect(await two.acquire()).toBe(true);
  });

  it('lapses when its holder stops renewing, and the old holder can neither renew nor release it', async () => {
    const { one, two } = replicas();
    await one.acquire();
    await sleep(TTL_MS + 50);
    const taken = await two.acquire();
    const renewed = await one.renew();
    await one.release();
    expect([taken, renewed, await one.acquire(), await two.renew()]).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('lets only its holder save or clear the cursor', async () => {
    const { one, two, cursor } = replicas();
    await one.acquire();
    const saves = [
      await cursor.save('/api/v1/logs?after=MQ', one.token),
      await cursor.save('/api/v1/logs?after=Mg', two.token),
      await cursor.clear(two.token),
    ];
    expect([saves, await cursor.load()]).toEqual([[true, false, false], '/api/v1/logs?after=MQ']);
  });

  it('lets the holder clear the cursor', async () => {
    const { one, cursor } = replicas();
    await one.acquire();
    await cursor.save('/api/v1/logs?after=MQ', one.token);
    expect([await cursor.clear(one.token), await cursor.load()]).toEqual([true, null]);
  });
});

describe('listener presence on Redis', () => {
  it('says someone listens from an announcement until its time to live passes', async () => {
    const presence = new RedisListenerPresence(redis, `${PREFIX}listening`, TTL_MS);
    const before = await presence.anyListening();
    await presence.announce();
    const after = await presence.anyListening();
    await sleep(TTL_MS + 50);
    expect([before, after, await presence.anyListening()]).toEqual([false, true, false]);
  });
});
