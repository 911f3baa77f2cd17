import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit as visitGraphQL,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  type OktaBucket,
  RATE_LIMIT_BUCKETS,
} from '../../src/okta-reference/rate-limit-buckets.ts';
import { type Calls, planOperation, totalOf } from '../../src/planner/plan.ts';
import { schema } from '../../src/schema/index.ts';
import { GRAPHIQL_EXAMPLES } from '../../src/server/graphiql.ts';
import { type OrgSample, randomOperations } from '../support/random-operations.ts';
import { type Stack, useStack } from '../support/stack.ts';

const OPERATIONS = fileURLToPath(new URL('../../schema/operations', import.meta.url));

/**
 * The plan's limits and Okta's out of the way (no refusal, no bucket running dry): these tests
 * compare plans with what execution does.
 */
const stack = useStack({
  env: { OKTA_PLAN_MAX_CALLS: '1000000', GRAPHQL_MAX_DEPTH: '20' },
  sim: {
    rateLimits: Object.fromEntries(Object.keys(RATE_LIMIT_BUCKETS).map((b) => [b, 1_000_000])),
  },
});

/** The Okta calls the simulator served since the last reset, by bucket. */
function actualCalls(s: Stack): Calls {
  const calls: Calls = {};
  for (const [key, n] of Object.entries(s.oktaCalls.snapshot())) {
    const [method, route] = key.split(' ') as [string, string];
    const bucket = bucketOf(method, route);
    calls[bucket] = (calls[bucket] ?? 0) + n;
  }
  return calls;
}

/** Buckets where execution made more calls than planned (none, when the plan is an upper bound). */
function overPlan(planned: Calls, actual: Calls): Record<string, string> {
  const over: Record<string, string> = {};
  for (const [bucket, n] of Object.entries(actual) as [OktaBucket, number][]) {
    if (n > (planned[bucket] ?? 0)) over[bucket] = `${n} > ${planned[bucket] ?? 0}`;
  }
  return over;
}

async function run(query: string, variables: Record<string, unknown> = {}, operationName?: string) {
  const document = parse(query);
  const planned = planOperation(schema, document, { operationName, variables }).calls;
  stack.oktaCalls.reset();
  const res = await stack.gateway.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const answer = (await res.json()) as { errors?: unknown[] };
  return { planned, actual: actualCalls(stack), answer };
}

/** A mutation's result: its payload or a typed error. */
type Answered = { __typename?: string } | null;

/** The id of the object a mutation's payload names. */
function idIn(
  answer: { data?: Record<string, Record<string, unknown>> },
  mutation: string,
  field: string,
): string {
  const object = answer.data?.[mutation]?.[field] as { id?: string } | undefined;
  if (!object?.id) throw new Error(`${mutation} answered no ${field}`);
  return object.id;
}

/** schema/operations/ as one document, as the typed client has them: files share fragments. */
function allOperations(): string {
  return readdirSync(OPERATIONS)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => readFileSync(join(OPERATIONS, f), 'utf8'))
    .join('\n');
}

/** One operation and the fragments it spreads, as the typed client sends it. */
function withFragments(document: DocumentNode, op: OperationDefinitionNode): string {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const used = new Set<string>();
  const visit = (node: ASTNode) =>
    visitGraphQL(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.get(spread.name.value);
        if (fragment) visit(fragment);
      },
    });
  visit(op);
  return [op, ...[...used].map((name) => fragments.get(name) as FragmentDefinitionNode)]
    .map((d) => print(d))
    .join('\n');
}

async function sampleOrg(): Promise<OrgSample> {
  const { data } = await stack.graphql<{
    users: { nodes: { id: string; profile: { login: string } }[] };
    groups: { nodes: { id: string; name: string }[] };
    applications: { nodes: { id: string }[] };
    eventHooks: { nodes: { id: string }[] };
    groupRules: { nodes: { id: string }[] };
    pairs: { nodes: Record<'users' | 'groups' | 'access', { nodes: { id: string }[] }>[] };
  }>(`{
    users(first: 60) { nodes { id profile { login } } }
    groups(first: 60) { nodes { id name } }
    applications(first: 60) { nodes { id } }
    eventHooks(first: 10) { nodes { id } }
    groupRules(first: 10) { nodes { id } }
    pairs: applications(first: 4) {
      nodes {
        users(first: 3) { nodes { id } }
        groups(first: 3) { nodes { id } }
        access(first: 3) { nodes { id } }
      }
    }
  }`);
  if (!data) throw new Error('no org sample');
  const pairIds = data.pairs.nodes.flatMap((app) =>
    [app.users, app.groups, app.access].flatMap((list) => list.nodes.map((n) => n.id)),
  );
  return {
    userIds: data.users.nodes.map((u) => u.id),
    logins: data.users.nodes.map((u) => u.profile.login),
    groupIds: data.groups.nodes.map((g) => g.id),
    groupNames: data.groups.nodes.map((g) => g.name),
    applicationIds: data.applications.nodes.map((a) => a.id),
    eventHookIds: data.eventHooks.nodes.map((h) => h.id),
    groupRuleIds: data.groupRules.nodes.map((r) => r.id),
    pairIds,
  };
}

/** Variables for the read operations of schema/operations/, from the org. */
function variablesFor(op: OperationDefinitionNode, org: OrgSample): Record<string, unknown> {
  const name = op.name?.value ?? '';
  const vars: Record<string, unknown> = {};
  for (const v of op.variableDefinitions ?? []) {
    const key = v.variable.name.value;
    if (key === 'userId') vars[key] = org.userIds[1];
    else if (key === 'groupId') vars[key] = org.groupIds[1];
    else if (key === 'login') vars[key] = org.logins[2];
    else if (key === 'name') vars[key] = name.startsWith('Group') ? org.groupNames[3] : 'login';
    else if (key === 'id') {
      if (name.startsWith('GroupRule')) vars[key] = org.groupRuleIds?.[0];
      else if (name.startsWith('Group')) vars[key] = org.groupIds[2];
      else if (name.startsWith('Application')) vars[key] = org.applicationIds[2];
      else if (name.startsWith('EventHook'))
        vars[key] = org.eventHookIds[0] ?? 'who00000000000000000';
      else vars[key] = org.userIds[3];
    }
  }
  return vars;
}

describe('the Okta plan of an operation', () => {
  it('is at least what every read of schema/operations/ makes, bucket by bucket', async () => {
    const org = await sampleOrg();
    const checked: string[] = [];
    const document = parse(allOperations());
    for (const op of document.definitions) {
      if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'query' || !op.name) continue;
      const { planned, actual, answer } = await run(
        withFragments(document, op),
        variablesFor(op, org),
      );
      expect(answer.errors, op.name.value).toBeUndefined();
      expect(overPlan(planned, actual), op.name.value).toEqual({});
      checked.push(op.name.value);
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it("is at least what GraphiQL's examples make", async () => {
    for (const example of GRAPHIQL_EXAMPLES) {
      const { planned, actual, answer } = await run(example.query);
      expect(answer.errors, example.name).toBeUndefined();
      expect(overPlan(planned, actual), example.name).toEqual({});
      expect(totalOf(actual), example.name).toBeGreaterThan(0);
    }
  });

  it('is at least what 100 random operations make, and close to it in sum', async () => {
    const org = await sampleOrg();
    const operations = randomOperations(schema, org, { count: 100, seed: 12 });
    let planned = 0;
    let actual = 0;
    const failures: Record<string, unknown> = {};
    const byBucket: Record<string, [number, number]> = {};
    for (const [i, query] of operations.entries()) {
      const result = await run(query);
      for (const [bucket, n] of Object.entries(result.planned)) {
        const [was, wasPlanned] = byBucket[bucket] ?? [0, 0];
        byBucket[bucket] = [was + (result.actual[bucket as OktaBucket] ?? 0), wasPlanned + n];
      }
      // Refused before running (no path): the figures would be no comparison.
      const errors = (result.answer.errors ?? []) as { path?: unknown; message: string }[];
      const refused = errors.filter((e) => e.path === undefined);
      if (refused.length > 0) failures[`#${i} refused`] = refused;
      const over = overPlan(result.planned, result.actual);
      if (Object.keys(over).length > 0) failures[`#${i} ${query}`] = over;
      planned += totalOf(result.planned);
      actual += totalOf(result.actual);
    }
    expect(failures).toEqual({});
    const accuracy = actual / planned;
    // The figure the README quotes: how much of what the planner reserves execution spends.
    console.info(
      `planner accuracy over ${operations.length} random operations: ${actual} actual / ${planned} planned Okta calls = ${accuracy.toFixed(2)}; by bucket (actual/planned): ${JSON.stringify(byBucket)}`,
    );
    expect(accuracy).toBeGreaterThan(0);
    expect(accuracy).toBeLessThanOrEqual(1);
  }, 180_000);

  it('is at least what every mutation of schema/operations/ makes, on its way through a lifecycle', async () => {
    const org = await sampleOrg();
    const document = parse(allOperations());
    const operations = new Map<string, OperationDefinitionNode>();
    for (const d of document.definitions) {
      if (d.kind === Kind.OPERATION_DEFINITION && d.name) operations.set(d.name.value, d);
    }
    const overs: Record<string, unknown> = {};
    // Each mutation is checked on the path that reaches its payload: not a refusal before the
    // write, which would leave the write's calls unchecked.
    const notCarriedOut: Record<string, string> = {};
    const ran: string[] = [];
    // The calls planned and made over all of them (payloads included).
    let plannedCalls = 0;
    let madeCalls = 0;
    const mutate = async (name: string, variables: Record<string, unknown>) => {
      const op = operations.get(name);
      if (!op) throw new Error(`no operation ${name}`);
      const { planned, actual, answer } = await run(withFragments(document, op), variables);
      expect(answer.errors, name).toBeUndefined();
      const over = overPlan(planned, actual);
      if (Object.keys(over).length > 0) overs[name] = over;
      ran.push(name);
      const answered = Object.values((answer as { data?: Record<string, Answered> }).data ?? {});
      const typename = answered[0]?.__typename ?? 'nothing';
      if (!typename.endsWith('Payload')) notCarriedOut[name] = typename;
      plannedCalls += totalOf(planned);
      madeCalls += totalOf(actual);
      return answer as { data?: Record<string, Record<string, unknown>> };
    };
    const profile = (login: string) => ({
      firstName: 'Plan',
      lastName: 'Tester',
      email: login,
      login,
    });
    // STAGED with a password: activated, it is ACTIVE, which the credential actions need.
    const password = 'Plan-Tester-2026!';
    const created = await mutate('CreateUser', {
      input: { profile: profile('plan.tester@example.com'), password, activate: false },
    });
    const userId = idIn(created, 'createUser', 'user');
    await mutate('UpdateUser', { id: userId, input: { profile: { title: 'Planner' } } });
    await mutate('ActivateUser', { id: userId });
    await mutate('SetPassword', { id: userId, password });
    await mutate('ChangePassword', {
      id: userId,
      oldPassword: password,
      newPassword: `${password}x`,
    });
    await mutate('ChangeRecoveryQuestion', {
      id: userId,
      password: `${password}x`,
      question: 'Which bucket?',
      answer: 'the default one',
    });
    await mutate('ForgotPassword', { id: userId, sendEmail: false });
    await mutate('SuspendUser', { id: userId });
    await mutate('UnsuspendUser', { id: userId });
    // Okta locks a user out after failed sign-ins, which no mutation makes: one of the org's.
    const lockedOut = [...stack.sim.org.users.values()].find(
      (u) => u.status === 'LOCKED_OUT' && u.id !== stack.adminId,
    );
    if (!lockedOut) throw new Error('no LOCKED_OUT user');
    await mutate('UnlockUser', { id: lockedOut.id });
    await mutate('ResetFactors', { id: userId });
    await mutate('ClearUserSessions', { id: userId });
    await mutate('ExpirePassword', { id: userId });
    await mutate('ResetPassword', { id: userId, sendEmail: false });
    const group = await mutate('CreateGroup', { input: { name: 'Plan testers' } });
    const groupId = idIn(group, 'createGroup', 'group');
    await mutate('UpdateGroup', { id: groupId, input: { name: 'Plan testers', description: 'x' } });
    await mutate('AddUserToGroup', { groupId, userId });
    await mutate('RemoveUserFromGroup', { groupId, userId });
    const role = await mutate('AssignAdminRole', { userId, type: 'HELP_DESK_ADMIN' });
    await mutate('UnassignAdminRole', {
      userId,
      roleAssignmentId: idIn(role, 'assignAdminRole', 'roleAssignment'),
    });
    const groupRole = await mutate('AssignAdminRoleToGroup', { groupId, type: 'REPORT_ADMIN' });
    await mutate('UnassignAdminRoleFromGroup', {
      groupId,
      roleAssignmentId: idIn(groupRole, 'assignAdminRoleToGroup', 'roleAssignment'),
    });
    const rule = await mutate('CreateGroupRule', {
      input: { name: 'Plan rule', expression: 'user.department=="Planning"', groupIds: [groupId] },
    });
    const ruleId = idIn(rule, 'createGroupRule', 'groupRule');
    await mutate('UpdateGroupRule', {
      id: ruleId,
      input: { name: 'Plan rule 2', expression: 'user.department=="Plans"' },
    });
    await mutate('ActivateGroupRule', { id: ruleId });
    await mutate('DeactivateGroupRule', { id: ruleId });
    await mutate('DeleteGroupRule', { id: ruleId, removeUsers: true });
    const { data: enrolled } = await stack.graphql<{
      users: { nodes: { id: string; factors: { id: string }[] }[] };
    }>('{ users(first: 60) { nodes { id factors { id } } } }');
    const withFactor = enrolled?.users.nodes.find((u) => u.factors.length > 0);
    if (!withFactor) throw new Error('no user with a factor');
    await mutate('ResetFactor', {
      userId: withFactor.id,
      factorId: withFactor.factors[0]?.id,
    });
    // An app no group is assigned to: the user has it only directly, so it can be unassigned.
    const applicationId = [...stack.sim.org.apps.values()].find(
      (a) => a.status === 'ACTIVE' && a.groups.size === 0,
    )?.id as string;
    await mutate('AssignUserToApplication', { applicationId, userId });
    await mutate('UnassignUserFromApplication', { applicationId, userId });
    await mutate('AssignGroupToApplication', { applicationId, groupId });
    await mutate('UnassignGroupFromApplication', { applicationId, groupId });
    await mutate('DeactivateApplication', { id: applicationId });
    await mutate('ActivateApplication', { id: applicationId });
    await mutate('DeleteGroup', { id: groupId });
    await mutate('OnboardUser', {
      input: {
        profile: profile('plan.onboarded@example.com'),
        groupIds: [org.groupIds[5]],
        applications: [{ applicationId }],
      },
    });
    await mutate('OffboardUser', { id: org.userIds[7], mode: 'SUSPEND' });
    // In RECOVERY since ResetPassword: reactivated (PROVISIONED), deactivated, deleted.
    await mutate('ReactivateUser', { id: userId });
    await mutate('DeactivateUser', { id: userId });
    await mutate('DeleteUser', { id: userId });
    const hook = await mutate('CreateEventHook', {
      input: {
        name: 'Plan hook',
        uri: 'https://hooks.example.com/okta',
        eventTypes: ['user.lifecycle.create'],
      },
    });
    const hookId = idIn(hook, 'createEventHook', 'eventHook');
    await mutate('UpdateEventHook', { id: hookId, input: { name: 'Plan hook 2' } });
    await mutate('DeactivateEventHook', { id: hookId });
    await mutate('ActivateEventHook', { id: hookId });
    await mutate('DeleteEventHook', { id: hookId, deactivateFirst: true });
    expect(overs).toEqual({});
    expect(notCarriedOut).toEqual({});
    expect(ran.length).toBeGreaterThan(40);
    console.info(
      `mutation plans over ${ran.length} mutations of schema/operations/: ${madeCalls} Okta calls made / ${plannedCalls} planned`,
    );
  }, 60_000);
});
