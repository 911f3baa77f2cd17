import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/simulator/store.ts';
import { writeLogEvent } from '../../../src/simulator/system-log.ts';
import { useSimulator } from '../../support/simulator.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Answer =
  | { kind: 'echo' } // a well-behaved endpoint
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'silent' }; // never answers

/** An event hook endpoint on loopback that records what Okta sends and answers as told. */
class Receiver {
  readonly received: Received[] = [];
  answer: Answer = { kind: 'echo' };
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = this.answer;
        if (answer.kind === 'silent') return;
        if (answer.kind === 'status') {
          res.writeHead(answer.status, { 'Content-Type': 'application/json' });
          res.end(answer.body ?? '');
          return;
        }
        if (req.method === 'GET') {
          const challenge = String(req.headers['x-okta-verification-challenge']);
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ verification: challenge }));
          return;
        }
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/okta/events`;
  }

  posts(): { headers: IncomingHttpHeaders; body: DeliveryBody }[] {
    return this.received
      .filter((r) => r.method === 'POST')
      .map((r) => ({ headers: r.headers, body: JSON.parse(r.body) as DeliveryBody }));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

interface DeliveryBody {
  eventType: string;
  eventTypeVersion: string;
  cloudEventsVersion: string;
  source: string;
  eventId: string;
  eventTime: string;
  contentType: string;
  data: { events: LogEvent[] };
}

interface EventHook {
  id: string;
  status: string;
  verificationStatus: string;
  name: string;
  channel: { config: Record<string, unknown> };
  _links: Record<string, { href: string }>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const SECRET = 'Basic c2ltdWxhdG9yOnNlY3JldA==';

describe('event hooks', () => {
  const h = useSimulator({ size: 'empty', eventHookTimeoutMs: 300 });
  const receiver = new Receiver();

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  afterEach(async () => {
    await h.sim.hookDelivery.idle();
    h.sim.org.eventHooks.clear();
    receiver.received.length = 0;
    receiver.answer = { kind: 'echo' };
  });

  function hookBody(overrides: Record<string, unknown> = {}, uri = receiver.url) {
    return {
      name: 'User provisioning feed',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.activate'] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri,
          headers: [{ key: 'X-Feed', value: 'provisioning' }],
          authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
        },
      },
      ...overrides,
    };
  }

  async function createHook(overrides: Record<string, unknown> = {}): Promise<EventHook> {
    const res = await h.api<EventHook>('POST', '/api/v1/eventHooks', { body: hookBody(overrides) });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function createVerifiedHook(overrides: Record<string, unknown> = {}): Promise<EventHook> {
    const hook = await createHook(overrides);
    const res = await h.api<EventHook>('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
    expect(res.status).toBe(200);
    receiver.received.length = 0;
    return res.body;
  }

  /** A System Log event as the users API writes it. */
  function logUserEvent(eventType: string, login: string): LogEvent {
    return writeLogEvent(h.sim.org, {
      eventType,
      actor: {
        id: '00uadmin',
        type: 'User',
        alternateId: 'admin@example.com',
        displayName: 'Admin',
      },
      client: {
        ipAddress: '10.0.0.1',
        userAgent: { rawUserAgent: 'test', os: 'Unknown', browser: 'UNKNOWN' },
        device: 'Unknown',
        zone: 'null',
        geographicalContext: {
          city: 'Berlin',
          state: 'Berlin',
          country: 'Germany',
          postalCode: '10115',
          geolocation: { lat: 52.52, lon: 13.4 },
        },
      },
      targets: [{ id: '00utarget', type: 'User', alternateId: login, displayName: login }],
    });
  }

  const logTypes = () => h.sim.org.log.map((p) => p.event.eventType);

  describe('registration', () => {
    it('creates a hook ACTIVE and UNVERIFIED, with Okta links and the POST method', async () => {
      const res = await h.api<Record<string, unknown>>('POST', '/api/v1/eventHooks', {
        body: hookBody({ description: 'Feeds the HR system' }),
      });
      const id = String(res.body.id);
      const self = `${h.sim.url}/api/v1/eventHooks/${id}`;
      expect(res.status).toBe(200);
      expect(id).toMatch(/^who[0-9A-Za-z]{17}$/);
      expect(res.body).toEqual({
        id,
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        name: 'User provisioning feed',
        description: 'Feeds the HR system',
        created: res.body.created,
        createdBy: [...h.sim.org.apiTokens.values()][0]?.id,
        lastUpdated: res.body.created,
        events: {
          type: 'EVENT_TYPE',
          items: ['user.lifecycle.create', 'user.lifecycle.activate'],
          filter: null,
        },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: receiver.url,
            headers: [{ key: 'X-Feed', value: 'provisioning' }],
            method: 'POST',
            authScheme: { type: 'HEADER', key: 'Authorization' },
          },
        },
        _links: {
          self: { href: self },
          verify: { href: `${self}/lifecycle/verify`, hints: { allow: ['POST'] } },
          deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } },
        },
      });
    });

    it('writes event_hook.created to the System Log', async () => {
      const hook = await createHook();
      const last = h.sim.org.log.at(-1)?.event as LogEvent & { target: { id: string }[] };
      expect(last.eventType).toBe('event_hook.created');
      expect(last.target.map((t) => t.id)).toEqual([hook.id]);
    });

    it('never returns the authScheme value from create, get or list', async () => {
      const created = await createHook();
      const got = await h.api<EventHook>('GET', `/api/v1/eventHooks/${created.id}`);
      const listed = await h.api<EventHook[]>('GET', '/api/v1/eventHooks');
      for (const hook of [created, got.body, ...listed.body]) {
        expect(hook.channel.config.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
      }
      expect(JSON.stringify([created, got.body, listed.body])).not.toContain(SECRET);
    });

    it('lists every hook in one unpaged array', async () => {
      const first = await createHook({ name: 'first' });
      const second = await createHook({ name: 'second' });
      const res = await h.api<EventHook[]>('GET', '/api/v1/eventHooks');
      expect(res.status).toBe(200);
      expect(res.body.map((hook) => hook.id)).toEqual([first.id, second.id]);
      expect(res.headers.get('link')).toBeNull();
    });

    it('refuses an event type that is not event-hook eligible with 400 E0000001', async () => {
      const res = await h.api<OktaError>('POST', '/api/v1/eventHooks', {
        body: hookBody({ events: { type: 'EVENT_TYPE', items: ['user.account.expire_password'] } }),
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorSummary).toBe('Api validation failed: eventHook');
      expect(res.body.errorCauses).toEqual([
        {
          errorSummary:
            'events.items: user.account.expire_password is not an event hook eligible event type',
        },
      ]);
      expect(h.sim.org.eventHooks.size).toBe(0);
    });

    it('refuses a create without a name with 400 E0000001', async () => {
      const res = await h.api<OktaError>('POST', '/api/v1/eventHooks', {
        body: hookBody({ name: undefined }),
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCauses).toEqual([
        { errorSummary: 'name: The field cannot be left blank' },
      ]);
    });

    it('refuses plain HTTP to a host other than loopback', async () => {
      const res = await h.api<OktaError>('POST', '/api/v1/eventHooks', {
        body: hookBody({}, 'http://hooks.example.com/okta'),
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCauses).toEqual([
        { errorSummary: 'channel.config.uri: must be an HTTPS URL' },
      ]);
    });

    it('accepts an HTTPS URI anywhere', async () => {
      const res = await h.api<EventHook>('POST', '/api/v1/eventHooks', {
        body: hookBody({}, 'https://hooks.example.com/okta'),
      });
      expect(res.status).toBe(200);
      expect(res.body.channel.config.uri).toBe('https://hooks.example.com/okta');
    });

    it('answers 404 E0000007 for an unknown hook', async () => {
      const res = await h.api<OktaError>('GET', '/api/v1/eventHooks/who0000000000000000x');
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('E0000007');
      expect(res.body.errorSummary).toBe(
        'Not found: Resource not found: who0000000000000000x (EventHook)',
      );
    });
  });

  describe('lifecycle', () => {
    it('deactivates and activates a hook, switching its lifecycle link', async () => {
      const hook = await createHook();
      const off = await h.api<EventHook>(
        'POST',
        `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`,
      );
      expect(off.body.status).toBe('INACTIVE');
      expect(Object.keys(off.body._links)).toEqual(['self', 'verify', 'activate']);
      const on = await h.api<EventHook>('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/activate`);
      expect(on.body.status).toBe('ACTIVE');
      expect(Object.keys(on.body._links)).toEqual(['self', 'verify', 'deactivate']);
      expect(logTypes().slice(-2)).toEqual(['event_hook.deactivated', 'event_hook.activated']);
    });

    it('refuses to delete an ACTIVE hook with 403 and keeps it', async () => {
      const hook = await createHook();
      const res = await h.api<OktaError>('DELETE', `/api/v1/eventHooks/${hook.id}`);
      expect(res.status).toBe(403);
      expect(res.body.errorCode).toBe('E0000006');
      expect(h.sim.org.eventHooks.has(hook.id)).toBe(true);
    });

    it('deletes an INACTIVE hook with 204, after which it is 404', async () => {
      const hook = await createHook();
      await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
      const res = await h.api('DELETE', `/api/v1/eventHooks/${hook.id}`);
      expect(res.status).toBe(204);
      expect(res.body).toBeUndefined();
      expect((await h.api('GET', `/api/v1/eventHooks/${hook.id}`)).status).toBe(404);
      expect(logTypes().at(-1)).toBe('event_hook.deleted');
    });

    it('allows 25 ACTIVE hooks and refuses a 26th create with 403', async () => {
      for (let i = 0; i < 25; i++) await createHook({ name: `hook ${i}` });
      const res = await h.api<OktaError>('POST', '/api/v1/eventHooks', { body: hookBody() });
      expect(res.status).toBe(403);
      expect(res.body.errorCauses).toEqual([
        { errorSummary: 'eventHook: The org already has the maximum of 25 active event hooks.' },
      ]);
      expect(h.sim.org.eventHooks.size).toBe(25);
    });

    it('does not count INACTIVE hooks against the limit, but refuses to activate past it', async () => {
      const hooks: EventHook[] = [];
      for (let i = 0; i < 25; i++) hooks.push(await createHook({ name: `hook ${i}` }));
      const first = hooks[0] as EventHook;
      await h.api('POST', `/api/v1/eventHooks/${first.id}/lifecycle/deactivate`);
      expect((await h.api('POST', '/api/v1/eventHooks', { body: hookBody() })).status).toBe(200);
      const res = await h.api<OktaError>(
        'POST',
        `/api/v1/eventHooks/${first.id}/lifecycle/activate`,
      );
      expect(res.status).toBe(403);
      expect(h.sim.org.eventHooks.get(first.id)?.status).toBe('INACTIVE');
    });
  });

  describe('verification', () => {
    it('verifies a hook whose endpoint echoes the challenge', async () => {
      const hook = await createHook();
      const res = await h.api<EventHook>('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(200);
      expect(res.body.verificationStatus).toBe('VERIFIED');
      expect(h.sim.org.eventHooks.get(hook.id)?.verificationStatus).toBe('VERIFIED');
    });

    it('sends the challenge, the shared secret and the custom headers in one GET', async () => {
      const hook = await createHook();
      await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(receiver.received).toHaveLength(1);
      const [get] = receiver.received as [Received];
      expect(get.method).toBe('GET');
      expect(get.path).toBe('/okta/events');
      expect(get.headers['x-okta-verification-challenge']).toMatch(/^[\w-]{40}$/);
      expect(get.headers.authorization).toBe(SECRET);
      expect(get.headers['x-feed']).toBe('provisioning');
      expect(get.headers.accept).toBe('application/json');
      expect(get.headers['user-agent']).toBe('Okta-Integrations');
    });

    it('fails with 400 E0000001 after one retry when the endpoint echoes the wrong value', async () => {
      const hook = await createHook();
      receiver.answer = { kind: 'status', status: 200, body: '{"verification":"nope"}' };
      const res = await h.api<OktaError>('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorSummary).toBe('Api validation failed: eventHook');
      expect(res.body.errorCauses).toEqual([
        {
          errorSummary: 'Unable to verify event hook. Hook User provisioning feed execution failed',
        },
      ]);
      expect(receiver.received.map((r) => r.method)).toEqual(['GET', 'GET']);
      expect(h.sim.org.eventHooks.get(hook.id)?.verificationStatus).toBe('UNVERIFIED');
    });

    it('fails when the endpoint answers an error status', async () => {
      const hook = await createHook();
      receiver.answer = { kind: 'status', status: 500 };
      const res = await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(400);
      expect(receiver.received).toHaveLength(2);
    });

    it('fails when the endpoint does not answer within the timeout', async () => {
      const hook = await createHook();
      receiver.answer = { kind: 'silent' };
      const started = Date.now();
      const res = await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(400);
      expect(receiver.received).toHaveLength(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    });

    it('fails when nothing listens at the URI', async () => {
      const hook = await createHook();
      await h.api('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: hookBody({}, 'http://127.0.0.1:1/okta'),
      });
      const res = await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      expect(res.status).toBe(400);
    });

    it('writes event_hook.verified with the outcome, on success and on failure', async () => {
      const hook = await createHook();
      await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      receiver.answer = { kind: 'status', status: 404 };
      await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
      const verified = h.sim.org.log
        .map((p) => p.event as LogEvent & { outcome: { result: string; reason?: string } })
        .filter((e) => e.eventType === 'event_hook.verified')
        .slice(-2);
      expect(verified.map((e) => e.outcome)).toEqual([
        { result: 'SUCCESS' },
        { result: 'FAILURE', reason: 'the endpoint answered HTTP 404' },
      ]);
    });
  });

  describe('replace', () => {
    it('resets a VERIFIED hook to UNVERIFIED when its channel changes', async () => {
      const hook = await createVerifiedHook();
      const res = await h.api<EventHook>('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: hookBody({}, `${receiver.url}/v2`),
      });
      expect(res.status).toBe(200);
      expect(res.body.verificationStatus).toBe('UNVERIFIED');
      expect(res.body.channel.config.uri).toBe(`${receiver.url}/v2`);
    });

    it('keeps a hook VERIFIED when only its name and events change', async () => {
      const hook = await createVerifiedHook();
      const res = await h.api<EventHook>('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: hookBody({
          name: 'Renamed feed',
          events: { type: 'EVENT_TYPE', items: ['user.lifecycle.deactivate'] },
        }),
      });
      expect(res.body.verificationStatus).toBe('VERIFIED');
      expect(res.body.name).toBe('Renamed feed');
      expect(logTypes().at(-1)).toBe('event_hook.updated');
    });

    it('keeps the stored secret when a replace repeats the scheme without its value', async () => {
      const hook = await createVerifiedHook();
      const read = await h.api<EventHook>('GET', `/api/v1/eventHooks/${hook.id}`);
      const res = await h.api<EventHook>('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: { name: 'Same channel', events: hookBody().events, channel: read.body.channel },
      });
      expect(res.body.verificationStatus).toBe('VERIFIED');
      expect(h.sim.org.eventHooks.get(hook.id)?.channel.config.authScheme?.value).toBe(SECRET);
    });
  });

  describe('delivery', () => {
    it('POSTs Okta’s event hook envelope with the LogEvent that the System Log API returns', async () => {
      const hook = await createVerifiedHook();
      const event = logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      const filter = encodeURIComponent(`uuid eq "${event.uuid}"`);
      const logged = await h.api<LogEvent[]>('GET', `/api/v1/logs?filter=${filter}`);
      expect(logged.body).toHaveLength(1);
      const [post] = receiver.posts();
      expect(receiver.posts()).toHaveLength(1);
      expect(post?.body).toEqual({
        eventType: 'com.okta.event_hook',
        eventTypeVersion: '1.0',
        cloudEventsVersion: '0.1',
        source: `${h.sim.url}/api/v1/eventHooks/${hook.id}`,
        eventId: post?.body.eventId,
        eventTime: post?.body.eventTime,
        contentType: 'application/json',
        data: { events: logged.body },
      });
      expect(post?.body.eventId).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(Date.parse(post?.body.eventTime ?? '')).toBeGreaterThan(0);
    });

    it('sends JSON headers, the shared secret and the custom headers with each delivery', async () => {
      await createVerifiedHook();
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      const headers = receiver.posts()[0]?.headers;
      expect(headers?.['content-type']).toBe('application/json');
      expect(headers?.accept).toBe('application/json');
      expect(headers?.authorization).toBe(SECRET);
      expect(headers?.['x-feed']).toBe('provisioning');
    });

    it('delivers the event of a user created through the Users API', async () => {
      await createVerifiedHook();
      const created = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: {
          profile: {
            firstName: 'Ada',
            lastName: 'Lovelace',
            email: 'ada@example.com',
            login: 'ada@example.com',
          },
        },
      });
      expect(created.status).toBe(200);
      await h.sim.hookDelivery.idle();
      const delivered = receiver
        .posts()
        .flatMap((p) => p.body.data.events)
        .map((e) => [e.eventType, (e.target as { id: string }[])[0]?.id]);
      expect(delivered).toEqual([['user.lifecycle.create', created.body.id]]);
    });

    it('delivers only the event types the hook subscribed to', async () => {
      await createVerifiedHook();
      logUserEvent('user.lifecycle.suspend', 'ada@example.com');
      logUserEvent('user.lifecycle.activate', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      const delivered = receiver.posts().flatMap((p) => p.body.data.events.map((e) => e.eventType));
      expect(delivered).toEqual(['user.lifecycle.activate']);
    });

    it('delivers nothing to an UNVERIFIED hook', async () => {
      await createHook();
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      expect(receiver.posts()).toEqual([]);
    });

    it('delivers nothing to an INACTIVE hook', async () => {
      const hook = await createVerifiedHook();
      await h.api('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      expect(receiver.posts()).toEqual([]);
    });

    it('batches events written together into one POST, in the order they happened', async () => {
      await createVerifiedHook();
      const logins = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
      for (const login of logins) logUserEvent('user.lifecycle.create', login);
      await h.sim.hookDelivery.idle();
      const posts = receiver.posts();
      expect(posts).toHaveLength(1);
      const delivered = posts[0]?.body.data.events.map(
        (e) => (e.target as { alternateId: string }[])[0]?.alternateId,
      );
      expect(delivered).toEqual(logins);
    });

    it('keeps order across POSTs to one hook', async () => {
      await createVerifiedHook();
      const logins: string[] = [];
      for (let i = 0; i < 6; i++) {
        logins.push(`user${i}@example.com`);
        logUserEvent('user.lifecycle.create', `user${i}@example.com`);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      await h.sim.hookDelivery.idle();
      const delivered = receiver
        .posts()
        .flatMap((p) =>
          p.body.data.events.map((e) => (e.target as { alternateId: string }[])[0]?.alternateId),
        );
      expect(receiver.posts().length).toBeGreaterThan(1);
      expect(delivered).toEqual(logins);
    });

    it('delivers each event to every subscribed hook', async () => {
      const a = await createVerifiedHook({ name: 'a' });
      const b = await createVerifiedHook({ name: 'b' });
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      const sources = receiver
        .posts()
        .map((p) => p.body.source)
        .sort();
      expect(sources).toEqual(
        [a.id, b.id].map((id) => `${h.sim.url}/api/v1/eventHooks/${id}`).sort(),
      );
    });

    it('retries a failed delivery once, then logs event_hook.delivery with outcome FAILURE', async () => {
      const hook = await createVerifiedHook();
      receiver.answer = { kind: 'status', status: 503 };
      const before = h.sim.org.log.length;
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      expect(receiver.posts()).toHaveLength(2);
      const [first, second] = receiver.posts();
      expect(second?.body.eventId).toBe(first?.body.eventId);
      const written = h.sim.org.log
        .slice(before + 1)
        .map((p) => p.event as Record<string, unknown>);
      expect(
        written.map((e) => [e.eventType, e.outcome, (e.target as { id: string }[])[0]?.id]),
      ).toEqual([
        [
          'event_hook.delivery',
          {
            result: 'FAILURE',
            reason: 'Event hook delivery failed: the endpoint answered HTTP 503',
          },
          hook.id,
        ],
      ]);
    });

    it('does not retry a delivery that succeeded', async () => {
      await createVerifiedHook();
      receiver.answer = { kind: 'status', status: 200 };
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      expect(receiver.posts()).toHaveLength(1);
    });

    it('gives up on an endpoint that does not answer in time', async () => {
      await createVerifiedHook();
      receiver.answer = { kind: 'silent' };
      logUserEvent('user.lifecycle.create', 'ada@example.com');
      await h.sim.hookDelivery.idle();
      const last = h.sim.org.log.at(-1)?.event as Record<string, unknown>;
      expect(last.eventType).toBe('event_hook.delivery');
      expect(last.outcome).toEqual({
        result: 'FAILURE',
        reason: 'Event hook delivery failed: no answer within 300 ms',
      });
    });
  });
});
