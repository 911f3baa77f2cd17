import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import { useStack } from '../support/stack.ts';

describe('connections page forward only, as Okta does', () => {
  const stack = useStack();

  it('offers first and after on every connection, and neither last nor before', () => {
    const connections = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => String(field.type).replace(/!$/, '').endsWith('Connection'))
          .map((field) => [`${type.name}.${field.name}`, field.args.map((a) => a.name)] as const),
      );
    expect(connections.length).toBeGreaterThanOrEqual(10);
    for (const [name, args] of connections) {
      expect([name, args.filter((a) => ['first', 'after', 'last', 'before'].includes(a))]).toEqual([
        name,
        ['after', 'first'],
      ]);
    }
  });

  it('refuses last and before in validation, before any Okta call', async () => {
    stack.oktaCalls.reset();
    const res = await stack.graphql('{ users(last: 2, before: "x") { nodes { id } } }');
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => e.message)).toEqual([
      'Unknown argument "last" on field "Query.users".',
      'Unknown argument "before" on field "Query.users".',
    ]);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
