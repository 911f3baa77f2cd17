/**
 * The rate-limit governor: every Okta call asks it for a permit first. It reads Okta's
 * `X-Rate-Limit-*` headers per bucket (routes.ts knows the buckets), holds requests back before a
 * bucket runs dry instead of burning into 429s (which Okta writes to the org's System Log as
 * rate-limit violations), leaves a share of every bucket to the org's other API clients, and
 * bounds its queue and the calls in flight. The budget itself lives in a BudgetStore so that many
 * gateway replicas can share one org's budget (in memory now; Redis later).
 */
import { OktaRateLimitError } from './errors.ts';

/** What one answer's `X-Rate-Limit-*` headers said. */
export interface RateLimitObservation {
  /** `X-Rate-Limit-Limit`: the bucket's ceiling per window. */
  limit: number;
  /** `X-Rate-Limit-Remaining`, after this request. */
  remaining: number;
  /** `X-Rate-Limit-Reset` in ms since epoch (Okta sends epoch seconds). */
  resetAt: number;
}

/** One bucket as the governor sees it (for the GraphQL `rateLimits` query and metrics). */
export interface BucketView {
  bucket: string;
  /** The ceiling Okta reported; null until the first answer from this bucket. */
  limit: number | null;
  /** What is left for new requests in this window (our estimate, after calls in flight). */
  remaining: number | null;
  /** When the window resets (ms since epoch); null when unknown. */
  resetAt: number | null;
  /** Calls counted against the bucket that have not been answered yet. */
  inFlight: number;
  /** Calls waiting in this governor for the bucket. */
  queued: number;
  /**
   * Units of the window this governor leaves to the org's other API clients (its reserved
   * share of the limit); null until the first answer says the limit.
   */
  reserved: number | null;
}

export interface TakePolicy {
  now: number;
  /** Share of every bucket left unused (0..1). */
  reservedShare: number;
  /** Calls in flight allowed for a bucket before its first answer says how big it is. */
  initialInFlight: number;
}

/** `retryAt` null: nothing to wait for but answers to calls in flight. */
export type TakeResult = { granted: true } | { granted: false; retryAt: number | null };

/**
 * Where an org's budget lives. Each method is one atomic step, so that a shared store (Redis
 * with a script per step) keeps many replicas from spending the same unit twice.
 */
export interface BudgetStore {
  /** Count one call against the bucket if the budget allows it now. */
  take(bucket: string, policy: TakePolicy): Promise<TakeResult>;
  /** One call counted by `take` was answered (`observation` = its headers) or failed (null). */
  settle(bucket: string, observation: RateLimitObservation | null, now: number): Promise<void>;
  view(now: number): Promise<Omit<BucketView, 'queued' | 'reserved'>[]>;
}

interface BucketState {
  limit: number | null;
  /** Estimated budget for new calls in the current window, after those in flight. */
  remaining: number;
  /** End of the current window; null after rolling past a reset until an answer says the next. */
  resetAt: number | null;
  /** The last reset rolled past locally: answers from that window (or older) are stale. */
  rolledFrom: number | null;
  inFlight: number;
}

/** Units of a bucket left unused: the reserved share, but never the whole bucket. */
export function reservedUnits(limit: number, share: number): number {
  return Math.max(0, Math.min(limit - 1, Math.ceil(limit * share)));
}

/** One process's budget. */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, BucketState>();

  private state(bucket: string): BucketState {
    let s = this.buckets.get(bucket);
    if (!s) {
      s = { limit: null, remaining: 0, resetAt: null, rolledFrom: null, inFlight: 0 };
      this.buckets.set(bucket, s);
    }
    return s;
  }

  async take(bucket: string, policy: TakePolicy): Promise<TakeResult> {
    const s = this.state(bucket);
    if (s.limit === null) {
      // Okta has not told us the bucket's size (or how much of it the org has used): probe.
      if (s.inFlight < policy.initialInFlight) {
        s.inFlight++;
        return { granted: true };
      }
      return { granted: false, retryAt: null };
    }
    if (s.resetAt !== null && policy.now >= s.resetAt) {
      // Okta's window has reset; until an answer says otherwise, the whole bucket is there.
      s.rolledFrom = s.resetAt;
      s.resetAt = null;
      s.remaining = s.limit;
    }
    if (s.remaining - reservedUnits(s.limit, policy.reservedShare) >= 1) {
      s.remaining--;
      s.inFlight++;
      return { granted: true };
    }
    if (s.resetAt === null && s.inFlight === 0) {
      // Spent in a window whose calls all failed without headers: one probe finds out more.
      s.inFlight++;
      return { granted: true };
    }
    return { granted: false, retryAt: s.resetAt };
  }

  async settle(bucket: string, observation: RateLimitObservation | null): Promise<void> {
    const s = this.state(bucket);
    s.inFlight = Math.max(0, s.inFlight - 1);
    if (!observation) return;
    const first = s.limit === null;
    s.limit = observation.limit;
    // Calls still in flight may or may not be in Okta's count yet: assume they are not.
    const reported = observation.remaining - s.inFlight;
    if (first) {
      s.resetAt = observation.resetAt;
      s.remaining = reported;
    } else if (s.resetAt === null) {
      if (s.rolledFrom !== null && observation.resetAt <= s.rolledFrom) return;
      s.resetAt = observation.resetAt;
      s.remaining = Math.min(s.remaining, reported);
    } else if (observation.resetAt > s.resetAt) {
      // Okta moved to a new window before our clock did.
      s.rolledFrom = s.resetAt;
      s.resetAt = observation.resetAt;
      s.remaining = reported;
    } else if (observation.resetAt === s.resetAt) {
      // Answers arrive out of order; within one window the budget only shrinks.
      s.remaining = Math.min(s.remaining, reported);
    }
  }

  async view(now: number): Promise<Omit<BucketView, 'queued' | 'reserved'>[]> {
    return [...this.buckets]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([bucket, s]) => {
        const rolled = s.resetAt !== null && now >= s.resetAt;
        return {
          bucket,
          limit: s.limit,
          remaining: s.limit === null ? null : Math.max(0, rolled ? s.limit : s.remaining),
          resetAt: rolled ? null : s.resetAt,
          inFlight: s.inFlight,
        };
      });
  }
}

export interface RateLimitGovernorOptions {
  store?: BudgetStore;
  /** Share of every bucket left for the org's other API clients (0..1). Default 0.2. */
  reservedShare?: number;
  /** Okta calls in flight at once from this governor. Default 10. */
  maxConcurrency?: number;
  /** Calls in flight per bucket before its first headers are seen. Default 2. */
  initialInFlight?: number;
  /** Calls allowed to wait; more fail at once with OktaRateLimitError. Default 1000. */
  maxQueue?: number;
  /** Waits for a reset end at a random point in [reset, reset + jitter). Default 1000 ms. */
  resetJitterMs?: number;
  /** No reset is believed further away than this (Okta's windows are one minute). Default 61 s. */
  maxResetWaitMs?: number;
  /** The longest wait after a concurrency 429, whatever its reset says. Default 2 s. */
  concurrencyBackoffMs?: number;
  /**
   * A reset this far in the past is clock skew, not a reset; it is replaced by a short wait.
   * Default 1 s.
   */
  pastResetToleranceMs?: number;
  now?: () => number;
  random?: () => number;
}

/** How an answer went, as the governor needs it. */
export interface CallAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
}

export interface Permit {
  readonly bucket: string;
  /**
   * Give the permit back with the answer (null when none came). For a 429 it returns when the
   * call may be tried again.
   */
  release(answer: CallAnswer | null): Promise<{ retryAt: number } | null>;
}

export interface AcquireOptions {
  /** ms since epoch; a wait that would pass it fails with OktaRateLimitError. */
  deadline: number;
  signal?: AbortSignal;
  /** Do not start before this time (ms since epoch), e.g. after a 429. */
  notBefore?: number;
}

/** setTimeout fires at once for longer delays. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Waiter {
  bucket: string;
  deadline: number;
  notBefore: number;
  /** The reset this waiter's jittered `notBefore` was computed for. */
  waitingFor: number | null;
  resolve(permit: Permit): void;
  reject(error: unknown): void;
  cleanup(): void;
}

/** Parse Okta's three rate-limit headers; null when one is missing, duplicated or not a number. */
export function parseRateLimitHeaders(
  headers: Record<string, string>,
): RateLimitObservation | null {
  const read = (name: string) => {
    const raw = headers[name];
    // A comma means the header came twice (a proxy joined them): trust neither.
    if (raw === undefined || raw.includes(',') || !/^\s*\d+\s*$/.test(raw)) return null;
    return Number(raw);
  };
  const limit = read('x-rate-limit-limit');
  const remaining = read('x-rate-limit-remaining');
  const reset = read('x-rate-limit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAt: reset * 1000 };
}

export class RateLimitGovernor {
  private readonly store: BudgetStore;
  private readonly reservedShare: number;
  private readonly maxConcurrency: number;
  private readonly initialInFlight: number;
  private readonly maxQueue: number;
  private readonly resetJitterMs: number;
  private readonly maxResetWaitMs: number;
  private readonly concurrencyBackoffMs: number;
  private readonly pastResetToleranceMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  private readonly waiters: Waiter[] = [];
  private inFlight = 0;
  /** Per-minute ceilings seen per bucket: a 429 reporting another ceiling is a concurrency 429. */
  private readonly ceilings = new Map<string, number>();
  /** After a concurrency 429 nobody starts a call before this. */
  private pausedUntil = 0;
  private pumping = false;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;

  constructor(options: RateLimitGovernorOptions = {}) {
    this.store = options.store ?? new InMemoryBudgetStore();
    this.reservedShare = options.reservedShare ?? 0.2;
    this.maxConcurrency = options.maxConcurrency ?? 10;
    this.initialInFlight = options.initialInFlight ?? 2;
    this.maxQueue = options.maxQueue ?? 1000;
    this.resetJitterMs = options.resetJitterMs ?? 1000;
    this.maxResetWaitMs = options.maxResetWaitMs ?? 61_000;
    this.concurrencyBackoffMs = options.concurrencyBackoffMs ?? 2000;
    this.pastResetToleranceMs = options.pastResetToleranceMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    if (!(this.reservedShare >= 0 && this.reservedShare < 1)) {
      throw new RangeError('reservedShare must be in [0, 1)');
    }
    if (this.maxConcurrency < 1 || this.initialInFlight < 1) {
      throw new RangeError('maxConcurrency and initialInFlight must be at least 1');
    }
  }

  /** Wait for the bucket's budget and a concurrency slot. */
  acquire(bucket: string, options: AcquireOptions): Promise<Permit> {
    const now = this.now();
    const notBefore = options.notBefore ?? 0;
    if (notBefore > options.deadline) {
      return Promise.reject(new OktaRateLimitError(bucket, notBefore));
    }
    if (this.waiters.length >= this.maxQueue) {
      return Promise.reject(new OktaRateLimitError(bucket, Math.max(now, notBefore)));
    }
    options.signal?.throwIfAborted();
    return new Promise<Permit>((resolve, reject) => {
      let deadlineTimer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        bucket,
        deadline: options.deadline,
        notBefore,
        waitingFor: null,
        resolve,
        reject,
        cleanup: () => {
          if (deadlineTimer) clearTimeout(deadlineTimer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      };
      const onAbort = () => this.drop(waiter, options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      deadlineTimer = setTimeout(
        () => this.drop(waiter, new OktaRateLimitError(bucket, Math.max(waiter.notBefore, now))),
        Math.min(MAX_TIMER_MS, Math.max(0, options.deadline - now)),
      );
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Every bucket this governor has seen, with what waits for it. */
  async view(): Promise<BucketView[]> {
    const queued = new Map<string, number>();
    for (const w of this.waiters) queued.set(w.bucket, (queued.get(w.bucket) ?? 0) + 1);
    const seen = await this.store.view(this.now());
    const out: BucketView[] = seen.map((b) => ({
      ...b,
      queued: queued.get(b.bucket) ?? 0,
      reserved: b.limit === null ? null : reservedUnits(b.limit, this.reservedShare),
    }));
    for (const [bucket, n] of queued) {
      if (!seen.some((b) => b.bucket === bucket)) {
        out.push({
          bucket,
          limit: null,
          remaining: null,
          resetAt: null,
          inFlight: 0,
          queued: n,
          reserved: null,
        });
      }
    }
    return out.sort((a, b) => a.bucket.localeCompare(b.bucket));
  }

  /** Calls in flight now, across buckets. */
  get active(): number {
    return this.inFlight;
  }

  private drop(waiter: Waiter, error: unknown): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    waiter.cleanup();
    waiter.reject(error);
  }

  private permit(bucket: string): Permit {
    let released = false;
    return {
      bucket,
      release: async (answer) => {
        if (released) return null;
        released = true;
        try {
          return await this.settle(bucket, answer);
        } finally {
          this.inFlight--;
          this.pump();
        }
      },
    };
  }

  private async settle(
    bucket: string,
    answer: CallAnswer | null,
  ): Promise<{ retryAt: number } | null> {
    const now = this.now();
    const observed = answer ? parseRateLimitHeaders(answer.headers) : null;
    if (answer?.status !== 429) {
      if (observed) this.ceilings.set(bucket, observed.limit);
      await this.store.settle(bucket, observed && this.bounded(observed, now), now);
      return null;
    }
    const ceiling = this.ceilings.get(bucket);
    if (observed && ceiling !== undefined && observed.limit !== ceiling) {
      // A concurrency 429: the headers describe the org's cap on calls in flight, not this
      // bucket, and their reset can be far off. Pause everyone briefly; the bucket is intact.
      const wait = Math.min(
        Math.max(0, observed.resetAt - now),
        this.concurrencyBackoffMs * (0.5 + this.random() / 2),
      );
      this.pausedUntil = Math.max(this.pausedUntil, now + wait);
      await this.store.settle(bucket, null, now);
      return { retryAt: now + wait };
    }
    if (!observed) {
      // No usable reset: back off a little, as for a concurrency 429.
      await this.store.settle(bucket, null, now);
      return { retryAt: now + this.concurrencyBackoffMs * (0.5 + this.random() / 2) };
    }
    const bounded = this.bounded({ ...observed, remaining: 0 }, now);
    this.ceilings.set(bucket, bounded.limit);
    await this.store.settle(bucket, bounded, now);
    return { retryAt: bounded.resetAt + this.random() * this.resetJitterMs };
  }

  /** A reset far in the past is clock skew; one minutes away is more than a window. */
  private bounded(observation: RateLimitObservation, now: number): RateLimitObservation {
    let resetAt = observation.resetAt;
    if (resetAt < now - this.pastResetToleranceMs) resetAt = now + this.pastResetToleranceMs;
    if (resetAt > now + this.maxResetWaitMs) resetAt = now + this.maxResetWaitMs;
    return { ...observation, resetAt };
  }

  /** Hand out permits in arrival order to every waiter whose bucket has budget now. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.grant()
      .catch((error: unknown) => {
        // The store failed (e.g. Redis down): fail the waiters rather than hang them.
        for (const w of this.waiters.splice(0)) {
          w.cleanup();
          w.reject(error);
        }
      })
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  private async grant(): Promise<void> {
    let wakeAt = Number.POSITIVE_INFINITY;
    for (const waiter of [...this.waiters]) {
      if (this.inFlight >= this.maxConcurrency) break;
      if (!this.waiters.includes(waiter)) continue;
      const now = this.now();
      const startAt = Math.max(waiter.notBefore, this.pausedUntil);
      if (startAt > now) {
        wakeAt = Math.min(wakeAt, startAt);
        continue;
      }
      const result = await this.store.take(waiter.bucket, {
        now,
        reservedShare: this.reservedShare,
        initialInFlight: this.initialInFlight,
      });
      if (!this.waiters.includes(waiter)) {
        // Dropped (deadline, abort) while the store answered: give the unit back.
        if (result.granted) await this.store.settle(waiter.bucket, null, now);
        continue;
      }
      if (result.granted) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.cleanup();
        this.inFlight++;
        waiter.resolve(this.permit(waiter.bucket));
        continue;
      }
      if (result.retryAt === null) continue; // an answer in flight will wake us
      if (waiter.waitingFor !== result.retryAt) {
        // Spread the waiters over [reset, reset + jitter) so they do not stampede at the reset.
        waiter.waitingFor = result.retryAt;
        waiter.notBefore = result.retryAt + this.random() * this.resetJitterMs;
      }
      if (waiter.notBefore > waiter.deadline) {
        this.drop(waiter, new OktaRateLimitError(waiter.bucket, result.retryAt));
        continue;
      }
      wakeAt = Math.min(wakeAt, waiter.notBefore);
    }
    if (this.pausedUntil > this.now() && this.waiters.length > 0) {
      wakeAt = Math.min(wakeAt, this.pausedUntil);
    }
    this.wakeAt(wakeAt);
  }

  private wakeAt(at: number): void {
    if (!Number.isFinite(at)) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at - this.now())),
    );
  }
}
