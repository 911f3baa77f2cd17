import { ALL_EVENT_HOOKS } from '../loaders/event-hooks.ts';
import type {
  EventHook as OktaEventHook,
  EventHookChannel as OktaEventHookChannel,
} from '../okta/index.ts';
import { builder } from './builder.ts';
import { pageOptions, toConnection } from './connection.ts';
import { BadUserInputError } from './graphql-errors.ts';
import { nodeTypeOf } from './id-prefixes.ts';
import { orNull } from './not-found-as-null.ts';

export const EventHookStatus = builder.enumType('EventHookStatus', {
  description:
    'Only an ACTIVE (and VERIFIED) hook receives events; only an INACTIVE one can be deleted.',
  values: ['ACTIVE', 'INACTIVE'] as const,
});

export const EventHookVerificationStatus = builder.enumType('EventHookVerificationStatus', {
  description:
    "Whether the hook's endpoint answered Okta's verification challenge. A changed channel is UNVERIFIED again.",
  values: ['UNVERIFIED', 'VERIFIED'] as const,
});

type OktaEventFilter = NonNullable<OktaEventHook['events']['filter']>;
type OktaEventFilterEntry = OktaEventFilter['eventFilterMap'][number];
type OktaChannelConfig = OktaEventHookChannel['config'];

const EventHookEventFilter = builder
  .objectRef<OktaEventFilterEntry>('EventHookEventFilter')
  .implement({
    description:
      'The condition (Okta Expression Language) an event of one type must meet to be sent.',
    fields: (t) => ({
      event: t.exposeString('event'),
      expression: t.string({ resolve: (f) => f.condition.expression }),
      version: t.string({ nullable: true, resolve: (f) => f.condition.version ?? null }),
    }),
  });

const EventHookFilter = builder.objectRef<OktaEventFilter>('EventHookFilter').implement({
  description: "Filters on the hook's event types (Okta's early-access event hook filters).",
  fields: (t) => ({
    type: t.string({ nullable: true, resolve: (f) => f.type ?? null }),
    eventFilterMap: t.field({
      type: [EventHookEventFilter],
      resolve: (f) => f.eventFilterMap,
    }),
  }),
});

const EventHookEvents = builder.objectRef<OktaEventHook['events']>('EventHookEvents').implement({
  description: 'The System Log event types the hook subscribes to.',
  fields: (t) => ({
    type: t.exposeString('type'),
    items: t.exposeStringList('items'),
    filter: t.field({ type: EventHookFilter, nullable: true, resolve: (e) => e.filter ?? null }),
  }),
});

const EventHookHeader = builder
  .objectRef<NonNullable<OktaChannelConfig['headers']>[number]>('EventHookHeader')
  .implement({
    description:
      'A header Okta sends with every request to the hook. Only its name: header values are secrets the gateway never returns.',
    fields: (t) => ({ key: t.exposeString('key') }),
  });

const EventHookAuthScheme = builder
  .objectRef<NonNullable<OktaChannelConfig['authScheme']>>('EventHookAuthScheme')
  .implement({
    description:
      'The header that authenticates Okta to the hook. Its value is write-only in Okta and never returned.',
    fields: (t) => ({
      type: t.exposeString('type'),
      key: t.exposeString('key'),
    }),
  });

const EventHookChannel = builder.objectRef<OktaEventHookChannel>('EventHookChannel').implement({
  description: 'Where and how Okta delivers events: an HTTPS POST to `uri`.',
  fields: (t) => ({
    type: t.exposeString('type'),
    version: t.exposeString('version'),
    uri: t.string({ resolve: (c) => c.config.uri }),
    method: t.string({ nullable: true, resolve: (c) => c.config.method ?? null }),
    headers: t.field({
      type: [EventHookHeader],
      resolve: (c) => c.config.headers ?? [],
    }),
    authScheme: t.field({
      type: EventHookAuthScheme,
      nullable: true,
      resolve: (c) => c.config.authScheme ?? null,
    }),
  }),
});

export const EventHook = builder.loadableNodeRef<OktaEventHook>('EventHook', {
  id: { resolve: (h) => h.id },
  load: (ids: string[], ctx) => ctx.loaders.eventHookById.loadMany(ids),
});

export const EventHookConnection = builder.connectionObject(
  { type: EventHook, name: 'EventHookConnection' },
  { name: 'EventHookEdge' },
);

EventHook.implement({
  description:
    "An Okta event hook: Okta POSTs the System Log events it subscribes to to the hook's endpoint.",
  isTypeOf: (value) => nodeTypeOf((value as { id?: string }).id ?? '') === 'EventHook',
  authScopes: { okta: 'okta.eventHooks.read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.string({ nullable: true, resolve: (h) => h.description ?? null }),
    status: t.field({ type: EventHookStatus, resolve: (h) => h.status }),
    verificationStatus: t.field({
      type: EventHookVerificationStatus,
      resolve: (h) => h.verificationStatus,
    }),
    events: t.field({ type: EventHookEvents, resolve: (h) => h.events }),
    channel: t.field({ type: EventHookChannel, resolve: (h) => h.channel }),
    created: t.field({ type: 'DateTime', resolve: (h) => h.created }),
    createdBy: t.string({
      nullable: true,
      description: 'The id of the admin or app that created the hook.',
      resolve: (h) => h.createdBy ?? null,
    }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (h) => h.lastUpdated }),
  }),
});

builder.queryFields((t) => ({
  eventHook: t.field({
    type: EventHook,
    nullable: true,
    description: 'One event hook by id; null when there is none.',
    authScopes: { okta: 'okta.eventHooks.read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => orNull(ctx.loaders.eventHookById.load(String(args.id))),
  }),
  eventHooks: t.connection(
    {
      type: EventHook,
      description:
        "The org's event hooks, in Okta's order (Okta lists them all at once; paged here, the cursor is a hook id).",
      authScopes: { okta: 'okta.eventHooks.read' },
      resolve: async (_root, args, ctx) => {
        const { limit = 20, after } = pageOptions(args, ctx);
        const hooks = await ctx.loaders.allEventHooks.load(ALL_EVENT_HOOKS);
        if (hooks instanceof Error) throw hooks;
        const start = after ? hooks.findIndex((h) => h.id === after) + 1 : 0;
        if (after && start === 0) {
          throw new BadUserInputError('after names no event hook of this list (deleted since?).');
        }
        const items = hooks.slice(start, start + limit);
        const more = start + limit < hooks.length;
        return toConnection(
          { items, after: more ? (items[items.length - 1]?.id ?? null) : null, next: null },
          (h) => h.id,
        );
      },
    },
    EventHookConnection,
  ),
}));
