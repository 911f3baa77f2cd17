import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import { type Context, spenderOf, subscriptionContext } from '../../context.ts';
import type { RecentWrites } from '../../loaders/index.ts';
import type { OktaClient } from '../../okta/index.ts';

/**
 * A subscription lives as long as its client, not within the operation deadline of queries and
 * mutations: its Okta calls (the `since` replay, the fields of each event) are bound to the
 * client's connection instead of the deadline, each under the Okta client's own per-call
 * deadline, and are cancelled when the client goes away (SSE: the request's signal; graphql-ws:
 * the operation's, see ws.ts).
 */
export function useSubscriptionLifetime(
  okta: OktaClient,
  recentWrites: RecentWrites,
): Plugin<Context> {
  return {
    onSubscribe({ args, extendContext }) {
      const { request, caller } = args.contextValue as { request?: Request; caller?: Caller };
      const lifetime = okta.scoped({
        signal: request?.signal,
        spender: caller ? spenderOf(caller) : undefined,
      });
      extendContext(subscriptionContext(lifetime, recentWrites));
    },
  };
}
