import { beforeEach, describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.ts';

const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on ValidationError { fields { field message } }
  ... on InvalidTransitionError { action currentStatus allowedFrom }
  ... on NotFoundError { resource id }
`;
const RULE_FIELDS = 'id name status expression groupIds groups { id name }';

const CREATE = /* GraphQL */ `
  mutation($input: CreateGroupRuleInput!) {
    createGroupRule(input: $input) {
      __typename
      ... on CreateGroupRulePayload { groupRule { ${RULE_FIELDS} } }
      ${ERROR_FIELDS}
    }
  }
`;
const LIFECYCLE = (name: string) => /* GraphQL */ `
  mutation($id: ID!) {
    ${name}GroupRule(id: $id) {
      __typename
      ... on ${name[0]?.toUpperCase()}${name.slice(1)}GroupRulePayload { groupRule { id status } }
      ${ERROR_FIELDS}
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation($id: ID!, $input: UpdateGroupRuleInput!) {
    updateGroupRule(id: $id, input: $input) {
      __typename
      ... on UpdateGroupRulePayload { groupRule { id name expression status } }
      ${ERROR_FIELDS}
    }
  }
`;
const DELETE = /* GraphQL */ `
  mutation($id: ID!) {
    deleteGroupRule(id: $id, removeUsers: true) {
      __typename
      ... on DeleteGroupRulePayload { deletedGroupRuleId }
      ${ERROR_FIELDS}
    }
  }
`;
const GROUP = /* GraphQL */ `
  query($id: ID!, $search: String!) {
    group(id: $id) {
      members(first: 50) { edges { node { id } } }
      rules { id name status }
    }
    groupRules(search: $search) { edges { node { id name status } } }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;

describe('group rules through the graph', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  let serial = 0;
  const newUser = (department: string) => {
    serial++;
    return stack.okta.users.create(
      {
        profile: {
          firstName: `Ruled${serial}`,
          lastName: 'Researcher',
          email: `ruled.researcher${serial}@example.com`,
          login: `ruled.researcher${serial}@example.com`,
          department,
        },
      },
      { activate: true },
    );
  };
  const groupView = async (groupId: string) => {
    const res = await stack.graphql<{
      group: { members: { edges: { node: { id: string } }[] }; rules: unknown[] };
      groupRules: { edges: { node: unknown }[] };
    }>(GROUP, { id: groupId, search: 'Field Research' });
    expect(res.errors).toBeUndefined();
    return {
      members: res.data?.group.members.edges.map((e) => e.node.id),
      rules: res.data?.group.rules,
      listed: res.data?.groupRules.edges.map((e) => e.node),
    };
  };

  it('puts a new matching user, and no other, in the group of an activated rule, and lists the rule until it is deleted', async () => {
    const department = 'Field Research';
    expect([...stack.sim.org.users.values()].some((u) => u.profile.department === department)).toBe(
      false,
    );
    const group = await stack.okta.groups.create({ name: 'Field researchers' });

    const created = await stack.graphql<{ createGroupRule: Result }>(CREATE, {
      input: {
        name: 'Field Research by department',
        expression: `user.department=="${department}"`,
        groupIds: [group.id],
      },
    });
    expect(created.errors).toBeUndefined();
    const rule = (created.data?.createGroupRule.groupRule ?? {}) as { id: string };
    expect(created.data?.createGroupRule).toEqual({
      __typename: 'CreateGroupRulePayload',
      groupRule: {
        id: rule.id,
        name: 'Field Research by department',
        status: 'INACTIVE',
        expression: 'user.department=="Field Research"',
        groupIds: [group.id],
        groups: [{ id: group.id, name: 'Field researchers' }],
      },
    });
    expect(stack.oktaCalls.count('POST /api/v1/groups/rules')).toBe(1);

    const activated = await stack.graphql<{ activateGroupRule: Result }>(LIFECYCLE('activate'), {
      id: rule.id,
    });
    expect(activated.data?.activateGroupRule).toEqual({
      __typename: 'ActivateGroupRulePayload',
      groupRule: { id: rule.id, status: 'ACTIVE' },
    });

    const researcher = await newUser(department);
    await newUser('Engineering');
    const listedRule = { id: rule.id, name: 'Field Research by department', status: 'ACTIVE' };
    expect(await groupView(group.id)).toEqual({
      members: [researcher.id],
      rules: [listedRule],
      listed: [listedRule],
    });

    const refused = await stack.graphql<{ updateGroupRule: Result }>(UPDATE, {
      id: rule.id,
      input: { name: 'Renamed', expression: 'user.department=="Sales"' },
    });
    expect(refused.data?.updateGroupRule).toMatchObject({
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      action: 'updateGroupRule',
      currentStatus: 'ACTIVE',
      allowedFrom: ['INACTIVE', 'INVALID'],
    });

    const deleted = await stack.graphql<{ deleteGroupRule: Result }>(DELETE, { id: rule.id });
    expect(deleted.data?.deleteGroupRule).toEqual({
      __typename: 'DeleteGroupRulePayload',
      deletedGroupRuleId: rule.id,
    });
    expect(await groupView(group.id)).toEqual({ members: [], rules: [], listed: [] });
    const gone = await stack.graphql<{ groupRule: unknown }>(
      'query($id: ID!) { groupRule(id: $id) { id } }',
      { id: rule.id },
    );
    expect(gone.data).toEqual({ groupRule: null });
  });

  it('replaces an INACTIVE rule, keeping its groups', async () => {
    const group = await stack.okta.groups.create({ name: 'Replaced rule group' });
    const created = await stack.graphql<{ createGroupRule: Result }>(CREATE, {
      input: { name: 'To replace', expression: 'user.department=="A"', groupIds: [group.id] },
    });
    const id = (created.data?.createGroupRule.groupRule as { id: string } | undefined)?.id ?? '';
    const res = await stack.graphql<{ updateGroupRule: Result }>(UPDATE, {
      id,
      input: { name: 'Replaced', expression: 'user.department=="B"' },
    });
    expect(res.data?.updateGroupRule).toEqual({
      __typename: 'UpdateGroupRulePayload',
      groupRule: { id, name: 'Replaced', expression: 'user.department=="B"', status: 'INACTIVE' },
    });
    expect(stack.sim.org.groupRules.get(id)?.groupIds).toEqual([group.id]);
  });

  it("refuses an expression outside Okta's language as a ValidationError on `expression`", async () => {
    const group = await stack.okta.groups.create({ name: 'Refused rule target' });
    const res = await stack.graphql<{ createGroupRule: Result }>(CREATE, {
      input: { name: 'Bad rule', expression: 'user.department ==', groupIds: [group.id] },
    });
    const answer = res.data?.createGroupRule as { __typename: string; fields: { field: string }[] };
    expect(answer.__typename).toBe('ValidationError');
    expect(answer.fields.map((f) => f.field)).toEqual(['expression']);
  });

  it('answers NotFoundError for a rule that is not there', async () => {
    const res = await stack.graphql<{ activateGroupRule: Result }>(LIFECYCLE('activate'), {
      id: '0pr00000000000000000',
    });
    expect(res.data?.activateGroupRule).toMatchObject({
      __typename: 'NotFoundError',
      resource: 'GroupRule',
      id: '0pr00000000000000000',
    });
  });

  it("lists the demo org's rule on its group, with one rules call for every group asked", async () => {
    const contractors = [...stack.sim.org.groups.values()].find(
      (g) => g.profile.name === 'Contractors',
    );
    const everyone = stack.sim.org.everyoneGroupId;
    const res = await stack.graphql<{ a: { rules: unknown[] }; b: { rules: unknown[] } }>(
      'query($a: ID!, $b: ID!) { a: group(id: $a) { rules { name status expression } } b: group(id: $b) { rules { name } } }',
      { a: contractors?.id, b: everyone },
    );
    expect(res.data).toEqual({
      a: {
        rules: [
          {
            name: 'Contractors by user type',
            status: 'ACTIVE',
            expression: 'user.userType=="Contractor"',
          },
        ],
      },
      b: { rules: [] },
    });
    expect(stack.oktaCalls.count('GET /api/v1/groups/rules')).toBe(1);
  });

  it('resolves a rule id through node(id), and refuses to activate a rule made INVALID by its group’s deletion', async () => {
    const group = await stack.okta.groups.create({ name: 'Short-lived rule group' });
    const created = await stack.graphql<{ createGroupRule: Result }>(CREATE, {
      input: { name: 'Soon invalid', expression: 'user.department=="Z"', groupIds: [group.id] },
    });
    const id = (created.data?.createGroupRule.groupRule as { id: string } | undefined)?.id ?? '';
    const node = await stack.graphql<{ node: unknown }>(
      'query($id: ID!) { node(id: $id) { __typename ... on GroupRule { id name status } } }',
      { id },
    );
    expect(node.data?.node).toEqual({
      __typename: 'GroupRule',
      id,
      name: 'Soon invalid',
      status: 'INACTIVE',
    });

    await stack.okta.groups.delete(group.id);
    const rule = await stack.graphql<{ groupRule: unknown }>(
      'query($id: ID!) { groupRule(id: $id) { status groupIds groups { id } } }',
      { id },
    );
    expect(rule.data?.groupRule).toEqual({ status: 'INVALID', groupIds: [group.id], groups: [] });
    const refused = await stack.graphql<{ activateGroupRule: Result }>(LIFECYCLE('activate'), {
      id,
    });
    expect(refused.data?.activateGroupRule).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
  });
});
