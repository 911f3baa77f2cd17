/**
 * How a failed exchange becomes one of the OktaError family (errors.ts): undici's error codes
 * sorted into what happened on the wire, and Okta's error bodies read into OktaApiError. The
 * messages are our own words: undici's may quote URLs, and Okta's are scrubbed of secrets.
 */
import {
  OktaApiError,
  OktaAuthError,
  type OktaError,
  OktaNetworkError,
  OktaTimeoutError,
} from './errors.ts';
import type { Answer } from './send.ts';

export type FailureKind =
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

/** Whether Okta cannot have seen a request that failed this way. */
export const neverSent = (kind: FailureKind): boolean => NOT_SENT.has(kind);

/** Our own words for a failure: undici's messages may quote URLs, and never reach a caller. */
export function failureError(kind: FailureKind, outcomeUnknown: boolean): OktaError {
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

/** What an exchange's error means; `deadlinePassed` when our own deadline timer aborted it. */
export function failureKind(error: unknown, deadlinePassed: boolean): FailureKind {
  if (deadlinePassed) return 'deadline';
  switch (errorCode(error)) {
    case 'MALFORMED':
      return 'malformed';
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

/**
 * Okta's error answer as an OktaError: a 401 as OktaAuthError, anything else as OktaApiError
 * with Okta's code, summary, causes and ids. `redact` scrubs the credential's secrets from text.
 */
export function apiError(
  answer: Answer,
  outcomeUnknown: boolean,
  redact: (text: string) => string,
): OktaError {
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
  return new OktaApiError(answer.status, code, summary, causes, errorId, requestId, outcomeUnknown);
}
