import {
  expression,
  type OktaApplication,
  type ApplicationStatus as OktaApplicationStatus,
  type ApplicationSignOnMode as OktaSignOnMode,
} from '../okta/index.ts';
import { builder } from './builder.ts';
import { pageOptions, toConnection } from './connection.ts';
import { lookUpById } from './id-only-fields.ts';
import { nodeTypeOf } from './id-prefixes.ts';

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
  }),
});

// ── Queries ──────────────────────────────────────────────────────────────────────────────────

builder.queryFields((t) => ({
  application: t.field({
    type: Application,
    nullable: true,
    description: 'One app by id; null when there is none.',
    authScopes: { okta: 'okta.apps.read' },
    args: { id: t.arg.id({ required: true }) },
    // A caller's malformed id is refused, as user(id) and node(id) refuse it.
    resolve: (_root, args, ctx, info) =>
      lookUpById(expression.requireOktaId('Application id', String(args.id)), info, ctx, (id) =>
        ctx.loaders.applicationById.load(id),
      ),
  }),
  applications: t.connection(
    {
      type: Application,
      description:
        'Apps, in Okta\'s order. `filter`: Okta\'s app filter expression (`status eq "ACTIVE"`, `name eq "…"`, `user.id eq "…"`, `group.id eq "…"`); `q`: prefix of name or label.',
      authScopes: { okta: 'okta.apps.read' },
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
