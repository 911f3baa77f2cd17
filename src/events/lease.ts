import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The right to poll one org's System Log. Exactly one replica holds it at a time; it lapses when
 * not renewed, so that another replica takes over from a holder that died.
 */
export interface PollerLease {
  /** This holder's token: unique per poller, so one replica never mistakes another's lease for its own. */
  readonly token: string;
  /** How long the lease lasts without renewal (ms). The holder renews well before. */
  readonly ttlMs: number;
  /** Take the lease if it is free, or extend it if this holder has it. True while held. */
  acquire(): Promise<boolean>;
  /** Extend the lease this holder has. False when it lapsed (and perhaps another took it). */
  renew(): Promise<boolean>;
  /** Give the lease up if this holder has it, so that another can take it at once. */
  release(): Promise<void>;
}

/**
 * Whether anyone, on any replica, subscribes to events. Each replica with subscribers announces
 * it for a short while and again before that lapses; the lease holder polls while it holds.
 */
export interface ListenerPresence {
  /** How long an announcement lasts (ms). */
  readonly ttlMs: number;
  /** This replica has subscribers now. */
  announce(): Promise<void>;
  /** Some replica announced subscribers within the last `ttlMs`. */
  anyListening(): Promise<boolean>;
}

/** Who holds the lease in one process: replicas of a test, or the single gateway without Redis. */
export class MemoryLeaseBoard {
  private holder: string | null = null;
  private expiresAt = 0;

  constructor(readonly now: () => number = Date.now) {}

  /** The token holding the lease now, or null. */
  holderNow(): string | null {
    return this.holder !== null && this.now() < this.expiresAt ? this.holder : null;
  }

  take(token: string, ttlMs: number): boolean {
    const holder = this.holderNow();
    if (holder !== null && holder !== token) return false;
    this.holder = token;
    this.expiresAt = this.now() + ttlMs;
    return true;
  }

  extend(token: string, ttlMs: number): boolean {
    if (this.holderNow() !== token) return false;
    this.expiresAt = this.now() + ttlMs;
    return true;
  }

  give(token: string): void {
    if (this.holderNow() === token) this.holder = null;
  }
}

/** A lease in this process. Alone on its board (the default), it is always granted. */
export class MemoryPollerLease implements PollerLease {
  readonly token = randomUUID();

  constructor(
    readonly board = new MemoryLeaseBoard(),
    readonly ttlMs = 15_000,
  ) {}

  async acquire(): Promise<boolean> {
    return this.board.take(this.token, this.ttlMs);
  }

  async renew(): Promise<boolean> {
    return this.board.extend(this.token, this.ttlMs);
  }

  async release(): Promise<void> {
    this.board.give(this.token);
  }
}

// Compare-and-set: only the token that holds the lease may extend or delete it, so a holder that
// paused past its expiry cannot extend or drop the lease its successor took meanwhile.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The lease in Redis, shared by every replica: `SET key token NX PX ttl`. */
export class RedisPollerLease implements PollerLease {
  readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    /** The lease's key; the cursor store fences its writes with the same key. */
    readonly key: string,
    readonly ttlMs = 15_000,
  ) {}

  async acquire(): Promise<boolean> {
    const taken = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    return taken === 'OK' || this.renew();
  }

  async renew(): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.key, this.token, this.ttlMs)) === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}

/**
 * Listeners across replicas as one short-lived key: any replica with subscribers sets it again
 * before it lapses, so it exists exactly while some replica has had subscribers lately.
 */
export class RedisListenerPresence implements ListenerPresence {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs = 10_000,
  ) {}

  async announce(): Promise<void> {
    await this.redis.set(this.key, '1', 'PX', this.ttlMs);
  }

  async anyListening(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }
}
