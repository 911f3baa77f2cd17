import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import type { GroupRecord, GroupType, UserRecord } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';

const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on NotFoundError { resource id }
  ... on ValidationError { fields { field message } }
  ... on ConflictError { fields { field message } }
`;
const READ_ONLY_FIELDS = /* GraphQL */ `
  ... on ReadOnlyGroupError { groupId groupType write }
`;

const CREATE = /* GraphQL */ `
  mutation($input: CreateGroupInput!) {
    createGroup(input: $input) {
      __typename
      ... on CreateGroupPayload { group { id name description type memberCount } }
      ${ERROR_FIELDS}
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation($id: ID!, $input: UpdateGroupInput!) {
    updateGroup(id: $id, input: $input) {
      __typename
      ... on UpdateGroupPayload { group { id name description profile } }
      ${ERROR_FIELDS}
      ${READ_ONLY_FIELDS}
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation($id: ID!) {
    deleteGroup(id: $id) {
      __typename
      ... on DeleteGroupPayload { deletedGroupId }
      ${ERROR_FIELDS}
      ${READ_ONLY_FIELDS}
    }
  }
`;

const MEMBERSHIP = (mutation: string, payload: string) => /* GraphQL */ `
  mutation($groupId: ID!, $userId: ID!) {
    ${mutation}(groupId: $groupId, userId: $userId) {
      __typename
      ... on ${payload} {
        group { id memberCount }
        user { id isMemberOf(groupId: $groupId) }
      }
      ${ERROR_FIELDS}
      ${READ_ONLY_FIELDS}
    }
  }
`;
const ADD = MEMBERSHIP('addUserToGroup', 'AddUserToGroupPayload');
const REMOVE = MEMBERSHIP('removeUserFromGroup', 'RemoveUserFromGroupPayload');

type Result = { __typename: string } & Record<string, unknown>;
type Answer<K extends string> = Record<K, Result>;

const UNKNOWN_GROUP = '00g00000000000000000';
const UNKNOWN_USER = '00u00000000000000000';

describe('group mutations', () => {
  // Okta's group search lags writes: the payloads and later reads must not depend on it.
  const stack = useStack({ sim: { searchLagMs: 60_000 } });
  beforeEach(() => stack.oktaCalls.reset());
  let seeded = new Set<string>();
  beforeAll(() => {
    seeded = new Set(stack.sim.org.groups.keys());
  });

  const groupOf = (type: GroupType): GroupRecord => {
    const group = [...stack.sim.org.groups.values()].find((g) => g.type === type);
    if (!group) throw new Error(`the demo org has no ${type} group`);
    return group;
  };
  const activeUsers = (n: number): UserRecord[] =>
    [...stack.sim.org.users.values()]
      .filter((u) => u.status === 'ACTIVE' && u.id !== stack.adminId)
      .slice(0, n);
  const activeUser = () => activeUsers(1)[0] as UserRecord;
  const logSince = (before: number) =>
    stack.sim.org.log.slice(before).map((e) => ({
      eventType: e.event.eventType,
      targets: ((e.event.target ?? []) as { id: string }[]).map((t) => t.id),
    }));

  let made = 0;
  /** A fresh OKTA_GROUP made straight in Okta, with the given members. */
  const freshGroup = async (members: UserRecord[] = []) => {
    made += 1;
    const group = await stack.okta.groups.create({ name: `Mutation test group ${made}` });
    for (const user of members) await stack.okta.groups.addMember(group.id, user.id);
    stack.oktaCalls.reset();
    return stack.sim.org.groups.get(group.id) as GroupRecord;
  };

  describe('createGroup', () => {
    it('creates an OKTA_GROUP, returns it and writes group.lifecycle.create', async () => {
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'createGroup'>>(CREATE, {
        input: { name: 'Field Engineering', description: 'Engineers at customer sites' },
      });
      expect(res.errors).toBeUndefined();
      const group = res.data?.createGroup.group as { id: string };
      expect(res.data?.createGroup).toEqual({
        __typename: 'CreateGroupPayload',
        group: {
          id: group.id,
          name: 'Field Engineering',
          description: 'Engineers at customer sites',
          type: 'OKTA_GROUP',
          memberCount: 0,
        },
      });
      expect(stack.sim.org.groups.get(group.id)?.profile).toEqual({
        name: 'Field Engineering',
        description: 'Engineers at customer sites',
      });
      expect(logSince(before)).toEqual([
        { eventType: 'group.lifecycle.create', targets: [group.id] },
      ]);
      expect(stack.oktaCalls.count('POST /api/v1/groups')).toBe(1);
    });

    it('creates a group with custom attributes, leaving out those set to null', async () => {
      const res = await stack.graphql<{ createGroup: { group: { id: string; profile: unknown } } }>(
        'mutation($input: CreateGroupInput!) { createGroup(input: $input) { ... on CreateGroupPayload { group { id profile } } } }',
        { input: { name: 'Custom at birth', custom: { costCenter: 'CC-9', region: null } } },
      );
      const group = res.data?.createGroup.group;
      expect(group?.profile).toEqual({ name: 'Custom at birth', costCenter: 'CC-9' });
      expect(stack.sim.org.groups.get(group?.id ?? '')?.profile).toEqual({
        name: 'Custom at birth',
        costCenter: 'CC-9',
      });
      expect(stack.oktaCalls.count('POST /api/v1/groups')).toBe(1);
    });

    it('is found by id right after, though group search has not caught up', async () => {
      const created = await stack.graphql<{ createGroup: { group: { id: string } } }>(CREATE, {
        input: { name: 'Read your writes' },
      });
      const id = created.data?.createGroup.group.id;
      const res = await stack.graphql<{ group: { id: string; name: string } | null }>(
        'query($id: ID!) { group(id: $id) { id name } }',
        { id },
      );
      expect(res.data?.group).toEqual({ id, name: 'Read your writes' });
    });

    it('answers a name already taken with ConflictError and creates nothing', async () => {
      const taken = groupOf('OKTA_GROUP').profile.name as string;
      const groups = stack.sim.org.groups.size;
      const res = await stack.graphql<Answer<'createGroup'>>(CREATE, {
        input: { name: taken.toUpperCase() },
      });
      expect(res.data?.createGroup).toEqual({
        __typename: 'ConflictError',
        code: 'CONFLICT',
        message: 'An object with these values already exists in Okta.',
        fields: [
          {
            field: 'name',
            message: 'An object with this field already exists in the current organization',
          },
        ],
      });
      expect(stack.sim.org.groups.size).toBe(groups);
    });

    it('answers a blank name with ValidationError naming the field', async () => {
      const res = await stack.graphql<Answer<'createGroup'>>(CREATE, { input: { name: ' ' } });
      expect(res.data?.createGroup).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [{ field: 'name', message: 'The field cannot be left blank' }],
      });
    });
  });

  describe('updateGroup', () => {
    it('changes the name, keeps the description left out, and writes group.profile.update', async () => {
      const made = await stack.okta.groups.create({ name: 'Before', description: 'Old text' });
      stack.oktaCalls.reset();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, {
        id: made.id,
        input: { name: 'After' },
      });
      expect(res.data?.updateGroup).toEqual({
        __typename: 'UpdateGroupPayload',
        group: {
          id: made.id,
          name: 'After',
          description: 'Old text',
          profile: { name: 'After', description: 'Old text' },
        },
      });
      expect(stack.sim.org.groups.get(made.id)?.profile).toEqual({
        name: 'After',
        description: 'Old text',
      });
      expect(logSince(before)).toEqual([{ eventType: 'group.profile.update', targets: [made.id] }]);
      // Okta's PUT replaces the whole profile: one read of the group as it is, one write.
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/groups/:groupId': 1,
        'PUT /api/v1/groups/:groupId': 1,
      });
    });

    it('keeps custom attributes when only the description changes', async () => {
      const custom = { costCenter: 'CC-4410', region: 'EMEA', owners: ['ana', 'bo'], tier: 2 };
      const made = await stack.okta.groups.create({ name: 'Custom keeper', ...custom });
      stack.oktaCalls.reset();
      const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, {
        id: made.id,
        input: { description: 'Now with a description' },
      });
      const profile = { name: 'Custom keeper', ...custom, description: 'Now with a description' };
      expect(res.data?.updateGroup).toEqual({
        __typename: 'UpdateGroupPayload',
        group: {
          id: made.id,
          name: 'Custom keeper',
          description: 'Now with a description',
          profile,
        },
      });
      expect(stack.sim.org.groups.get(made.id)?.profile).toEqual(profile);
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/groups/:groupId': 1,
        'PUT /api/v1/groups/:groupId': 1,
      });
    });

    it('sets and removes custom attributes key by key, and removes a null description', async () => {
      const made = await stack.okta.groups.create({
        name: 'Custom editor',
        description: 'Goes away',
        costCenter: 'CC-1',
        region: 'EMEA',
        tier: 1,
      });
      stack.oktaCalls.reset();
      const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, {
        id: made.id,
        input: {
          description: null,
          custom: { costCenter: 'CC-2', region: null, escalation: { pager: 'ops', level: 3 } },
        },
      });
      const profile = {
        name: 'Custom editor',
        costCenter: 'CC-2',
        tier: 1,
        escalation: { pager: 'ops', level: 3 },
      };
      expect(res.data?.updateGroup).toEqual({
        __typename: 'UpdateGroupPayload',
        group: { id: made.id, name: 'Custom editor', description: null, profile },
      });
      expect(stack.sim.org.groups.get(made.id)?.profile).toEqual(profile);
    });

    it.each([
      [
        { custom: { name: 'Sneaky', description: 'Also sneaky' } },
        'name and description are set by name on the input, not in `custom`.',
        [
          { field: 'custom.name', message: 'Set it by name on the input.' },
          { field: 'custom.description', message: 'Set it by name on the input.' },
        ],
      ],
      [
        { custom: ['not', 'an', 'object'] },
        'Custom attributes are an object of attribute names and values.',
        [{ field: 'custom', message: 'Must be an object of attribute names and values.' }],
      ],
    ])(
      'refuses the input %j with ValidationError before calling Okta',
      async (input, message, fields) => {
        const made = await freshGroup();
        const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, { id: made.id, input });
        expect(res.data?.updateGroup).toEqual({
          __typename: 'ValidationError',
          code: 'VALIDATION_FAILED',
          message,
          fields,
        });
        expect(stack.oktaCalls.total()).toBe(0);
      },
    );

    it.each([
      [
        'APP_GROUP',
        'its profile and members come from the app or directory it is imported from',
      ] as const,
      ['BUILT_IN', 'Okta manages it (every user is a member) and it cannot be changed'] as const,
    ])('refuses to update a %s with ReadOnlyGroupError before calling Okta', async (type, why) => {
      const group = groupOf(type);
      const profile = structuredClone(group.profile);
      const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, {
        id: group.id,
        input: { name: 'Renamed' },
      });
      expect(res.data?.updateGroup).toEqual({
        __typename: 'ReadOnlyGroupError',
        code: 'READ_ONLY_GROUP',
        message: `UPDATE is not allowed on group ${group.id} of type ${type}: ${why}.`,
        groupId: group.id,
        groupType: type,
        write: 'UPDATE',
      });
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId')).toBe(0);
      expect(stack.sim.org.groups.get(group.id)?.profile).toEqual(profile);
    });

    it('answers an unknown group with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'updateGroup'>>(UPDATE, {
        id: UNKNOWN_GROUP,
        input: { name: 'Nobody' },
      });
      expect(res.data?.updateGroup).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `Group ${UNKNOWN_GROUP} was not found.`,
        resource: 'Group',
        id: UNKNOWN_GROUP,
      });
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId')).toBe(0);
    });
  });

  describe('deleteGroup', () => {
    it('deletes an OKTA_GROUP, its members lose it, and writes group.lifecycle.delete', async () => {
      const member = activeUser();
      const group = await freshGroup([member]);
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'deleteGroup'>>(DELETE, { id: group.id });
      expect(res.data?.deleteGroup).toEqual({
        __typename: 'DeleteGroupPayload',
        deletedGroupId: group.id,
      });
      expect(stack.sim.org.groups.has(group.id)).toBe(false);
      expect(logSince(before)).toEqual([
        { eventType: 'group.lifecycle.delete', targets: [group.id] },
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId')).toBe(1);
    });

    it('answers null for the deleted group afterwards, though group search still lists it', async () => {
      // A group of the seed: in the search index, where its deletion lags.
      const group = [...stack.sim.org.groups.values()]
        .filter((g) => g.type === 'OKTA_GROUP' && seeded.has(g.id))
        .at(-1) as GroupRecord;
      await stack.graphql(DELETE, { id: group.id });
      const res = await stack.graphql<{ group: unknown }>(
        'query($id: ID!) { group(id: $id) { id } }',
        { id: group.id },
      );
      expect(res.data).toEqual({ group: null });
      const searched = await stack.okta.groups.searchByIds([group.id]);
      expect(searched.map((g) => g.id)).toEqual([group.id]);
    });

    it('deletes an imported APP_GROUP, which Okta allows', async () => {
      const group = groupOf('APP_GROUP');
      const res = await stack.graphql<Answer<'deleteGroup'>>(DELETE, { id: group.id });
      expect(res.data?.deleteGroup.__typename).toBe('DeleteGroupPayload');
      expect(stack.sim.org.groups.has(group.id)).toBe(false);
    });

    it('refuses to delete the BUILT_IN Everyone group before calling Okta', async () => {
      const everyone = groupOf('BUILT_IN');
      const res = await stack.graphql<Answer<'deleteGroup'>>(DELETE, { id: everyone.id });
      expect(res.data?.deleteGroup).toMatchObject({
        __typename: 'ReadOnlyGroupError',
        code: 'READ_ONLY_GROUP',
        groupType: 'BUILT_IN',
        write: 'DELETE',
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId')).toBe(0);
      expect(stack.sim.org.groups.has(everyone.id)).toBe(true);
    });

    it('answers an unknown group with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'deleteGroup'>>(DELETE, { id: UNKNOWN_GROUP });
      expect(res.data?.deleteGroup).toMatchObject({
        __typename: 'NotFoundError',
        id: UNKNOWN_GROUP,
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId')).toBe(0);
    });
  });

  describe('addUserToGroup', () => {
    it('adds the member, returns the group and user as they are now, and logs the add', async () => {
      const group = await freshGroup();
      const user = activeUser();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'addUserToGroup'>>(ADD, {
        groupId: group.id,
        userId: user.id,
      });
      expect(res.data?.addUserToGroup).toEqual({
        __typename: 'AddUserToGroupPayload',
        group: { id: group.id, memberCount: 1 },
        user: { id: user.id, isMemberOf: true },
      });
      expect([...(stack.sim.org.groups.get(group.id)?.members ?? [])]).toEqual([user.id]);
      expect(logSince(before)).toEqual([
        { eventType: 'group.user_membership.add', targets: [user.id, group.id] },
      ]);
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(1);
    });

    it("invalidates the request's view of the user's groups, so a later field sees the change", async () => {
      const user = activeUser();
      const group = await freshGroup([user]);
      const res = await stack.graphql<{
        removed: { user: { isMemberOf: boolean } };
        added: { user: { isMemberOf: boolean } };
      }>(
        /* GraphQL */ `
          mutation($groupId: ID!, $userId: ID!) {
            removed: removeUserFromGroup(groupId: $groupId, userId: $userId) {
              ... on RemoveUserFromGroupPayload { user { isMemberOf(groupId: $groupId) } }
            }
            added: addUserToGroup(groupId: $groupId, userId: $userId) {
              ... on AddUserToGroupPayload { user { isMemberOf(groupId: $groupId) } }
            }
          }
        `,
        { groupId: group.id, userId: user.id },
      );
      expect(res.data).toEqual({
        removed: { user: { isMemberOf: false } },
        added: { user: { isMemberOf: true } },
      });
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId/groups')).toBe(2);
    });

    it('succeeds without a change for a user who is already a member, as Okta does', async () => {
      const user = activeUser();
      const group = await freshGroup([user]);
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'addUserToGroup'>>(ADD, {
        groupId: group.id,
        userId: user.id,
      });
      expect(res.data?.addUserToGroup).toEqual({
        __typename: 'AddUserToGroupPayload',
        group: { id: group.id, memberCount: 1 },
        user: { id: user.id, isMemberOf: true },
      });
      expect(logSince(before)).toEqual([]);
    });

    it('refuses an APP_GROUP with ReadOnlyGroupError before calling Okta', async () => {
      const group = groupOf('APP_GROUP');
      const user = [...stack.sim.org.users.values()].find(
        (u) => u.status === 'ACTIVE' && u.id !== stack.adminId && !group.members.has(u.id),
      ) as UserRecord;
      const res = await stack.graphql<Answer<'addUserToGroup'>>(ADD, {
        groupId: group.id,
        userId: user.id,
      });
      expect(res.data?.addUserToGroup).toEqual({
        __typename: 'ReadOnlyGroupError',
        code: 'READ_ONLY_GROUP',
        message: `CHANGE_MEMBERSHIP is not allowed on group ${group.id} of type APP_GROUP: its profile and members come from the app or directory it is imported from.`,
        groupId: group.id,
        groupType: 'APP_GROUP',
        write: 'CHANGE_MEMBERSHIP',
      });
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(0);
      expect(group.members.has(user.id)).toBe(false);
    });

    it('answers an unknown user with NotFoundError and changes nothing', async () => {
      const group = await freshGroup();
      const res = await stack.graphql<Answer<'addUserToGroup'>>(ADD, {
        groupId: group.id,
        userId: UNKNOWN_USER,
      });
      expect(res.data?.addUserToGroup).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `User ${UNKNOWN_USER} was not found.`,
        resource: 'User',
        id: UNKNOWN_USER,
      });
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(0);
    });

    it('answers an unknown group with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'addUserToGroup'>>(ADD, {
        groupId: UNKNOWN_GROUP,
        userId: activeUser().id,
      });
      expect(res.data?.addUserToGroup).toMatchObject({
        __typename: 'NotFoundError',
        resource: 'Group',
        id: UNKNOWN_GROUP,
      });
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(0);
    });
  });

  describe('removeUserFromGroup', () => {
    it('removes the member, returns the group and user as they are now, and logs it', async () => {
      const [stays, leaves] = activeUsers(2) as [UserRecord, UserRecord];
      const group = await freshGroup([stays, leaves]);
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'removeUserFromGroup'>>(REMOVE, {
        groupId: group.id,
        userId: leaves.id,
      });
      expect(res.data?.removeUserFromGroup).toEqual({
        __typename: 'RemoveUserFromGroupPayload',
        group: { id: group.id, memberCount: 1 },
        user: { id: leaves.id, isMemberOf: false },
      });
      expect([...group.members]).toEqual([stays.id]);
      expect(logSince(before)).toEqual([
        { eventType: 'group.user_membership.remove', targets: [leaves.id, group.id] },
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId/users/:userId')).toBe(1);
    });

    it('succeeds without a change for a user who is not a member, as Okta does', async () => {
      const group = await freshGroup();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'removeUserFromGroup'>>(REMOVE, {
        groupId: group.id,
        userId: activeUser().id,
      });
      expect(res.data?.removeUserFromGroup).toMatchObject({
        __typename: 'RemoveUserFromGroupPayload',
        group: { id: group.id, memberCount: 0 },
      });
      expect(logSince(before)).toEqual([]);
    });

    it('refuses the BUILT_IN Everyone group with ReadOnlyGroupError before calling Okta', async () => {
      const everyone = groupOf('BUILT_IN');
      const user = activeUser();
      const res = await stack.graphql<Answer<'removeUserFromGroup'>>(REMOVE, {
        groupId: everyone.id,
        userId: user.id,
      });
      expect(res.data?.removeUserFromGroup).toMatchObject({
        __typename: 'ReadOnlyGroupError',
        groupType: 'BUILT_IN',
        write: 'CHANGE_MEMBERSHIP',
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId/users/:userId')).toBe(0);
      expect(everyone.members.has(user.id)).toBe(true);
    });
  });
});

describe('group mutations without okta.groups.manage', () => {
  const stack = useStack({
    authenticate: async () =>
      callerWithScopes('reader', ['okta.groups.read', 'okta.users.read'], true),
  });

  const someIds = () => {
    const group = [...stack.sim.org.groups.values()].find((g) => g.type === 'OKTA_GROUP');
    const user = [...stack.sim.org.users.values()].find((u) => u.status === 'ACTIVE');
    return { id: group?.id, groupId: group?.id, userId: user?.id };
  };

  it.each([
    ['createGroup', CREATE, { input: { name: 'Not allowed' } }],
    ['updateGroup', UPDATE, { input: { name: 'Not allowed' } }],
    ['deleteGroup', DELETE, {}],
    ['addUserToGroup', ADD, {}],
    ['removeUserFromGroup', REMOVE, {}],
  ] as const)('refuses %s with FORBIDDEN and makes no Okta call', async (name, query, vars) => {
    stack.oktaCalls.reset();
    const groups = stack.sim.org.groups.size;
    const res = await stack.graphql(query, { ...someIds(), ...vars });
    expect(res.data).toEqual({ [name]: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
    expect(stack.sim.org.groups.size).toBe(groups);
  });
});
