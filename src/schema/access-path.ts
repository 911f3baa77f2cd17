import type { Context } from '../context.ts';
import {
  type AccessPathData,
  accessOfUser,
  accessPathOf,
  accessToApplication,
} from '../loaders/access-paths.ts';
import { Application } from './application.ts';
import { builder } from './builder.ts';
import { type ConnectionArgs, pageOptions, toConnection } from './connection.ts';
import { MissingScopeError } from './graphql-errors.ts';
import { Group } from './group.ts';
import { idOnlyField } from './id-only-fields.ts';
import { pairId, pairOf } from './id-prefixes.ts';
import { User } from './user.ts';

// Access paths: every way a user reaches an app, directly and through which groups (the reads
// and the choice of the cheaper side are in src/loaders/access-paths.ts).

/** Memberships are group reads in Okta: access paths need `okta.groups.read` besides their own. */
function requireGroupsRead(ctx: Context, fieldName: string): void {
  if (!ctx.caller.has('okta.groups.read')) throw new MissingScopeError(fieldName);
}

const isAccessPath = (value: unknown): boolean => {
  const p = value as Partial<AccessPathData>;
  return typeof p.direct === 'boolean' && Array.isArray(p.viaGroups);
};

export const AccessPath = builder.objectRef<AccessPathData>('AccessPath');

builder.node(AccessPath, {
  description:
    "How a user reaches an app: directly (a USER-scope assignment), through groups assigned to the app, or both. Its id is the graph's own, the same from the app's side and the user's: `node(id)` reads the path again.",
  isTypeOf: isAccessPath,
  id: {
    resolve: (p) => pairId('AccessPath', { applicationId: p.application.id, memberId: p.user.id }),
  },
  // `node(id)` has checked both scopes (builder.ts) before any call.
  loadOne: (id, ctx) => {
    const { applicationId, memberId } = pairOf('AccessPath', id);
    return accessPathOf(ctx.loaders, applicationId, memberId);
  },
  fields: (t) => ({
    user: t.field({ type: User, resolve: (p) => ('profile' in p.user ? p.user : p.user.id) }),
    application: t.field({
      type: Application,
      resolve: (p) => ('label' in p.application ? p.application : p.application.id),
    }),
    direct: t.boolean({
      description:
        'The user is assigned to the app itself (scope USER), whether or not a group also gives it.',
      resolve: (p) => p.direct,
    }),
    viaGroups: t.field({
      type: [Group],
      description: "The app's groups the user is a member of, in the app's order.",
      resolve: (p) => p.viaGroups.map((g) => ('profile' in g ? g : g.id)),
    }),
  }),
});

// `node(id)` of a path knows the app's id from the path's: the app is read beside the path's own
// calls, not after them.
idOnlyField('AccessPath', 'application', {
  scope: 'okta.apps.read',
  proves: false,
  start: (id, _args, ctx) =>
    ctx.loaders.applicationById.load(pairOf('AccessPath', id).applicationId),
});

export const AccessPathConnection = builder.connectionObject(
  { type: AccessPath, name: 'AccessPathConnection' },
  { name: 'AccessPathEdge' },
);

/** A page of the whole list, after the item whose key is `after`. */
function pageOf(
  paths: AccessPathData[],
  keyOf: (p: AccessPathData) => string,
  args: ConnectionArgs,
  ctx: Context,
) {
  const { limit = 20, after } = pageOptions(args, ctx);
  const start = after ? paths.findIndex((p) => keyOf(p) === after) + 1 : 0;
  const items = paths.slice(start, start + limit);
  const more = start + limit < paths.length;
  const last = items[items.length - 1];
  return toConnection({ items, after: more && last ? keyOf(last) : null, next: null }, keyOf);
}

builder.objectFields(Application, (t) => ({
  access: t.connection(
    {
      type: AccessPath,
      description:
        "Every user who reaches the app, with how: directly and through which of its groups (Okta's order of the app's users). Its users and groups, then the memberships from whichever side costs fewer Okta calls.",
      authScopes: { okta: 'okta.apps.read' },
      resolve: async (app, args, ctx) => {
        requireGroupsRead(ctx, 'access');
        const { paths } = await accessToApplication(ctx.loaders, app);
        return pageOf(paths, (p) => p.user.id, args, ctx);
      },
    },
    AccessPathConnection,
  ),
}));

builder.objectFields(User, (t) => ({
  access: t.connection(
    {
      type: AccessPath,
      description:
        "Every app the user reaches, with how: directly and through which of the user's groups (Okta's order of the user's apps).",
      authScopes: { okta: 'okta.apps.read' },
      resolve: async (user, args, ctx) => {
        requireGroupsRead(ctx, 'access');
        const { paths } = await accessOfUser(ctx.loaders, user);
        return pageOf(paths, (p) => p.application.id, args, ctx);
      },
    },
    AccessPathConnection,
  ),
}));
