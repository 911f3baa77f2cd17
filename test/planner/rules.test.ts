import { readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { planOperation } from '../../src/planner/plan.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
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

  it('plans node(id) of a pair id by the type the pair names', () => {
    const pair = { applicationId: '0oa1a2b3c4d5e6f7g8h9', memberId: '00u1a2b3c4d5e6f7g8h9' };
    const group = { ...pair, memberId: '00g1a2b3c4d5e6f7g8h9' };
    const node = (id: string) => plan(`{ node(id: "${id}") { id } }`).calls;
    expect(node(pairId('ApplicationUser', pair))).toEqual({ 'apps.collection': 1 });
    expect(node(pairId('ApplicationGroup', group))).toEqual({ 'apps.collection': 1 });
    // The assignment, the app's groups and the app itself should `application` be asked for;
    // the user's groups.
    expect(node(pairId('AccessPath', pair))).toEqual({ 'apps.collection': 3, default: 1 });
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
    // The group and the user read first (the user is the payload's own), the member added, the
    // user's groups listed for the selection.
    expect(plan(query).calls).toEqual({ 'groups.item': 1, 'users.get': 1, default: 2 });
  });

  it("plans a read of the payload's object after the write only when the selection asks for it", () => {
    const query = (selection: string) => `mutation {
      addUserToGroup(groupId: "00g1a2b3c4d5e6f7g8h9", userId: "00u1a2b3c4d5e6f7g8h9") {
        __typename ${selection}
      }
    }`;
    const without = { 'groups.item': 1, 'users.get': 1, default: 1 };
    const withGroup = { 'groups.item': 2, 'users.get': 1, default: 1 };
    expect(plan(query('... on Error { code }')).calls).toEqual(without);
    expect(plan(query('... on AddUserToGroupPayload { user { id } }')).calls).toEqual(without);
    expect(plan(query('... on AddUserToGroupPayload { group { id } }')).calls).toEqual(withGroup);
    // Through a fragment spread, and a fragment on the result union.
    expect(
      plan(`${query('...G')} fragment G on AddUserToGroupPayload { group { name } }`).calls,
    ).toEqual(withGroup);
    expect(
      plan(
        `${query('...R')} fragment R on AddUserToGroupResult { ... on AddUserToGroupPayload { group { id } } }`,
      ).calls,
    ).toEqual(withGroup);
    // A field of that name on an error is no read.
    expect(plan(query('... on NotFoundError { id }')).calls).toEqual(without);
  });

  it("plans a mutation's optional steps by its arguments", () => {
    const rule =
      'mutation($r: Boolean) { deleteGroupRule(id: "0pr1a2b3c4d5e6f7g8h9", removeUsers: $r) { __typename } }';
    expect(plan(rule).calls).toEqual({ default: 1 });
    expect(plan(rule, { r: false }).calls).toEqual({ default: 1 });
    // The rule read first, for the groups whose members change.
    expect(plan(rule, { r: true }).calls).toEqual({ default: 2 });

    const hook = (first: string) =>
      `mutation { deleteEventHook(id: "who1a2b3c4d5e6f7g8h9"${first}) { __typename } }`;
    expect(plan(hook('')).calls).toEqual({ default: 2 });
    expect(plan(hook(', deactivateFirst: true')).calls).toEqual({ default: 3 });

    const offboard = (args: string) =>
      `mutation { offboardUser(id: "00u1a2b3c4d5e6f7g8h9", ${args}) { ... on OffboardUserPayload { user { id } } } }`;
    // The user, its groups, its apps and each group's (5 assumed of each); the lifecycle call,
    // the sessions, 5 memberships and 5 assignments; the user again for the payload.
    expect(plan(offboard('mode: SUSPEND')).calls).toEqual({
      'users.get': 2,
      default: 8,
      'apps.collection': 11,
    });
    // Deleting: the user read once more before the one DELETE.
    expect(plan(offboard('mode: DEACTIVATE, delete: true')).calls).toEqual({
      'users.get': 3,
      default: 8,
      'apps.collection': 11,
      'users.write': 1,
    });
    // A dry run reads and writes nothing.
    expect(plan(offboard('mode: DEACTIVATE, delete: true, dryRun: true')).calls).toEqual({
      'users.get': 1,
      default: 1,
      'apps.collection': 6,
    });
  });

  it('plans onboardUser by its lists, a single value where a list goes counting as one', () => {
    const onboard = `mutation($input: OnboardUserInput!, $dry: Boolean) {
      onboardUser(input: $input, dryRun: $dry) { ... on OnboardUserPayload { user { id } } }
    }`;
    const profile = {
      firstName: 'A',
      lastName: 'B',
      email: 'a@example.com',
      login: 'a@example.com',
    };
    // Create, activate, the user again for the payload.
    expect(plan(onboard, { input: { profile } }).calls).toEqual({
      'users.collection': 1,
      default: 1,
      'users.get': 1,
    });
    // Left STAGED: no activation.
    expect(plan(onboard, { input: { profile, activate: false } }).calls).toEqual({
      'users.collection': 1,
      'users.get': 1,
    });
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `00g1a2b3c4d5e6f7g8h${i}`);
    // A lone group is read by id; the membership added.
    const one = { 'users.collection': 1, default: 2, 'users.get': 1, 'groups.item': 1 };
    expect(plan(onboard, { input: { profile, groupIds: ids(1) } }).calls).toEqual(one);
    expect(plan(onboard, { input: { profile, groupIds: ids(1)[0] } }).calls).toEqual(one);
    // Three: one search, and each read by id at most once (written just now, or missed by the
    // search).
    expect(plan(onboard, { input: { profile, groupIds: ids(3) } }).calls).toEqual({
      'users.collection': 1,
      default: 4,
      'users.get': 1,
      'groups.collection': 1,
      'groups.item': 3,
    });
    // Apps: one filter for all, each written just now by id, each assigned; rollback deletes.
    const apps = [
      { applicationId: '0oa1a2b3c4d5e6f7g8h9' },
      { applicationId: '0oa1a2b3c4d5e6f7g8h8' },
    ];
    expect(
      plan(onboard, { input: { profile, applications: apps, rollbackOnFailure: true } }).calls,
    ).toEqual({
      'users.collection': 1,
      default: 1,
      'users.get': 1,
      'apps.collection': 3,
      'apps.item': 2,
      'users.write': 2,
    });
    // A dry run looks the login up and reads the groups; it writes nothing.
    expect(plan(onboard, { input: { profile, groupIds: ids(3) }, dry: true }).calls).toEqual({
      'users.get': 1,
      'groups.collection': 1,
      'groups.item': 3,
    });
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
