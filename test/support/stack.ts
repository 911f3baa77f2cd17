import { afterAll, beforeAll } from 'vitest';
import type { Caller } from '../../src/caller.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { LoaderFactory } from '../../src/context.ts';
import { createLogEventStream, type LogEventStream } from '../../src/events/stream.ts';
import {
  createOktaClient,
  type OktaClient,
  type OktaTransportOptions,
} from '../../src/okta/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway, type Gateway } from '../../src/server/yoga.ts';
import type { Simulator, SimulatorOptions } from '../../src/simulator/index.ts';
import { startTestSimulator } from './simulator.ts';

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

export interface Stack {
  sim: Simulator;
  gateway: Gateway;
  okta: OktaClient;
  config: Readonly<Config>;
  /** The gateway's event stream (what the poller and event hooks publish into). */
  events: LogEventStream;
  /** The caller authenticator the stack was given (undefined: the config's, as the gateway's). */
  authenticate: ((authorization: string | null) => Promise<Caller>) | undefined;
  /** Run one operation through the gateway in-process (no port). */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLAnswer<T>>;
  /** Okta calls the simulator served since the last reset, by `METHOD /route/:template`. */
  oktaCalls: Simulator['requests'];
  violations: string[];
  /** The Okta admin the gateway acts as (its API token's owner): no write may touch it. */
  adminId: string;
  close(): Promise<void>;
}

/** The simulator and the gateway over it, wired as `npm start` wires them in demo mode. */
export async function startStack(
  options: {
    sim?: SimulatorOptions;
    env?: Record<string, string>;
    authenticate?: (authorization: string | null) => Promise<Caller>;
    /** How the gateway builds each request's loaders (the benchmark's naive baseline). */
    loaders?: LoaderFactory;
    /** The Okta transport's dispatcher and concurrency (round-trip tests hold calls in waves). */
    okta?: Pick<OktaTransportOptions, 'dispatcher' | 'maxConcurrency'>;
    /** Ask Okta for the gateway's admin at start, as `npm start` does (default); or at the first write. */
    principalAtStart?: boolean;
  } = {},
): Promise<Stack> {
  const { sim, violations } = await startTestSimulator(options.sim ?? {});
  const config = loadConfig({ ...options.env });
  const okta = createOktaClient({
    orgUrl: sim.url,
    credentials: { apiToken: sim.apiToken },
    ...options.okta,
  });
  // The gateway's own admin, looked up as `npm start` does before serving (not in tests' counts).
  const adminId =
    options.principalAtStart === false
      ? (sim.org.apiTokens.get(sim.apiToken)?.id as string)
      : ((await okta.gatewayPrincipal()) as string);
  sim.requests.reset();
  const events = createLogEventStream();
  const gateway = createGateway({
    config,
    okta,
    events,
    authenticate: options.authenticate,
    loaders: options.loaders,
    // Tests read answers, not request logs; test/server/logging.test.ts checks the log lines.
    logger: createLogger({ level: 'silent' }),
  });
  const graphql: Stack['graphql'] = async (query, variables, headers = {}) => {
    const res = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLAnswer, 'status' | 'headers'>;
    return { status: res.status, headers: res.headers, ...body } as never;
  };
  return {
    sim,
    gateway,
    okta,
    config,
    events,
    authenticate: options.authenticate,
    graphql,
    oktaCalls: sim.requests,
    violations,
    adminId,
    close: async () => {
      await gateway.dispose();
      await events.close();
      await okta.transport.close();
      await sim.close();
    },
  };
}

/** `startStack` bound to a test file: started once before its tests, closed after. */
export function useStack(options: Parameters<typeof startStack>[0] = {}): Stack {
  const stack = {} as Stack;
  beforeAll(async () => {
    Object.assign(stack, await startStack(options));
  });
  afterAll(async () => {
    await stack.close?.();
  });
  return stack;
}
