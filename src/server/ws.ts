import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode, type Context as ConnectionContext } from 'graphql-ws';
import { type Extra, useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Caller } from '../caller.ts';
import { LimitExceededError } from '../schema/graphql-errors.ts';
import { webSocketOriginPolicy } from './cors.ts';
import { errorCodeOf, formatError, gatewayMaskError } from './format-error.ts';
import type { Logger } from './logger.ts';
import type { DocumentGate } from './plugins/use-trusted-documents.ts';
import { type Gateway, GRAPHQL_ENDPOINT } from './yoga.ts';

/**
 * The graphql-ws protocol (`graphql-transport-ws`) on the gateway's own HTTP server and path,
 * beside GraphQL over SSE. Each operation runs through the gateway's envelop, as graphql-yoga's
 * documentation shows for graphql-ws, so it meets the same parse and validation limits, error
 * masking, scopes and per-request context, and its errors are written as HTTP writes them
 * (format-error.ts). What HTTP gets from its headers comes from the connection here:
 * - authentication: the bearer token in `connectionParams` (`{ authorization: 'Bearer …' }`;
 *   browsers cannot set headers on a WebSocket), else the upgrade request's `Authorization`.
 *   It is checked when the connection opens (refused: close 4403 with the reason) and again for
 *   every operation, as every HTTP request is;
 * - CSRF prevention: a browser sends any site's WebSocket handshake, and CORS does not apply,
 *   so the handshake's `Origin` must be the gateway's own or one of CORS_ORIGINS (403
 *   otherwise; cors.ts's webSocketOriginPolicy); clients that are not browsers send none;
 * - body size: no message may be larger than GRAPHQL_MAX_BODY_BYTES (close 1009).
 *
 * What one caller may hold: at most GATEWAY_MAX_SOCKETS_PER_CALLER connections (one more is
 * closed with 4429), at most MAX_OPERATIONS_PER_CONNECTION operations on one (counted as each
 * subscribe arrives, before any await), and subscriptions per caller across SSE and graphql-ws
 * (plugins/use-caller-subscriptions.ts).
 *
 * A connection lives no longer than its caller's token: when the token expires, each subscription
 * ends with a last result carrying TOKEN_EXPIRED, then the connection is closed with 4401 "Token
 * expired". A client keeps it open by re-authenticating before then: a graphql-ws ping whose
 * payload is `{ "authorization": "Bearer <fresh token>" }` (the same `sub`) replaces the
 * connection's token, and its subscriptions carry on; a token that is refused, or names another
 * caller, closes the connection with 4403 and the reason.
 */

export interface GatewayWebSocketOptions {
  server: Server;
  gateway: Gateway;
  logger: Logger;
  /** Browser origins allowed besides the gateway's own (CORS_ORIGINS; `*` allows all). */
  corsOrigins: readonly string[];
  /** The largest message accepted, in bytes. */
  maxPayloadBytes: number;
  /** Outside demo mode graphql-js's "Did you mean …?" suggestions are dropped, as over HTTP. */
  fieldSuggestions: boolean;
  /** Internal error messages only in development. */
  development: boolean;
  /** The most connections one caller may hold open (GATEWAY_MAX_SOCKETS_PER_CALLER). */
  maxSocketsPerCaller?: number;
  /** Persisted operations and who may send a document's text (use-trusted-documents.ts). */
  trustedDocuments?: DocumentGate;
}

export interface GatewayWebSocket {
  /** Connections open now. */
  readonly connections: number;
  /**
   * Close every connection with 1001 "Going away" (graphql-ws clients reconnect, to another
   * replica), stop their operations, and terminate what has not closed after `graceMs`.
   */
  close(graceMs?: number): Promise<void>;
}

/** One client opening many operations on one connection must not hold unbounded streams. */
export const MAX_OPERATIONS_PER_CONNECTION = 100;

/** Closes a connection whose token expired and that did not re-authenticate. */
export const TOKEN_EXPIRED_CLOSE = { code: 4401, reason: 'Token expired' } as const;
/** Closes a connection over GATEWAY_MAX_SOCKETS_PER_CALLER. */
export const TOO_MANY_SOCKETS_CLOSE = {
  code: 4429,
  reason: 'Too many connections for this caller',
} as const;

/** How long a connection whose token expired waits for its subscriptions' last results. */
const EXPIRY_CLOSE_GRACE_MS = 1_000;

interface ConnectionState {
  /** The caller's `Authorization` value, from the connection's params, handshake or last ping. */
  authorization: string | null;
  /** Who the connection is counted against (GATEWAY_MAX_SOCKETS_PER_CALLER), once accepted. */
  callerKey: string | null;
  /** When the connection's token expires (ms); null when caller authentication is off. */
  expiresAt: number | null;
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The token expired: the connection closes once its operations have ended. */
  expired: boolean;
  /** Each running operation's cancellation: its Okta calls and its event stream stop with it. */
  operations: Map<
    string,
    { requestId: string; abort: AbortController; startedAt: number; outcome: string | null }
  >;
}

type Connection = ConnectionContext<Record<string, unknown> | undefined, Extra>;

const states = new WeakMap<object, ConnectionState>();

function stateOf(ctx: Connection): ConnectionState {
  let state = states.get(ctx);
  if (!state) {
    state = {
      authorization: null,
      callerKey: null,
      expiresAt: null,
      expiryTimer: undefined,
      expired: false,
      operations: new Map(),
    };
    states.set(ctx, state);
  }
  return state;
}

function authorizationOf(ctx: Connection): string | null {
  const params = ctx.connectionParams ?? {};
  const given = params.authorization ?? params.Authorization;
  if (typeof given === 'string') return given;
  return ctx.extra.request.headers.authorization ?? null;
}

/** The caller's authorization in a re-authenticating ping's payload, if there is one. */
function reauthorizationOf(payload: unknown): string | null {
  if (payload === null || typeof payload !== 'object') return null;
  const given = (payload as Record<string, unknown>).authorization;
  return typeof given === 'string' ? given : null;
}

/** What the gateway's context reads from an HTTP request, for one operation on the socket. */
function operationRequest(
  authorization: string | null,
  signal?: AbortSignal,
  requestId: string = crypto.randomUUID(),
): Request {
  const headers = new Headers({ 'content-type': 'application/json', 'x-request-id': requestId });
  if (authorization) headers.set('authorization', authorization);
  return new Request(`http://gateway${GRAPHQL_ENDPOINT}`, { method: 'POST', headers, signal });
}

export function attachGraphQLWebSocket(options: GatewayWebSocketOptions): GatewayWebSocket {
  const { server, gateway, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const originAllowed = webSocketOriginPolicy(options.corsOrigins);
  const formatted = (error: GraphQLError): GraphQLFormattedError =>
    formatError(error, { fieldSuggestions: options.fieldSuggestions });
  const mask = gatewayMaskError(options.development);

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(request.url ?? '/', 'http://gateway');
    if (pathname !== GRAPHQL_ENDPOINT) return refuse(socket, 404, 'Not Found');
    if (!originAllowed({ origin: request.headers.origin, host: request.headers.host })) {
      logger.info('websocket refused', { reason: 'origin not allowed' });
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      refuseOversizedQuietly(ws, logger);
      wss.emit('connection', ws, request);
    });
  };
  server.on('upgrade', onUpgrade);

  const maxSocketsPerCaller = options.maxSocketsPerCaller ?? 10;
  /** Open connections per caller (`sub`; callers without one share a count). */
  const socketsByCaller = new Map<string, number>();

  const closeExpired = (ctx: Connection) => {
    const { code, reason } = TOKEN_EXPIRED_CLOSE;
    // After the last results and completions already handed to the socket have been sent.
    setImmediate(() => ctx.extra.socket.close(code, reason));
  };

  /** At the token's expiry (read again then: a ping may have moved it on). */
  const watchExpiry = (ctx: Connection, state: ConnectionState) => {
    clearTimeout(state.expiryTimer);
    if (state.expiresAt === null) return;
    const left = state.expiresAt - Date.now();
    state.expiryTimer = setTimeout(
      () => {
        if ((state.expiresAt ?? Number.POSITIVE_INFINITY) > Date.now()) {
          watchExpiry(ctx, state);
          return;
        }
        // Each subscription ends with TOKEN_EXPIRED by itself (use-caller-subscriptions.ts);
        // the connection closes once they have, or after a grace period.
        state.expired = true;
        logger.info('websocket token expired', { operations: state.operations.size });
        if (state.operations.size === 0) closeExpired(ctx);
        else state.expiryTimer = setTimeout(() => closeExpired(ctx), EXPIRY_CLOSE_GRACE_MS);
      },
      Math.min(Math.max(left, 0), 2 ** 31 - 1),
    );
  };

  /** The caller an `Authorization` value makes, through the gateway's own context factory. */
  const callerOf = async (authorization: string | null): Promise<Caller> => {
    const context = (await gateway
      .getEnveloped({ request: operationRequest(authorization) })
      .contextFactory()) as unknown as { caller: Caller };
    return context.caller;
  };

  const finish = (
    ctx: Connection,
    state: ConnectionState,
    id: string,
    operationName: string | null,
  ) => {
    const operation = state.operations.get(id);
    if (!operation) return;
    state.operations.delete(id);
    operation.abort.abort();
    if (state.expired && state.operations.size === 0) closeExpired(ctx);
    logger.info('request', {
      requestId: operation.requestId,
      method: 'WS',
      path: GRAPHQL_ENDPOINT,
      operationName,
      outcome: operation.outcome ?? 'success',
      durationMs: Math.round((performance.now() - operation.startedAt) * 10) / 10,
    });
  };

  const graphqlWs = useServer(
    {
      isProd: !options.development,
      onConnect: async (ctx) => {
        const state = stateOf(ctx);
        state.authorization = authorizationOf(ctx);
        let caller: Caller;
        try {
          // The gateway's own context factory authenticates the caller, as for a request.
          caller = await callerOf(state.authorization);
        } catch (error) {
          const reason = error instanceof GraphQLError ? error.message : 'Forbidden';
          logger.info('websocket refused', { reason: errorCodeOf(error) });
          ctx.extra.socket.close(CloseCode.Forbidden, reason.length < 124 ? reason : 'Forbidden');
          return false;
        }
        // Counted and raised in one step, after the only await.
        const key = caller.subject ?? '';
        const held = socketsByCaller.get(key) ?? 0;
        if (held >= maxSocketsPerCaller) {
          logger.info('websocket refused', { reason: 'TOO_MANY_SOCKETS' });
          ctx.extra.socket.close(TOO_MANY_SOCKETS_CLOSE.code, TOO_MANY_SOCKETS_CLOSE.reason);
          return false;
        }
        socketsByCaller.set(key, held + 1);
        state.callerKey = key;
        state.expiresAt = caller.expiresAt;
        watchExpiry(ctx, state);
        return true;
      },
      onPing: async (ctx, payload) => {
        const authorization = reauthorizationOf(payload);
        const state = stateOf(ctx);
        if (authorization === null || state.callerKey === null || state.expired) return;
        let caller: Caller;
        try {
          caller = await callerOf(authorization);
        } catch (error) {
          const reason = error instanceof GraphQLError ? error.message : 'Forbidden';
          logger.info('websocket re-authentication refused', { reason: errorCodeOf(error) });
          ctx.extra.socket.close(CloseCode.Forbidden, reason.length < 124 ? reason : 'Forbidden');
          return;
        }
        if ((caller.subject ?? '') !== state.callerKey) {
          logger.info('websocket re-authentication refused', { reason: 'another caller' });
          ctx.extra.socket.close(CloseCode.Forbidden, 'The token names another caller');
          return;
        }
        state.authorization = authorization;
        state.expiresAt = caller.expiresAt;
        watchExpiry(ctx, state);
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = stateOf(ctx);
        if (state.operations.size >= MAX_OPERATIONS_PER_CONNECTION) {
          return [
            new LimitExceededError(
              `A connection may run at most ${MAX_OPERATIONS_PER_CONNECTION} operations at once.`,
            ),
          ];
        }
        const abort = new AbortController();
        const requestId = crypto.randomUUID();
        // Counted before any await: subscribes sent back to back must not all pass the check.
        state.operations.set(id, {
          requestId,
          abort,
          startedAt: performance.now(),
          outcome: null,
        });
        const refused = (errors: readonly GraphQLError[]): GraphQLError[] => {
          state.operations.delete(id);
          abort.abort();
          return [...errors];
        };
        const request = operationRequest(state.authorization, abort.signal, requestId);
        const enveloped = gateway.getEnveloped({
          request,
          params: payload,
          socket: ctx.extra.socket,
          // The connection's token, which a re-authenticating ping may replace.
          tokenExpiresAt: () => state.expiresAt,
        });
        const trusted = await options.trustedDocuments?.(payload, state.authorization);
        if (typeof trusted === 'object') return refused([trusted]);
        let document: ExecutionArgs['document'];
        try {
          document = enveloped.parse(trusted ?? payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return refused([error]);
          state.operations.delete(id);
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return refused(errors);
        let contextValue: unknown;
        try {
          contextValue = await enveloped.contextFactory();
        } catch (error) {
          if (error instanceof GraphQLError) return refused([error]);
          state.operations.delete(id);
          throw error;
        }
        return {
          schema: enveloped.schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: async (args) =>
        endingInErrors(await (args.rootValue as Enveloped).subscribe(args), mask),
      onNext: (ctx, id, _payload, _args, result) => {
        const errors = result.errors as readonly GraphQLError[] | undefined;
        if (!errors || errors.length === 0) return;
        const operation = stateOf(ctx).operations.get(id);
        if (operation) operation.outcome ??= errorCodeOf(errors[0]);
        return { ...result, errors: errors.map(formatted) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(formatted),
      onComplete: (ctx, id, payload) =>
        finish(ctx, stateOf(ctx), id, payload.operationName ?? null),
      onClose: (ctx) => {
        const state = stateOf(ctx);
        state.expired = false;
        clearTimeout(state.expiryTimer);
        for (const id of [...state.operations.keys()]) finish(ctx, state, id, null);
        if (state.callerKey !== null) {
          const left = (socketsByCaller.get(state.callerKey) ?? 1) - 1;
          if (left > 0) socketsByCaller.set(state.callerKey, left);
          else socketsByCaller.delete(state.callerKey);
          state.callerKey = null;
        }
      },
    },
    wss,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    async close(graceMs = 1_000) {
      server.off('upgrade', onUpgrade);
      const clients = [...wss.clients];
      const closed = Promise.all(
        clients.map(
          (client) =>
            new Promise<void>((resolve) => {
              if (client.readyState === client.CLOSED) resolve();
              else client.once('close', () => resolve());
            }),
        ),
      );
      const disposed = graphqlWs.dispose();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        closed,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
      // A client that does not answer the close handshake would hold the HTTP server open.
      for (const client of wss.clients) client.terminate();
      await closed;
      await disposed;
    },
  };
}

/**
 * A message over maxPayload is a client's mistake the gateway refuses, not a fault of its own: ws
 * has already closed the connection with 1009 when it emits the error, and graphql-ws's own
 * listener would log it as an "Internal error" and try to close again with 1011. The refusal is
 * logged as one, and other socket errors still reach graphql-ws.
 */
function refuseOversizedQuietly(ws: WebSocket, logger: Logger): void {
  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    const error = args[0] as { code?: unknown } | undefined;
    if (event === 'error' && error?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      logger.info('websocket refused', { reason: 'message too large' });
      return true;
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}

interface Enveloped {
  execute: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>>;
  subscribe: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>>;
}

/**
 * A stream that fails part-way (the `since` replay losing Okta) ends with a last result carrying
 * the masked error and its code, rather than graphql-ws's bare message. `return()` passes
 * straight through, so a client's `complete` stops the stream at once.
 */
function endingInErrors(
  result: ExecutionResult | AsyncIterable<ExecutionResult>,
  mask: (error: unknown) => Error,
): ExecutionResult | AsyncIterableIterator<ExecutionResult> {
  if (!(Symbol.asyncIterator in result)) return result;
  const source = result[Symbol.asyncIterator]();
  let failed = false;
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (failed) return { done: true, value: undefined };
      try {
        return await source.next();
      } catch (error) {
        failed = true;
        // Masked as HTTP masks (by then, yoga's masking has seen what the resolvers threw).
        const masked = mask(error);
        const graphqlError =
          masked instanceof GraphQLError
            ? masked
            : new GraphQLError(masked.message, { originalError: masked });
        return { done: false, value: { errors: [graphqlError] } };
      }
    },
    async return() {
      failed = true;
      await source.return?.();
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
