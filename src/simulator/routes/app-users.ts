/** An app's users: assignment (direct or through a group), app profile and credentials. */
import { OktaSimError, oktaErrors } from '../errors.ts';
import { byId, paginate } from '../pagination.ts';
import { renderAppUser, renderUser } from '../render.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { AppRecord, AppUserRecord } from '../store.ts';
import { membershipTargets } from './app-access.ts';
import { blank, isObject, type Json, objectAt, profileOf } from './body.ts';
import { findApp, findUser } from './lookup.ts';

/** Page sizes of the app users list (the spec's parameters). */
const PAGE = { defaultLimit: 50, maxLimit: 500 } as const;

/** Credential schemes under which an app user holds a password of their own. */
const USER_PASSWORD_SCHEMES = new Set([
  'EDIT_USERNAME_AND_PASSWORD',
  'EDIT_PASSWORD_ONLY',
  'ADMIN_SETS_CREDENTIALS',
]);

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

function findAppUser(app: AppRecord, userId: string): AppUserRecord {
  const appUser = app.users.get(userId);
  if (!appUser) throw oktaErrors.notFound(userId, 'AppUser');
  return appUser;
}

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
  const { page, headers } = paginate(ctx, appUsers, { ...PAGE, cursor: (u) => u.id });
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

export const appUsersRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/apps/:appId/users', handler: listAppUsers },
  { method: 'POST', path: '/api/v1/apps/:appId/users', handler: assignUser },
  { method: 'GET', path: '/api/v1/apps/:appId/users/:userId', handler: getAppUser },
  {
    method: 'POST',
    path: '/api/v1/apps/:appId/users/:userId',
    handler: updateAppUser,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/users/:userId',
    handler: unassignUser,
  },
];
