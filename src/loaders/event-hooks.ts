import type { OktaClient } from '../okta/index.ts';

/** Loaders for event hooks. */
export function eventHookLoaders(_okta: OktaClient) {
  return {};
}
