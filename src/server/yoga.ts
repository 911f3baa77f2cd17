import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import {
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
} from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config.ts';
import {
  type Context,
  createContext,
  type LoaderFactory,
  subscriptionContext,
} from '../context.ts';
import { invalidateOnEvents } from '../events/invalidate.ts';
import { createLogEventStream, type LogEventStream } from '../events/stream.ts';
import { MemoryRecentWrites, type RecentWrites } from '../loaders/index.ts';
import type { OktaClient } from '../okta/index.ts';
import { maskError } from '../schema/errors.ts';
import { schema } from '../schema/index.ts';
import { type Caller, CallerAuthError, createCallerAuthenticator } from './auth.ts';
import { corsPolicy } from './cors.ts';
import { graphiqlOptions, renderSelfContainedGraphiQL } from './graphiql.ts';
import { createReadiness, type Readiness, useReadinessEndpoint } from './health.ts';
import { useOktaEventHooks } from './hooks.ts';
import { useOperationLimits } from './limits.ts';
import { createLogger, type Logger, yogaLogger } from './logger.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';

export interface GatewayOptions {
  config: Readonly<Config>;
  okta: OktaClient;
  recentWrites?: RecentWrites;
  /** How each request's loaders are built (the benchmark's naive baseline passes its own). */
  loaders?: LoaderFactory;
  /** Overrides caller authentication (tests inject keys); defaults to the config's. */
  authenticate?: (authorization: string | null) => Promise<Caller>;
  /** Where the request log and yoga's own log go; JSON lines on stdout at `config.logLevel`. */
  logger?: Logger;
  /** What `/metrics` serves; by default a registry of its own, fed by this Okta client. */
  metrics?: GatewayMetrics;
  /** What `/readyz` answers; by default a cached probe of this Okta client. */
  readiness?: Readiness;
  /** The stream of Okta events that subscriptions read; by default one in memory. */
  events?: LogEventStream;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context>;

export const GRAPHQL_ENDPOINT = '/graphql';

/**
 * Headers that mark a request as one a browser could not have sent cross-site without a CORS
 * preflight. A request with a JSON (or any non-"simple") content type passes CSRF prevention as
 * it is; a GET or a form-encoded POST needs one of these (GraphiQL sends the first).
 */
export const CSRF_PREVENTION_HEADERS = [
  'x-graphql-client-name',
  'apollo-require-preflight',
  'graphql-preflight',
  'x-graphql-yoga-csrf',
];

/** The gateway as a fetch handler (no listen): what `main.ts` serves and tests call in-process. */
export function createGateway(options: GatewayOptions): Gateway {
  const { config, okta } = options;
  const recentWrites = options.recentWrites ?? new MemoryRecentWrites();
  const authenticate = options.authenticate ?? createCallerAuthenticator(config.callerAuth);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics =
    options.metrics ?? createGatewayMetrics({ rateLimits: () => okta.transport.rateLimits() });
  const readiness = options.readiness ?? createReadiness({ okta });
  const requests = new RequestLedger();
  const events = options.events ?? createLogEventStream();
  const watching = new AbortController();
  void invalidateOnEvents(events, recentWrites, watching.signal).catch((error: unknown) =>
    logger.error('event-driven cache invalidation stopped', { error: String(error) }),
  );

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: yogaLogger(logger),
    graphiql: config.graphiql ? graphiqlOptions(config) : false,
    renderGraphiQL: renderSelfContainedGraphiQL,
    cors: corsPolicy(config.corsOrigins),
    maxRequestBodySize: config.limits.maxBodyBytes,
    batching: false,
    maskedErrors: {
      maskError: (error) => maskError(error, config.development),
    },
    context: async ({ request }) => {
      let caller: Caller;
      try {
        caller = await authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (error instanceof CallerAuthError) {
          throw new GraphQLError(`Unauthenticated: ${error.reason}.`, {
            extensions: {
              code: 'UNAUTHENTICATED',
              http: { status: 401, headers: { 'WWW-Authenticate': error.challenge } },
            },
          });
        }
        throw error;
      }
      const { deadline, signal } = requests.startOperation(
        request,
        config.limits.operationTimeoutMs,
      );
      return createContext({
        caller,
        okta,
        recentWrites,
        events,
        deadline,
        signal,
        maxFirst: config.limits.maxFirst,
        maxCost: config.limits.maxCost,
        loaders: options.loaders,
      });
    },
    plugins: [
      { onDispose: () => watching.abort() },
      useRequestLog(requests, logger, metrics),
      useReadinessEndpoint(readiness),
      useMetricsEndpoint(metrics, okta),
      useOktaEventHooks({ config, events, logger }),
      useCSRFPrevention({ requestHeaders: CSRF_PREVENTION_HEADERS }),
      useOperationLimits(config.limits),
      useIntrospection(config.demo || config.introspection),
      useOperationTimeout(requests, config.limits.operationTimeoutMs),
      useSubscriptionLifetime(okta, recentWrites),
      !config.demo && useNoFieldSuggestions(),
    ].filter((p): p is Plugin => Boolean(p)),
  });
}

interface RequestRecord {
  id: string;
  startedAt: number;
  operationName: string | null;
  /** `success` or the first error's code, once the GraphQL result is known. */
  outcome: string | null;
  deadline?: number;
  timeout?: AbortController;
}

/** What the gateway's plugins know about each request in flight, keyed by the request itself. */
class RequestLedger {
  private readonly records = new WeakMap<Request, RequestRecord>();

  open(request: Request): RequestRecord {
    const record: RequestRecord = {
      id: requestIdOf(request),
      startedAt: performance.now(),
      operationName: null,
      outcome: null,
    };
    this.records.set(request, record);
    return record;
  }

  get(request: Request | undefined): RequestRecord | undefined {
    return request ? this.records.get(request) : undefined;
  }

  /**
   * The operation's deadline counts from the request's arrival, and its cancellation covers both
   * the client going away and the deadline passing: every Okta call the operation makes is bound
   * to it.
   */
  startOperation(request: Request, timeoutMs: number): { deadline: number; signal: AbortSignal } {
    const record = this.get(request) ?? this.open(request);
    record.deadline = Date.now() - (performance.now() - record.startedAt) + timeoutMs;
    record.timeout = new AbortController();
    return {
      deadline: record.deadline,
      signal: AbortSignal.any([request.signal, record.timeout.signal]),
    };
  }
}

/** A client's `x-request-id` when it is a plain token; otherwise a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
}

function outcomeOf(result: ExecutionResult): string {
  const first = result.errors?.[0];
  if (!first) return 'success';
  const code = first.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN_ERROR';
}

const OPERATIONAL_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON log line per request (method, path without its query string, status, duration,
 * operation name, request id, outcome), the request id echoed in `x-request-id`, and the
 * operation counted in `/metrics`. Nothing from the request's headers, variables or query string
 * is logged.
 */
function useRequestLog(requests: RequestLedger, logger: Logger, metrics: GatewayMetrics): Plugin {
  return {
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
      const isGraphQL = url.pathname === GRAPHQL_ENDPOINT && request.method !== 'OPTIONS';
      const isPage = (response.headers.get('content-type') ?? '').startsWith('text/html');
      let outcome = record.outcome;
      if (isGraphQL && !isPage) {
        // Refused before any GraphQL result (CSRF prevention, body size): counted by status.
        outcome ??= `HTTP_${response.status}`;
        metrics.observeOperation(record.operationName, outcome, seconds);
      }
      response.headers.set('x-request-id', record.id);
      // Probes and scrapes arrive every few seconds: at debug, so they do not drown the rest.
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

/**
 * `GET /metrics` in Prometheus' text format, fed by every Okta call the client makes (the
 * transport's `onCall`) and every GraphQL operation.
 */
function useMetricsEndpoint(metrics: GatewayMetrics, okta: OktaClient): Plugin {
  const unsubscribe = okta.transport.onCall((record) => metrics.observeOktaCall(record));
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      endResponse(
        new fetchAPI.Response(await metrics.render(), {
          headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
        }),
      );
    },
    onDispose() {
      unsubscribe();
    },
  };
}

/** Introspection is on in demo mode, and elsewhere only when configured (GRAPHQL_INTROSPECTION). */
function useIntrospection(allowed: boolean): Plugin {
  return allowed
    ? {}
    : {
        onValidate({ addValidationRule }) {
          addValidationRule(NoSchemaIntrospectionCustomRule);
        },
      };
}

export function operationTimeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(`The operation did not complete within ${timeoutMs} ms.`, {
    extensions: { code: 'OPERATION_TIMEOUT', http: { status: 504 } },
  });
}

/**
 * At the operation's deadline the client gets one clear `OPERATION_TIMEOUT` error, and the Okta
 * calls still in flight are cancelled (they share the deadline and the signal set in the
 * context), rather than the client waiting on whatever resolvers remain.
 */
function useOperationTimeout(requests: RequestLedger, timeoutMs: number): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const record = requests.get((args.contextValue as { request?: Request }).request);
      const deadline = record?.deadline;
      const timeout = record?.timeout;
      if (deadline === undefined || !timeout) return;
      setExecuteFn((executeArgs) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const expired = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(
            () => {
              const error = operationTimeoutError(timeoutMs);
              timeout.abort(error);
              resolve({ errors: [error] });
            },
            Math.max(0, deadline - Date.now()),
          );
        });
        // Okta calls share the deadline, so a call can fail a moment before this timer fires:
        // a result that settles at or after the deadline is the operation timing out, too.
        const executed = Promise.resolve(executeFn(executeArgs)).then((result) => {
          clearTimeout(timer);
          return Date.now() >= deadline ? { errors: [operationTimeoutError(timeoutMs)] } : result;
        });
        return Promise.race([executed, expired]) as ReturnType<typeof executeFn>;
      });
    },
  };
}

/**
 * A subscription lives as long as its client, not within the operation deadline of queries and
 * mutations: its Okta calls (the `since` replay, the fields of each event) are bound to the
 * client's connection instead of the deadline, each under the Okta client's own per-call
 * deadline, and are cancelled when the client goes away (SSE: the request's signal; graphql-ws:
 * the operation's, see ws.ts).
 */
function useSubscriptionLifetime(okta: OktaClient, recentWrites: RecentWrites): Plugin<Context> {
  return {
    onSubscribe({ args, extendContext }) {
      const request = (args.contextValue as { request?: Request }).request;
      const lifetime = okta.scoped({ signal: request?.signal });
      extendContext(subscriptionContext(lifetime, recentWrites));
    },
  };
}

/**
 * graphql-js suggests names ("Did you mean "login"?") in validation and coercion errors, which
 * lets a caller without introspection map the schema. They are dropped outside demo mode.
 */
function useNoFieldSuggestions(): Plugin {
  return {
    onExecutionResult({ result, setResult }) {
      if (!result || Symbol.asyncIterator in result) return;
      const { errors } = result as ExecutionResult;
      if (!errors?.some((e) => withoutSuggestions(e.message) !== e.message)) return;
      setResult({ ...(result as ExecutionResult), errors: errors.map(withoutFieldSuggestions) });
    },
  };
}

const withoutSuggestions = (message: string) => message.replace(/\s*Did you mean [^?]*\?/g, '');

/** The error without graphql-js's name suggestions (also used for graphql-ws, see ws.ts). */
export function withoutFieldSuggestions(error: GraphQLError): GraphQLError {
  const message = withoutSuggestions(error.message);
  return message === error.message
    ? error
    : new GraphQLError(message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: error.extensions,
      });
}
