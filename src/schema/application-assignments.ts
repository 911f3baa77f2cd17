import type { Context } from '../context.ts';
import { assignmentOfGroup, assignmentOfUser } from '../loaders/assignments.ts';
import type {
  ApplicationGroupAssignment,
  AppUser,
  AppUserStatus,
  AppUserSyncState,
  Page,
} from '../okta/index.ts';
import { Application, ApplicationConnection, withoutSecrets } from './application.ts';
import { builder } from './builder.ts';
import { type ConnectionArgs, pageOptions, toConnection } from './connection.ts';
import { Group } from './group.ts';
import { idOnlyField } from './id-only-fields.ts';
import { nodeTypeOf, type PairType, pairId, pairOf } from './id-prefixes.ts';
import { orNull } from './not-found-as-null.ts';
import { User } from './user.ts';

// Who is assigned to an app, and the apps of a user or a group: Okta's app users and app groups.

// ── Enums ────────────────────────────────────────────────────────────────────────────────────

export const ApplicationAssignmentScope = builder.enumType('ApplicationAssignmentScope', {
  description: 'USER: the user is assigned directly. GROUP: through a group assigned to the app.',
  values: ['USER', 'GROUP'] as const,
});

export const ApplicationUserStatus = builder.enumType('ApplicationUserStatus', {
  description:
    "The status of a user's account in the app (apps without provisioning keep it ACTIVE).",
  values: [
    'ACTIVE',
    'APPROVED',
    'DEPROVISIONED',
    'IMPLICIT',
    'IMPORTED',
    'INACTIVE',
    'MATCHED',
    'PENDING',
    'PROVISIONED',
    'REVOKED',
    'STAGED',
    'SUSPENDED',
    'UNASSIGNED',
  ] as const satisfies readonly AppUserStatus[],
});

export const ApplicationUserSyncState = builder.enumType('ApplicationUserSyncState', {
  description: 'Where provisioning stands for the app user.',
  values: [
    'DISABLED',
    'ERROR',
    'OUT_OF_SYNC',
    'SYNCHRONIZED',
    'SYNCING',
  ] as const satisfies readonly AppUserSyncState[],
});

// ── Assignment types ─────────────────────────────────────────────────────────────────────────

/** An assignment as the graph carries it: Okta's object and the app it belongs to. */
interface Assigned<T> {
  applicationId: string;
  assignment: T;
}

const assigned = <T>(applicationId: string, assignment: T): Assigned<T> => ({
  applicationId,
  assignment,
});

/** Whether a value is an assignment whose member (its Okta id) is of the given type. */
const isAssignmentOf =
  (memberType: 'User' | 'Group') =>
  (value: unknown): boolean => {
    const a = value as Partial<Assigned<{ id?: string }>>;
    return typeof a.applicationId === 'string' && nodeTypeOf(a.assignment?.id ?? '') === memberType;
  };

/** The graph's id of an assignment (see `pairId`). */
const idOf = (typename: PairType, a: Assigned<{ id: string }>): string =>
  pairId(typename, { applicationId: a.applicationId, memberId: a.assignment.id });

export const ApplicationUser = builder.objectRef<Assigned<AppUser>>('ApplicationUser');
export const ApplicationGroup =
  builder.objectRef<Assigned<ApplicationGroupAssignment>>('ApplicationGroup');

export const ApplicationUserConnection = builder.connectionObject(
  { type: ApplicationUser, name: 'ApplicationUserConnection' },
  { name: 'ApplicationUserEdge' },
);

export const ApplicationGroupConnection = builder.connectionObject(
  { type: ApplicationGroup, name: 'ApplicationGroupConnection' },
  { name: 'ApplicationGroupEdge' },
);

// ── Who is assigned to an app ────────────────────────────────────────────────────────────────

builder.objectFields(Application, (t) => ({
  users: t.connection(
    {
      type: ApplicationUser,
      description:
        "The users assigned to the app, directly or through a group, in Okta's order. `q`: prefix of user name, first name, last name or email.",
      authScopes: { okta: 'okta.apps.read' },
      args: { q: t.arg.string() },
      resolve: async (app, args, ctx) => {
        const page = await usersOfApplication(app.id, args, ctx);
        if (page instanceof Error) throw page;
        for (const appUser of page.items) {
          const user = appUser._embedded?.user;
          if (user) ctx.loaders.userById.prime(user.id, user);
        }
        return toConnection(
          { ...page, items: page.items.map((appUser) => assigned(app.id, appUser)) },
          (a) => a.assignment.id,
        );
      },
    },
    ApplicationUserConnection,
  ),
  groups: t.connection(
    {
      type: ApplicationGroup,
      description: "The groups assigned to the app, in Okta's order. `q`: group name prefix.",
      authScopes: { okta: 'okta.apps.read' },
      args: { q: t.arg.string() },
      resolve: async (app, args, ctx) => {
        const page = await groupsOfApplication(app.id, args, ctx);
        if (page instanceof Error) throw page;
        const { limit } = pageKey(args, ctx);
        for (const assignment of page.items) {
          const group = assignment._embedded?.group;
          if (group) ctx.loaders.groupById.prime(group.id, group);
        }
        return toConnection(
          firstOf({ ...page, items: page.items.map((a) => assigned(app.id, a)) }, limit),
          (a) => a.assignment.id,
        );
      },
    },
    ApplicationGroupConnection,
  ),
}));

type AssignmentArgs = ConnectionArgs & { q?: string | null };

const usersOfApplication = (appId: string, args: AssignmentArgs, ctx: Context) =>
  ctx.loaders.usersOfApplication.load({ appId, q: args.q ?? null, ...pageKey(args, ctx) });

const groupsOfApplication = (appId: string, args: AssignmentArgs, ctx: Context) =>
  ctx.loaders.groupsOfApplication.load({ appId, q: args.q ?? null, ...pageKey(args, ctx) });

// Okta answers 404 E0000007 for the users or groups of a missing app [obs]: either proves it exists.
idOnlyField('Application', 'users', {
  scope: 'okta.apps.read',
  proves: true,
  start: (id, args, ctx) => usersOfApplication(id, args, ctx),
});
idOnlyField('Application', 'groups', {
  scope: 'okta.apps.read',
  proves: true,
  start: (id, args, ctx) => groupsOfApplication(id, args, ctx),
});

/**
 * The first `limit` items of a page that Okta made longer than asked (app groups come at least 20
 * a page, the spec's minimum), with the cursor after the last one kept: the cursor of these
 * lists is the item's id.
 */
function firstOf<T extends Assigned<{ id: string }>>(page: Page<T>, limit: number): Page<T> {
  if (page.items.length <= limit) return page;
  const items = page.items.slice(0, limit);
  return { items, after: items[items.length - 1]?.assignment.id ?? null, next: null };
}

/** A connection's page as a loader key: Okta's `limit` and `after`. */
function pageKey(...[args, ctx]: Parameters<typeof pageOptions>) {
  const { limit, after } = pageOptions(args, ctx);
  return { limit: limit as number, after: after ?? null };
}

// ── Assignments ──────────────────────────────────────────────────────────────────────────────

const ApplicationUserCredentials = builder
  .objectRef<NonNullable<AppUser['credentials']>>('ApplicationUserCredentials')
  .implement({
    description: "The user's credentials in the app. A password is write-only and never returned.",
    fields: (t) => ({
      userName: t.string({ nullable: true, resolve: (c) => c.userName ?? null }),
    }),
  });

builder.node(ApplicationUser, {
  description:
    "A user's assignment to an app (Okta's app user): how they are assigned, their account in the app and its profile. Its id is the graph's own (Okta names the assignment by the app's and the user's ids): `user { id }` is the user's.",
  authScopes: { okta: 'okta.apps.read' },
  isTypeOf: isAssignmentOf('User'),
  id: { resolve: (a) => idOf('ApplicationUser', a) },
  loadOne: async (id, ctx) => {
    const { applicationId, memberId } = pairOf('ApplicationUser', id);
    const appUser = await orNull(assignmentOfUser(ctx.loaders, applicationId, memberId));
    return appUser && assigned(applicationId, appUser);
  },
  fields: (t) => ({
    externalId: t.string({
      nullable: true,
      description: "The user's id in the app, for apps Okta provisions.",
      resolve: (a) => a.assignment.externalId ?? null,
    }),
    scope: t.field({ type: ApplicationAssignmentScope, resolve: (a) => a.assignment.scope }),
    status: t.field({ type: ApplicationUserStatus, resolve: (a) => a.assignment.status }),
    syncState: t.field({
      type: ApplicationUserSyncState,
      nullable: true,
      resolve: (a) => a.assignment.syncState ?? null,
    }),
    created: t.field({ type: 'DateTime', resolve: (a) => a.assignment.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (a) => a.assignment.lastUpdated }),
    statusChanged: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a) => a.assignment.statusChanged ?? null,
    }),
    passwordChanged: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a) => a.assignment.passwordChanged ?? null,
    }),
    lastSync: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a) => a.assignment.lastSync ?? null,
    }),
    credentials: t.field({
      type: ApplicationUserCredentials,
      nullable: true,
      resolve: (a) => a.assignment.credentials ?? null,
    }),
    profile: t.field({
      type: 'JSON',
      description: "The user's app profile (attributes sent to the app), secrets left out.",
      resolve: (a) => withoutSecrets(a.assignment.profile ?? {}),
    }),
    user: t.field({
      type: User,
      nullable: true,
      description: 'The Okta user.',
      authScopes: { okta: 'okta.users.read' },
      resolve: (a) => a.assignment.id,
    }),
    application: t.field({ type: Application, resolve: (a) => a.applicationId }),
  }),
});

builder.node(ApplicationGroup, {
  description:
    "A group's assignment to an app: its members get the app, with the assignment's profile. Its id is the graph's own (Okta names the assignment by the app's and the group's ids): `group { id }` is the group's.",
  authScopes: { okta: 'okta.apps.read' },
  isTypeOf: isAssignmentOf('Group'),
  id: { resolve: (a) => idOf('ApplicationGroup', a) },
  loadOne: async (id, ctx) => {
    const { applicationId, memberId } = pairOf('ApplicationGroup', id);
    const assignment = await orNull(assignmentOfGroup(ctx.loaders, applicationId, memberId));
    return assignment && assigned(applicationId, assignment);
  },
  fields: (t) => ({
    priority: t.int({
      nullable: true,
      description:
        'Which assignment wins when a user gets the app through several groups (lowest first).',
      resolve: (a) => a.assignment.priority ?? null,
    }),
    profile: t.field({
      type: 'JSON',
      description: 'The app profile the members get, secrets left out.',
      resolve: (a) => withoutSecrets(a.assignment.profile ?? {}),
    }),
    lastUpdated: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (a) => a.assignment.lastUpdated ?? null,
    }),
    group: t.field({
      type: Group,
      nullable: true,
      description: 'The Okta group.',
      authScopes: { okta: 'okta.groups.read' },
      resolve: (a) => a.assignment.id,
    }),
    application: t.field({ type: Application, resolve: (a) => a.applicationId }),
  }),
});

// ── Relations from users and groups ──────────────────────────────────────────────────────────

const applicationsOfUser = (userId: string, args: ConnectionArgs, ctx: Context) =>
  ctx.loaders.applicationsOfUser.load({ userId, ...pageKey(args, ctx) });

const applicationsOfGroup = (groupId: string, args: ConnectionArgs, ctx: Context) =>
  ctx.loaders.applicationsOfGroup.load({ groupId, ...pageKey(args, ctx) });

// Okta lists the apps of a missing user or group as none (a filter) [obs]: that proves nothing.
idOnlyField('User', 'applications', {
  scope: 'okta.apps.read',
  proves: false,
  start: (id, args, ctx) => applicationsOfUser(id, args, ctx),
});
idOnlyField('Group', 'applications', {
  scope: 'okta.apps.read',
  proves: false,
  start: (id, args, ctx) => applicationsOfGroup(id, args, ctx),
});

export const UserApplicationConnection = builder.connectionObject(
  { type: Application, name: 'UserApplicationConnection' },
  {
    name: 'UserApplicationEdge',
    fields: (t) => ({
      assignment: t.field({
        type: ApplicationUser,
        nullable: true,
        description: "The user's assignment to this app (direct or through a group).",
        resolve: ({ node: app }) => {
          // Nodes are the apps Okta listed (with `expand=user/{id}`), never bare ids.
          const appUser = typeof app === 'string' ? undefined : app._embedded?.user;
          return appUser && typeof app !== 'string' ? assigned(app.id, appUser) : null;
        },
      }),
    }),
  },
);

builder.objectFields(User, (t) => ({
  applications: t.connection(
    {
      type: Application,
      description:
        "The apps the user is assigned to, directly or through a group, in Okta's order; each edge carries the assignment.",
      authScopes: { okta: 'okta.apps.read' },
      resolve: async (user, args, ctx) => {
        const page = await applicationsOfUser(user.id, args, ctx);
        if (page instanceof Error) throw page;
        for (const app of page.items) ctx.loaders.applicationById.prime(app.id, app);
        return toConnection(page, (a) => a.id);
      },
    },
    UserApplicationConnection,
  ),
}));

builder.objectFields(Group, (t) => ({
  applications: t.connection(
    {
      type: Application,
      description: "The apps assigned to the group, in Okta's order.",
      authScopes: { okta: 'okta.apps.read' },
      resolve: async (group, args, ctx) => {
        const page = await applicationsOfGroup(group.id, args, ctx);
        if (page instanceof Error) throw page;
        for (const app of page.items) ctx.loaders.applicationById.prime(app.id, app);
        return toConnection(page, (a) => a.id);
      },
    },
    ApplicationConnection,
  ),
}));
