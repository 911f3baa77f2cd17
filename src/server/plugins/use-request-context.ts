import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import type { LimitsConfig } from '../../config.ts';
import { type Context, createContext, type LoaderFactory } from '../../context.ts';
import type { LogEventStream } from '../../events/stream.ts';
import type { RecentWrites } from '../../loaders/index.ts';
import type { OktaClient } from '../../okta/index.ts';
import type { RequestLedger } from '../request-ledger.ts';

/**
 * The resolvers' per-request context (context.ts), built once the caller is known (after
 * use-caller-auth.ts): an Okta client bound to the operation's deadline and cancellation, which
 * start here (see RequestLedger), and fresh loaders.
 */
export function useRequestContext(options: {
  okta: OktaClient;
  recentWrites: RecentWrites;
  events: LogEventStream;
  requests: RequestLedger;
  limits: Pick<LimitsConfig, 'operationTimeoutMs' | 'maxFirst'>;
  /** Other loaders than createLoaders' (the benchmark's unbatched baseline). */
  loaders?: LoaderFactory;
}): Plugin<Context> {
  const { okta, recentWrites, events, requests, limits } = options;
  return {
    onContextBuilding({ context, extendContext }) {
      const { request, caller } = context as unknown as { request: Request; caller: Caller };
      const { deadline, signal } = requests.startOperation(request, limits.operationTimeoutMs);
      const built = createContext({
        caller,
        okta,
        recentWrites,
        events,
        deadline,
        signal,
        maxFirst: limits.maxFirst,
        loaders: options.loaders,
      });
      extendContext(built);
    },
  };
}
