/**
 * The rate-limit budget of one Okta org: what Okta's headers said of each bucket, less the calls
 * in flight, and the rule that lets a call spend a unit of it. The governor (rate-limit.ts) asks
 * a BudgetStore; InMemoryBudgetStore keeps one process's budget, RedisBudgetStore
 * (redis-budget.ts) the same rules shared by every gateway replica.
 */
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
