import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import type { GroupRecord } from '../../src/simulator/store.ts';
import { type Stack, useStack } from '../support/stack.ts';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The seeded groups, in Okta's order (by id). */
const groupsOf = (stack: Stack): GroupRecord[] => [...stack.sim.org.groups.values()].sort(byId);

/** A seeded OKTA_GROUP with at least `members` members. */
function groupWithMembers(stack: Stack, members: number): GroupRecord {
  const group = groupsOf(stack).find((g) => g.type === 'OKTA_GROUP' && g.members.size >= members);
  if (!group) throw new Error(`The demo seed has no group with ${members} members`);
  return group;
}

interface GroupAnswer {
  id: string;
  name: string;
  description: string | null;
  type: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  memberCount: number;
}

const GROUP_FIELDS =
  'id name description type created lastUpdated lastMembershipUpdated memberCount';

/** What the graph should answer for a seeded group. */
const expected = (group: GroupRecord): GroupAnswer => ({
  id: group.id,
  name: String(group.profile.name),
  description: (group.profile.description as string | undefined) ?? null,
  type: group.type,
  created: group.created,
  lastUpdated: group.lastUpdated,
  lastMembershipUpdated: group.lastMembershipUpdated,
  memberCount: group.members.size,
});

describe('groups in the graph', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  it('answers group(id) with the group as Okta holds it, its member count from Okta stats', async () => {
    const group = groupWithMembers(stack, 2);
    const res = await stack.graphql<{ group: GroupAnswer & { profile: unknown } }>(
      `query($id: ID!) { group(id: $id) { ${GROUP_FIELDS} profile } }`,
      { id: group.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.group).toEqual({ ...expected(group), profile: group.profile });
    // GET /groups/{id} has no expand: a group asked with its member count is read, stats and
    // all, through a one-id filter, and not read by id as well.
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });

  it('answers group(id) without memberCount in one Okta call', async () => {
    const group = groupWithMembers(stack, 1);
    const res = await stack.graphql<{ group: { id: string; name: string } }>(
      'query($id: ID!) { group(id: $id) { id name } }',
      { id: group.id },
    );
    expect(res.data?.group).toEqual({ id: group.id, name: group.profile.name });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups/:groupId': 1 });
  });

  it('answers group(id) for an unknown id with null', async () => {
    const res = await stack.graphql<{ group: null }>(
      '{ group(id: "00g00000000000000000") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.group).toBeNull();
  });

  it('answers group(name) with the group of exactly that name, in one Okta call', async () => {
    const group = groupWithMembers(stack, 1);
    const res = await stack.graphql<{ group: { id: string; name: string } }>(
      'query($name: String!) { group(name: $name) { id name } }',
      { name: group.profile.name },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.group).toEqual({ id: group.id, name: group.profile.name });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });

  it('answers group(name) with null when no group is spelled exactly so (Okta ignores case)', async () => {
    const group = groupWithMembers(stack, 1);
    const shouted = String(group.profile.name).toUpperCase();
    expect(shouted).not.toBe(group.profile.name);
    const res = await stack.graphql<{ group: null }>(
      'query($name: String!) { group(name: $name) { id } }',
      { name: shouted },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.group).toBeNull();
  });

  it('refuses group with both id and name, or neither, with BAD_USER_INPUT before any Okta call', async () => {
    const group = groupWithMembers(stack, 1);
    for (const args of [`id: "${group.id}", name: "x"`, '']) {
      const res = await stack.graphql(`{ group${args ? `(${args})` : ''} { id } }`);
      expect(res.data).toEqual({ group: null });
      expect(res.errors?.[0]).toMatchObject({
        message: 'Give exactly one of id and name.',
        path: ['group'],
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('pages groups with Okta cursors, each with its member count, one Okta call a page', async () => {
    type Page = {
      groups: { nodes: GroupAnswer[]; pageInfo: { endCursor: string; hasNextPage: boolean } };
    };
    const query = `query($after: String) { groups(first: 3, after: $after) {
      nodes { ${GROUP_FIELDS} } pageInfo { endCursor hasNextPage } } }`;
    const first = await stack.graphql<Page>(query);
    expect(first.errors).toBeUndefined();
    expect(first.data?.groups.pageInfo.hasNextPage).toBe(true);
    const second = await stack.graphql<Page>(query, {
      after: first.data?.groups.pageInfo.endCursor,
    });
    const nodes = [...(first.data?.groups.nodes ?? []), ...(second.data?.groups.nodes ?? [])];
    expect(nodes).toEqual(groupsOf(stack).slice(0, 6).map(expected));
    // Member counts come embedded in the list (expand=stats): no call per group.
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 2 });
  });

  it('answers groups(q) with the groups whose name starts with the prefix', async () => {
    const group = groupWithMembers(stack, 1);
    const prefix = String(group.profile.name).slice(0, 3).toLowerCase();
    const res = await stack.graphql<{ groups: { nodes: { id: string }[] } }>(
      'query($q: String!) { groups(q: $q, first: 200) { nodes { id } } }',
      { q: prefix },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.groups.nodes).toEqual(
      groupsOf(stack)
        .filter((g) => String(g.profile.name).toLowerCase().startsWith(prefix))
        .map((g) => ({ id: g.id })),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });

  it('answers groups(filter) and groups(search) with the groups the expression matches', async () => {
    const appGroups = groupsOf(stack)
      .filter((g) => g.type === 'APP_GROUP')
      .map((g) => ({ id: g.id, type: g.type }));
    expect(appGroups.length).toBeGreaterThan(0);
    for (const args of ['filter: "type eq \\"APP_GROUP\\""', 'search: "type eq \\"APP_GROUP\\""']) {
      const res = await stack.graphql<{ groups: { nodes: { id: string; type: string }[] } }>(
        `{ groups(${args}, first: 200) { nodes { id type } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?.groups.nodes).toEqual(appGroups);
    }
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 2 });
  });

  it("pages a group's members in Okta's order, one Okta call a page and no user GET", async () => {
    const group = groupWithMembers(stack, 3);
    type Page = {
      group: {
        members: {
          nodes: { id: string; profile: { login: string } }[];
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      };
    };
    const query = `query($id: ID!, $after: String) { group(id: $id) {
      members(first: 2, after: $after) { nodes { id profile { login } } pageInfo { endCursor hasNextPage } }
    } }`;
    const first = await stack.graphql<Page>(query, { id: group.id });
    expect(first.errors).toBeUndefined();
    expect(first.data?.group.members.pageInfo.hasNextPage).toBe(true);
    const rest = await stack.graphql<Page>(query, {
      id: group.id,
      after: first.data?.group.members.pageInfo.endCursor,
    });
    const members = [
      ...(first.data?.group.members.nodes ?? []),
      ...(rest.data?.group.members.nodes ?? []),
    ];
    const seeded = [...group.members].sort().slice(0, members.length);
    expect(members.map((m) => m.id)).toEqual(seeded);
    for (const member of members) {
      expect(member.profile.login).toBe(stack.sim.org.users.get(member.id)?.profile.login);
    }
    expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId/users')).toBe(2);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
  });

  it('loads 20 groups with their members in one members call per group and no user GET', async () => {
    const res = await stack.graphql<{
      groups: {
        nodes: { name: string; memberCount: number; members: { nodes: { status: string }[] } }[];
      };
    }>(
      '{ groups(first: 20) { nodes { name memberCount members(first: 50) { nodes { status } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.groups.nodes).toHaveLength(20);
    expect(stack.oktaCalls.count('GET /api/v1/groups')).toBe(1);
    expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId/users')).toBe(20);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
  });

  it('answers the apps assigned to a group in one Okta call', async () => {
    const apps = [...stack.sim.org.apps.values()];
    const group = groupsOf(stack).find((g) => apps.some((a) => a.groups.has(g.id)));
    if (!group) throw new Error('The demo seed assigns no app to a group');
    const res = await stack.graphql<{ group: { applications: { nodes: { id: string }[] } } }>(
      'query($id: ID!) { group(id: $id) { applications { nodes { id } } } }',
      { id: group.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.group.applications.nodes).toEqual(
      apps
        .filter((a) => a.groups.has(group.id))
        .sort(byId)
        .map((a) => ({ id: a.id })),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/groups/:groupId': 1,
    });
  });

  it("answers a user's groups and isMemberOf from one Okta call", async () => {
    const group = groupWithMembers(stack, 1);
    const userId = [...group.members][0] as string;
    const outside = groupsOf(stack).find((g) => !g.members.has(userId)) as GroupRecord;
    const res = await stack.graphql<{
      user: { groups: { nodes: { id: string }[] }; member: boolean; outsider: boolean };
    }>(
      `query($id: ID!, $group: ID!, $outside: ID!) { user(id: $id) {
        groups(first: 200) { nodes { id } }
        member: isMemberOf(groupId: $group) outsider: isMemberOf(groupId: $outside)
      } }`,
      { id: userId, group: group.id, outside: outside.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.groups.nodes.map((g) => g.id).sort()).toEqual(
      groupsOf(stack)
        .filter((g) => g.members.has(userId))
        .map((g) => g.id),
    );
    expect(res.data?.user.member).toBe(true);
    expect(res.data?.user.outsider).toBe(false);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/groups')).toBe(1);
  });
});

describe('groups for a caller without the scopes', () => {
  const stack = useStack({
    authenticate: async (authorization) =>
      callerWithScopes(
        'reader',
        authorization === 'Bearer users' ? ['okta.users.read'] : ['okta.groups.read'],
        true,
      ),
  });
  beforeEach(() => stack.oktaCalls.reset());

  it('refuses group and groups to a caller without okta.groups.read, before any Okta call', async () => {
    const group = groupWithMembers(stack, 1);
    const res = await stack.graphql(
      'query($id: ID!) { group(id: $id) { id } groups(first: 1) { nodes { id } } }',
      { id: group.id },
      { authorization: 'Bearer users' },
    );
    expect(res.data).toEqual({ group: null, groups: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['group'], 'FORBIDDEN'],
      [['groups'], 'FORBIDDEN'],
    ]);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('answers a group but refuses its members to a caller without okta.users.read', async () => {
    const group = groupWithMembers(stack, 1);
    const res = await stack.graphql(
      'query($id: ID!) { group(id: $id) { id members { nodes { id } } } }',
      { id: group.id },
      { authorization: 'Bearer groups' },
    );
    expect(res.data).toEqual({ group: { id: group.id, members: null } });
    expect(res.errors?.[0]).toMatchObject({
      path: ['group', 'members'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId/users')).toBe(0);
  });
});
