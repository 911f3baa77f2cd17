import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OktaApiError, OktaInvalidIdError, OktaNotFoundError } from '../../src/okta/errors.ts';
import type { EventHookInput } from '../../src/okta/models.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

/** A hook endpoint on loopback: echoes Okta's verification challenge unless told to refuse. */
let endpoint: Server;
let endpointUrl = '';
let refuseVerification = false;
const challenges: string[] = [];

beforeAll(async () => {
  endpoint = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const challenge = req.headers['x-okta-verification-challenge'];
      if (req.method === 'GET' && typeof challenge === 'string' && !refuseVerification) {
        challenges.push(challenge);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ verification: challenge }));
        return;
      }
      res.writeHead(refuseVerification ? 500 : 204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/okta/events`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => endpoint.close(() => resolve()));
});

let serial = 0;

function hookInput(overrides: Partial<EventHookInput> = {}): EventHookInput {
  serial++;
  return {
    name: `Provisioning feed ${serial}`,
    events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'user.lifecycle.deactivate'] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: endpointUrl,
        headers: [{ key: 'X-Feed', value: 'provisioning' }],
        authScheme: { type: 'HEADER', key: 'Authorization', value: 'shared-secret-value' },
      },
    },
    ...overrides,
  };
}

const lastEvent = () => t.h.sim.org.log.at(-1)?.event;

describe('eventHooks', () => {
  it('creates a hook ACTIVE and UNVERIFIED, never returning the auth secret', async () => {
    const hook = await t.okta.eventHooks.create(hookInput({ name: 'New hook' }));
    expect([
      hook.name,
      hook.status,
      hook.verificationStatus,
      hook.events.items,
      hook.channel.config.uri,
      hook.channel.config.authScheme,
    ]).toEqual([
      'New hook',
      'ACTIVE',
      'UNVERIFIED',
      ['user.lifecycle.create', 'user.lifecycle.deactivate'],
      endpointUrl,
      { type: 'HEADER', key: 'Authorization' },
    ]);
  });

  it("surfaces Okta's E0000001 for an event type hooks cannot subscribe to", async () => {
    const error = (await rejectionOf(
      t.okta.eventHooks.create(
        hookInput({ events: { type: 'EVENT_TYPE', items: ['no.such.event_type'] } }),
      ),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([400, 'E0000001']);
  });

  it('reads a hook by id', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    const read = await t.okta.eventHooks.get(hook.id);
    expect([read.id, read.name, read.created]).toEqual([hook.id, hook.name, hook.created]);
  });

  it('throws OktaNotFoundError for a hook Okta does not know', async () => {
    const error = (await rejectionOf(
      t.okta.eventHooks.get('whoNOSUCHHOOK0000000'),
    )) as OktaNotFoundError;
    expect([error.resource, error.id]).toEqual(['EventHook', 'whoNOSUCHHOOK0000000']);
  });

  it('refuses a hook id that is not an Okta id, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.eventHooks.verify('who1/../../../users'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });

  it('lists every hook of the org', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    const hooks = await t.okta.eventHooks.list();
    expect(hooks.map((h) => h.id).sort()).toEqual([...t.h.sim.org.eventHooks.keys()].sort());
    expect(hooks.map((h) => h.id)).toContain(hook.id);
  });

  it('verifies a hook whose endpoint echoes the challenge', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    const seen = challenges.length;
    const verified = await t.okta.eventHooks.verify(hook.id);
    expect([verified.verificationStatus, challenges.length - seen, lastEvent()?.eventType]).toEqual(
      ['VERIFIED', 1, 'event_hook.verified'],
    );
  });

  it('answers 400 when the endpoint does not echo the challenge', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    refuseVerification = true;
    try {
      const error = (await rejectionOf(t.okta.eventHooks.verify(hook.id))) as OktaApiError;
      expect([error.status, error.oktaCode, lastEvent()?.outcome]).toEqual([
        400,
        'E0000001',
        expect.objectContaining({ result: 'FAILURE' }),
      ]);
    } finally {
      refuseVerification = false;
    }
  });

  it('replaces a hook, and a new channel makes it UNVERIFIED again', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    await t.okta.eventHooks.verify(hook.id);
    const input = hookInput({ name: 'Renamed feed' });
    input.channel.config.uri = `${endpointUrl}/v2`;
    const replaced = await t.okta.eventHooks.replace(hook.id, input);
    expect([replaced.name, replaced.channel.config.uri, replaced.verificationStatus]).toEqual([
      'Renamed feed',
      `${endpointUrl}/v2`,
      'UNVERIFIED',
    ]);
  });

  it('deactivates and activates a hook', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    const off = await t.okta.eventHooks.deactivate(hook.id);
    const offEvent = lastEvent()?.eventType;
    const on = await t.okta.eventHooks.activate(hook.id);
    expect([off.status, offEvent, on.status, lastEvent()?.eventType]).toEqual([
      'INACTIVE',
      'event_hook.deactivated',
      'ACTIVE',
      'event_hook.activated',
    ]);
  });

  it('deletes an INACTIVE hook', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    await t.okta.eventHooks.deactivate(hook.id);
    await t.okta.eventHooks.delete(hook.id);
    expect(await rejectionOf(t.okta.eventHooks.get(hook.id))).toBeInstanceOf(OktaNotFoundError);
  });

  it('is refused by Okta when deleting an ACTIVE hook', async () => {
    const hook = await t.okta.eventHooks.create(hookInput());
    const error = (await rejectionOf(t.okta.eventHooks.delete(hook.id))) as OktaApiError;
    // The simulator's observed answer (docs/okta-behaviour.md §4: "ACTIVE → 400/403 error [obs]").
    expect([error.status, error.oktaCode, (await t.okta.eventHooks.get(hook.id)).status]).toEqual([
      403,
      'E0000006',
      'ACTIVE',
    ]);
  });
});
