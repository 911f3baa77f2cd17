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
import { attempt, GatewayError, ValidationError } from './errors.ts';
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

const CUSTOM_DESCRIPTION =
  'Custom attributes (the group profile schema\'s custom properties) by name, e.g. `{"costCenter": "CC-42"}`. A key set to null removes the attribute.';

const CreateGroupInput = builder.inputType('CreateGroupInput', {
  description: 'The profile of a new OKTA_GROUP.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique among OKTA_GROUPs, ignoring case.' }),
    description: t.string(),
    custom: t.field({ type: 'JSON', description: CUSTOM_DESCRIPTION }),
  }),
});

const UpdateGroupInput = builder.inputType('UpdateGroupInput', {
  description:
    "Changes to an OKTA_GROUP's profile. What the input leaves out is kept; `description: null` removes the description.",
  fields: (t) => ({
    name: t.string({
      description: 'Unique among OKTA_GROUPs, ignoring case (left out or null: kept).',
    }),
    description: t.string(),
    custom: t.field({
      type: 'JSON',
      description: `${CUSTOM_DESCRIPTION} Attributes not named are kept.`,
    }),
  }),
});

/** The profile attributes the input sets by name, never inside `custom`. */
const NAMED_ATTRIBUTES = new Set(['name', 'description']);

/** The input's custom attributes by name (null: remove), refused before any Okta call. */
function customOf(custom: unknown): Record<string, unknown> {
  if (custom == null) return {};
  if (typeof custom !== 'object' || Array.isArray(custom)) {
    throw new ValidationError('Custom attributes are an object of attribute names and values.', [
      { field: 'custom', message: 'Must be an object of attribute names and values.' },
    ]);
  }
  const named = Object.keys(custom).filter((key) => NAMED_ATTRIBUTES.has(key));
  if (named.length > 0) {
    throw new ValidationError(
      'name and description are set by name on the input, not in `custom`.',
      named.map((key) => ({ field: `custom.${key}`, message: 'Set it by name on the input.' })),
    );
  }
  return custom as Record<string, unknown>;
}

/** `profile` with the changes laid over it, key by key; a null value removes the key. */
function mergedProfile(
  profile: Record<string, unknown>,
  changes: Record<string, unknown>,
): GroupProfileInput {
  // A Map, not assignments: a key such as `__proto__` stays an attribute like any other.
  const merged = new Map(Object.entries(profile));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) merged.delete(key);
    else if (value !== undefined) merged.set(key, value);
  }
  return Object.fromEntries(merged) as GroupProfileInput;
}

/**
 * The profile changes an input asks for, by attribute (null: remove; undefined: keep), checked
 * before any Okta call. A name left out or null is kept: a group always has one.
 */
const profileChangesOf = (input: {
  name?: string | null;
  description?: string | null;
  custom?: unknown;
}): Record<string, unknown> => ({
  name: input.name ?? undefined,
  description: input.description,
  // Neither name nor description: customOf refuses them.
  ...customOf(input.custom),
});

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
    description:
      'Create an OKTA_GROUP, with custom attributes if given. A name already taken is a ConflictError.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('CreateGroup'),
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      attempt(async () => {
        const group = await ctx.okta.groups.create(mergedProfile({}, profileChangesOf(input)));
        groupWritten(ctx, group.id, group);
        return { groupId: group.id };
      }),
  }),
  updateGroup: t.field({
    type: UpdateGroupPayload,
    description:
      "Change an OKTA_GROUP's profile: what the input leaves out is kept (Okta's PUT replaces the whole profile; the gateway reads the group and sends the rest as it is: one GET, one PUT). APP_GROUP and BUILT_IN groups are read-only: ReadOnlyGroupError.",
    authScopes: oktaOperationScopes,
    errors: groupWriteErrors('UpdateGroup'),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateGroupInput, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const changes = profileChangesOf(args.input);
        // Okta's PUT replaces the whole profile, so the new one is the group as Okta has it now
        // with the changes laid over it: custom attributes and a description the input leaves
        // out are kept (a PUT of name and description alone would delete them). The read costs
        // nothing extra, as the group's type is checked before the write anyway. Another
        // admin's change between the read and the PUT is overwritten: Okta's group PUT has no
        // precondition.
        const current = await readGroupNow(ctx, String(args.id));
        assertGroupAllows(current, 'UPDATE');
        const group = await ctx.okta.groups.replace(
          current.id,
          mergedProfile(current.profile, changes),
        );
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
