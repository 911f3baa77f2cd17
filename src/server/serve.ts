import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from './health.ts';
import type { Logger } from './logger.ts';
import type { Gateway } from './yoga.ts';

export interface ServedGateway {
  /** e.g. `http://127.0.0.1:4000`. */
  url: string;
  server: Server;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Graceful stop: `/readyz` turns 503, the listener stops accepting connections, requests in
   * flight finish (for at most `drainTimeoutMs`; the rest are cut), then the gateway and every
   * closer (the Okta client, the demo simulator) are closed in order. Safe to call twice.
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
}): Promise<ServedGateway> {
  const { gateway, logger } = options;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const server = createServer(gateway);
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
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
    inFlight: () => inFlight,
    shutdown: (reason) => {
      stopped ??= shutdown(reason);
      return stopped;
    },
  };
}
