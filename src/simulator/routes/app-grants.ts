/** Scope consent grants: how an OAuth service app gets its okta.* scopes. */
import { oktaErrors } from '../errors.ts';
import { byId } from '../pagination.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { AppRecord, GrantRecord } from '../store.ts';
import { appTarget, type LogTarget } from '../system-log.ts';
import { blank, isObject, type Json, objectAt } from './body.ts';
import { findApp } from './lookup.ts';

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

export const appGrantsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/apps/:appId/grants',
    handler: listGrants,
  },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/grants',
    handler: grantScope,
  },
  {
    method: 'GET',
    path: '/api/v1/apps/:appId/grants/:grantId',
    handler: getGrant,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/grants/:grantId',
    handler: revokeGrant,
  },
];
