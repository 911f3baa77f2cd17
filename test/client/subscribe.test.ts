import { randomUUID } from 'node:crypto';
import {
  createGatewayClient,
  GatewayRequestError,
  LogEventsLiveDocument,
  type LogEventsLiveSubscription,
} from 'okta-graphql-gateway/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type Caller, callerWithScopes } from '../../src/caller.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import { CallerAuthError } from '../../src/server/auth.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';
import { systemLogPump, until } from '../support/subscriptions.ts';

const TOKENS: Record<string, readonly string[]> = {
  'logs-reader': ['okta.logs.read'],
  'users-reader': ['okta.users.read'],
};

const authenticate = async (authorization: string | null): Promise<Caller> => {
  const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new CallerAuthError('a bearer token is required');
  const scopes = TOKENS[token];
  if (!scopes) throw new CallerAuthError('the token is not valid');
  return callerWithScopes(token, scopes, true);
};

describe("the typed client's subscribe", () => {
  const stack = useStack({
    env: {
      OKTA_ORG_URL: 'https://acme.okta.com',
      OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
      AUTH_MODE: 'none',
    },
    authenticate,
  });
  const served = useServedGateway(stack);
  afterEach(async () => {
    await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
  });

  const events = (count: number): LogEvent[] => {
    const template = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
    return Array.from({ length: count }, () => ({
      ...template,
      uuid: randomUUID(),
      eventType: 'user.lifecycle.suspend',
      published: new Date().toISOString(),
    }));
  };

  it('yields the events of the example subscription as they arrive, asking its token function once', async () => {
    let asked = 0;
    const client = createGatewayClient(served.endpoint, {
      token: () => {
        asked++;
        return 'logs-reader';
      },
    });
    const published = events(3);
    const received: LogEventsLiveSubscription['logEvents'][] = [];
    const stream = client.subscribe(LogEventsLiveDocument, {
      eventTypes: ['user.lifecycle.suspend'],
    });
    const reading = (async () => {
      for await (const { logEvents } of stream) {
        received.push(logEvents);
        if (received.length === 3) break;
      }
    })();
    await until(() => stack.events.subscribers === 1);
    await stack.events.publish(published, 'hook');
    await reading;

    expect(received.map((e) => [e?.uuid, e?.eventType])).toEqual(
      published.map((e) => [e.uuid, 'user.lifecycle.suspend']),
    );
    expect(asked).toBe(1);
  });

  it('throws a GatewayRequestError with FORBIDDEN for a caller without okta.logs.read', async () => {
    const client = createGatewayClient(served.endpoint, { token: 'users-reader' });
    const stream = client.subscribe(LogEventsLiveDocument, {});
    const failure = await stream.next().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayRequestError);
    expect((failure as GatewayRequestError).codes).toEqual(['FORBIDDEN']);
  });

  it('throws a GatewayRequestError with the 401 of a caller without a token', async () => {
    const stream = createGatewayClient(served.endpoint).subscribe(LogEventsLiveDocument, {});
    const failure = await stream.next().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayRequestError);
    expect((failure as GatewayRequestError).status).toBe(401);
    expect((failure as GatewayRequestError).codes).toEqual(['UNAUTHENTICATED']);
  });

  it("ends the stream when the call's signal aborts, even while an event is awaited", async () => {
    const abort = new AbortController();
    const stream = createGatewayClient(served.endpoint, { token: 'logs-reader' }).subscribe(
      LogEventsLiveDocument,
      {},
      { signal: abort.signal },
    );
    const next = stream.next();
    await until(() => stack.events.subscribers === 1);
    abort.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });
});

describe("the typed client's subscribe when the token expires", () => {
  /** `Bearer <expiry in ms>`: a reader of the logs until then, refused after, as a JWT is. */
  const expiring = async (authorization: string | null): Promise<Caller> => {
    const expiresAt = Number(/^Bearer (\d+)$/.exec(authorization ?? '')?.[1] ?? 0);
    if (expiresAt <= Date.now()) throw new CallerAuthError('the token has expired');
    return callerWithScopes('service', ['okta.logs.read'], true, expiresAt);
  };
  const stack = useStack({
    env: {
      OKTA_ORG_URL: 'https://acme.okta.com',
      OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
      AUTH_MODE: 'none',
    },
    authenticate: expiring,
  });
  const served = useServedGateway(stack);

  it('subscribes again with a fresh token and since, losing nothing and repeating nothing', async () => {
    // The first token lasts 2 s; the second is handed out only once the test has made an event
    // while the client is away.
    let asked = 0;
    let handOut: (token: string) => void = () => undefined;
    const secondToken = new Promise<string>((resolve) => {
      handOut = resolve;
    });
    const client = createGatewayClient(served.endpoint, {
      token: () => (++asked === 1 ? String(Date.now() + 2_000) : secondToken),
    });
    const pump = systemLogPump(stack);
    const [before, whileAway] = [...stack.sim.org.users.values()]
      // Not the admin the gateway acts as: the gateway refuses to suspend it.
      .filter((u) => u.status === 'ACTIVE' && u.id !== stack.adminId)
      .map((u) => u.id);
    const received: LogEventsLiveSubscription['logEvents'][] = [];
    const stream = client.subscribe(LogEventsLiveDocument, {
      eventTypes: ['user.lifecycle.suspend'],
    });
    const reading = (async () => {
      for await (const { logEvents } of stream) {
        received.push(logEvents);
        if (received.length === 2) break;
      }
    })();
    await until(() => stack.events.subscribers === 1);
    await stack.okta.users.suspend(before as string);
    await pump();
    await until(() => received.length === 1, 5_000, 'the first event');

    await until(() => asked === 2, 5_000, 'the token expired and a fresh one asked for');
    await stack.okta.users.suspend(whileAway as string);
    handOut(String(Date.now() + 60_000));
    await reading;

    expect(received.map((e) => e?.target?.map((t) => t.id))).toEqual([[before], [whileAway]]);
    expect(new Set(received.map((e) => e?.uuid)).size).toBe(2);
  });
});
