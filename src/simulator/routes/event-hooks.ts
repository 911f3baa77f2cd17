import { EVENT_HOOK_ELIGIBLE_TYPES } from '../../okta-reference/event-types.ts';
import { OktaSimError, oktaErrors } from '../errors.ts';
import { eventHookTarget, hookDeliveryOf } from '../hook-delivery.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { EventHookRecord, Org } from '../store.ts';

/**
 * Event hooks (docs/okta-behaviour.md §4): registration, lifecycle and verification. Delivery
 * of events to verified hooks lives in hook-delivery.ts.
 */

/**
 * Where Okta may send hook requests. Okta requires HTTPS. The simulator also accepts plain HTTP
 * to loopback hosts, because its tests and the gateway's `/hooks/okta` receiver run on loopback
 * without TLS; nothing else gets through that a real org would refuse.
 */
function isAllowedHookUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return url.protocol === 'http:' && loopback;
}

/**
 * Answers that no Okta document states exactly [obs]; the spec lists only 403/404/429 for DELETE
 * and activate, so these are 403s. Kept together so they are easy to correct.
 */
const OBSERVED_ERRORS = {
  deleteActive: () =>
    new OktaSimError(
      403,
      'E0000006',
      'You do not have permission to perform the requested action',
      ['eventHook: Only an INACTIVE event hook can be deleted; deactivate it first.'],
    ),
  tooManyActive: (max: number) =>
    new OktaSimError(
      403,
      'E0000006',
      'You do not have permission to perform the requested action',
      [`eventHook: The org already has the maximum of ${max} active event hooks.`],
    ),
  // Event hook filters are a self-service Early Access feature, off in the simulated org.
  filterNotEnabled: () =>
    new OktaSimError(
      403,
      'E0000015',
      'You do not have permission to access the feature you are requesting',
      ['events.filter: Event hook filters are not enabled for this org.'],
    ),
};

const invalid = (cause: string) => oktaErrors.validation('eventHook', [cause]);

type HookInput = Pick<EventHookRecord, 'name' | 'description' | 'events' | 'channel'>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const nonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/**
 * Read a create or replace body. `authScheme.value` is write-only: a replace that repeats the
 * stored scheme's type and key without a value keeps the stored secret (a client that read the
 * hook never saw it).
 */
function readHookBody(body: unknown, existing?: EventHookRecord): HookInput {
  if (!isObject(body)) throw oktaErrors.malformedBody();
  const { name, description, events, channel } = body;
  if (!nonEmptyString(name)) throw invalid('name: The field cannot be left blank');
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw invalid('description: must be a string');
  }

  if (!isObject(events)) throw invalid('events: The field cannot be left blank');
  if (events.type !== 'EVENT_TYPE') throw invalid('events.type: must be EVENT_TYPE');
  const items = events.items;
  if (!Array.isArray(items) || items.length === 0) {
    throw invalid('events.items: The field cannot be left blank');
  }
  for (const item of items) {
    if (typeof item !== 'string' || !EVENT_HOOK_ELIGIBLE_TYPES.has(item)) {
      throw invalid(`events.items: ${String(item)} is not an event hook eligible event type`);
    }
  }
  if (events.filter !== undefined && events.filter !== null)
    throw OBSERVED_ERRORS.filterNotEnabled();

  if (!isObject(channel)) throw invalid('channel: The field cannot be left blank');
  if (channel.type !== 'HTTP') throw invalid('channel.type: must be HTTP');
  if (channel.version !== '1.0.0')
    throw invalid('channel.version: the only supported version is 1.0.0');
  const config = channel.config;
  if (!isObject(config)) throw invalid('channel.config: The field cannot be left blank');
  if (!nonEmptyString(config.uri))
    throw invalid('channel.config.uri: The field cannot be left blank');
  if (!isAllowedHookUri(config.uri)) throw invalid('channel.config.uri: must be an HTTPS URL');

  const headers: { key: string; value: string }[] = [];
  if (config.headers !== undefined && config.headers !== null) {
    if (!Array.isArray(config.headers)) throw invalid('channel.config.headers: must be a list');
    for (const header of config.headers) {
      if (header === null) continue;
      if (!isObject(header) || !nonEmptyString(header.key) || typeof header.value !== 'string') {
        throw invalid('channel.config.headers: each header needs a key and a value');
      }
      headers.push({ key: header.key, value: header.value });
    }
  }

  let authScheme: EventHookRecord['channel']['config']['authScheme'] = null;
  const scheme = config.authScheme;
  if (scheme !== undefined && scheme !== null) {
    if (!isObject(scheme) || scheme.type !== 'HEADER') {
      throw invalid('channel.config.authScheme.type: must be HEADER');
    }
    if (!nonEmptyString(scheme.key)) {
      throw invalid('channel.config.authScheme.key: The field cannot be left blank');
    }
    const stored = existing?.channel.config.authScheme;
    let value = scheme.value;
    if (value === undefined && stored && stored.key === scheme.key) value = stored.value;
    if (!nonEmptyString(value)) {
      throw invalid('channel.config.authScheme.value: The field cannot be left blank');
    }
    authScheme = { type: 'HEADER', key: scheme.key, value };
  }

  return {
    name,
    description: typeof description === 'string' ? description : null,
    events: { type: 'EVENT_TYPE', items: [...(items as string[])], filter: null },
    channel: {
      type: 'HTTP',
      version: channel.version,
      config: { uri: config.uri, method: 'POST', headers, authScheme },
    },
  };
}

/** The wire shape; `authScheme.value` is never returned. */
export function renderEventHook(org: Org, hook: EventHookRecord) {
  const self = `${org.baseUrl}/api/v1/eventHooks/${hook.id}`;
  const post = (href: string) => ({ href, hints: { allow: ['POST'] } });
  const config: Record<string, unknown> = {
    uri: hook.channel.config.uri,
    headers: hook.channel.config.headers.map(({ key, value }) => ({ key, value })),
    method: hook.channel.config.method,
  };
  const auth = hook.channel.config.authScheme;
  if (auth) config.authScheme = { type: auth.type, key: auth.key };
  const lifecycle = hook.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    description: hook.description,
    created: hook.created,
    createdBy: hook.createdBy,
    lastUpdated: hook.lastUpdated,
    events: { type: hook.events.type, items: [...hook.events.items], filter: null },
    channel: { type: hook.channel.type, version: hook.channel.version, config },
    _links: {
      self: { href: self },
      verify: post(`${self}/lifecycle/verify`),
      [lifecycle]: post(`${self}/lifecycle/${lifecycle}`),
    },
  };
}

function hookOf(ctx: SimContext): EventHookRecord {
  const id = ctx.params.eventHookId as string;
  const hook = ctx.org.eventHooks.get(id);
  if (!hook) throw oktaErrors.notFound(id, 'EventHook');
  return hook;
}

function ensureRoomForActive(org: Org): void {
  let active = 0;
  for (const hook of org.eventHooks.values()) if (hook.status === 'ACTIVE') active++;
  if (active >= org.settings.maxActiveEventHooks) {
    throw OBSERVED_ERRORS.tooManyActive(org.settings.maxActiveEventHooks);
  }
}

/** Whether the request goes somewhere else, or differently: Okta then wants a new verification. */
function channelChanged(a: EventHookRecord['channel'], b: EventHookRecord['channel']): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

export const eventHooksRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/eventHooks',
    // Not paginated: Okta returns every hook of the org.
    handler: (ctx) => ok([...ctx.org.eventHooks.values()].map((h) => renderEventHook(ctx.org, h))),
  },
  {
    method: 'POST',
    path: '/api/v1/eventHooks',
    handler: (ctx) => {
      const input = readHookBody(ctx.body);
      ensureRoomForActive(ctx.org);
      const now = ctx.org.now();
      const hook: EventHookRecord = {
        id: ctx.org.prng.id('who'),
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        ...input,
        created: now,
        createdBy: ctx.principal?.id ?? '',
        lastUpdated: now,
      };
      ctx.org.eventHooks.set(hook.id, hook);
      ctx.log({ eventType: 'event_hook.created', targets: [eventHookTarget(hook)] });
      return ok(renderEventHook(ctx.org, hook));
    },
  },
  {
    method: 'GET',
    path: '/api/v1/eventHooks/:eventHookId',
    handler: (ctx) => ok(renderEventHook(ctx.org, hookOf(ctx))),
  },
  {
    method: 'PUT',
    path: '/api/v1/eventHooks/:eventHookId',
    handler: (ctx) => {
      const hook = hookOf(ctx);
      const input = readHookBody(ctx.body, hook);
      if (channelChanged(hook.channel, input.channel)) hook.verificationStatus = 'UNVERIFIED';
      Object.assign(hook, input, { lastUpdated: ctx.org.now() });
      ctx.log({ eventType: 'event_hook.updated', targets: [eventHookTarget(hook)] });
      return ok(renderEventHook(ctx.org, hook));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/eventHooks/:eventHookId',
    handler: (ctx) => {
      const hook = hookOf(ctx);
      if (hook.status !== 'INACTIVE') throw OBSERVED_ERRORS.deleteActive();
      ctx.org.eventHooks.delete(hook.id);
      ctx.log({ eventType: 'event_hook.deleted', targets: [eventHookTarget(hook)] });
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/api/v1/eventHooks/:eventHookId/lifecycle/activate',
    handler: (ctx) => {
      const hook = hookOf(ctx);
      if (hook.status !== 'ACTIVE') {
        ensureRoomForActive(ctx.org);
        hook.status = 'ACTIVE';
        hook.lastUpdated = ctx.org.now();
        ctx.log({ eventType: 'event_hook.activated', targets: [eventHookTarget(hook)] });
      }
      return ok(renderEventHook(ctx.org, hook));
    },
  },
  {
    method: 'POST',
    path: '/api/v1/eventHooks/:eventHookId/lifecycle/deactivate',
    handler: (ctx) => {
      const hook = hookOf(ctx);
      if (hook.status !== 'INACTIVE') {
        hook.status = 'INACTIVE';
        hook.lastUpdated = ctx.org.now();
        ctx.log({ eventType: 'event_hook.deactivated', targets: [eventHookTarget(hook)] });
      }
      return ok(renderEventHook(ctx.org, hook));
    },
  },
  {
    method: 'POST',
    path: '/api/v1/eventHooks/:eventHookId/lifecycle/verify',
    handler: async (ctx) => {
      const hook = hookOf(ctx);
      const channel = JSON.stringify(hook.channel);
      const result = await hookDeliveryOf(ctx.org).verify(hook);
      // The hook may have been re-pointed or deleted while Okta waited for the endpoint.
      const unchanged =
        ctx.org.eventHooks.get(hook.id) === hook && JSON.stringify(hook.channel) === channel;
      if (result.verified && unchanged) {
        hook.verificationStatus = 'VERIFIED';
        hook.lastUpdated = ctx.org.now();
      }
      // Okta writes the verification attempt to the System Log whether it succeeded or not.
      ctx.log({
        eventType: 'event_hook.verified',
        targets: [eventHookTarget(hook)],
        outcome: result.verified
          ? { result: 'SUCCESS' }
          : { result: 'FAILURE', reason: result.reason },
      });
      if (!result.verified) {
        throw oktaErrors.validation('eventHook', [
          `Unable to verify event hook. Hook ${hook.name} execution failed`,
        ]);
      }
      return ok(renderEventHook(ctx.org, hook));
    },
  },
];
