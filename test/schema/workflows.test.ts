import { readFileSync } from 'node:fs';
import { Kind, parse, print } from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import type { AppRecord, GroupRecord, UserRecord } from '../../src/simulator/store.ts';
import { type Stack, useStack } from '../support/stack.ts';

/** The example operations clients copy (schema/operations/workflows.graphql), as they send them. */
const EXAMPLES = parse(
  readFileSync(new URL('../../schema/operations/workflows.graphql', import.meta.url), 'utf8'),
);
/** One example operation with the file's fragments (both operations spread both). */
const example = (name: string) =>
  print({
    kind: Kind.DOCUMENT,
    definitions: EXAMPLES.definitions.filter(
      (d) =>
        d.kind === Kind.FRAGMENT_DEFINITION ||
        (d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name),
    ),
  });
const ONBOARD = example('OnboardUser');
const OFFBOARD = example('OffboardUser');

interface StepAnswer {
  name: string;
  outcome: 'DONE' | 'SKIPPED' | 'FAILED' | 'WOULD_DO';
  detail: string | null;
  error: ({ __typename: string; code: string; message: string } & Record<string, unknown>) | null;
}

interface OnboardAnswer {
  onboardUser: {
    __typename: string;
    completed?: boolean;
    steps?: StepAnswer[];
    user?: { id: string; status: string; profile: { login: string } } | null;
    activationUrl?: string | null;
    activationToken?: string | null;
  } & Record<string, unknown>;
}

interface OffboardAnswer {
  offboardUser: {
    __typename: string;
    completed?: boolean;
    steps?: StepAnswer[];
    user?: { id: string; status: string } | null;
  } & Record<string, unknown>;
}

const UNKNOWN_GROUP = '00g00000000000000000';
const UNKNOWN_APP = '0oa00000000000000000';
const UNKNOWN_USER = '00u00000000000000000';
const PASSWORD = 'Robin-Passw0rd-2026';

/** A step as the report shows it when it went as planned. */
const step = (name: string, outcome: StepAnswer['outcome'], detail: string): StepAnswer => ({
  name,
  outcome,
  detail,
  error: null,
});

/** Helpers over one stack: the demo org, fresh objects, and what changed in it. */
function orgHelpers(stack: Stack) {
  let made = 0;
  const org = () => stack.sim.org;
  const group = (name: string): GroupRecord => {
    const found = [...org().groups.values()].find((g) => g.profile.name === name);
    if (!found) throw new Error(`the demo org has no group ${name}`);
    return found;
  };
  const app = (label: string): AppRecord => {
    const found = [...org().apps.values()].find((a) => a.label === label);
    if (!found) throw new Error(`the demo org has no app ${label}`);
    return found;
  };
  const newLogin = (name: string) => `${name}.${++made}@acme.example`;
  const userByLogin = (login: string): UserRecord | undefined =>
    [...org().users.values()].find((u) => u.profile.login === login);
  /** An ACTIVE user made straight in Okta, with a password and two open sessions. */
  const freshUser = async (name: string) => {
    const login = newLogin(name);
    const created = await stack.okta.users.create(
      {
        profile: { login, email: login, firstName: 'Sam', lastName: 'Leaver' },
        credentials: { password: { value: PASSWORD } },
      },
      { activate: true },
    );
    const user = org().users.get(created.id) as UserRecord;
    user.sessions = 2;
    return user;
  };
  /** A fresh OKTA_GROUP made straight in Okta. */
  const freshGroup = async (name: string) => {
    const created = await stack.okta.groups.create({ name: `${name} ${++made}` });
    return org().groups.get(created.id) as GroupRecord;
  };
  const logSince = (before: number) =>
    org()
      .log.slice(before)
      .map((e) => ({
        eventType: e.event.eventType,
        targets: ((e.event.target ?? []) as { id: string }[]).map((t) => t.id),
      }));
  /** What a test may compare before and after: users, memberships, assignments, the log. */
  const snapshot = () => ({
    users: [...org().users.values()].map((u) => ({ ...u, profile: { ...u.profile } })),
    memberships: [...org().groups.values()].map((g) => [g.id, [...g.members].sort()]),
    assignments: [...org().apps.values()].map((a) => [
      a.id,
      [...a.users.values()].map((u) => [u.id, u.direct, [...u.viaGroups].sort()]),
    ]),
    log: org().log.length,
  });
  const directAppsOf = (userId: string) =>
    [...org().apps.values()].filter((a) => a.users.get(userId)?.direct).map((a) => a.id);
  const appsOf = (userId: string) =>
    [...org().apps.values()]
      .filter((a) => a.users.has(userId))
      .map((a) => a.id)
      .sort();
  const groupsOf = (userId: string) => [...(org().userGroups.get(userId) ?? [])].sort();
  return {
    group,
    app,
    newLogin,
    userByLogin,
    freshUser,
    freshGroup,
    logSince,
    snapshot,
    directAppsOf,
    appsOf,
    groupsOf,
  };
}

/** Every Okta call since the last reset was a read. */
const onlyReads = (stack: Stack) =>
  Object.keys(stack.oktaCalls.snapshot()).filter((key) => !key.startsWith('GET '));

// ── onboardUser ──────────────────────────────────────────────────────────────────────────────

describe('onboardUser', () => {
  const stack = useStack();
  const h = orgHelpers(stack);
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    stack.sim.faults.clear();
    expect(stack.violations.splice(0)).toEqual([]);
  });

  const onboard = async (input: Record<string, unknown>, dryRun?: boolean) => {
    const res = await stack.graphql<OnboardAnswer>(ONBOARD, { input, dryRun });
    expect(res.errors).toBeUndefined();
    return res.data?.onboardUser as OnboardAnswer['onboardUser'];
  };

  const newHire = (name: string) => {
    const login = h.newLogin(name);
    return {
      profile: {
        login,
        email: login,
        firstName: 'Robin',
        lastName: 'Okafor',
        department: 'Engineering',
        custom: { isContractor: true },
      },
      password: PASSWORD,
      recoveryQuestion: { question: 'First concert?', answer: 'Radiohead' },
    };
  };

  it('creates the user STAGED, adds groups, assigns apps and activates last, writing each System Log entry in that order', async () => {
    const engineering = h.group('Engineering');
    const product = h.group('Product');
    const zoom = h.app('Zoom');
    const expense = h.app('Expense Portal');
    const input = {
      ...newHire('robin'),
      groupIds: [engineering.id, product.id],
      applications: [
        { applicationId: zoom.id, userName: 'robin.zoom' },
        { applicationId: expense.id },
      ],
    };
    const before = stack.sim.org.log.length;
    const result = await onboard(input);
    const user = h.userByLogin(input.profile.login) as UserRecord;
    expect(result).toMatchObject({
      __typename: 'OnboardUserPayload',
      completed: true,
      user: { id: user.id, status: 'ACTIVE', profile: { login: input.profile.login } },
    });
    expect(result.steps).toEqual([
      step('createUser', 'DONE', `Created ${input.profile.login} (${user.id}), STAGED.`),
      step(`addToGroup:${engineering.id}`, 'DONE', 'Add the user to Engineering (OKTA_GROUP).'),
      step(`addToGroup:${product.id}`, 'DONE', 'Add the user to Product (OKTA_GROUP).'),
      step(
        `assignApplication:${zoom.id}`,
        'DONE',
        'Assign the user to Zoom directly as robin.zoom.',
      ),
      step(
        `assignApplication:${expense.id}`,
        'DONE',
        'Assign the user to Expense Portal directly.',
      ),
      step(
        'activateUser',
        'DONE',
        'Activate the user (ACTIVE); the activation link comes back in the payload.',
      ),
    ]);
    expect(result.activationUrl).toMatch(/\/welcome\/[A-Za-z0-9]+$/);
    expect(result.activationUrl?.endsWith(`/${result.activationToken}`)).toBe(true);
    expect(user).toMatchObject({
      status: 'ACTIVE',
      profile: { department: 'Engineering', isContractor: true },
      recoveryQuestion: { question: 'First concert?', answer: 'Radiohead' },
      password: { value: PASSWORD },
    });
    expect(h.groupsOf(user.id)).toEqual(
      [engineering.id, product.id, stack.sim.org.everyoneGroupId].sort(),
    );
    expect(zoom.users.get(user.id)).toMatchObject({
      direct: true,
      credentials: { userName: 'robin.zoom' },
    });
    expect(expense.users.get(user.id)?.direct).toBe(true);
    const github = h.app('GitHub Enterprise');
    expect(h.logSince(before)).toEqual([
      { eventType: 'user.lifecycle.create', targets: [user.id] },
      { eventType: 'group.user_membership.add', targets: [user.id, engineering.id] },
      // Engineering grants GitHub: Okta logs the access the membership gives.
      {
        eventType: 'application.user_membership.add',
        targets: [`${github.id}:${user.id}`, github.id, user.id],
      },
      { eventType: 'group.user_membership.add', targets: [user.id, product.id] },
      {
        eventType: 'application.user_membership.add',
        targets: [`${zoom.id}:${user.id}`, zoom.id, user.id],
      },
      {
        eventType: 'application.user_membership.add',
        targets: [`${expense.id}:${user.id}`, expense.id, user.id],
      },
      { eventType: 'user.lifecycle.activate', targets: [user.id] },
    ]);
  });

  it('checks groups and apps in one batched read each, then makes one write per step', async () => {
    const input = {
      ...newHire('batch'),
      // None written by an earlier test: ids written lately are read one by one, by id.
      groupIds: [h.group('Sales').id, h.group('Marketing').id],
      applications: [
        { applicationId: h.app('Salesforce').id },
        { applicationId: h.app('Slack').id },
      ],
    };
    await onboard(input);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/groups': 1,
      // The payload's user, read by id after the writes.
      'GET /api/v1/users/:userId': 1,
      'POST /api/v1/apps/:appId/users': 2,
      'POST /api/v1/users': 1,
      'POST /api/v1/users/:userId/lifecycle/activate': 1,
      'PUT /api/v1/groups/:groupId/users/:userId': 2,
    });
  });

  it('leaves the user STAGED with no activateUser step when activate is false', async () => {
    const input = { ...newHire('staged'), activate: false };
    const result = await onboard(input);
    const user = h.userByLogin(input.profile.login) as UserRecord;
    expect(result.steps?.map((s) => [s.name, s.outcome])).toEqual([['createUser', 'DONE']]);
    expect(result).toMatchObject({ completed: true, activationUrl: null, activationToken: null });
    expect(user.status).toBe('STAGED');
    expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/activate')).toBe(0);
  });

  it('activates a user without a password to PROVISIONED, and lets Okta email the link with sendEmail', async () => {
    const { password: _none, ...input } = { ...newHire('emailed'), sendEmail: true };
    const result = await onboard(input);
    const user = h.userByLogin(input.profile.login) as UserRecord;
    expect(result.steps?.at(-1)).toEqual(
      step(
        'activateUser',
        'DONE',
        'Activate the user (PROVISIONED until they complete activation); Okta emails the activation link.',
      ),
    );
    expect(result).toMatchObject({ activationUrl: null, activationToken: null });
    expect(user.status).toBe('PROVISIONED');
  });

  describe('dryRun', () => {
    it('reports every step WOULD_DO and changes nothing: same org, same System Log, only reads', async () => {
      const engineering = h.group('Engineering');
      const zoom = h.app('Zoom');
      const input = {
        ...newHire('dry'),
        groupIds: [engineering.id],
        applications: [{ applicationId: zoom.id, userName: 'dry.zoom' }],
      };
      const before = h.snapshot();
      const result = await onboard(input, true);
      expect(result).toEqual({
        __typename: 'OnboardUserPayload',
        completed: false,
        user: null,
        activationUrl: null,
        activationToken: null,
        steps: [
          step(
            'createUser',
            'WOULD_DO',
            `Create ${input.profile.login}, STAGED until the last step.`,
          ),
          step(
            `addToGroup:${engineering.id}`,
            'WOULD_DO',
            'Add the user to Engineering (OKTA_GROUP).',
          ),
          step(
            `assignApplication:${zoom.id}`,
            'WOULD_DO',
            'Assign the user to Zoom directly as dry.zoom.',
          ),
          step(
            'activateUser',
            'WOULD_DO',
            'Activate the user (ACTIVE); the activation link comes back in the payload.',
          ),
        ],
      });
      expect(h.snapshot()).toEqual(before);
      expect(onlyReads(stack)).toEqual([]);
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/apps/:appId': 1,
        'GET /api/v1/groups/:groupId': 1,
        // The login, looked up to see whether it is taken.
        'GET /api/v1/users/:userId': 1,
      });
    });

    it('reports the typed error each failing step would hit: a taken login, a missing group, a read-only group, a missing app', async () => {
      const taken = [...stack.sim.org.users.values()][0] as UserRecord;
      const domainUsers = h.group('Domain Users');
      const everyone = h.group('Everyone');
      const zoom = h.app('Zoom');
      const hire = newHire('clash');
      const input = {
        ...hire,
        profile: { ...hire.profile, login: taken.profile.login },
        groupIds: [UNKNOWN_GROUP, domainUsers.id, everyone.id],
        applications: [{ applicationId: zoom.id }, { applicationId: UNKNOWN_APP }],
      };
      const before = h.snapshot();
      const result = await onboard(input, true);
      expect(result.steps).toEqual([
        {
          name: 'createUser',
          outcome: 'FAILED',
          detail: `Create ${taken.profile.login}, STAGED until the last step.`,
          error: {
            __typename: 'ConflictError',
            code: 'CONFLICT',
            message: 'An object with these values already exists in Okta.',
            fields: [{ field: 'profile.login', message: 'A user with this login already exists.' }],
          },
        },
        {
          name: `addToGroup:${UNKNOWN_GROUP}`,
          outcome: 'FAILED',
          detail: `Add the user to group ${UNKNOWN_GROUP}.`,
          error: {
            __typename: 'NotFoundError',
            code: 'NOT_FOUND',
            message: `Group ${UNKNOWN_GROUP} was not found.`,
            resource: 'Group',
            id: UNKNOWN_GROUP,
          },
        },
        {
          name: `addToGroup:${domainUsers.id}`,
          outcome: 'FAILED',
          detail: 'Add the user to Domain Users (APP_GROUP).',
          error: {
            __typename: 'ReadOnlyGroupError',
            code: 'READ_ONLY_GROUP',
            message: `CHANGE_MEMBERSHIP is not allowed on group ${domainUsers.id} of type APP_GROUP: its profile and members come from the app or directory it is imported from.`,
            groupId: domainUsers.id,
            groupType: 'APP_GROUP',
            write: 'CHANGE_MEMBERSHIP',
          },
        },
        {
          name: `addToGroup:${everyone.id}`,
          outcome: 'FAILED',
          detail: 'Add the user to Everyone (BUILT_IN).',
          error: {
            __typename: 'ReadOnlyGroupError',
            code: 'READ_ONLY_GROUP',
            message: `CHANGE_MEMBERSHIP is not allowed on group ${everyone.id} of type BUILT_IN: Okta manages it (every user is a member) and it cannot be changed.`,
            groupId: everyone.id,
            groupType: 'BUILT_IN',
            write: 'CHANGE_MEMBERSHIP',
          },
        },
        step(`assignApplication:${zoom.id}`, 'WOULD_DO', 'Assign the user to Zoom directly.'),
        {
          name: `assignApplication:${UNKNOWN_APP}`,
          outcome: 'FAILED',
          detail: `Assign the user to application ${UNKNOWN_APP}.`,
          error: {
            __typename: 'NotFoundError',
            code: 'NOT_FOUND',
            message: `Application ${UNKNOWN_APP} was not found.`,
            resource: 'Application',
            id: UNKNOWN_APP,
          },
        },
        step(
          'activateUser',
          'WOULD_DO',
          'Activate the user (ACTIVE); the activation link comes back in the payload.',
        ),
      ]);
      expect(h.snapshot()).toEqual(before);
      expect(onlyReads(stack)).toEqual([]);
    });
  });

  it('writes nothing when a check fails: that step FAILED, every other SKIPPED', async () => {
    const engineering = h.group('Engineering');
    const input = {
      ...newHire('blocked'),
      groupIds: [engineering.id],
      applications: [{ applicationId: UNKNOWN_APP }],
    };
    const before = h.snapshot();
    const result = await onboard(input);
    const notRun = `Not run: the checks before any write failed at assignApplication:${UNKNOWN_APP}; nothing was changed.`;
    expect(result).toMatchObject({
      __typename: 'OnboardUserPayload',
      completed: false,
      user: null,
    });
    expect(result.steps?.map((s) => [s.name, s.outcome, s.error?.code ?? s.detail])).toEqual([
      ['createUser', 'SKIPPED', notRun],
      [`addToGroup:${engineering.id}`, 'SKIPPED', notRun],
      [`assignApplication:${UNKNOWN_APP}`, 'FAILED', 'NOT_FOUND'],
      ['activateUser', 'SKIPPED', notRun],
    ]);
    expect(h.snapshot()).toEqual(before);
    expect(onlyReads(stack)).toEqual([]);
  });

  it('stops at a taken login: createUser FAILED with ConflictError, the rest SKIPPED, nothing else written', async () => {
    const taken = [...stack.sim.org.users.values()][1] as UserRecord;
    const hire = newHire('taken');
    const engineering = h.group('Engineering');
    const before = h.snapshot();
    const result = await onboard({
      ...hire,
      profile: { ...hire.profile, login: taken.profile.login },
      groupIds: [engineering.id],
    });
    expect(result).toMatchObject({ completed: false, user: null });
    expect(result.steps?.map((s) => [s.name, s.outcome])).toEqual([
      ['createUser', 'FAILED'],
      [`addToGroup:${engineering.id}`, 'SKIPPED'],
      ['activateUser', 'SKIPPED'],
    ]);
    expect(result.steps?.[0]?.error).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      fields: [{ field: 'profile.login' }],
    });
    expect(result.steps?.[1]?.detail).toBe('Not run: createUser failed.');
    expect(h.snapshot()).toEqual(before);
    expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(0);
  });

  it('answers ids that are not Okta ids, or given twice, with ValidationError before any Okta call', async () => {
    const engineering = h.group('Engineering');
    const result = await onboard({
      ...newHire('invalid'),
      groupIds: [engineering.id, 'engineering', engineering.id],
      applications: [{ applicationId: 'zoom' }],
    });
    expect(result).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'The onboarding cannot run so.',
      fields: [
        { field: 'groupIds[1]', message: 'Not an Okta id.' },
        { field: 'groupIds[2]', message: 'Given twice.' },
        { field: 'applications[0].applicationId', message: 'Not an Okta id.' },
      ],
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  describe('with a fault injected mid-way', () => {
    it('retries a single 500 on an idempotent membership PUT (the Okta client does) and carries on', async () => {
      const engineering = h.group('Engineering');
      const input = { ...newHire('retried'), groupIds: [engineering.id] };
      stack.sim.faults.set({
        failNext: { count: 1, status: 500 },
        onlyRoutes: ['PUT /api/v1/groups/:groupId/users/:userId'],
      });
      const result = await onboard(input);
      expect(result.steps?.map((s) => s.outcome)).toEqual(['DONE', 'DONE', 'DONE']);
      expect(result.completed).toBe(true);
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(2);
    });

    it('reports a membership PUT failing past the retries: earlier steps DONE, the step FAILED with outcomeUnknown, later SKIPPED', async () => {
      const engineering = h.group('Engineering');
      const product = h.group('Product');
      const zoom = h.app('Zoom');
      const input = {
        ...newHire('faulted'),
        groupIds: [engineering.id, product.id],
        applications: [{ applicationId: zoom.id }],
      };
      // The first try and the client's two retries of the idempotent PUT.
      stack.sim.faults.set({
        failNext: { count: 3, status: 500 },
        onlyRoutes: ['PUT /api/v1/groups/:groupId/users/:userId'],
      });
      const before = stack.sim.org.log.length;
      const result = await onboard(input);
      const user = h.userByLogin(input.profile.login) as UserRecord;
      expect(result).toMatchObject({
        completed: false,
        user: { id: user.id, status: 'STAGED' },
        activationUrl: null,
      });
      expect(result.steps).toEqual([
        step('createUser', 'DONE', `Created ${input.profile.login} (${user.id}), STAGED.`),
        {
          name: `addToGroup:${engineering.id}`,
          outcome: 'FAILED',
          detail: 'Add the user to Engineering (OKTA_GROUP).',
          error: {
            __typename: 'OktaError',
            code: 'UPSTREAM_ERROR',
            message: 'Okta failed to perform the operation.',
            errorCode: 'E0000009',
            causes: [],
            // Okta may have added the member before failing: the report says so.
            outcomeUnknown: true,
          },
        },
        step(
          `addToGroup:${product.id}`,
          'SKIPPED',
          `Not run: addToGroup:${engineering.id} failed.`,
        ),
        step(
          `assignApplication:${zoom.id}`,
          'SKIPPED',
          `Not run: addToGroup:${engineering.id} failed.`,
        ),
        step('activateUser', 'SKIPPED', `Not run: addToGroup:${engineering.id} failed.`),
      ]);
      // The simulator's fault answered before acting: the org matches the report.
      expect(user.status).toBe('STAGED');
      expect(h.groupsOf(user.id)).toEqual([stack.sim.org.everyoneGroupId]);
      expect(h.directAppsOf(user.id)).toEqual([]);
      expect(h.logSince(before)).toEqual([
        { eventType: 'user.lifecycle.create', targets: [user.id] },
      ]);
      expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(3);
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/users')).toBe(0);
    });

    it('reports an app assignment answered 500 as FAILED with outcomeUnknown, sent once (a POST is never retried)', async () => {
      const engineering = h.group('Engineering');
      const zoom = h.app('Zoom');
      const expense = h.app('Expense Portal');
      const input = {
        ...newHire('assignfault'),
        groupIds: [engineering.id],
        applications: [{ applicationId: zoom.id }, { applicationId: expense.id }],
      };
      stack.sim.faults.set({
        failNext: { count: 1, status: 500 },
        onlyRoutes: ['POST /api/v1/apps/:appId/users'],
      });
      const result = await onboard(input);
      const user = h.userByLogin(input.profile.login) as UserRecord;
      expect(result.steps?.map((s) => [s.name, s.outcome])).toEqual([
        ['createUser', 'DONE'],
        [`addToGroup:${engineering.id}`, 'DONE'],
        [`assignApplication:${zoom.id}`, 'FAILED'],
        [`assignApplication:${expense.id}`, 'SKIPPED'],
        ['activateUser', 'SKIPPED'],
      ]);
      expect(result.steps?.[2]?.error).toMatchObject({
        __typename: 'OktaError',
        code: 'UPSTREAM_ERROR',
        outcomeUnknown: true,
      });
      expect(h.groupsOf(user.id)).toEqual([engineering.id, stack.sim.org.everyoneGroupId].sort());
      expect(h.directAppsOf(user.id)).toEqual([]);
      expect(user.status).toBe('STAGED');
      expect(stack.oktaCalls.count('POST /api/v1/apps/:appId/users')).toBe(1);
    });

    it('deletes the new user after a failed step when rollbackOnFailure is set, and reports it', async () => {
      const engineering = h.group('Engineering');
      const zoom = h.app('Zoom');
      const input = {
        ...newHire('rolledback'),
        groupIds: [engineering.id],
        applications: [{ applicationId: zoom.id }],
        rollbackOnFailure: true,
      };
      stack.sim.faults.set({
        failNext: { count: 1, status: 500 },
        onlyRoutes: ['POST /api/v1/apps/:appId/users'],
      });
      const before = stack.sim.org.log.length;
      const result = await onboard(input);
      const created = stack.sim.org.log
        .slice(before)
        .find((e) => e.event.eventType === 'user.lifecycle.create');
      const userId = ((created?.event.target ?? []) as { id: string }[])[0]?.id as string;
      expect(result).toMatchObject({ completed: false, user: null });
      expect(result.steps?.map((s) => [s.name, s.outcome])).toEqual([
        ['createUser', 'DONE'],
        [`addToGroup:${engineering.id}`, 'DONE'],
        [`assignApplication:${zoom.id}`, 'FAILED'],
        ['activateUser', 'SKIPPED'],
        ['rollback:deleteUser', 'DONE'],
      ]);
      expect(result.steps?.at(-1)?.detail).toBe(
        `Delete the new user ${userId}, and with it the memberships and assignments made above (deactivate, then delete).`,
      );
      expect(stack.sim.org.users.get(userId)).toBeUndefined();
      expect(engineering.members.has(userId)).toBe(false);
      expect(h.logSince(before).map((e) => e.eventType)).toEqual([
        'user.lifecycle.create',
        'group.user_membership.add',
        'application.user_membership.add',
        'user.lifecycle.deactivate',
        'user.lifecycle.delete.initiated',
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(2);
    });
  });
});

describe("onboardUser while Okta's group search lags", () => {
  const stack = useStack({ sim: { searchLagMs: 60_000 } });
  const h = orgHelpers(stack);

  it('finds a group created moments ago, which the batched search misses, by reading it by id', async () => {
    const fresh = await h.freshGroup('Just created');
    const engineering = h.group('Engineering');
    const login = h.newLogin('lagged');
    stack.oktaCalls.reset();
    const res = await stack.graphql<OnboardAnswer>(ONBOARD, {
      input: {
        profile: { login, email: login, firstName: 'Lee', lastName: 'Lag' },
        groupIds: [engineering.id, fresh.id],
        activate: false,
      },
    });
    expect(res.data?.onboardUser.steps?.map((s) => [s.name, s.outcome])).toEqual([
      ['createUser', 'DONE'],
      [`addToGroup:${engineering.id}`, 'DONE'],
      [`addToGroup:${fresh.id}`, 'DONE'],
    ]);
    expect(fresh.members.size).toBe(1);
    expect(stack.oktaCalls.count('GET /api/v1/groups')).toBe(1);
    expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId')).toBe(1);
  });

  it('reads a group it wrote moments ago by id once: its 404 is the answer, not read again', async () => {
    const created = await stack.graphql<{ createGroup: { group: { id: string } } }>(
      `mutation { createGroup(input: { name: "Made and gone" }) {
        ... on CreateGroupPayload { group { id } } } }`,
    );
    const goneId = created.data?.createGroup.group.id as string;
    // Deleted in Okta by someone else: the gateway still counts it among its recent writes.
    await stack.okta.groups.delete(goneId);
    const engineering = h.group('Engineering');
    const login = h.newLogin('gone-group');
    stack.oktaCalls.reset();
    const res = await stack.graphql<OnboardAnswer>(ONBOARD, {
      input: {
        profile: { login, email: login, firstName: 'Gus', lastName: 'Gone' },
        groupIds: [engineering.id, goneId],
        activate: false,
      },
      dryRun: true,
    });
    expect(
      res.data?.onboardUser.steps?.map((s) => [s.name, s.outcome, s.error?.code ?? null]),
    ).toEqual([
      ['createUser', 'WOULD_DO', null],
      [`addToGroup:${engineering.id}`, 'WOULD_DO', null],
      [`addToGroup:${goneId}`, 'FAILED', 'NOT_FOUND'],
    ]);
    // One id left for the search is read by id, as a lone id is; each group once.
    expect(stack.oktaCalls.count('GET /api/v1/groups')).toBe(0);
    expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId')).toBe(2);
  });
});

// ── offboardUser ─────────────────────────────────────────────────────────────────────────────

describe('offboardUser', () => {
  const stack = useStack();
  const h = orgHelpers(stack);
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    stack.sim.faults.clear();
    expect(stack.violations.splice(0)).toEqual([]);
  });

  const offboard = async (variables: Record<string, unknown>) => {
    const res = await stack.graphql<OffboardAnswer>(OFFBOARD, variables);
    expect(res.errors).toBeUndefined();
    return res.data?.offboardUser as OffboardAnswer['offboardUser'];
  };

  /**
   * A leaver as offboarding meets one: ACTIVE with sessions, in a fresh OKTA_GROUP that grants
   * Benefits Portal, in the Print Operators APP_GROUP (imported: the API cannot add members, the
   * directory did), assigned to Zoom directly, and to Slack and Acme Intranet through Everyone.
   */
  const leaver = async (name: string) => {
    const user = await h.freshUser(name);
    const team = await h.freshGroup('Leavers team');
    const benefits = h.app('Benefits Portal');
    const zoom = h.app('Zoom');
    await stack.okta.groups.addMember(team.id, user.id);
    await stack.okta.applications.assignGroup(benefits.id, team.id);
    await stack.okta.applications.assignUser(zoom.id, { id: user.id, scope: 'USER' });
    const printOperators = h.group('Print Operators');
    stack.sim.org.addMember(printOperators, user.id);
    stack.oktaCalls.reset();
    return { user, team, benefits, zoom, printOperators };
  };

  type Leaver = Awaited<ReturnType<typeof leaver>>;

  /** The steps of offboarding a leaver, in the order Okta lists groups and apps (by id). */
  const expectedSteps = (l: Leaver, first: StepAnswer, outcome: 'DONE' | 'WOULD_DO') => {
    const everyone = h.group('Everyone');
    const slack = h.app('Slack');
    const intranet = h.app('Acme Intranet');
    const viaEveryone = `(${everyone.id}, BUILT_IN), which this workflow cannot leave: the access remains.`;
    const groupSteps: [string, StepAnswer][] = [
      [
        l.team.id,
        step(
          `removeFromGroup:${l.team.id}`,
          outcome,
          `Remove the user from ${l.team.profile.name} (OKTA_GROUP).`,
        ),
      ],
      [
        everyone.id,
        step(
          `removeFromGroup:${everyone.id}`,
          'SKIPPED',
          `CHANGE_MEMBERSHIP is not allowed on group ${everyone.id} of type BUILT_IN: Okta manages it (every user is a member) and it cannot be changed.`,
        ),
      ],
      [
        l.printOperators.id,
        step(
          `removeFromGroup:${l.printOperators.id}`,
          'SKIPPED',
          `CHANGE_MEMBERSHIP is not allowed on group ${l.printOperators.id} of type APP_GROUP: its profile and members come from the app or directory it is imported from.`,
        ),
      ],
    ];
    const appSteps: [string, StepAnswer][] = [
      [
        l.benefits.id,
        step(
          `unassignApplication:${l.benefits.id}`,
          outcome,
          `Benefits Portal: assigned through ${l.team.profile.name} (${l.team.id}, OKTA_GROUP); the access goes with those memberships (no call of its own).`,
        ),
      ],
      [
        l.zoom.id,
        step(
          `unassignApplication:${l.zoom.id}`,
          outcome,
          'Remove the direct assignment to Zoom (its app profile is lost).',
        ),
      ],
      [
        slack.id,
        step(
          `unassignApplication:${slack.id}`,
          'SKIPPED',
          `Slack: assigned through Everyone ${viaEveryone}`,
        ),
      ],
      [
        intranet.id,
        step(
          `unassignApplication:${intranet.id}`,
          'SKIPPED',
          `Acme Intranet: assigned through Everyone ${viaEveryone}`,
        ),
      ],
    ];
    const byId = (a: [string, StepAnswer], b: [string, StepAnswer]) => (a[0] < b[0] ? -1 : 1);
    return [
      first,
      step(
        'clearSessions',
        outcome,
        "End the user's Okta sessions and revoke the OAuth tokens issued to them.",
      ),
      ...groupSteps.sort(byId).map(([, s]) => s),
      ...appSteps.sort(byId).map(([, s]) => s),
    ];
  };

  it('suspends, clears sessions and removes what it can, leaving what Okta manages elsewhere', async () => {
    const l = await leaver('suspended');
    const before = stack.sim.org.log.length;
    const result = await offboard({ id: l.user.id, mode: 'SUSPEND' });
    expect(result).toMatchObject({
      __typename: 'OffboardUserPayload',
      completed: true,
      user: { id: l.user.id, status: 'SUSPENDED' },
    });
    expect(result.steps).toEqual(
      expectedSteps(
        l,
        step('suspendUser', 'DONE', 'Suspend the user: no sign-in from now on.'),
        'DONE',
      ),
    );
    expect(l.user.status).toBe('SUSPENDED');
    expect(l.user.sessions).toBe(0);
    expect(h.groupsOf(l.user.id)).toEqual(
      [stack.sim.org.everyoneGroupId, l.printOperators.id].sort(),
    );
    expect(h.appsOf(l.user.id)).toEqual([h.app('Slack').id, h.app('Acme Intranet').id].sort());
    expect(h.logSince(before)).toEqual([
      { eventType: 'user.lifecycle.suspend', targets: [l.user.id] },
      { eventType: 'user.session.clear', targets: [l.user.id] },
      { eventType: 'group.user_membership.remove', targets: [l.user.id, l.team.id] },
      {
        eventType: 'application.user_membership.remove',
        targets: [`${l.benefits.id}:${l.user.id}`, l.benefits.id, l.user.id],
      },
      {
        eventType: 'application.user_membership.remove',
        targets: [`${l.zoom.id}:${l.user.id}`, l.zoom.id, l.user.id],
      },
    ]);
  });

  it('revokes the OAuth tokens with the sessions, in one call', async () => {
    const l = await leaver('tokens');
    const urls: string[] = [];
    const stop = stack.sim.onExchange((e) => {
      if (e.key === 'DELETE /api/v1/users/:userId/sessions') urls.push(e.url);
    });
    await offboard({ id: l.user.id, mode: 'SUSPEND' });
    stop();
    expect(urls.map((u) => new URL(u, 'http://sim').searchParams.get('oauthTokens'))).toEqual([
      'true',
    ]);
  });

  it('deactivates, cleans up and deletes the user last, with one DELETE', async () => {
    const l = await leaver('deleted');
    const before = stack.sim.org.log.length;
    const result = await offboard({ id: l.user.id, mode: 'DEACTIVATE', delete: true });
    expect(result).toMatchObject({ completed: true, user: null });
    expect(result.steps).toEqual([
      ...expectedSteps(
        l,
        step(
          'deactivateUser',
          'DONE',
          'Deactivate the user (DEPROVISIONED): no sign-in from now on.',
        ),
        'DONE',
      ),
      step(
        'deleteUser',
        'DONE',
        'Delete the deactivated user for good (one DELETE, never repeated).',
      ),
    ]);
    expect(stack.sim.org.users.get(l.user.id)).toBeUndefined();
    expect(h.logSince(before).map((e) => e.eventType)).toEqual([
      'user.lifecycle.deactivate',
      'user.session.clear',
      'group.user_membership.remove',
      'application.user_membership.remove',
      'application.user_membership.remove',
      'user.lifecycle.delete.initiated',
    ]);
    expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(1);
  });

  it('reads what it needs in a few calls: the user, its groups, its apps, and the apps of each group', async () => {
    const l = await leaver('reads');
    await offboard({ id: l.user.id, mode: 'DEACTIVATE', dryRun: true });
    expect(stack.oktaCalls.snapshot()).toEqual({
      // The apps of the user, then of each of its three groups.
      'GET /api/v1/apps': 4,
      'GET /api/v1/users/:userId': 1,
      'GET /api/v1/users/:userId/groups': 1,
    });
  });

  it('a dry run reports each step WOULD_DO or SKIPPED and changes nothing: same org, same System Log, only reads', async () => {
    const l = await leaver('dry');
    const before = h.snapshot();
    const result = await offboard({
      id: l.user.id,
      mode: 'DEACTIVATE',
      delete: true,
      dryRun: true,
    });
    expect(result).toMatchObject({
      completed: false,
      user: { id: l.user.id, status: 'ACTIVE' },
    });
    expect(result.steps).toEqual([
      ...expectedSteps(
        l,
        step(
          'deactivateUser',
          'WOULD_DO',
          'Deactivate the user (DEPROVISIONED): no sign-in from now on.',
        ),
        'WOULD_DO',
      ),
      step(
        'deleteUser',
        'WOULD_DO',
        'Delete the deactivated user for good (one DELETE, never repeated).',
      ),
    ]);
    expect(h.snapshot()).toEqual(before);
    expect(onlyReads(stack)).toEqual([]);
  });

  it('skips the suspension of a user already SUSPENDED and still cleans up', async () => {
    const l = await leaver('already');
    await stack.okta.users.suspend(l.user.id);
    stack.oktaCalls.reset();
    const result = await offboard({ id: l.user.id, mode: 'SUSPEND' });
    expect(result.steps?.[0]).toEqual(step('suspendUser', 'SKIPPED', 'Already SUSPENDED.'));
    expect(result.completed).toBe(true);
    expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/suspend')).toBe(0);
    expect(h.directAppsOf(l.user.id)).toEqual([]);
  });

  it('leaves a direct assignment that an APP_GROUP also grants, SKIPPED with why', async () => {
    const user = await h.freshUser('servers');
    const servers = h.group('Engineering-Servers');
    const jenkins = h.app('Jenkins Build Server');
    stack.sim.org.addMember(servers, user.id);
    stack.sim.org.grantAppViaGroup(jenkins, servers.id, user.id);
    await stack.okta.applications.assignUser(jenkins.id, { id: user.id, scope: 'USER' });
    stack.oktaCalls.reset();
    const result = await offboard({ id: user.id, mode: 'DEACTIVATE' });
    expect(result.steps?.find((s) => s.name === `unassignApplication:${jenkins.id}`)).toEqual(
      step(
        `unassignApplication:${jenkins.id}`,
        'SKIPPED',
        `Jenkins Build Server: assigned directly and through Engineering-Servers (${servers.id}, APP_GROUP), which this workflow cannot leave; Okta keeps a direct assignment while a group grants the app, so the access remains.`,
      ),
    );
    expect(jenkins.users.get(user.id)?.direct).toBe(true);
    expect(stack.oktaCalls.count('DELETE /api/v1/apps/:appId/users/:userId')).toBe(0);
  });

  it('writes nothing when the user cannot be suspended from its status: suspendUser FAILED, the rest SKIPPED', async () => {
    const staged = [...stack.sim.org.users.values()].find((u) => u.status === 'STAGED');
    if (!staged) throw new Error('the demo org has no STAGED user');
    const before = h.snapshot();
    const result = await offboard({ id: staged.id, mode: 'SUSPEND' });
    expect(result.completed).toBe(false);
    expect(result.steps?.[0]).toEqual({
      name: 'suspendUser',
      outcome: 'FAILED',
      detail: 'Suspend the user: no sign-in from now on.',
      error: {
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        message: 'SUSPEND is not allowed for a user in status STAGED (allowed from: ACTIVE).',
        action: 'SUSPEND',
        currentStatus: 'STAGED',
        allowedFrom: ['ACTIVE'],
      },
    });
    expect(result.steps?.[1]).toEqual(
      step(
        'clearSessions',
        'SKIPPED',
        'Not run: the checks before any write failed at suspendUser; nothing was changed.',
      ),
    );
    expect(h.snapshot()).toEqual(before);
    expect(onlyReads(stack)).toEqual([]);
  });

  it('refuses delete with mode SUSPEND with ValidationError before any Okta call', async () => {
    stack.oktaCalls.reset();
    const result = await offboard({ id: UNKNOWN_USER, mode: 'SUSPEND', delete: true });
    expect(result).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'The offboarding cannot run so.',
      fields: [
        {
          field: 'delete',
          message: 'Deleting needs mode: DEACTIVATE (Okta deletes only deactivated users).',
        },
      ],
    });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('answers an unknown user with NotFoundError', async () => {
    stack.oktaCalls.reset();
    const result = await offboard({ id: UNKNOWN_USER, mode: 'DEACTIVATE' });
    expect(result).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: `User ${UNKNOWN_USER} was not found.`,
      resource: 'User',
      id: UNKNOWN_USER,
    });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
  });

  it('stops at a membership removal failing past the retries: sign-in cut and sessions cleared, the rest SKIPPED, the org as reported', async () => {
    const l = await leaver('faulted');
    stack.sim.faults.set({
      failNext: { count: 3, status: 500 },
      onlyRoutes: ['DELETE /api/v1/groups/:groupId/users/:userId'],
    });
    const before = stack.sim.org.log.length;
    const result = await offboard({ id: l.user.id, mode: 'DEACTIVATE', delete: true });
    const failing = `removeFromGroup:${l.team.id}`;
    const planned = [
      ...expectedSteps(
        l,
        step(
          'deactivateUser',
          'DONE',
          'Deactivate the user (DEPROVISIONED): no sign-in from now on.',
        ),
        'DONE',
      ),
      step(
        'deleteUser',
        'DONE',
        'Delete the deactivated user for good (one DELETE, never repeated).',
      ),
    ];
    const at = planned.findIndex((s) => s.name === failing);
    expect(result).toMatchObject({
      completed: false,
      user: { id: l.user.id, status: 'DEPROVISIONED' },
    });
    // Before it: as planned. After it: not run, but read-only groups keep their own reason.
    expect(result.steps).toEqual(
      planned.map((s, i) => {
        if (i < at) return s;
        if (i > at)
          return s.outcome === 'DONE' ? step(s.name, 'SKIPPED', `Not run: ${failing} failed.`) : s;
        return {
          ...s,
          outcome: 'FAILED',
          error: {
            __typename: 'OktaError',
            code: 'UPSTREAM_ERROR',
            message: 'Okta failed to perform the operation.',
            errorCode: 'E0000009',
            causes: [],
            outcomeUnknown: true,
          },
        };
      }),
    );
    expect(l.user.status).toBe('DEPROVISIONED');
    expect(l.user.sessions).toBe(0);
    expect(l.team.members.has(l.user.id)).toBe(true);
    expect(h.directAppsOf(l.user.id)).toEqual([l.zoom.id]);
    expect(h.logSince(before).map((e) => e.eventType)).toEqual([
      'user.lifecycle.deactivate',
      'user.session.clear',
    ]);
  });
});

// ── Scopes ───────────────────────────────────────────────────────────────────────────────────

describe('workflow scopes', () => {
  let scopes: string[] = [];
  const stack = useStack({
    authenticate: async () => callerWithScopes('admin', scopes, true),
  });
  const h = orgHelpers(stack);
  beforeEach(() => stack.oktaCalls.reset());

  const hire = () => {
    const login = h.newLogin('scoped');
    return { profile: { login, email: login, firstName: 'Kim', lastName: 'Scope' } };
  };

  it.each([
    [
      'okta.groups.manage',
      { groupIds: [UNKNOWN_GROUP] },
      ['okta.users.manage', 'okta.apps.manage'],
    ],
    [
      'okta.apps.manage',
      { applications: [{ applicationId: UNKNOWN_APP }] },
      ['okta.users.manage', 'okta.groups.manage'],
    ],
    ['okta.users.manage', {}, ['okta.users.read', 'okta.groups.manage', 'okta.apps.manage']],
  ])(
    'refuses onboardUser needing %s to a caller without it: FORBIDDEN, no Okta call, for a dry run too',
    async (_missing, extra, granted) => {
      scopes = granted;
      for (const dryRun of [false, true]) {
        const res = await stack.graphql<OnboardAnswer>(ONBOARD, {
          input: { ...hire(), ...extra },
          dryRun,
        });
        expect(res.data).toEqual({ onboardUser: null });
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
      expect(stack.oktaCalls.total()).toBe(0);
    },
  );

  it('onboards without groups or apps with okta.users.manage alone', async () => {
    scopes = ['okta.users.manage'];
    const input = hire();
    const res = await stack.graphql<OnboardAnswer>(ONBOARD, { input });
    expect(res.errors).toBeUndefined();
    expect(res.data?.onboardUser).toMatchObject({
      completed: true,
      user: { status: 'PROVISIONED' },
    });
  });

  it.each([
    ['okta.groups.manage', ['okta.users.manage', 'okta.apps.manage']],
    ['okta.apps.manage', ['okta.users.manage', 'okta.groups.manage']],
    ['okta.users.manage', ['okta.groups.manage', 'okta.apps.manage']],
  ])(
    'refuses offboardUser to a caller without %s: FORBIDDEN, no Okta call',
    async (_missing, granted) => {
      scopes = granted;
      const user = [...stack.sim.org.users.values()].find(
        (u) => u.status === 'ACTIVE',
      ) as UserRecord;
      const res = await stack.graphql<OffboardAnswer>(OFFBOARD, { id: user.id, mode: 'SUSPEND' });
      expect(res.data).toEqual({ offboardUser: null });
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(stack.oktaCalls.total()).toBe(0);
      expect(user.status).toBe('ACTIVE');
    },
  );
});
