import type { Context } from '../context.ts';
import type { OktaApplication, OktaGroup, OktaUser } from '../okta/index.ts';

/**
 * Objects as Okta has them now, for mutations: read by id (never through search, whose index
 * lags writes), so checks before a write and payloads after it see the current state, and the
 * request's loaders are primed with it.
 */
export async function currentUser(ctx: Context, id: string): Promise<OktaUser> {
  const user = await ctx.okta.users.get(id);
  ctx.loaders.userById.clear(user.id).prime(user.id, user);
  return user;
}

export async function currentGroup(ctx: Context, id: string): Promise<OktaGroup> {
  const group = await ctx.okta.groups.get(id);
  ctx.loaders.groupById.clear(group.id).prime(group.id, group);
  return group;
}

export async function currentApplication(ctx: Context, id: string): Promise<OktaApplication> {
  const app = await ctx.okta.applications.get(id);
  ctx.loaders.applicationById.clear(app.id).prime(app.id, app);
  return app;
}
