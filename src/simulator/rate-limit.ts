/**
 * Okta's per-minute rate-limit buckets (shared/okta/API-NOTES.md §0.5) and its org-wide cap on
 * concurrent requests. Buckets are keyed by a stable name; each request counts against one.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  'users.collection': 600, // GET/POST /api/v1/users
  'users.get': 2000, // GET /api/v1/users/{idOrLogin}
  'users.write': 600, // POST/PUT/DELETE /api/v1/users/{id}
  'groups.collection': 500, // /api/v1/groups
  'groups.item': 1000, // /api/v1/groups/{id}
  'apps.collection': 100, // /api/v1/apps and its sub-resources
  'apps.item': 500, // /api/v1/apps/{id}
  logs: 120, // /api/v1/logs
  'oauth2.token': 600, // /oauth2/v1/token
  default: 1200, // everything else under /api/v1
});

/** Which bucket a request counts against, from its method and matched route template. */
export function bucketFor(method: string, template: string): string {
  if (template === '/oauth2/v1/token') return 'oauth2.token';
  if (template === '/api/v1/users') return 'users.collection';
  if (template === '/api/v1/users/:userId') return method === 'GET' ? 'users.get' : 'users.write';
  if (template === '/api/v1/groups') return 'groups.collection';
  if (template === '/api/v1/groups/:groupId') return 'groups.item';
  if (template === '/api/v1/apps/:appId') return 'apps.item';
  if (template.startsWith('/api/v1/apps')) return 'apps.collection';
  if (template === '/api/v1/logs') return 'logs';
  return 'default';
}

export interface RateLimitHeaders {
  'X-Rate-Limit-Limit': string;
  'X-Rate-Limit-Remaining': string;
  'X-Rate-Limit-Reset': string;
}

interface Window {
  start: number;
  used: number;
}

/** Fixed windows per bucket; `take` answers whether the request may run, with its headers. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private inFlight = 0;

  constructor(
    private readonly limits: () => Record<string, number>,
    private readonly windowMs: () => number,
    private readonly concurrencyLimit: () => number,
  ) {}

  limitOf(bucket: string): number {
    return this.limits()[bucket] ?? DEFAULT_RATE_LIMITS[bucket] ?? DEFAULT_RATE_LIMITS.default!;
  }

  /** Count a request against its bucket. */
  take(bucket: string): { allowed: boolean; headers: RateLimitHeaders } {
    const now = Date.now();
    const windowMs = this.windowMs();
    let w = this.windows.get(bucket);
    if (!w || now >= w.start + windowMs) {
      w = { start: now - (now % windowMs), used: 0 };
      this.windows.set(bucket, w);
    }
    const limit = this.limitOf(bucket);
    const allowed = w.used < limit;
    if (allowed) w.used++;
    return {
      allowed,
      headers: {
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, limit - w.used)),
        'X-Rate-Limit-Reset': String(Math.ceil((w.start + windowMs) / 1000)),
      },
    };
  }

  /** Enter the concurrency cap; over it, Okta answers 429 with the concurrent figures. */
  enter(): { allowed: boolean; headers: RateLimitHeaders } {
    const cap = this.concurrencyLimit();
    if (this.inFlight >= cap) {
      return {
        allowed: false,
        headers: {
          'X-Rate-Limit-Limit': String(cap),
          'X-Rate-Limit-Remaining': '0',
          'X-Rate-Limit-Reset': String(Math.ceil(Date.now() / 1000) + 1),
        },
      };
    }
    this.inFlight++;
    return { allowed: true, headers: undefined as unknown as RateLimitHeaders };
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Every bucket's state now, for tests and the simulator's admin view. */
  view(): Record<string, { limit: number; used: number; resetsAt: number }> {
    const out: Record<string, { limit: number; used: number; resetsAt: number }> = {};
    for (const [bucket, w] of this.windows) {
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
  }
}
