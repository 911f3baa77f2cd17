/**
 * The transport: the one way the gateway reaches Okta, and the only undici dispatcher in the
 * gateway. Every call authenticates (auth.ts), waits for the rate-limit governor
 * (rate-limit.ts), runs under connect/headers/body timeouts and the caller's deadline, retries only
 * what is safe to retry, and turns every failure into the OktaError family.
 *
 * What is safe to retry: a GET (or a call marked idempotent) on a 5xx, a reset or a timeout, at
 * most twice with full jitter; any call that Okta cannot have acted on (a 429, a 503, a refused
 * connection, a connect timeout). Never a blind retry of a create, a lifecycle transition or a
 * DELETE: the first DELETE of a user deactivates it and the second deletes it for good.
 */
import { Agent, type Dispatcher } from 'undici';
import { createOktaAuth, type Grant, type OktaCredentials, redactSecrets } from './auth.ts';
import {
  OktaApiError,
  OktaAuthError,
  OktaError,
  OktaNetworkError,
  OktaRateLimitError,
  OktaTimeoutError,
} from './errors.ts';
import type {
  HttpMethod,
  OktaCallRecord,
  OktaRequest,
  OktaResponse,
  OktaTransport,
  Page,
  PageOptions,
  PaginateOptions,
  QueryValue,
} from './http.ts';
import { type BucketView, RateLimitGovernor, type RateLimitGovernorOptions } from './rate-limit.ts';
import { clampPageSize, routeOf, routeTemplate } from './routes.ts';

export interface OktaTimeouts {
  /** TCP + TLS connect. Default 5 s. */
  connectMs?: number;
  /** From sending the request to Okta's response headers. Default 5 s. */
  headersMs?: number;
  /** Between two chunks of the body. Default 10 s. */
  bodyMs?: number;
}

export interface OktaRetryPolicy {
  /** Retries of a failed idempotent call (5xx, reset, timeout). Default 2. */
  maxRetries?: number;
  /** Full jitter: the n-th retry waits a random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ⁻¹)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Calls answered 429 tried again at most this often (each after the bucket resets). Default 3. */
  maxRateLimitRetries?: number;
}

export interface OktaTransportOptions {
  /** e.g. `https://acme.okta.com` (no trailing path). */
  orgUrl: string;
  credentials: OktaCredentials;
  timeouts?: OktaTimeouts;
  /** Okta calls in flight at once for this org. Default 10. */
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

/** One answer read to the end. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  /** `Link` header lines as sent (each may itself hold several comma-joined links). */
  linkLines: string[];
  body: unknown;
}

interface CallSpec {
  method: HttpMethod;
  url: URL;
  /** Made per attempt: a token request needs a fresh client assertion and proof every time. */
  payload: () => Promise<{ body?: string; headers: Record<string, string> }>;
  deadline: number;
  signal: AbortSignal | undefined;
  idempotent: boolean;
  /** Authenticate with the org's credential (every call but the token request). */
  authenticate: boolean;
}

type FailureKind =
  | 'refused'
  | 'connect-timeout'
  | 'dns'
  | 'headers-timeout'
  | 'body-timeout'
  | 'reset'
  | 'deadline'
  | 'malformed';

/** Failures where the request never reached Okta, so even a create may be sent again. */
const NOT_SENT: ReadonlySet<FailureKind> = new Set(['refused', 'connect-timeout', 'dns']);

const REASONS: Readonly<Record<FailureKind, string>> = {
  refused: 'connection refused',
  'connect-timeout': 'connect timed out',
  dns: 'Okta host could not be resolved',
  'headers-timeout': 'no response headers in time',
  'body-timeout': 'response body stalled',
  reset: 'connection reset',
  deadline: 'deadline passed',
  malformed: 'response body is not JSON',
};

const TIMEOUT_PHASES: Partial<Record<FailureKind, OktaTimeoutError['phase']>> = {
  'connect-timeout': 'connect',
  'headers-timeout': 'headers',
  'body-timeout': 'body',
  deadline: 'deadline',
};

/** Our own words for a failure: undici's messages may quote URLs, and never reach a caller. */
function failureError(kind: FailureKind, outcomeUnknown: boolean): OktaError {
  const phase = TIMEOUT_PHASES[kind];
  return phase
    ? new OktaTimeoutError(phase, outcomeUnknown)
    : new OktaNetworkError(REASONS[kind], outcomeUnknown);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function classify(error: unknown): FailureKind {
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect-timeout';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'headers-timeout';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'body-timeout';
    default:
      return 'reset';
  }
}

/** Split `Link` header lines (separate lines, comma-joined, or both) into `rel → url`. */
export function parseLinkHeader(lines: readonly string[]): Record<string, string> {
  const links: Record<string, string> = {};
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const line of lines) {
    for (const match of line.matchAll(pattern)) {
      const url = match[1] as string;
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(match[2] ?? '');
      for (const name of (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean)) {
        links[name.toLowerCase()] ??= url;
      }
    }
  }
  return links;
}

function withQuery(url: URL, query: Record<string, QueryValue> | undefined): URL {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function createOktaTransport(options: OktaTransportOptions): OktaClientTransport {
  const orgUrl = new URL(options.orgUrl);
  const origin = orgUrl.origin;
  const timeouts = {
    connectMs: options.timeouts?.connectMs ?? 5_000,
    headersMs: options.timeouts?.headersMs ?? 5_000,
    bodyMs: options.timeouts?.bodyMs ?? 10_000,
  };
  const maxConcurrency = options.maxConcurrency ?? 10;
  const retry = {
    maxRetries: options.retry?.maxRetries ?? 2,
    baseDelayMs: options.retry?.baseDelayMs ?? 200,
    maxDelayMs: options.retry?.maxDelayMs ?? 2_000,
    maxRateLimitRetries: options.retry?.maxRateLimitRetries ?? 3,
  };
  const defaultDeadlineMs = options.defaultDeadlineMs ?? 60_000;
  const userAgent = options.userAgent ?? 'okta-graphql-gateway/0.1.0';
  const ownsDispatcher = !options.dispatcher;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      connections: maxConcurrency,
    });
  const governor = new RateLimitGovernor({ ...options.rateLimit, maxConcurrency });
  const listeners = new Set<(record: OktaCallRecord) => void>();
  if (options.onCall) listeners.add(options.onCall);

  const tokenUrl = new URL('/oauth2/v1/token', origin);
  const auth = createOktaAuth(options.credentials, origin, async (build, deadline) => {
    const answer = await execute({
      method: 'POST',
      url: tokenUrl,
      payload: async () => {
        const { form, headers } = await build();
        return { body: form.toString(), headers };
      },
      deadline,
      signal: undefined,
      // Each attempt carries a fresh assertion, and two tokens do no harm.
      idempotent: true,
      authenticate: false,
    });
    return { status: answer.status, headers: answer.headers, body: answer.body };
  });

  const redact = (text: string) => redactSecrets(text, auth.secrets());

  function emit(record: OktaCallRecord): void {
    for (const listener of listeners) {
      try {
        listener(record);
      } catch {
        // Instrumentation never breaks a call.
      }
    }
  }

  /** One HTTP exchange, body read to the end. Throws undici's errors as they come. */
  async function send(
    spec: CallSpec,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<Answer> {
    const res = await dispatcher.request({
      origin,
      path: `${spec.url.pathname}${spec.url.search}`,
      method: spec.method,
      headers,
      body,
      signal,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    let linkLines: string[] = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      const key = name.toLowerCase();
      flat[key] = Array.isArray(value) ? value.join(', ') : value;
      if (key === 'link') linkLines = Array.isArray(value) ? value : [value];
    }
    let parsed: unknown;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        // A proxy's HTML error page: an error status speaks for itself, a success does not.
        if (res.statusCode < 400)
          throw Object.assign(new Error('malformed'), { code: 'MALFORMED' });
        parsed = undefined;
      }
    }
    return { status: res.statusCode, headers: flat, linkLines, body: parsed };
  }

  function apiError(answer: Answer, outcomeUnknown: boolean): OktaError {
    const body = (answer.body ?? {}) as Record<string, unknown>;
    const requestId = answer.headers['x-okta-request-id'];
    const code = typeof body.errorCode === 'string' ? body.errorCode : `HTTP_${answer.status}`;
    const summary = redact(
      typeof body.errorSummary === 'string'
        ? body.errorSummary
        : `Okta answered HTTP ${answer.status} without an error body`,
    );
    if (answer.status === 401) return new OktaAuthError(`${code}: ${summary}`, 401);
    const causes = Array.isArray(body.errorCauses)
      ? body.errorCauses.map((c) => redact(String((c as { errorSummary?: unknown }).errorSummary)))
      : [];
    const errorId = typeof body.errorId === 'string' ? body.errorId : undefined;
    return new OktaApiError(
      answer.status,
      code,
      summary,
      causes,
      errorId,
      requestId,
      outcomeUnknown,
    );
  }

  /**
   * Run one call to its end: governed, authenticated, timed out, retried where safe. Returns the
   * final answer, whose status may be 4xx (the caller maps it); throws for what cannot be answered.
   */
  async function execute(spec: CallSpec): Promise<Answer> {
    const { method, deadline, signal, idempotent } = spec;
    const route = routeOf(method, spec.url.pathname);
    let attempt = 0;
    let failures = 0;
    let rateLimited = 0;
    let refreshed = false;
    let nonceRetried = false;
    let notBefore = 0;
    let firstRequestId: string | undefined;

    const backoff = async (error: OktaError): Promise<void> => {
      failures++;
      const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
      const delay = Math.random() * cap;
      if (Date.now() + delay >= deadline) throw error;
      await sleep(delay, signal);
    };

    for (;;) {
      if (Date.now() >= deadline) throw new OktaTimeoutError('deadline', false);
      signal?.throwIfAborted();
      const grant: Grant | null = spec.authenticate ? await auth.grant(deadline) : null;
      const permit = await governor.acquire(route.bucket, { deadline, signal, notBefore });
      attempt++;
      const started = performance.now();
      const record = (status: number | 'error') =>
        emit({
          method,
          route: route.template,
          status,
          durationMs: performance.now() - started,
          bucket: route.bucket,
          attempt,
        });

      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const deadlineTimer = setTimeout(
        () => controller.abort(new OktaTimeoutError('deadline', false)),
        // setTimeout fires at once for delays past 2³¹ ms.
        Math.min(2 ** 31 - 1, Math.max(0, deadline - Date.now())),
      );
      let answer: Answer;
      try {
        const payload = await spec.payload();
        const headers: Record<string, string> = {
          accept: 'application/json',
          'user-agent': userAgent,
          ...(grant ? await auth.headers(grant, method, spec.url) : {}),
          ...payload.headers,
        };
        if (rateLimited > 0 && firstRequestId) {
          // As Okta's SDK does: tie the retry to the call Okta refused.
          headers['x-okta-retry-for'] = firstRequestId;
          headers['x-okta-retry-count'] = String(rateLimited);
        }
        answer = await send(spec, headers, payload.body, controller.signal);
      } catch (error) {
        clearTimeout(deadlineTimer);
        signal?.removeEventListener('abort', onAbort);
        await permit.release(null);
        record('error');
        if (signal?.aborted) throw signal.reason;
        const kind: FailureKind = controller.signal.aborted
          ? 'deadline'
          : errorCode(error) === 'MALFORMED'
            ? 'malformed'
            : classify(error);
        if (error instanceof OktaError && kind !== 'deadline') throw error;
        const notSent = NOT_SENT.has(kind);
        const outcomeUnknown = !idempotent && !notSent;
        const failure = failureError(kind, outcomeUnknown);
        if (kind === 'deadline' || failures >= retry.maxRetries) throw failure;
        if (!idempotent && !notSent) throw failure;
        await backoff(failure);
        continue;
      }
      clearTimeout(deadlineTimer);
      signal?.removeEventListener('abort', onAbort);
      const advice = await permit.release({ status: answer.status, headers: answer.headers });
      record(answer.status);
      firstRequestId ??= answer.headers['x-okta-request-id'];

      if (answer.status === 429) {
        // Okta did not act on a rate-limited call, so any method may be sent again after the reset.
        rateLimited++;
        const retryAt = advice?.retryAt ?? Date.now();
        if (rateLimited > retry.maxRateLimitRetries || retryAt > deadline) {
          throw new OktaRateLimitError(route.bucket, retryAt);
        }
        notBefore = retryAt;
        continue;
      }
      if (grant) {
        const challenge = auth.answered(grant, answer.status, answer.headers);
        // A refused credential means Okta did not act: one more try, with a new token or nonce.
        if (challenge === 'refresh' && !refreshed) {
          refreshed = true;
          continue;
        }
        if (challenge === 'nonce' && !nonceRetried) {
          nonceRetried = true;
          continue;
        }
      }
      if (answer.status >= 500) {
        // A 503 means Okta turned the call away; other 5xx may come after Okta acted.
        const unacted = answer.status === 503;
        const error = apiError(answer, !idempotent && !unacted);
        if ((idempotent || unacted) && failures < retry.maxRetries) {
          await backoff(error);
          continue;
        }
        throw error;
      }
      return answer;
    }
  }

  async function call<T>(req: OktaRequest, url: URL): Promise<OktaResponse<T>> {
    const deadline = req.deadline ?? Date.now() + defaultDeadlineMs;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const answer = await execute({
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
      idempotent: req.idempotent ?? req.method === 'GET',
      authenticate: true,
    });
    if (answer.status >= 400) throw apiError(answer, false);
    return {
      status: answer.status,
      body: answer.body as T,
      headers: answer.headers,
      links: parseLinkHeader(answer.linkLines),
      requestId: answer.headers['x-okta-request-id'],
    };
  }

  const urlOf = (path: string, query: Record<string, QueryValue> | undefined) =>
    withQuery(new URL(path, origin), query);

  /** A list request's query with its page size clamped into what the endpoint accepts. */
  function pagedQuery(req: OktaRequest, limit: number | undefined): Record<string, QueryValue> {
    const query: Record<string, QueryValue> = { ...req.query };
    const asked = limit ?? (typeof query.limit === 'number' ? query.limit : undefined);
    if (asked !== undefined) query.limit = clampPageSize(routeTemplate(req.path), asked);
    return query;
  }

  function toPage<T>(res: OktaResponse<T[]>): Page<T> {
    if (!Array.isArray(res.body)) {
      throw new OktaNetworkError('a list endpoint answered without a JSON array', false);
    }
    const next = res.links.next ?? null;
    return { items: res.body, next, after: next ? new URL(next).searchParams.get('after') : null };
  }

  /**
   * The URL of the next page: Okta's next link, on our org (never another host, which would get
   * our credential), with every original query parameter it dropped put back.
   */
  function nextUrl(next: string, original: URL): URL {
    const link = new URL(next, origin);
    const url = new URL(`${link.pathname}${link.search}`, origin);
    for (const [key, value] of original.searchParams) {
      if (!url.searchParams.has(key)) url.searchParams.append(key, value);
    }
    return url;
  }

  return {
    request<T>(req: OktaRequest): Promise<OktaResponse<T>> {
      return call<T>(req, urlOf(req.path, req.query));
    },

    async page<T>(req: OktaRequest, pageOptions: PageOptions = {}): Promise<Page<T>> {
      const query = pagedQuery(req, pageOptions.limit);
      if (pageOptions.after) query.after = pageOptions.after;
      return toPage(await call<T[]>(req, urlOf(req.path, query)));
    },

    async *paginate<T>(req: OktaRequest, pageOptions: PaginateOptions = {}): AsyncIterable<T[]> {
      const first = urlOf(req.path, pagedQuery(req, pageOptions.pageSize));
      const maxItems = pageOptions.maxItems ?? Number.POSITIVE_INFINITY;
      const seen = new Set<string>();
      let url: URL | null = first;
      let count = 0;
      while (url && count < maxItems) {
        seen.add(url.href);
        const page: Page<T> = toPage(await call<T[]>(req, url));
        const items = page.items.slice(0, maxItems - count);
        count += items.length;
        // An empty page ends the walk: the System Log's polling mode always links a next page.
        if (items.length === 0) return;
        yield items;
        url = page.next ? nextUrl(page.next, first) : null;
        if (url && seen.has(url.href)) return;
      }
    },

    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    rateLimits: () => governor.view(),

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
