import { type Config, ConfigError, loadConfig } from './config.ts';
import { startEventSources } from './events/index.ts';
import { createLogEventStream } from './events/stream.ts';
import { createOktaClient, type OktaClient } from './okta/index.ts';
import type { BudgetStore } from './okta/rate-limit.ts';
import { RedisBudgetStore } from './okta/redis-budget.ts';
import { createCallerAuthenticator } from './server/auth.ts';
import { createReadiness } from './server/health.ts';
import { createLogger, type Logger } from './server/logger.ts';
import { createGatewayMetrics } from './server/metrics.ts';
import { trustedDocumentGate } from './server/plugins/use-trusted-documents.ts';
import { serveGateway } from './server/serve.ts';
import { createGateway } from './server/yoga.ts';
import { startSimulator } from './simulator/index.ts';

/**
 * `npm start`: with OKTA_ORG_URL set, the gateway over that org; without it, demo mode: the
 * gateway over the embedded simulator's seeded demo org. Logs are JSON lines on stdout; SIGTERM
 * and SIGINT drain the requests in flight before the process exits.
 */
async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });

  const closers: (() => Promise<void>)[] = [];
  // With Redis, replicas share the org's rate-limit budget (one per org URL) instead of each
  // spending whole buckets.
  const budget = (orgUrl: string): BudgetStore | undefined => {
    if (!config.redisUrl) return undefined;
    const store = new RedisBudgetStore(config.redisUrl, {
      prefix: `${config.redisPrefix}budget:${new URL(orgUrl).host}:`,
    });
    closers.push(() => store.close());
    return store;
  };
  // The same HTTP settings whether the org is real or the embedded demo one.
  const http = (orgUrl: string) => ({
    timeouts: {
      connectMs: config.oktaHttp.connectTimeoutMs,
      headersMs: config.oktaHttp.headersTimeoutMs,
      bodyMs: config.oktaHttp.bodyTimeoutMs,
    },
    maxConcurrency: config.oktaHttp.maxInFlight,
    rateLimit: {
      reservedShare: config.oktaHttp.reservedShare,
      systemShare: config.oktaHttp.systemShare,
      callerShare: config.oktaHttp.callerShare,
      store: budget(orgUrl),
    },
  });
  let okta: OktaClient;
  let orgUrl: string;
  if (config.demo) {
    const sim = await startSimulator({ seed: config.demoSeed });
    closers.push(() => sim.close());
    orgUrl = sim.url;
    okta = createOktaClient({
      orgUrl: sim.url,
      credentials: { apiToken: sim.apiToken },
      ...http(sim.url),
    });
    logger.warn(
      'DEMO MODE: the gateway serves the embedded simulator’s demo org; callers are NOT authenticated',
      { simulator: sim.url },
    );
  } else {
    orgUrl = config.oktaOrgUrl as string;
    okta = createOktaClient({
      orgUrl,
      credentials: oktaCredentials(config),
      ...http(orgUrl),
    });
    if (config.callerAuth.mode === 'none') {
      logger.warn('AUTH_MODE=none: callers are NOT authenticated');
    }
  }
  closers.unshift(() => okta.transport.close());
  // The admin the API token acts as, whom no write may touch: asked before serving (a few
  // seconds at most; when Okta does not answer, the first write asks again).
  await Promise.race([
    okta.gatewayPrincipal().then(
      (userId) => logger.debug('the gateway acts as', { oktaUser: userId ?? 'a service app' }),
      () => logger.warn('the gateway could not yet ask Okta which admin its API token belongs to'),
    ),
    new Promise((resolve) => setTimeout(resolve, 5000).unref()),
  ]);
  if (config.graphiql && !(config.demo || config.introspection)) {
    logger.warn('GRAPHIQL is on but GRAPHQL_INTROSPECTION is off: GraphiQL cannot load the schema');
  }

  const readiness = createReadiness({ okta });
  const metrics = createGatewayMetrics({
    rateLimits: () => okta.transport.rateLimits(),
    processMetrics: true,
  });
  // Every replica's subscribers see every event when the stream runs through Redis pub/sub.
  const events = createLogEventStream(
    config.redisUrl
      ? {
          redisUrl: config.redisUrl,
          keyPrefix: `${config.redisPrefix}events:${new URL(orgUrl).host}:`,
        }
      : {},
  );
  closers.unshift(() => events.close());
  // The System Log poller: with Redis, one replica at a time polls (a lease) and the cursor is
  // shared; it polls only while some replica has subscribers.
  const sources = startEventSources({
    okta,
    stream: events,
    redisUrl: config.redisUrl,
    logger,
    org: new URL(orgUrl).host,
    keyPrefix: `${config.redisPrefix}poller:`,
    leaseTtlMs: config.poller.leaseTtlMs,
    timing: { intervalMs: config.poller.intervalMs },
  });
  closers.unshift(() => sources.close());
  // One caller authenticator for HTTP and for graphql-ws's trusted-documents check.
  const authenticate = createCallerAuthenticator(config.callerAuth);
  const gateway = createGateway({ config, okta, logger, readiness, metrics, events, authenticate });
  const served = await serveGateway({
    gateway,
    trustedDocuments: trustedDocumentGate(config.security, authenticate),
    // graphql-ws follows the configured CORS origins, body limit and modes, as HTTP does.
    config,
    port: config.port,
    host: config.host,
    logger,
    readiness,
    closers,
  });
  logger.info('listening', {
    graphql: `${served.url}/graphql`,
    graphiql: config.graphiql ? `${served.url}/graphql` : null,
    health: `${served.url}/healthz`,
    readiness: `${served.url}/readyz`,
    metrics: `${served.url}/metrics`,
  });
  if (config.graphiql) console.error(`GraphiQL: ${served.url}/graphql`);

  const stop = (signal: string) => {
    void served.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function oktaCredentials(config: Readonly<Config>) {
  const auth = config.oktaAuth;
  if (!auth) throw new Error('unreachable: config guarantees Okta credentials outside demo mode');
  return auth.mode === 'ssws'
    ? { apiToken: auth.apiToken }
    : {
        clientId: auth.clientId,
        privateKey: auth.privateKey,
        keyId: auth.keyId,
        scopes: auth.scopes,
      };
}

function fatal(logger: Logger, error: unknown): never {
  logger.error('the gateway failed to start', { error });
  process.exit(1);
}

await main().catch((error: unknown) => fatal(createLogger({ level: 'error' }), error));
