import type { Context } from '../context.ts';
import type { OktaGroup } from '../okta/index.ts';
import { builder } from './builder.ts';
import { type ConnectionArgs, pageOptions, toConnection } from './connection.ts';
import { BadUserInputError, UpstreamError } from './graphql-errors.ts';
import { idOnlyField, lookUpById } from './id-only-fields.ts';
import { nodeTypeOf } from './id-prefixes.ts';
import { User, UserConnection } from './user.ts';

export const GroupType = builder.enumType('GroupType', {
  description:
    'OKTA_GROUP: made in Okta, editable. APP_GROUP: imported from an app or directory, read-only. BUILT_IN: Everyone, read-only.',
  values: ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'] as const,
});

export const Group = builder.loadableNodeRef<OktaGroup>('Group', {
  id: { resolve: (g) => g.id },
  load: (ids: string[], ctx) => ctx.loaders.groupById.loadMany(ids),
});

export const GroupConnection = builder.connectionObject(
  { type: Group, name: 'GroupConnection' },
  { name: 'GroupEdge' },
);

Group.implement({
  description: 'An Okta group. Apps and policies are assigned to its members.',
  isTypeOf: (value) => nodeTypeOf((value as { id?: string }).id ?? '') === 'Group',
  authScopes: { okta: 'okta.groups.read' },
  fields: (t) => ({
    name: t.string({ resolve: (g) => g.profile.name }),
    description: t.string({ nullable: true, resolve: (g) => g.profile.description ?? null }),
    type: t.field({ type: GroupType, resolve: (g) => g.type }),
    created: t.field({ type: 'DateTime', resolve: (g) => g.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (g) => g.lastUpdated }),
    lastMembershipUpdated: t.field({ type: 'DateTime', resolve: (g) => g.lastMembershipUpdated }),
    profile: t.field({
      type: 'JSON',
      description: "The group's whole profile (APP_GROUPs carry their directory's attributes).",
      resolve: (g) => g.profile,
    }),
    memberCount: t.int({
      description: "How many users are members (Okta's group stats).",
      resolve: async (g, _args, ctx) => {
        const stats = g._embedded?.stats ?? (await loadStats(g.id, ctx));
        return stats.usersCount;
      },
    }),
    members: t.connection(
      {
        type: User,
        description: "The members of the group, in Okta's order.",
        authScopes: { okta: 'okta.users.read' },
        resolve: async (g, args, ctx) => {
          const page = await membersOfGroup(g.id, args, ctx);
          if (page instanceof Error) throw page;
          for (const user of page.items) ctx.loaders.userById.prime(user.id, user);
          return toConnection(page, (u) => u.id);
        },
      },
      UserConnection,
    ),
  }),
});

function membersOfGroup(groupId: string, args: ConnectionArgs, ctx: Context) {
  const { limit, after } = pageOptions(args, ctx);
  return ctx.loaders.membersOfGroup.load({ groupId, limit: limit as number, after: after ?? null });
}

// Okta answers 404 E0000007 for the members of a missing group [obs], and the stats' one-id
// filter finds none.
idOnlyField('Group', 'memberCount', {
  scope: 'okta.groups.read',
  proves: true,
  start: (id, _args, ctx) => ctx.loaders.groupWithStatsById.load(id),
});
idOnlyField('Group', 'members', {
  scope: 'okta.users.read',
  proves: true,
  start: (id, args, ctx) => membersOfGroup(id, args, ctx),
});

// ── The user's side of memberships: here, where both types are known ─────────────────────────

builder.objectFields(User, (t) => ({
  groups: t.connection(
    {
      type: Group,
      description:
        'The groups the user is a member of (Okta lists them all at once; paged here by id).',
      authScopes: { okta: 'okta.groups.read' },
      resolve: async (user, args, ctx) => {
        const groups = await ctx.loaders.groupsOfUser.load(user.id);
        if (groups instanceof Error) throw groups;
        for (const group of groups) ctx.loaders.groupById.prime(group.id, group);
        const { limit = 20, after } = pageOptions(args, ctx);
        const start = after ? groups.findIndex((g) => g.id === after) + 1 : 0;
        const items = groups.slice(start, start + limit);
        const more = start + limit < groups.length;
        return toConnection(
          { items, after: more ? (items[items.length - 1]?.id ?? null) : null, next: null },
          (g) => g.id,
        );
      },
    },
    GroupConnection,
  ),
  isMemberOf: t.boolean({
    description: 'Whether the user is a member of the group.',
    authScopes: { okta: 'okta.groups.read' },
    args: { groupId: t.arg.id({ required: true }) },
    resolve: async (user, args, ctx) => {
      const groups = await ctx.loaders.groupsOfUser.load(user.id);
      if (groups instanceof Error) throw groups;
      return groups.some((g) => g.id === String(args.groupId));
    },
  }),
}));

// Okta answers 404 E0000007 for the groups of a missing user [obs].
for (const field of ['groups', 'isMemberOf']) {
  idOnlyField('User', field, {
    scope: 'okta.groups.read',
    proves: true,
    start: (id, _args, ctx) => ctx.loaders.groupsOfUser.load(id),
  });
}

async function loadStats(id: string, ctx: Context) {
  const group = await ctx.loaders.groupWithStatsById.load(id);
  if (group instanceof Error) throw group;
  const stats = group._embedded?.stats;
  if (!stats) throw new UpstreamError('Okta returned no stats for the group.');
  return stats;
}

builder.queryFields((t) => ({
  group: t.field({
    type: Group,
    nullable: true,
    description: 'One group by id or by exact name; null when there is none.',
    authScopes: { okta: 'okta.groups.read' },
    args: { id: t.arg.id(), name: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      if ((args.id == null) === (args.name == null)) {
        throw new BadUserInputError('Give exactly one of id and name.');
      }
      if (args.id != null) {
        // A group asked with its member count is read with its stats: one call for both.
        return lookUpById(String(args.id), info, ctx, (id, selected) =>
          (selected.has('memberCount')
            ? ctx.loaders.groupWithStatsById
            : ctx.loaders.groupById
          ).load(id),
        );
      }
      const [group] = await ctx.okta.groups.findByName(args.name as string);
      if (!group || group.profile.name !== args.name) return null;
      ctx.loaders.groupById.prime(group.id, group);
      return group;
    },
  }),
  groups: t.connection(
    {
      type: Group,
      description:
        "Groups. `search` (Okta's search expression, eventually consistent), `filter` (Okta's filter expression) or `q` (name prefix; one page only).",
      authScopes: { okta: 'okta.groups.read' },
      args: { search: t.arg.string(), filter: t.arg.string(), q: t.arg.string() },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.okta.groups.list(
          {
            search: args.search ?? undefined,
            filter: args.filter ?? undefined,
            q: args.q ?? undefined,
            expand: ['stats'],
          },
          pageOptions(args, ctx),
        );
        for (const group of page.items) ctx.loaders.groupById.prime(group.id, group);
        return toConnection(page, (g) => g.id);
      },
    },
    GroupConnection,
  ),
}));
