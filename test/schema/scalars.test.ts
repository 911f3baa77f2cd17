import { type GraphQLScalarType, parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { useStack } from '../support/stack.ts';

describe('the JSON scalar', () => {
  const json = schema.getType('JSON') as GraphQLScalarType;

  it('reads every kind of GraphQL literal as its JSON value, variables inside included', () => {
    const literal = parseValue(
      '{ s: "x", i: -3, f: 2.5, t: true, n: null, e: RESTRICTED, l: [1, [2], { a: $v }], o: { deep: { er: $w } } }',
    );
    expect(json.parseLiteral(literal, { v: 'from a variable', w: [1, { x: null }] })).toEqual({
      s: 'x',
      i: -3,
      f: 2.5,
      t: true,
      n: null,
      e: 'RESTRICTED',
      l: [1, [2], { a: 'from a variable' }],
      o: { deep: { er: [1, { x: null }] } },
    });
  });

  it.each([
    ['"text"', 'text'],
    ['42', 42],
    ['0.5', 0.5],
    ['false', false],
    ['[]', []],
    ['{}', {}],
  ])('reads the literal %s as %j', (source, value) => {
    expect(json.parseLiteral(parseValue(source), {})).toEqual(value);
  });
});

describe('JSON arguments written inline', () => {
  const stack = useStack();

  const update = (variables: string, input: string) => /* GraphQL */ `
    mutation($id: ID!, ${variables}) {
      result: updateUser(id: $id, input: ${input}) {
        __typename
        ... on UpdateUserPayload { user { profile { title custom } } }
        ... on Error { code message }
      }
    }`;

  it('writes custom attributes given as a literal exactly as given through a variable', async () => {
    const [a, b] = [...stack.sim.org.users.values()].filter(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId,
    );
    const custom = {
      isContractor: true,
      startDate: '2026-12-01',
      securityClearance: 'INTERNAL',
      badgeNumber: 4711,
      skills: ['GraphQL', 'Okta'],
    };
    stack.oktaCalls.reset();
    const byVariable = await stack.graphql(
      update('$custom: JSON', '{ profile: { title: "Lead", custom: $custom } }'),
      {
        id: a?.id,
        custom,
      },
    );
    const variableCalls = stack.oktaCalls.snapshot();
    stack.oktaCalls.reset();
    const inline = await stack.graphql(
      update(
        '$skill: String',
        '{ profile: { title: "Lead", custom: { isContractor: true, startDate: "2026-12-01", securityClearance: INTERNAL, badgeNumber: 4711, skills: ["GraphQL", $skill] } } }',
      ),
      { id: b?.id, skill: 'Okta' },
    );
    expect(inline.errors).toBeUndefined();
    expect(inline.data).toEqual(byVariable.data);
    expect(stack.oktaCalls.snapshot()).toEqual(variableCalls);
    const result = (inline.data as { result: { user: { profile: { custom: unknown } } } }).result;
    expect(result.user.profile.custom).toMatchObject(custom);
    expect(stack.sim.org.users.get(b?.id ?? '')?.profile).toMatchObject({
      title: 'Lead',
      ...custom,
    });
  });
});
