import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, type Plugin, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import type { Caller } from '../caller.ts';
import type { Config } from '../config.ts';
import type { Context, LoaderFactory } from '../context.ts';
import { createLogEventStream, type LogEventStream } from '../events/stream.ts';
import { MemoryRecentWrites, type RecentWrites } from '../loaders/index.ts';
import type { OktaClient } from '../okta/index.ts';
import { schema } from '../schema/index.ts';
import { createCallerAuthenticator } from './auth.ts';
import { CSRF_PREVENTION_HEADERS, corsPolicy } from './cors.ts';
import { gatewayMaskError } from './format-error.ts';
import { graphiqlOptions, renderSelfContainedGraphiQL } from './graphiql.ts';
import { createReadiness, type Readiness, readinessCheck } from './health.ts';
import { useOktaEventHooks } from './hooks.ts';
import { createLogger, type Logger, yogaLogger } from './logger.ts';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.ts';
import { useArgumentLimits } from './plugins/use-argument-limits.ts';
import { useCallerAuth } from './plugins/use-caller-auth.ts';
import { useCallerSubscriptions } from './plugins/use-caller-subscriptions.ts';
import { useEventInvalidation } from './plugins/use-event-invalidation.ts';
import { useIntrospection } from './plugins/use-introspection.ts';
import { useMetricsEndpoint } from './plugins/use-metrics-endpoint.ts';
import { useNoFieldSuggestions } from './plugins/use-no-field-suggestions.ts';
import { useOktaPlan } from './plugins/use-okta-plan.ts';
import { useOperationLimits } from './plugins/use-operation-limits.ts';
import { useOperationTimeout } from './plugins/use-operation-timeout.ts';
import { useRequestContext } from './plugins/use-request-context.ts';
import { useRequestLog } from './plugins/use-request-log.ts';
import { useSubscriptionLifetime } from './plugins/use-subscription-lifetime.ts';
import { useTrustedDocuments } from './plugins/use-trusted-documents.ts';
import { RequestLedger } from './request-ledger.ts';

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
    // A persisted operation's id may come as `documentId` (use-trusted-documents.ts).
    extraParamNames: ['documentId'],
    maskedErrors: { maskError: gatewayMaskError(config.development) },
    // In the order a request meets them: yoga runs each hook in plugin order, ours after its own
    // (health check, CORS, GraphiQL, request parsing) and before its error masking.
    plugins: [
      // First, so that it times and logs every request, whatever plugin answers it.
      useRequestLog(requests, logger, metrics),
      // The gateway's lifetime, not a request's: stops with `gateway.dispose()`.
      useEventInvalidation({ events, recentWrites, logger }),
      // Endpoints beside /graphql, answered before anything GraphQL runs; /readyz is yoga's own
      // readiness check, answering what health.ts's probe found.
      useReadinessCheck({ endpoint: '/readyz', check: readinessCheck(readiness) }),
      useMetricsEndpoint(metrics, okta, {
        token: config.security.metricsToken,
        open: config.demo,
      }),
      // The context: the caller first (no caller, no context: 401), then what resolvers use,
      // bound to the operation's deadline; graphql-ws builds it through the same two (ws.ts).
      useCallerAuth(authenticate),
      useRequestContext({
        okta,
        recentWrites,
        events,
        requests,
        limits: config.limits,
        loaders: options.loaders,
      }),
      // /hooks/okta, and where Okta reaches it in the context (after the context is built).
      useOktaEventHooks({ config, events, logger }),
      // Refusals before execution: CSRF before the body is parsed, then the document's limits
      // when it is parsed and validated, then introspection in validation.
      useCSRFPrevention({ requestHeaders: [...CSRF_PREVENTION_HEADERS] }),
      // Persisted operations by hash, and who may send a document's text (config: trusted docs).
      useTrustedDocuments(config.security, authenticate),
      useOperationLimits(config.limits),
      useArgumentLimits(config.security.maxArgumentChars),
      useIntrospection(config.demo || config.introspection),
      // The limit is the plan: the operation's Okta calls, planned before any is made.
      useOktaPlan({ schema, okta, maxPlannedCalls: config.limits.maxPlannedCalls, requests }),
      // Execution: queries and mutations under the deadline, subscriptions under the client's
      // connection.
      useOperationTimeout(requests, config.limits.operationTimeoutMs),
      useSubscriptionLifetime(okta, recentWrites),
      // Per caller: how many subscriptions, and none past the caller's token (SSE and graphql-ws).
      useCallerSubscriptions({ maxPerCaller: config.liveStreams.maxSubscriptionsPerCaller }),
      // On the result, last: outside demo mode, graphql-js's name suggestions are dropped.
      !config.demo && useNoFieldSuggestions(),
    ].filter((p): p is Plugin => Boolean(p)),
  });
}
