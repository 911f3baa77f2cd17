/**
 * Ids of Okta objects this gateway has just written. Okta's search index lags writes by a few
 * seconds, so loaders read these by id (read-your-writes) instead of through a batched search.
 * Process-wide; a shared store for many replicas can implement the same interface.
 */
export interface RecentWrites {
  mark(id: string): void;
  has(id: string): boolean;
}

/** In memory, each id remembered for `ttlMs` (long enough for Okta's index to catch up). */
export class MemoryRecentWrites implements RecentWrites {
  private readonly until = new Map<string, number>();

  constructor(private readonly ttlMs = 60_000) {}

  mark(id: string): void {
    this.until.set(id, Date.now() + this.ttlMs);
    if (this.until.size > 10_000) this.sweep();
  }

  has(id: string): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(id);
    return false;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
  }
}
