import type { Context, GatewayHookEndpoint } from '../context.ts';
import { eventHookDeleted, eventHookWritten } from '../loaders/stale.ts';
import type { EventHookInput, EventHook as OktaEventHook } from '../okta/index.ts';
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
      "Register an Okta event hook that delivers to this gateway (GATEWAY_PUBLIC_URL + /hooks/okta, authenticated by the gateway's hook secret), have Okta verify it, and make sure it is ACTIVE. When verification fails the hook is removed again and the answer is a ValidationError on `uri`.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('RegisterGatewayEventHook'),
    args: {
      eventTypes: t.arg.stringList({
        description:
          'The event-hook-eligible event types to deliver. Default: the lifecycle, account, membership and application changes (no sign-ins).',
      }),
      name: t.arg.string({ description: `The hook's name. Default: ${GATEWAY_HOOK_NAME}.` }),
    },
    resolve: (_root, args, ctx) => {
      const endpoint = endpointOf(ctx);
      const eventTypes = args.eventTypes ?? GATEWAY_HOOK_EVENT_TYPES;
      const input = registrationOf(endpoint, args.name ?? GATEWAY_HOOK_NAME, eventTypes);
      return attempt(
        async () => {
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
