import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { type Context, createContext } from '../context.ts';
import { MemoryRecentWrites, type RecentWrites } from '../loaders/index.ts';
import { createNaiveLoaders } from '../loaders/naive.ts';
import type { OktaClient } from '../okta/index.ts';
import { maskError } from '../schema/errors.ts';
import { schema } from '../schema/index.ts';
import { type Caller, CallerAuthError, createCallerAuthenticator } from './auth.ts';
import { useOperationLimits } from './limits.ts';

export interface GatewayOptions {
  config: Readonly<Config>;
  okta: OktaClient;
  recentWrites?: RecentWrites;
  /** Overrides caller authentication (tests inject keys); defaults to the config's. */
  authenticate?: (authorization: string | null) => Promise<Caller>;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, Context>;

/** The gateway as a fetch handler (no listen): what `main.ts` serves and tests call in-process. */
export function createGateway(options: GatewayOptions): Gateway {
  const { config, okta } = options;
  const recentWrites = options.recentWrites ?? new MemoryRecentWrites();
  const authenticate = options.authenticate ?? createCallerAuthenticator(config.callerAuth);

  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql,
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
      const context = createContext({
        caller,
        okta,
        recentWrites,
        deadline: Date.now() + config.limits.operationTimeoutMs,
        signal: request.signal,
        maxFirst: config.limits.maxFirst,
        maxCost: config.limits.maxCost,
      });
      // The benchmark's baseline (GATEWAY_LOADERS=naive): the same resolvers, nothing batched.
      if (config.loaders === 'naive') {
        context.loaders = createNaiveLoaders(context.okta, recentWrites);
      }
      return context;
    },
    plugins: [useOperationLimits(config.limits)],
  });
}
