import {
  buildSchema,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { graphcacheKeys, typePolicies } from 'okta-graphql-gateway/client';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../src/schema/index.ts';

// The schema as src/schema prints it now (not the checked-in file, which a stale codegen could
// leave behind): the list of snapshot types must follow the schema, not drift from it.
const schema = buildSchema(printedSchema());

/**
 * The object types under `LogEvent` that have an `id` field: everything its fields reach, through
 * lists, unions and interfaces, down to the first type that implements `Node`. A Node (the
 * actor's `user`, a target's `application`) is an entity of the graph, as is what lies beyond it
 * (a user's factors and role assignments): those stay normalised.
 */
function logSnapshotTypes(): string[] {
  const seen = new Set<string>();
  const withId: string[] = [];
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isUnionType(type)) {
      for (const member of type.getTypes()) visit(member);
      return;
    }
    if (isInterfaceType(type)) {
      for (const member of schema.getPossibleTypes(type)) visit(member);
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    if (type.getInterfaces().some((i) => i.name === 'Node')) return;
    const fields = type.getFields();
    if (isObjectType(type) && 'id' in fields && type.name !== 'LogEvent') withId.push(type.name);
    for (const field of Object.values(fields)) visit(getNamedType(field.type));
  };
  visit(schema.getType('LogEvent') as GraphQLNamedType);
  return withId.sort();
}

describe("the client's settings for normalised caches", () => {
  it('name every System Log snapshot type with an id: the object types under LogEvent, down to the first Node', () => {
    const snapshots = logSnapshotTypes();
    expect(Object.keys(typePolicies).sort()).toEqual(snapshots);
    expect(Object.keys(graphcacheKeys).sort()).toEqual(snapshots);
  });

  it("keep each one in its event: Apollo's keyFields false, a Graphcache key of null", () => {
    for (const typename of Object.keys(typePolicies)) {
      expect(typePolicies[typename as keyof typeof typePolicies]).toEqual({ keyFields: false });
      const key = graphcacheKeys[typename as keyof typeof graphcacheKeys];
      expect(key()).toBeNull();
    }
  });
});
