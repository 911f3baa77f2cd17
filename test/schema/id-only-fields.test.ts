import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
import { type Stack, useStack } from '../support/stack.ts';
import { waveGate } from '../support/waves.ts';

// Round trips are counted as waves (test/support/waves.ts): the calls that went out together,
// without waiting for any answer. Okta's documented concurrency for a Workforce org is 75.

const MISSING_USER = '00u0000000000000miss';
const MISSING_GROUP = '00g0000000000000miss';
const MISSING_APP = '0oa0000000000000miss';

/** A seeded user with groups and apps. */
function userWithGroupsAndApps(stack: Stack) {
  const { org } = stack.sim;
  const apps = [...org.apps.values()];
  const user = [...org.users.values()].find(
    (u) => (org.userGroups.get(u.id)?.size ?? 0) >= 2 && apps.some((a) => a.users.has(u.id)),
  );
  if (!user) throw new Error('The demo seed has no user with groups and apps');
  return {
    user,
    groupNames: [...(org.userGroups.get(user.id) ?? [])]
      .map((id) => String(org.groups.get(id)?.profile.name))
      .sort(),
    appLabels: apps
      .filter((a) => a.users.has(user.id))
      .map((a) => a.label)
      .sort(),
  };
}

const sorted = (names: string[] | undefined) => [...(names ?? [])].sort();

describe('fields that need only an id, beside their parent', () => {
  const gate = waveGate();
  const stack = useStack({ okta: { dispatcher: gate.dispatcher, maxConcurrency: 75 } });
  afterAll(() => gate.close());
  beforeEach(() => {
    stack.oktaCalls.reset();
    gate.reset();
  });

  it("answers a user's profile, groups and apps beside the System Log in one round trip of four calls", async () => {
    const { user, groupNames, appLabels } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{
      user: {
        profile: { email: string };
        groups: { nodes: { name: string }[] };
        applications: { nodes: { label: string }[] };
      };
      logEvents: { nodes: unknown[] };
    }>(
      `query($id: ID!) {
        user(id: $id) {
          profile { email }
          groups(first: 100) { nodes { name } }
          applications(first: 100) { nodes { label } }
        }
        logEvents(first: 5) { nodes { uuid } }
      }`,
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.profile.email).toBe(user.profile.email);
    expect(sorted(res.data?.user.groups.nodes.map((g) => g.name))).toEqual(groupNames);
    expect(sorted(res.data?.user.applications.nodes.map((a) => a.label))).toEqual(appLabels);
    expect(res.data?.logEvents.nodes).toHaveLength(5);
    expect(gate.waves()).toEqual([4]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/logs': 1,
      'GET /api/v1/users/:userId': 1,
      'GET /api/v1/users/:userId/groups': 1,
    });
  });

  it("answers a user's own events with its profile in one round trip", async () => {
    const { user } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{ user: { profile: { login: string } } }>(
      'query($id: ID!) { user(id: $id) { profile { login } logEvents(first: 3) { nodes { uuid } } } }',
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.profile.login).toBe(user.profile.login);
    expect(gate.waves()).toEqual([2]);
  });

  it("does not read a user whose groups are all that is asked: Okta's groups call proves it exists", async () => {
    const { user, groupNames } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{
      user: { id: string; groups: { nodes: { name: string }[] } };
    }>('query($id: ID!) { user(id: $id) { id groups(first: 100) { nodes { name } } } }', {
      id: user.id,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.id).toBe(user.id);
    expect(sorted(res.data?.user.groups.nodes.map((g) => g.name))).toEqual(groupNames);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId/groups': 1 });
  });

  it('answers null for a missing user from the 404 of its groups, in one call', async () => {
    const res = await stack.graphql<{ user: null }>(
      'query($id: ID!) { user(id: $id) { groups { nodes { name } } isMemberOf(groupId: "00g0000000000000none") } }',
      { id: MISSING_USER },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ user: null });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId/groups': 1 });
  });

  it('answers null for a missing user asked only for its apps, reading the user beside them: the apps filter proves nothing', async () => {
    const res = await stack.graphql<{ user: null }>(
      'query($id: ID!) { user(id: $id) { applications { nodes { label } } } }',
      { id: MISSING_USER },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ user: null });
    expect(gate.waves()).toEqual([2]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/users/:userId': 1,
    });
  });

  it("reads a user's groups and each group's apps in two round trips, the groups' apps together", async () => {
    const { user, groupNames } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{ user: { groups: { nodes: { name: string }[] } } }>(
      `query($id: ID!) {
        user(id: $id) { groups(first: 5) { nodes { name applications(first: 5) { nodes { label } } } } }
      }`,
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(sorted(res.data?.user.groups.nodes.map((g) => g.name))).toEqual(groupNames);
    expect(gate.waves()).toEqual([1, groupNames.length]);
  });

  it("answers an app's users with their emails in one call, and a missing app with null from the 404 of its users", async () => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.users.size >= 5);
    const res = await stack.graphql<{
      app: { users: { nodes: { user: { profile: { email: string } } }[] } };
      missing: null;
    }>(
      `query($id: ID!, $missing: ID!) {
        app: application(id: $id) { users(first: 5) { nodes { user { profile { email } } } } }
        missing: application(id: $missing) { users(first: 5) { nodes { id } } }
      }`,
      { id: app?.id, missing: MISSING_APP },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.app.users.nodes).toHaveLength(5);
    expect(res.data?.missing).toBeNull();
    expect(gate.waves()).toEqual([2]);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps/:appId/users': 2 });
  });

  it("reads an app's label beside its users and groups in one round trip", async () => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.users.size >= 1);
    const res = await stack.graphql<{ application: { label: string } }>(
      `query($id: ID!) {
        application(id: $id) { label users(first: 2) { nodes { id } } groups(first: 2) { nodes { id } } }
      }`,
      { id: app?.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.application.label).toBe(app?.label);
    expect(gate.waves()).toEqual([3]);
  });

  it("reads a group's members and apps without the group, and its name and member count in one call", async () => {
    const group = [...stack.sim.org.groups.values()].find(
      (g) => g.type === 'OKTA_GROUP' && g.members.size >= 3,
    );
    const res = await stack.graphql<{
      lists: { members: { nodes: unknown[] } };
      counted: { name: string; memberCount: number };
      missing: null;
    }>(
      `query($id: ID!, $missing: ID!) {
        lists: group(id: $id) { members(first: 3) { nodes { id } } applications { nodes { id } } }
        counted: group(id: $id) { name memberCount }
        missing: group(id: $missing) { members { nodes { id } } }
      }`,
      { id: group?.id, missing: MISSING_GROUP },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.lists.members.nodes).toHaveLength(3);
    expect(res.data?.counted).toEqual({
      name: group?.profile.name,
      memberCount: group?.members.size,
    });
    expect(res.data?.missing).toBeNull();
    expect(gate.waves()).toEqual([4]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/groups': 1,
      'GET /api/v1/groups/:groupId/users': 2,
    });
  });

  it('starts fields selected through fragments, and none skipped by @skip', async () => {
    const { user } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{ user: { id: string } }>(
      `query($id: ID!, $no: Boolean!) {
        user(id: $id) { ...Groups applications @skip(if: $no) { nodes { id } } }
      }
      fragment Groups on User { ... on Node { id } groups { nodes { id } } }`,
      { id: user.id, no: true },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.id).toBe(user.id);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId/groups': 1 });
  });

  it("starts a node's id-only fields beside its own fetch: node(id) of a user with its groups and apps in one round trip", async () => {
    const { user, groupNames, appLabels } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{
      node: {
        groups: { nodes: { name: string }[] };
        applications: { nodes: { label: string }[] };
      };
    }>(
      `query($id: ID!) {
        node(id: $id) {
          ... on User {
            profile { login }
            groups(first: 100) { nodes { name } }
            applications(first: 100) { nodes { label } }
          }
        }
      }`,
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(sorted(res.data?.node.groups.nodes.map((g) => g.name))).toEqual(groupNames);
    expect(sorted(res.data?.node.applications.nodes.map((a) => a.label))).toEqual(appLabels);
    expect(gate.waves()).toEqual([3]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/users/:userId': 1,
      'GET /api/v1/users/:userId/groups': 1,
    });
  });

  it('answers node(id) of a missing user with null, the groups call started beside it left unread', async () => {
    const res = await stack.graphql(
      'query($id: ID!) { node(id: $id) { ... on User { groups { nodes { id } } } } }',
      { id: MISSING_USER },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ node: null });
    expect(gate.waves()).toEqual([2]);
  });

  it("reads an access path's app beside the path's own calls: node(id) in one round trip of four", async () => {
    const { org } = stack.sim;
    const app = [...org.apps.values()].find((a) => a.users.size > 0 && a.groups.size > 0);
    const userId = [...(app?.users.keys() ?? [])][0] ?? '';
    const id = pairId('AccessPath', { applicationId: app?.id ?? '', memberId: userId });
    const res = await stack.graphql<{ node: { application: { label: string } } }>(
      'query($id: ID!) { node(id: $id) { ... on AccessPath { direct application { label } } } }',
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.node.application.label).toBe(app?.label);
    expect(gate.waves()).toEqual([4]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId/groups': 1,
      'GET /api/v1/apps/:appId/users/:userId': 1,
      'GET /api/v1/users/:userId/groups': 1,
    });
  });

  it('loads 20 groups with their members in two round trips when 75 calls may be in flight', async () => {
    const groups = [...stack.sim.org.groups.values()].filter((g) => g.members.size > 0);
    const search = groups
      .slice(0, 20)
      .map((g) => `id eq "${g.id}"`)
      .join(' or ');
    const res = await stack.graphql<{ groups: { nodes: { members: { nodes: unknown[] } }[] } }>(
      'query($search: String!) { groups(search: $search, first: 20) { nodes { members(first: 5) { nodes { id } } } } }',
      { search },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.groups.nodes).toHaveLength(20);
    expect(gate.waves()).toEqual([1, 20]);
  });
});

describe('fields that need only an id, for a caller without their scope', () => {
  const stack = useStack({
    authenticate: async () => callerWithScopes('reader', ['okta.users.read'], true),
  });
  beforeEach(() => stack.oktaCalls.reset());

  it('starts no call for a field the caller may not read, and answers the user from its own fetch', async () => {
    const { user } = userWithGroupsAndApps(stack);
    const res = await stack.graphql<{ user: { groups: null } | null }>(
      'query($id: ID!) { user(id: $id) { id groups { nodes { id } } } }',
      { id: user.id },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['user', 'groups']);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
  });
});
