import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
import type { AppRecord, UserRecord } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';

const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on NotFoundError { resource id }
  ... on ValidationError { fields { field message } }
`;

const LIFECYCLE = (mutation: string, payload: string) => /* GraphQL */ `
  mutation($id: ID!) {
    ${mutation}(id: $id) {
      __typename
      ... on ${payload} { application { id status } }
      ${ERROR_FIELDS}
    }
  }
`;
const ACTIVATE = LIFECYCLE('activateApplication', 'ActivateApplicationPayload');
const DEACTIVATE = LIFECYCLE('deactivateApplication', 'DeactivateApplicationPayload');

const ASSIGN_USER = /* GraphQL */ `
  mutation($applicationId: ID!, $userId: ID!, $input: AssignUserToApplicationInput) {
    assignUserToApplication(applicationId: $applicationId, userId: $userId, input: $input) {
      __typename
      ... on AssignUserToApplicationPayload {
        assignment { id scope credentials { userName } profile }
        application { id }
        user { id }
      }
      ${ERROR_FIELDS}
    }
  }
`;

const UNASSIGN_USER = /* GraphQL */ `
  mutation($applicationId: ID!, $userId: ID!) {
    unassignUserFromApplication(applicationId: $applicationId, userId: $userId) {
      __typename
      ... on UnassignUserFromApplicationPayload { application { id } user { id } }
      ${ERROR_FIELDS}
      ... on AssignedThroughGroupError { applicationId userId }
    }
  }
`;

const ASSIGN_GROUP = /* GraphQL */ `
  mutation($applicationId: ID!, $groupId: ID!, $priority: Int) {
    assignGroupToApplication(applicationId: $applicationId, groupId: $groupId, priority: $priority) {
      __typename
      ... on AssignGroupToApplicationPayload {
        assignment { id priority }
        application { id }
        group { id }
      }
      ${ERROR_FIELDS}
    }
  }
`;

const UNASSIGN_GROUP = /* GraphQL */ `
  mutation($applicationId: ID!, $groupId: ID!) {
    unassignGroupFromApplication(applicationId: $applicationId, groupId: $groupId) {
      __typename
      ... on UnassignGroupFromApplicationPayload { application { id } group { id } }
      ${ERROR_FIELDS}
    }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;
type Answer<K extends string> = Record<K, Result>;

const UNKNOWN_APP = '0oa00000000000000000';
const UNKNOWN_USER = '00u00000000000000000';
const UNKNOWN_GROUP = '00g00000000000000000';

describe('application mutations', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  const apps = () => [...stack.sim.org.apps.values()];
  const appIn = (status: 'ACTIVE' | 'INACTIVE'): AppRecord => {
    const app = apps().find((a) => a.status === status);
    if (!app) throw new Error(`the demo org has no ${status} app`);
    return app;
  };
  /** An ACTIVE app that groups grant (not to everyone), and an ACTIVE user without it. */
  const appAndOutsider = (): { app: AppRecord; user: UserRecord } => {
    const active = [...stack.sim.org.users.values()].filter(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId,
    );
    for (const app of apps()) {
      if (app.status !== 'ACTIVE' || app.groups.size === 0) continue;
      const user = active.find((u) => !app.users.has(u.id));
      if (user) return { app, user };
    }
    throw new Error('the demo org has no ACTIVE app that some ACTIVE user lacks');
  };
  const logSince = (before: number) =>
    stack.sim.org.log.slice(before).map((e) => ({
      eventType: e.event.eventType,
      targets: ((e.event.target ?? []) as { id: string }[]).map((t) => t.id),
    }));

  let made = 0;
  /** A fresh OKTA_GROUP made straight in Okta, with the given members. */
  const freshGroup = async (members: UserRecord[]) => {
    made += 1;
    const group = await stack.okta.groups.create({ name: `App access test group ${made}` });
    for (const user of members) await stack.okta.groups.addMember(group.id, user.id);
    return group;
  };

  describe('activateApplication', () => {
    it('activates an INACTIVE app, returns it ACTIVE and writes the System Log entry', async () => {
      const app = appIn('INACTIVE');
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'activateApplication'>>(ACTIVATE, { id: app.id });
      expect(res.data?.activateApplication).toEqual({
        __typename: 'ActivateApplicationPayload',
        application: { id: app.id, status: 'ACTIVE' },
      });
      expect(stack.sim.org.apps.get(app.id)?.status).toBe('ACTIVE');
      expect(logSince(before)).toEqual([
        { eventType: 'application.lifecycle.activate', targets: [app.id] },
      ]);
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/lifecycle/activate')).toBe(1);
    });

    it('leaves an ACTIVE app as it is, as Okta does, and logs nothing', async () => {
      const app = appIn('ACTIVE');
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'activateApplication'>>(ACTIVATE, { id: app.id });
      expect(res.data?.activateApplication).toEqual({
        __typename: 'ActivateApplicationPayload',
        application: { id: app.id, status: 'ACTIVE' },
      });
      expect(logSince(before)).toEqual([]);
    });

    it('answers an unknown app with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'activateApplication'>>(ACTIVATE, {
        id: UNKNOWN_APP,
      });
      expect(res.data?.activateApplication).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `Application ${UNKNOWN_APP} was not found.`,
        resource: 'Application',
        id: UNKNOWN_APP,
      });
    });
  });

  describe('deactivateApplication', () => {
    it('deactivates an ACTIVE app, returns it INACTIVE and writes the System Log entry', async () => {
      const app = appIn('ACTIVE');
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'deactivateApplication'>>(DEACTIVATE, {
        id: app.id,
      });
      expect(res.data?.deactivateApplication).toEqual({
        __typename: 'DeactivateApplicationPayload',
        application: { id: app.id, status: 'INACTIVE' },
      });
      expect(stack.sim.org.apps.get(app.id)?.status).toBe('INACTIVE');
      expect(logSince(before)).toEqual([
        { eventType: 'application.lifecycle.deactivate', targets: [app.id] },
      ]);
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/lifecycle/deactivate')).toBe(1);
      await stack.okta.applications.activate(app.id);
    });

    it('answers an unknown app with NotFoundError', async () => {
      const res = await stack.graphql<Answer<'deactivateApplication'>>(DEACTIVATE, {
        id: UNKNOWN_APP,
      });
      expect(res.data?.deactivateApplication).toMatchObject({
        __typename: 'NotFoundError',
        resource: 'Application',
        id: UNKNOWN_APP,
      });
    });
  });

  describe('assignUserToApplication', () => {
    it('assigns the user directly with a user name and app profile, and logs it', async () => {
      const { app, user } = appAndOutsider();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'assignUserToApplication'>>(ASSIGN_USER, {
        applicationId: app.id,
        userId: user.id,
        input: { userName: 'jdoe-app', profile: { role: 'Viewer' } },
      });
      expect(res.data?.assignUserToApplication).toEqual({
        __typename: 'AssignUserToApplicationPayload',
        assignment: {
          id: pairId('ApplicationUser', { applicationId: app.id, memberId: user.id }),
          scope: 'USER',
          credentials: { userName: 'jdoe-app' },
          profile: { role: 'Viewer' },
        },
        application: { id: app.id },
        user: { id: user.id },
      });
      const appUser = stack.sim.org.apps.get(app.id)?.users.get(user.id);
      expect([appUser?.direct, appUser?.credentials?.userName, appUser?.profile]).toEqual([
        true,
        'jdoe-app',
        { role: 'Viewer' },
      ]);
      expect(logSince(before).map((e) => e.eventType)).toEqual(['application.user_membership.add']);
      expect(logSince(before)[0]?.targets).toEqual(expect.arrayContaining([app.id, user.id]));
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/users')).toBe(1);
    });

    it("clears the request's app pages, so a later field in the request sees the assignment", async () => {
      const { app, user } = appAndOutsider();
      await stack.okta.applications.assignUser(app.id, { id: user.id, scope: 'USER' });
      const appsOfUser = `user { applications(first: 50) { nodes { id } } }`;
      const res = await stack.graphql<{
        off: { user: { applications: { nodes: { id: string }[] } } };
        on: { user: { applications: { nodes: { id: string }[] } } };
      }>(
        /* GraphQL */ `
          mutation($applicationId: ID!, $userId: ID!) {
            off: unassignUserFromApplication(applicationId: $applicationId, userId: $userId) {
              ... on UnassignUserFromApplicationPayload { ${appsOfUser} }
            }
            on: assignUserToApplication(applicationId: $applicationId, userId: $userId) {
              ... on AssignUserToApplicationPayload { ${appsOfUser} }
            }
          }
        `,
        { applicationId: app.id, userId: user.id },
      );
      const ids = (key: 'off' | 'on') =>
        res.data?.[key].user.applications.nodes.map((a) => a.id).includes(app.id);
      expect([ids('off'), ids('on')]).toEqual([false, true]);
    });

    it('answers a user name Okta refuses with ValidationError naming the field', async () => {
      const { app, user } = appAndOutsider();
      const res = await stack.graphql<Answer<'assignUserToApplication'>>(ASSIGN_USER, {
        applicationId: app.id,
        userId: user.id,
        input: { userName: 'x'.repeat(101) },
      });
      expect(res.data?.assignUserToApplication).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [{ field: 'userName', message: 'Must be between 1 and 100 characters' }],
      });
      expect(stack.sim.org.apps.get(app.id)?.users.has(user.id)).toBe(false);
    });

    it('answers an unknown user with NotFoundError before calling Okta to assign', async () => {
      const { app } = appAndOutsider();
      const res = await stack.graphql<Answer<'assignUserToApplication'>>(ASSIGN_USER, {
        applicationId: app.id,
        userId: UNKNOWN_USER,
      });
      expect(res.data?.assignUserToApplication).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `User ${UNKNOWN_USER} was not found.`,
        resource: 'User',
        id: UNKNOWN_USER,
      });
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/users')).toBe(0);
    });
  });

  describe('unassignUserFromApplication', () => {
    it('revokes a direct assignment and logs application.user_membership.remove', async () => {
      const { app, user } = appAndOutsider();
      await stack.okta.applications.assignUser(app.id, { id: user.id, scope: 'USER' });
      stack.oktaCalls.reset();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'unassignUserFromApplication'>>(UNASSIGN_USER, {
        applicationId: app.id,
        userId: user.id,
      });
      expect(res.data?.unassignUserFromApplication).toEqual({
        __typename: 'UnassignUserFromApplicationPayload',
        application: { id: app.id },
        user: { id: user.id },
      });
      expect(stack.sim.org.apps.get(app.id)?.users.has(user.id)).toBe(false);
      expect(logSince(before).map((e) => e.eventType)).toEqual([
        'application.user_membership.remove',
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/apps/:appId/users/:userId')).toBe(1);
    });

    it('answers a user who has the app only through a group with AssignedThroughGroupError', async () => {
      const viaGroupOnly = (u: { id: string; direct: boolean }) =>
        !u.direct && u.id !== stack.adminId;
      const app = apps().find((a) => [...a.users.values()].some(viaGroupOnly)) as AppRecord;
      const viaGroup = [...app.users.values()].find(viaGroupOnly) as { id: string };
      const res = await stack.graphql<Answer<'unassignUserFromApplication'>>(UNASSIGN_USER, {
        applicationId: app.id,
        userId: viaGroup.id,
      });
      expect(res.data?.unassignUserFromApplication).toEqual({
        __typename: 'AssignedThroughGroupError',
        code: 'ASSIGNED_THROUGH_GROUP',
        message: `User ${viaGroup.id} has application ${app.id} through a group: remove them from that group, or unassign the group from the application.`,
        applicationId: app.id,
        userId: viaGroup.id,
      });
      expect(app.users.has(viaGroup.id)).toBe(true);
    });

    it("turns Okta's E0000046 for a user assigned directly and through a group into AssignedThroughGroupError", async () => {
      const { app, user } = appAndOutsider();
      const group = await freshGroup([user]);
      await stack.okta.applications.assignGroup(app.id, group.id);
      await stack.okta.applications.assignUser(app.id, { id: user.id, scope: 'USER' });
      stack.oktaCalls.reset();
      const res = await stack.graphql<Answer<'unassignUserFromApplication'>>(UNASSIGN_USER, {
        applicationId: app.id,
        userId: user.id,
      });
      expect(res.data?.unassignUserFromApplication).toMatchObject({
        __typename: 'AssignedThroughGroupError',
        code: 'ASSIGNED_THROUGH_GROUP',
        applicationId: app.id,
        userId: user.id,
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/apps/:appId/users/:userId')).toBe(1);
      expect(app.users.get(user.id)?.direct).toBe(true);
    });

    it('answers a user who is not assigned with NotFoundError for the assignment', async () => {
      const { app, user } = appAndOutsider();
      const res = await stack.graphql<Answer<'unassignUserFromApplication'>>(UNASSIGN_USER, {
        applicationId: app.id,
        userId: user.id,
      });
      expect(res.data?.unassignUserFromApplication).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `ApplicationUser ${app.id}/${user.id} was not found.`,
        resource: 'ApplicationUser',
        id: `${app.id}/${user.id}`,
      });
    });
  });

  describe('assignGroupToApplication', () => {
    it('assigns the group with its priority; its members get the app, each logged', async () => {
      const { app, user } = appAndOutsider();
      const group = await freshGroup([user]);
      stack.oktaCalls.reset();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'assignGroupToApplication'>>(ASSIGN_GROUP, {
        applicationId: app.id,
        groupId: group.id,
        priority: 7,
      });
      expect(res.data?.assignGroupToApplication).toEqual({
        __typename: 'AssignGroupToApplicationPayload',
        assignment: {
          id: pairId('ApplicationGroup', { applicationId: app.id, memberId: group.id }),
          priority: 7,
        },
        application: { id: app.id },
        group: { id: group.id },
      });
      expect(app.groups.get(group.id)?.priority).toBe(7);
      expect(app.users.get(user.id)?.direct).toBe(false);
      expect(logSince(before).map((e) => e.eventType)).toEqual([
        'group.application_assignment.add',
        'application.user_membership.add',
      ]);
      expect(stack.oktaCalls.count('PUT /api/v1/apps/:appId/groups/:groupId')).toBe(1);
    });

    it('answers a negative priority with ValidationError naming the field', async () => {
      const { app, user } = appAndOutsider();
      const group = await freshGroup([user]);
      const res = await stack.graphql<Answer<'assignGroupToApplication'>>(ASSIGN_GROUP, {
        applicationId: app.id,
        groupId: group.id,
        priority: -1,
      });
      expect(res.data?.assignGroupToApplication).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [{ field: 'priority', message: 'Must be a non-negative integer' }],
      });
      expect(app.groups.has(group.id)).toBe(false);
    });

    it('answers an unknown group with NotFoundError before calling Okta to assign', async () => {
      const { app } = appAndOutsider();
      const res = await stack.graphql<Answer<'assignGroupToApplication'>>(ASSIGN_GROUP, {
        applicationId: app.id,
        groupId: UNKNOWN_GROUP,
      });
      expect(res.data?.assignGroupToApplication).toMatchObject({
        __typename: 'NotFoundError',
        resource: 'Group',
        id: UNKNOWN_GROUP,
      });
      expect(stack.oktaCalls.count('PUT /api/v1/apps/:appId/groups/:groupId')).toBe(0);
    });
  });

  describe('unassignGroupFromApplication', () => {
    it('unassigns the group; its members lose the app, each logged', async () => {
      const { app, user } = appAndOutsider();
      const group = await freshGroup([user]);
      await stack.okta.applications.assignGroup(app.id, group.id);
      stack.oktaCalls.reset();
      const before = stack.sim.org.log.length;
      const res = await stack.graphql<Answer<'unassignGroupFromApplication'>>(UNASSIGN_GROUP, {
        applicationId: app.id,
        groupId: group.id,
      });
      expect(res.data?.unassignGroupFromApplication).toEqual({
        __typename: 'UnassignGroupFromApplicationPayload',
        application: { id: app.id },
        group: { id: group.id },
      });
      expect([app.groups.has(group.id), app.users.has(user.id)]).toEqual([false, false]);
      expect(logSince(before).map((e) => e.eventType)).toEqual([
        'group.application_assignment.remove',
        'application.user_membership.remove',
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/apps/:appId/groups/:groupId')).toBe(1);
    });

    it('answers a group that is not assigned with NotFoundError for the assignment', async () => {
      const { app, user } = appAndOutsider();
      const group = await freshGroup([user]);
      stack.oktaCalls.reset();
      const res = await stack.graphql<Answer<'unassignGroupFromApplication'>>(UNASSIGN_GROUP, {
        applicationId: app.id,
        groupId: group.id,
      });
      expect(res.data?.unassignGroupFromApplication).toEqual({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
        message: `ApplicationGroup ${app.id}/${group.id} was not found.`,
        resource: 'ApplicationGroup',
        id: `${app.id}/${group.id}`,
      });
    });
  });
});

describe('application mutations without okta.apps.manage', () => {
  const stack = useStack({
    authenticate: async () =>
      callerWithScopes(
        'reader',
        ['okta.apps.read', 'okta.users.read', 'okta.groups.read', 'okta.groups.manage'],
        true,
      ),
  });

  const someIds = () => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.status === 'INACTIVE');
    const user = [...stack.sim.org.users.values()].find((u) => u.status === 'ACTIVE');
    const group = [...stack.sim.org.groups.values()].find((g) => g.type === 'OKTA_GROUP');
    return { id: app?.id, applicationId: app?.id, userId: user?.id, groupId: group?.id };
  };

  it.each([
    ['activateApplication', ACTIVATE],
    ['deactivateApplication', DEACTIVATE],
    ['assignUserToApplication', ASSIGN_USER],
    ['unassignUserFromApplication', UNASSIGN_USER],
    ['assignGroupToApplication', ASSIGN_GROUP],
    ['unassignGroupFromApplication', UNASSIGN_GROUP],
  ] as const)('refuses %s with FORBIDDEN and makes no Okta call', async (name, query) => {
    stack.oktaCalls.reset();
    const res = await stack.graphql(query, someIds());
    expect(res.data).toEqual({ [name]: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
