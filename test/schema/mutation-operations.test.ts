import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getNamedType, isObjectType, isUnionType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import { bucketOf, type OktaBucket } from '../../src/okta-reference/rate-limit-buckets.ts';
import { type Calls, planOperation, totalOf } from '../../src/planner/plan.ts';
import { schema } from '../../src/schema/index.ts';
import {
  MUTATION_OPERATIONS,
  type MutationName,
  requiredScopes,
  routesOf,
} from '../../src/schema/mutation-operations.ts';
import { DEMO_PASSWORD } from '../../src/simulator/seed.ts';
import type { UserRecord } from '../../src/simulator/store.ts';
import { type Stack, startStack } from '../support/stack.ts';

/**
 * Each mutation's Okta operations (src/schema/mutation-operations.ts) against what it really
 * calls: every mutation runs over the simulator with every scope, with its optional inputs set,
 * and every route it calls must be in its row, and no bucket called more than the plan its row
 * derives; then a caller lacking any one scope its row derives is refused before any Okta call.
 *
 * The gateway listens on loopback, as GATEWAY_PUBLIC_URL says, so that Okta can verify the hook
 * registerGatewayEventHook makes on its /hooks/okta; a second endpoint there answers the
 * challenge for a general hook that verifyEventHook verifies.
 */

/** The caller's scopes ride in the bearer token: `Bearer okta.users.manage okta.groups.read`. */
const bearer = (scopes: readonly string[]) => ({ authorization: `Bearer ${scopes.join(' ')}` });
const ALL = bearer(ALL_SCOPES);

interface Case {
  mutation: MutationName;
  /** The variables' declarations and the field's arguments, as GraphQL source. */
  declare: string;
  args: string;
  /** The variables, made from the org (and any setup the case needs, done with every scope). */
  variables: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * The typed error's code, for a case that checks a failure's path (Okta could not verify a
   * hook): its reads, clean-up and refusal are checked against its row as a success's are.
   */
  answers?: string;
}

let stack: Stack;

/** A server on 127.0.0.1:0 (its URL known before the gateway's configuration is). */
async function listening(): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
let gatewayServer: Awaited<ReturnType<typeof listening>>;
let receiver: Awaited<ReturnType<typeof listening>>;
/**
 * Whether Okta reaches the gateway: when not, its server answers 503 (as a GATEWAY_PUBLIC_URL
 * Okta cannot reach would fail), so registerGatewayEventHook's verification fails.
 */
let gatewayReachable = true;
/** A general hook's endpoint: answers Okta's verification challenge, and takes deliveries. */
const echoChallenge: RequestListener = (req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'GET') {
      res.writeHead(204).end();
      return;
    }
    const verification = String(req.headers['x-okta-verification-challenge']);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ verification }));
  });
};
const taken = new Set<string>();
/** A user in this status no other case has taken, in two groups or more. */
const user = (status: UserRecord['status'], withPassword = false): string => {
  const found = [...stack.sim.org.users.values()].find(
    (u) =>
      u.status === status &&
      !taken.has(u.id) &&
      (!withPassword || u.password?.value === DEMO_PASSWORD) &&
      (stack.sim.org.userGroups.get(u.id)?.size ?? 0) > 1,
  );
  if (!found) throw new Error(`the demo org has no ${status} user left`);
  taken.add(found.id);
  return found.id;
};
const oktaGroup = (n = 0) =>
  [...stack.sim.org.groups.values()].filter((g) => g.type === 'OKTA_GROUP')[n]?.id as string;
const app = (status: 'ACTIVE' | 'INACTIVE', n = 0) =>
  [...stack.sim.org.apps.values()].filter((a) => a.status === status)[n]?.id as string;

type Answer = Record<string, { __typename: string; code?: string; message?: string } | null>;
const run = (c: Case, variables: Record<string, unknown>, headers: Record<string, string>) =>
  stack.graphql<Answer>(documentOf(c), variables, headers);
const gql = async <T>(query: string, variables: Record<string, unknown> = {}) =>
  (await stack.graphql<T>(query, variables, ALL)).data as T;

const profile = (n: string) => ({
  firstName: 'Scope',
  lastName: n,
  email: `scope.${n}@example.com`,
  login: `scope.${n}@example.com`,
});
const newHook = async (uri = 'https://hooks.example.com/okta') =>
  (
    await gql<{ createEventHook: { eventHook: { id: string } } }>(
      `mutation($uri: String!) { createEventHook(input: { name: "scopes", uri: $uri, eventTypes: ["user.lifecycle.create"] }) { ... on CreateEventHookPayload { eventHook { id } } } }`,
      { uri },
    )
  ).createEventHook.eventHook.id;
const newGroup = async (name: string) =>
  (
    await gql<{ createGroup: { group: { id: string } } }>(
      `mutation($name: String!) { createGroup(input: { name: $name }) { ... on CreateGroupPayload { group { id } } } }`,
      { name },
    )
  ).createGroup.group.id;

const newRule = async (name: string, activate = false) => {
  const groupId = await newGroup(`${name}, its group`);
  const id = (
    await gql<{ createGroupRule: { groupRule: { id: string } } }>(
      `mutation($input: CreateGroupRuleInput!) { createGroupRule(input: $input) { ... on CreateGroupRulePayload { groupRule { id } } } }`,
      { input: { name, expression: 'user.department=="Scopes"', groupIds: [groupId] } },
    )
  ).createGroupRule.groupRule.id;
  if (activate)
    await gql('mutation($id: ID!) { activateGroupRule(id: $id) { __typename } }', { id });
  return id;
};
/** An ACTIVE user no other case has taken that `has` (a factor, a recovery question). */
const activeUserWith = (has: (u: UserRecord) => boolean): UserRecord => {
  const found = [...stack.sim.org.users.values()].find(
    (u) => u.status === 'ACTIVE' && !taken.has(u.id) && has(u),
  );
  if (!found) throw new Error('the demo org has no such ACTIVE user left');
  taken.add(found.id);
  return found;
};
const roleAssignmentId = (
  answer: Record<string, { roleAssignment: { id: string } }>,
  field: string,
) => answer[field]?.roleAssignment.id as string;

const ID = '$id: ID!';
const byId =
  (status: UserRecord['status'], extra: Record<string, unknown> = {}) =>
  () => ({
    id: user(status),
    ...extra,
  });

const CASES: Case[] = [
  {
    mutation: 'createUser',
    declare: '$input: CreateUserInput!',
    args: 'input: $input',
    variables: () => ({
      input: { profile: profile('create'), groupIds: [oktaGroup(0), oktaGroup(1)] },
    }),
  },
  {
    mutation: 'updateUser',
    declare: `${ID}, $input: UpdateUserInput!`,
    args: 'id: $id, input: $input',
    variables: () => ({ id: user('ACTIVE'), input: { profile: { title: 'Scoped' } } }),
  },
  {
    mutation: 'updateUser',
    declare: `${ID}, $input: UpdateUserInput!`,
    args: 'id: $id, input: $input, replace: true',
    variables: () => ({ id: user('ACTIVE'), input: { profile: profile('replaced') } }),
  },
  { mutation: 'activateUser', declare: ID, args: 'id: $id', variables: byId('STAGED') },
  { mutation: 'reactivateUser', declare: ID, args: 'id: $id', variables: byId('PROVISIONED') },
  { mutation: 'deactivateUser', declare: ID, args: 'id: $id', variables: byId('ACTIVE') },
  { mutation: 'suspendUser', declare: ID, args: 'id: $id', variables: byId('ACTIVE') },
  { mutation: 'unsuspendUser', declare: ID, args: 'id: $id', variables: byId('SUSPENDED') },
  { mutation: 'unlockUser', declare: ID, args: 'id: $id', variables: byId('LOCKED_OUT') },
  { mutation: 'deleteUser', declare: ID, args: 'id: $id', variables: byId('ACTIVE') },
  { mutation: 'deleteUser', declare: ID, args: 'id: $id', variables: byId('DEPROVISIONED') },
  {
    mutation: 'changePassword',
    declare: `${ID}, $old: String!`,
    args: 'id: $id, oldPassword: $old, newPassword: "Scoped-Passw0rd!-2", revokeSessions: true',
    variables: () => ({ id: user('ACTIVE', true), old: DEMO_PASSWORD }),
  },
  {
    mutation: 'changeRecoveryQuestion',
    declare: `${ID}, $password: String!`,
    args: 'id: $id, password: $password, question: "Which scope?", answer: "okta.users.manage"',
    variables: () => ({ id: user('ACTIVE', true), password: DEMO_PASSWORD }),
  },
  {
    mutation: 'setPassword',
    declare: ID,
    args: 'id: $id, password: "Scoped-Passw0rd!-3"',
    variables: byId('ACTIVE'),
  },
  {
    mutation: 'resetPassword',
    declare: ID,
    args: 'id: $id, sendEmail: false',
    variables: byId('ACTIVE'),
  },
  { mutation: 'expirePassword', declare: ID, args: 'id: $id', variables: byId('ACTIVE') },
  {
    mutation: 'expirePassword',
    declare: ID,
    args: 'id: $id, temporaryPassword: true',
    variables: byId('ACTIVE'),
  },
  { mutation: 'resetFactors', declare: ID, args: 'id: $id', variables: byId('ACTIVE') },
  {
    mutation: 'clearUserSessions',
    declare: ID,
    args: 'id: $id, revokeOAuthTokens: true',
    variables: byId('ACTIVE'),
  },
  {
    mutation: 'createGroup',
    declare: '',
    args: 'input: { name: "Scoped group" }',
    variables: () => ({}),
  },
  {
    mutation: 'updateGroup',
    declare: ID,
    args: 'id: $id, input: { name: "Scoped group, renamed" }',
    variables: async () => ({ id: await newGroup('Scoped group 2') }),
  },
  {
    mutation: 'deleteGroup',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newGroup('Scoped group 3') }),
  },
  {
    mutation: 'addUserToGroup',
    declare: '$groupId: ID!, $userId: ID!',
    args: 'groupId: $groupId, userId: $userId',
    variables: async () => ({ groupId: await newGroup('Scoped group 4'), userId: user('ACTIVE') }),
  },
  {
    mutation: 'removeUserFromGroup',
    declare: '$groupId: ID!, $userId: ID!',
    args: 'groupId: $groupId, userId: $userId',
    variables: async () => {
      const groupId = await newGroup('Scoped group 5');
      const userId = user('ACTIVE');
      await gql(
        `mutation($g: ID!, $u: ID!) { addUserToGroup(groupId: $g, userId: $u) { __typename } }`,
        { g: groupId, u: userId },
      );
      return { groupId, userId };
    },
  },
  {
    mutation: 'activateApplication',
    declare: ID,
    args: 'id: $id',
    variables: () => ({ id: app('INACTIVE') }),
  },
  {
    mutation: 'deactivateApplication',
    declare: ID,
    args: 'id: $id',
    variables: () => ({ id: app('ACTIVE', 1) }),
  },
  {
    mutation: 'assignUserToApplication',
    declare: '$applicationId: ID!, $userId: ID!',
    args: 'applicationId: $applicationId, userId: $userId, input: { userName: "scoped" }',
    variables: () => ({ applicationId: app('ACTIVE', 2), userId: user('ACTIVE') }),
  },
  {
    mutation: 'unassignUserFromApplication',
    declare: '$applicationId: ID!, $userId: ID!',
    args: 'applicationId: $applicationId, userId: $userId, sendEmail: false',
    variables: async () => {
      // An app no group is assigned to: the user has it only directly, so it can be unassigned.
      const applicationId = [...stack.sim.org.apps.values()].find(
        (a) => a.status === 'ACTIVE' && a.groups.size === 0,
      )?.id as string;
      const userId = user('ACTIVE');
      await gql(
        `mutation($a: ID!, $u: ID!) { assignUserToApplication(applicationId: $a, userId: $u) { __typename } }`,
        { a: applicationId, u: userId },
      );
      return { applicationId, userId };
    },
  },
  {
    mutation: 'assignGroupToApplication',
    declare: '$applicationId: ID!, $groupId: ID!',
    args: 'applicationId: $applicationId, groupId: $groupId, priority: 0',
    variables: async () => ({
      applicationId: app('ACTIVE', 2),
      groupId: await newGroup('Scoped group 6'),
    }),
  },
  {
    mutation: 'unassignGroupFromApplication',
    declare: '$applicationId: ID!, $groupId: ID!',
    args: 'applicationId: $applicationId, groupId: $groupId',
    variables: async () => {
      const applicationId = app('ACTIVE', 2);
      const groupId = await newGroup('Scoped group 7');
      await gql(
        `mutation($a: ID!, $g: ID!) { assignGroupToApplication(applicationId: $a, groupId: $g) { __typename } }`,
        { a: applicationId, g: groupId },
      );
      return { applicationId, groupId };
    },
  },
  {
    mutation: 'createGroupRule',
    declare: '$groupId: ID!',
    args: 'input: { name: "Scoped rule", expression: "user.department==\\"Scopes\\"", groupIds: [$groupId] }',
    variables: async () => ({ groupId: await newGroup('Scoped rule group') }),
  },
  {
    mutation: 'updateGroupRule',
    declare: ID,
    args: 'id: $id, input: { name: "Scoped rule, renamed", expression: "user.title==\\"Scoped\\"" }',
    variables: async () => ({ id: await newRule('Scoped rule 2') }),
  },
  {
    mutation: 'activateGroupRule',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newRule('Scoped rule 3') }),
  },
  {
    mutation: 'deactivateGroupRule',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newRule('Scoped rule 4', true) }),
  },
  {
    mutation: 'deleteGroupRule',
    declare: ID,
    args: 'id: $id, removeUsers: true',
    variables: async () => ({ id: await newRule('Scoped rule 5', true) }),
  },
  {
    mutation: 'resetFactor',
    declare: '$userId: ID!, $factorId: ID!',
    args: 'userId: $userId, factorId: $factorId',
    variables: () => {
      const { id } = activeUserWith((u) => (stack.sim.org.userFactors.get(u.id)?.size ?? 0) > 0);
      const [factorId] = stack.sim.org.userFactors.get(id)?.keys() ?? [];
      return { userId: id, factorId };
    },
  },
  {
    mutation: 'assignAdminRole',
    declare: '$userId: ID!',
    args: 'userId: $userId, type: HELP_DESK_ADMIN',
    variables: () => ({ userId: user('ACTIVE') }),
  },
  {
    mutation: 'unassignAdminRole',
    declare: '$userId: ID!, $roleAssignmentId: ID!',
    args: 'userId: $userId, roleAssignmentId: $roleAssignmentId',
    variables: async () => {
      const userId = user('ACTIVE');
      const answer = await gql<Record<string, { roleAssignment: { id: string } }>>(
        `mutation($u: ID!) { assignAdminRole(userId: $u, type: REPORT_ADMIN) { ... on AssignAdminRolePayload { roleAssignment { id } } } }`,
        { u: userId },
      );
      return { userId, roleAssignmentId: roleAssignmentId(answer, 'assignAdminRole') };
    },
  },
  {
    mutation: 'assignAdminRoleToGroup',
    declare: '$groupId: ID!',
    args: 'groupId: $groupId, type: READ_ONLY_ADMIN',
    variables: async () => ({ groupId: await newGroup('Scoped admins') }),
  },
  {
    mutation: 'unassignAdminRoleFromGroup',
    declare: '$groupId: ID!, $roleAssignmentId: ID!',
    args: 'groupId: $groupId, roleAssignmentId: $roleAssignmentId',
    variables: async () => {
      const groupId = await newGroup('Scoped admins 2');
      const answer = await gql<Record<string, { roleAssignment: { id: string } }>>(
        `mutation($g: ID!) { assignAdminRoleToGroup(groupId: $g, type: REPORT_ADMIN) { ... on AssignAdminRoleToGroupPayload { roleAssignment { id } } } }`,
        { g: groupId },
      );
      return { groupId, roleAssignmentId: roleAssignmentId(answer, 'assignAdminRoleToGroup') };
    },
  },
  {
    mutation: 'forgotPassword',
    declare: ID,
    args: 'id: $id, sendEmail: false',
    variables: () => ({ id: activeUserWith((u) => u.recoveryQuestion !== undefined).id }),
  },
  {
    mutation: 'createEventHook',
    declare: '',
    args: 'input: { name: "scoped", uri: "https://hooks.example.com/okta", eventTypes: ["user.lifecycle.create"], headers: [{ key: "x-scope", value: "1" }], authScheme: { key: "Authorization", value: "s3cret" } }',
    variables: () => ({}),
  },
  {
    mutation: 'updateEventHook',
    declare: ID,
    args: 'id: $id, input: { name: "scoped, renamed", uri: "https://hooks.example.com/okta/2" }',
    variables: async () => ({ id: await newHook() }),
  },
  {
    mutation: 'verifyEventHook',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newHook() }),
    answers: 'VALIDATION_FAILED',
  },
  {
    mutation: 'verifyEventHook',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newHook(`${receiver.url}/okta/events`) }),
  },
  {
    mutation: 'activateEventHook',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newHook() }),
  },
  {
    mutation: 'deactivateEventHook',
    declare: ID,
    args: 'id: $id',
    variables: async () => ({ id: await newHook() }),
  },
  {
    mutation: 'deleteEventHook',
    declare: ID,
    args: 'id: $id, deactivateFirst: true',
    variables: async () => ({ id: await newHook() }),
  },
  // Okta cannot reach the gateway: the new hook is created, fails verification, and is
  // deactivated and deleted again.
  {
    mutation: 'registerGatewayEventHook',
    declare: '',
    args: '',
    variables: () => {
      gatewayReachable = false;
      return {};
    },
    answers: 'VALIDATION_FAILED',
  },
  // It can: a new hook, verified on the gateway's /hooks/okta.
  {
    mutation: 'registerGatewayEventHook',
    declare: '',
    args: '',
    variables: () => {
      gatewayReachable = true;
      return {};
    },
  },
  // Again: the hook is renewed in place (the current secret and event types) and verified again.
  {
    mutation: 'registerGatewayEventHook',
    declare: '$name: String',
    args: 'name: $name',
    variables: () => ({ name: 'okta-graphql-gateway' }),
  },
  {
    mutation: 'onboardUser',
    declare: '$input: OnboardUserInput!',
    args: 'input: $input',
    variables: () => ({
      input: {
        profile: profile('onboard'),
        groupIds: [oktaGroup(2)],
        applications: [{ applicationId: app('ACTIVE', 3) }],
      },
    }),
  },
  {
    mutation: 'onboardUser',
    declare: '$input: OnboardUserInput!',
    args: 'input: $input, dryRun: true',
    variables: () => ({
      input: {
        profile: profile('onboard.dry'),
        groupIds: [oktaGroup(2)],
        applications: [{ applicationId: app('ACTIVE', 3) }],
      },
    }),
  },
  {
    mutation: 'offboardUser',
    declare: ID,
    args: 'id: $id, mode: SUSPEND',
    variables: byId('ACTIVE'),
  },
  {
    mutation: 'offboardUser',
    declare: ID,
    args: 'id: $id, mode: DEACTIVATE, delete: true',
    variables: byId('ACTIVE'),
  },
];

beforeAll(async () => {
  gatewayServer = await listening();
  receiver = await listening();
  receiver.server.on('request', echoChallenge);
  stack = await startStack({
    env: { GATEWAY_PUBLIC_URL: gatewayServer.url, OKTA_HOOK_SECRET: 'x'.repeat(32) },
    authenticate: async (authorization) =>
      callerWithScopes('scoped', (authorization ?? '').replace(/^Bearer /, '').split(' '), true),
  });
  gatewayServer.server.on('request', (req, res) => {
    if (gatewayReachable) stack.gateway(req, res);
    else req.resume().on('end', () => res.writeHead(503).end());
  });
  // The gateway's own admin: the gateway refuses to change it (GATEWAY_PRINCIPAL).
  taken.add(stack.adminId);
});
afterAll(async () => {
  // Deliveries to the verified hooks still on their way.
  await stack.sim.hookDelivery.idle();
  await stack.close();
  await gatewayServer.close();
  await receiver.close();
});

/** The Okta calls the simulator served since the last reset, by bucket. */
function callsByBucket(): Calls {
  const calls: Calls = {};
  for (const [key, n] of Object.entries(stack.oktaCalls.snapshot())) {
    const [method, route] = key.split(' ') as [string, string];
    const bucket = bucketOf(method, route);
    calls[bucket] = (calls[bucket] ?? 0) + n;
  }
  return calls;
}

/** The case's operation, as `run` sends it. */
const documentOf = (c: Case) =>
  `mutation${c.declare ? `(${c.declare})` : ''} { ${c.mutation}${c.args ? `(${c.args})` : ''} { __typename ... on Error { code message } } }`;

describe('each mutation and the Okta operations it makes', () => {
  it('lists every mutation of the schema, and no other', async () => {
    const { data } = await stack.graphql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Mutation") { fields { name } } }',
      {},
      ALL,
    );
    expect(data?.__type.fields.map((f) => f.name).sort()).toEqual(
      Object.keys(MUTATION_OPERATIONS).sort(),
    );
  });

  it('names in its row every route each mutation calls, with its optional inputs set, calls no bucket more than its row plans, and refuses a caller lacking any one scope it derives before any Okta call', async () => {
    const outside: Record<string, string[]> = {};
    const overPlan: Record<string, string[]> = {};
    const letThrough: string[] = [];
    let planned = 0;
    let made = 0;
    for (const c of CASES) {
      const variables = await c.variables();
      const name = `${c.mutation}(${c.args})`;
      for (const scope of requiredScopes(c.mutation, variables)) {
        const lacking = ALL_SCOPES.filter(
          (s) => s !== scope && s !== scope.replace(/\.read$/, '.manage'),
        );
        stack.oktaCalls.reset();
        const refused = await run(c, variables, bearer(lacking));
        const code = refused.errors?.[0]?.extensions?.code;
        if (code !== 'FORBIDDEN' || stack.oktaCalls.total() !== 0) {
          letThrough.push(`${name} without ${scope}`);
        }
      }
      stack.oktaCalls.reset();
      const res = await run(c, variables, ALL);
      expect(res.errors, name).toBeUndefined();
      expect(res.data?.[c.mutation]?.code ?? 'payload', name).toBe(c.answers ?? 'payload');
      const row = new Set<string>(routesOf(c.mutation));
      const missing = Object.keys(stack.oktaCalls.snapshot()).filter((route) => !row.has(route));
      if (missing.length) outside[name] = missing;
      const plan = planOperation(schema, parse(documentOf(c)), { variables }).calls;
      const calls = callsByBucket();
      const over = Object.entries(calls)
        .filter(([bucket, n]) => n > (plan[bucket as OktaBucket] ?? 0))
        .map(([bucket, n]) => `${bucket}: ${n} > ${plan[bucket as OktaBucket] ?? 0}`);
      if (over.length) overPlan[`#${CASES.indexOf(c)} ${name}`] = over;
      planned += totalOf(plan);
      made += totalOf(calls);
    }
    expect(outside).toEqual({});
    expect(overPlan).toEqual({});
    expect(letThrough).toEqual([]);
    expect(new Set(CASES.map((c) => c.mutation)).size).toBe(
      Object.keys(MUTATION_OPERATIONS).length,
    );
    // How close the mutations' own plans are (the payloads ask nothing of Okta here).
    console.info(
      `mutation plans over ${CASES.length} runs of every mutation: ${made} Okta calls made / ${planned} planned`,
    );
  });

  it("reads again after a write only fields its payload has, named in the mutation's row", () => {
    const unknown: string[] = [];
    const mutations = schema.getMutationType()?.getFields() ?? {};
    for (const [mutation, rows] of Object.entries(MUTATION_OPERATIONS)) {
      const result = getNamedType(mutations[mutation]?.type);
      const payload = isUnionType(result)
        ? result.getTypes().find((t) => !t.getInterfaces().some((i) => i.name === 'Error'))
        : result;
      for (const row of rows as readonly { payload?: string }[]) {
        if (row.payload === undefined) continue;
        const field = isObjectType(payload) ? payload.getFields()[row.payload] : undefined;
        if (!field || !isObjectType(getNamedType(field.type))) {
          unknown.push(`${mutation}: ${row.payload}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('refuses createUser with groupIds to a caller with okta.users.manage alone, before any Okta call', async () => {
    const c: Case = {
      mutation: 'createUser',
      declare: '$input: CreateUserInput!',
      args: 'input: $input',
      variables: () => ({}),
    };
    const input = { profile: profile('bypass'), groupIds: [oktaGroup(0)] };
    stack.oktaCalls.reset();
    const refused = await run(c, { input }, bearer(['okta.users.manage']));
    expect(refused.data).toEqual({ createUser: null });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
    expect(requiredScopes('createUser', { input })).toEqual([
      'okta.groups.manage',
      'okta.users.manage',
    ]);

    const { groupIds: _, ...withoutGroups } = input;
    const created = await run(c, { input: withoutGroups }, bearer(['okta.users.manage']));
    expect(created.data?.createUser?.__typename).toBe('CreateUserPayload');
  });
});
