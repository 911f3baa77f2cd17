/**
 * The rate-limit budget of one Okta org in Redis, shared by every gateway replica, so that N
 * replicas together stay within Okta's limits instead of each spending a whole bucket. It keeps
 * InMemoryBudgetStore's rules exactly (rate-limit-budget.ts); each step is one Lua script, so two
 * replicas never spend the same unit.
 *
 * Per bucket: a hash (limit, remaining, resetAt, rolledFrom) that expires a window after its reset,
 * a sorted set of the calls in flight, each a reservation that expires on its own so that
 * the calls of a replica that died stop counting, and a hash of the units each capped spender (a
 * caller) took in the current window, emptied when the window rolls. The keys of one store share one prefix (name
 * the org in it when one Redis serves several); the scripts name every key they touch but use
 * several per step, so a Redis Cluster would need the prefix to be one hash tag (`{…}`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type {
  BucketView,
  BudgetStore,
  RateLimitObservation,
  TakePolicy,
  TakeResult,
} from './rate-limit-budget.ts';

export interface RedisBudgetStoreOptions {
  /** Every key starts with it. Default `okta-gateway:budget:`. */
  prefix?: string;
  /**
   * A call still counted in flight after this long is forgotten: its replica died before it
   * could settle it. Longer than any Okta call lasts (the client's deadlines). Default 120 s.
   */
  reservationTtlMs?: number;
  /** A bucket's state outlives its window's reset by this much (Okta's windows are a minute). */
  windowMs?: number;
  /**
   * When a bucket waits only for answers to calls in flight on other replicas (whose answers
   * cannot wake this replica's governor), look again this soon. Default 100 ms.
   */
  recheckMs?: number;
}

/** Okta's values are whole numbers of ms; Lua's tostring would turn large ones into exponents. */
const LUA_HELPERS = `
local function fmt(n) return string.format('%.0f', n) end
local function num(v) if v then return tonumber(v) end return nil end
local function save(key, now, windowMs, limit, remaining, resetAt, rolledFrom)
  redis.call('HSET', key, 'limit', fmt(limit), 'remaining', fmt(remaining))
  if resetAt then redis.call('HSET', key, 'resetAt', fmt(resetAt)) else redis.call('HDEL', key, 'resetAt') end
  if rolledFrom then redis.call('HSET', key, 'rolledFrom', fmt(rolledFrom)) else redis.call('HDEL', key, 'rolledFrom') end
  local ttl = windowMs
  if resetAt and resetAt > now then ttl = ttl + resetAt - now end
  redis.call('PEXPIRE', key, ttl)
end
`;

/**
 * KEYS: state hash, calls in flight (sorted set), bucket names (set), units per capped spender in
 * the current window (hash).
 * ARGV: now, reservedShare, initialInFlight, reservation id, reservation expiry, windowMs,
 * bucket name, bucket names' ttl, spender ('' for none), spender's share.
 * Returns {1} (granted) or {0, retryAt} (retryAt -1: none known).
 */
const TAKE = `${LUA_HELPERS}
local now = tonumber(ARGV[1])
local share = tonumber(ARGV[2])
local initialInFlight = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[6])
redis.call('SADD', KEYS[3], ARGV[7])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[2])
local spender = ARGV[9]
local spenderShare = tonumber(ARGV[10])
local function reserve()
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], math.max(1, tonumber(ARGV[5]) - now))
  if spender ~= '' then
    redis.call('HINCRBY', KEYS[4], spender, 1)
    redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[8]))
  end
end
local s = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'resetAt', 'rolledFrom')
local limit = num(s[1])
local remaining = num(s[2]) or 0
local resetAt = num(s[3])
local rolledFrom = num(s[4])
if not limit then
  -- A bucket not known (or whose state expired): counts left from an older window go.
  if inFlight == 0 then redis.call('DEL', KEYS[4]) end
  if inFlight < initialInFlight then
    reserve()
    return {1}
  end
  return {0, -1}
end
if resetAt and now >= resetAt then
  rolledFrom = resetAt
  resetAt = nil
  remaining = limit
  redis.call('HDEL', KEYS[1], 'lowest', 'lost')
  redis.call('DEL', KEYS[4])
end
local reserved = math.max(0, math.min(limit - 1, math.ceil(limit * share - 1e-9)))
local withinShare = true
if spender ~= '' then
  local cap = math.max(1, math.floor((limit - reserved) * spenderShare + 1e-9))
  withinShare = (tonumber(redis.call('HGET', KEYS[4], spender)) or 0) < cap
end
if withinShare and remaining - reserved >= 1 then
  remaining = remaining - 1
  reserve()
  save(KEYS[1], now, windowMs, limit, remaining, resetAt, rolledFrom)
  return {1}
end
if (not resetAt) and inFlight == 0 then
  reserve()
  save(KEYS[1], now, windowMs, limit, remaining, resetAt, rolledFrom)
  return {1}
end
save(KEYS[1], now, windowMs, limit, remaining, resetAt, rolledFrom)
return {0, resetAt or -1}
`;

/**
 * KEYS: state hash, calls in flight, units per capped spender.
 * ARGV: now, reservation id ('' for none), observed (0/1), limit, remaining, resetAt, windowMs.
 */
const SETTLE = `${LUA_HELPERS}
local now = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[7])
if ARGV[2] ~= '' then redis.call('ZREM', KEYS[2], ARGV[2]) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if ARGV[3] ~= '1' then
  -- Failed without an answer: Okta may have counted it.
  if redis.call('HEXISTS', KEYS[1], 'limit') == 1 then redis.call('HINCRBY', KEYS[1], 'lost', 1) end
  return 0
end
local inFlight = redis.call('ZCARD', KEYS[2])
local observedLimit = tonumber(ARGV[4])
local observedRemaining = tonumber(ARGV[5])
local observedReset = tonumber(ARGV[6])
local s = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'resetAt', 'rolledFrom', 'lowest', 'lost')
local first = not num(s[1])
local remaining = num(s[2]) or 0
local resetAt = num(s[3])
local rolledFrom = num(s[4])
local lowest = num(s[5])
local lost = num(s[6]) or 0
-- Calls still in flight may or may not be in Okta's count yet: assume they are not.
local reported = observedRemaining - inFlight
if first then
  resetAt = observedReset
  remaining = reported
  lowest = observedRemaining
  lost = 0
elseif not resetAt then
  if not (rolledFrom and observedReset <= rolledFrom) then
    resetAt = observedReset
    remaining = math.min(remaining, reported)
    lowest = observedRemaining
  end
elseif observedReset > resetAt then
  -- Okta moved to a new window before our clock did.
  rolledFrom = resetAt
  resetAt = observedReset
  remaining = reported
  lowest = observedRemaining
  lost = 0
  redis.call('DEL', KEYS[3])
elseif observedReset == resetAt then
  -- See budgetAfter (rate-limit-budget.ts): only the calls in flight, and the lost, may be
  -- missing from the lowest count Okta reported.
  lowest = math.min(lowest or observedRemaining, observedRemaining)
  remaining = lowest - inFlight - lost
end
save(KEYS[1], now, windowMs, observedLimit, remaining, resetAt, rolledFrom)
if lowest then redis.call('HSET', KEYS[1], 'lowest', fmt(lowest)) end
redis.call('HSET', KEYS[1], 'lost', fmt(lost))
return 1
`;

interface LuaScript {
  source: string;
  sha: string;
}

const script = (source: string): LuaScript => ({
  source,
  sha: createHash('sha1').update(source).digest('hex'),
});

const TAKE_SCRIPT = script(TAKE);
const SETTLE_SCRIPT = script(SETTLE);

export class RedisBudgetStore implements BudgetStore {
  private readonly prefix: string;
  private readonly reservationTtlMs: number;
  private readonly windowMs: number;
  private readonly recheckMs: number;
  /** Names this replica's reservations; unique across replicas and restarts. */
  private readonly replica = randomUUID();
  private sequence = 0;
  /** This replica's reservations per bucket, oldest first (a settle gives back any one). */
  private readonly mine = new Map<string, string[]>();
  private readonly redis: Redis;
  private readonly owned: boolean;

  /**
   * Over a connection of the caller's (which closes it), or over one of its own to `redis` as a
   * URL (closed by `close()`).
   */
  constructor(redis: Redis | string, options: RedisBudgetStoreOptions = {}) {
    this.owned = typeof redis === 'string';
    this.redis = typeof redis === 'string' ? new Redis(redis) : redis;
    this.prefix = options.prefix ?? 'okta-gateway:budget:';
    this.reservationTtlMs = options.reservationTtlMs ?? 120_000;
    this.windowMs = options.windowMs ?? 60_000;
    this.recheckMs = options.recheckMs ?? 100;
  }

  private stateKey(bucket: string): string {
    return `${this.prefix}bucket:${bucket}`;
  }

  private callsKey(bucket: string): string {
    return `${this.prefix}bucket:${bucket}:calls`;
  }

  private spentKey(bucket: string): string {
    return `${this.prefix}bucket:${bucket}:spent`;
  }

  private get bucketsKey(): string {
    return `${this.prefix}buckets`;
  }

  async take(bucket: string, policy: TakePolicy): Promise<TakeResult> {
    const reservation = `${this.replica}:${++this.sequence}`;
    const capped =
      policy.spender !== undefined && policy.spenderShare !== undefined && policy.spenderShare < 1;
    const answer = (await this.run(
      TAKE_SCRIPT,
      [this.stateKey(bucket), this.callsKey(bucket), this.bucketsKey, this.spentKey(bucket)],
      [
        policy.now,
        policy.reservedShare,
        policy.initialInFlight,
        reservation,
        policy.now + this.reservationTtlMs,
        this.windowMs,
        bucket,
        this.reservationTtlMs + this.windowMs,
        capped ? (policy.spender as string) : '',
        capped ? (policy.spenderShare as number) : 1,
      ],
    )) as [number, number?];
    if (answer[0] === 1) {
      const mine = this.mine.get(bucket);
      if (mine) mine.push(reservation);
      else this.mine.set(bucket, [reservation]);
      return { granted: true };
    }
    const retryAt = answer[1] === undefined || answer[1] < 0 ? null : answer[1];
    if (retryAt === null && !this.mine.get(bucket)?.length) {
      // Only other replicas' calls are in flight: their answers will not wake this governor.
      return { granted: false, retryAt: policy.now + this.recheckMs };
    }
    return { granted: false, retryAt };
  }

  async settle(
    bucket: string,
    observation: RateLimitObservation | null,
    now: number,
  ): Promise<void> {
    const reservation = this.mine.get(bucket)?.shift() ?? '';
    await this.run(
      SETTLE_SCRIPT,
      [this.stateKey(bucket), this.callsKey(bucket), this.spentKey(bucket)],
      [
        now,
        reservation,
        observation ? 1 : 0,
        observation?.limit ?? 0,
        observation?.remaining ?? 0,
        observation?.resetAt ?? 0,
        this.windowMs,
      ],
    );
  }

  /** Every bucket any replica has used whose state has not expired yet. */
  async view(now: number): Promise<Omit<BucketView, 'queued' | 'reserved'>[]> {
    const buckets = (await this.redis.smembers(this.bucketsKey)).sort();
    if (buckets.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const bucket of buckets) {
      pipeline.hmget(this.stateKey(bucket), 'limit', 'remaining', 'resetAt');
      pipeline.zcount(this.callsKey(bucket), `(${now}`, '+inf');
    }
    const results = (await pipeline.exec()) ?? [];
    const out: Omit<BucketView, 'queued' | 'reserved'>[] = [];
    buckets.forEach((bucket, i) => {
      const [stateError, state] = results[2 * i] ?? [];
      const [callsError, calls] = results[2 * i + 1] ?? [];
      if (stateError) throw stateError;
      if (callsError) throw callsError;
      const [limitRaw, remainingRaw, resetRaw] = state as (string | null)[];
      const inFlight = Number(calls);
      if (limitRaw == null && inFlight === 0) return; // expired with its window
      const limit = limitRaw == null ? null : Number(limitRaw);
      const resetAt = resetRaw == null ? null : Number(resetRaw);
      const rolled = resetAt !== null && now >= resetAt;
      out.push({
        bucket,
        limit,
        remaining: limit === null ? null : Math.max(0, rolled ? limit : Number(remainingRaw ?? 0)),
        resetAt: rolled ? null : resetAt,
        inFlight,
      });
    });
    return out;
  }

  /** Closes the connection if the store opened it. */
  async close(): Promise<void> {
    if (this.owned) await this.redis.quit().catch(() => undefined);
  }

  private async run(lua: LuaScript, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(lua.sha, keys.length, ...keys, ...args);
    } catch (error) {
      // A Redis that has not seen the script yet (or was restarted): send it once in full.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return this.redis.eval(lua.source, keys.length, ...keys, ...args);
      }
      throw error;
    }
  }
}
