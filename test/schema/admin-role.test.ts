import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { newRoleAssignment } from '../../src/simulator/routes/roles.ts';
import { useStack } from '../support/stack.ts';

const ROLE = 'id type typeRaw label status assignmentType';
const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on NotFoundError { resource id }
  ... on ConflictError { fields { field message } }
`;

const USER_ROLES = `query($id: ID!) { user(id: $id) { adminRoles { ${ROLE} } } }`;
const ASSIGN = /* GraphQL */ `
  mutation($userId: ID!, $type: AdminRoleType!) {
    assignAdminRole(userId: $userId, type: $type) {
      __typename
      ... on AssignAdminRolePayload { roleAssignment { ${ROLE} } user { id adminRoles { id } } }
      ${ERROR_FIELDS}
    }
  }
`;
const UNASSIGN = /* GraphQL */ `
  mutation($userId: ID!, $id: ID!) {
    unassignAdminRole(userId: $userId, roleAssignmentId: $id) {
      __typename
      ... on UnassignAdminRolePayload { unassignedRoleAssignmentId user { adminRoles { id } } }
      ${ERROR_FIELDS}
    }
  }
`;
const ASSIGN_GROUP = /* GraphQL */ `
  mutation($groupId: ID!, $type: AdminRoleType!) {
    assignAdminRoleToGroup(groupId: $groupId, type: $type) {
      __typename
      ... on AssignAdminRoleToGroupPayload { roleAssignment { ${ROLE} } group { adminRoles { id } } }
      ${ERROR_FIELDS}
    }
  }
`;
const UNASSIGN_GROUP = /* GraphQL */ `
  mutation($groupId: ID!, $id: ID!) {
    unassignAdminRoleFromGroup(groupId: $groupId, roleAssignmentId: $id) {
      __typename
      ... on UnassignAdminRoleFromGroupPayload { unassignedRoleAssignmentId group { adminRoles { id } } }
      ${ERROR_FIELDS}
    }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;

describe('admin roles through the graph', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());
  const adminId = () => stack.sim.org.apiTokens.get(stack.sim.apiToken)?.id as string;

  let serial = 0;
  const newUser = () => {
    serial++;
    return stack.okta.users.create(
      {
        profile: {
          firstName: 'Admin',
          lastName: `Candidate${serial}`,
          email: `admin.candidate${serial}@example.com`,
          login: `admin.candidate${serial}@example.com`,
        },
      },
      { activate: true },
    );
  };

  it("lists the demo org's SUPER_ADMIN, held by the user itself", async () => {
    const res = await stack.graphql<{ user: { adminRoles: Record<string, unknown>[] } }>(
      USER_ROLES,
      { id: adminId() },
    );
    expect(res.errors).toBeUndefined();
    const own = res.data?.user.adminRoles.filter((r) => r.assignmentType === 'USER');
    expect(own).toEqual([
      {
        id: expect.stringMatching(/^ra1/),
        type: 'SUPER_ADMIN',
        typeRaw: 'SUPER_ADMIN',
        label: 'Super Organization Administrator',
        status: 'ACTIVE',
        assignmentType: 'USER',
      },
    ]);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/roles')).toBe(1);
  });

  it('assigns a role to a new user, lists it, refuses it twice, and takes it away', async () => {
    const user = await newUser();
    stack.oktaCalls.reset();
    const assigned = await stack.graphql<{ assignAdminRole: Result }>(ASSIGN, {
      userId: user.id,
      type: 'HELP_DESK_ADMIN',
    });
    expect(assigned.errors).toBeUndefined();
    const role = (assigned.data?.assignAdminRole.roleAssignment ?? {}) as { id: string };
    expect(assigned.data?.assignAdminRole).toEqual({
      __typename: 'AssignAdminRolePayload',
      roleAssignment: {
        id: role.id,
        type: 'HELP_DESK_ADMIN',
        typeRaw: 'HELP_DESK_ADMIN',
        label: 'Help Desk Administrator',
        status: 'ACTIVE',
        assignmentType: 'USER',
      },
      user: { id: user.id, adminRoles: [{ id: role.id }] },
    });

    const again = await stack.graphql<{ assignAdminRole: Result }>(ASSIGN, {
      userId: user.id,
      type: 'HELP_DESK_ADMIN',
    });
    expect(again.data?.assignAdminRole).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      fields: [{ field: 'type', message: 'The role specified is already assigned to the user.' }],
    });

    const unassigned = await stack.graphql<{ unassignAdminRole: Result }>(UNASSIGN, {
      userId: user.id,
      id: role.id,
    });
    expect(unassigned.data?.unassignAdminRole).toEqual({
      __typename: 'UnassignAdminRolePayload',
      unassignedRoleAssignmentId: role.id,
      user: { adminRoles: [] },
    });

    const gone = await stack.graphql<{ unassignAdminRole: Result }>(UNASSIGN, {
      userId: user.id,
      id: role.id,
    });
    expect(gone.data?.unassignAdminRole).toMatchObject({
      __typename: 'NotFoundError',
      resource: 'RoleAssignment',
      id: role.id,
    });
  });

  it("gives a group's role to its members, and takes it from them with the group's", async () => {
    const user = await newUser();
    const group = await stack.okta.groups.create({ name: 'Report admins' });
    await stack.okta.groups.addMember(group.id, user.id);
    const assigned = await stack.graphql<{ assignAdminRoleToGroup: Result }>(ASSIGN_GROUP, {
      groupId: group.id,
      type: 'REPORT_ADMIN',
    });
    const role = (assigned.data?.assignAdminRoleToGroup.roleAssignment ?? {}) as { id: string };
    expect(assigned.data?.assignAdminRoleToGroup).toEqual({
      __typename: 'AssignAdminRoleToGroupPayload',
      roleAssignment: {
        id: role.id,
        type: 'REPORT_ADMIN',
        typeRaw: 'REPORT_ADMIN',
        label: 'Report Administrator',
        status: 'ACTIVE',
        assignmentType: 'GROUP',
      },
      group: { adminRoles: [{ id: role.id }] },
    });
    const held = await stack.graphql<{
      user: { adminRoles: { id: string; assignmentType: string }[] };
    }>(`query($id: ID!) { user(id: $id) { adminRoles { id assignmentType } } }`, { id: user.id });
    expect(held.data?.user.adminRoles).toEqual([{ id: role.id, assignmentType: 'GROUP' }]);

    const unassigned = await stack.graphql<{ unassignAdminRoleFromGroup: Result }>(UNASSIGN_GROUP, {
      groupId: group.id,
      id: role.id,
    });
    expect(unassigned.data?.unassignAdminRoleFromGroup).toEqual({
      __typename: 'UnassignAdminRoleFromGroupPayload',
      unassignedRoleAssignmentId: role.id,
      group: { adminRoles: [] },
    });
  });

  it('reads a role type Okta added later as UNKNOWN, with its raw value', async () => {
    const user = await newUser();
    newRoleAssignment(
      stack.sim.org,
      'ra1NEWTYPE0000000000',
      'ACCESS_CERTIFICATIONS_ADMIN',
      { kind: 'USER', id: user.id },
      stack.sim.org.now(),
    );
    const res = await stack.graphql<{ user: { adminRoles: unknown[] } }>(USER_ROLES, {
      id: user.id,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.adminRoles).toEqual([
      {
        id: 'ra1NEWTYPE0000000000',
        type: 'UNKNOWN',
        typeRaw: 'ACCESS_CERTIFICATIONS_ADMIN',
        label: 'ACCESS_CERTIFICATIONS_ADMIN',
        status: 'ACTIVE',
        assignmentType: 'USER',
      },
    ]);
  });
});

describe('admin roles without the okta.roles scopes', () => {
  const stack = useStack({
    authenticate: async () =>
      callerWithScopes('helpdesk', ['okta.users.read', 'okta.groups.read'], true),
  });

  it('refuses User.adminRoles with FORBIDDEN, keeping the rest, and asks Okta nothing for it', async () => {
    const user = [...stack.sim.org.users.values()][0];
    stack.oktaCalls.reset();
    const res = await stack.graphql<{ user: { id: string; adminRoles: null } | null }>(
      'query($id: ID!) { user(id: $id) { id adminRoles { id } } }',
      { id: user?.id },
    );
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['user', 'adminRoles'], 'FORBIDDEN'],
    ]);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/roles')).toBe(0);
  });

  it('refuses assignAdminRole with FORBIDDEN and makes no Okta call', async () => {
    const user = [...stack.sim.org.users.values()][0];
    stack.oktaCalls.reset();
    const res = await stack.graphql(ASSIGN, { userId: user?.id, type: 'SUPER_ADMIN' });
    expect(res.data).toEqual({ assignAdminRole: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
