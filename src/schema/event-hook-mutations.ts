import type { Context } from '../context.ts';
import { eventHookDeleted, eventHookWritten } from '../loaders/stale.ts';
import type { EventHookInput, EventHook as OktaEventHook } from '../okta/index.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import {
  attempt,
  GatewayOwnedHookError,
  InvalidTransitionError,
  ValidationError,
} from './errors.ts';
import { EventHook } from './event-hook.ts';
import { isGatewayOwnedHook } from './gateway-hook.ts';
import { oktaOperationScopes } from './mutation-operations.ts';

// ── Lifecycle ────────────────────────────────────────────────────────────────────────────────

/**
 * Okta deletes only INACTIVE hooks (docs/okta-behaviour.md §4). deleteEventHook refuses an
 * ACTIVE one itself, before calling Okta, unless asked to deactivate it first.
 */
const DELETABLE_FROM = ['INACTIVE'] as const;

// ── Reading before and after a write ─────────────────────────────────────────────────────────

/** The hook as Okta has it now (the request's one list call): a NotFoundError when it is gone. */
async function currentEventHook(ctx: Context, id: string): Promise<OktaEventHook> {
  const hook = await ctx.loaders.eventHookById.load(id);
  if (hook instanceof Error) throw hook;
  return hook;
}

/**
 * The hook, unless it is the one that delivers to this gateway: whoever could change, verify or
 * remove that one could have Okta send the gateway's hook secret elsewhere, or cut its events.
 */
async function generalEventHook(ctx: Context, id: string, action: string): Promise<OktaEventHook> {
  const hook = await currentEventHook(ctx, id);
  if (isGatewayOwnedHook(ctx, hook)) throw new GatewayOwnedHookError(hook.id, action);
  return hook;
}

/**
 * A hook sent somewhere new must not take its secret along: Okta sends the auth scheme's value to
 * whatever `uri` the hook has, and a replace without a value keeps the stored one (as the
 * simulator does; [obs] for Okta, whose documents call the value write-only and say no more). So
 * a new `uri` for a hook with an auth scheme needs a new `authScheme` (or `authScheme: null`).
 */
function refuseSecretCarriedElsewhere(current: OktaEventHook, changes: HookFields): void {
  const moved = changes.uri != null && changes.uri !== current.channel.config.uri;
  if (moved && current.channel.config.authScheme && changes.authScheme === undefined) {
    throw new ValidationError(
      'A hook whose uri changes needs a new authScheme: the stored secret is not sent to a new endpoint.',
      [{ field: 'authScheme', message: 'Give the new endpoint its own value (or null for none).' }],
    );
  }
}

/**
 * A failed verification as a ValidationError on the hook's `uri`: Okta's 400 says only that its
 * challenge to the endpoint failed, which is a problem of the endpoint, not of the request.
 */
async function verifying<T>(id: string, work: () => Promise<T>): Promise<T> {
  return attempt(work, { target: { resource: 'EventHook', id } }).catch((error: unknown) => {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      "The hook's endpoint did not answer Okta's verification challenge.",
      error.fields.map((f) => ({ field: f.field || 'uri', message: f.message })),
    );
  });
}

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────

const EventHookHeaderInput = builder.inputType('EventHookHeaderInput', {
  description: 'A header Okta sends with each request to the hook. The value is never returned.',
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

const EventHookAuthSchemeInput = builder.inputType('EventHookAuthSchemeInput', {
  description:
    'The header that authenticates Okta to the hook (type HEADER), e.g. `Authorization`. The value is write-only: Okta never returns it, nor does the gateway.',
  fields: (t) => ({
    key: t.string({ required: true }),
    value: t.string({ required: true }),
  }),
});

const CreateEventHookInput = builder.inputType('CreateEventHookInput', {
  description: 'A new event hook. Okta creates it ACTIVE and UNVERIFIED: verify it to get events.',
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    eventTypes: t.stringList({
      required: true,
      description:
        'The event-hook-eligible System Log event types to send, e.g. `user.lifecycle.create`.',
    }),
    uri: t.string({ required: true, description: 'The HTTPS endpoint Okta POSTs events to.' }),
    headers: t.field({ type: [EventHookHeaderInput] }),
    authScheme: t.field({ type: EventHookAuthSchemeInput }),
  }),
});

const UpdateEventHookInput = builder.inputType('UpdateEventHookInput', {
  description:
    'Changes to a hook: a field left out (or null) keeps its value, except that `description: null`, `headers: null` or `[]`, and `authScheme: null` remove them. A new `uri`, headers or auth scheme make the hook UNVERIFIED again.',
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    eventTypes: t.stringList(),
    uri: t.string(),
    headers: t.field({ type: [EventHookHeaderInput] }),
    authScheme: t.field({ type: EventHookAuthSchemeInput }),
  }),
});

interface HookFields {
  name?: string | null;
  description?: string | null;
  eventTypes?: string[] | null;
  uri?: string | null;
  headers?: { key: string; value: string }[] | null;
  authScheme?: { key: string; value: string } | null;
}

type AuthScheme = EventHookInput['channel']['config']['authScheme'];

/** Okta's body for a new hook. */
function creationOf(input: HookFields & { name: string; eventTypes: string[]; uri: string }) {
  const body: EventHookInput = {
    name: input.name,
    description: input.description ?? null,
    events: { type: 'EVENT_TYPE', items: input.eventTypes },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: { uri: input.uri, headers: input.headers ?? [] },
    },
  };
  if (input.authScheme) body.channel.config.authScheme = { type: 'HEADER', ...input.authScheme };
  return body;
}

/**
 * Okta's body for a replace (a PUT of the whole hook): the current hook with the changes. Header
 * values come from Okta's own answer; the auth scheme's value never does, so a kept scheme is
 * sent with its key and no value, which keeps the stored secret (as the simulator does; assumed
 * for Okta, whose documents call the value write-only and say no more).
 */
function replacementOf(current: OktaEventHook, changes: HookFields): EventHookInput {
  const config = current.channel.config;
  const kept: AuthScheme = config.authScheme
    ? ({ type: 'HEADER', key: config.authScheme.key } as AuthScheme)
    : undefined;
  const authScheme =
    changes.authScheme === undefined
      ? kept
      : changes.authScheme === null
        ? undefined
        : { type: 'HEADER' as const, ...changes.authScheme };
  const body: EventHookInput = {
    name: changes.name ?? current.name,
    description:
      changes.description === undefined ? (current.description ?? null) : changes.description,
    events: {
      type: 'EVENT_TYPE',
      items: changes.eventTypes ?? current.events.items,
      ...(current.events.filter ? { filter: current.events.filter } : {}),
    },
    channel: {
      type: 'HTTP',
      version: current.channel.version,
      config: {
        uri: changes.uri ?? config.uri,
        headers: changes.headers === undefined ? (config.headers ?? []) : (changes.headers ?? []),
      },
    },
  };
  if (authScheme) body.channel.config.authScheme = authScheme;
  return body;
}

// ── Payloads ─────────────────────────────────────────────────────────────────────────────────

const EventHookPayload = (name: string, description: string) =>
  builder.objectRef<{ eventHook: OktaEventHook }>(`${name}Payload`).implement({
    description,
    fields: (t) => ({ eventHook: t.field({ type: EventHook, resolve: (p) => p.eventHook }) }),
  });

const CreateEventHookPayload = EventHookPayload(
  'CreateEventHook',
  'The new hook, ACTIVE and UNVERIFIED. Header values and the auth secret are not returned.',
);
const UpdateEventHookPayload = EventHookPayload('UpdateEventHook', 'The hook as changed.');
const ActivateEventHookPayload = EventHookPayload(
  'ActivateEventHook',
  'The hook, ACTIVE: once VERIFIED, it receives events.',
);
const DeactivateEventHookPayload = EventHookPayload(
  'DeactivateEventHook',
  'The hook, INACTIVE: it receives nothing, and it can be deleted.',
);
const VerifyEventHookPayload = EventHookPayload(
  'VerifyEventHook',
  "The hook, VERIFIED: its endpoint answered Okta's challenge.",
);

const DeleteEventHookPayload = builder
  .objectRef<{ deletedEventHookId: string; deactivated: boolean }>('DeleteEventHookPayload')
  .implement({
    description: 'The hook is gone.',
    fields: (t) => ({
      deletedEventHookId: t.exposeID('deletedEventHookId'),
      deactivated: t.exposeBoolean('deactivated', {
        description: 'Whether the hook was ACTIVE and deactivated first (`deactivateFirst`).',
      }),
    }),
  });

/**
 * Activate or deactivate. Okta answers with the hook (unchanged when it already had the status);
 * its 404 names the hook.
 */
function setEventHookStatus(
  ctx: Context,
  id: string,
  act: (id: string) => Promise<OktaEventHook>,
): Promise<{ eventHook: OktaEventHook }> {
  return attempt(async () => ({ eventHook: eventHookWritten(ctx, await act(id)) }), {
    target: { resource: 'EventHook', id },
  });
}

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

builder.mutationFields((t) => ({
  createEventHook: t.field({
    type: CreateEventHookPayload,
    description:
      'Register an event hook. Okta creates it ACTIVE and UNVERIFIED; it gets events once verifyEventHook succeeds.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('CreateEventHook'),
    args: { input: t.arg({ type: CreateEventHookInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      attempt(async () => {
        const hook = await ctx.okta.eventHooks.create(creationOf(input));
        return { eventHook: eventHookWritten(ctx, hook) };
      }),
  }),
  updateEventHook: t.field({
    type: UpdateEventHookPayload,
    description:
      "Change a hook: what the input leaves out is kept (Okta replaces the whole hook; the gateway sends the rest as it is). A new `uri` needs a new `authScheme` in the same input (ValidationError otherwise); the gateway's own hook is refused with GatewayOwnedHookError.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('UpdateEventHook', [GatewayOwnedHookError]),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateEventHookInput, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const current = await generalEventHook(ctx, String(args.id), 'change');
        refuseSecretCarriedElsewhere(current, args.input);
        const hook = await ctx.okta.eventHooks.replace(
          current.id,
          replacementOf(current, args.input),
        );
        return { eventHook: eventHookWritten(ctx, hook) };
      }),
  }),
  activateEventHook: t.field({
    type: ActivateEventHookPayload,
    description: 'Activate an INACTIVE hook. An ACTIVE hook stays as it is.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ActivateEventHook'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      setEventHookStatus(ctx, String(args.id), (id) => ctx.okta.eventHooks.activate(id)),
  }),
  deactivateEventHook: t.field({
    type: DeactivateEventHookPayload,
    description:
      "Deactivate an ACTIVE hook. An INACTIVE hook stays as it is. The gateway's own hook is refused with GatewayOwnedHookError.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('DeactivateEventHook', [GatewayOwnedHookError]),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      setEventHookStatus(ctx, String(args.id), async (id) => {
        const hook = await generalEventHook(ctx, id, 'deactivate');
        return ctx.okta.eventHooks.deactivate(hook.id);
      }),
  }),
  verifyEventHook: t.field({
    type: VerifyEventHookPayload,
    description:
      "Have Okta send the hook's endpoint its verification challenge. An endpoint that does not echo it back is a ValidationError on `uri`, with Okta's cause. The gateway's own hook is refused with GatewayOwnedHookError (registerGatewayEventHook verifies it).",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('VerifyEventHook', [GatewayOwnedHookError]),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      verifying(String(args.id), async () => {
        const current = await generalEventHook(ctx, String(args.id), 'verify');
        const hook = await ctx.okta.eventHooks.verify(current.id);
        return { eventHook: eventHookWritten(ctx, hook) };
      }),
  }),
  deleteEventHook: t.field({
    type: DeleteEventHookPayload,
    description:
      "Delete an INACTIVE hook. An ACTIVE one is refused with InvalidTransitionError, unless `deactivateFirst` is true: then it is deactivated, then deleted. The gateway's own hook is refused with GatewayOwnedHookError.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('DeleteEventHook', [GatewayOwnedHookError]),
    args: {
      id: t.arg.id({ required: true }),
      deactivateFirst: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const hook = await generalEventHook(ctx, String(args.id), 'delete');
        const deletable = (DELETABLE_FROM as readonly string[]).includes(hook.status);
        if (!deletable && !args.deactivateFirst) {
          throw new InvalidTransitionError('DELETE', hook.status, DELETABLE_FROM, 'an event hook');
        }
        if (!deletable) eventHookWritten(ctx, await ctx.okta.eventHooks.deactivate(hook.id));
        await ctx.okta.eventHooks.delete(hook.id);
        eventHookDeleted(ctx, hook.id);
        return { deletedEventHookId: hook.id, deactivated: !deletable };
      }),
  }),
}));
