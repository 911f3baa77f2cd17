/**
 * The naive baseline of `npm run bench`, as a process: the gateway over OKTA_ORG_URL with the
 * same config and Okta client settings as `npm start` (src/main.ts), but loaders that neither
 * batch nor cache (naive-loaders.ts). Only what the benchmark exercises is wired: no System Log
 * poller (the benchmark subscribes to nothing) and no demo mode.
 */
import { loadConfig } from '../src/config.ts';
import { createOktaClient } from '../src/okta/index.ts';
import { createLogger } from '../src/server/logger.ts';
import { serveGateway } from '../src/server/serve.ts';
import { createGateway } from '../src/server/yoga.ts';
import { createNaiveLoaders } from './naive-loaders.ts';

const config = loadConfig();
const orgUrl = config.oktaOrgUrl;
const auth = config.oktaAuth;
if (!orgUrl || auth?.mode !== 'ssws') {
  throw new Error('the naive gateway needs OKTA_ORG_URL and OKTA_API_TOKEN');
}
const logger = createLogger({ level: config.logLevel });
const okta = createOktaClient({
  orgUrl,
  credentials: { apiToken: auth.apiToken },
  timeouts: {
    connectMs: config.oktaHttp.connectTimeoutMs,
    headersMs: config.oktaHttp.headersTimeoutMs,
    bodyMs: config.oktaHttp.bodyTimeoutMs,
  },
  maxConcurrency: config.oktaHttp.maxInFlight,
  rateLimit: { reservedShare: config.oktaHttp.reservedShare },
});
const gateway = createGateway({ config, okta, logger, loaders: createNaiveLoaders });
const served = await serveGateway({
  gateway,
  config,
  port: config.port,
  host: config.host,
  logger,
  closers: [() => okta.transport.close()],
});
logger.info('listening (naive loaders)', { graphql: `${served.url}/graphql` });
const stop = (signal: string) => void served.shutdown(signal).then(() => process.exit(0));
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
