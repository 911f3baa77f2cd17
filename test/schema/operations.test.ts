import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DefinitionNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHIQL_EXAMPLES } from '../../src/server/graphiql.ts';
import type { AppRecord, GroupRecord, UserRecord } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';
import { subscribeOverSse } from '../support/subscriptions.ts';

/**
 * Every example operation clients copy (schema/operations/*.graphql) and every GraphiQL tab runs
 * under the default configuration's limits (depth, aliases, tokens, cost, page size), with
 * sensible variables from the demo org: no validation error, no limit error, no error at all.
 * Mutations run in an order that gives each a sensible subject (a user it just created…); a
 * mutation may still answer one of its typed errors, which is data, not a failure of the limits.
 */

const OPERATIONS_DIR = new URL('../../schema/operations/', import.meta.url);
const DEFINITIONS: readonly DefinitionNode[] = readdirSync(OPERATIONS_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .flatMap((file) => parse(readFileSync(new URL(file, OPERATIONS_DIR), 'utf8')).definitions);

const FRAGMENTS = new Map(
  DEFINITIONS.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map(
    (f) => [f.name.value, f],
  ),
);
const OPERATIONS = DEFINITIONS.filter(
  (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
);

/** One example operation as a client sends it: the operation and the fragments it spreads. */
function document(name: string): string {
  const operation = OPERATIONS.find((o) => o.name?.value === name);
  if (!operation) throw new Error(`no example operation ${name}`);
  const spread = new Map<string, FragmentDefinitionNode>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(s) {
        const fragment = FRAGMENTS.get(s.name.value);
        if (!fragment || spread.has(s.name.value)) return;
        spread.set(s.name.value, fragment);
        collect(fragment);
      },
    });
  collect(operation);
  return [operation, ...spread.values()].map((d) => print(d)).join('\n\n');
}

/** An event hook endpoint on loopback that answers Okta's verification challenge. */
function hookReceiver() {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const verification = String(req.headers['x-okta-verification-challenge'] ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.method === 'GET' ? JSON.stringify({ verification }) : '');
    });
  });
  const receiver = {
    url: '',
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/okta/events`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

type Variables = Record<string, unknown>;
type Answer = Record<string, { __typename?: string } & Record<string, unknown>>;

describe('the example operations and GraphiQL tabs under the default limits', () => {
  const stack = useStack();
  const receiver = hookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  const ran = new Set<string>();
  /** Runs one example operation; fails on any GraphQL error; its one root field's result. */
  const run = async (name: string, variables: Variables = {}) => {
    const res = await stack.graphql<Answer>(document(name), variables);
    expect({ name, status: res.status, errors: res.errors }).toEqual({
      name,
      status: 200,
      errors: undefined,
    });
    ran.add(name);
    return Object.values(res.data ?? {})[0] as Answer[string];
  };

  // Subjects from the demo org, as a client would find them.
  const users = () => [...stack.sim.org.users.values()];
  const user = (status: string, where: (u: UserRecord) => boolean = () => true) => {
    const found = users().find((u) => u.status === status && where(u));
    if (!found) throw new Error(`the demo org has no ${status} user`);
    return found;
  };
  const oktaGroupWithMembers = () =>
    [...stack.sim.org.groups.values()].find(
      (g) => g.type === 'OKTA_GROUP' && g.members.size > 0,
    ) as GroupRecord;
  const appWith = (where: (a: AppRecord) => boolean) => {
    const app = [...stack.sim.org.apps.values()].find((a) => a.status === 'ACTIVE' && where(a));
    if (!app) throw new Error('the demo org has no such app');
    return app;
  };
  let made = 0;
  const newProfile = () => {
    made += 1;
    const login = `operations.test.${made}@example.com`;
    return { login, email: login, firstName: 'Olu', lastName: 'Pereira' };
  };

  it('runs every query', async () => {
    const member = user('ACTIVE');
    const group = oktaGroupWithMembers();
    const app = appWith((a) => a.users.size > 0 && a.groups.size > 0);
    await run('UsersWithGroups');
    await run('UserById', { id: member.id });
    await run('UserByLogin', { login: member.profile.login });
    await run('IsUserMemberOf', { userId: member.id, groupId: group.id });
    await run('GroupsWithMembers');
    await run('GroupById', { id: group.id });
    await run('GroupByName', { name: group.profile.name });
    await run('Applications');
    await run('ApplicationWithUsers', { id: app.id });
    await run('ApplicationWithGroups', { id: app.id });
    await run('Node', { id: member.id });
    await run('LogEvents');
    await run('UserActivity', { id: member.id });
    await run('UserSchema');
    await run('UserSchemaAttribute', { name: 'isContractor' });
    await run('RateLimits');
    await run('EventHooks');
  });

  it('runs every group, application and user mutation', async () => {
    // An app Everyone does not get, so the new user's own assignment is the only one.
    const everyone = stack.sim.org.everyoneGroupId;
    const app = appWith((a) => !a.groups.has(everyone));
    const created = await run('CreateGroup', {
      input: { name: 'Operations test group', custom: { costCenter: 'CC-7' } },
    });
    const groupId = (created.group as { id: string }).id;
    await run('UpdateGroup', { id: groupId, input: { description: 'Made by the test' } });

    const walker = await run('CreateUser', {
      input: { profile: newProfile(), password: 'Walk-Passw0rd-1' },
    });
    const id = (walker.user as { id: string }).id;
    const steps: [string, Variables][] = [
      ['UpdateUser', { id, input: { profile: { title: 'Walker' } } }],
      ['AddUserToGroup', { groupId, userId: id }],
      ['RemoveUserFromGroup', { groupId, userId: id }],
      ['AssignGroupToApplication', { applicationId: app.id, groupId, priority: 0 }],
      ['UnassignGroupFromApplication', { applicationId: app.id, groupId }],
      ['AssignUserToApplication', { applicationId: app.id, userId: id, input: {} }],
      ['UnassignUserFromApplication', { applicationId: app.id, userId: id }],
      ['DeactivateApplication', { id: app.id }],
      ['ActivateApplication', { id: app.id }],
      ['SetPassword', { id, password: 'Walk-Passw0rd-2' }],
      ['ChangePassword', { id, oldPassword: 'Walk-Passw0rd-2', newPassword: 'Walk-Passw0rd-3' }],
      [
        'ChangeRecoveryQuestion',
        { id, password: 'Walk-Passw0rd-3', question: 'First bicycle?', answer: 'A red one' },
      ],
      ['SuspendUser', { id }],
      ['UnsuspendUser', { id }],
      ['ResetFactors', { id }],
      ['ClearUserSessions', { id, revokeOAuthTokens: true }],
      ['ExpirePassword', { id, temporaryPassword: true }],
      ['ResetPassword', { id, sendEmail: false }],
      ['DeactivateUser', { id }],
      ['ActivateUser', { id }],
      ['DeleteUser', { id }],
      ['DeleteGroup', { id: groupId }],
    ];
    const answered: [string, string | undefined][] = [];
    for (const [name, variables] of steps) {
      answered.push([name, (await run(name, variables)).__typename]);
    }
    const pending = await run('CreateUser', { input: { profile: newProfile() } });
    answered.push([
      'ReactivateUser',
      (await run('ReactivateUser', { id: (pending.user as { id: string }).id })).__typename,
    ]);
    answered.push([
      'UnlockUser',
      (await run('UnlockUser', { id: user('LOCKED_OUT').id }))?.__typename,
    ]);
    // Sensible variables: every step answers its payload, not a typed error.
    expect(answered.filter(([name, typename]) => typename !== `${name}Payload`)).toEqual([]);
  });

  it('runs every event hook mutation and query', async () => {
    const created = await run('CreateEventHook', {
      input: {
        name: 'Operations test hook',
        uri: receiver.url,
        eventTypes: ['user.lifecycle.create'],
      },
    });
    const id = (created.eventHook as { id: string }).id;
    const answered = [
      [
        'UpdateEventHook',
        (await run('UpdateEventHook', { id, input: { description: 'x' } })).__typename,
      ],
      ['VerifyEventHook', (await run('VerifyEventHook', { id })).__typename],
      ['DeactivateEventHook', (await run('DeactivateEventHook', { id })).__typename],
      ['ActivateEventHook', (await run('ActivateEventHook', { id })).__typename],
    ];
    await run('EventHookById', { id });
    answered.push([
      'DeleteEventHook',
      (await run('DeleteEventHook', { id, deactivateFirst: true })).__typename,
    ]);
    expect(answered.filter(([name, typename]) => typename !== `${name}Payload`)).toEqual([]);
    // The default config has no GATEWAY_PUBLIC_URL: a typed answer, not an error.
    await run('RegisterGatewayEventHook', {});
  });

  it('runs both workflows', async () => {
    const group = oktaGroupWithMembers();
    const app = appWith((a) => a.signOnMode === 'BOOKMARK');
    const onboarded = await run('OnboardUser', {
      input: {
        profile: newProfile(),
        groupIds: [group.id],
        applications: [{ applicationId: app.id }],
      },
    });
    expect(onboarded.__typename).toBe('OnboardUserPayload');
    const id = (onboarded.user as { id: string }).id;
    const offboarded = await run('OffboardUser', { id, mode: 'DEACTIVATE', delete: true });
    expect(offboarded.__typename).toBe('OffboardUserPayload');
  });

  it('runs the log event subscription', async () => {
    const since = new Date(Date.now() - 7 * 24 * 3600_000).toISOString();
    const subscription = await subscribeOverSse(
      async (url, init) => stack.gateway.fetch(url, init),
      'http://gateway.test/graphql',
      document('LogEventsLive'),
      { since },
    );
    try {
      const [first] = await subscription.waitFor(1);
      expect(subscription.status).toBe(200);
      expect(first?.errors).toBeUndefined();
      expect(first?.data?.logEvents).toMatchObject({ uuid: expect.any(String) });
      ran.add('LogEventsLive');
    } finally {
      await subscription.close();
    }
  });

  it('runs every access graph operation', async () => {
    const group = oktaGroupWithMembers();
    const app = appWith((a) => a.users.size > 0 && a.groups.size > 0);
    const enrolled = users().find(
      (u) => u.status === 'ACTIVE' && (stack.sim.org.userFactors.get(u.id)?.size ?? 0) > 0,
    ) as UserRecord;
    const factorId = [...(stack.sim.org.userFactors.get(enrolled.id)?.keys() ?? [])][0];
    const recoverable = user('ACTIVE', (u) => Boolean(u.recoveryQuestion));
    await run('GroupRules');
    await run('UserAccess', { id: enrolled.id });
    await run('ApplicationAccess', { id: app.id });
    await run('GroupAccess', { id: group.id });

    const rule = { name: 'Operations test rule', expression: 'user.department=="Operations"' };
    const created = await run('CreateGroupRule', { input: { ...rule, groupIds: [group.id] } });
    const ruleId = (created.groupRule as { id: string }).id;
    await run('GroupRule', { id: ruleId });
    const answered = [
      ['CreateGroupRule', created.__typename],
      [
        'UpdateGroupRule',
        (await run('UpdateGroupRule', { id: ruleId, input: { ...rule, name: 'Renamed rule' } }))
          .__typename,
      ],
      ['ActivateGroupRule', (await run('ActivateGroupRule', { id: ruleId })).__typename],
      ['DeactivateGroupRule', (await run('DeactivateGroupRule', { id: ruleId })).__typename],
      ['DeleteGroupRule', (await run('DeleteGroupRule', { id: ruleId })).__typename],
      ['ResetFactor', (await run('ResetFactor', { userId: enrolled.id, factorId })).__typename],
    ];
    const subject = await run('CreateUser', { input: { profile: newProfile(), activate: true } });
    const subjectId = (subject.user as { id: string }).id;
    const assigned = await run('AssignAdminRole', { userId: subjectId, type: 'HELP_DESK_ADMIN' });
    const userRole = (assigned.roleAssignment as { id: string }).id;
    answered.push(
      ['AssignAdminRole', assigned.__typename],
      [
        'UnassignAdminRole',
        (await run('UnassignAdminRole', { userId: subjectId, roleAssignmentId: userRole }))
          .__typename,
      ],
    );
    const toGroup = await run('AssignAdminRoleToGroup', {
      groupId: group.id,
      type: 'READ_ONLY_ADMIN',
    });
    const groupRole = (toGroup.roleAssignment as { id: string }).id;
    answered.push(
      ['AssignAdminRoleToGroup', toGroup.__typename],
      [
        'UnassignAdminRoleFromGroup',
        (
          await run('UnassignAdminRoleFromGroup', {
            groupId: group.id,
            roleAssignmentId: groupRole,
          })
        ).__typename,
      ],
      [
        'ForgotPassword',
        // Okta sends a reset link only to a user with a recovery question.
        (await run('ForgotPassword', { id: recoverable.id, sendEmail: false })).__typename,
      ],
    );
    expect(answered.filter(([name, typename]) => typename !== `${name}Payload`)).toEqual([]);
  });

  it('ran every example operation', () => {
    expect(OPERATIONS.map((o) => o.name?.value).filter((name) => !ran.has(name ?? ''))).toEqual([]);
  });

  it.each(GRAPHIQL_EXAMPLES.map((example) => [example.name, example.query]))(
    'runs the GraphiQL tab %s',
    async (_name, query) => {
      const res = await stack.graphql(query);
      expect(res.errors).toBeUndefined();
      expect(res.status).toBe(200);
    },
  );
});
