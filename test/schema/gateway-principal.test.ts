import { describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.ts';

/**
 * The admin who owns the gateway's API token is the gateway itself: no id argument reaches it
 * through Okta's `me`, no login argument through `me` or a short name, and no write touches it.
 */
describe("the gateway's own Okta admin", () => {
  const stack = useStack();
  const adminId = () => stack.sim.org.apiTokens.get(stack.sim.apiToken)?.id as string;
  const adminLogin = () => stack.sim.org.users.get(adminId())?.profile.login as string;
  type Answer = {
    data?: Record<string, { __typename?: string; code?: string; userId?: string } | null> | null;
    errors?: { extensions?: Record<string, unknown> }[];
  };
  const codes = (res: { errors?: Answer['errors'] }) => res.errors?.map((e) => e.extensions?.code);

  it('refuses user(login: "me") and user(id: "me") with BAD_USER_INPUT before any Okta call', async () => {
    stack.oktaCalls.reset();
    const byLogin = await stack.graphql('{ user(login: "me") { id } }');
    expect(byLogin.data).toEqual({ user: null });
    expect(codes(byLogin)).toEqual(['BAD_USER_INPUT']);
    const byId = await stack.graphql('{ user(id: "me") { id } }');
    expect(byId.data).toEqual({ user: null });
    expect(codes(byId)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses a login that is not name@domain (a short name), and finds one that is', async () => {
    stack.oktaCalls.reset();
    const short = await stack.graphql('{ user(login: "admin") { id } }');
    expect(codes(short)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
    const found = await stack.graphql<{ user: { id: string } }>(
      'query($login: String!) { user(login: $login) { id } }',
      { login: adminLogin() },
    );
    expect(found.data?.user.id).toBe(adminId());
  });

  it('answers offboardUser(id: "me", dryRun: true) with a ValidationError and no plan', async () => {
    stack.oktaCalls.reset();
    const res = await stack.graphql<Answer['data']>(
      'mutation { offboardUser(id: "me", mode: DEACTIVATE, delete: true, dryRun: true) { __typename ... on Error { code } } }',
    );
    expect(res.data?.offboardUser).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses to plan the offboarding of the admin by its id, even as a dry run', async () => {
    const res = await stack.graphql<Answer['data']>(
      'mutation($id: ID!) { offboardUser(id: $id, mode: DEACTIVATE, delete: true, dryRun: true) { __typename ... on GatewayPrincipalError { code userId } } }',
      { id: adminId() },
    );
    expect(res.data?.offboardUser).toEqual({
      __typename: 'GatewayPrincipalError',
      code: 'GATEWAY_PRINCIPAL',
      userId: adminId(),
    });
  });

  it.each([
    ['suspendUser', 'suspendUser(id: $id)', 'POST /api/v1/users/:userId/lifecycle/suspend'],
    [
      'deactivateUser',
      'deactivateUser(id: $id)',
      'POST /api/v1/users/:userId/lifecycle/deactivate',
    ],
    ['deleteUser', 'deleteUser(id: $id)', 'DELETE /api/v1/users/:userId'],
    [
      'setPassword',
      'setPassword(id: $id, password: "Taken-Over-Passw0rd!")',
      'POST /api/v1/users/:userId',
    ],
    ['clearUserSessions', 'clearUserSessions(id: $id)', 'DELETE /api/v1/users/:userId/sessions'],
  ])(
    'refuses %s on the admin with a GatewayPrincipalError, sending no write',
    async (name, call, write) => {
      stack.oktaCalls.reset();
      const res = await stack.graphql<Answer['data']>(
        `mutation($id: ID!) { ${call} { __typename ... on GatewayPrincipalError { code userId } } }`,
        { id: adminId() },
      );
      expect(res.data?.[name]).toEqual({
        __typename: 'GatewayPrincipalError',
        code: 'GATEWAY_PRINCIPAL',
        userId: adminId(),
      });
      expect(stack.oktaCalls.count(write)).toBe(0);
      expect(stack.sim.org.users.get(adminId())?.status).toBe('ACTIVE');
    },
  );

  it('refuses to add the admin to a group, take it out of one, or assign it an app', async () => {
    const group = [...stack.sim.org.groups.values()].find((g) => g.type === 'OKTA_GROUP');
    const appId = [...stack.sim.org.apps.values()].find((a) => a.status === 'ACTIVE')?.id;
    if (!group) throw new Error('the demo org has no OKTA_GROUP');
    stack.oktaCalls.reset();
    const add = await stack.graphql<Answer['data']>(
      'mutation($g: ID!, $u: ID!) { addUserToGroup(groupId: $g, userId: $u) { __typename } }',
      { g: group.id, u: adminId() },
    );
    expect(add.data?.addUserToGroup?.__typename).toBe('GatewayPrincipalError');
    const assign = await stack.graphql<Answer['data']>(
      'mutation($a: ID!, $u: ID!) { assignUserToApplication(applicationId: $a, userId: $u) { __typename } }',
      { a: appId, u: adminId() },
    );
    expect(assign.data?.assignUserToApplication?.__typename).toBe('GatewayPrincipalError');
    stack.sim.org.addMember(group, adminId());
    const remove = await stack.graphql<Answer['data']>(
      'mutation($g: ID!, $u: ID!) { removeUserFromGroup(groupId: $g, userId: $u) { __typename } }',
      { g: group.id, u: adminId() },
    );
    expect(remove.data?.removeUserFromGroup?.__typename).toBe('GatewayPrincipalError');
    expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(0);
    expect(stack.oktaCalls.count('DELETE /api/v1/groups/:groupId/users/:userId')).toBe(0);
    expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/users')).toBe(0);
  });
});
