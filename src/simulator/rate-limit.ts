/**
 * Okta's per-minute rate limits as the simulator enforces them, and its org-wide cap on
 * concurrent requests. The buckets are Okta's table in src/okta-reference/rate-limit-buckets.ts
 * (the gateway's client counts by the same one); each request counts against one.
 */
import { bucketField, bucketOf } from '../okta-reference/rate-limit-buckets.ts';

/** Okta's documented per-minute limit of each bucket: an org's settings may change them. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = bucketField('limit');

/**
 * The endpoint pattern Okta names for each bucket: its rate-limit dashboard row, and the
 * `URL Pattern` target of a `system.org.rate_limit.violation` event.
 */
export const BUCKET_PATTERNS: Readonly<Record<string, string>> = bucketField('pattern');

/**
 * Which bucket a request counts against, from its method and matched route template (or its
 * path, when no route matched: an unknown path counts against "most other API actions").
 */
export const bucketFor: (method: string, template: string) => string = bucketOf;

export interface RateLimitHeaders {
  'X-Rate-Limit-Limit': string;
  'X-Rate-Limit-Remaining': string;
  'X-Rate-Limit-Reset': string;
}

/** What a request learns from the limiter. */
export interface RateLimitAnswer {
  allowed: boolean;
  headers: RateLimitHeaders;
  /**
   * The first refusal of this window (of this bucket, or of the concurrency cap): Okta writes
   * one System Log violation per window, not one per refused request.
   */
  firstRefusal: boolean;
  /** The ceiling that refused or admitted the request. */
  limit: number;
  /** When the window ends (ms since the epoch). */
  resetsAt: number;
}

interface Window {
  start: number;
  used: number;
  refused: boolean;
}

/**
 * Fixed windows per bucket, aligned to multiples of the window length (Okta's reset falls on the
 * minute). A refused request does not use up the bucket.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private inFlight = 0;
  /** When the concurrency cap last refused a request with a System Log event (ms). */
  private concurrencyRefusalLogged = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: () => Record<string, number>,
    private readonly windowMs: () => number,
    private readonly concurrencyLimit: () => number,
  ) {}

  limitOf(bucket: string): number {
    return this.limits()[bucket] ?? DEFAULT_RATE_LIMITS[bucket] ?? DEFAULT_RATE_LIMITS.default!;
  }

  private windowOf(bucket: string, now: number): Window {
    const windowMs = this.windowMs();
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + windowMs) {
      w = { start: now - (now % windowMs), used: 0, refused: false };
      this.windows.set(bucket, w);
    }
    return w;
  }

  private answer(
    bucket: string,
    w: Window,
    allowed: boolean,
    firstRefusal: boolean,
  ): RateLimitAnswer {
    const limit = this.limitOf(bucket);
    const resetsAt = w.start + this.windowMs();
    return {
      allowed,
      firstRefusal,
      limit,
      resetsAt,
      headers: {
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, limit - w.used)),
        'X-Rate-Limit-Reset': String(Math.ceil(resetsAt / 1000)),
      },
    };
  }

  /** Count a request against its bucket, unless the bucket is spent. */
  take(bucket: string): RateLimitAnswer {
    const w = this.windowOf(bucket, Date.now());
    const allowed = w.used < this.limitOf(bucket);
    if (allowed) w.used++;
    const firstRefusal = !allowed && !w.refused;
    if (!allowed) w.refused = true;
    return this.answer(bucket, w, allowed, firstRefusal);
  }

  /** The bucket's state without counting a request. */
  peek(bucket: string): RateLimitAnswer {
    const w = this.windowOf(bucket, Date.now());
    return this.answer(bucket, w, w.used < this.limitOf(bucket), false);
  }

  /**
   * Enter the concurrency cap. Over it, Okta answers 429 with the concurrent figures in the
   * three headers (limit = the cap, remaining 0, and a reset that is only an estimate: a second
   * from now), and logs the first refusal of every window.
   */
  enter(): RateLimitAnswer | null {
    const cap = this.concurrencyLimit();
    if (this.inFlight < cap) {
      this.inFlight++;
      return null;
    }
    const now = Date.now();
    const firstRefusal = now >= this.concurrencyRefusalLogged + this.windowMs();
    if (firstRefusal) this.concurrencyRefusalLogged = now;
    const resetsAt = (Math.floor(now / 1000) + 1) * 1000;
    return {
      allowed: false,
      firstRefusal,
      limit: cap,
      resetsAt,
      headers: {
        'X-Rate-Limit-Limit': String(cap),
        'X-Rate-Limit-Remaining': '0',
        'X-Rate-Limit-Reset': String(resetsAt / 1000),
      },
    };
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Requests being handled now, inside the concurrency cap. */
  get concurrent(): number {
    return this.inFlight;
  }

  /** Every bucket's state now, for tests and the simulator's admin view. */
  view(): Record<string, { limit: number; used: number; resetsAt: number }> {
    const out: Record<string, { limit: number; used: number; resetsAt: number }> = {};
    const now = Date.now();
    for (const bucket of [...this.windows.keys()].sort()) {
      const w = this.windowOf(bucket, now);
      out[bucket] = {
        limit: this.limitOf(bucket),
        used: w.used,
        resetsAt: w.start + this.windowMs(),
      };
    }
    return out;
  }

  reset(): void {
    this.windows.clear();
    this.concurrencyRefusalLogged = Number.NEGATIVE_INFINITY;
  }
}
