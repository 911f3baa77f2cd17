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
  /**
   * Who takes the unit (e.g. `caller:<sub>`), when its share is capped: with `spenderShare` it
   * takes at most that share of what `reservedShare` leaves of the bucket, per window (see
   * spenderUnits), counted across every replica on the store. Absent: no cap of its own.
   */
  spender?: string;
  spenderShare?: number;
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
  /** The lowest `X-Rate-Limit-Remaining` Okta reported in the current window. */
  lowest: number | null;
  /** Calls of the current window that failed without an answer: Okta may have counted them. */
  lost: number;
  /** Units each capped spender took in the current window. */
  spent: Map<string, number>;
}

/**
 * Units of a bucket left unused: the reserved share, but never the whole bucket. (Shares add up
 * in floating point, 0.2 + 0.1 > 0.3: a hair under a whole unit is that unit.)
 */
export function reservedUnits(limit: number, share: number): number {
  return Math.max(0, Math.min(limit - 1, Math.ceil(limit * share - 1e-9)));
}

/**
 * The most units one spender may take in a window: its share of what the reserved share leaves,
 * never less than one (a caller is slowed down, not shut out).
 */
export function spenderUnits(limit: number, reservedShare: number, spenderShare: number): number {
  return Math.max(
    1,
    Math.floor((limit - reservedUnits(limit, reservedShare)) * spenderShare + 1e-9),
  );
}

/**
 * What is left of a window for new calls, from the lowest remaining Okta reported in it. Okta's
 * count only grows within a window, so an answer that reports more than the lowest came from a
 * call Okta counted before the lowest one: every call answered so far is in the lowest, or is
 * the lowest. Only the calls still in flight may be missing from it, and those that failed
 * without an answer. (Taking the lowest of each answer's own estimate instead would count a call
 * in flight twice when the answers come back out of order, and keep the undercount for the rest
 * of the window: one caller's burst of parallel calls would then spend the others' budget.)
 */
export function budgetAfter(lowest: number, inFlight: number, lost: number): number {
  return lowest - inFlight - lost;
}

/** The spender a policy caps, if any. */
function cappedSpender(policy: TakePolicy): string | null {
  return policy.spender !== undefined &&
    policy.spenderShare !== undefined &&
    policy.spenderShare < 1
    ? policy.spender
    : null;
}

/** One process's budget. */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly buckets = new Map<string, BucketState>();

  private state(bucket: string): BucketState {
    let s = this.buckets.get(bucket);
    if (!s) {
      s = {
        limit: null,
        remaining: 0,
        resetAt: null,
        rolledFrom: null,
        inFlight: 0,
        lowest: null,
        lost: 0,
        spent: new Map(),
      };
      this.buckets.set(bucket, s);
    }
    return s;
  }

  async take(bucket: string, policy: TakePolicy): Promise<TakeResult> {
    const s = this.state(bucket);
    const spender = cappedSpender(policy);
    const grant = (): TakeResult => {
      s.inFlight++;
      if (spender !== null) s.spent.set(spender, (s.spent.get(spender) ?? 0) + 1);
      return { granted: true };
    };
    if (s.limit === null) {
      // Okta has not told us the bucket's size (or how much of it the org has used): probe.
      // As in the Redis store, whose state may have expired: no count carries over.
      if (s.inFlight === 0) s.spent.clear();
      if (s.inFlight < policy.initialInFlight) return grant();
      return { granted: false, retryAt: null };
    }
    if (s.resetAt !== null && policy.now >= s.resetAt) {
      // Okta's window has reset; until an answer says otherwise, the whole bucket is there.
      s.rolledFrom = s.resetAt;
      s.resetAt = null;
      s.remaining = s.limit;
      s.lowest = null;
      s.lost = 0;
      s.spent.clear();
    }
    const withinShare =
      spender === null ||
      (s.spent.get(spender) ?? 0) <
        spenderUnits(s.limit, policy.reservedShare, policy.spenderShare ?? 1);
    if (withinShare && s.remaining - reservedUnits(s.limit, policy.reservedShare) >= 1) {
      s.remaining--;
      return grant();
    }
    if (s.resetAt === null && s.inFlight === 0) {
      // Spent in a window whose calls all failed without headers: one probe finds out more.
      return grant();
    }
    return { granted: false, retryAt: s.resetAt };
  }

  async settle(bucket: string, observation: RateLimitObservation | null): Promise<void> {
    const s = this.state(bucket);
    s.inFlight = Math.max(0, s.inFlight - 1);
    if (!observation) {
      if (s.limit !== null) s.lost++;
      return;
    }
    const first = s.limit === null;
    s.limit = observation.limit;
    // Calls still in flight may or may not be in Okta's count yet: assume they are not.
    const reported = observation.remaining - s.inFlight;
    if (first) {
      s.resetAt = observation.resetAt;
      s.remaining = reported;
      s.lowest = observation.remaining;
      s.lost = 0;
    } else if (s.resetAt === null) {
      if (s.rolledFrom !== null && observation.resetAt <= s.rolledFrom) return;
      s.resetAt = observation.resetAt;
      s.remaining = Math.min(s.remaining, reported);
      s.lowest = observation.remaining;
    } else if (observation.resetAt > s.resetAt) {
      // Okta moved to a new window before our clock did.
      s.rolledFrom = s.resetAt;
      s.resetAt = observation.resetAt;
      s.remaining = reported;
      s.lowest = observation.remaining;
      s.lost = 0;
      s.spent.clear();
    } else if (observation.resetAt === s.resetAt) {
      s.lowest = Math.min(s.lowest ?? observation.remaining, observation.remaining);
      s.remaining = budgetAfter(s.lowest, s.inFlight, s.lost);
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
