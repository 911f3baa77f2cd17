import type {
  ApplicationGroupAssignment,
  AppUser,
  AppUserStatus,
  AppUserSyncState,
  OktaApplication,
  ApplicationStatus as OktaApplicationStatus,
  ApplicationSignOnMode as OktaSignOnMode,
  Page,
} from '../okta/index.ts';
import { builder } from './builder.ts';
import { connectionComplexity, pageOptions, toConnection } from './connection.ts';
import { Group } from './group.ts';
import { orNull } from './lookup.ts';
import { nodeTypeOf } from './node-ids.ts';
import { User } from './user.ts';

// ── Secrets ──────────────────────────────────────────────────────────────────────────────────

/**
 * Members of an app's free-form JSON (settings, app and assignment profiles) that the gateway
 * never returns: names that say they hold a secret. Okta keeps most secrets in `credentials`,
 * which the graph exposes only as the typed, secret-free ApplicationCredentials; this list guards
 * what integrations put elsewhere. Field selectors such as `passwordField` are not secrets.
 */
const SECRET_MEMBER =
  /(secret|password|passwd|privatekey|private_key|apikey|api_key|apitoken|api_token|accesstoken|access_token)$/i;

/** Members only a private or symmetric JSON Web Key has (RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** A JSON value with every secret member left out, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object' || value === null) return value;
  const isJwk = 'kty' in value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !SECRET_MEMBER.test(name) && !(isJwk && PRIVATE_JWK_MEMBERS.has(name)))
      .map(([name, member]) => [name, withoutSecrets(member)]),
  );
}

// ── Enums ────────────────────────────────────────────────────────────────────────────────────

export const ApplicationStatus = builder.enumType('ApplicationStatus', {
  description: "An app's lifecycle status. Only INACTIVE apps can be deleted.",
  values: ['ACTIVE', 'INACTIVE', 'DELETED'] as const satisfies readonly OktaApplicationStatus[],
});

export const ApplicationSignOnMode = builder.enumType('ApplicationSignOnMode', {
  description: 'How users sign in to the app; it decides the shape of its settings.',
  values: [
    'AUTO_LOGIN',
    'BASIC_AUTH',
    'BOOKMARK',
    'BROWSER_PLUGIN',
    'OPENID_CONNECT',
    'SAML_1_1',
    'SAML_2_0',
    'SECURE_PASSWORD_STORE',
    'WS_FEDERATION',
  ] as const satisfies readonly OktaSignOnMode[],
});

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

// ── Application ──────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;
const objectAt = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const textAt = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const flagAt = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

const ApplicationAccessibility = builder
  .objectRef<NonNullable<OktaApplication['accessibility']>>('ApplicationAccessibility')
  .implement({
    description: 'Whether users may request the app themselves, and where errors send them.',
    fields: (t) => ({
      selfService: t.boolean({ nullable: true, resolve: (a) => a.selfService ?? null }),
      errorRedirectUrl: t.string({ nullable: true, resolve: (a) => a.errorRedirectUrl ?? null }),
      loginRedirectUrl: t.string({ nullable: true, resolve: (a) => a.loginRedirectUrl ?? null }),
    }),
  });

const ApplicationHide = builder
  .objectRef<{ iOS?: boolean; web?: boolean }>('ApplicationHide')
  .implement({
    description: "Where the app's tile is hidden from users' dashboards.",
    fields: (t) => ({
      iOS: t.boolean({ nullable: true, resolve: (h) => h.iOS ?? null }),
      web: t.boolean({ nullable: true, resolve: (h) => h.web ?? null }),
    }),
  });

const ApplicationVisibility = builder
  .objectRef<NonNullable<OktaApplication['visibility']>>('ApplicationVisibility')
  .implement({
    description: "How the app appears on users' dashboards.",
    fields: (t) => ({
      autoLaunch: t.boolean({ nullable: true, resolve: (v) => v.autoLaunch ?? null }),
      autoSubmitToolbar: t.boolean({ nullable: true, resolve: (v) => v.autoSubmitToolbar ?? null }),
      hide: t.field({ type: ApplicationHide, resolve: (v) => v.hide ?? {} }),
      appLinks: t.field({
        type: 'JSON',
        description: 'Which of the app links are shown, by link name.',
        resolve: (v) => v.appLinks ?? {},
      }),
    }),
  });

const ApplicationUserNameTemplate = builder
  .objectRef<Json>('ApplicationUserNameTemplate')
  .implement({
    description: "How Okta derives a user's name in the app from their Okta profile.",
    fields: (t) => ({
      template: t.string({ nullable: true, resolve: (u) => textAt(u.template) }),
      type: t.string({ nullable: true, resolve: (u) => textAt(u.type) }),
    }),
  });

const ApplicationOAuthClient = builder.objectRef<Json>('ApplicationOAuthClient').implement({
  description: 'The OAuth 2.0 client of an OIDC app. Its client secret is never returned.',
  fields: (t) => ({
    clientId: t.string({ nullable: true, resolve: (c) => textAt(c.client_id) }),
    tokenEndpointAuthMethod: t.string({
      nullable: true,
      resolve: (c) => textAt(c.token_endpoint_auth_method),
    }),
    pkceRequired: t.boolean({ nullable: true, resolve: (c) => flagAt(c.pkce_required) }),
    autoKeyRotation: t.boolean({ nullable: true, resolve: (c) => flagAt(c.autoKeyRotation) }),
  }),
});

const ApplicationCredentials = builder.objectRef<Json>('ApplicationCredentials').implement({
  description:
    "What an app's credentials are, without their secrets: no client secret, no shared password, no private key.",
  fields: (t) => ({
    scheme: t.string({
      nullable: true,
      description:
        'Who sets app passwords (SWA and basic-auth apps), e.g. EDIT_USERNAME_AND_PASSWORD.',
      resolve: (c) => textAt(c.scheme),
    }),
    userName: t.string({
      nullable: true,
      description: 'The shared user name (scheme SHARED_USERNAME_AND_PASSWORD).',
      resolve: (c) => textAt(c.userName),
    }),
    userNameTemplate: t.field({
      type: ApplicationUserNameTemplate,
      nullable: true,
      resolve: (c) => (c.userNameTemplate === undefined ? null : objectAt(c.userNameTemplate)),
    }),
    signingKid: t.string({
      nullable: true,
      description: "The id of the key Okta signs the app's assertions and tokens with.",
      resolve: (c) => textAt(objectAt(c.signing).kid),
    }),
    oauthClient: t.field({
      type: ApplicationOAuthClient,
      nullable: true,
      resolve: (c) => (c.oauthClient === undefined ? null : objectAt(c.oauthClient)),
    }),
  }),
});

export const Application = builder.loadableNodeRef<OktaApplication>('Application', {
  id: { resolve: (a) => a.id },
  load: (ids: string[], ctx) => ctx.loaders.applicationById.loadMany(ids),
});

export const ApplicationConnection = builder.connectionObject(
  { type: Application, name: 'ApplicationConnection' },
  { name: 'ApplicationEdge' },
);

/** An assignment as the graph carries it: Okta's object and the app it belongs to. */
interface Assigned<T> {
  applicationId: string;
  assignment: T;
}

const assigned = <T>(applicationId: string, assignment: T): Assigned<T> => ({
  applicationId,
  assignment,
});

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

Application.implement({
  description: 'An Okta application instance: what users sign in to, and who is assigned to it.',
  isTypeOf: (value) => nodeTypeOf((value as { id?: string }).id ?? '') === 'Application',
  authScopes: { okta: 'okta.apps.read' },
  fields: (t) => ({
    name: t.string({
      description: 'The app definition key, e.g. `bookmark`, `oidc_client`, `template_swa`.',
      resolve: (a) => a.name,
    }),
    label: t.string({ resolve: (a) => a.label }),
    status: t.field({ type: ApplicationStatus, resolve: (a) => a.status }),
    signOnMode: t.field({
      type: ApplicationSignOnMode,
      // Okta answers null for directory integrations such as Active Directory
      // (okta-sdk-dotnet#821), though its OpenAPI document requires a mode.
      nullable: true,
      resolve: (a) => a.signOnMode ?? null,
    }),
    created: t.field({ type: 'DateTime', resolve: (a) => a.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (a) => a.lastUpdated }),
    features: t.stringList({
      description: 'Provisioning and import features enabled, e.g. PUSH_NEW_USERS.',
      resolve: (a) => a.features ?? [],
    }),
    accessibility: t.field({
      type: ApplicationAccessibility,
      resolve: (a) => a.accessibility ?? {},
    }),
    visibility: t.field({ type: ApplicationVisibility, resolve: (a) => a.visibility ?? {} }),
    credentials: t.field({
      type: ApplicationCredentials,
      resolve: (a) => objectAt(a.credentials),
    }),
    settings: t.field({
      type: 'JSON',
      description:
        'The settings of the sign-on mode (`app`, `signOn`, `oauthClient`, `notifications`…), secrets left out.',
      resolve: (a) => withoutSecrets(a.settings ?? {}),
    }),
    profile: t.field({
      type: 'JSON',
      nullable: true,
      description: "The app instance's own profile, if it has one, secrets left out.",
      resolve: (a) => (a.profile === undefined ? null : withoutSecrets(a.profile)),
    }),
    users: t.connection(
      {
        type: ApplicationUser,
        description:
          "The users assigned to the app, directly or through a group, in Okta's order. `q`: prefix of user name, first name, last name or email.",
        authScopes: { okta: 'okta.apps.read' },
        complexity: connectionComplexity,
        args: { q: t.arg.string() },
        resolve: async (app, args, ctx) => {
          const page = await ctx.loaders.usersOfApplication.load({
            appId: app.id,
            q: args.q ?? null,
            ...pageKey(args, ctx),
          });
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
        complexity: connectionComplexity,
        args: { q: t.arg.string() },
        resolve: async (app, args, ctx) => {
          const page = await ctx.loaders.groupsOfApplication.load({
            appId: app.id,
            q: args.q ?? null,
            ...pageKey(args, ctx),
          });
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
  }),
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

ApplicationUser.implement({
  description:
    "A user's assignment to an app (Okta's app user): how they are assigned, their account in the app and its profile.",
  authScopes: { okta: 'okta.apps.read' },
  fields: (t) => ({
    id: t.id({ description: "The user's id.", resolve: (a) => a.assignment.id }),
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

ApplicationGroup.implement({
  description:
    "A group's assignment to an app: its members get the app, with the assignment's profile.",
  authScopes: { okta: 'okta.apps.read' },
  fields: (t) => ({
    id: t.id({ description: "The group's id.", resolve: (a) => a.assignment.id }),
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
      complexity: connectionComplexity,
      resolve: async (user, args, ctx) => {
        const page = await ctx.loaders.applicationsOfUser.load({
          userId: user.id,
          ...pageKey(args, ctx),
        });
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
      complexity: connectionComplexity,
      resolve: async (group, args, ctx) => {
        const page = await ctx.loaders.applicationsOfGroup.load({
          groupId: group.id,
          ...pageKey(args, ctx),
        });
        if (page instanceof Error) throw page;
        for (const app of page.items) ctx.loaders.applicationById.prime(app.id, app);
        return toConnection(page, (a) => a.id);
      },
    },
    ApplicationConnection,
  ),
}));

// ── Queries ──────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  application: t.field({
    type: Application,
    nullable: true,
    description: 'One app by id; null when there is none.',
    authScopes: { okta: 'okta.apps.read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => orNull(ctx.loaders.applicationById.load(String(args.id))),
  }),
  applications: t.connection(
    {
      type: Application,
      description:
        'Apps, in Okta\'s order. `filter`: Okta\'s app filter expression (`status eq "ACTIVE"`, `name eq "…"`, `user.id eq "…"`, `group.id eq "…"`); `q`: prefix of name or label.',
      authScopes: { okta: 'okta.apps.read' },
      complexity: connectionComplexity,
      args: { filter: t.arg.string(), q: t.arg.string() },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.okta.applications.list(
          { filter: args.filter ?? undefined, q: args.q ?? undefined },
          pageOptions(args, ctx),
        );
        for (const app of page.items) ctx.loaders.applicationById.prime(app.id, app);
        return toConnection(page, (a) => a.id);
      },
    },
    ApplicationConnection,
  ),
}));
