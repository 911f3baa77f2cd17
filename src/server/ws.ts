import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ExecutionArgs,
  type ExecutionResult,
  GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode, type Context as ConnectionContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
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

interface ConnectionState {
  /** The caller's `Authorization` value, from the connection's params or handshake. */
  authorization: string | null;
  /** Each running operation's cancellation: its Okta calls and its event stream stop with it. */
  operations: Map<
    string,
    { requestId: string; abort: AbortController; startedAt: number; outcome: string | null }
  >;
}

type Connection = ConnectionContext<
  Record<string, unknown> | undefined,
  { request: IncomingMessage }
>;

const states = new WeakMap<object, ConnectionState>();

function stateOf(ctx: Connection): ConnectionState {
  let state = states.get(ctx);
  if (!state) {
    state = { authorization: null, operations: new Map() };
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
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  const finish = (state: ConnectionState, id: string, operationName: string | null) => {
    const operation = state.operations.get(id);
    if (!operation) return;
    state.operations.delete(id);
    operation.abort.abort();
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
        try {
          // The gateway's own context factory authenticates the caller, as for a request.
          await gateway
            .getEnveloped({ request: operationRequest(state.authorization) })
            .contextFactory();
        } catch (error) {
          const reason = error instanceof GraphQLError ? error.message : 'Forbidden';
          logger.info('websocket refused', { reason: errorCodeOf(error) });
          ctx.extra.socket.close(CloseCode.Forbidden, reason.length < 124 ? reason : 'Forbidden');
          return false;
        }
        return true;
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
        const request = operationRequest(state.authorization, abort.signal, requestId);
        const enveloped = gateway.getEnveloped({
          request,
          params: payload,
          socket: ctx.extra.socket,
        });
        const trusted = await options.trustedDocuments?.(payload, state.authorization);
        if (typeof trusted === 'object') return [trusted];
        let document: ExecutionArgs['document'];
        try {
          document = enveloped.parse(trusted ?? payload.query);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return [...errors];
        let contextValue: unknown;
        try {
          contextValue = await enveloped.contextFactory();
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        state.operations.set(id, {
          requestId,
          abort,
          startedAt: performance.now(),
          outcome: null,
        });
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
      onComplete: (ctx, id, payload) => finish(stateOf(ctx), id, payload.operationName ?? null),
      onClose: (ctx) => {
        const state = stateOf(ctx);
        for (const id of [...state.operations.keys()]) finish(state, id, null);
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
