/** An app's group assignments: priority, app profile, and the app users they grant. */
import { oktaErrors } from '../errors.ts';
import { byId, paginate } from '../pagination.ts';
import { renderAppGroup, renderGroup } from '../render.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { AppGroupRecord, AppRecord } from '../store.ts';
import { appTarget, groupTarget } from '../system-log.ts';
import { applyGroupProfile, logAppUsersChanges } from './app-access.ts';
import { isObject, type Json, profileOf } from './body.ts';
import { findApp, findGroup } from './lookup.ts';

/** Page sizes of the app groups list (the spec's parameters). */
const PAGE = { defaultLimit: 20, maxLimit: 200 } as const;

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
  const { page, headers } = paginate(ctx, assignments, { ...PAGE, cursor: (a) => a.id });
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

export const appGroupsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/apps/:appId/groups', handler: listAppGroups },
  { method: 'GET', path: '/api/v1/apps/:appId/groups/:groupId', handler: getAppGroup },
  {
    method: 'PUT',
    path: '/api/v1/apps/:appId/groups/:groupId',
    handler: assignGroup,
  },
  {
    method: 'DELETE',
    path: '/api/v1/apps/:appId/groups/:groupId',
    handler: unassignGroup,
  },
];
