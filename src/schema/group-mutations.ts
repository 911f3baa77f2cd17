import type { Context } from '../context.ts';
import { readGroupNow, readUserNow } from '../loaders/read-now.ts';
import { groupDeleted, groupWritten, membershipWritten } from '../loaders/stale.ts';
import type { GroupProfileInput, OktaGroup, OktaUser } from '../okta/index.ts';
import {
  GROUP_TYPES_REFUSED,
  type GroupWrite,
  type ReadOnlyGroupType,
  refuses,
} from '../workflows/lifecycle.ts';
import { builder } from './builder.ts';
import { ErrorInterface, MUTATION_ERRORS, mutationErrors } from './error-types.ts';
import { attempt, GatewayError } from './errors.ts';
import { Group, GroupType as GroupTypeEnum } from './group.ts';
import { oktaOperationScopes } from './mutation-operations.ts';
import { User } from './user.ts';

// ── Read-only group types ────────────────────────────────────────────────────────────────────

const WHY_READ_ONLY: Record<ReadOnlyGroupType, string> = {
  APP_GROUP: 'its profile and members come from the app or directory it is imported from',
  BUILT_IN: 'Okta manages it (every user is a member) and it cannot be changed',
};

/** A write the group's type does not allow. */
export class ReadOnlyGroupError extends GatewayError {
  readonly code = 'READ_ONLY_GROUP';
  constructor(
    readonly groupId: string,
    readonly groupType: ReadOnlyGroupType,
    readonly action: GroupWrite,
  ) {
    super(
      `${action} is not allowed on group ${groupId} of type ${groupType}: ${WHY_READ_ONLY[groupType]}.`,
    );
  }
}

const GroupWriteEnum = builder.enumType('GroupWrite', {
  description: 'A write on a group that some group types refuse.',
  values: Object.keys(GROUP_TYPES_REFUSED) as GroupWrite[],
});

builder.objectType(ReadOnlyGroupError, {
  name: 'ReadOnlyGroupError',
  description:
    'The group is of a type Okta does not let this write change: APP_GROUP (profile and members are imported) or BUILT_IN (Everyone).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    groupId: t.exposeID('groupId'),
    groupType: t.field({ type: GroupTypeEnum, resolve: (e) => e.groupType }),
    // Not `action`: InvalidTransitionError's `action` is a String, and one selection on the
    // Error interface could not ask both.
    write: t.field({ type: GroupWriteEnum, resolve: (e) => e.action }),
  }),
});

/** The errors of a mutation that may meet a read-only group. */
const groupWriteErrors = (name: string) => ({
  ...mutationErrors(name),
  types: [...MUTATION_ERRORS, ReadOnlyGroupError],
});

function assertGroupAllows(group: OktaGroup, action: GroupWrite): void {
  if (refuses(action, group.type)) throw new ReadOnlyGroupError(group.id, group.type, action);
}

// ── Inputs and payloads ──────────────────────────────────────────────────────────────────────

const GroupProfileFields = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      name: t.string({ required: true, description: 'Unique among OKTA_GROUPs, ignoring case.' }),
      description: t.string(),
    }),
  });

const CreateGroupInput = GroupProfileFields('CreateGroupInput', 'The profile of a new OKTA_GROUP.');
const UpdateGroupInput = GroupProfileFields(
  'UpdateGroupInput',
  "The group's whole new profile: as Okta's PUT does, it replaces the profile, so a description (or custom attribute) left out is removed.",
);

const profileOf = (input: { name: string; description?: string | null }): GroupProfileInput =>
  input.description == null
    ? { name: input.name }
    : { name: input.name, description: input.description };

interface GroupPayloadShape {
  groupId: string;
}

const GroupPayload = (name: string, description: string) =>
  builder.objectRef<GroupPayloadShape>(`${name}Payload`).implement({
    description,
    fields: (t) => ({ group: t.field({ type: Group, resolve: (p) => p.groupId }) }),
  });

const CreateGroupPayload = GroupPayload('CreateGroup', 'The new group (type OKTA_GROUP).');
const UpdateGroupPayload = GroupPayload('UpdateGroup', 'The group with its new profile.');

const DeleteGroupPayload = builder
  .objectRef<{ deletedGroupId: string }>('DeleteGroupPayload')
  .implement({
    description: 'The group is gone; its members lost it and the apps it granted them.',
    fields: (t) => ({ deletedGroupId: t.exposeID('deletedGroupId') }),
  });

interface MembershipShape {
  groupId: string;
  user: OktaUser;
}

const MembershipPayload = (name: string, description: string) =>
  builder.objectRef<MembershipShape>(`${name}Payload`).implement({
    description,
    fields: (t) => ({
      group: t.field({ type: Group, resolve: (p) => p.groupId }),
      user: t.field({ type: User, resolve: (p) => p.user }),
    }),
  });

const AddUserToGroupPayload = MembershipPayload(
  'AddUserToGroup',
  'The group and its new member (adding a member again changes nothing, as in Okta).',
);
const RemoveUserFromGroupPayload = MembershipPayload(
  'RemoveUserFromGroup',
  'The group and the user, no longer a member (removing a non-member changes nothing, as in Okta).',
);

/**
 * Add or remove a member: read both by id (a clear NotFoundError for either, and the group's
 * type), refuse a read-only group before calling Okta, change, and invalidate what depends on it.
 */
async function changeMembership(
  ctx: Context,
  groupId: string,
  userId: string,
  change: (groupId: string, userId: string) => Promise<void>,
): Promise<MembershipShape> {
  const [group, user] = await Promise.all([readGroupNow(ctx, groupId), readUserNow(ctx, userId)]);
  assertGroupAllows(group, 'CHANGE_MEMBERSHIP');
  await change(group.id, user.id);
  membershipWritten(ctx, group.id, user.id);
  return { groupId: group.id, user };
}

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

builder.mutationFields((t) => ({
  createGroup: t.field({
    type: CreateGroupPayload,
    description: 'Create an OKTA_GROUP. A name already taken is a ConflictError.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('CreateGroup'),
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      attempt(async () => {
        const group = await ctx.okta.groups.create(profileOf(input));
        groupWritten(ctx, group.id, group);
        return { groupId: group.id };
      }),
  }),
  updateGroup: t.field({
    type: UpdateGroupPayload,
    description:
      "Replace an OKTA_GROUP's profile (Okta's PUT: what the input leaves out is removed). APP_GROUP and BUILT_IN groups are read-only: ReadOnlyGroupError.",
    authScopes: oktaOperationScopes,
    errors: groupWriteErrors('UpdateGroup'),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateGroupInput, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const before = await readGroupNow(ctx, String(args.id));
        assertGroupAllows(before, 'UPDATE');
        const group = await ctx.okta.groups.replace(before.id, profileOf(args.input));
        groupWritten(ctx, group.id, group);
        return { groupId: group.id };
      }),
  }),
  deleteGroup: t.field({
    type: DeleteGroupPayload,
    description:
      'Delete a group: OKTA_GROUPs and imported APP_GROUPs; BUILT_IN (Everyone) is refused with ReadOnlyGroupError.',
    authScopes: oktaOperationScopes,
    errors: groupWriteErrors('DeleteGroup'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const group = await readGroupNow(ctx, String(args.id));
        assertGroupAllows(group, 'DELETE');
        await ctx.okta.groups.delete(group.id);
        groupDeleted(ctx, group.id);
        return { deletedGroupId: group.id };
      }),
  }),
  addUserToGroup: t.field({
    type: AddUserToGroupPayload,
    description:
      'Make a user a member of an OKTA_GROUP (and so give them the apps assigned to it). Already a member: no change.',
    authScopes: oktaOperationScopes,
    errors: groupWriteErrors('AddUserToGroup'),
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        changeMembership(ctx, String(args.groupId), String(args.userId), (g, u) =>
          ctx.okta.groups.addMember(g, u),
        ),
      ),
  }),
  removeUserFromGroup: t.field({
    type: RemoveUserFromGroupPayload,
    description:
      'Remove a user from an OKTA_GROUP (and the apps they had only through it). Not a member: no change.',
    authScopes: oktaOperationScopes,
    errors: groupWriteErrors('RemoveUserFromGroup'),
    args: { groupId: t.arg.id({ required: true }), userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        changeMembership(ctx, String(args.groupId), String(args.userId), (g, u) =>
          ctx.okta.groups.removeMember(g, u),
        ),
      ),
  }),
}));
