import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.ts';
import type { Readiness } from './health.ts';
import type { Logger } from './logger.ts';
import type { DocumentGate } from './plugins/use-trusted-documents.ts';
import { attachGraphQLWebSocket, type GatewayWebSocket } from './ws.ts';
import type { Gateway } from './yoga.ts';

export interface ServedGateway {
  /** e.g. `http://127.0.0.1:4000`. */
  url: string;
  server: Server;
  /** graphql-ws on the same server and path. */
  webSocket: GatewayWebSocket;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Graceful stop: `/readyz` turns 503, the listener stops accepting connections, requests in
   * flight finish (for at most `drainTimeoutMs`; the rest are cut), then the gateway and every
   * closer (the Okta client, the demo simulator) are closed in order. Subscriptions never finish
   * by themselves, so they end at once: WebSocket clients get 1001 "Going away" and SSE streams
   * are closed (clients of both reconnect, to another replica). Safe to call twice.
   */
  shutdown(reason: string): Promise<void>;
}

export async function serveGateway(options: {
  gateway: Gateway;
  port: number;
  host: string;
  logger: Logger;
  readiness?: Readiness;
  /** Kubernetes waits 30 s after SIGTERM before SIGKILL: drain well within it. */
  drainTimeoutMs?: number;
  /** Closed after the drain, in order. */
  closers?: (() => Promise<void>)[];
  /**
   * The gateway's config: its CORS origins, body limit and modes govern graphql-ws as they do
   * HTTP. Without it, graphql-ws accepts only the gateway's own origin (and clients that are not
   * browsers), messages of at most 1 MB, and drops field suggestions.
   */
  config?: Readonly<Config>;
  /** graphql-ws's persisted operations, as the gateway's HTTP side has them (main.ts). */
  trustedDocuments?: DocumentGate;
}): Promise<ServedGateway> {
  const { gateway, logger, config } = options;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  // A client that trickles its headers or body (slowloris) is cut at these limits. Node applies
  // requestTimeout to receiving the request only, so SSE subscriptions, long responses, stay
  // open; it checks the limits every connectionsCheckingInterval (30 s unless told).
  const headersTimeout = config?.security.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(config?.security.requestTimeoutMs ?? 60_000, headersTimeout);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(headersTimeout / 4)),
    },
    gateway,
  );
  let inFlight = 0;
  /** GraphQL over SSE responses: subscriptions, which never finish by themselves. */
  const eventStreams = new Set<ServerResponse>();
  server.on('request', (req, res) => {
    inFlight++;
    const streaming = (req.headers.accept ?? '').includes('text/event-stream');
    if (streaming) eventStreams.add(res);
    res.once('close', () => {
      inFlight--;
      if (streaming) eventStreams.delete(res);
    });
  });
  const webSocket = attachGraphQLWebSocket({
    server,
    gateway,
    logger,
    corsOrigins: config?.corsOrigins ?? [],
    maxPayloadBytes: config?.limits.maxBodyBytes ?? 1_000_000,
    fieldSuggestions: config?.demo ?? false,
    development: config?.development ?? false,
    maxSocketsPerCaller: config?.liveStreams.maxSocketsPerCaller,
    trustedDocuments: options.trustedDocuments,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;

  let stopped: Promise<void> | null = null;
  const shutdown = async (reason: string) => {
    const started = Date.now();
    options.readiness?.drain();
    logger.info('shutdown: draining in-flight requests', { reason, inFlight });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections that sit idle would hold `close` open until they time out.
    server.closeIdleConnections();
    // A query asked for as an event stream is cut too: it cannot be told from a subscription.
    const streams = [...eventStreams].filter((res) => res.headersSent);
    if (streams.length > 0 || webSocket.connections > 0) {
      logger.info('shutdown: ending subscriptions', {
        eventStreams: streams.length,
        webSockets: webSocket.connections,
      });
    }
    for (const res of streams) res.destroy();
    const webSocketsClosed = webSocket.close();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), drainTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    clearInterval(idleSweep);
    if (timedOut) {
      logger.warn('shutdown: drain timed out; cutting the requests left', {
        drainTimeoutMs,
        inFlight,
      });
      server.closeAllConnections();
      await closed;
    }
    await webSocketsClosed;
    await gateway.dispose();
    for (const close of options.closers ?? []) {
      try {
        await close();
      } catch (error) {
        logger.error('shutdown: a resource failed to close', { error });
      }
    }
    logger.info('shutdown: stopped', { reason, durationMs: Date.now() - started });
  };

  return {
    url,
    server,
    webSocket,
    inFlight: () => inFlight,
    shutdown: (reason) => {
      stopped ??= shutdown(reason);
      return stopped;
    },
  };
}
