import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ALL_SCOPES, type Caller, callerWithScopes } from '../../../src/caller.ts';
import { loadConfig } from '../../../src/config.ts';
import type { LogEvent } from '../../../src/okta/index.ts';
import { CallerAuthError } from '../../../src/server/auth.ts';
import type { ServedGateway } from '../../../src/server/serve.ts';
import { serveStackGateway } from '../../support/served.ts';
import { useStack } from '../../support/stack.ts';
import {
  subscribeOverSse,
  subscribeOverWebSocket,
  until,
  webSocketClient,
} from '../../support/subscriptions.ts';

/**
 * Test tokens: `Bearer <subject>.<expiry in ms since the epoch>`, refused once expired, as a JWT
 * past its `exp` is.
 */
const authenticate = async (authorization: string | null): Promise<Caller> => {
  const match = /^Bearer ([a-z-]+)\.(\d+)$/.exec(authorization ?? '');
  if (!match) throw new CallerAuthError('a bearer token is required');
  const expiresAt = Number(match[2]);
  if (expiresAt <= Date.now()) throw new CallerAuthError('the token has expired');
  return callerWithScopes(match[1] as string, ALL_SCOPES, true, expiresAt);
};
const token = (subject: string, lifetimeMs: number) =>
  `Bearer ${subject}.${Date.now() + lifetimeMs}`;

const ENV = {
  OKTA_ORG_URL: 'https://acme.okta.com',
  OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
  AUTH_MODE: 'none',
};

const LOG_EVENTS = 'subscription { logEvents { uuid } }';

const logEvent = (): LogEvent => ({
  uuid: randomUUID(),
  published: new Date().toISOString(),
  eventType: 'user.lifecycle.suspend',
  version: '0',
  severity: 'INFO',
  displayMessage: 'Suspend Okta user',
  actor: { id: '00uadmin0000000000a1', type: 'User' },
  outcome: { result: 'SUCCESS' },
  target: [{ id: '00ualice000000000001', type: 'User' }],
});

/** A graphql-ws connection spoken by hand: what it received, and how it closed. */
async function rawConnection(url: string, authorization: string) {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  let closed: { code: number; reason: string } | null = null;
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  socket.on('close', (code, reason) => {
    closed = { code, reason: String(reason) };
  });
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } }));
  await until(() => messages.some((m) => m.type === 'connection_ack'), 5_000, 'the ack');
  return {
    messages,
    get closed() {
      return closed;
    },
    send: (message: object) => socket.send(JSON.stringify(message)),
    ofType: (type: string) => messages.filter((m) => m.type === type),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) resolve();
        else {
          socket.once('close', () => resolve());
          socket.close();
        }
      }),
  };
}

describe('per-caller subscriptions and sockets', () => {
  const stack = useStack({ env: ENV, authenticate });
  const opened: { close(): Promise<unknown> | unknown }[] = [];
  let served: ServedGateway | undefined;

  const serve = async (env: Record<string, string> = {}) => {
    served = await serveStackGateway(stack, { config: loadConfig({ ...ENV, ...env }) });
    return served;
  };
  const sse = async (url: string, authorization: string) => {
    const sub = await subscribeOverSse(fetch, `${url}/graphql`, LOG_EVENTS, {}, { authorization });
    opened.push(sub);
    return sub;
  };
  const raw = async (url: string, authorization: string) => {
    const connection = await rawConnection(`${url}/graphql`, authorization);
    opened.push(connection);
    return connection;
  };

  afterEach(async () => {
    for (const closable of opened.splice(0)) await closable.close();
    await served?.shutdown('test done');
    served = undefined;
    await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
  });

  describe('GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER', () => {
    it('refuses the subscription one over the cap with TOO_MANY_SUBSCRIPTIONS, SSE and graphql-ws counted together', async () => {
      const { url } = await serve({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '3' });
      const alice = token('alice', 60_000);
      await sse(url, alice);
      await sse(url, alice);
      const ws = await raw(url, alice);
      ws.send({ id: '1', type: 'subscribe', payload: { query: LOG_EVENTS } });
      await until(() => stack.events.subscribers === 3, 5_000, 'three subscribers');

      const refused = await sse(url, alice);
      const [result] = await refused.waitFor(1);
      expect(result?.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        [
          'TOO_MANY_SUBSCRIPTIONS',
          'A caller may hold at most 3 subscriptions at once (SSE and graphql-ws together): end one first.',
        ],
      ]);
      const other = await sse(url, token('bob', 60_000));
      await until(() => stack.events.subscribers === 4, 5_000, "another caller's subscriber");
      expect(other.results).toEqual([]);
    });

    it('lets exactly the cap go live of 20 SSE subscriptions opened at once', async () => {
      const { url } = await serve({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '5' });
      const alice = token('alice', 60_000);
      const subs = await Promise.all(Array.from({ length: 20 }, () => sse(url, alice)));
      await until(
        () => subs.filter((s) => s.results.length > 0).length === 15,
        10_000,
        '15 refusals',
      );
      await until(() => stack.events.subscribers === 5, 5_000, 'five subscribers');
      expect(
        new Set(subs.flatMap((s) => s.results.map((r) => r.errors?.[0]?.extensions?.code))),
      ).toEqual(new Set(['TOO_MANY_SUBSCRIPTIONS']));
    });

    it('frees a place when a subscription ends', async () => {
      const { url } = await serve({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '1' });
      const alice = token('alice', 60_000);
      const first = await sse(url, alice);
      await until(() => stack.events.subscribers === 1, 5_000, 'one subscriber');
      await first.close();
      await until(() => stack.events.subscribers === 0, 5_000, 'no subscriber');
      const second = await sse(url, alice);
      await until(() => stack.events.subscribers === 1, 5_000, 'one subscriber again');
      expect(second.results).toEqual([]);
    });

    it('lets exactly the cap go live of 300 subscribes sent back to back on one socket', async () => {
      const { url } = await serve({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '7' });
      const ws = await raw(url, token('alice', 60_000));
      for (let i = 0; i < 300; i++) {
        ws.send({ id: String(i), type: 'subscribe', payload: { query: LOG_EVENTS } });
      }
      // Refused by the caller's cap (a last result, then complete) or, past 100 at once, by the
      // connection's (an error message).
      const refusals = () => [
        ...ws
          .ofType('next')
          .map((m) => (m.payload as { errors: { extensions: { code: string } }[] }).errors[0]),
        ...ws.ofType('error').map((m) => (m.payload as { extensions: { code: string } }[])[0]),
      ];
      await until(() => refusals().length === 293, 10_000, '293 refusals');
      expect(new Set(refusals().map((e) => e?.extensions.code))).toEqual(
        new Set(['TOO_MANY_SUBSCRIPTIONS', 'LIMIT_EXCEEDED']),
      );
      expect(stack.events.subscribers).toBe(7);
    });

    it('lets exactly 100 of 300 subscribes sent back to back go live on one socket (the per-connection limit)', async () => {
      const { url } = await serve({ GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '1000' });
      const ws = await raw(url, token('alice', 60_000));
      for (let i = 0; i < 300; i++) {
        ws.send({ id: String(i), type: 'subscribe', payload: { query: LOG_EVENTS } });
      }
      await until(() => ws.ofType('error').length === 200, 10_000, '200 refusals');
      await until(() => stack.events.subscribers === 100, 10_000, '100 subscribers');
      const codes = ws
        .ofType('error')
        .map((m) => (m.payload as { extensions: { code: string } }[])[0]?.extensions.code);
      expect(new Set(codes)).toEqual(new Set(['LIMIT_EXCEEDED']));
      expect(stack.events.subscribers).toBe(100);
    });
  });

  describe('GATEWAY_MAX_SOCKETS_PER_CALLER', () => {
    it('closes the connection one over the cap with 4429, and lets another caller connect', async () => {
      const { url } = await serve({ GATEWAY_MAX_SOCKETS_PER_CALLER: '2' });
      const alice = token('alice', 60_000);
      await raw(url, alice);
      await raw(url, alice);
      const third = webSocketClient(`${url}/graphql`, { authorization: alice });
      opened.push({ close: () => third.client.dispose() });
      const refused = subscribeOverWebSocket(third.client, LOG_EVENTS);
      await until(() => third.closes.length === 1, 5_000, 'the close');
      expect(third.closes).toEqual([
        { code: 4429, reason: 'Too many connections for this caller' },
      ]);
      expect(refused.results).toEqual([]);
      const bob = await raw(url, token('bob', 60_000));
      expect(bob.closed).toBeNull();
    });

    it('frees a place when a connection closes', async () => {
      const { url } = await serve({ GATEWAY_MAX_SOCKETS_PER_CALLER: '1' });
      const alice = token('alice', 60_000);
      const first = await raw(url, alice);
      await first.close();
      await until(() => served?.webSocket.connections === 0, 5_000, 'the first closed');
      const second = await raw(url, alice);
      expect(second.closed).toBeNull();
    });
  });

  describe('when the caller token expires', () => {
    it('ends an SSE subscription with a last TOKEN_EXPIRED result and leaves the stream', async () => {
      const { url } = await serve();
      const sub = await sse(url, token('alice', 2_000));
      await until(() => stack.events.subscribers === 1, 5_000, 'the subscriber');
      const before = logEvent();
      await stack.events.publish([before], 'hook');
      await sub.waitFor(1);
      await sub.waitForCompletion(5_000);
      expect(sub.results).toEqual([
        { data: { logEvents: { uuid: before.uuid } } },
        {
          errors: [
            {
              message:
                'The token this subscription was opened with has expired: subscribe again with a fresh token and `since`.',
              extensions: { code: 'TOKEN_EXPIRED' },
            },
          ],
        },
      ]);
      await until(() => stack.events.subscribers === 0, 2_000, 'the subscriber gone');
    });

    it('ends graphql-ws subscriptions with TOKEN_EXPIRED, then closes the connection with 4401', async () => {
      const { url } = await serve();
      const ws = await raw(url, token('alice', 2_000));
      ws.send({ id: 'a', type: 'subscribe', payload: { query: LOG_EVENTS } });
      ws.send({ id: 'b', type: 'subscribe', payload: { query: LOG_EVENTS } });
      await until(() => stack.events.subscribers === 2, 5_000, 'two subscribers');
      await until(() => ws.closed !== null, 5_000, 'the close');
      expect(ws.closed).toEqual({ code: 4401, reason: 'Token expired' });
      expect(
        ws.messages
          .filter((m) => m.type === 'next' || m.type === 'complete')
          .map((m) => [
            m.id,
            m.type,
            (m.payload as { errors?: { extensions: { code: string } }[] } | undefined)?.errors?.[0]
              ?.extensions.code,
          ])
          .sort(),
      ).toEqual([
        ['a', 'complete', undefined],
        ['a', 'next', 'TOKEN_EXPIRED'],
        ['b', 'complete', undefined],
        ['b', 'next', 'TOKEN_EXPIRED'],
      ]);
      await until(() => stack.events.subscribers === 0, 2_000, 'the subscribers gone');
    });

    it('keeps a graphql-ws connection and its subscriptions that re-authenticate with a ping', async () => {
      const { url } = await serve();
      const ws = await raw(url, token('alice', 2_000));
      ws.send({ id: 'a', type: 'subscribe', payload: { query: LOG_EVENTS } });
      await until(() => stack.events.subscribers === 1, 5_000, 'the subscriber');
      ws.send({ type: 'ping', payload: { authorization: token('alice', 60_000) } });
      await until(() => ws.ofType('pong').length === 1, 5_000, 'the pong');
      // Past the first token's expiry, then an event.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      const after = logEvent();
      await stack.events.publish([after], 'hook');
      await until(() => ws.ofType('next').length === 1, 5_000, 'the event');
      expect([ws.closed, ws.ofType('next').map((m) => m.payload)]).toEqual([
        null,
        [{ data: { logEvents: { uuid: after.uuid } } }],
      ]);
    });

    it('closes a connection whose re-authentication is refused with 4403 and the reason', async () => {
      const { url } = await serve();
      const ws = await raw(url, token('alice', 60_000));
      ws.send({ type: 'ping', payload: { authorization: token('alice', -1_000) } });
      await until(() => ws.closed !== null, 5_000, 'the close');
      expect(ws.closed).toEqual({ code: 4403, reason: 'Unauthenticated: the token has expired.' });
    });

    it('closes a connection whose re-authentication names another caller with 4403', async () => {
      const { url } = await serve();
      const ws = await raw(url, token('alice', 60_000));
      ws.send({ type: 'ping', payload: { authorization: token('mallory', 60_000) } });
      await until(() => ws.closed !== null, 5_000, 'the close');
      expect(ws.closed).toEqual({ code: 4403, reason: 'The token names another caller' });
    });
  });
});
