/**
 * The transport: the one way the gateway reaches Okta. It puts together what each call goes
 * through: the credential (auth.ts), the rate-limit governor (rate-limit.ts), retries where safe
 * (retry.ts), one exchange over the gateway's only undici dispatcher (send.ts), Okta's list
 * pages (paginate.ts), and every failure turned into the OktaError family (failures.ts).
 */
import type { Dispatcher } from 'undici';
import { createOktaAuth, type OktaCredentials, redactSecrets } from './auth.ts';
import { apiError } from './failures.ts';
import type { OktaCallRecord, OktaRequest, OktaResponse, OktaTransport } from './http.ts';
import { createPaging, parseLinkHeader } from './paginate.ts';
import {
  type BucketView,
  RateLimitGovernor,
  type RateLimitGovernorOptions,
  SYSTEM_SPENDERS,
} from './rate-limit.ts';
import { createCallRunner, type OktaRetryPolicy } from './retry.ts';
import { createSender, type OktaTimeouts, requestUrl } from './send.ts';

export type { OktaRetryPolicy } from './retry.ts';
export type { OktaTimeouts } from './send.ts';

export interface OktaTransportOptions {
  /** e.g. `https://acme.okta.com` (no trailing path). */
  orgUrl: string;
  credentials: OktaCredentials;
  timeouts?: OktaTimeouts;
  /**
   * Okta calls in flight at once for this org: the governor's cap and the dispatcher's
   * connections. Default DEFAULT_MAX_CONCURRENCY.
   */
  maxConcurrency?: number;
  /** The deadline of a call that brings none. Default 60 s. */
  defaultDeadlineMs?: number;
  retry?: OktaRetryPolicy;
  rateLimit?: Omit<RateLimitGovernorOptions, 'maxConcurrency'>;
  /** Subscribed to every call from the start (see `onCall`). */
  onCall?: (record: OktaCallRecord) => void;
  /** A dispatcher to use instead of the transport's own Agent (undici's MockAgent in tests). */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

export interface OktaClientTransport extends OktaTransport {
  /** Subscribe to one record per attempt (metrics, tests). Returns the unsubscribe function. */
  onCall(listener: (record: OktaCallRecord) => void): () => void;
  /** The governor's view of every bucket it has seen. */
  rateLimits(): Promise<BucketView[]>;
  close(): Promise<void>;
}

/**
 * Okta caps the requests an org has in flight: 75 on Workforce and Customer Identity orgs, 35 on
 * the Integrator Free plan (docs/okta-behaviour.md §0.5). Over it Okta answers 429.
 */
export const OKTA_CONCURRENT_LIMIT = 75;

/**
 * The calls in flight a share of Okta's concurrent cap allows (at least one): the rest is left to
 * the org's other clients (and, with several replicas, to the others; each has its own cap).
 */
export function maxConcurrencyFor(concurrentLimit: number, share: number): number {
  return Math.max(1, Math.floor(concurrentLimit * share + 1e-9));
}

/** Half of Okta's cap: the gateway answers many callers, the org has other API clients too. */
export const DEFAULT_MAX_CONCURRENCY = maxConcurrencyFor(OKTA_CONCURRENT_LIMIT, 0.5);

export function createOktaTransport(options: OktaTransportOptions): OktaClientTransport {
  const origin = new URL(options.orgUrl).origin;
  const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const defaultDeadlineMs = options.defaultDeadlineMs ?? 60_000;
  const sender = createSender({
    origin,
    timeouts: options.timeouts,
    connections: maxConcurrency,
    dispatcher: options.dispatcher,
    userAgent: options.userAgent,
  });
  const governor = new RateLimitGovernor({ ...options.rateLimit, maxConcurrency });
  const listeners = new Set<(record: OktaCallRecord) => void>();
  if (options.onCall) listeners.add(options.onCall);

  const run = createCallRunner({
    send: sender.send,
    governor,
    retry: options.retry,
    emit(record) {
      for (const listener of listeners) {
        try {
          listener(record);
        } catch {
          // Instrumentation never breaks a call.
        }
      }
    },
    apiError: (answer, outcomeUnknown) => apiError(answer, outcomeUnknown, redact),
  });

  const tokenUrl = new URL('/oauth2/v1/token', origin);
  const auth = createOktaAuth(options.credentials, origin, async (build, deadline) => {
    const answer = await run({
      method: 'POST',
      url: tokenUrl,
      payload: async () => {
        const { form, headers } = await build();
        return { body: form.toString(), headers };
      },
      deadline,
      signal: undefined,
      // Every caller's calls wait for the token: it is the gateway's own work.
      spender: SYSTEM_SPENDERS.token,
      // Each attempt carries a fresh assertion, and two tokens do no harm.
      idempotent: true,
      auth: null,
    });
    return { status: answer.status, headers: answer.headers, body: answer.body };
  });

  const redact = (text: string) => redactSecrets(text, auth.secrets());

  /** One call at a URL: its answer, or Okta's error answer thrown as an OktaError. */
  async function call<T>(req: OktaRequest, url: URL): Promise<OktaResponse<T>> {
    const deadline = req.deadline ?? Date.now() + defaultDeadlineMs;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const answer = await run({
      method: req.method,
      url,
      payload: async () => ({
        body,
        headers:
          body === undefined
            ? {}
            : ({ 'content-type': 'application/json' } as Record<string, string>),
      }),
      deadline,
      signal: req.signal,
      spender: req.spender,
      idempotent: req.idempotent ?? req.method === 'GET',
      auth,
    });
    if (answer.status >= 400) throw apiError(answer, false, redact);
    return {
      status: answer.status,
      body: answer.body as T,
      headers: answer.headers,
      links: parseLinkHeader(answer.linkLines),
      requestId: answer.headers['x-okta-request-id'],
    };
  }

  const { page, paginate } = createPaging(origin, call);

  return {
    request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
      return call<T>(req, requestUrl(origin, req.path, req.query));
    },

    page,
    paginate,

    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    rateLimits: () => governor.view(),

    close: () => sender.close(),
  };
}
