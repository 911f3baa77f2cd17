import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planOperation } from '../../src/planner/plan.ts';
import { schema } from '../../src/schema/index.ts';

const plan = (query: string, variables?: Record<string, unknown>, org?: { groups?: number }) =>
  planOperation(schema, parse(query), { variables, org });

describe("the planner's rules", () => {
  it('counts one call for a list page, and one per parent for what Okta lists per object', () => {
    expect(plan('{ users(first: 30) { nodes { id groups { nodes { id } } } } }').calls).toEqual({
      'users.collection': 1,
      default: 30,
    });
  });

  it('multiplies by the default page (20) when a connection has no first', () => {
    expect(plan('{ groups { nodes { members { nodes { id } } } } }').calls).toEqual({
      'groups.collection': 1,
      default: 20,
    });
  });

  it('batches objects by id: one search per 100, and the lone-id GET', () => {
    expect(plan('{ logEvents(first: 200) { nodes { actor { user { id } } } } }').calls).toEqual({
      logs: 1,
      'users.collection': 2,
      'users.get': 1,
    });
  });

  it('reads first from variables and their defaults', () => {
    const query =
      'query($n: Int = 7, $m: Int) { users(first: $n) { nodes { applications(first: $m) { nodes { id } } } } }';
    expect(plan(query).calls).toEqual({ 'users.collection': 1, 'apps.collection': 7 });
    expect(plan(query, { n: 3 }).calls).toEqual({ 'users.collection': 1, 'apps.collection': 3 });
  });

  it('bounds a read made once per distinct group by the groups the org has, when known', () => {
    const query =
      '{ users(first: 50) { nodes { groups { nodes { applications { nodes { id } } } } } } }';
    const unknown = plan(query);
    expect(unknown.calls['apps.collection']).toBe(1000);
    expect([...unknown.wouldUse]).toEqual(['groups']);
    expect(plan(query, {}, { groups: 25 }).calls['apps.collection']).toBe(25);
  });

  it('plans node(id) by the kind its prefix names', () => {
    expect(plan('{ node(id: "00g1a2b3c4d5e6f7g8h9") { id } }').calls).toEqual({
      'groups.item': 1,
      'groups.collection': 1,
    });
    expect(plan('{ node(id: "not-an-okta-id") { id } }').calls).toEqual({});
  });

  it('counts aliases apart: each is its own call', () => {
    const windows = Array.from(
      { length: 15 },
      (_, i) => `w${i}: logEvents(first: 1) { nodes { uuid } }`,
    );
    expect(plan(`{ users(first: 100) { nodes { ${windows.join(' ')} } } }`).calls).toEqual({
      'users.collection': 1,
      logs: 1500,
    });
  });

  it('measures a fragment spread twice in one selection once, as GraphQL runs it', () => {
    const fragments = Array.from({ length: 26 }, (_, i) =>
      i === 25
        ? 'fragment F25 on User { groups { nodes { id } } }'
        : `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`,
    );
    expect(plan(`{ users(first: 200) { nodes { ...F0 } } } ${fragments.join(' ')}`).calls).toEqual({
      'users.collection': 1,
      default: 200,
    });
  });

  it('plans a mutation by its own calls and its payload as a query', () => {
    const query = `mutation { addUserToGroup(groupId: "00g1a2b3c4d5e6f7g8h9", userId: "00u1a2b3c4d5e6f7g8h9") {
      ... on AddUserToGroupPayload { user { groups { nodes { id } } } }
    } }`;
    expect(plan(query).calls).toEqual({ 'groups.item': 2, 'users.get': 2, default: 2 });
  });

  it('plans nothing for a subscription, whose replay no argument bounds', () => {
    expect(plan('subscription { logEvents { uuid } }').total).toBe(0);
  });

  it('plans each operation of access.graphql within the default ceiling of 100 calls a bucket', () => {
    const text = readFileSync(new URL('../../schema/operations/access.graphql', import.meta.url));
    const document = parse(text.toString());
    const plans: Record<string, number> = {};
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION || !d.name) continue;
      const { calls } = planOperation(schema, document, { operationName: d.name.value });
      plans[d.name.value] = Math.max(...Object.values(calls));
    }
    expect(Object.keys(plans)).toHaveLength(16);
    expect(Object.entries(plans).filter(([, most]) => most > 100)).toEqual([]);
    // An app's access paths: its users and groups (a page each) and, at most, an app group's
    // members for each of the 20 groups assumed.
    expect(
      plan('{ application(id: "0oa1a2b3c4d5e6f7g8h9") { access { nodes { id } } } }').calls,
    ).toEqual({ 'apps.collection': 3, default: 20 });
  });
});
