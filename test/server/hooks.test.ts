import { randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogEventStream, type LogEventStream } from '../../src/events/stream.ts';
import { createOktaClient, type LogEvent, type OktaClient } from '../../src/okta/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway, type Gateway } from '../../src/server/yoga.ts';

const SECRET = 'hook-secret-3c9e1f0a7b42';
const ENDPOINT = 'http://gateway.test/hooks/okta';

/** Outside demo mode: an org URL, a credential, and the hook secret. No Okta call is made here. */
const PRODUCTION = {
  OKTA_ORG_URL: 'http://127.0.0.1:9',
  OKTA_API_TOKEN: 'not-used-by-these-tests',
  AUTH_MODE: 'none',
  OKTA_HOOK_SECRET: SECRET,
};

/** A System Log event as Okta delivers it: it names people, which must never reach the log. */
const logEvent = (n: number): LogEvent => ({
  uuid: randomUUID(),
  published: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  eventType: 'user.lifecycle.suspend',
  version: '0',
  severity: 'INFO',
  displayMessage: 'Suspend Okta user',
  actor: {
    id: '00uadmin0000000000a1',
    type: 'User',
    alternateId: 'ada.admin@example.com',
    displayName: 'Ada Admin',
  },
  outcome: { result: 'SUCCESS' },
  target: [
    {
      id: `00ualice00000000000${n}`,
      type: 'User',
      alternateId: 'alice.example@example.com',
      displayName: 'Alice Example',
    },
  ],
});

/** Okta's delivery body (docs/okta-behaviour.md §4). */
const deliveryOf = (events: LogEvent[]) => ({
  eventType: 'com.okta.event_hook',
  eventTypeVersion: '1.0',
  cloudEventsVersion: '0.1',
  source: 'https://example.okta.com/api/v1/eventHooks/who1a2b3c4d5e6f7g8h9',
  eventId: randomUUID(),
  eventTime: '2026-01-01T00:00:10.000Z',
  contentType: 'application/json',
  data: { events },
});

interface Harness {
  gateway: Gateway;
  events: LogEventStream;
  /** Every log line the gateway wrote. */
  logs: string[];
}

const opened: { gateway: Gateway; events: LogEventStream; okta: OktaClient }[] = [];
afterEach(async () => {
  for (const { gateway, events, okta } of opened.splice(0)) {
    await gateway.dispose();
    await events.close();
    await okta.transport.close();
  }
});

function startGateway(
  options: { env?: Record<string, string>; events?: LogEventStream } = {},
): Harness {
  const config = loadConfig(options.env ?? PRODUCTION);
  const okta = createOktaClient({ orgUrl: 'http://127.0.0.1:9', credentials: { apiToken: 'x' } });
  const events = options.events ?? createLogEventStream();
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const gateway = createGateway({ config, okta, events, logger });
  opened.push({ gateway, events, okta });
  return { gateway, events, logs };
}

const authorized = { authorization: SECRET };

async function post(
  h: Harness,
  body: string | object,
  headers: Record<string, string> = authorized,
): Promise<Response> {
  return await h.gateway.fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function challenge(h: Harness, headers: Record<string, string>): Promise<Response> {
  return await h.gateway.fetch(ENDPOINT, { method: 'GET', headers });
}

/** A client subscription of the stream: what it received so far. */
async function subscribe(events: LogEventStream) {
  const controller = new AbortController();
  const received: LogEvent[] = [];
  const iterator = events.subscribe(controller.signal)[Symbol.asyncIterator]();
  const reading = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      received.push(next.value);
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 0));
  return {
    received,
    uuids: () => received.map((e) => e.uuid),
    /** Until `count` events have arrived (or a second has passed). */
    async waitFor(count: number): Promise<void> {
      const until = Date.now() + 1000;
      while (received.length < count && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async stop(): Promise<void> {
      controller.abort();
      await reading;
    },
  };
}

/**
 * Proves that the subscriber received exactly `expected` (uuids) and nothing else: a marker
 * published now arrives right after them.
 */
async function expectReceivedOnly(
  events: LogEventStream,
  subscriber: Awaited<ReturnType<typeof subscribe>>,
  expected: string[],
): Promise<void> {
  const marker = logEvent(59);
  await events.publish([marker], 'poller');
  await subscriber.waitFor(expected.length + 1);
  expect(subscriber.uuids()).toEqual([...expected, marker.uuid]);
}

const expectNothingPublished = (
  events: LogEventStream,
  subscriber: Awaited<ReturnType<typeof subscribe>>,
) => expectReceivedOnly(events, subscriber, []);

describe('GET /hooks/okta: the verification challenge', () => {
  it('echoes the challenge as {"verification": …} in JSON when the secret comes with it', async () => {
    const h = startGateway();
    const res = await challenge(h, {
      'x-okta-verification-challenge': 'nHc2Hk_Yp8s0aGR9wqz3vK',
      ...authorized,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual({ verification: 'nHc2Hk_Yp8s0aGR9wqz3vK' });
  });

  it('refuses a challenge without the secret with a bare 401', async () => {
    const h = startGateway();
    const res = await challenge(h, { 'x-okta-verification-challenge': 'nHc2Hk_Yp8s0aGR9wqz3vK' });
    expect([res.status, await res.json()]).toEqual([
      401,
      { error: 'unauthorized', message: 'Unauthorized.' },
    ]);
  });

  it('refuses a challenge with a wrong secret with the same bare 401', async () => {
    const h = startGateway();
    const res = await challenge(h, {
      'x-okta-verification-challenge': 'nHc2Hk_Yp8s0aGR9wqz3vK',
      authorization: `${SECRET}x`,
    });
    expect([res.status, await res.json()]).toEqual([
      401,
      { error: 'unauthorized', message: 'Unauthorized.' },
    ]);
  });

  it('answers 400 to an authentic GET without a challenge', async () => {
    const h = startGateway();
    const res = await challenge(h, authorized);
    expect([res.status, await res.json()]).toEqual([
      400,
      {
        error: 'missing_challenge',
        message: 'A verification request carries the X-Okta-Verification-Challenge header.',
      },
    ]);
  });
});

describe('POST /hooks/okta: a delivery', () => {
  it('publishes the events to a subscriber once, in order, and answers 200 with no body', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const events = [logEvent(1), logEvent(2), logEvent(3)];
    const res = await post(h, deliveryOf(events));
    expect([res.status, await res.text()]).toEqual([200, '']);
    await expectReceivedOnly(
      h.events,
      subscriber,
      events.map((e) => e.uuid),
    );
    expect(subscriber.received[0]).toEqual(events[0]);
  });

  it('answers only after the stream has published the events', async () => {
    const order: string[] = [];
    const base = createLogEventStream();
    const slow: LogEventStream = {
      async publish(events, source) {
        order.push('publish started');
        await new Promise((resolve) => setTimeout(resolve, 100));
        const published = await base.publish(events, source);
        order.push('published');
        return published;
      },
      subscribe: (signal, options) => base.subscribe(signal, options),
      get subscribers() {
        return base.subscribers;
      },
      close: () => base.close(),
    };
    const h = startGateway({ events: slow });
    const res = await post(h, deliveryOf([logEvent(1)]));
    order.push(`answered ${res.status}`);
    expect(order).toEqual(['publish started', 'published', 'answered 200']);
  });

  it('publishes nothing new for a redelivery of the same events, and still answers 200', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const events = [logEvent(1), logEvent(2)];
    const first = await post(h, deliveryOf(events));
    const again = await post(h, deliveryOf(events));
    expect([first.status, again.status]).toEqual([200, 200]);
    await expectReceivedOnly(
      h.events,
      subscriber,
      events.map((e) => e.uuid),
    );
  });

  it('answers 503 when the events cannot be published, so that Okta delivers them again', async () => {
    const base = createLogEventStream();
    let failures = 1;
    const flaky: LogEventStream = {
      publish(events, source) {
        if (failures-- > 0) return Promise.reject(new Error('pub/sub unreachable'));
        return base.publish(events, source);
      },
      subscribe: (signal, options) => base.subscribe(signal, options),
      get subscribers() {
        return base.subscribers;
      },
      close: () => base.close(),
    };
    const h = startGateway({ events: flaky });
    const subscriber = await subscribe(flaky);
    const events = [logEvent(1)];
    const failed = await post(h, deliveryOf(events));
    expect([failed.status, await failed.json()]).toEqual([
      503,
      { error: 'publish_failed', message: 'The events could not be published; deliver again.' },
    ]);
    const redelivered = await post(h, deliveryOf(events));
    expect(redelivered.status).toBe(200);
    await expectReceivedOnly(base, subscriber, [events[0]?.uuid ?? '']);
  });

  it('refuses a delivery without the secret with 401 and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const res = await post(h, deliveryOf([logEvent(1)]), {});
    expect([res.status, await res.json()]).toEqual([
      401,
      { error: 'unauthorized', message: 'Unauthorized.' },
    ]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a delivery with a wrong secret with 401 and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const res = await post(h, deliveryOf([logEvent(1)]), { authorization: `Bearer ${SECRET}` });
    expect(res.status).toBe(401);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a body that is not JSON with 400 and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const res = await post(h, '{"eventType":"com.okta.event_hook","data":{"events":[');
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'invalid_delivery', message: 'The body is not JSON.' },
    ]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses JSON that is not a delivery with 400 naming each problem, and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const good = logEvent(1);
    const { uuid: _uuid, ...withoutUuid } = logEvent(2);
    const body = {
      ...deliveryOf([]),
      data: {
        events: [
          good,
          withoutUuid,
          { ...logEvent(3), published: 'yesterday', actor: null },
          { ...logEvent(4), target: [{ id: '00u1' }] },
          'user.lifecycle.suspend',
        ],
      },
    };
    const res = await post(h, body);
    expect([res.status, await res.json()]).toEqual([
      400,
      {
        error: 'invalid_delivery',
        message: 'The body is not an Okta event hook delivery.',
        problems: [
          'data.events[1].uuid must be a non-empty string',
          'data.events[2].published must be a date-time',
          'data.events[2].actor must be an object with an id and a type',
          'data.events[3].target[0] must be an object with an id and a type',
          'data.events[4] must be an object',
        ],
      },
    ]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a body whose envelope is not an event hook delivery with 400', async () => {
    const h = startGateway();
    const res = await post(h, { eventType: 'com.okta.inline_hook', data: {} });
    expect([res.status, await res.json()]).toEqual([
      400,
      {
        error: 'invalid_delivery',
        message: 'The body is not an Okta event hook delivery.',
        problems: [
          'eventType must be "com.okta.event_hook"',
          'data.events must be a list of System Log events',
        ],
      },
    ]);
  });

  it('refuses a body over 1 MB with 413 and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const events = Array.from({ length: 2500 }, (_, n) => logEvent(n % 60));
    const body = JSON.stringify(deliveryOf(events));
    expect(body.length).toBeGreaterThan(1_000_000);
    const res = await post(h, body);
    expect([res.status, await res.json()]).toEqual([
      413,
      { error: 'payload_too_large', message: 'A delivery is at most 1000000 bytes.' },
    ]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a declared Content-Length over the limit with 413 before the body arrives', async () => {
    const h = startGateway();
    const server = createServer(h.gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // Headers only: the body never comes, so only the declared length can have been judged.
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/hooks/okta',
            headers: {
              'content-type': 'application/json',
              'content-length': String(50_000_000),
              ...authorized,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.flushHeaders();
      });
      expect(status).toBe(413);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a body of another content type with 415 and publishes nothing', async () => {
    const h = startGateway();
    const subscriber = await subscribe(h.events);
    const res = await post(h, JSON.stringify(deliveryOf([logEvent(1)])), {
      ...authorized,
      'content-type': 'text/plain',
    });
    expect([res.status, await res.json()]).toEqual([
      415,
      { error: 'unsupported_media_type', message: 'A delivery is application/json (UTF-8).' },
    ]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('answers 405 with Allow to other methods', async () => {
    const h = startGateway();
    const res = await h.gateway.fetch(ENDPOINT, { method: 'PUT', headers: authorized });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, POST']);
  });

  it('logs the uuids and types of what it published, never the secret nor who the events name', async () => {
    const h = startGateway();
    const events = [logEvent(1), logEvent(2)];
    await post(h, deliveryOf(events));
    await post(h, deliveryOf(events), { authorization: 'wrong-secret-guess' });
    const transcript = h.logs.join('\n');
    expect(events.every((e) => transcript.includes(e.uuid))).toBe(true);
    expect(
      [SECRET, 'wrong-secret-guess', 'Alice', 'alice.example', 'Ada', 'ada.admin'].filter((s) =>
        transcript.includes(s),
      ),
    ).toEqual([]);
  });
});

describe('when /hooks/okta is on', () => {
  it('is off (404) outside demo mode when no secret is configured', async () => {
    const { OKTA_HOOK_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    const h = startGateway({ env: withoutSecret });
    const subscriber = await subscribe(h.events);
    const got = await post(h, deliveryOf([logEvent(1)]));
    const verified = await challenge(h, { 'x-okta-verification-challenge': 'c', ...authorized });
    expect([got.status, verified.status]).toEqual([404, 404]);
    await expectNothingPublished(h.events, subscriber);
  });

  it('is on in demo mode without a configured secret, behind a secret of its own', async () => {
    const h = startGateway({ env: {} });
    const res = await post(h, deliveryOf([logEvent(1)]), { authorization: '' });
    expect(res.status).toBe(401);
  });

  it('reads the secret from the configured header (OKTA_HOOK_AUTH_HEADER)', async () => {
    const h = startGateway({ env: { ...PRODUCTION, OKTA_HOOK_AUTH_HEADER: 'X-Okta-Hook-Secret' } });
    const inHeader = await post(h, deliveryOf([logEvent(1)]), { 'x-okta-hook-secret': SECRET });
    const inAuthorization = await post(h, deliveryOf([logEvent(2)]), authorized);
    expect([inHeader.status, inAuthorization.status]).toEqual([200, 401]);
  });

  it('refuses a hook secret shorter than 16 characters, and a header name that is none', () => {
    const load = () =>
      loadConfig({ ...PRODUCTION, OKTA_HOOK_SECRET: 'short', OKTA_HOOK_AUTH_HEADER: 'X Secret:' });
    expect(load).toThrow(ConfigError);
    expect(() => load()).toThrow(
      'OKTA_HOOK_SECRET must be at least 16 characters long\n- OKTA_HOOK_AUTH_HEADER must be an HTTP header name such as Authorization (got "X Secret:")',
    );
  });
});

describe('rotating the hook secret (OKTA_HOOK_SECRET_PREVIOUS)', () => {
  const PREVIOUS = 'hook-secret-old-5e2d8b1c94f0';
  const ROTATING = { ...PRODUCTION, OKTA_HOOK_SECRET_PREVIOUS: PREVIOUS };

  it('accepts deliveries with the new secret and with the previous one, and publishes both', async () => {
    const h = startGateway({ env: ROTATING });
    const subscriber = await subscribe(h.events);
    const [sentWithOld, sentWithNew] = [logEvent(1), logEvent(2)];
    const old = await post(h, deliveryOf([sentWithOld]), { authorization: PREVIOUS });
    const current = await post(h, deliveryOf([sentWithNew]), authorized);
    expect([old.status, current.status]).toEqual([200, 200]);
    await expectReceivedOnly(h.events, subscriber, [sentWithOld.uuid, sentWithNew.uuid]);
  });

  it("answers Okta's challenge with either secret during the rotation", async () => {
    const h = startGateway({ env: ROTATING });
    const statuses = await Promise.all(
      [PREVIOUS, SECRET].map(async (secret) => {
        const res = await challenge(h, {
          'x-okta-verification-challenge': 'c',
          authorization: secret,
        });
        return res.status;
      }),
    );
    expect(statuses).toEqual([200, 200]);
  });

  it('refuses any other secret during the rotation, and publishes nothing', async () => {
    const h = startGateway({ env: ROTATING });
    const subscriber = await subscribe(h.events);
    const res = await post(h, deliveryOf([logEvent(1)]), { authorization: `${PREVIOUS}x` });
    expect(res.status).toBe(401);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a forged delivery with the old (stolen) secret once the rotation is over', async () => {
    const h = startGateway({ env: PRODUCTION });
    const subscriber = await subscribe(h.events);
    const forged = await post(h, deliveryOf([logEvent(1)]), { authorization: PREVIOUS });
    expect(forged.status).toBe(401);
    await expectNothingPublished(h.events, subscriber);
  });

  it('refuses a previous secret without a current one, or equal to it', () => {
    const { OKTA_HOOK_SECRET: _secret, ...withoutSecret } = PRODUCTION;
    expect(() => loadConfig({ ...withoutSecret, OKTA_HOOK_SECRET_PREVIOUS: PREVIOUS })).toThrow(
      'OKTA_HOOK_SECRET_PREVIOUS needs OKTA_HOOK_SECRET (the new secret) beside it',
    );
    expect(() => loadConfig({ ...PRODUCTION, OKTA_HOOK_SECRET_PREVIOUS: SECRET })).toThrow(
      'OKTA_HOOK_SECRET_PREVIOUS must differ from OKTA_HOOK_SECRET',
    );
  });
});
