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
  /**
   * When true, the latency is the time from a request's arrival to its answer, the simulator's
   * own work (handling the request, writing its JSON) included, as a client sees an Okta that
   * answers in that time: the request is handled at once and its answer held until then (never
   * sooner than the work allows). When false (the default), the latency is waited first and the
   * work comes after it. On a machine that also runs the client, a wave of concurrent requests
   * is then handled one after another once their latency is over, which Okta, answering on many
   * servers, does not do; benchmarks of the client set this.
   */
  latencyIncludesWork: boolean;
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
  latencyIncludesWork: false,
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

/** A fault or settings document that the simulator's admin endpoints refuse, with every reason. */
export class InvalidSimulatorControl extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'InvalidSimulatorControl';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const DURATION_KEYS = ['latencyMs', 'latencyJitterMs', 'slowBodyMs', 'stallMs'] as const;
const RATE_KEYS = ['errorRate', 'dropRate'] as const;
const COUNT_KEYS = ['dropNext', 'rateLimitNext'] as const;
/** `onlyRoutes` entries are request keys: `METHOD /route/:template`. */
const ROUTE_KEY = /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/;

/**
 * Read a `PUT /__simulator/faults` body: the faults to set, every property optional. Throws
 * InvalidSimulatorControl naming each wrong property, so that a benchmark learns of a typo
 * instead of running without the fault it asked for.
 */
export function faultSettingsFrom(input: unknown): Partial<FaultSettings> {
  if (!isObject(input)) throw new InvalidSimulatorControl(['the body must be a JSON object']);
  const problems: string[] = [];
  const out: Partial<FaultSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((DURATION_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        out[key as (typeof DURATION_KEYS)[number]] = value;
      } else problems.push(`${key}: a number of milliseconds, 0 or more`);
    } else if ((RATE_KEYS as readonly string[]).includes(key)) {
      if (typeof value === 'number' && value >= 0 && value <= 1) {
        out[key as (typeof RATE_KEYS)[number]] = value;
      } else problems.push(`${key}: a share between 0 and 1`);
    } else if ((COUNT_KEYS as readonly string[]).includes(key)) {
      if (Number.isSafeInteger(value) && (value as number) >= 0) {
        out[key as (typeof COUNT_KEYS)[number]] = value as number;
      } else problems.push(`${key}: a whole number, 0 or more`);
    } else if (key === 'latencyIncludesWork') {
      if (typeof value === 'boolean') out.latencyIncludesWork = value;
      else problems.push('latencyIncludesWork: true or false');
    } else if (key === 'failNext') {
      const count = isObject(value) ? value.count : undefined;
      const status = isObject(value) ? (value.status ?? 500) : undefined;
      if (!Number.isSafeInteger(count) || (count as number) < 0) {
        problems.push('failNext.count: a whole number, 0 or more');
      } else if (
        !Number.isSafeInteger(status) ||
        (status as number) < 500 ||
        (status as number) > 599
      ) {
        problems.push('failNext.status: a 5xx status');
      } else out.failNext = { count: count as number, status: status as number };
    } else if (key === 'onlyRoutes') {
      if (value === null) out.onlyRoutes = null;
      else if (
        Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && ROUTE_KEY.test(v))
      ) {
        out.onlyRoutes = value as string[];
      } else problems.push('onlyRoutes: null, or a list of "METHOD /route/:template" keys');
    } else problems.push(`${key}: not a fault the simulator knows`);
  }
  if (problems.length > 0) throw new InvalidSimulatorControl(problems);
  return out;
}
