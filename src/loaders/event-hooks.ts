import DataLoader from 'dataloader';
import {
  type EventHook,
  expression,
  type OktaClient,
  OktaInvalidIdError,
  OktaNotFoundError,
} from '../okta/index.ts';

/** The one key of `allEventHooks`: Okta lists an org's hooks in one unpaged answer. */
export const ALL_EVENT_HOOKS = 'all';

/**
 * Loaders for event hooks. Okta answers `GET /api/v1/eventHooks` with every hook of the org at
 * once (an org has at most a few dozen), in the same rate-limit bucket as a GET by id. So one
 * list call per request serves the `eventHooks` list and every hook asked for by id: never more
 * calls than a GET per id, and one call however many ids a request names.
 */
export function eventHookLoaders(okta: OktaClient) {
  const allEventHooks = new DataLoader<typeof ALL_EVENT_HOOKS, EventHook[] | Error>(
    async (keys) => {
      const hooks = await okta.eventHooks.list();
      return keys.map(() => hooks);
    },
    { name: 'allEventHooks' },
  );

  const eventHookById = new DataLoader<string, EventHook | Error>(
    async (ids) => {
      // An id that is no Okta id is refused before any call, as a GET by id would be.
      if (!ids.some((id) => expression.isOktaId(id))) {
        return ids.map((id) => new OktaInvalidIdError('EventHook', id));
      }
      const hooks = await allEventHooks.load(ALL_EVENT_HOOKS);
      if (hooks instanceof Error) return ids.map(() => hooks);
      const byId = new Map(hooks.map((hook) => [hook.id, hook]));
      return ids.map((id) => {
        if (!expression.isOktaId(id)) return new OktaInvalidIdError('EventHook', id);
        return byId.get(id) ?? new OktaNotFoundError('EventHook', id);
      });
    },
    { name: 'eventHookById' },
  );

  return { allEventHooks, eventHookById };
}
