import type { Redis } from 'ioredis';
import type { MemoryLeaseBoard } from './lease.ts';

/**
 * Where the System Log poller resumes: the path and query of Okta's last `next` link
 * (`/api/v1/logs?…&after=…`). Writes are fenced by the poller lease: only the token that holds
 * the lease moves the cursor, so a replica that lost the lease while a poll was in flight cannot
 * move its successor's cursor back (which would repeat events) or clear it.
 */
export interface PollerCursorStore {
  load(): Promise<string | null>;
  /** Save the cursor if `token` holds the lease. False (and nothing saved) otherwise. */
  save(cursor: string, token: string): Promise<boolean>;
  /** Forget the cursor if `token` holds the lease. */
  clear(token: string): Promise<boolean>;
}

/** In this process. Without a board (one poller alone) every write is its own. */
export class MemoryCursorStore implements PollerCursorStore {
  private cursor: string | null = null;

  constructor(private readonly board?: MemoryLeaseBoard) {}

  private holds(token: string): boolean {
    return this.board === undefined || this.board.holderNow() === token;
  }

  async load(): Promise<string | null> {
    return this.cursor;
  }

  async save(cursor: string, token: string): Promise<boolean> {
    if (!this.holds(token)) return false;
    this.cursor = cursor;
    return true;
  }

  async clear(token: string): Promise<boolean> {
    if (!this.holds(token)) return false;
    this.cursor = null;
    return true;
  }
}

const SAVE = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1`;

const CLEAR = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[2])
return 1`;

/** In Redis, beside the lease whose holder alone writes it (one script checks and writes). */
export class RedisCursorStore implements PollerCursorStore {
  constructor(
    private readonly redis: Redis,
    readonly keys: { cursor: string; lease: string },
  ) {}

  load(): Promise<string | null> {
    return this.redis.get(this.keys.cursor);
  }

  async save(cursor: string, token: string): Promise<boolean> {
    const saved = await this.redis.eval(SAVE, 2, this.keys.lease, this.keys.cursor, token, cursor);
    return saved === 1;
  }

  async clear(token: string): Promise<boolean> {
    return (await this.redis.eval(CLEAR, 2, this.keys.lease, this.keys.cursor, token)) === 1;
  }
}
