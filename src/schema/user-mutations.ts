import type { Context } from '../context.ts';
import type { OktaUser } from '../okta/index.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt } from './errors.ts';
import { allowedActions, assertAllowed, USER_ACTIONS, type UserAction } from './lifecycle.ts';
import { User } from './user.ts';

export const UserActionEnum = builder.enumType('UserAction', {
  description: 'An action on a user; `User.allowedTransitions` lists those legal from its status.',
  values: Object.keys(USER_ACTIONS) as UserAction[],
});

builder.objectField(User, 'allowedTransitions', (t) =>
  t.field({
    type: [UserActionEnum],
    description: "The actions Okta allows from the user's current status.",
    resolve: (user) => allowedActions(user.status),
  }),
);

/**
 * A user as Okta has it now: read by id (never through search, whose index lags), so the
 * transition check and the payload see the current status.
 */
async function currentUser(ctx: Context, id: string): Promise<OktaUser> {
  const user = await ctx.okta.users.get(id);
  ctx.loaders.userById.clear(user.id).prime(user.id, user);
  return user;
}

/** After a write: remember the id (read it by id for a while) and load what Okta has now. */
export async function afterUserWrite(ctx: Context, id: string): Promise<OktaUser> {
  ctx.recentWrites.mark(id);
  return currentUser(ctx, id);
}

/**
 * A lifecycle action: load the user, refuse an illegal transition before calling Okta, act,
 * and answer with the user as Okta has it afterwards.
 */
export async function transition<R>(
  ctx: Context,
  id: string,
  action: UserAction,
  act: (user: OktaUser) => Promise<R>,
): Promise<{ user: OktaUser; result: R }> {
  const before = await currentUser(ctx, id);
  assertAllowed(action, before.status);
  const result = await act(before);
  return { user: await afterUserWrite(ctx, before.id), result };
}

const UserPayload = (name: string, description: string) =>
  builder.objectRef<{ user: OktaUser }>(`${name}Payload`).implement({
    description,
    fields: (t) => ({ user: t.field({ type: User, resolve: (p) => p.user }) }),
  });

const SuspendUserPayload = UserPayload('SuspendUser', 'The suspended user (status SUSPENDED).');
const UnsuspendUserPayload = UserPayload('UnsuspendUser', 'The unsuspended user (status ACTIVE).');

builder.mutationFields((t) => ({
  suspendUser: t.field({
    type: SuspendUserPayload,
    description: 'Suspend an ACTIVE user: they cannot sign in until unsuspended.',
    authScopes: { okta: 'okta.users.manage' },
    errors: mutationErrors('SuspendUser'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        transition(ctx, String(args.id), 'SUSPEND', (u) => ctx.okta.users.suspend(u.id)),
      ),
  }),
  unsuspendUser: t.field({
    type: UnsuspendUserPayload,
    description: 'Return a SUSPENDED user to ACTIVE.',
    authScopes: { okta: 'okta.users.manage' },
    errors: mutationErrors('UnsuspendUser'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        transition(ctx, String(args.id), 'UNSUSPEND', (u) => ctx.okta.users.unsuspend(u.id)),
      ),
  }),
}));
