import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import type { EventHookInput } from '../../src/okta/index.ts';
import { useStack } from '../support/stack.ts';

/** An event hook endpoint on loopback: answers Okta's verification challenge, or not. */
class Receiver {
  readonly challenges: IncomingHttpHeaders[] = [];
  answersChallenge = true;
  url = '';
  private server: Server | null = null;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method !== 'GET') {
          res.writeHead(204).end();
          return;
        }
        this.challenges.push(req.headers);
        const challenge = String(req.headers['x-okta-verification-challenge']);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ verification: this.answersChallenge ? challenge : 'wrong' }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/okta/events`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const SECRET = 'Basic c2ltdWxhdG9yOnNlY3JldA==';
const HEADER_VALUE = 'feed-7f3a9c';

const HOOK_FIELDS = /* GraphQL */ `
  id
  name
  description
  status
  verificationStatus
  events { items }
  channel { uri headers { key } authScheme { type key } }
`;

const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on NotFoundError { resource id }
  ... on ValidationError { fields { field message } }
  ... on InvalidTransitionError { action currentStatus allowedFrom }
`;

const CREATE = /* GraphQL */ `
  mutation($input: CreateEventHookInput!) {
    createEventHook(input: $input) {
      __typename
      ... on CreateEventHookPayload { eventHook { ${HOOK_FIELDS} } }
      ${ERROR_FIELDS}
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation($id: ID!, $input: UpdateEventHookInput!) {
    updateEventHook(id: $id, input: $input) {
      __typename
      ... on UpdateEventHookPayload { eventHook { ${HOOK_FIELDS} } }
      ${ERROR_FIELDS}
    }
  }
`;

const BY_ID = (mutation: string, payload: string) => /* GraphQL */ `
  mutation($id: ID!) {
    ${mutation}(id: $id) {
      __typename
      ... on ${payload} { eventHook { id status verificationStatus } }
      ${ERROR_FIELDS}
    }
  }
`;
const ACTIVATE = BY_ID('activateEventHook', 'ActivateEventHookPayload');
const DEACTIVATE = BY_ID('deactivateEventHook', 'DeactivateEventHookPayload');
const VERIFY = BY_ID('verifyEventHook', 'VerifyEventHookPayload');

const DELETE = /* GraphQL */ `
  mutation($id: ID!, $deactivateFirst: Boolean) {
    deleteEventHook(id: $id, deactivateFirst: $deactivateFirst) {
      __typename
      ... on DeleteEventHookPayload { deletedEventHookId deactivated }
      ${ERROR_FIELDS}
    }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;
type Answer<K extends string> = Record<K, Result>;

const UNKNOWN_HOOK = 'who00000000000000000';

describe('event hook mutations', () => {
  const stack = useStack({ sim: { size: 'empty', eventHookTimeoutMs: 300 } });
  const receiver = new Receiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(async () => {
    await stack.sim.hookDelivery.idle();
    stack.sim.org.eventHooks.clear();
    receiver.challenges.length = 0;
    receiver.answersChallenge = true;
  });

  const createInput = () => ({
    name: 'Provisioning feed',
    description: 'New and changed people',
    eventTypes: ['user.lifecycle.create', 'group.user_membership.add'],
    uri: receiver.url,
    headers: [{ key: 'X-Feed', value: HEADER_VALUE }],
    authScheme: { key: 'Authorization', value: SECRET },
  });

  /** A hook made straight in Okta; `verified` also verifies it. */
  const oktaHook = async (options: { verified?: boolean; active?: boolean } = {}) => {
    const input: EventHookInput = {
      name: 'Existing feed',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        config: {
          uri: receiver.url,
          headers: [{ key: 'X-Feed', value: HEADER_VALUE }],
          authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
        },
      },
    };
    let hook = await stack.okta.eventHooks.create(input);
    if (options.verified) hook = await stack.okta.eventHooks.verify(hook.id);
    if (options.active === false) hook = await stack.okta.eventHooks.deactivate(hook.id);
    stack.oktaCalls.reset();
    receiver.challenges.length = 0;
    return hook;
  };

  const logSince = (before: number) =>
    stack.sim.org.log.slice(before).map((e) => ({
      eventType: e.event.eventType,
      outcome: (e.event.outcome as { result: string }).result,
      targets: ((e.event.target ?? []) as { id: string }[]).map((t) => t.id),
    }));
  const stored = (id: string) => stack.sim.org.eventHooks.get(id);

  describe('createEventHook', () => {
    it('registers an ACTIVE, UNVERIFIED hook and writes event_hook.created', async () => {
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'createEventHook'>>(CREATE, { input: createInput() });
      const id = (res.data?.createEventHook.eventHook as { id: string } | undefined)?.id ?? '';
      expect(res.data?.createEventHook).toEqual({
        __typename: 'CreateEventHookPayload',
        eventHook: {
          id,
          name: 'Provisioning feed',
          description: 'New and changed people',
          status: 'ACTIVE',
          verificationStatus: 'UNVERIFIED',
          events: { items: ['user.lifecycle.create', 'group.user_membership.add'] },
          channel: {
            uri: receiver.url,
            headers: [{ key: 'X-Feed' }],
            authScheme: { type: 'HEADER', key: 'Authorization' },
          },
        },
      });
      expect(stored(id)?.channel.config).toEqual({
        uri: receiver.url,
        method: 'POST',
        headers: [{ key: 'X-Feed', value: HEADER_VALUE }],
        authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
      });
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.created', outcome: 'SUCCESS', targets: [id] },
      ]);
      expect(stack.oktaCalls.count('POST /api/v1/eventHooks')).toBe(1);
    });

    it('never echoes the header values or the auth secret it was given', async () => {
      const res = await stack.graphql(CREATE, { input: createInput() });
      const text = JSON.stringify(res);
      expect([text.includes(SECRET), text.includes(HEADER_VALUE)]).toEqual([false, false]);
    });

    it('answers an event type Okta does not send to hooks with ValidationError', async () => {
      const input = { ...createInput(), eventTypes: ['user.session.end'] };
      const res = await stack.graphql<Answer<'createEventHook'>>(CREATE, { input });
      expect(res.data?.createEventHook).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [
          {
            field: 'events.items',
            message: 'user.session.end is not an event hook eligible event type',
          },
        ],
      });
      expect(stack.sim.org.eventHooks.size).toBe(0);
    });
  });

  describe('updateEventHook', () => {
    it('changes what it is given, keeps the rest with its secrets, and stays VERIFIED', async () => {
      const hook = await oktaHook({ verified: true });
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'updateEventHook'>>(UPDATE, {
        id: hook.id,
        input: { name: 'Renamed feed', eventTypes: ['user.lifecycle.activate'] },
      });
      expect(res.data?.updateEventHook).toEqual({
        __typename: 'UpdateEventHookPayload',
        eventHook: {
          id: hook.id,
          name: 'Renamed feed',
          description: null,
          status: 'ACTIVE',
          verificationStatus: 'VERIFIED',
          events: { items: ['user.lifecycle.activate'] },
          channel: {
            uri: receiver.url,
            headers: [{ key: 'X-Feed' }],
            authScheme: { type: 'HEADER', key: 'Authorization' },
          },
        },
      });
      expect(stored(hook.id)?.channel.config).toEqual({
        uri: receiver.url,
        method: 'POST',
        headers: [{ key: 'X-Feed', value: HEADER_VALUE }],
        authScheme: { type: 'HEADER', key: 'Authorization', value: SECRET },
      });
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.updated', outcome: 'SUCCESS', targets: [hook.id] },
      ]);
      expect(stack.oktaCalls.count('PUT /api/v1/eventHooks/:eventHookId')).toBe(1);
    });

    it('makes the hook UNVERIFIED for a new endpoint, and removes what is set to null', async () => {
      const hook = await oktaHook({ verified: true });
      const res = await stack.graphql<Answer<'updateEventHook'>>(UPDATE, {
        id: hook.id,
        input: { uri: `${receiver.url}/v2`, headers: [], authScheme: null },
      });
      expect(res.data?.updateEventHook).toMatchObject({
        eventHook: {
          verificationStatus: 'UNVERIFIED',
          channel: { uri: `${receiver.url}/v2`, headers: [], authScheme: null },
        },
      });
      expect(stored(hook.id)?.channel.config.authScheme).toBeNull();
    });

    it('refuses a new uri without a new authScheme, so the stored secret never goes to another endpoint', async () => {
      const hook = await oktaHook({ verified: true });
      const res = await stack.graphql<Answer<'updateEventHook'>>(UPDATE, {
        id: hook.id,
        input: { uri: 'https://attacker.example/steal' },
      });
      expect(res.data?.updateEventHook).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message:
          'A hook whose uri changes needs a new authScheme: the stored secret is not sent to a new endpoint.',
        fields: [
          {
            field: 'authScheme',
            message: 'Give the new endpoint its own value (or null for none).',
          },
        ],
      });
      expect(stored(hook.id)?.channel.config.uri).toBe(receiver.url);
      expect(stack.oktaCalls.count('PUT /api/v1/eventHooks/:eventHookId')).toBe(0);
    });

    it('moves a hook to a new uri with the new authScheme value it is given', async () => {
      const hook = await oktaHook({ verified: true });
      const res = await stack.graphql<Answer<'updateEventHook'>>(UPDATE, {
        id: hook.id,
        input: {
          uri: `${receiver.url}/v2`,
          authScheme: { key: 'Authorization', value: 'Basic bmV3OnNlY3JldA==' },
        },
      });
      expect(res.data?.updateEventHook).toMatchObject({
        __typename: 'UpdateEventHookPayload',
        eventHook: { verificationStatus: 'UNVERIFIED', channel: { uri: `${receiver.url}/v2` } },
      });
      expect(stored(hook.id)?.channel.config.authScheme).toEqual({
        type: 'HEADER',
        key: 'Authorization',
        value: 'Basic bmV3OnNlY3JldA==',
      });
    });

    it('answers an unknown hook with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'updateEventHook'>>(UPDATE, {
        id: UNKNOWN_HOOK,
        input: { name: 'Nobody' },
      });
      expect(res.data?.updateEventHook).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `EventHook ${UNKNOWN_HOOK} was not found.`,
        resource: 'EventHook',
        id: UNKNOWN_HOOK,
      });
      expect(stack.oktaCalls.count('PUT /api/v1/eventHooks/:eventHookId')).toBe(0);
    });
  });

  describe('activateEventHook and deactivateEventHook', () => {
    it('deactivates an ACTIVE hook and writes event_hook.deactivated', async () => {
      const hook = await oktaHook();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'deactivateEventHook'>>(DEACTIVATE, { id: hook.id });
      expect(res.data?.deactivateEventHook).toEqual({
        __typename: 'DeactivateEventHookPayload',
        eventHook: { id: hook.id, status: 'INACTIVE', verificationStatus: 'UNVERIFIED' },
      });
      expect(stored(hook.id)?.status).toBe('INACTIVE');
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.deactivated', outcome: 'SUCCESS', targets: [hook.id] },
      ]);
    });

    it('activates an INACTIVE hook and writes event_hook.activated', async () => {
      const hook = await oktaHook({ active: false });
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'activateEventHook'>>(ACTIVATE, { id: hook.id });
      expect(res.data?.activateEventHook).toEqual({
        __typename: 'ActivateEventHookPayload',
        eventHook: { id: hook.id, status: 'ACTIVE', verificationStatus: 'UNVERIFIED' },
      });
      expect(stored(hook.id)?.status).toBe('ACTIVE');
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.activated', outcome: 'SUCCESS', targets: [hook.id] },
      ]);
      expect(stack.oktaCalls.count('POST /api/v1/eventHooks/:eventHookId/lifecycle/activate')).toBe(
        1,
      );
    });

    it('leaves an ACTIVE hook as it is, as Okta does, and logs nothing', async () => {
      const hook = await oktaHook();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'activateEventHook'>>(ACTIVATE, { id: hook.id });
      expect(res.data?.activateEventHook).toMatchObject({ eventHook: { status: 'ACTIVE' } });
      expect(logSince(before)).toEqual([]);
    });

    it('answers an unknown hook with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'deactivateEventHook'>>(DEACTIVATE, {
        id: UNKNOWN_HOOK,
      });
      expect(res.data?.deactivateEventHook).toMatchObject({
        __typename: 'NotFoundError',
        resource: 'EventHook',
        id: UNKNOWN_HOOK,
      });
    });
  });

  describe('verifyEventHook', () => {
    it("verifies a hook whose endpoint answers Okta's challenge", async () => {
      const hook = await oktaHook();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'verifyEventHook'>>(VERIFY, { id: hook.id });
      expect(res.data?.verifyEventHook).toEqual({
        __typename: 'VerifyEventHookPayload',
        eventHook: { id: hook.id, status: 'ACTIVE', verificationStatus: 'VERIFIED' },
      });
      expect(stored(hook.id)?.verificationStatus).toBe('VERIFIED');
      expect(receiver.challenges.map((h) => [h.authorization, h['x-feed']])).toEqual([
        [SECRET, HEADER_VALUE],
      ]);
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.verified', outcome: 'SUCCESS', targets: [hook.id] },
      ]);
    });

    it("answers an endpoint that fails the challenge with ValidationError on uri and Okta's cause", async () => {
      const hook = await oktaHook();
      receiver.answersChallenge = false;
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'verifyEventHook'>>(VERIFY, { id: hook.id });
      expect(res.data?.verifyEventHook).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: "The hook's endpoint did not answer Okta's verification challenge.",
        fields: [
          {
            field: 'uri',
            message: 'Unable to verify event hook. Hook Existing feed execution failed',
          },
        ],
      });
      expect(stored(hook.id)?.verificationStatus).toBe('UNVERIFIED');
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.verified', outcome: 'FAILURE', targets: [hook.id] },
      ]);
    });

    it('answers an unknown hook with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'verifyEventHook'>>(VERIFY, { id: UNKNOWN_HOOK });
      expect(res.data?.verifyEventHook).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `EventHook ${UNKNOWN_HOOK} was not found.`,
        resource: 'EventHook',
        id: UNKNOWN_HOOK,
      });
    });
  });

  describe('deleteEventHook', () => {
    it('deletes an INACTIVE hook and writes event_hook.deleted', async () => {
      const hook = await oktaHook({ active: false });
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'deleteEventHook'>>(DELETE, { id: hook.id });
      expect(res.data?.deleteEventHook).toEqual({
        __typename: 'DeleteEventHookPayload',
        deletedEventHookId: hook.id,
        deactivated: false,
      });
      expect(stored(hook.id)).toBeUndefined();
      expect(logSince(before)).toEqual([
        { eventType: 'event_hook.deleted', outcome: 'SUCCESS', targets: [hook.id] },
      ]);
    });

    it('refuses an ACTIVE hook with InvalidTransitionError before calling Okta', async () => {
      const hook = await oktaHook();
      const res = await stack.graphql<Answer<'deleteEventHook'>>(DELETE, { id: hook.id });
      expect(res.data?.deleteEventHook).toEqual({
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        message:
          'DELETE is not allowed for an event hook in status ACTIVE (allowed from: INACTIVE).',
        action: 'DELETE',
        currentStatus: 'ACTIVE',
        allowedFrom: ['INACTIVE'],
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/eventHooks/:eventHookId')).toBe(0);
      expect(stored(hook.id)?.status).toBe('ACTIVE');
    });

    it('deactivates an ACTIVE hook first when asked, then deletes it, and says so', async () => {
      const hook = await oktaHook();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'deleteEventHook'>>(DELETE, {
        id: hook.id,
        deactivateFirst: true,
      });
      expect(res.data?.deleteEventHook).toEqual({
        __typename: 'DeleteEventHookPayload',
        deletedEventHookId: hook.id,
        deactivated: true,
      });
      expect(stored(hook.id)).toBeUndefined();
      expect(logSince(before).map((e) => e.eventType)).toEqual([
        'event_hook.deactivated',
        'event_hook.deleted',
      ]);
    });

    it('answers an unknown hook with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'deleteEventHook'>>(DELETE, { id: UNKNOWN_HOOK });
      expect(res.data?.deleteEventHook).toMatchObject({
        __typename: 'NotFoundError',
        id: UNKNOWN_HOOK,
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/eventHooks/:eventHookId')).toBe(0);
    });
  });
});

describe('event hook mutations without okta.eventHooks.manage', () => {
  const stack = useStack({
    sim: { size: 'empty' },
    authenticate: async () => callerWithScopes('reader', ['okta.eventHooks.read'], true),
  });
  let id = '';
  beforeAll(async () => {
    const hook = await stack.okta.eventHooks.create({
      name: 'Existing feed',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://hooks.example/okta' } },
    });
    id = hook.id;
  });

  it.each([
    ['createEventHook', CREATE, { input: { name: 'x', eventTypes: [], uri: 'https://x' } }],
    ['updateEventHook', UPDATE, { input: { name: 'x' } }],
    ['activateEventHook', ACTIVATE, {}],
    ['deactivateEventHook', DEACTIVATE, {}],
    ['verifyEventHook', VERIFY, {}],
    ['deleteEventHook', DELETE, {}],
  ] as const)('refuses %s with FORBIDDEN and makes no Okta call', async (name, query, vars) => {
    stack.oktaCalls.reset();
    const res = await stack.graphql(query, { id, ...vars });
    expect(res.data).toEqual({ [name]: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
    expect(stack.sim.org.eventHooks.get(id)?.status).toBe('ACTIVE');
  });
});
