/**
 * The rate-limit governor: every Okta call asks it for a permit first. It reads Okta's
 * `X-Rate-Limit-*` headers per bucket (routes.ts knows the buckets), holds requests back before a
 * bucket runs dry instead of burning into 429s (which Okta writes to the org's System Log as
 * rate-limit violations), leaves a share of every bucket to the org's other API clients, and
 * bounds its queue and the calls in flight. Its parts:
 * - rate-limit-budget.ts: the budget per bucket, in a BudgetStore so that many gateway replicas
 *   can share one org's budget (in memory, or Redis: redis-budget.ts);
 * - rate-limit-answers.ts: what an answer's headers and a 429 say;
 * - rate-limit-queue.ts: the calls waiting, with their deadlines and cancellation.
 * This file decides who goes when.
 *
 * Who spends: each call names its spender. The gateway's own work (`system:…`: the System Log
 * poller, event hook registration, the token request) may spend every bucket down to the share
 * reserved for the org's other clients; callers (`caller:<sub>`) stop a further `systemShare`
 * short of that, so that a burst of theirs never starves the poller, and each caller takes at
 * most `callerShare` of what callers may spend per window, so that one caller's burst never
 * starves the others. A caller over its share waits for the window or fails with
 * OktaRateLimitError, exactly as when the org's budget is spent; other spenders go on.
 */
import { OktaRateLimitError } from './errors.ts';
import { AnswerReader, type CallAnswer } from './rate-limit-answers.ts';
import {
  type BucketView,
  type BudgetStore,
  InMemoryBudgetStore,
  reservedUnits,
  type TakePolicy,
} from './rate-limit-budget.ts';
import { WaitingLine, WakeTimer } from './rate-limit-queue.ts';

export {
  type AnswerReading,
  type CallAnswer,
  parseRateLimitHeaders,
} from './rate-limit-answers.ts';
export {
  type BucketView,
  type BudgetStore,
  InMemoryBudgetStore,
  type RateLimitObservation,
  reservedUnits,
  spenderUnits,
  type TakePolicy,
  type TakeResult,
} from './rate-limit-budget.ts';

/** The spender of a caller's calls: its token's subject (or client id). */
export const callerSpender = (id: string): string => `caller:${id}`;

/**
 * The gateway's own spenders: they share the system's reserved share and have no cap each.
 * Any spender named `system:…` is one of them.
 */
export const SYSTEM_SPENDERS = Object.freeze({
  poller: 'system:poller',
  hookRegistration: 'system:hook-registration',
  token: 'system:token',
});

const isSystemSpender = (spender: string | undefined): boolean =>
  spender?.startsWith('system:') ?? false;

export interface RateLimitGovernorOptions {
  store?: BudgetStore;
  /** Share of every bucket left for the org's other API clients (0..1). Default 0.2. */
  reservedShare?: number;
  /**
   * Share of every bucket only the gateway's own work (`system:…` spenders) may spend, on top of
   * `reservedShare`: callers leave it alone. Default 0.
   */
  systemShare?: number;
  /**
   * The most one caller (a spender not named `system:…`) may spend per window of what callers
   * may spend of a bucket (0..1]. Default 1: no cap per caller.
   */
  callerShare?: number;
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
  /**
   * Whose share the call spends: `caller:<id>` (callerSpender) or a SYSTEM_SPENDERS entry.
   * Absent: the callers' budget, with no cap of its own.
   */
  spender?: string;
}

export class RateLimitGovernor {
  private readonly store: BudgetStore;
  private readonly reservedShare: number;
  private readonly systemShare: number;
  private readonly callerShare: number;
  private readonly maxConcurrency: number;
  private readonly initialInFlight: number;
  private readonly maxQueue: number;
  private readonly resetJitterMs: number;
  private readonly concurrencyBackoffMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly answers: AnswerReader;

  private readonly line = new WaitingLine<Permit>();
  private readonly timer: WakeTimer;
  private inFlight = 0;
  /** After a concurrency 429 nobody starts a call before this. */
  private pausedUntil = 0;
  private pumping = false;
  private pumpAgain = false;

  constructor(options: RateLimitGovernorOptions = {}) {
    this.store = options.store ?? new InMemoryBudgetStore();
    this.reservedShare = options.reservedShare ?? 0.2;
    this.systemShare = options.systemShare ?? 0;
    this.callerShare = options.callerShare ?? 1;
    this.maxConcurrency = options.maxConcurrency ?? 10;
    this.initialInFlight = options.initialInFlight ?? 2;
    this.maxQueue = options.maxQueue ?? 1000;
    this.resetJitterMs = options.resetJitterMs ?? 1000;
    this.concurrencyBackoffMs = options.concurrencyBackoffMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.answers = new AnswerReader({
      maxResetWaitMs: options.maxResetWaitMs ?? 61_000,
      pastResetToleranceMs: options.pastResetToleranceMs ?? 1000,
    });
    this.timer = new WakeTimer(() => this.pump(), this.now);
    if (!(this.reservedShare >= 0 && this.reservedShare < 1)) {
      throw new RangeError('reservedShare must be in [0, 1)');
    }
    if (!(this.systemShare >= 0 && this.reservedShare + this.systemShare < 1)) {
      throw new RangeError('systemShare must be at least 0, and with reservedShare below 1');
    }
    if (!(this.callerShare > 0 && this.callerShare <= 1)) {
      throw new RangeError('callerShare must be in (0, 1]');
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
    if (this.line.length >= this.maxQueue) {
      return Promise.reject(new OktaRateLimitError(bucket, Math.max(now, notBefore)));
    }
    options.signal?.throwIfAborted();
    const permit = this.line.join(bucket, {
      spender: options.spender,
      deadline: options.deadline,
      notBefore,
      signal: options.signal,
      now,
    });
    this.pump();
    return permit;
  }

  /** Every bucket this governor has seen, with what waits for it. */
  async view(): Promise<BucketView[]> {
    const queued = this.line.countByBucket();
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

  /** Tell the budget what an answer said; for a 429, say when the call may be tried again. */
  private async settle(
    bucket: string,
    answer: CallAnswer | null,
  ): Promise<{ retryAt: number } | null> {
    const now = this.now();
    const reading = this.answers.read(bucket, answer, now);
    switch (reading.kind) {
      case 'answered':
        await this.store.settle(bucket, reading.observation, now);
        return null;
      case 'concurrency': {
        // The org's cap on calls in flight, not this bucket: pause everyone briefly.
        const wait = Math.min(
          Math.max(0, reading.observation.resetAt - now),
          this.concurrencyBackoffMs * (0.5 + this.random() / 2),
        );
        this.pausedUntil = Math.max(this.pausedUntil, now + wait);
        await this.store.settle(bucket, null, now);
        return { retryAt: now + wait };
      }
      case 'unreadable':
        // No usable reset: back off a little, as for a concurrency 429.
        await this.store.settle(bucket, null, now);
        return { retryAt: now + this.concurrencyBackoffMs * (0.5 + this.random() / 2) };
      case 'bucket-spent':
        await this.store.settle(bucket, reading.observation, now);
        return { retryAt: reading.observation.resetAt + this.random() * this.resetJitterMs };
    }
  }

  /** How much of a bucket a spender may take: see the file's comment. */
  private policy(spender: string | undefined, now: number): TakePolicy {
    const base = { now, initialInFlight: this.initialInFlight };
    if (isSystemSpender(spender)) return { ...base, reservedShare: this.reservedShare };
    const reservedShare = this.reservedShare + this.systemShare;
    if (spender === undefined || this.callerShare >= 1) return { ...base, reservedShare };
    return { ...base, reservedShare, spender, spenderShare: this.callerShare };
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
        this.line.dropAll(error);
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
    for (const waiter of this.line.waiting()) {
      if (this.inFlight >= this.maxConcurrency) break;
      if (!this.line.has(waiter)) continue;
      const now = this.now();
      const startAt = Math.max(waiter.notBefore, this.pausedUntil);
      if (startAt > now) {
        wakeAt = Math.min(wakeAt, startAt);
        continue;
      }
      const result = await this.store.take(waiter.bucket, this.policy(waiter.spender, now));
      if (!this.line.has(waiter)) {
        // Dropped (deadline, abort) while the store answered: give the unit back.
        if (result.granted) await this.store.settle(waiter.bucket, null, now);
        continue;
      }
      if (result.granted) {
        this.inFlight++;
        this.line.admit(waiter, this.permit(waiter.bucket));
        continue;
      }
      if (result.retryAt === null) continue; // an answer in flight will wake us
      if (waiter.waitingFor !== result.retryAt) {
        // Spread the waiters over [reset, reset + jitter) so they do not stampede at the reset.
        waiter.waitingFor = result.retryAt;
        waiter.notBefore = result.retryAt + this.random() * this.resetJitterMs;
      }
      if (waiter.notBefore > waiter.deadline) {
        this.line.drop(waiter, new OktaRateLimitError(waiter.bucket, result.retryAt));
        continue;
      }
      wakeAt = Math.min(wakeAt, waiter.notBefore);
    }
    if (this.pausedUntil > this.now() && this.line.length > 0) {
      wakeAt = Math.min(wakeAt, this.pausedUntil);
    }
    this.timer.at(wakeAt);
  }
}
