import type { OktaApplication, OktaClient, OktaGroup, OktaUser } from '../okta/index.ts';
import type { Loaders } from './index.ts';
import { applicationReadNow, groupReadNow, userReadNow } from './stale.ts';

/** What reads Okta now: the request's Okta client and the loaders to prime with what it read. */
export interface ReadNow {
  okta: OktaClient;
  loaders: Loaders;
}

/**
 * Objects as Okta has them now, for writes: read by id (never through search, whose index lags
 * writes), so checks before a write and payloads after it see the current state, and the
 * request's loaders are primed with it.
 */
export async function readUserNow(ctx: ReadNow, id: string): Promise<OktaUser> {
  return userReadNow(ctx, await ctx.okta.users.get(id));
}

export async function readGroupNow(ctx: ReadNow, id: string): Promise<OktaGroup> {
  return groupReadNow(ctx, await ctx.okta.groups.get(id));
}

export async function readApplicationNow(ctx: ReadNow, id: string): Promise<OktaApplication> {
  return applicationReadNow(ctx, await ctx.okta.applications.get(id));
}
