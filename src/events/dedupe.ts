import type { Redis } from 'ioredis';

/**
 * Remembers the System Log event uuids already published, so an event that arrives twice (from
 * the poller and an event hook, or from a hook's at-least-once redelivery) is published once.
 */
export interface SeenEvents {
  /** True the first time a uuid is offered, false ever after (within the retention). */
  firstSeen(uuid: string): Promise<boolean>;
}

/** In memory: the last `capacity` uuids (an insertion-ordered set, oldest dropped first). */
export class MemorySeenEvents implements SeenEvents {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  async firstSeen(uuid: string): Promise<boolean> {
    if (this.seen.has(uuid)) return false;
    this.seen.add(uuid);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}

/** In Redis, shared by every replica: `SET key NX EX` wins for exactly one publisher. */
export class RedisSeenEvents implements SeenEvents {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'okta-gateway:seen:',
    /** Okta redelivers within hours; a day covers it. */
    private readonly ttlSeconds = 24 * 60 * 60,
  ) {}

  async firstSeen(uuid: string): Promise<boolean> {
    const set = await this.redis.set(`${this.prefix}${uuid}`, '1', 'EX', this.ttlSeconds, 'NX');
    return set === 'OK';
  }
}
