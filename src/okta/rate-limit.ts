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
 */
import { OktaRateLimitError } from './errors.ts';
import { AnswerReader, type CallAnswer } from './rate-limit-answers.ts';
import {
  type BucketView,
  type BudgetStore,
  InMemoryBudgetStore,
  reservedUnits,
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
  type TakePolicy,
  type TakeResult,
} from './rate-limit-budget.ts';

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

export class RateLimitGovernor {
  private readonly store: BudgetStore;
  private readonly reservedShare: number;
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
      const result = await this.store.take(waiter.bucket, {
        now,
        reservedShare: this.reservedShare,
        initialInFlight: this.initialInFlight,
      });
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
