import { createServer } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createOktaClient, type OktaClient } from './okta/index.ts';
import { createGateway } from './server/yoga.ts';
import { startSimulator } from './simulator/index.ts';

/**
 * `npm start`: with OKTA_ORG_URL set, the gateway over that org; without it, demo mode: the
 * gateway over the embedded simulator's seeded demo org.
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

  const closers: (() => Promise<void>)[] = [];
  let okta: OktaClient;
  if (config.demo) {
    const sim = await startSimulator({ seed: config.demoSeed });
    closers.push(() => sim.close());
    okta = createOktaClient({ orgUrl: sim.url, credentials: { apiToken: sim.apiToken } });
    console.warn(
      `DEMO MODE: the gateway serves the embedded simulator's demo org (${sim.url}); callers are NOT authenticated.`,
    );
  } else {
    const auth = config.oktaAuth;
    if (!auth) throw new Error('unreachable: config guarantees Okta credentials outside demo mode');
    okta = createOktaClient({
      orgUrl: config.oktaOrgUrl as string,
      credentials:
        auth.mode === 'ssws'
          ? { apiToken: auth.apiToken }
          : {
              clientId: auth.clientId,
              privateKey: auth.privateKey,
              keyId: auth.keyId,
              scopes: auth.scopes,
            },
      timeouts: {
        connectMs: config.oktaHttp.connectTimeoutMs,
        headersMs: config.oktaHttp.headersTimeoutMs,
        bodyMs: config.oktaHttp.bodyTimeoutMs,
      },
      maxConcurrency: config.oktaHttp.maxInFlight,
    });
    if (config.callerAuth.mode === 'none') {
      console.warn('AUTH_MODE=none: callers are NOT authenticated.');
    }
  }
  closers.unshift(() => okta.transport.close());

  const gateway = createGateway({ config, okta });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`okta-graphql-gateway listening: GraphQL at http://${config.host}:${port}/graphql`);
  if (config.graphiql) console.log(`GraphiQL: http://${config.host}:${port}/graphql`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining in-flight requests`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const close of closers) await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
