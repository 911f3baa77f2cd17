/**
 * One Okta call carried to its end: each attempt authenticated (auth.ts), let through by the
 * rate-limit governor (rate-limit.ts), sent (send.ts) under the caller's deadline and
 * cancellation, and tried again only where that is safe.
 *
 * What is safe to retry: a GET (or a call marked idempotent) on a 5xx, a reset or a timeout, at
 * most twice with full jitter; any call that Okta cannot have acted on (a 429, a 503, a refused
 * connection, a connect timeout). Never a blind retry of a create, a lifecycle transition or a
 * DELETE: the first DELETE of a user deactivates it and the second deletes it for good.
 */
import type { Grant, OktaAuth } from './auth.ts';
import { OktaError, OktaRateLimitError, OktaTimeoutError } from './errors.ts';
import { failureError, failureKind, neverSent } from './failures.ts';
import type { HttpMethod, OktaCallRecord } from './http.ts';
import type { Permit, RateLimitGovernor } from './rate-limit.ts';
import { type OktaRoute, routeOf } from './routes.ts';
import type { Answer, Sender } from './send.ts';

export interface OktaRetryPolicy {
  /** Retries of a failed idempotent call (5xx, reset, timeout). Default 2. */
  maxRetries?: number;
  /** Full jitter: the n-th retry waits a random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ⁻¹)). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Calls answered 429 tried again at most this often (each after the bucket resets). Default 3. */
  maxRateLimitRetries?: number;
}

export interface CallSpec {
  method: HttpMethod;
  url: URL;
  /** Made per attempt: a token request needs a fresh client assertion and proof every time. */
  payload: () => Promise<{ body?: string; headers: Record<string, string> }>;
  deadline: number;
  signal: AbortSignal | undefined;
  /** Whose share of the rate limit the call spends (the governor's AcquireOptions.spender). */
  spender?: string;
  idempotent: boolean;
  /**
   * The org's credential, for every call but the token request (null), which carries its own
   * in its form.
   */
  auth: OktaAuth | null;
}

export interface CallRunnerOptions {
  send: Sender['send'];
  governor: RateLimitGovernor;
  retry?: OktaRetryPolicy;
  /** One record per attempt, for instrumentation. */
  emit: (record: OktaCallRecord) => void;
  /** Okta's error answer as an OktaError (failures.ts), secrets redacted. */
  apiError: (answer: Answer, outcomeUnknown: boolean) => OktaError;
}

/**
 * Run a call to its end. Returns the final answer, whose status may be 4xx (the caller maps it);
 * throws for what cannot be answered.
 */
export type CallRunner = (spec: CallSpec) => Promise<Answer>;

/** How one attempt went: an answer, or a failure on the wire that may be worth another try. */
type Attempt =
  | { answer: Answer; advice: { retryAt: number } | null }
  | { answer: null; failure: OktaError; notSent: boolean; deadline: boolean };

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

export function createCallRunner(options: CallRunnerOptions): CallRunner {
  const { send, governor, emit } = options;
  const retry = {
    maxRetries: options.retry?.maxRetries ?? 2,
    baseDelayMs: options.retry?.baseDelayMs ?? 200,
    maxDelayMs: options.retry?.maxDelayMs ?? 2_000,
    maxRateLimitRetries: options.retry?.maxRateLimitRetries ?? 3,
  };

  /**
   * One attempt with a permit from the governor: sent under the deadline and the caller's
   * signal, the permit given back with the answer, one record emitted. Throws the caller's abort
   * and any OktaError raised on the way (a credential that cannot be had); a wire failure comes
   * back as a failure.
   */
  async function attempt(
    spec: CallSpec,
    route: OktaRoute,
    number: number,
    grant: Grant | null,
    permit: Permit,
    retryHeaders: Record<string, string>,
  ): Promise<Attempt> {
    const { method, deadline, signal, idempotent } = spec;
    const started = performance.now();
    const record = (status: number | 'error') =>
      emit({
        method,
        route: route.template,
        status,
        durationMs: performance.now() - started,
        bucket: route.bucket,
        attempt: number,
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
        ...(grant && spec.auth ? await spec.auth.headers(grant, method, spec.url) : {}),
        ...payload.headers,
        ...retryHeaders,
      };
      answer = await send(method, spec.url, headers, payload.body, controller.signal);
    } catch (error) {
      clearTimeout(deadlineTimer);
      signal?.removeEventListener('abort', onAbort);
      await permit.release(null);
      record('error');
      if (signal?.aborted) throw signal.reason;
      const kind = failureKind(error, controller.signal.aborted);
      if (error instanceof OktaError && kind !== 'deadline') throw error;
      const notSent = neverSent(kind);
      const outcomeUnknown = !idempotent && !notSent;
      return {
        answer: null,
        failure: failureError(kind, outcomeUnknown),
        notSent,
        deadline: kind === 'deadline',
      };
    }
    clearTimeout(deadlineTimer);
    signal?.removeEventListener('abort', onAbort);
    const advice = await permit.release({ status: answer.status, headers: answer.headers });
    record(answer.status);
    return { answer, advice };
  }

  return async function run(spec: CallSpec): Promise<Answer> {
    const { method, deadline, signal, idempotent } = spec;
    const route = routeOf(method, spec.url.pathname);
    let attempts = 0;
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
      const grant: Grant | null = spec.auth ? await spec.auth.grant(deadline) : null;
      const permit = await governor.acquire(route.bucket, {
        deadline,
        signal,
        notBefore,
        spender: spec.spender,
      });
      attempts++;
      // As Okta's SDK does: tie the retry of a rate-limited call to the call Okta refused.
      const retryHeaders: Record<string, string> =
        rateLimited > 0 && firstRequestId
          ? { 'x-okta-retry-for': firstRequestId, 'x-okta-retry-count': String(rateLimited) }
          : {};
      const outcome = await attempt(spec, route, attempts, grant, permit, retryHeaders);

      if (outcome.answer === null) {
        const { failure, notSent } = outcome;
        if (outcome.deadline || failures >= retry.maxRetries) throw failure;
        if (!idempotent && !notSent) throw failure;
        await backoff(failure);
        continue;
      }
      const { answer, advice } = outcome;
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
      if (grant && spec.auth) {
        const challenge = spec.auth.answered(grant, answer.status, answer.headers);
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
        const error = options.apiError(answer, !idempotent && !unacted);
        if ((idempotent || unacted) && failures < retry.maxRetries) {
          await backoff(error);
          continue;
        }
        throw error;
      }
      return answer;
    }
  };
}
