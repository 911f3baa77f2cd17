import {
  type OktaUser,
  type UserProfile as OktaUserProfile,
  USER_STATUSES,
} from '../okta/index.ts';
import { STANDARD_ATTRIBUTES } from '../workflows/profile.ts';
import { builder } from './builder.ts';
import { pageOptions, toConnection } from './connection.ts';
import { BadUserInputError } from './graphql-errors.ts';
import { lookUpById } from './id-only-fields.ts';
import { nodeTypeOf } from './id-prefixes.ts';
import { orNull } from './not-found-as-null.ts';

export const SortOrder = builder.enumType('SortOrder', {
  description: 'Order of a sorted Okta search (`sortBy`).',
  values: { ASC: { value: 'asc' }, DESC: { value: 'desc' } } as const,
});

export const UserStatus = builder.enumType('UserStatus', {
  description: "An Okta user's lifecycle status.",
  values: USER_STATUSES,
});

const STANDARD = new Set<string>(STANDARD_ATTRIBUTES);

const text = (profile: OktaUserProfile, name: string): string | null => {
  const value = profile[name];
  return value === undefined || value === null ? null : String(value);
};

export const UserProfile = builder.objectRef<OktaUserProfile>('UserProfile').implement({
  description:
    "A user's profile: Okta's standard attributes typed, custom attributes (the user schema's custom definitions) as JSON.",
  fields: (t) => ({
    login: t.string({ resolve: (p) => p.login }),
    email: t.string({ resolve: (p) => p.email }),
    ...Object.fromEntries(
      STANDARD_ATTRIBUTES.filter((name) => name !== 'login' && name !== 'email').map((name) => [
        name,
        t.string({ nullable: true, resolve: (p) => text(p, name) }),
      ]),
    ),
    custom: t.field({
      type: 'JSON',
      description: 'Custom profile attributes by name (see `userSchema` for their definitions).',
      resolve: (p) => Object.fromEntries(Object.entries(p).filter(([name]) => !STANDARD.has(name))),
    }),
  }),
});

const UserCredentials = builder
  .objectRef<NonNullable<OktaUser['credentials']>>('UserCredentials')
  .implement({
    description: 'What credentials a user has. Secrets are write-only in Okta and never returned.',
    fields: (t) => ({
      hasPassword: t.boolean({ resolve: (c) => c.password !== undefined }),
      recoveryQuestion: t.string({
        nullable: true,
        resolve: (c) => c.recovery_question?.question ?? null,
      }),
      providerType: t.string({ nullable: true, resolve: (c) => c.provider?.type ?? null }),
      providerName: t.string({ nullable: true, resolve: (c) => c.provider?.name ?? null }),
    }),
  });

export const User = builder.loadableNodeRef<OktaUser>('User', {
  id: { resolve: (u) => u.id },
  load: (ids: string[], ctx) => ctx.loaders.userById.loadMany(ids),
});

export const UserConnection = builder.connectionObject(
  { type: User, name: 'UserConnection' },
  { name: 'UserEdge' },
);

User.implement({
  description: 'An Okta user.',
  isTypeOf: (value) => nodeTypeOf((value as { id?: string }).id ?? '') === 'User',
  authScopes: { okta: 'okta.users.read' },
  fields: (t) => ({
    status: t.field({ type: UserStatus, resolve: (u) => u.status }),
    transitioningToStatus: t.string({
      nullable: true,
      resolve: (u) => u.transitioningToStatus ?? null,
    }),
    created: t.field({ type: 'DateTime', resolve: (u) => u.created }),
    activated: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.activated }),
    statusChanged: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.statusChanged }),
    lastLogin: t.field({ type: 'DateTime', nullable: true, resolve: (u) => u.lastLogin }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (u) => u.lastUpdated }),
    passwordChanged: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (u) => u.passwordChanged,
    }),
    typeId: t.string({ nullable: true, resolve: (u) => u.type?.id ?? null }),
    profile: t.field({ type: UserProfile, resolve: (u) => u.profile }),
    credentials: t.field({
      type: UserCredentials,
      nullable: true,
      resolve: (u) => u.credentials ?? null,
    }),
  }),
});

builder.queryFields((t) => ({
  user: t.field({
    type: User,
    nullable: true,
    description: 'One user by Okta id, or by login (name@domain); null when there is none.',
    authScopes: { okta: 'okta.users.read' },
    args: { id: t.arg.id(), login: t.arg.string() },
    resolve: async (_root, args, ctx, info) => {
      if ((args.id == null) === (args.login == null)) {
        throw new BadUserInputError('Give exactly one of id and login.');
      }
      if (args.id != null) {
        return lookUpById(String(args.id), info, ctx, (id) => ctx.loaders.userById.load(id));
      }
      const user = await orNull(ctx.okta.users.getByLogin(args.login as string));
      if (user) ctx.loaders.userById.prime(user.id, user);
      return user;
    },
  }),
  users: t.connection(
    {
      type: User,
      description:
        "Users, in Okta's order. `search` (Okta's search expression, eventually consistent), `filter` (Okta's filter expression) or `q` (prefix of first name, last name or email; one page only).",
      authScopes: { okta: 'okta.users.read' },
      args: {
        search: t.arg.string(),
        filter: t.arg.string(),
        q: t.arg.string(),
        sortBy: t.arg.string(),
        sortOrder: t.arg({ type: SortOrder }),
      },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.okta.users.list(
          {
            search: args.search ?? undefined,
            filter: args.filter ?? undefined,
            q: args.q ?? undefined,
            sortBy: args.sortBy ?? undefined,
            sortOrder: args.sortOrder ?? undefined,
          },
          pageOptions(args, ctx),
        );
        for (const user of page.items) ctx.loaders.userById.prime(user.id, user);
        return toConnection(page, args.sortBy ? undefined : (u) => u.id);
      },
    },
    UserConnection,
  ),
}));
