import {
  OktaAuthError,
  type OktaClient,
  OktaNetworkError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../okta/index.ts';

export interface ReadinessState {
  ready: boolean;
  /** Why not, in our words: never an upstream URL, a credential or Okta's raw message. */
  reason?: string;
  /** When Okta was last asked (ms since epoch). */
  checkedAt: number;
}

/**
 * Whether this gateway can serve: Okta reachable and accepting its credential. The probe is one
 * cheap authenticated call (`GET /api/v1/users?limit=1`: every deployment of the gateway reads
 * users, so its credential holds `okta.users.read`), cached for `cacheMs` and shared by probes
 * that arrive together, so Kubernetes' probes cost Okta at most one call per `cacheMs`.
 */
export interface Readiness {
  check(): Promise<ReadinessState>;
  /** From now on not ready: shutdown has begun, load balancers should stop sending requests. */
  drain(): void;
}

export function createReadiness(options: {
  okta: OktaClient;
  cacheMs?: number;
  timeoutMs?: number;
  /** The clock of the cache (tests move it). */
  now?: () => number;
}): Readiness {
  const cacheMs = options.cacheMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const now = options.now ?? Date.now;
  let last: ReadinessState | null = null;
  let pending: Promise<ReadinessState> | null = null;
  let draining = false;

  const probe = async (): Promise<ReadinessState> => {
    const checkedAt = now();
    try {
      await options.okta.scoped({ deadline: Date.now() + timeoutMs }).users.list({}, { limit: 1 });
      return { ready: true, checkedAt };
    } catch (error) {
      // A rate-limited bucket is Okta answering for this org: the gateway still serves the
      // rest of its traffic (and waits for budget), so it stays in rotation.
      if (error instanceof OktaRateLimitError) return { ready: true, checkedAt };
      return { ready: false, reason: reasonOf(error), checkedAt };
    }
  };

  return {
    async check() {
      if (draining)
        return { ready: false, reason: 'the gateway is shutting down', checkedAt: now() };
      if (last && now() - last.checkedAt < cacheMs) return last;
      pending ??= probe().then((state) => {
        last = state;
        pending = null;
        return state;
      });
      return pending;
    },
    drain() {
      draining = true;
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof OktaAuthError) return 'Okta refused the gateway credential';
  if (error instanceof OktaTimeoutError) return 'Okta did not answer in time';
  if (error instanceof OktaNetworkError) return 'Okta could not be reached';
  return 'Okta answered the readiness probe with an error';
}

/**
 * What `GET /readyz` answers, as the `check` of yoga's `useReadinessCheck`: 200
 * `{"status":"ready"}`, or 503 `{"status":"not ready","reason":…}`. (`/healthz`, the process
 * being up, is yoga's own health check.)
 */
export function readinessCheck(
  readiness: Readiness,
): (args: { fetchAPI: { Response: typeof Response } }) => Promise<Response> {
  return async ({ fetchAPI }) => {
    const state = await readiness.check();
    const body = state.ready
      ? { status: 'ready' }
      : { status: 'not ready', reason: state.reason ?? 'unknown' };
    return new fetchAPI.Response(JSON.stringify(body), {
      status: state.ready ? 200 : 503,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      },
    });
  };
}
