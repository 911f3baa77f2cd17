import type { Context, GatewayHookEndpoint } from '../context.ts';
import { ALL_EVENT_HOOKS } from '../loaders/event-hooks.ts';
import { eventHookDeleted, eventHookWritten } from '../loaders/stale.ts';
import {
  type EventHookInput,
  type EventHook as OktaEventHook,
  SYSTEM_SPENDERS,
} from '../okta/index.ts';
import { DIRECTORY_CHANGE_EVENT_TYPES } from '../okta-reference/event-types.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt, GatewayError, toMutationError, ValidationError } from './errors.ts';
import { EventHook } from './event-hook.ts';
import { EventHooksNotConfiguredError } from './graphql-errors.ts';
import { oktaOperationScopes } from './mutation-operations.ts';

/**
 * registerGatewayEventHook: an Okta event hook that delivers to this gateway's own `/hooks/okta`
 * (src/server/hooks.ts), so that subscribers get Okta's events within seconds instead of at the
 * System Log poller's pace.
 *
 * The mutation leaves either an ACTIVE, VERIFIED hook or none: when verification (or anything
 * after the creation) fails, the new hook is deactivated and deleted again, so that a retry once
 * the endpoint is reachable does not pile up dead hooks against Okta's limit of active hooks.
 * What could not be removed is said in the error's message.
 */

/**
 * The event types registered when none are given: the changes the gateway's subscribers and
 * caches care about, all `event-hook-eligible` (docs/okta-behaviour.md §4). Sign-ins
 * (`user.session.start`, `user.authentication.sso`) are left out: they are most of an org's log,
 * Okta caps hook deliveries at ~400k events a day, and the System Log poller carries them anyway.
 */
export const GATEWAY_HOOK_EVENT_TYPES = DIRECTORY_CHANGE_EVENT_TYPES;

export const GATEWAY_HOOK_NAME = 'okta-graphql-gateway';

/**
 * Whether a hook is this gateway's own: it delivers to the gateway's `/hooks/okta` (so Okta sends
 * it the gateway's hook secret), or it has the name registerGatewayEventHook gives by default (a
 * hook registered while the gateway had another public URL). The general event hook mutations
 * leave such a hook alone (GatewayOwnedHookError); registerGatewayEventHook manages it.
 */
export function isGatewayOwnedHook(ctx: Context, hook: OktaEventHook): boolean {
  const uri = ctx.gatewayHook?.uri;
  return hook.name === GATEWAY_HOOK_NAME || (uri != null && hook.channel.config.uri === uri);
}

/** What the gateway's configuration must provide; a GraphQL error (no Okta call) when it does not. */
function endpointOf(ctx: Context): GatewayHookEndpoint & { uri: string } {
  const endpoint = ctx.gatewayHook;
  const off = (message: string) => new EventHooksNotConfiguredError(message);
  if (!endpoint) throw off("The gateway's /hooks/okta endpoint is off: set OKTA_HOOK_SECRET.");
  if (!endpoint.uri) {
    throw off('The gateway does not know the URL Okta reaches it at: set GATEWAY_PUBLIC_URL.');
  }
  return { uri: endpoint.uri, authScheme: endpoint.authScheme };
}

function registrationOf(
  endpoint: GatewayHookEndpoint & { uri: string },
  name: string,
  eventTypes: readonly string[],
): EventHookInput {
  return {
    name,
    description: 'Delivers Okta events to the GraphQL gateway, for its logEvents subscribers.',
    events: { type: 'EVENT_TYPE', items: [...eventTypes] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: endpoint.uri,
        headers: [],
        authScheme: { type: 'HEADER', ...endpoint.authScheme },
      },
    },
  };
}

/** Deactivate (Okta deletes only INACTIVE hooks), then delete. Says how far it got. */
async function removeHook(ctx: Context, id: string): Promise<'removed' | 'inactive' | 'left'> {
  eventHookDeleted(ctx, id);
  try {
    await ctx.okta.eventHooks.deactivate(id);
  } catch {
    return 'left';
  }
  try {
    await ctx.okta.eventHooks.delete(id);
    return 'removed';
  } catch {
    return 'inactive';
  }
}

const AFTERMATH = {
  removed: () => 'The new hook was removed again.',
  inactive: (id: string) =>
    `The new hook ${id} could not be deleted and is left INACTIVE: delete it with deleteEventHook.`,
  left: (id: string) =>
    `The new hook ${id} could not be removed: deactivate and delete it (deleteEventHook with deactivateFirst).`,
};

/**
 * The typed error of a registration that failed after the hook was created, saying what became of
 * the hook. A failed verification is a ValidationError on `uri`, with Okta's cause.
 */
function failureOf(
  error: unknown,
  step: 'verify' | 'activate',
  hookId: string,
  outcome: keyof typeof AFTERMATH,
): unknown {
  const mapped = toMutationError(error, { target: { resource: 'EventHook', id: hookId } });
  const aftermath = AFTERMATH[outcome](hookId);
  if (step === 'verify' && mapped instanceof ValidationError) {
    return new ValidationError(
      `Okta could not verify the gateway's /hooks/okta endpoint. ${aftermath}`,
      mapped.fields.map((f) => ({ field: 'uri', message: f.message })),
    );
  }
  if (mapped instanceof GatewayError) mapped.message = `${mapped.message} ${aftermath}`;
  return mapped;
}

/** The hook that already delivers to the gateway's `/hooks/okta`, if there is one. */
async function existingGatewayHook(ctx: Context, uri: string): Promise<OktaEventHook | undefined> {
  const hooks = await ctx.loaders.allEventHooks.load(ALL_EVENT_HOOKS);
  if (hooks instanceof Error) throw hooks;
  const delivering = hooks.filter((hook) => hook.channel.config.uri === uri);
  return delivering.find((hook) => hook.name === GATEWAY_HOOK_NAME) ?? delivering[0];
}

/**
 * The gateway's existing hook, given the current secret and event types (a replace: Okta makes it
 * UNVERIFIED, the secret being part of its channel), verified again and ACTIVE. This is how the
 * hook secret is rotated: while OKTA_HOOK_SECRET_PREVIOUS is set, `/hooks/okta` accepts the old
 * secret too, so deliveries Okta sent before the replace are not refused. A hook that fails
 * verification is left as it is (UNVERIFIED: it receives nothing until registered again).
 */
async function renewed(
  ctx: Context,
  existing: OktaEventHook,
  input: EventHookInput,
): Promise<{ eventHook: OktaEventHook }> {
  eventHookWritten(ctx, await ctx.okta.eventHooks.replace(existing.id, input));
  let hook: OktaEventHook;
  try {
    hook = await ctx.okta.eventHooks.verify(existing.id);
  } catch (error) {
    const mapped = toMutationError(error, { target: { resource: 'EventHook', id: existing.id } });
    if (!(mapped instanceof ValidationError)) throw mapped;
    throw new ValidationError(
      `Okta could not verify the gateway's /hooks/okta endpoint. The hook ${existing.id} is left UNVERIFIED: it receives no events until registerGatewayEventHook succeeds.`,
      mapped.fields.map((f) => ({ field: 'uri', message: f.message })),
    );
  }
  if (hook.status !== 'ACTIVE') hook = await ctx.okta.eventHooks.activate(hook.id);
  return { eventHook: eventHookWritten(ctx, hook) };
}

const RegisterGatewayEventHookPayload = builder
  .objectRef<{ eventHook: OktaEventHook }>('RegisterGatewayEventHookPayload')
  .implement({
    description:
      "The hook, ACTIVE and VERIFIED: Okta delivers its events to the gateway's /hooks/okta. The shared secret is not returned.",
    fields: (t) => ({ eventHook: t.field({ type: EventHook, resolve: (p) => p.eventHook }) }),
  });

builder.mutationFields((t) => ({
  registerGatewayEventHook: t.field({
    type: RegisterGatewayEventHookPayload,
    description:
      "Register an Okta event hook that delivers to this gateway (GATEWAY_PUBLIC_URL + /hooks/okta, authenticated by the gateway's hook secret), have Okta verify it, and make sure it is ACTIVE. When a hook already delivers there, it is given the current secret and event types instead (how the hook secret is rotated). When verification of a new hook fails, the hook is removed again and the answer is a ValidationError on `uri`.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('RegisterGatewayEventHook'),
    args: {
      eventTypes: t.arg.stringList({
        description:
          'The event-hook-eligible event types to deliver. Default: the lifecycle, account, membership and application changes (no sign-ins).',
      }),
      name: t.arg.string({ description: `The hook's name. Default: ${GATEWAY_HOOK_NAME}.` }),
    },
    resolve: (_root, args, requestCtx) => {
      // Registration is the gateway's own work: it spends the system's share, not the caller's.
      const ctx = {
        ...requestCtx,
        okta: requestCtx.okta.scoped({ spender: SYSTEM_SPENDERS.hookRegistration }),
      };
      const endpoint = endpointOf(ctx);
      const eventTypes = args.eventTypes ?? GATEWAY_HOOK_EVENT_TYPES;
      return attempt(
        async () => {
          const existing = await existingGatewayHook(ctx, endpoint.uri);
          if (existing) {
            const name = args.name ?? existing.name;
            return renewed(ctx, existing, registrationOf(endpoint, name, eventTypes));
          }
          const input = registrationOf(endpoint, args.name ?? GATEWAY_HOOK_NAME, eventTypes);
          const created = await ctx.okta.eventHooks.create(input);
          let step: 'verify' | 'activate' = 'verify';
          try {
            // Okta calls the gateway's GET /hooks/okta with its challenge while this call waits.
            let hook = await ctx.okta.eventHooks.verify(created.id);
            step = 'activate';
            // Okta creates hooks ACTIVE; activating is needed only if that ever changes.
            if (hook.status !== 'ACTIVE') hook = await ctx.okta.eventHooks.activate(hook.id);
            return { eventHook: eventHookWritten(ctx, hook) };
          } catch (error) {
            throw failureOf(error, step, created.id, await removeHook(ctx, created.id));
          }
        },
        { fieldNames: { 'events.items': 'eventTypes' } },
      );
    },
  }),
}));
