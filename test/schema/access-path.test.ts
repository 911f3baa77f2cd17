import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
import type { AppRecord, Org } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';

interface PathNode {
  id: string;
  user: { id: string };
  application: { id: string };
  direct: boolean;
  viaGroups: { id: string }[];
}
interface Connection {
  edges: { node: PathNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PATH = 'id user { id } application { id } direct viaGroups { id }';
const APP_ACCESS = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String) {
    application(id: $id) {
      access(first: $first, after: $after) { edges { node { ${PATH} } } pageInfo { hasNextPage endCursor } }
    }
  }
`;
const USER_ACCESS = /* GraphQL */ `
  query($id: ID!) {
    user(id: $id) { access(first: 100) { edges { node { ${PATH} } } pageInfo { hasNextPage } } }
  }
`;

const pathId = (appId: string, userId: string) =>
  pairId('AccessPath', { applicationId: appId, memberId: userId });

const NODE = /* GraphQL */ `
  query($id: ID!) { node(id: $id) { __typename id ... on AccessPath { ${PATH} } } }
`;

/** The app's groups the user is a member of, as the simulator's store has them, by id. */
const viaGroupsIn = (org: Org, app: AppRecord, userId: string) =>
  [...app.groups.keys()]
    .filter((groupId) => org.groups.get(groupId)?.members.has(userId))
    .sort()
    .map((id) => ({ id }));

describe('access paths', () => {
  const stack = useStack({ env: { GRAPHQL_MAX_FIRST: '1000' } });
  beforeEach(() => stack.oktaCalls.reset());

  const org = () => stack.sim.org;

  /** Every path to the app, as the simulator's store has it, by user id. */
  const expectedPaths = (app: AppRecord) =>
    [...app.users.values()]
      .map((assignment) => ({
        id: pathId(app.id, assignment.id),
        user: { id: assignment.id },
        application: { id: app.id },
        direct: assignment.direct,
        viaGroups: viaGroupsIn(org(), app, assignment.id),
      }))
      .sort((a, b) => (a.user.id < b.user.id ? -1 : 1));

  const normalised = (c: Connection | undefined) =>
    (c?.edges ?? [])
      .map((e) => ({
        ...e.node,
        viaGroups: [...e.node.viaGroups].sort((a, b) => (a.id < b.id ? -1 : 1)),
      }))
      .sort((a, b) => (a.user.id < b.user.id ? -1 : 1));

  const demoApps = () => [...org().apps.values()].filter((app) => app.users.size > 0);

  it.each([
    'Slack',
    'Salesforce',
    'Zoom',
    'GitHub Enterprise',
    'Acme Intranet',
    'Benefits Portal',
    'Jenkins Build Server',
    'Expense Portal',
  ])(
    'names every user assigned to %s, direct exactly for USER scope and the app groups they are in, in 3 + the app’s groups Okta calls',
    async (label) => {
      const app = demoApps().find((a) => a.label === label) as AppRecord;
      const groups = app.groups.size;
      expect(app.users.size).toBeLessThan(500);
      expect(groups).toBeLessThanOrEqual(app.users.size);
      const res = await stack.graphql<{ application: { access: Connection } }>(APP_ACCESS, {
        id: app.id,
        first: 1000,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.application.access.pageInfo.hasNextPage).toBe(false);
      expect(normalised(res.data?.application.access)).toEqual(expectedPaths(app));
      // The app (by filter), its users, its groups, then each group's members: one page each.
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/apps': 1,
        'GET /api/v1/apps/:appId/users': 1,
        'GET /api/v1/apps/:appId/groups': 1,
        'GET /api/v1/groups/:groupId/users': groups,
      });
      expect(stack.oktaCalls.total()).toBeLessThanOrEqual(3 + 2 * groups);
    },
  );

  it('reads the groups of each user instead when the app has fewer users than groups', async () => {
    const users = [...org().users.values()]
      .filter((u) => u.status === 'ACTIVE' && u.id !== stack.adminId)
      .slice(0, 2);
    const [viaGroups, direct] = users.map((u) => u.id) as [string, string];
    const created = await fetch(`${stack.sim.url}/api/v1/apps`, {
      method: 'POST',
      headers: {
        authorization: `SSWS ${stack.sim.apiToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        name: 'bookmark',
        label: 'Wiki',
        signOnMode: 'BOOKMARK',
        settings: { app: { requestIntegration: false, url: 'https://wiki.example.com' } },
      }),
    });
    const appId = ((await created.json()) as { id: string }).id;
    const groupIds: string[] = [];
    for (const name of ['Wiki editors', 'Wiki readers', 'Wiki nobody']) {
      const group = await stack.okta.groups.create({ name });
      groupIds.push(group.id);
      await stack.okta.applications.assignGroup(appId, group.id);
    }
    await stack.okta.groups.addMember(groupIds[0] as string, viaGroups);
    await stack.okta.groups.addMember(groupIds[1] as string, viaGroups);
    await stack.okta.applications.assignUser(appId, { id: direct });
    stack.oktaCalls.reset();

    const res = await stack.graphql<{ application: { access: Connection } }>(APP_ACCESS, {
      id: appId,
    });
    expect(res.errors).toBeUndefined();
    expect(normalised(res.data?.application.access)).toEqual(
      expectedPaths(org().apps.get(appId) as AppRecord),
    );
    expect(
      normalised(res.data?.application.access).map((p) => [p.user.id, p.direct, p.viaGroups]),
    ).toEqual(
      [
        [viaGroups, false, [groupIds[0], groupIds[1]].sort().map((id) => ({ id }))],
        [direct, true, []],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId/users': 1,
      'GET /api/v1/apps/:appId/groups': 1,
      'GET /api/v1/users/:userId/groups': 2,
    });

    // A user's groups asked for elsewhere in the same request are the same load.
    stack.oktaCalls.reset();
    const shared = await stack.graphql(
      /* GraphQL */ `query($app: ID!, $user: ID!) {
        application(id: $app) { access { edges { node { viaGroups { id } } } } }
        user(id: $user) { groups { edges { node { id } } } }
      }`,
      { app: appId, user: viaGroups },
    );
    expect(shared.errors).toBeUndefined();
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/groups')).toBe(2);
  });

  it('pages through the paths with first and after, each id unique', async () => {
    const app = demoApps().find((a) => a.label === 'Zoom') as AppRecord;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: { data?: { application: { access: Connection } } | null } = await stack.graphql(
        APP_ACCESS,
        { id: app.id, first: 50, after },
      );
      const access = res.data?.application.access as Connection;
      seen.push(...access.edges.map((e) => e.node.id));
      after = access.pageInfo.hasNextPage ? access.pageInfo.endCursor : null;
    } while (after);
    expect(seen.length).toBe(app.users.size);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('reads the app lists once for two access fields of one app, and shares group members', async () => {
    const app = demoApps().find((a) => a.label === 'Expense Portal') as AppRecord;
    const res = await stack.graphql(
      /* GraphQL */ `query($id: ID!) {
        application(id: $id) {
          a: access(first: 5) { edges { node { id } } }
          b: access(first: 500) { edges { node { direct } } }
        }
      }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId/users': 1,
      'GET /api/v1/apps/:appId/groups': 1,
      'GET /api/v1/groups/:groupId/users': app.groups.size,
    });
  });

  it("names every app a user reaches, with the same ids as the app's side", async () => {
    const user = [...org().users.values()].find((u) => {
      const apps = [...org().apps.values()].filter((a) => a.users.has(u.id));
      return (
        apps.some((a) => a.users.get(u.id)?.direct) && apps.some((a) => !a.users.get(u.id)?.direct)
      );
    });
    if (!user) throw new Error('no demo user reaches apps both ways');
    const res = await stack.graphql<{ user: { access: Connection } }>(USER_ACCESS, {
      id: user.id,
    });
    expect(res.errors).toBeUndefined();
    const apps = [...org().apps.values()].filter((a) => a.users.has(user.id));
    const expected = apps
      .map((app) => expectedPaths(app).find((p) => p.user.id === user.id))
      .sort((a, b) => ((a?.application.id ?? '') < (b?.application.id ?? '') ? -1 : 1));
    expect(
      normalised(res.data?.user.access).sort((a, b) =>
        a.application.id < b.application.id ? -1 : 1,
      ),
    ).toEqual(expected);
    const userGroups = [...org().groups.values()].filter((g) => g.members.has(user.id)).length;
    const snapshot = stack.oktaCalls.snapshot();
    expect(snapshot['GET /api/v1/users/:userId/groups']).toBe(1);
    const second =
      apps.length <= userGroups
        ? snapshot['GET /api/v1/apps/:appId/groups']
        : (snapshot['GET /api/v1/apps'] ?? 0) - 1;
    expect(second).toBe(Math.min(apps.length, userGroups));
  });
});

describe('an access path by its id', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  const org = () => stack.sim.org;
  /** A demo app whose users reach it both ways: one directly, one through groups only. */
  const appWithBothPaths = () => {
    const app = [...org().apps.values()].find((a) => {
      const users = [...a.users.values()];
      return users.some((u) => u.direct) && users.some((u) => !u.direct);
    });
    if (!app) throw new Error('no demo app with direct and group paths');
    return app;
  };

  it.each([
    ['a direct', true],
    ['a group', false],
  ])(
    'reads %s path again with node(id): the assignment, the app’s groups, the user’s groups and the app asked for, at once',
    async (_kind, direct) => {
      const app = appWithBothPaths();
      const assignment = [...app.users.values()].find((u) => u.direct === direct);
      const userId = assignment?.id ?? '';
      const res = await stack.graphql<{ node: PathNode & { __typename: string } }>(NODE, {
        id: pathId(app.id, userId),
      });
      expect(res.errors).toBeUndefined();
      const node = res.data?.node;
      expect({
        ...node,
        viaGroups: [...(node?.viaGroups ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1)),
      }).toEqual({
        __typename: 'AccessPath',
        id: pathId(app.id, userId),
        user: { id: userId },
        application: { id: app.id },
        direct,
        viaGroups: viaGroupsIn(org(), app, userId),
      });
      if (!direct) expect(node?.viaGroups.length).toBeGreaterThan(0);
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/apps/:appId/users/:userId': 1,
        'GET /api/v1/apps/:appId/groups': 1,
        'GET /api/v1/users/:userId/groups': 1,
        // `application`: the app by id, as everywhere an app is named by its id alone.
        'GET /api/v1/apps': 1,
      });
    },
  );

  it("answers with the same path as the app's access list, the user and groups coming with it", async () => {
    const app = appWithBothPaths();
    const listed = await stack.graphql<{ application: { access: Connection } }>(APP_ACCESS, {
      id: app.id,
      first: 100,
    });
    const path = listed.data?.application.access.edges.find((e) => e.node.viaGroups.length > 0);
    if (!path) throw new Error('no group path listed');
    stack.oktaCalls.reset();
    const res = await stack.graphql<{
      node: { user: { profile: { login: string } }; viaGroups: { name: string }[] };
    }>(
      /* GraphQL */ `query($id: ID!) {
        node(id: $id) { ... on AccessPath { user { profile { login } } viaGroups { name } } }
      }`,
      { id: path.node.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toEqual({
      user: { profile: { login: org().users.get(path.node.user.id)?.profile.login } },
      viaGroups: path.node.viaGroups.map((g) => ({ name: org().groups.get(g.id)?.profile.name })),
    });
    // The user came embedded in the assignment, the groups in the app's list: no more calls.
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps/:appId/users/:userId': 1,
      'GET /api/v1/apps/:appId/groups': 1,
      'GET /api/v1/users/:userId/groups': 1,
    });
  });

  it('answers null for a user who does not reach the app, and for a user or app that does not exist', async () => {
    const app = appWithBothPaths();
    const outsider = [...org().users.keys()].find((id) => !app.users.has(id)) ?? '';
    for (const [applicationId, userId] of [
      [app.id, outsider],
      [app.id, '00u0000000000000none'],
      ['0oa0000000000000none', outsider],
    ] as const) {
      const res = await stack.graphql(NODE, { id: pathId(applicationId, userId) });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ node: null });
    }
  });

  it('refuses the base64 ids of earlier versions with BAD_USER_INPUT and no Okta call', async () => {
    const app = appWithBothPaths();
    const userId = [...app.users.keys()][0] ?? '';
    const old = Buffer.from(`AccessPath:${app.id}:${userId}`).toString('base64');
    expect(old).not.toBe(pathId(app.id, userId));
    const res = await stack.graphql(NODE, { id: old });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.snapshot()).toEqual({});
  });
});

describe('access paths without okta.groups.read', () => {
  const stack = useStack({
    authenticate: async () =>
      callerWithScopes('auditor', ['okta.apps.read', 'okta.users.read'], true),
  });

  it('refuses Application.access with FORBIDDEN before reading any membership', async () => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.users.size > 0) as AppRecord;
    stack.oktaCalls.reset();
    const res = await stack.graphql(APP_ACCESS, { id: app.id });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['application', 'access'], 'FORBIDDEN'],
    ]);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 1 });
  });

  it('refuses node(id) of an access path with FORBIDDEN before any Okta call', async () => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.users.size > 0) as AppRecord;
    const userId = [...app.users.keys()][0] ?? '';
    stack.oktaCalls.reset();
    const res = await stack.graphql(NODE, { id: pathId(app.id, userId) });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['node'], 'FORBIDDEN']]);
    expect(stack.oktaCalls.snapshot()).toEqual({});
  });
});
