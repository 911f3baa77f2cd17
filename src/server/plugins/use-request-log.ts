import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorCodeOf } from '../format-error.ts';
import type { Logger } from '../logger.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { RequestLedger } from '../request-ledger.ts';

/** Probes and scrapes arrive every few seconds: logged at debug, so they do not drown the rest. */
const OPERATIONAL_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function outcomeOf(result: ExecutionResult): string {
  const first = result.errors?.[0];
  return first ? errorCodeOf(first) : 'success';
}

/**
 * One JSON log line per request (method, path without its query string, status, duration,
 * operation name, request id, outcome), the request id echoed in `x-request-id`, and the
 * operation counted in `/metrics`. Nothing from the request's headers, variables or query string
 * is logged.
 */
export function useRequestLog(
  requests: RequestLedger,
  logger: Logger,
  metrics: GatewayMetrics,
): Plugin {
  let graphqlEndpoint = '/graphql';
  return {
    onYogaInit({ yoga }) {
      graphqlEndpoint = yoga.graphqlEndpoint;
    },
    // Around the whole request, so that requests answered before the plugins' `onRequest` hooks
    // (yoga's health check, GraphiQL page, CORS preflight) are timed and logged too.
    instrumentation: {
      request({ request }, wrapped) {
        requests.open(request);
        return wrapped();
      },
    },
    onParams({ request, params }) {
      const record = requests.get(request);
      if (record && params.operationName) record.operationName = params.operationName;
    },
    onValidate({ params, context }) {
      const record = requests.get((context as { request?: Request }).request);
      if (!record) return;
      const operation = getOperationAST(params.documentAST, record.operationName ?? undefined);
      if (operation?.name) record.operationName = operation.name.value;
    },
    onExecutionResult({ request, result }) {
      const record = requests.get(request);
      if (!record || !result || Symbol.asyncIterator in result) return;
      record.outcome = outcomeOf(result as ExecutionResult);
    },
    onResponse({ request, response }) {
      const record = requests.get(request);
      if (!record) return;
      const seconds = (performance.now() - record.startedAt) / 1000;
      const url = new URL(request.url, 'http://gateway');
      const isGraphQL = url.pathname === graphqlEndpoint && request.method !== 'OPTIONS';
      const isPage = (response.headers.get('content-type') ?? '').startsWith('text/html');
      let outcome = record.outcome;
      if (isGraphQL && !isPage) {
        // Refused before any GraphQL result (CSRF prevention, body size): counted by status.
        outcome ??= `HTTP_${response.status}`;
        metrics.observeOperation(record.operationName, outcome, seconds);
      }
      response.headers.set('x-request-id', record.id);
      const log = OPERATIONAL_PATHS.has(url.pathname) ? logger.debug : logger.info;
      log('request', {
        requestId: record.id,
        method: request.method,
        path: url.pathname,
        status: response.status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        ...(isGraphQL && !isPage
          ? { operationName: record.operationName ?? null, outcome: outcome ?? null }
          : {}),
      });
    },
  };
}
