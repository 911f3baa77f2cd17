import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { useStack } from '../support/stack.ts';

describe('users in the graph', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  it('pages users with Okta cursors and returns their profiles', async () => {
    const first = await stack.graphql<{
      users: {
        nodes: { id: string; profile: { login: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>('{ users(first: 3) { nodes { id profile { login } } pageInfo { endCursor hasNextPage } } }');
    expect(first.errors).toBeUndefined();
    expect(first.data?.users.nodes).toHaveLength(3);
    expect(first.data?.users.pageInfo.hasNextPage).toBe(true);
    const second = await stack.graphql<{ users: { nodes: { id: string }[] } }>(
      'query($after: String) { users(first: 3, after: $after) { nodes { id } } }',
      { after: first.data?.users.pageInfo.endCursor },
    );
    const ids = [...(first.data?.users.nodes ?? []), ...(second.data?.users.nodes ?? [])].map(
      (u) => u.id,
    );
    expect(new Set(ids).size).toBe(6);
    expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(2);
  });

  it('answers user(id) for an unknown id with null', async () => {
    const res = await stack.graphql<{ user: null }>('{ user(id: "00u00000000000000000") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.user).toBeNull();
  });

  it('resolves node(id) by the Okta id prefix', async () => {
    const list = await stack.graphql<{ groups: { nodes: { id: string; name: string }[] } }>(
      '{ groups(first: 1) { nodes { id name } } }',
    );
    const group = list.data?.groups.nodes[0];
    const res = await stack.graphql<{ node: { __typename: string; name: string } }>(
      'query($id: ID!) { node(id: $id) { __typename ... on Group { name } } }',
      { id: group?.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.node).toEqual({ __typename: 'Group', name: group?.name });
  });
});

describe('node(id) and the single lookups agree', () => {
  const stack = useStack({ sim: { size: 'empty' } });

  it.each([
    ['User', '00u00000000000000000', 'user'],
    ['Group', '00g00000000000000000', 'group'],
    ['Application', '0oa00000000000000000', 'application'],
    ['EventHook', 'who00000000000000000', 'eventHook'],
  ])(
    'answers a well-formed %s id that names nothing with a plain null',
    async (_type, id, field) => {
      const res = await stack.graphql(
        `query($id: ID!) { node(id: $id) { id } ${field}(id: $id) { id } }`,
        { id },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ node: null, [field]: null });
    },
  );

  it('refuses a malformed id with BAD_USER_INPUT in node(id) as in every single lookup', async () => {
    stack.oktaCalls.reset();
    const res = await stack.graphql(
      'query($id: ID!) { node(id: $id) { id } user(id: $id) { id } group(id: $id) { id } application(id: $id) { id } eventHook(id: $id) { id } }',
      { id: 'x/y' },
    );
    expect(res.data).toEqual({
      node: null,
      user: null,
      group: null,
      application: null,
      eventHook: null,
    });
    expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code]).sort()).toEqual([
      ['application', 'BAD_USER_INPUT'],
      ['eventHook', 'BAD_USER_INPUT'],
      ['group', 'BAD_USER_INPUT'],
      ['node', 'BAD_USER_INPUT'],
      ['user', 'BAD_USER_INPUT'],
    ]);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});

describe('node(id) for a caller without the type read scope', () => {
  const stack = useStack({
    authenticate: async () => callerWithScopes('reader', ['okta.users.read'], true),
  });

  it('refuses a group id with FORBIDDEN before any Okta call', async () => {
    const group = [...stack.sim.org.groups.values()][0];
    stack.oktaCalls.reset();
    const res = await stack.graphql('query($id: ID!) { node(id: $id) { id } }', { id: group?.id });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['node']);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
