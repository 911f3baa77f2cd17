import { afterAll, beforeAll } from 'vitest';
import type { Caller } from '../../src/caller.ts';
import type { Config } from '../../src/config.ts';
import { createCallerAuthenticator } from '../../src/server/auth.ts';
import { createLogger, type Logger } from '../../src/server/logger.ts';
import { trustedDocumentGate } from '../../src/server/plugins/use-trusted-documents.ts';
import { type ServedGateway, serveGateway } from '../../src/server/serve.ts';
import { createGateway, GRAPHQL_ENDPOINT } from '../../src/server/yoga.ts';
import type { Stack } from './stack.ts';

/** A gateway served over real HTTP (and graphql-ws), and where its clients send operations. */
export interface ServedStackGateway extends ServedGateway {
  /** `${url}/graphql`: the GraphQL endpoint, for HTTP, SSE and graphql-ws clients alike. */
  endpoint: string;
}

export interface ServeStackOptions {
  /**
   * The config the gateway is built and served with; the stack's by default. A file gives its own
   * to serve other limits over the same simulator and event stream (a shorter deadline, smaller
   * header timeouts, trusted documents) without starting a second stack.
   */
  config?: Readonly<Config>;
  /** The caller authenticator; the stack's by default, and without one the config's. */
  authenticate?: (authorization: string | null) => Promise<Caller>;
  /** Where the gateway and its server log; silent by default (tests read answers, not logs). */
  logger?: Logger;
}

/**
 * A gateway over the stack's Okta client and event stream, served as `npm start` serves it
 * (src/main.ts) on 127.0.0.1 and a free port: graphql-ws follows the config's CORS origins, body
 * limit and modes, and its trusted documents (one authenticator for HTTP and graphql-ws), as
 * HTTP does. It is a gateway of its own beside `stack.gateway`, sharing the simulator, the Okta
 * client and the event stream; the caller shuts it down (`shutdown`), before the stack closes.
 */
export async function serveStackGateway(
  stack: Stack,
  options: ServeStackOptions = {},
): Promise<ServedStackGateway> {
  const config = options.config ?? stack.config;
  const authenticate =
    options.authenticate ?? stack.authenticate ?? createCallerAuthenticator(config.callerAuth);
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const gateway = createGateway({
    config,
    okta: stack.okta,
    events: stack.events,
    authenticate,
    logger,
  });
  const served = await serveGateway({
    gateway,
    config,
    trustedDocuments: trustedDocumentGate(config.security, authenticate),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  return { ...served, endpoint: `${served.url}${GRAPHQL_ENDPOINT}` };
}

/**
 * `serveStackGateway` bound to a test file or `describe`: served before its tests (after
 * `useStack` has started the stack it is given, which must be called first), shut down after
 * them (before the stack closes: vitest runs `afterAll` hooks in reverse).
 */
export function useServedGateway(
  stack: Stack,
  options: ServeStackOptions = {},
): ServedStackGateway {
  const served = {} as ServedStackGateway;
  beforeAll(async () => {
    Object.assign(served, await serveStackGateway(stack, options));
  });
  afterAll(async () => {
    await served.shutdown?.('tests done');
  });
  return served;
}
