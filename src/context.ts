import { setMaxListeners } from 'node:events';
import { type Caller, rateLimitKey } from './caller.ts';
import type { LogEventStream } from './events/stream.ts';
import { createLoaders, type Loaders, type RecentWrites } from './loaders/index.ts';
import { callerSpender, type OktaClient } from './okta/index.ts';

/** Everything a resolver may use for one GraphQL request; built fresh for each request. */
export interface Context {
  caller: Caller;
  /**
   * The Okta client bound to this request's deadline and cancellation, its calls spending the
   * caller's share of the rate limit.
   */
  okta: OktaClient;
  loaders: Loaders;
  /** Ids this gateway wrote recently (read by id, not search). Mutations mark what they write. */
  recentWrites: RecentWrites;
  /** The stream of Okta events (System Log poller and event hooks) that subscriptions read. */
  events: LogEventStream;
  /** The most items a connection may return (`first`). */
  maxFirst: number;
  /**
   * How Okta reaches this gateway's `/hooks/okta` (set by the hooks plugin, src/server/hooks.ts):
   * what registerGatewayEventHook registers. Absent when the endpoint is off.
   */
  gatewayHook?: GatewayHookEndpoint;
}

/** The endpoint an Okta event hook must call to reach this gateway, and how it authenticates. */
export interface GatewayHookEndpoint {
  /** `<public URL>/hooks/okta`; null when the gateway does not know its public URL. */
  uri: string | null;
  /** The header Okta must send, with the shared secret as its value (never returned). */
  authScheme: { key: string; value: string };
}

/**
 * How a context's loaders are built: createLoaders, unless the gateway is given another (the
 * benchmark's naive baseline builds its own, bench/naive-loaders.ts).
 */
export type LoaderFactory = (okta: OktaClient, recentWrites: RecentWrites) => Loaders;

/** The context of one GraphQL request: its Okta client bound to the request, its own loaders. */
export function createContext(options: {
  caller: Caller;
  okta: OktaClient;
  recentWrites: RecentWrites;
  events: LogEventStream;
  deadline: number;
  signal?: AbortSignal;
  maxFirst: number;
  loaders?: LoaderFactory;
}): Context {
  // Every Okta call of the request listens on its signal; a wide query makes hundreds.
  if (options.signal) setMaxListeners(0, options.signal);
  const okta = options.okta.scoped({
    deadline: options.deadline,
    signal: options.signal,
    spender: spenderOf(options.caller),
  });
  return {
    caller: options.caller,
    okta,
    loaders: (options.loaders ?? createLoaders)(okta, options.recentWrites),
    recentWrites: options.recentWrites,
    events: options.events,
    maxFirst: options.maxFirst,
  };
}

/** Whose share of Okta's rate limit a caller's calls spend (rate-limit.ts in src/okta). */
export function spenderOf(caller: Caller): string | undefined {
  const key = rateLimitKey(caller);
  return key === null ? undefined : callerSpender(key);
}

/**
 * What a subscription replaces in its request's context: it lives as long as its client, so its
 * Okta calls are bound to the client's connection (`okta`), with loaders of their own.
 */
export function subscriptionContext(
  okta: OktaClient,
  recentWrites: RecentWrites,
): Pick<Context, 'okta' | 'loaders'> {
  return { okta, loaders: createLoaders(okta, recentWrites) };
}

/**
 * Fresh loaders for the next event of a subscription: each event's fields are read as of its
 * arrival, since a subscription lives for hours and a loader's cache would go stale.
 */
export function renewLoaders(ctx: Context): void {
  ctx.loaders = createLoaders(ctx.okta, ctx.recentWrites);
}
