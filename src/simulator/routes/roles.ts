import { OktaSimError, oktaErrors } from '../errors.ts';
import { noContent, ok, type Route, type SimContext, type SimReply } from '../router.ts';
import type { GroupRecord, Org, RoleAssignmentRecord, UserRecord } from '../store.ts';
import { groupTarget, userTarget } from '../system-log.ts';

/**
 * Standard admin role assignments (`/api/v1/users/{userId}/roles`, `/api/v1/groups/{groupId}/roles`).
 *
 * A role is held by a user directly (`assignmentType: USER`) or through a group: every member of a
 * group that holds a role has it, and the member's own list shows it with `assignmentType: GROUP`,
 * the group's assignment id and an `assignee` link to the group (Okta's StandardRolesListResponse
 * example shows exactly such an entry in a user's list).
 *
 * [obs] Assumptions where Okta's documents are silent:
 * - only the nine standard roles of StandardRole's discriminator are modelled; the IAM-based
 *   roles (WORKFLOWS_ADMIN, ACCESS_*) and CUSTOM roles answer 400 E0000001;
 * - assigning a role the user (or group) already holds directly answers 400 E0000001 "The role
 *   specified is already assigned to the user." (Okta's UserAdminException text);
 * - a user's GROUP-held role cannot be unassigned through the user (404, as an unknown id);
 * - roles cannot be assigned to the BUILT_IN Everyone group;
 * - the labels follow Okta's examples (SUPER_ADMIN "Super Organization Administrator") and, for
 *   roles no example shows, RoleType's description ("Read-Only Administrator");
 * - rate limits: the role paths count against `default` (Okta's table names none of them);
 * - `expand=targets/…` embeds nothing: the simulator's roles have no targets (they apply to all).
 * Events: `user.account.privilege.grant` / `.revoke` and `group.privilege.grant` / `.revoke`,
 * with the role's label as `debugData.privilegeGranted` / `privilegeRevoked`.
 */

export const STANDARD_ROLE_LABELS: Readonly<Record<string, string>> = {
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  APP_ADMIN: 'Application Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  ORG_ADMIN: 'Organization Administrator',
  READ_ONLY_ADMIN: 'Read-Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
  SUPER_ADMIN: 'Super Organization Administrator',
  USER_ADMIN: 'User Administrator',
};

/** Role types Okta accepts on assignment that the simulator does not model. */
const UNMODELLED_ROLE_TYPES = [
  'ACCESS_CERTIFICATIONS_ADMIN',
  'ACCESS_REQUESTS_ADMIN',
  'WORKFLOWS_ADMIN',
  'CUSTOM',
];

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** An assignment whose holder is gone goes with it. */
function holderExists(org: Org, assignment: RoleAssignmentRecord): boolean {
  return assignment.assignee.kind === 'USER'
    ? org.users.has(assignment.assignee.id)
    : org.groups.has(assignment.assignee.id);
}

function assignmentsOf(org: Org, kind: 'USER' | 'GROUP', id: string): RoleAssignmentRecord[] {
  const found: RoleAssignmentRecord[] = [];
  for (const assignment of [...org.roleAssignments.values()]) {
    if (!holderExists(org, assignment)) {
      org.roleAssignments.delete(assignment.id);
      continue;
    }
    if (assignment.assignee.kind === kind && assignment.assignee.id === id) found.push(assignment);
  }
  return found.sort(byId);
}

/** The roles a user holds: directly, then through each of their groups. */
export function effectiveRolesOf(org: Org, userId: string): RoleAssignmentRecord[] {
  const direct = assignmentsOf(org, 'USER', userId);
  const groupIds = [...(org.userGroups.get(userId) ?? [])].sort();
  return [...direct, ...groupIds.flatMap((groupId) => assignmentsOf(org, 'GROUP', groupId))];
}

/** Whether a group holds an admin role (a group's `stats.hasAdminPrivilege`). */
export function groupHoldsRole(org: Org, groupId: string): boolean {
  return assignmentsOf(org, 'GROUP', groupId).length > 0;
}

export function renderRoleAssignment(org: Org, assignment: RoleAssignmentRecord) {
  const path = assignment.assignee.kind === 'USER' ? 'users' : 'groups';
  return {
    id: assignment.id,
    label: assignment.label,
    type: assignment.type,
    status: 'ACTIVE',
    created: assignment.created,
    lastUpdated: assignment.lastUpdated,
    assignmentType: assignment.assignee.kind,
    _links: {
      assignee: { href: `${org.baseUrl}/api/v1/${path}/${assignment.assignee.id}` },
    },
  };
}

/** A new assignment record (the seed uses it too). */
export function newRoleAssignment(
  org: Org,
  id: string,
  type: string,
  assignee: RoleAssignmentRecord['assignee'],
  at: string,
): RoleAssignmentRecord {
  const assignment: RoleAssignmentRecord = {
    id,
    type,
    label: STANDARD_ROLE_LABELS[type] ?? type,
    created: at,
    lastUpdated: at,
    assignee,
  };
  org.roleAssignments.set(id, assignment);
  return assignment;
}

function userOf(ctx: SimContext): UserRecord {
  const key = ctx.params.userId as string;
  const lookup = key === 'me' && ctx.principal ? ctx.principal.id : key;
  const user = ctx.org.findUser(lookup);
  if (!user) throw oktaErrors.notFound(key, 'User');
  return user;
}

function groupOf(ctx: SimContext): GroupRecord {
  const id = ctx.params.groupId as string;
  const group = ctx.org.groups.get(id);
  if (!group) throw oktaErrors.notFound(id, 'UserGroup');
  return group;
}

const alreadyAssigned = (holder: 'user' | 'group') =>
  new OktaSimError(400, 'E0000001', 'Api validation failed: type', [
    `type: The role specified is already assigned to the ${holder}.`,
  ]);

/** The `type` of an assign request: one of the standard roles the simulator models. */
function roleTypeOf(ctx: SimContext): string {
  const body = ctx.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw oktaErrors.malformedBody();
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || type === '') {
    throw oktaErrors.validation('type', ['type: The field cannot be left blank']);
  }
  if (UNMODELLED_ROLE_TYPES.includes(type)) {
    throw oktaErrors.validation('type', [
      `type: The simulator assigns only standard roles; '${type}' is not modelled`,
    ]);
  }
  if (!(type in STANDARD_ROLE_LABELS)) {
    throw oktaErrors.validation('type', [`type: '${type}' is not a valid role type`]);
  }
  return type;
}

// ---------------------------------------------------------------------------------------------
// Users

function listUserRoles(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  return ok(effectiveRolesOf(ctx.org, user.id).map((a) => renderRoleAssignment(ctx.org, a)));
}

function getUserRole(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  const id = ctx.params.roleAssignmentId as string;
  const assignment = effectiveRolesOf(ctx.org, user.id).find((a) => a.id === id);
  if (!assignment) throw oktaErrors.notFound(id, 'RoleAssignment');
  return ok(renderRoleAssignment(ctx.org, assignment));
}

function assignUserRole(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  const type = roleTypeOf(ctx);
  if (assignmentsOf(org, 'USER', user.id).some((a) => a.type === type)) {
    throw alreadyAssigned('user');
  }
  const assignment = newRoleAssignment(
    org,
    org.prng.id('ra1'),
    type,
    {
      kind: 'USER',
      id: user.id,
    },
    org.now(),
  );
  ctx.log({
    eventType: 'user.account.privilege.grant',
    targets: [userTarget(user)],
    debugData: { privilegeGranted: assignment.label },
  });
  return { status: 201, body: renderRoleAssignment(org, assignment) };
}

function unassignUserRole(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  const id = ctx.params.roleAssignmentId as string;
  const assignment = assignmentsOf(org, 'USER', user.id).find((a) => a.id === id);
  if (!assignment) throw oktaErrors.notFound(id, 'RoleAssignment');
  org.roleAssignments.delete(id);
  ctx.log({
    eventType: 'user.account.privilege.revoke',
    targets: [userTarget(user)],
    debugData: { privilegeRevoked: assignment.label },
  });
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Groups

function listGroupRoles(ctx: SimContext): SimReply {
  const group = groupOf(ctx);
  return ok(assignmentsOf(ctx.org, 'GROUP', group.id).map((a) => renderRoleAssignment(ctx.org, a)));
}

function getGroupRole(ctx: SimContext): SimReply {
  const group = groupOf(ctx);
  const id = ctx.params.roleAssignmentId as string;
  const assignment = assignmentsOf(ctx.org, 'GROUP', group.id).find((a) => a.id === id);
  if (!assignment) throw oktaErrors.notFound(id, 'RoleAssignment');
  return ok(renderRoleAssignment(ctx.org, assignment));
}

function assignGroupRole(ctx: SimContext): SimReply {
  const { org } = ctx;
  const group = groupOf(ctx);
  const type = roleTypeOf(ctx);
  if (group.type === 'BUILT_IN') {
    throw oktaErrors.validation('groupId', [
      'groupId: Admin roles cannot be assigned to the Everyone group',
    ]);
  }
  if (assignmentsOf(org, 'GROUP', group.id).some((a) => a.type === type)) {
    throw alreadyAssigned('group');
  }
  const assignment = newRoleAssignment(
    org,
    org.prng.id('gra'),
    type,
    {
      kind: 'GROUP',
      id: group.id,
    },
    org.now(),
  );
  ctx.log({
    eventType: 'group.privilege.grant',
    targets: [groupTarget(group)],
    debugData: { privilegeGranted: assignment.label },
  });
  // The document gives the group assignment's answer as 200 with the assignment.
  return ok(renderRoleAssignment(org, assignment));
}

function unassignGroupRole(ctx: SimContext): SimReply {
  const { org } = ctx;
  const group = groupOf(ctx);
  const id = ctx.params.roleAssignmentId as string;
  const assignment = assignmentsOf(org, 'GROUP', group.id).find((a) => a.id === id);
  if (!assignment) throw oktaErrors.notFound(id, 'RoleAssignment');
  org.roleAssignments.delete(id);
  ctx.log({
    eventType: 'group.privilege.revoke',
    targets: [groupTarget(group)],
    debugData: { privilegeRevoked: assignment.label },
  });
  return noContent();
}

export const rolesRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/users/:userId/roles', handler: listUserRoles },
  { method: 'POST', path: '/api/v1/users/:userId/roles', handler: assignUserRole },
  {
    method: 'GET',
    path: '/api/v1/users/:userId/roles/:roleAssignmentId',
    handler: getUserRole,
  },
  {
    method: 'DELETE',
    path: '/api/v1/users/:userId/roles/:roleAssignmentId',
    handler: unassignUserRole,
  },
  { method: 'GET', path: '/api/v1/groups/:groupId/roles', handler: listGroupRoles },
  {
    method: 'POST',
    path: '/api/v1/groups/:groupId/roles',
    handler: assignGroupRole,
  },
  {
    method: 'GET',
    path: '/api/v1/groups/:groupId/roles/:roleAssignmentId',
    handler: getGroupRole,
  },
  {
    method: 'DELETE',
    path: '/api/v1/groups/:groupId/roles/:roleAssignmentId',
    handler: unassignGroupRole,
  },
];
