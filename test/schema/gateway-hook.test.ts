import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Caller, callerWithScopes } from '../../src/caller.ts';
import { RegisterGatewayEventHookDocument } from '../../src/client/generated/graphql.ts';
import { loadConfig } from '../../src/config.ts';
import {
  createLogEventStream,
  type EventSource,
  type LogEventStream,
} from '../../src/events/stream.ts';
import { createOktaClient, type LogEvent, type OktaClient } from '../../src/okta/index.ts';
import { GATEWAY_HOOK_EVENT_TYPES } from '../../src/schema/gateway-hook.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway, type Gateway } from '../../src/server/yoga.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

const SECRET = 'gateway-hook-secret-8d1f2a6c';

const REGISTER = print(RegisterGatewayEventHookDocument);

const SUSPEND = /* GraphQL */ `
  mutation($id: ID!) {
    suspendUser(id: $id) {
      __typename
      ... on SuspendUserPayload { user { id status } }
    }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;
interface Answer {
  status: number;
  data?: Record<string, Result | undefined> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  text: string;
}

/** A gateway listening on 127.0.0.1:0 over the file's simulator, with a recorded event stream. */
interface ListeningGateway {
  url: string;
  gateway: Gateway;
  events: LogEventStream;
  /** Every publish into the stream: its source and the events it actually published. */
  published: { source: EventSource; events: LogEvent[] }[];
  graphql(query: string, variables?: Record<string, unknown>): Promise<Answer>;
  /** The same URL and event stream, served by a gateway of another configuration from now on. */
  restart(env: (url: string) => Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

async function startGateway(
  h: SimHarness,
  options: {
    /** The gateway's environment, given its own URL. Default: demo mode. */
    env?: (url: string) => Record<string, string>;
    authenticate?: (authorization: string | null) => Promise<Caller>;
  } = {},
): Promise<ListeningGateway> {
  // Listening first: the gateway's URL is part of its configuration (GATEWAY_PUBLIC_URL).
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const okta: OktaClient = createOktaClient({
    orgUrl: h.sim.url,
    credentials: { apiToken: h.sim.apiToken },
  });
  const stream = createLogEventStream();
  const published: ListeningGateway['published'] = [];
  const events: LogEventStream = {
    async publish(batch, source) {
      const fresh = await stream.publish(batch, source);
      published.push({ source, events: fresh });
      return fresh;
    },
    subscribe: (signal, subscribeOptions) => stream.subscribe(signal, subscribeOptions),
    get subscribers() {
      return stream.subscribers;
    },
    close: () => stream.close(),
  };
  const gatewayOf = (env: Record<string, string>) =>
    createGateway({
      config: loadConfig(env),
      okta,
      events,
      authenticate: options.authenticate,
      logger: createLogger({ level: 'silent' }),
    });
  let gateway = gatewayOf(options.env?.(url) ?? {});
  server.on('request', (req, res) => gateway(req, res));
  return {
    url,
    get gateway() {
      return gateway;
    },
    events,
    published,
    async restart(env) {
      const stopped = gateway;
      gateway = gatewayOf(env(url));
      await stopped.dispose();
    },
    async graphql(query, variables = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
        },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, text, ...(JSON.parse(text) as Omit<Answer, 'status' | 'text'>) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.dispose();
      await events.close();
      await okta.transport.close();
    },
  };
}

/** Outside demo mode, over the file's simulator, with the hook secret and the gateway's URL. */
const production =
  (h: SimHarness, extra: Record<string, string> = {}) =>
  (url: string): Record<string, string> => ({
    OKTA_ORG_URL: h.sim.url,
    OKTA_API_TOKEN: h.sim.apiToken,
    AUTH_MODE: 'none',
    OKTA_HOOK_SECRET: SECRET,
    GATEWAY_PUBLIC_URL: url,
    ...extra,
  });

describe('registerGatewayEventHook', () => {
  const h = useSimulator({ size: 'empty', eventHookTimeoutMs: 1_000 });
  const gateways: ListeningGateway[] = [];
  const start = async (options: Parameters<typeof startGateway>[1] = {}) => {
    const started = await startGateway(h, options);
    gateways.push(started);
    return started;
  };
  beforeEach(() => h.sim.requests.reset());
  afterEach(async () => {
    await h.sim.hookDelivery.idle();
    for (const gateway of gateways.splice(0)) await gateway.close();
    h.sim.org.eventHooks.clear();
  });

  const logSince = (before: number) =>
    h.sim.org.log.slice(before).map((e) => ({
      eventType: e.event.eventType,
      outcome: (e.event.outcome as { result: string }).result,
    }));
  const onlyHook = () => {
    const [hook, ...others] = h.sim.org.eventHooks.values();
    expect(others).toEqual([]);
    if (!hook) throw new Error('no event hook was registered');
    return hook;
  };

  describe('in demo mode', () => {
    let gw: ListeningGateway;
    beforeAll(async () => {
      gw = await startGateway(h);
    });
    afterAll(() => gw.close());

    it("creates a hook on the gateway's own /hooks/okta, which Okta verifies, and answers it ACTIVE and VERIFIED", async () => {
      const before = h.sim.org.log.length;
      const res = await gw.graphql(REGISTER);
      const hook = onlyHook();
      expect(res.data?.registerGatewayEventHook).toEqual({
        __typename: 'RegisterGatewayEventHookPayload',
        eventHook: {
          id: hook.id,
          name: 'okta-graphql-gateway',
          description:
            'Delivers Okta events to the GraphQL gateway, for its logEvents subscribers.',
          status: 'ACTIVE',
          verificationStatus: 'VERIFIED',
          created: hook.created,
          createdBy: hook.createdBy,
          lastUpdated: hook.lastUpdated,
          events: { type: 'EVENT_TYPE', items: [...GATEWAY_HOOK_EVENT_TYPES], filter: null },
          channel: {
            type: 'HTTP',
            version: '1.0.0',
            uri: `${gw.url}/hooks/okta`,
            method: 'POST',
            headers: [],
            authScheme: { type: 'HEADER', key: 'Authorization' },
          },
        },
      });
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.created', outcome: 'SUCCESS' },
        { eventType: 'event_hook.verified', outcome: 'SUCCESS' },
      ]);
    });

    it('makes three Okta calls: the list (no hook delivers to the gateway yet), create and verify (Okta creates hooks ACTIVE)', async () => {
      await gw.graphql(REGISTER);
      expect(h.sim.requests.snapshot()).toEqual({
        'GET /api/v1/eventHooks': 1,
        'POST /api/v1/eventHooks': 1,
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify': 1,
      });
    });

    it("gives Okta the gateway's own hook secret, which the gateway accepts and never returns", async () => {
      const res = await gw.graphql(REGISTER);
      const secret = onlyHook().channel.config.authScheme?.value ?? '';
      const delivery = await fetch(`${gw.url}/hooks/okta`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: secret },
        body: JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [] } }),
      });
      expect([secret.length >= 32, delivery.status, res.text.includes(secret)]).toEqual([
        true,
        200,
        false,
      ]);
    });

    it('registers the event types and the name it is given', async () => {
      const res = await gw.graphql(REGISTER, {
        eventTypes: ['group.user_membership.add', 'group.user_membership.remove'],
        name: 'Membership feed',
      });
      expect(res.data?.registerGatewayEventHook).toMatchObject({
        eventHook: {
          name: 'Membership feed',
          verificationStatus: 'VERIFIED',
          events: { items: ['group.user_membership.add', 'group.user_membership.remove'] },
        },
      });
    });

    it('answers an event type Okta does not deliver to hooks with ValidationError on eventTypes, and creates nothing', async () => {
      const res = await gw.graphql(REGISTER, { eventTypes: ['user.session.end'] });
      expect(res.data?.registerGatewayEventHook).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [
          {
            field: 'eventTypes',
            message: 'user.session.end is not an event hook eligible event type',
          },
        ],
      });
      expect(h.sim.org.eventHooks.size).toBe(0);
    });

    it('delivers a suspension made through the gateway to a stream subscriber, through the hook', async () => {
      await gw.graphql(REGISTER);
      const user = await activeUser(h);
      await h.sim.hookDelivery.idle();
      // Not counted: a client subscription would start the System Log poller, a second source.
      const controller = new AbortController();
      const iterator = gw.events
        .subscribe(controller.signal, { counted: false })
        [Symbol.asyncIterator]();
      const suspension = (async () => {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return null;
          if (next.value.eventType === 'user.lifecycle.suspend') return next.value;
        }
      })();
      const res = await gw.graphql(SUSPEND, { id: user.id });
      expect(res.data).toEqual({
        suspendUser: {
          __typename: 'SuspendUserPayload',
          user: { id: user.id, status: 'SUSPENDED' },
        },
      });
      const event = await suspension;
      controller.abort();
      expect({
        eventType: event?.eventType,
        targets: event?.target?.map((t) => [t.type, t.id]),
      }).toEqual({ eventType: 'user.lifecycle.suspend', targets: [['User', user.id]] });
      expect(
        gw.published
          .filter((p) => p.events.some((e) => e.uuid === event?.uuid))
          .map((p) => p.source),
      ).toEqual(['hook']);
    });
  });

  it('answers a failed verification with ValidationError on uri and removes the hook again', async () => {
    // Okta is told an endpoint that refuses it, as one with another secret would.
    const refusing = createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const elsewhere = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    try {
      const gw = await start({ env: () => ({ GATEWAY_PUBLIC_URL: elsewhere }) });
      const before = h.sim.org.log.length;
      const res = await gw.graphql(REGISTER);
      expect(res.data?.registerGatewayEventHook).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message:
          "Okta could not verify the gateway's /hooks/okta endpoint. The new hook was removed again.",
        fields: [
          {
            field: 'uri',
            message: 'Unable to verify event hook. Hook okta-graphql-gateway execution failed',
          },
        ],
      });
      expect(h.sim.org.eventHooks.size).toBe(0);
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.created', outcome: 'SUCCESS' },
        { eventType: 'event_hook.verified', outcome: 'FAILURE' },
        { eventType: 'event_hook.deactivated', outcome: 'SUCCESS' },
        { eventType: 'event_hook.deleted', outcome: 'SUCCESS' },
      ]);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('registers the configured header (OKTA_HOOK_AUTH_HEADER) and secret outside demo mode', async () => {
    const gw = await start({
      env: production(h, { OKTA_HOOK_AUTH_HEADER: 'X-Okta-Hook-Secret' }),
    });
    const res = await gw.graphql(REGISTER);
    expect(res.data?.registerGatewayEventHook).toMatchObject({
      eventHook: {
        verificationStatus: 'VERIFIED',
        channel: {
          uri: `${gw.url}/hooks/okta`,
          authScheme: { type: 'HEADER', key: 'X-Okta-Hook-Secret' },
        },
      },
    });
    expect(onlyHook().channel.config.authScheme).toEqual({
      type: 'HEADER',
      key: 'X-Okta-Hook-Secret',
      value: SECRET,
    });
  });

  it('refuses a caller without okta.eventHooks.manage with FORBIDDEN, calling Okta not at all', async () => {
    const reader = callerWithScopes('auditor', ['okta.eventHooks.read'], true);
    const gw = await start({ authenticate: async () => reader });
    const res = await gw.graphql(REGISTER);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(h.sim.requests.total()).toBe(0);
  });

  it('answers EVENT_HOOKS_NOT_CONFIGURED without OKTA_HOOK_SECRET outside demo mode, calling Okta not at all', async () => {
    const gw = await start({
      env: (url) => {
        const { OKTA_HOOK_SECRET: _secret, ...env } = production(h)(url);
        return env;
      },
    });
    const res = await gw.graphql(REGISTER);
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'EVENT_HOOKS_NOT_CONFIGURED',
        "The gateway's /hooks/okta endpoint is off: set OKTA_HOOK_SECRET.",
      ],
    ]);
    expect(h.sim.requests.total()).toBe(0);
  });

  it('answers EVENT_HOOKS_NOT_CONFIGURED without GATEWAY_PUBLIC_URL outside demo mode, calling Okta not at all', async () => {
    const gw = await start({
      env: (url) => {
        const { GATEWAY_PUBLIC_URL: _url, ...env } = production(h)(url);
        return env;
      },
    });
    const res = await gw.graphql(REGISTER);
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'EVENT_HOOKS_NOT_CONFIGURED',
        'The gateway does not know the URL Okta reaches it at: set GATEWAY_PUBLIC_URL.',
      ],
    ]);
    expect(h.sim.requests.total()).toBe(0);
  });
});

/** An ACTIVE user, made straight in Okta. */
async function activeUser(h: SimHarness, login = 'sam.suspended'): Promise<{ id: string }> {
  const res = await h.api<{ id: string }>('POST', '/api/v1/users?activate=true', {
    body: {
      profile: {
        firstName: 'Sam',
        lastName: 'Suspended',
        email: `${login}@example.com`,
        login: `${login}@example.com`,
      },
      credentials: { password: { value: 'Tr0ub4dor&3-horse-staple' } },
    },
  });
  expect(res.status).toBe(200);
  return res.body;
}

/** An endpoint of the attacker's: records what it is sent and answers Okta's challenge. */
async function attackerEndpoint() {
  const received: { method: string; authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? '', authorization: req.headers.authorization });
    const challenge = String(req.headers['x-okta-verification-challenge'] ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ verification: challenge }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/steal`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const OWNED_FIELDS = /* GraphQL */ `
  __typename
  ... on Error { code message }
  ... on GatewayOwnedHookError { eventHookId }
`;
const UPDATE_HOOK = /* GraphQL */ `
  mutation($id: ID!, $input: UpdateEventHookInput!) {
    updateEventHook(id: $id, input: $input) { ${OWNED_FIELDS} }
  }
`;
const BY_ID = (mutation: string, args = '') => /* GraphQL */ `
  mutation($id: ID!) { ${mutation}(id: $id${args}) { ${OWNED_FIELDS} } }
`;

describe("the gateway's own hook and its secret", () => {
  const h = useSimulator({ size: 'empty', eventHookTimeoutMs: 1_000 });
  const OLD_SECRET = SECRET;
  const NEW_SECRET = 'gateway-hook-secret-new-41b7e09d';
  const gateways: ListeningGateway[] = [];
  const start = async (options: Parameters<typeof startGateway>[1] = {}) => {
    const started = await startGateway(h, options);
    gateways.push(started);
    return started;
  };
  beforeEach(() => h.sim.requests.reset());
  afterEach(async () => {
    await h.sim.hookDelivery.idle();
    for (const gateway of gateways.splice(0)) await gateway.close();
    h.sim.org.eventHooks.clear();
  });

  const registered = async (gw: ListeningGateway, variables: Record<string, unknown> = {}) => {
    const res = await gw.graphql(REGISTER, variables);
    const hook = res.data?.registerGatewayEventHook as { eventHook?: { id: string } } | undefined;
    if (!hook?.eventHook) throw new Error(`not registered: ${res.text}`);
    h.sim.requests.reset();
    return hook.eventHook.id;
  };
  const refusal = (id: string, action: string) => ({
    __typename: 'GatewayOwnedHookError',
    code: 'GATEWAY_OWNED_HOOK',
    message: `Event hook ${id} delivers to this gateway: ${action} it with registerGatewayEventHook, not the general event hook mutations.`,
    eventHookId: id,
  });

  it("refuses to point the gateway's hook at another endpoint or verify it there: the attacker receives no secret", async () => {
    const attacker = await attackerEndpoint();
    try {
      const gw = await start({ env: production(h) });
      const id = await registered(gw);
      const moved = await gw.graphql(UPDATE_HOOK, { id, input: { uri: attacker.uri } });
      const verified = await gw.graphql(BY_ID('verifyEventHook'), { id });
      await h.sim.hookDelivery.idle();
      expect([moved.data?.updateEventHook, verified.data?.verifyEventHook]).toEqual([
        refusal(id, 'change'),
        refusal(id, 'verify'),
      ]);
      expect(attacker.received).toEqual([]);
      expect(h.sim.org.eventHooks.get(id)?.channel.config).toMatchObject({
        uri: `${gw.url}/hooks/okta`,
        authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
      });
      expect(h.sim.requests.snapshot()).toEqual({ 'GET /api/v1/eventHooks': 2 });
    } finally {
      await attacker.close();
    }
  });

  it("refuses to deactivate or delete the gateway's hook, whatever name it was registered with", async () => {
    const gw = await start({ env: production(h) });
    const id = await registered(gw, { name: 'Membership feed' });
    const deactivated = await gw.graphql(BY_ID('deactivateEventHook'), { id });
    const deleted = await gw.graphql(BY_ID('deleteEventHook', ', deactivateFirst: true'), { id });
    expect([deactivated.data?.deactivateEventHook, deleted.data?.deleteEventHook]).toEqual([
      refusal(id, 'deactivate'),
      refusal(id, 'delete'),
    ]);
    expect(h.sim.org.eventHooks.get(id)).toMatchObject({
      status: 'ACTIVE',
      verificationStatus: 'VERIFIED',
    });
  });

  it('rotates the hook secret with no delivery lost, after which the old secret is refused', async () => {
    const gw = await start({ env: production(h, { OKTA_HOOK_SECRET: OLD_SECRET }) });
    const id = await registered(gw);
    const deliveredByHook = (userId: string) =>
      gw.published.some(
        (p) => p.source === 'hook' && p.events.some((e) => e.target?.some((t) => t.id === userId)),
      );

    // 1. The new secret is configured, the old one still accepted: Okta still sends the old one.
    await gw.restart(
      production(h, { OKTA_HOOK_SECRET: NEW_SECRET, OKTA_HOOK_SECRET_PREVIOUS: OLD_SECRET }),
    );
    const before = await activeUser(h, 'before.rotation');
    await h.sim.hookDelivery.idle();

    // 2. Okta is given the new secret: the same hook, verified again.
    h.sim.requests.reset();
    const rotated = await gw.graphql(REGISTER);
    expect(rotated.data?.registerGatewayEventHook).toMatchObject({
      __typename: 'RegisterGatewayEventHookPayload',
      eventHook: { id, status: 'ACTIVE', verificationStatus: 'VERIFIED' },
    });
    expect([...h.sim.org.eventHooks.keys()]).toEqual([id]);
    expect(h.sim.org.eventHooks.get(id)?.channel.config.authScheme?.value).toBe(NEW_SECRET);
    expect(h.sim.requests.snapshot()).toEqual({
      'GET /api/v1/eventHooks': 1,
      'PUT /api/v1/eventHooks/:eventHookId': 1,
      'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify': 1,
    });
    const during = await activeUser(h, 'during.rotation');
    await h.sim.hookDelivery.idle();

    // 3. The rotation is over: only the new secret is accepted.
    await gw.restart(production(h, { OKTA_HOOK_SECRET: NEW_SECRET }));
    const after = await activeUser(h, 'after.rotation');
    await h.sim.hookDelivery.idle();
    const forged = await fetch(`${gw.url}/hooks/okta`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: OLD_SECRET },
      body: JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [] } }),
    });

    expect([before, during, after].map((user) => deliveredByHook(user.id))).toEqual([
      true,
      true,
      true,
    ]);
    expect(forged.status).toBe(401);
  });
});
