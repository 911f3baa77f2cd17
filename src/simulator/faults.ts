/**
 * Faults and latency the simulator injects, for tests and benchmarks. Counted faults
 * (`failNext`, `dropNext`, `rateLimitNext`) hit the next N matching requests exactly, so tests
 * stay deterministic; rates are for benchmarks.
 */
export interface FaultSettings {
  /** Added to every request before it is handled. */
  latencyMs: number;
  /** Random extra latency in [0, latencyJitterMs). */
  latencyJitterMs: number;
  /** Share of requests (0..1) answered with a 5xx. */
  errorRate: number;
  /** The next N requests answer this status (500, 502, 503, 504) without being handled. */
  failNext: { count: number; status: number };
  /** The next N requests get their connection destroyed without an answer. */
  dropNext: number;
  /** Share of requests (0..1) whose connection is destroyed. */
  dropRate: number;
  /** The next N requests answer 429 E0000047 without being handled. */
  rateLimitNext: number;
  /** Send the body in two halves with this delay between them. */
  slowBodyMs: number;
  /** Send nothing for this long after the request is read (a header timeout for clients). */
  stallMs: number;
  /** When set, faults (not latency) only hit requests whose `METHOD template` key matches. */
  onlyRoutes: string[] | null;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  latencyJitterMs: 0,
  errorRate: 0,
  failNext: { count: 0, status: 500 },
  dropNext: 0,
  dropRate: 0,
  rateLimitNext: 0,
  slowBodyMs: 0,
  stallMs: 0,
  onlyRoutes: null,
});

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'fail'; status: number }
  | { kind: 'drop' }
  | { kind: 'rate-limit' };

export class Faults {
  settings: FaultSettings = structuredClone(NO_FAULTS) as FaultSettings;

  set(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
  }

  clear(): void {
    this.settings = structuredClone(NO_FAULTS) as FaultSettings;
  }

  latency(): number {
    const { latencyMs, latencyJitterMs } = this.settings;
    return latencyMs + (latencyJitterMs > 0 ? Math.random() * latencyJitterMs : 0);
  }

  /** Decide, and use up, the fault for one request. */
  decide(routeKey: string): FaultDecision {
    const s = this.settings;
    if (s.onlyRoutes && !s.onlyRoutes.includes(routeKey)) return { kind: 'none' };
    if (s.dropNext > 0) {
      s.dropNext--;
      return { kind: 'drop' };
    }
    if (s.failNext.count > 0) {
      s.failNext = { ...s.failNext, count: s.failNext.count - 1 };
      return { kind: 'fail', status: s.failNext.status };
    }
    if (s.rateLimitNext > 0) {
      s.rateLimitNext--;
      return { kind: 'rate-limit' };
    }
    if (s.dropRate > 0 && Math.random() < s.dropRate) return { kind: 'drop' };
    if (s.errorRate > 0 && Math.random() < s.errorRate) {
      return { kind: 'fail', status: Math.random() < 0.5 ? 500 : 503 };
    }
    return { kind: 'none' };
  }
}
