/**
 * The Apps API's applications: create, read, replace, delete, activate and deactivate, with the
 * checks of each sign-on mode. Beside it: app-users.ts, app-groups.ts, app-grants.ts (scope
 * consent grants), app-credentials.ts (OAuth clients and their JWKS), app-access.ts (who reaches
 * which app, and its System Log events).
 */
import { oktaErrors } from '../errors.ts';
import { APP_FILTER, attributeOf, compileExpression } from '../filter.ts';
import { byId, paginate } from '../pagination.ts';
import { renderApp, renderAppUser } from '../render.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { AppRecord, Org } from '../store.ts';
import { appTarget, groupTarget } from '../system-log.ts';
import { oauthClientOf } from './app-credentials.ts';
import { blank, isObject, type Json, objectAt } from './body.ts';
import { findApp } from './lookup.ts';

/** Page sizes of the apps list (docs/okta-behaviour.md §0.3 and the spec's parameters). */
// The spec's default is -1, "the server's default page", which is 20 in practice.
const PAGE = { defaultLimit: 20, maxLimit: 200 } as const;

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
// Applications

/**
 * What `filter` sees on an app at `path`; `user.id` and `group.id` are its assignments, listed
 * only when the filter names them (an app may have thousands of users, and a list is filtered
 * app by app).
 */
function appAttribute(app: AppRecord, path: string): unknown {
  const head = path.split('.', 1)[0];
  if (head === 'user') return attributeOf({ user: { id: [...app.users.keys()] } }, path);
  if (head === 'group') return attributeOf({ group: { id: [...app.groups.keys()] } }, path);
  return attributeOf({ ...app.body, id: app.id, name: app.name, status: app.status }, path);
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
    apps = apps.filter((a) => matches((attr) => appAttribute(a, attr)));
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
  const { page, headers } = paginate(ctx, apps, { ...PAGE, cursor: (a) => a.id });
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

export const appsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/apps', handler: listApps },
  { method: 'POST', path: '/api/v1/apps', handler: createApp },
  { method: 'GET', path: '/api/v1/apps/:appId', handler: getApp },
  { method: 'PUT', path: '/api/v1/apps/:appId', handler: replaceApp },
  { method: 'DELETE', path: '/api/v1/apps/:appId', handler: deleteApp },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/lifecycle/activate',
    handler: lifecycle('ACTIVE'),
  },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/lifecycle/deactivate',
    handler: lifecycle('INACTIVE'),
  },
];
