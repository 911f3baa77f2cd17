import type { Context } from '../context.ts';
import { readGroupNow, readUserNow } from '../loaders/read-now.ts';
import { groupRolesWritten, userRolesWritten } from '../loaders/stale.ts';
import { type RoleAssignment as OktaRoleAssignment, STANDARD_ROLE_TYPES } from '../okta/index.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt, ConflictError, ValidationError } from './errors.ts';
import { Group } from './group.ts';
import { User } from './user.ts';

// Admin roles: Okta's standard roles, held by a user itself or through a group it is in.
// Okta adds role types over time: `type` names those the graph knows (UNKNOWN for the others)
// and `typeRaw` is Okta's value as it came, so a new type still reads.

const READ = { okta: 'okta.roles.read' } as const;
const MANAGE = { okta: 'okta.roles.manage' } as const;

const UNKNOWN = 'UNKNOWN';
const KNOWN_TYPES = new Set<string>(STANDARD_ROLE_TYPES);

/** The enum value of a role type Okta sends: UNKNOWN for a type the graph does not know yet. */
export const adminRoleTypeOf = (raw: string): string => (KNOWN_TYPES.has(raw) ? raw : UNKNOWN);

export const AdminRoleType = builder.enumType('AdminRoleType', {
  description:
    "Okta's standard admin role types. UNKNOWN: a type Okta added since (its value is in `typeRaw`).",
  values: [...STANDARD_ROLE_TYPES, UNKNOWN] as const,
});

export const RoleAssignmentType = builder.enumType('RoleAssignmentType', {
  description: 'USER: held by the user itself. GROUP: held through a group the user is in.',
  values: ['USER', 'GROUP'] as const,
});

export const RoleAssignment = builder.objectRef<OktaRoleAssignment>('RoleAssignment').implement({
  description: 'An admin role held by a user or a group.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({
      type: AdminRoleType,
      resolve: (r) => adminRoleTypeOf(r.type) as (typeof STANDARD_ROLE_TYPES)[number],
    }),
    typeRaw: t.string({ description: "Okta's role type as it sent it.", resolve: (r) => r.type }),
    label: t.exposeString('label'),
    status: t.exposeString('status'),
    assignmentType: t.field({
      type: RoleAssignmentType,
      nullable: true,
      description: 'Null for an assignment type Okta added since.',
      resolve: (r) =>
        r.assignmentType === 'USER' || r.assignmentType === 'GROUP' ? r.assignmentType : null,
    }),
    created: t.field({ type: 'DateTime', resolve: (r) => r.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (r) => r.lastUpdated }),
  }),
});

async function rolesOf(
  load: (ctx: Context) => Promise<OktaRoleAssignment[] | Error>,
  ctx: Context,
): Promise<OktaRoleAssignment[]> {
  const roles = await load(ctx);
  if (roles instanceof Error) throw roles;
  return roles;
}

builder.objectFields(User, (t) => ({
  adminRoles: t.field({
    type: [RoleAssignment],
    description:
      'The admin roles the user holds, itself (assignmentType USER) and through its groups (GROUP).',
    authScopes: READ,
    resolve: (user, _args, ctx) => rolesOf((c) => c.loaders.rolesOfUser.load(user.id), ctx),
  }),
}));

builder.objectFields(Group, (t) => ({
  adminRoles: t.field({
    type: [RoleAssignment],
    description: 'The admin roles the group holds; every member holds them through it.',
    authScopes: READ,
    resolve: (group, _args, ctx) => rolesOf((c) => c.loaders.rolesOfGroup.load(group.id), ctx),
  }),
}));

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

const AssignAdminRolePayload = builder
  .objectRef<{ roleAssignment: OktaRoleAssignment; userId: string }>('AssignAdminRolePayload')
  .implement({
    description: 'The role the user now holds itself.',
    fields: (t) => ({
      roleAssignment: t.field({ type: RoleAssignment, resolve: (p) => p.roleAssignment }),
      user: t.field({ type: User, resolve: (p) => p.userId }),
    }),
  });

const UnassignAdminRolePayload = builder
  .objectRef<{ unassignedRoleAssignmentId: string; userId: string }>('UnassignAdminRolePayload')
  .implement({
    description: 'The user no longer holds the role itself.',
    fields: (t) => ({
      unassignedRoleAssignmentId: t.exposeID('unassignedRoleAssignmentId'),
      user: t.field({ type: User, resolve: (p) => p.userId }),
    }),
  });

const AssignAdminRoleToGroupPayload = builder
  .objectRef<{ roleAssignment: OktaRoleAssignment; groupId: string }>(
    'AssignAdminRoleToGroupPayload',
  )
  .implement({
    description: 'The role the group now holds (and its members through it).',
    fields: (t) => ({
      roleAssignment: t.field({ type: RoleAssignment, resolve: (p) => p.roleAssignment }),
      group: t.field({ type: Group, resolve: (p) => p.groupId }),
    }),
  });

const UnassignAdminRoleFromGroupPayload = builder
  .objectRef<{ unassignedRoleAssignmentId: string; groupId: string }>(
    'UnassignAdminRoleFromGroupPayload',
  )
  .implement({
    description: 'The group (and its members through it) no longer holds the role.',
    fields: (t) => ({
      unassignedRoleAssignmentId: t.exposeID('unassignedRoleAssignmentId'),
      group: t.field({ type: Group, resolve: (p) => p.groupId }),
    }),
  });

/** A role type to assign: one the graph knows (UNKNOWN names no role). */
function assignable(type: string): string {
  if (type === UNKNOWN) {
    throw new ValidationError('UNKNOWN names no role type to assign.', [
      { field: 'type', message: 'Give a standard role type.' },
    ]);
  }
  return type;
}

const assignmentTarget = (id: string) => ({ target: { resource: 'RoleAssignment', id } });

builder.mutationFields((t) => ({
  assignAdminRole: t.field({
    type: AssignAdminRolePayload,
    description:
      'Give a user a standard admin role, held by the user itself. A role it already holds itself is a ConflictError.',
    authScopes: MANAGE,
    errors: mutationErrors('AssignAdminRole'),
    args: {
      userId: t.arg.id({ required: true }),
      type: t.arg({ type: AdminRoleType, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const type = assignable(args.type);
        const user = await readUserNow(ctx, String(args.userId));
        const roleAssignment = await ctx.okta.roles.assignToUser(user.id, type);
        userRolesWritten(ctx, user.id);
        return { roleAssignment, userId: user.id };
      }).catch(alreadyHeld),
  }),
  unassignAdminRole: t.field({
    type: UnassignAdminRolePayload,
    description:
      'Take away a role the user holds itself (one held through a group goes with the group’s).',
    authScopes: MANAGE,
    errors: mutationErrors('UnassignAdminRole'),
    args: {
      userId: t.arg.id({ required: true }),
      roleAssignmentId: t.arg.id({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const userId = String(args.userId);
          const id = String(args.roleAssignmentId);
          await ctx.okta.roles.unassignFromUser(userId, id);
          userRolesWritten(ctx, userId);
          return { unassignedRoleAssignmentId: id, userId };
        },
        assignmentTarget(String(args.roleAssignmentId)),
      ),
  }),
  assignAdminRoleToGroup: t.field({
    type: AssignAdminRoleToGroupPayload,
    description:
      'Give a group a standard admin role: every member holds it through the group. A role the group holds already is a ConflictError.',
    authScopes: MANAGE,
    errors: mutationErrors('AssignAdminRoleToGroup'),
    args: {
      groupId: t.arg.id({ required: true }),
      type: t.arg({ type: AdminRoleType, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const type = assignable(args.type);
        const group = await readGroupNow(ctx, String(args.groupId));
        const roleAssignment = await ctx.okta.roles.assignToGroup(group.id, type);
        groupRolesWritten(ctx, group.id);
        return { roleAssignment, groupId: group.id };
      }).catch(alreadyHeld),
  }),
  unassignAdminRoleFromGroup: t.field({
    type: UnassignAdminRoleFromGroupPayload,
    description: 'Take a role away from a group, and so from its members.',
    authScopes: MANAGE,
    errors: mutationErrors('UnassignAdminRoleFromGroup'),
    args: {
      groupId: t.arg.id({ required: true }),
      roleAssignmentId: t.arg.id({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const groupId = String(args.groupId);
          const id = String(args.roleAssignmentId);
          await ctx.okta.roles.unassignFromGroup(groupId, id);
          groupRolesWritten(ctx, groupId);
          return { unassignedRoleAssignmentId: id, groupId };
        },
        assignmentTarget(String(args.roleAssignmentId)),
      ),
  }),
}));

/** Okta words "already assigned" without "already exists": it is a conflict all the same. */
function alreadyHeld(error: unknown): never {
  if (
    error instanceof ValidationError &&
    error.fields.some((f) => /already assigned/i.test(f.message))
  ) {
    throw new ConflictError('The holder already has this role.', error.fields);
  }
  throw error;
}
