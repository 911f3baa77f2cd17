import { OktaSimError, oktaErrors } from '../errors.ts';
import { APP_FILTER, attributeOf, compileExpression } from '../filter.ts';
import { paginate } from '../pagination.ts';
import { renderApp, renderAppGroup, renderAppUser, renderGroup, renderUser } from '../render.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type {
  AppGroupRecord,
  AppRecord,
  AppUserRecord,
  GrantRecord,
  GroupRecord,
  Org,
  Profile,
  UserRecord,
} from '../store.ts';
import {
  appTarget,
  appUserTarget,
  groupTarget,
  type LogTarget,
  userTarget,
} from '../system-log.ts';

/** Page sizes of the Apps API (shared/okta/API-NOTES.md §0.3 and the spec's parameters). */
const PAGE = {
  // The spec's default is -1, "the server's default page", which is 20 in practice.
  apps: { defaultLimit: 20, maxLimit: 200 },
  appUsers: { defaultLimit: 50, maxLimit: 500 },
  appGroups: { defaultLimit: 20, maxLimit: 200 },
} as const;

/** Errors of the Apps API that the shared catalogue does not carry. */
const appErrors = {
  // Okta refuses to drop a user's assignment while a group still grants the app
  // (articulate/terraform-provider-okta#120, gravitational/teleport#53947).
  unassignGroupSourced: () =>
    new OktaSimError(403, 'E0000046', 'Deactivate application for user forbidden.', [
      'The application cannot be unassigned from the user while their group memberships grant them access',
    ]),
  // The spec's ErrorAppUserUpdateBadRequest example.
  credentialsForScheme: () =>
    new OktaSimError(
      400,
      'E0000041',
      'Credentials should not be set on this resource based on the scheme.',
      ['User level credentials should not be provided for this scheme.'],
    ),
} as const;

/**
 * The `okta.*` scopes an OAuth service app can be granted (Okta's "OAuth 2.0 Scopes" list for the
 * Management API). A grant of any other scope id is refused.
 */
export const OKTA_SCOPES: ReadonlySet<string> = new Set(
  [
    'agentPools',
    'apiTokens',
    'appGrants',
    'apps',
    'authenticators',
    'authorizationServers',
    'behaviors',
    'brands',
    'captchas',
    'clients',
    'deviceAssurance',
    'devices',
    'domains',
    'emailDomains',
    'eventHooks',
    'factors',
    'features',
    'groups',
    'identitySources',
    'idps',
    'inlineHooks',
    'linkedObjects',
    'logStreams',
    'networkZones',
    'orgs',
    'policies',
    'profileMappings',
    'pushProviders',
    'rateLimits',
    'realms',
    'riskProviders',
    'roles',
    'schemas',
    'sessions',
    'templates',
    'threatInsights',
    'trustedOrigins',
    'uischemas',
    'userTypes',
    'users',
  ]
    .flatMap((resource) => [`okta.${resource}.read`, `okta.${resource}.manage`])
    .concat(['okta.logs.read', 'okta.clients.register', 'okta.riskEvents.manage']),
);

// ---------------------------------------------------------------------------------------------
// Small JSON helpers

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const objectAt = (value: unknown): Json => (isObject(value) ? value : {});

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const blank = (field: string) =>
  oktaErrors.validation(field, [`${field}: The field cannot be left blank`]);

// ---------------------------------------------------------------------------------------------
// Sign-on modes

interface SignOnModeRule {
  /** The app names Okta accepts for the mode; null when Okta mints one (custom SAML and SWA). */
  names: readonly string[] | null;
  /** Settings a new app of this mode must carry (the spec's required properties). */
  requiredSettings: readonly string[];
  /** Apps whose users' credentials Okta vaults carry a `credentials.scheme`. */
  scheme: boolean;
}

/** Okta's sign-on modes: the discriminator of the Application schema. */
const SIGN_ON_MODES: Record<string, SignOnModeRule> = {
  BOOKMARK: { names: ['bookmark'], requiredSettings: ['app.url'], scheme: false },
  AUTO_LOGIN: { names: null, requiredSettings: ['signOn.loginUrl'], scheme: true },
  BASIC_AUTH: {
    names: ['template_basic_auth'],
    requiredSettings: ['app.url', 'app.authURL'],
    scheme: true,
  },
  BROWSER_PLUGIN: {
    names: ['template_swa', 'template_swa3field'],
    requiredSettings: ['app.buttonField', 'app.passwordField', 'app.usernameField'],
    scheme: true,
  },
  SECURE_PASSWORD_STORE: {
    names: ['template_sps'],
    requiredSettings: ['app.url', 'app.usernameField', 'app.passwordField'],
    scheme: true,
  },
  WS_FEDERATION: {
    names: ['template_wsfed'],
    requiredSettings: [
      'app.audienceRestriction',
      'app.groupValueFormat',
      'app.wReplyURL',
      'app.nameIDFormat',
      'app.authnContextClassRef',
      'app.siteURL',
      'app.usernameAttribute',
    ],
    scheme: false,
  },
  SAML_2_0: {
    names: null,
    requiredSettings: ['signOn.ssoAcsUrl', 'signOn.audience'],
    scheme: false,
  },
  // Only OIN SAML 1.1 apps exist; the caller names the integration.
  SAML_1_1: { names: null, requiredSettings: [], scheme: false },
  OPENID_CONNECT: { names: ['oidc_client'], requiredSettings: [], scheme: false },
};

/** Credential schemes under which an app user holds a password of their own. */
const USER_PASSWORD_SCHEMES = new Set([
  'EDIT_USERNAME_AND_PASSWORD',
  'EDIT_PASSWORD_ONLY',
  'ADMIN_SETS_CREDENTIALS',
]);

/** Properties of an Application that Okta sets itself; a body's values for them are ignored. */
const SYSTEM_PROPERTIES = [
  'id',
  'name',
  'label',
  'status',
  'signOnMode',
  'created',
  'lastUpdated',
  'features',
  'orn',
  '_links',
  '_embedded',
] as const;

/** Custom SAML and SWA apps get a name minted from the org and the label, e.g. `acme_wiki_1`. */
function mintName(org: Org, label: string): string {
  const host = new URL(org.baseUrl).hostname.split('.')[0] ?? '';
  const orgName = /^[a-z][a-z0-9-]*$/i.test(host) ? host.toLowerCase() : 'simulator';
  const slug = label.toLowerCase().replace(/[^a-z0-9]/g, '') || 'app';
  const taken = new Set([...org.apps.values()].map((a) => a.name));
  let n = 1;
  while (taken.has(`${orgName}_${slug}_${n}`)) n++;
  return `${orgName}_${slug}_${n}`;
}

// ---------------------------------------------------------------------------------------------
// OAuth 2.0 clients

const GRANT_TYPES = new Set([
  'authorization_code',
  'client_credentials',
  'implicit',
  'interaction_code',
  'password',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:openid:params:grant-type:ciba',
  'urn:okta:params:oauth:grant-type:otp',
  'urn:okta:params:oauth:grant-type:oob',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'http://auth0.com/oauth/grant-type/mfa-oob',
]);
const APPLICATION_TYPES = new Set(['browser', 'native', 'service', 'web']);
const AUTH_METHODS = new Set([
  'client_secret_basic',
  'client_secret_jwt',
  'client_secret_post',
  'none',
  'private_key_jwt',
]);
const SECRET_AUTH_METHODS = new Set([
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
]);
/** JWK members that only a private (or symmetric) key has (RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const EC_CURVES = new Set(['P-256', 'P-384', 'P-521']);
const CLIENT_ID = /^[A-Za-z0-9$\-_.+!*'(),]{6,100}$/;

const jwksError = (cause: string) => oktaErrors.validation('jwks', [`jwks: ${cause}`]);

/**
 * The client's public keys as Okta keeps them: each key checked (RSA or EC, public members only,
 * distinct `kid`s) and given the id, status and timestamps of the spec's key response. Keys the
 * app already had (same `kid`) keep their id and `created`.
 */
function registerJwks(org: Org, jwks: unknown, previous: unknown): Json {
  if (!isObject(jwks) || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw jwksError('The JSON Web Key Set must contain at least one key.');
  }
  const earlier = new Map<string, Json>();
  const previousKeys = objectAt(previous).keys;
  for (const key of Array.isArray(previousKeys) ? previousKeys : []) {
    if (isObject(key) && typeof key.kid === 'string') earlier.set(key.kid, key);
  }
  const kids = new Set<string>();
  const now = org.now();
  const keys = jwks.keys.map((key: unknown) => {
    if (!isObject(key)) throw jwksError('Each key must be a JSON object.');
    const privateMember = PRIVATE_JWK_MEMBERS.find((m) => m in key);
    if (privateMember !== undefined) {
      throw jwksError(
        `The key must be a public key; it has the private member '${privateMember}'.`,
      );
    }
    if (key.kty === 'RSA') {
      if (typeof key.n !== 'string' || typeof key.e !== 'string') {
        throw jwksError('An RSA key needs its modulus (n) and exponent (e).');
      }
    } else if (key.kty === 'EC') {
      if (
        !EC_CURVES.has(String(key.crv)) ||
        typeof key.x !== 'string' ||
        typeof key.y !== 'string'
      ) {
        throw jwksError('An EC key needs a curve (P-256, P-384 or P-521) and its x and y.');
      }
    } else {
      throw jwksError(`Unsupported key type '${String(key.kty)}': use RSA or EC.`);
    }
    if (key.kid !== undefined && key.kid !== null) {
      if (typeof key.kid !== 'string') throw jwksError('kid must be a string.');
      if (kids.has(key.kid)) throw jwksError(`Duplicate kid '${key.kid}'.`);
      kids.add(key.kid);
    }
    if (key.status !== undefined && key.status !== 'ACTIVE' && key.status !== 'INACTIVE') {
      throw jwksError('status must be ACTIVE or INACTIVE.');
    }
    const before = typeof key.kid === 'string' ? earlier.get(key.kid) : undefined;
    return {
      ...key,
      // A signing key says so: an RSA key without `use` reads as an encryption key too.
      ...(key.kty === 'RSA' && key.use === undefined ? { use: 'sig' } : {}),
      id: typeof before?.id === 'string' ? before.id : org.prng.id('pks'),
      status: key.status ?? 'ACTIVE',
      created: typeof before?.created === 'string' ? before.created : now,
      lastUpdated: now,
    };
  });
  return { keys };
}

/**
 * `credentials.oauthClient` and `settings.oauthClient` of an OIDC app. The client id is the app
 * id unless the caller chose one; clients that authenticate with a secret get one minted.
 */
function oauthClientOf(
  org: Org,
  appId: string,
  body: Json,
  existing: AppRecord | undefined,
): { credentials: Json; settings: Json } {
  const credentials = objectAt(objectAt(body.credentials).oauthClient);
  const settings = objectAt(objectAt(body.settings).oauthClient);
  const before = existing ? objectAt(objectAt(existing.body.credentials).oauthClient) : {};
  const beforeSettings = existing ? objectAt(objectAt(existing.body.settings).oauthClient) : {};

  const grantTypes = settings.grant_types;
  if (!Array.isArray(grantTypes) || grantTypes.length === 0) {
    throw blank('settings.oauthClient.grant_types');
  }
  for (const grant of grantTypes) {
    if (typeof grant !== 'string' || !GRANT_TYPES.has(grant)) {
      throw oktaErrors.validation('grant_types', [
        `grant_types: '${String(grant)}' is not a supported grant type`,
      ]);
    }
  }
  const applicationType = settings.application_type ?? 'web';
  if (typeof applicationType !== 'string' || !APPLICATION_TYPES.has(applicationType)) {
    throw oktaErrors.validation('application_type', [
      'application_type: Must be one of browser, native, service, web',
    ]);
  }
  if (applicationType === 'service' && grantTypes.some((g) => g !== 'client_credentials')) {
    throw oktaErrors.validation('grant_types', [
      'grant_types: A service application only supports the client_credentials grant type',
    ]);
  }
  const redirected = grantTypes.some((g) => g === 'authorization_code' || g === 'implicit');
  if (
    redirected &&
    (!Array.isArray(settings.redirect_uris) || settings.redirect_uris.length === 0)
  ) {
    throw blank('redirect_uris');
  }

  // A replace that leaves the method out keeps the client's; a new client defaults as Okta does.
  const method =
    credentials.token_endpoint_auth_method ??
    before.token_endpoint_auth_method ??
    'client_secret_basic';
  if (typeof method !== 'string' || !AUTH_METHODS.has(method)) {
    throw oktaErrors.validation('token_endpoint_auth_method', [
      `token_endpoint_auth_method: '${String(method)}' is not supported`,
    ]);
  }
  if (method === 'none' && applicationType === 'service') {
    throw oktaErrors.validation('token_endpoint_auth_method', [
      'token_endpoint_auth_method: A service application must authenticate',
    ]);
  }

  const clientId = before.client_id ?? credentials.client_id ?? appId;
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId) || clientId === 'ALL_CLIENTS') {
    throw oktaErrors.validation('client_id', ['client_id: Invalid client_id']);
  }
  if (!existing) {
    for (const other of org.apps.values()) {
      if (objectAt(objectAt(other.body.credentials).oauthClient).client_id === clientId) {
        throw oktaErrors.validation('client_id', [
          'client_id: An object with this field already exists in the current organization',
        ]);
      }
    }
  }

  const outSettings: Json = { ...settings, application_type: applicationType };
  if (settings.jwks !== undefined && settings.jwks !== null) {
    outSettings.jwks = registerJwks(org, settings.jwks, beforeSettings.jwks);
  }
  if (method === 'private_key_jwt' && !outSettings.jwks && typeof settings.jwks_uri !== 'string') {
    throw jwksError('A client that authenticates with private_key_jwt needs jwks or jwks_uri.');
  }

  const outCredentials: Json = {
    autoKeyRotation: credentials.autoKeyRotation ?? before.autoKeyRotation ?? true,
    client_id: clientId,
    token_endpoint_auth_method: method,
  };
  if (SECRET_AUTH_METHODS.has(method)) {
    const secret = credentials.client_secret ?? before.client_secret ?? org.prng.chars(64);
    if (typeof secret !== 'string' || secret.length < 14 || secret.length > 100) {
      throw oktaErrors.validation('client_secret', [
        'client_secret: Must be between 14 and 100 characters',
      ]);
    }
    outCredentials.client_secret = secret;
  }
  if (credentials.pkce_required !== undefined)
    outCredentials.pkce_required = credentials.pkce_required;
  else if (applicationType === 'browser' || applicationType === 'native') {
    outCredentials.pkce_required = true;
  }
  return { credentials: outCredentials, settings: outSettings };
}

// ---------------------------------------------------------------------------------------------
// The app body

interface AppShape {
  name: string;
  label: string;
  signOnMode: string;
  body: Json;
}

/**
 * Check an Application body (create or replace) and fill in what Okta fills in. `existing` is the
 * app a PUT replaces: its name, sign-on mode, client id, secret and signing key stay.
 */
function appShapeOf(org: Org, appId: string, raw: unknown, existing?: AppRecord): AppShape {
  if (!isObject(raw)) throw oktaErrors.validation('application', ['The application is required']);
  const signOnMode = raw.signOnMode;
  if (typeof signOnMode !== 'string' || !(signOnMode in SIGN_ON_MODES)) {
    throw oktaErrors.validation('signOnMode', [
      `signOnMode: Must be one of ${Object.keys(SIGN_ON_MODES).join(', ')}`,
    ]);
  }
  if (existing && signOnMode !== existing.signOnMode) {
    throw oktaErrors.validation('signOnMode', ['signOnMode: The sign-on mode cannot be changed']);
  }
  const rule = SIGN_ON_MODES[signOnMode] as SignOnModeRule;
  const label = raw.label;
  if (typeof label !== 'string' || label.trim() === '') throw blank('label');

  let name: string;
  if (existing) {
    name = existing.name;
  } else if (raw.name !== undefined) {
    if (typeof raw.name !== 'string' || raw.name === '') throw blank('name');
    if (rule.names && !rule.names.includes(raw.name)) {
      throw oktaErrors.validation('name', [
        `name: '${raw.name}' is not an app of sign-on mode ${signOnMode}`,
      ]);
    }
    name = raw.name;
  } else if (rule.names) {
    name = rule.names[0] as string;
  } else if (signOnMode === 'SAML_1_1') {
    throw blank('name');
  } else {
    name = mintName(org, label);
  }

  const body: Json = { ...raw };
  for (const key of SYSTEM_PROPERTIES) delete body[key];

  const settings = objectAt(raw.settings);
  for (const path of rule.requiredSettings) {
    const value = attributeOf(settings, path);
    if (value === undefined || value === null || value === '') throw blank(`settings.${path}`);
  }

  const before = existing?.body ?? {};
  const credentials: Json = {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta expression, not a JS template
    userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
    signing: {},
    ...objectAt(raw.credentials),
  };
  if (signOnMode === 'SAML_2_0' || signOnMode === 'SAML_1_1' || signOnMode === 'WS_FEDERATION') {
    const kid = objectAt(objectAt(before.credentials).signing).kid ?? org.prng.chars(43);
    credentials.signing = { ...objectAt(credentials.signing), kid };
  }
  if (rule.scheme) {
    credentials.scheme ??= 'EDIT_USERNAME_AND_PASSWORD';
    credentials.revealPassword ??= false;
  }

  const outSettings: Json = {
    app: {},
    notifications: { vpn: { network: { connection: 'DISABLED' } } },
    manualProvisioning: false,
    implicitAssignment: false,
    notes: {},
    ...settings,
  };
  if (signOnMode === 'SAML_2_0') {
    // The booleans the spec requires of `signOn`, at Okta's defaults.
    outSettings.signOn = {
      allowMultipleAcsEndpoints: false,
      assertionSigned: true,
      honorForceAuthn: true,
      requestCompressed: false,
      responseSigned: true,
      ...objectAt(settings.signOn),
    };
  }
  if (signOnMode === 'OPENID_CONNECT') {
    const client = oauthClientOf(org, appId, raw, existing);
    credentials.oauthClient = client.credentials;
    outSettings.oauthClient = client.settings;
  }

  body.credentials = credentials;
  body.settings = outSettings;
  body.accessibility = { selfService: false, ...objectAt(raw.accessibility) };
  body.visibility = {
    autoLaunch: false,
    autoSubmitToolbar: false,
    hide: { iOS: false, web: false },
    appLinks: { [`${name}_link`]: true },
    ...objectAt(raw.visibility),
  };
  body.features = Array.isArray(before.features) ? before.features : [];
  return { name, label, signOnMode, body };
}

// ---------------------------------------------------------------------------------------------
// Lookups and System Log helpers

function findApp(org: Org, appId: string): AppRecord {
  const app = org.apps.get(appId);
  if (!app) throw oktaErrors.notFound(appId, 'AppInstance');
  return app;
}

function findUser(org: Org, userId: string): UserRecord {
  const user = org.users.get(userId);
  if (!user) throw oktaErrors.notFound(userId, 'User');
  return user;
}

function findGroup(org: Org, groupId: string): GroupRecord {
  const group = org.groups.get(groupId);
  if (!group) throw oktaErrors.notFound(groupId, 'UserGroup');
  return group;
}

function findAppUser(app: AppRecord, userId: string): AppUserRecord {
  const appUser = app.users.get(userId);
  if (!appUser) throw oktaErrors.notFound(userId, 'AppUser');
  return appUser;
}

const membershipTargets = (app: AppRecord, user: UserRecord): LogTarget[] => [
  appUserTarget(app, user),
  appTarget(app),
  userTarget(user),
];

/**
 * A GROUP-scoped app user takes the app profile of the group assignment with the highest priority
 * (the lowest number) among the groups that grant it; a direct assignment keeps its own.
 */
export function applyGroupProfile(app: AppRecord, userId: string): void {
  const appUser = app.users.get(userId);
  if (!appUser || appUser.direct) return;
  let best: AppGroupRecord | undefined;
  for (const groupId of appUser.viaGroups) {
    const assignment = app.groups.get(groupId);
    if (assignment && (!best || assignment.priority < best.priority)) best = assignment;
  }
  if (best) appUser.profile = structuredClone(best.profile);
}

/** The ids of the apps a user reaches, directly or through a group. */
export function appAccessOf(org: Org, userId: string): Set<string> {
  const ids = new Set<string>();
  for (const app of org.apps.values()) if (app.users.has(userId)) ids.add(app.id);
  return ids;
}

/**
 * Log `application.user_membership.add|remove` for the apps a user gained or lost since `before`
 * (group membership and group assignment changes reach app access this way, as in Okta).
 */
export function logAppAccessChanges(ctx: SimContext, userId: string, before: Set<string>): void {
  const user = ctx.org.users.get(userId);
  if (!user) return;
  const after = appAccessOf(ctx.org, userId);
  for (const appId of after) {
    if (before.has(appId)) continue;
    const app = ctx.org.apps.get(appId) as AppRecord;
    ctx.log({
      eventType: 'application.user_membership.add',
      targets: membershipTargets(app, user),
    });
  }
  for (const appId of before) {
    const app = ctx.org.apps.get(appId);
    if (after.has(appId) || !app) continue;
    ctx.log({
      eventType: 'application.user_membership.remove',
      targets: membershipTargets(app, user),
    });
  }
}

/** Same as logAppAccessChanges, for one app whose user set changed since `before`. */
function logAppUsersChanges(ctx: SimContext, app: AppRecord, before: Set<string>): void {
  for (const userId of app.users.keys()) {
    const user = ctx.org.users.get(userId);
    if (before.has(userId) || !user) continue;
    ctx.log({
      eventType: 'application.user_membership.add',
      targets: membershipTargets(app, user),
    });
  }
  for (const userId of before) {
    const user = ctx.org.users.get(userId);
    if (app.users.has(userId) || !user) continue;
    ctx.log({
      eventType: 'application.user_membership.remove',
      targets: membershipTargets(app, user),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Applications

/** The properties `filter` sees on an app; `user.id` and `group.id` are its assignments. */
function filterable(app: AppRecord): Json {
  return {
    ...app.body,
    id: app.id,
    name: app.name,
    status: app.status,
    user: { id: [...app.users.keys()] },
    group: { id: [...app.groups.keys()] },
  };
}

/** `expand=user/{userId}`: the AppUser of that user, embedded when the user is assigned. */
function withEmbeddedUser(org: Org, app: AppRecord, expand: string | null) {
  const rendered: Json = renderApp(org, app);
  const userId = expand?.startsWith('user/') ? expand.slice('user/'.length) : undefined;
  const appUser = userId ? app.users.get(userId) : undefined;
  if (appUser) rendered._embedded = { user: renderAppUser(org, app, appUser) };
  return rendered;
}

function listApps(ctx: SimContext) {
  const { org, query } = ctx;
  let apps = [...org.apps.values()].sort(byId);
  const filter = query.get('filter');
  if (filter !== null) {
    const matches = compileExpression(filter, APP_FILTER);
    apps = apps.filter((a) => matches((attr) => attributeOf(filterable(a), attr)));
  }
  const q = query.get('q');
  if (q !== null) {
    const prefix = q.toLowerCase();
    apps = apps.filter(
      (a) => a.name.toLowerCase().startsWith(prefix) || a.label.toLowerCase().startsWith(prefix),
    );
  }
  // The spec: `expand=user/{userId}` "must be used with the `user.id eq "{userId}"` filter query
  // for the same user"; without that filter the expansion is not applied.
  const expand = query.get('expand');
  const expandUser = expand?.startsWith('user/') ? expand.slice('user/'.length) : undefined;
  const clause = `user.id eq "${expandUser}"`;
  const filtered = expandUser !== undefined && !!filter?.replace(/\s+/g, ' ').includes(clause);
  const { page, headers } = paginate(ctx, apps, { ...PAGE.apps, cursor: (a) => a.id });
  return ok(
    page.map((a) => (filtered ? withEmbeddedUser(org, a, expand) : renderApp(org, a))),
    headers,
  );
}

function createApp(ctx: SimContext) {
  const { org } = ctx;
  const id = org.prng.id('0oa');
  const shape = appShapeOf(org, id, ctx.body);
  const activate = (ctx.query.get('activate') ?? 'true').toLowerCase() !== 'false';
  const now = org.now();
  const app: AppRecord = {
    id,
    ...shape,
    status: activate ? 'ACTIVE' : 'INACTIVE',
    created: now,
    lastUpdated: now,
    users: new Map(),
    groups: new Map(),
    grants: new Map(),
  };
  org.apps.set(app.id, app);
  ctx.log({ eventType: 'application.lifecycle.create', targets: [appTarget(app)] });
  if (activate) ctx.log({ eventType: 'application.lifecycle.activate', targets: [appTarget(app)] });
  return ok(renderApp(org, app));
}

function getApp(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  return ok(withEmbeddedUser(ctx.org, app, ctx.query.get('expand')));
}

function replaceApp(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const shape = appShapeOf(org, app.id, ctx.body, app);
  app.label = shape.label;
  app.body = shape.body;
  app.lastUpdated = org.now();
  ctx.log({ eventType: 'application.lifecycle.update', targets: [appTarget(app)] });
  return ok(renderApp(org, app));
}

/** Only an INACTIVE app can be deleted; its imported groups go with it. */
function deleteApp(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  if (app.status === 'ACTIVE') throw oktaErrors.deleteAppForbidden();
  org.apps.delete(app.id);
  for (const group of [...org.groups.values()]) {
    if (group.type !== 'APP_GROUP' || group.sourceAppId !== app.id) continue;
    org.purgeGroup(group);
    ctx.log({ eventType: 'group.lifecycle.delete', targets: [groupTarget(group)] });
  }
  ctx.log({ eventType: 'application.lifecycle.delete', targets: [appTarget(app)] });
  return noContent();
}

function lifecycle(target: 'ACTIVE' | 'INACTIVE') {
  return (ctx: SimContext) => {
    const app = findApp(ctx.org, ctx.params.appId as string);
    // Activating an active app (or the reverse) changes nothing and logs nothing.
    if (app.status !== target) {
      app.status = target;
      app.lastUpdated = ctx.org.now();
      ctx.log({
        eventType:
          target === 'ACTIVE'
            ? 'application.lifecycle.activate'
            : 'application.lifecycle.deactivate',
        targets: [appTarget(app)],
      });
    }
    return ok({});
  };
}

// ---------------------------------------------------------------------------------------------
// Application users

/** Check app-user credentials against the app's scheme and apply them. */
function applyCredentials(app: AppRecord, appUser: AppUserRecord, raw: unknown, now: string) {
  if (raw === undefined || raw === null) return;
  if (!isObject(raw))
    throw oktaErrors.validation('credentials', ['credentials: Must be an object']);
  const scheme = objectAt(app.body.credentials).scheme;
  const { userName, password } = raw;
  if (password !== undefined && password !== null) {
    if (typeof scheme !== 'string' || !USER_PASSWORD_SCHEMES.has(scheme)) {
      throw appErrors.credentialsForScheme();
    }
    if (!isObject(password) || typeof password.value !== 'string' || password.value === '') {
      throw blank('password');
    }
  }
  if (userName !== undefined && userName !== null) {
    if (scheme === 'SHARED_USERNAME_AND_PASSWORD') throw appErrors.credentialsForScheme();
    if (typeof userName !== 'string' || userName.length < 1 || userName.length > 100) {
      throw oktaErrors.validation('userName', ['userName: Must be between 1 and 100 characters']);
    }
  }
  const credentials = { ...appUser.credentials };
  if (typeof userName === 'string') credentials.userName = userName;
  if (password !== undefined && password !== null) {
    credentials.password = {};
    appUser.passwordChanged = now;
  }
  appUser.credentials = credentials;
}

function profileOf(raw: unknown): Profile | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw oktaErrors.validation('profile', ['profile: Must be an object']);
  return { ...raw };
}

function renderAppUserWith(ctx: SimContext, app: AppRecord, appUser: AppUserRecord) {
  const rendered: Json = renderAppUser(ctx.org, app, appUser);
  const user = ctx.org.users.get(appUser.id);
  if (ctx.query.get('expand') === 'user' && user) {
    rendered._embedded = { user: renderUser(ctx.org, user) };
  }
  return rendered;
}

function listAppUsers(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  let appUsers = [...app.users.values()].sort(byId);
  const q = ctx.query.get('q');
  if (q !== null) {
    // "matched against the beginning of … userName, firstName, lastName, and email".
    const prefix = q.toLowerCase();
    appUsers = appUsers.filter((appUser) => {
      const profile = org.users.get(appUser.id)?.profile ?? {};
      return [appUser.credentials?.userName, profile.firstName, profile.lastName, profile.email]
        .filter((v): v is string => typeof v === 'string')
        .some((v) => v.toLowerCase().startsWith(prefix));
    });
  }
  const { page, headers } = paginate(ctx, appUsers, { ...PAGE.appUsers, cursor: (u) => u.id });
  return ok(
    page.map((appUser) => renderAppUserWith(ctx, app, appUser)),
    headers,
  );
}

/**
 * Assign a user directly (scope USER). A user who already reaches the app through a group keeps
 * that, and the assignment becomes direct as well; assigning again updates the assignment.
 */
function assignUser(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const body = ctx.body;
  if (!isObject(body)) throw blank('id');
  if (typeof body.id !== 'string' || body.id === '') throw blank('id');
  if (body.scope !== undefined && body.scope !== 'USER') {
    throw oktaErrors.validation('scope', ['scope: Only USER assignments can be made directly']);
  }
  const user = findUser(org, body.id);
  const now = org.now();
  const existing = app.users.get(user.id);
  const appUser = existing ?? org.newAppUser(user.id, true);
  const profile = profileOf(body.profile);
  // Validate everything before the assignment changes.
  applyCredentials(app, appUser, body.credentials, now);
  const wasDirect = existing?.direct ?? false;
  appUser.direct = true;
  if (profile) appUser.profile = profile;
  if (existing) appUser.lastUpdated = now;
  app.users.set(user.id, appUser);
  if (!existing) {
    ctx.log({
      eventType: 'application.user_membership.add',
      targets: membershipTargets(app, user),
    });
  } else if (!wasDirect || profile || body.credentials) {
    ctx.log({
      eventType: 'application.user_membership.update',
      targets: membershipTargets(app, user),
    });
  }
  return ok(renderAppUser(org, app, appUser));
}

function getAppUser(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  return ok(renderAppUserWith(ctx, app, findAppUser(app, ctx.params.userId as string)));
}

function updateAppUser(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const appUser = findAppUser(app, ctx.params.userId as string);
  const user = findUser(org, appUser.id);
  const body = ctx.body;
  if (!isObject(body) || (body.credentials === undefined && body.profile === undefined)) {
    throw oktaErrors.validation('appUser', ['appUser: Provide credentials or profile']);
  }
  const now = org.now();
  const userNameBefore = appUser.credentials?.userName;
  const profile = profileOf(body.profile);
  applyCredentials(app, appUser, body.credentials, now);
  if (profile) appUser.profile = profile;
  appUser.lastUpdated = now;
  if (appUser.credentials?.userName !== userNameBefore) {
    ctx.log({
      eventType: 'application.user_membership.change_username',
      targets: membershipTargets(app, user),
    });
  }
  if (profile || isObject(objectAt(body.credentials).password)) {
    ctx.log({
      eventType: 'application.user_membership.update',
      targets: membershipTargets(app, user),
    });
  }
  return ok(renderAppUser(org, app, appUser));
}

function unassignUser(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const appUser = findAppUser(app, ctx.params.userId as string);
  if (appUser.viaGroups.size > 0) throw appErrors.unassignGroupSourced();
  app.users.delete(appUser.id);
  const user = org.users.get(appUser.id);
  if (user) {
    ctx.log({
      eventType: 'application.user_membership.remove',
      targets: membershipTargets(app, user),
    });
  }
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Application groups

function renderAppGroupWith(ctx: SimContext, app: AppRecord, assignment: AppGroupRecord) {
  const rendered: Json = renderAppGroup(ctx.org, app, assignment);
  const group = ctx.org.groups.get(assignment.id);
  if (ctx.query.get('expand') === 'group' && group) {
    rendered._embedded = { group: renderGroup(ctx.org, group) };
  }
  return rendered;
}

function findAssignment(app: AppRecord, groupId: string): AppGroupRecord {
  const assignment = app.groups.get(groupId);
  if (!assignment) throw oktaErrors.notFound(groupId, 'ApplicationGroupAssignment');
  return assignment;
}

function listAppGroups(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  let assignments = [...app.groups.values()].sort(byId);
  const q = ctx.query.get('q');
  if (q !== null) {
    const prefix = q.toLowerCase();
    assignments = assignments.filter((a) =>
      String(org.groups.get(a.id)?.profile.name ?? '')
        .toLowerCase()
        .startsWith(prefix),
    );
  }
  const { page, headers } = paginate(ctx, assignments, { ...PAGE.appGroups, cursor: (a) => a.id });
  return ok(
    page.map((a) => renderAppGroupWith(ctx, app, a)),
    headers,
  );
}

function getAppGroup(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  return ok(renderAppGroupWith(ctx, app, findAssignment(app, ctx.params.groupId as string)));
}

/**
 * Assign a group (PUT on the item; the body is optional). Its members reach the app with
 * GROUP-scoped app users. Without a priority the assignment gets the next one after the others.
 */
function assignGroup(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const group = findGroup(org, ctx.params.groupId as string);
  const body = ctx.body === undefined || ctx.body === null ? {} : ctx.body;
  if (!isObject(body)) throw oktaErrors.validation('applicationGroupAssignment', []);
  const { priority } = body;
  if (priority !== undefined && (!Number.isInteger(priority) || (priority as number) < 0)) {
    throw oktaErrors.validation('priority', ['priority: Must be a non-negative integer']);
  }
  const profile = profileOf(body.profile);
  const now = org.now();
  const existing = app.groups.get(group.id);
  if (existing) {
    if (priority !== undefined) existing.priority = priority as number;
    if (profile) existing.profile = profile;
    existing.lastUpdated = now;
    for (const userId of group.members) applyGroupProfile(app, userId);
    ctx.log({
      eventType: 'group.application_assignment.update',
      targets: [appTarget(app), groupTarget(group)],
    });
    return ok(renderAppGroup(org, app, existing));
  }
  const next = Math.max(-1, ...[...app.groups.values()].map((a) => a.priority)) + 1;
  const assignment: AppGroupRecord = {
    id: group.id,
    priority: (priority as number | undefined) ?? next,
    profile: profile ?? {},
    lastUpdated: now,
  };
  const before = new Set(app.users.keys());
  app.groups.set(group.id, assignment);
  for (const userId of group.members) {
    org.grantAppViaGroup(app, group.id, userId);
    applyGroupProfile(app, userId);
  }
  ctx.log({
    eventType: 'group.application_assignment.add',
    targets: [appTarget(app), groupTarget(group)],
  });
  logAppUsersChanges(ctx, app, before);
  return ok(renderAppGroup(org, app, assignment));
}

function unassignGroup(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const assignment = findAssignment(app, ctx.params.groupId as string);
  const before = new Set(app.users.keys());
  app.groups.delete(assignment.id);
  org.dropGroupSourcedAppUsers(app, assignment.id);
  for (const userId of app.users.keys()) applyGroupProfile(app, userId);
  const group = org.groups.get(assignment.id);
  if (group) {
    ctx.log({
      eventType: 'group.application_assignment.remove',
      targets: [appTarget(app), groupTarget(group)],
    });
  }
  logAppUsersChanges(ctx, app, before);
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Scope consent grants: how an OAuth service app gets its okta.* scopes

function clientIdOf(app: AppRecord): string {
  const clientId = objectAt(objectAt(app.body.credentials).oauthClient).client_id;
  return typeof clientId === 'string' ? clientId : app.id;
}

function renderGrant(ctx: SimContext, app: AppRecord, grant: GrantRecord): Json {
  const base = ctx.org.baseUrl;
  const rendered: Json = {
    id: grant.id,
    status: grant.status,
    created: grant.created,
    createdBy: grant.createdBy,
    lastUpdated: grant.created,
    issuer: grant.issuer,
    clientId: grant.clientId,
    scopeId: grant.scopeId,
    source: grant.source,
    _links: {
      app: { href: `${base}/api/v1/apps/${app.id}`, title: app.label },
      self: {
        href: `${base}/api/v1/apps/${app.id}/grants/${grant.id}`,
        hints: { allow: ['GET', 'DELETE'] },
      },
      client: { href: `${base}/oauth2/v1/clients/${grant.clientId}`, title: app.label },
    },
  };
  if (ctx.query.get('expand') === 'scope') rendered._embedded = { scope: { id: grant.scopeId } };
  return rendered;
}

function findGrant(app: AppRecord, grantId: string): GrantRecord {
  const grant = app.grants.get(grantId);
  if (!grant) throw oktaErrors.notFound(grantId, 'OAuth2ScopeConsentGrant');
  return grant;
}

const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/**
 * Grant an `okta.*` scope. The issuer must be the org authorization server (the org URL): only it
 * mints Management API scopes. Granting a scope the app already holds is refused [obs].
 */
function grantScope(ctx: SimContext) {
  const { org } = ctx;
  const app = findApp(org, ctx.params.appId as string);
  const body = ctx.body;
  if (!isObject(body)) throw blank('scopeId');
  const { issuer, scopeId } = body;
  if (typeof issuer !== 'string' || issuer === '') throw blank('issuer');
  if (typeof scopeId !== 'string' || scopeId === '') throw blank('scopeId');
  if (!sameIssuer(issuer, org.baseUrl)) {
    throw oktaErrors.validation('issuer', [`issuer: '${issuer}' is not this org's issuer`]);
  }
  if (!OKTA_SCOPES.has(scopeId)) {
    throw oktaErrors.validation('scopeId', [`scopeId: '${scopeId}' is not a valid Okta scope`]);
  }
  for (const held of app.grants.values()) {
    if (held.scopeId === scopeId) {
      throw oktaErrors.validation('scopeId', [
        `scopeId: The scope '${scopeId}' is already granted to the app`,
      ]);
    }
  }
  const principal = ctx.principal;
  const grant: GrantRecord = {
    id: org.prng.id('oag'),
    issuer,
    scopeId,
    clientId: clientIdOf(app),
    created: org.now(),
    createdBy: {
      id: principal?.id ?? 'unknown',
      type: principal?.kind === 'oauth' ? 'Client' : 'User',
    },
    source: 'ADMIN',
    status: 'ACTIVE',
  };
  app.grants.set(grant.id, grant);
  ctx.log({
    eventType: 'app.oauth2.admin.consent.grant',
    targets: [appTarget(app), scopeTarget(scopeId)],
  });
  return { status: 201, body: renderGrant(ctx, app, grant) };
}

const scopeTarget = (scopeId: string): LogTarget => ({
  id: scopeId,
  type: 'Scope',
  alternateId: scopeId,
  displayName: scopeId,
  detailEntry: null,
});

function listGrants(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  const grants = [...app.grants.values()].sort(byId);
  return ok(grants.map((g) => renderGrant(ctx, app, g)));
}

function getGrant(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  return ok(renderGrant(ctx, app, findGrant(app, ctx.params.grantId as string)));
}

function revokeGrant(ctx: SimContext) {
  const app = findApp(ctx.org, ctx.params.appId as string);
  const grant = findGrant(app, ctx.params.grantId as string);
  app.grants.delete(grant.id);
  ctx.log({
    eventType: 'app.oauth2.admin.consent.revoke',
    targets: [appTarget(app), scopeTarget(grant.scopeId)],
  });
  return noContent();
}

const READ = 'okta.apps.read';
const MANAGE = 'okta.apps.manage';

export const appsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/apps', scope: READ, handler: listApps },
  { method: 'POST', path: '/api/v1/apps', scope: MANAGE, handler: createApp },
  { method: 'GET', path: '/api/v1/apps/:appId', scope: READ, handler: getApp },
  { method: 'PUT', path: '/api/v1/apps/:appId', scope: MANAGE, handler: replaceApp },
  { method: 'DELETE', path: '/api/v1/apps/:appId', scope: MANAGE, handler: deleteApp },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/lifecycle/activate',
    scope: MANAGE,
    handler: lifecycle('ACTIVE'),
  },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/lifecycle/deactivate',
    scope: MANAGE,
    handler: lifecycle('INACTIVE'),
  },
  { method: 'GET', path: '/api/v1/apps/:appId/users', scope: READ, handler: listAppUsers },
  { method: 'POST', path: '/api/v1/apps/:appId/users', scope: MANAGE, handler: assignUser },
  { method: 'GET', path: '/api/v1/apps/:appId/users/:userId', scope: READ, handler: getAppUser },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/users/:userId',
    scope: MANAGE,
    handler: updateAppUser,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/users/:userId',
    scope: MANAGE,
    handler: unassignUser,
  },
  { method: 'GET', path: '/api/v1/apps/:appId/groups', scope: READ, handler: listAppGroups },
  { method: 'GET', path: '/api/v1/apps/:appId/groups/:groupId', scope: READ, handler: getAppGroup },
  {
    method: 'PUT',
    path: '/api/v1/apps/:appId/groups/:groupId',
    scope: MANAGE,
    handler: assignGroup,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/groups/:groupId',
    scope: MANAGE,
    handler: unassignGroup,
  },
  // The spec guards grants with their own scopes, not okta.apps.*.
  {
    method: 'GET',
    path: '/api/v1/apps/:appId/grants',
    scope: 'okta.appGrants.read',
    handler: listGrants,
  },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/grants',
    scope: 'okta.appGrants.manage',
    handler: grantScope,
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:appId/grants/:grantId',
    scope: 'okta.appGrants.read',
    handler: getGrant,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/grants/:grantId',
    scope: 'okta.appGrants.manage',
    handler: revokeGrant,
  },
];
