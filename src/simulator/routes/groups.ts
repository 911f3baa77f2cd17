import { oktaErrors } from '../errors.ts';
import { attributeOf, compileExpression, GROUP_FILTER, GROUP_SEARCH } from '../filter.ts';
import { byId, limitOf, linkHeader, paginate, selfUrl } from '../pagination.ts';
import { renderApp, renderGroup, renderUser } from '../render.ts';
import { noContent, ok, type Route, type SimContext } from '../router.ts';
import type { GroupRecord, GroupType, Org, Profile, UserRecord } from '../store.ts';
import { groupTarget, userTarget } from '../system-log.ts';
import { appAccessOf, applyGroupProfile, logAppAccessChanges } from './app-access.ts';
import { invalidateGroupRules } from './group-rules.ts';
import { findGroup, findUser } from './lookup.ts';

/**
 * Page sizes of the Groups API (docs/okta-behaviour.md §0.3).
 * - List: the spec states no default, only a maximum of 10000; Okta's reference says that
 *   "if you don't specify a value for `limit` … only 200 results are returned for most orgs".
 * - `q`: "The default limit for a query is 300 results", and a query cannot be paged.
 * - Members: the spec's default 1000; the maximum follows the list's 10000.
 * - Group apps: the spec's default 20; no maximum is stated, so the Apps API's 200 applies.
 */
const PAGE = {
  list: { defaultLimit: 200, maxLimit: 10_000 },
  query: { defaultLimit: 300, maxLimit: 10_000 },
  members: { defaultLimit: 1000, maxLimit: 10_000 },
  apps: { defaultLimit: 20, maxLimit: 200 },
} as const;

/**
 * What Okta refuses on groups that it does not manage through the API, by group type [obs].
 * The spec documents the restrictions ("You only can modify profiles / memberships for groups of
 * the OKTA_GROUP type", "Deletes a group of the OKTA_GROUP or APP_GROUP type") but not the answer.
 * Membership changes on APP_GROUP and BUILT_IN groups answer 403 E0000006 even for a super admin
 * (okta/terraform-provider-okta#118); profile changes and deleting `Everyone` are assumed to
 * answer the same. Correct this table if a real org disagrees.
 */
const REFUSED: Record<'replace' | 'delete' | 'membership', readonly GroupType[]> = {
  replace: ['APP_GROUP', 'BUILT_IN'],
  delete: ['BUILT_IN'],
  membership: ['APP_GROUP', 'BUILT_IN'],
};

function refuseFor(operation: keyof typeof REFUSED, group: GroupRecord): void {
  if (REFUSED[operation].includes(group.type)) throw oktaErrors.forbidden();
}

/** `expand=stats,app` (Okta accepts a comma-separated list). */
function expansions(ctx: SimContext): { stats: boolean; app: boolean } {
  const names = new Set((ctx.query.get('expand') ?? '').split(',').map((s) => s.trim()));
  return { stats: names.has('stats'), app: names.has('app') };
}

/** The properties `filter` and `search` see on a group: the record, and `source.id` of an APP_GROUP. */
function searchable(group: GroupRecord): Record<string, unknown> {
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    type: group.type,
    profile: group.profile,
    source: group.sourceAppId ? { id: group.sourceAppId } : undefined,
  };
}

function sortValue(group: GroupRecord, sortBy: string): string {
  const value = attributeOf(searchable(group), sortBy);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value);
}

/**
 * The group profile of a create or replace: `name` is required, `description` and custom
 * attributes are kept as sent. Names are unique among OKTA_GROUPs, ignoring case [obs]; imported
 * APP_GROUPs may share a name with them.
 */
function profileOf(org: Org, body: unknown, self?: GroupRecord): Profile {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw oktaErrors.validation('profile', ['profile: The field cannot be left blank']);
  }
  const profile = (body as { profile?: unknown }).profile;
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    throw oktaErrors.validation('profile', ['profile: The field cannot be left blank']);
  }
  const { name, description } = profile as Profile;
  if (typeof name !== 'string' || name.trim() === '') {
    throw oktaErrors.validation('name', ['name: The field cannot be left blank']);
  }
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw oktaErrors.validation('description', ['description: Must be a string']);
  }
  const lower = name.toLowerCase();
  for (const other of org.groups.values()) {
    if (other === self || other.type !== 'OKTA_GROUP') continue;
    if (String(other.profile.name).toLowerCase() === lower) {
      throw oktaErrors.validation('name', [
        'name: An object with this field already exists in the current organization',
      ]);
    }
  }
  const out: Profile = { ...(profile as Profile) };
  if (out.description === null) delete out.description;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Groups

function listGroups(ctx: SimContext) {
  const { org, query } = ctx;
  const expand = expansions(ctx);
  const render = (g: GroupRecord) => renderGroup(org, g, expand.stats, expand.app);
  const q = query.get('q');
  const search = query.get('search');
  const filter = query.get('filter');

  if (search !== null) {
    // `search` reads Okta's eventually consistent index, not the live groups. A batch of ids is
    // looked up rather than scanned for; the expression still decides what matches.
    const matches = compileExpression(search, GROUP_SEARCH);
    let found = org.groupIndex
      .candidates(search, GROUP_SEARCH)
      .filter((g) => matches((attr) => attributeOf(searchable(g), attr)));
    const sortBy = query.get('sortBy');
    if (sortBy) {
      const descending = (query.get('sortOrder') ?? 'asc').toLowerCase() === 'desc';
      // Ties are ordered by id; the page cursor is the id, which the next page finds by value.
      found = found.sort((a, b) => {
        const va = sortValue(a, sortBy);
        const vb = sortValue(b, sortBy);
        const cmp = va < vb ? -1 : va > vb ? 1 : byId(a, b);
        return descending ? -cmp : cmp;
      });
    } else {
      found.sort(byId);
    }
    // Live memberships and app assignments for what the index found, as Okta renders it.
    const live = found.map((g) => org.groups.get(g.id) ?? g);
    const { page, headers } = paginate(ctx, live, { ...PAGE.list, cursor: (g) => g.id });
    return ok(page.map(render), headers);
  }

  let groups = [...org.groups.values()].sort(byId);
  if (filter !== null) {
    const matches = compileExpression(filter, GROUP_FILTER);
    groups = groups.filter((g) => matches((attr) => attributeOf(searchable(g), attr)));
  }
  if (q !== null) {
    // "Paging and searching are currently mutually exclusive. You can't page a query."
    const prefix = q.toLowerCase();
    const limit = limitOf(ctx, PAGE.query.defaultLimit, PAGE.query.maxLimit);
    const found = groups
      .filter((g) =>
        String(g.profile.name ?? '')
          .toLowerCase()
          .startsWith(prefix),
      )
      .slice(0, limit);
    return ok(found.map(render), { Link: [linkHeader(selfUrl(ctx), 'self')] });
  }
  const { page, headers } = paginate(ctx, groups, { ...PAGE.list, cursor: (g) => g.id });
  return ok(page.map(render), headers);
}

function createGroup(ctx: SimContext) {
  const { org } = ctx;
  const profile = profileOf(org, ctx.body);
  const now = org.now();
  const group: GroupRecord = {
    id: org.prng.id('00g'),
    created: now,
    lastUpdated: now,
    lastMembershipUpdated: now,
    type: 'OKTA_GROUP',
    profile,
    members: new Set(),
  };
  org.saveGroup(group);
  ctx.log({ eventType: 'group.lifecycle.create', targets: [groupTarget(group)] });
  return ok(renderGroup(org, group));
}

function getGroup(ctx: SimContext) {
  const group = findGroup(ctx.org, ctx.params.groupId as string);
  const expand = expansions(ctx);
  return ok(renderGroup(ctx.org, group, expand.stats, expand.app));
}

function replaceGroup(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  refuseFor('replace', group);
  const profile = profileOf(org, ctx.body, group);
  const before = group.profile;
  group.profile = profile;
  group.lastUpdated = org.now();
  org.saveGroup(group);
  ctx.log({
    eventType: 'group.profile.update',
    targets: [{ ...groupTarget(group), changeDetails: { from: before, to: profile } }],
  });
  return ok(renderGroup(org, group));
}

function deleteGroup(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  refuseFor('delete', group);
  const access = new Map([...group.members].map((userId) => [userId, appAccessOf(org, userId)]));
  org.purgeGroup(group);
  for (const userId of access.keys()) {
    for (const app of org.apps.values()) applyGroupProfile(app, userId);
  }
  ctx.log({ eventType: 'group.lifecycle.delete', targets: [groupTarget(group)] });
  for (const [userId, before] of access) logAppAccessChanges(ctx, userId, before);
  invalidateGroupRules(ctx, group.id);
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Members

function listMembers(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  const members = [...group.members]
    .map((id) => org.users.get(id))
    .filter((u): u is UserRecord => u !== undefined)
    .sort(byId);
  const { page, headers } = paginate(ctx, members, { ...PAGE.members, cursor: (u) => u.id });
  // Collections carry only the `self` link.
  return ok(
    page.map((u) => renderUser(org, u, 'self')),
    headers,
  );
}

/** Adding an existing member is a quiet success (204), as is removing a non-member [obs]. */
function addMember(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  const user = findUser(org, ctx.params.userId as string);
  refuseFor('membership', group);
  const before = appAccessOf(org, user.id);
  if (org.addMember(group, user.id)) {
    org.saveGroup(group);
    for (const app of org.apps.values())
      if (app.groups.has(group.id)) applyGroupProfile(app, user.id);
    ctx.log({
      eventType: 'group.user_membership.add',
      targets: [userTarget(user), groupTarget(group)],
    });
    logAppAccessChanges(ctx, user.id, before);
  }
  return noContent();
}

function removeMember(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  const user = findUser(org, ctx.params.userId as string);
  refuseFor('membership', group);
  const before = appAccessOf(org, user.id);
  if (org.removeMember(group, user.id)) {
    org.saveGroup(group);
    for (const app of org.apps.values()) applyGroupProfile(app, user.id);
    ctx.log({
      eventType: 'group.user_membership.remove',
      targets: [userTarget(user), groupTarget(group)],
    });
    logAppAccessChanges(ctx, user.id, before);
  }
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Assigned apps

function listGroupApps(ctx: SimContext) {
  const { org } = ctx;
  const group = findGroup(org, ctx.params.groupId as string);
  const apps = [...org.apps.values()].filter((a) => a.groups.has(group.id)).sort(byId);
  const { page, headers } = paginate(ctx, apps, { ...PAGE.apps, cursor: (a) => a.id });
  return ok(
    page.map((a) => renderApp(org, a)),
    headers,
  );
}

export const groupsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/groups', handler: listGroups },
  { method: 'POST', path: '/api/v1/groups', handler: createGroup },
  { method: 'GET', path: '/api/v1/groups/:groupId', handler: getGroup },
  {
    method: 'PUT',
    path: '/api/v1/groups/:groupId',
    handler: replaceGroup,
  },
  {
    method: 'DELETE',
    path: '/api/v1/groups/:groupId',
    handler: deleteGroup,
  },
  {
    method: 'GET',
    path: '/api/v1/groups/:groupId/users',
    handler: listMembers,
  },
  {
    method: 'PUT',
    path: '/api/v1/groups/:groupId/users/:userId',
    handler: addMember,
  },
  {
    method: 'DELETE',
    path: '/api/v1/groups/:groupId/users/:userId',
    handler: removeMember,
  },
  {
    method: 'GET',
    path: '/api/v1/groups/:groupId/apps',
    handler: listGroupApps,
  },
];
