import type { OktaClient } from '../okta/index.ts';
import type { RecentWrites } from './recent-writes.ts';

/** Loaders for applications and their assignments. */
export function applicationLoaders(_okta: OktaClient, _recent: RecentWrites) {
  return {};
}
