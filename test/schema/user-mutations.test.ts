import { readFileSync } from 'node:fs';
import {
  type DefinitionNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { DEMO_PASSWORD } from '../../src/simulator/seed.ts';
import type { UserRecord, UserStatus } from '../../src/simulator/store.ts';
import { type Stack, useStack } from '../support/stack.ts';

const SUSPEND = /* GraphQL */ `
  mutation($id: ID!) {
    suspendUser(id: $id) {
      __typename
      ... on SuspendUserPayload { user { id status allowedTransitions } }
      ... on Error { code message }
      ... on InvalidTransitionError { action currentStatus allowedFrom }
      ... on NotFoundError { resource id }
    }
  }
`;

type SuspendAnswer = {
  suspendUser: {
    __typename: string;
    user?: { id: string; status: string; allowedTransitions: string[] };
    code?: string;
    message?: string;
    action?: string;
    currentStatus?: string;
    allowedFrom?: string[];
  };
};

describe('user lifecycle mutations', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  const userIn = (status: string) => {
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === status && u.id !== stack.adminId,
    );
    if (!user) throw new Error(`the demo org has no ${status} user`);
    return user;
  };

  it('suspends an ACTIVE user, returns it SUSPENDED and writes the System Log entry', async () => {
    const user = userIn('ACTIVE');
    const before = stack.sim.org.log.length;
    const res = await stack.graphql<SuspendAnswer>(SUSPEND, { id: user.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.suspendUser).toEqual({
      __typename: 'SuspendUserPayload',
      user: {
        id: user.id,
        status: 'SUSPENDED',
        allowedTransitions: [
          'DEACTIVATE',
          'UNSUSPEND',
          'RESET_FACTORS',
          'SET_PASSWORD',
          'UPDATE_PROFILE',
          'CLEAR_SESSIONS',
          'DELETE',
        ],
      },
    });
    expect(stack.sim.org.users.get(user.id)?.status).toBe('SUSPENDED');
    const events = stack.sim.org.log.slice(before).map((e) => e.event.eventType);
    expect(events).toEqual(['user.lifecycle.suspend']);
    expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/suspend')).toBe(1);
  });

  it('refuses to suspend a STAGED user with InvalidTransitionError before calling Okta', async () => {
    const user = userIn('STAGED');
    const res = await stack.graphql<SuspendAnswer>(SUSPEND, { id: user.id });
    expect(res.data?.suspendUser).toEqual({
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      message: 'SUSPEND is not allowed for a user in status STAGED (allowed from: ACTIVE).',
      action: 'SUSPEND',
      currentStatus: 'STAGED',
      allowedFrom: ['ACTIVE'],
    });
    expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/suspend')).toBe(0);
    expect(stack.sim.org.users.get(user.id)?.status).toBe('STAGED');
  });

  it('answers an unknown user with NotFoundError', async () => {
    const res = await stack.graphql<SuspendAnswer>(SUSPEND, { id: '00u00000000000000000' });
    expect(res.data?.suspendUser).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: 'User 00u00000000000000000 was not found.',
      resource: 'User',
      id: '00u00000000000000000',
    });
  });

  it('unsuspends a SUSPENDED user back to ACTIVE', async () => {
    const user = userIn('SUSPENDED');
    const res = await stack.graphql<{ unsuspendUser: { user: { status: string } } }>(
      'mutation($id: ID!) { unsuspendUser(id: $id) { ... on UnsuspendUserPayload { user { status } } } }',
      { id: user.id },
    );
    expect(res.data?.unsuspendUser.user.status).toBe('ACTIVE');
  });
});

describe('user lifecycle mutations without the manage scope', () => {
  const stack = useStack({
    authenticate: async () => callerWithScopes('reader', ['okta.users.read'], true),
  });

  it('refuses suspendUser with FORBIDDEN and makes no Okta call', async () => {
    stack.oktaCalls.reset();
    const user = [...stack.sim.org.users.values()].find((u) => u.status === 'ACTIVE');
    const res = await stack.graphql(SUSPEND, { id: user?.id });
    expect(res.data).toEqual({ suspendUser: null });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.oktaCalls.total()).toBe(0);
  });
});

// ── Every user mutation ──────────────────────────────────────────────────────────────────────

/** What any mutation result may carry when it is an error. */
const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { code message }
  ... on ValidationError { fields { field message } }
  ... on ConflictError { fields { field message } }
  ... on InvalidTransitionError { action currentStatus allowedFrom }
  ... on NotFoundError { resource id }
  ... on OktaError { errorCode causes outcomeUnknown }
`;

const USER_FIELDS = /* GraphQL */ `
  id
  status
  profile { login email firstName lastName title nickName department custom }
  credentials { hasPassword recoveryQuestion providerType providerName }
`;

/** A mutation document whose result is aliased `result`. */
const mutation = (variables: string, call: string, payload: string, selection: string) =>
  `mutation(${variables}) { result: ${call} { __typename ... on ${payload} { ${selection} } ${ERROR_FIELDS} } }`;

interface UserShape {
  id: string;
  status: string;
  profile: Record<string, unknown> & { custom: Record<string, unknown> };
  credentials: {
    hasPassword: boolean;
    recoveryQuestion: string | null;
    providerType: string | null;
    providerName: string | null;
  };
}

interface Result {
  __typename: string;
  user?: UserShape;
  code?: string;
  message?: string;
  fields?: { field: string; message: string }[];
  action?: string;
  currentStatus?: string;
  allowedFrom?: string[];
  resource?: string;
  id?: string;
  errorCode?: string | null;
  causes?: string[];
  outcomeUnknown?: boolean;
  activationUrl?: string | null;
  activationToken?: string | null;
  deletedUserId?: string;
  deactivatedFirst?: boolean;
  temporaryPassword?: string | null;
  resetPasswordUrl?: string | null;
}

const DOCS = {
  createUser: mutation(
    '$input: CreateUserInput!',
    'createUser(input: $input)',
    'CreateUserPayload',
    `user { ${USER_FIELDS} }`,
  ),
  updateUser: mutation(
    '$id: ID!, $input: UpdateUserInput!, $replace: Boolean',
    'updateUser(id: $id, input: $input, replace: $replace)',
    'UpdateUserPayload',
    `user { ${USER_FIELDS} }`,
  ),
  activateUser: mutation(
    '$id: ID!, $sendEmail: Boolean',
    'activateUser(id: $id, sendEmail: $sendEmail)',
    'ActivateUserPayload',
    'user { id status } activationUrl activationToken',
  ),
  reactivateUser: mutation(
    '$id: ID!, $sendEmail: Boolean',
    'reactivateUser(id: $id, sendEmail: $sendEmail)',
    'ReactivateUserPayload',
    'user { id status } activationUrl activationToken',
  ),
  deactivateUser: mutation(
    '$id: ID!',
    'deactivateUser(id: $id)',
    'DeactivateUserPayload',
    'user { id status }',
  ),
  unlockUser: mutation(
    '$id: ID!',
    'unlockUser(id: $id)',
    'UnlockUserPayload',
    'user { id status }',
  ),
  deleteUser: mutation(
    '$id: ID!',
    'deleteUser(id: $id)',
    'DeleteUserPayload',
    'deletedUserId deactivatedFirst',
  ),
  setPassword: mutation(
    '$id: ID!, $password: String!',
    'setPassword(id: $id, password: $password)',
    'SetPasswordPayload',
    'user { id status credentials { hasPassword } }',
  ),
  changePassword: mutation(
    '$id: ID!, $oldPassword: String!, $newPassword: String!, $strict: Boolean, $revokeSessions: Boolean',
    'changePassword(id: $id, oldPassword: $oldPassword, newPassword: $newPassword, strict: $strict, revokeSessions: $revokeSessions)',
    'ChangePasswordPayload',
    'user { id status }',
  ),
  changeRecoveryQuestion: mutation(
    '$id: ID!, $password: String!, $question: String!, $answer: String!',
    'changeRecoveryQuestion(id: $id, password: $password, question: $question, answer: $answer)',
    'ChangeRecoveryQuestionPayload',
    'user { id status credentials { recoveryQuestion } }',
  ),
  expirePassword: mutation(
    '$id: ID!, $temporaryPassword: Boolean',
    'expirePassword(id: $id, temporaryPassword: $temporaryPassword)',
    'ExpirePasswordPayload',
    'user { id status } temporaryPassword',
  ),
  resetPassword: mutation(
    '$id: ID!, $sendEmail: Boolean!',
    'resetPassword(id: $id, sendEmail: $sendEmail)',
    'ResetPasswordPayload',
    'user { id status } resetPasswordUrl',
  ),
  resetFactors: mutation(
    '$id: ID!',
    'resetFactors(id: $id)',
    'ResetFactorsPayload',
    'user { id status }',
  ),
  clearUserSessions: mutation(
    '$id: ID!, $revokeOAuthTokens: Boolean',
    'clearUserSessions(id: $id, revokeOAuthTokens: $revokeOAuthTokens)',
    'ClearUserSessionsPayload',
    'user { id status }',
  ),
} as const;

type MutationName = keyof typeof DOCS;

/** Each id-taking mutation with arguments that would pass, and the Okta writes it makes. */
const ON_A_USER: Record<
  Exclude<MutationName, 'createUser'>,
  { vars: Record<string, unknown>; writes: string[] }
> = {
  updateUser: {
    vars: { input: { profile: { title: 'Staff Engineer' } } },
    writes: ['POST /api/v1/users/:userId', 'PUT /api/v1/users/:userId'],
  },
  activateUser: { vars: {}, writes: ['POST /api/v1/users/:userId/lifecycle/activate'] },
  reactivateUser: { vars: {}, writes: ['POST /api/v1/users/:userId/lifecycle/reactivate'] },
  deactivateUser: { vars: {}, writes: ['POST /api/v1/users/:userId/lifecycle/deactivate'] },
  unlockUser: { vars: {}, writes: ['POST /api/v1/users/:userId/lifecycle/unlock'] },
  deleteUser: { vars: {}, writes: ['DELETE /api/v1/users/:userId'] },
  setPassword: {
    vars: { password: 'Brand-New-Passw0rd!' },
    writes: ['POST /api/v1/users/:userId'],
  },
  changePassword: {
    vars: { oldPassword: DEMO_PASSWORD, newPassword: 'Brand-New-Passw0rd!' },
    writes: ['POST /api/v1/users/:userId/credentials/change_password'],
  },
  changeRecoveryQuestion: {
    vars: { password: DEMO_PASSWORD, question: 'First pet?', answer: 'Rex the dog' },
    writes: ['POST /api/v1/users/:userId/credentials/change_recovery_question'],
  },
  expirePassword: {
    vars: {},
    writes: [
      'POST /api/v1/users/:userId/lifecycle/expire_password',
      'POST /api/v1/users/:userId/lifecycle/expire_password_with_temp_password',
    ],
  },
  resetPassword: {
    vars: { sendEmail: false },
    writes: ['POST /api/v1/users/:userId/lifecycle/reset_password'],
  },
  resetFactors: { vars: {}, writes: ['POST /api/v1/users/:userId/lifecycle/reset_factors'] },
  clearUserSessions: { vars: {}, writes: ['DELETE /api/v1/users/:userId/sessions'] },
};

const UNKNOWN_USER = '00u00000000000000000';

/** The example operations clients copy, with the user fragments they spread. */
const EXAMPLES: readonly DefinitionNode[] = ['users', 'user-mutations'].flatMap(
  (file) =>
    parse(readFileSync(new URL(`../../schema/operations/${file}.graphql`, import.meta.url), 'utf8'))
      .definitions,
);

/** One example operation as a client sends it: the operation and the fragments it spreads. */
function exampleOperation(name: string): string {
  const fragments = new Map(
    EXAMPLES.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map(
      (f) => [f.name.value, f],
    ),
  );
  const operation = EXAMPLES.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`no example operation ${name}`);
  const spread = new Map<string, FragmentDefinitionNode>();
  const collect = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(s) {
        const fragment = fragments.get(s.name.value);
        if (!fragment || spread.has(s.name.value)) return;
        spread.set(s.name.value, fragment);
        collect(fragment);
      },
    });
  collect(operation);
  return print({ kind: Kind.DOCUMENT, definitions: [operation, ...spread.values()] });
}

describe('every user mutation', () => {
  const stack = useStack();
  const used = new Set<string>();

  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    stack.sim.faults.clear();
    expect(stack.violations.splice(0)).toEqual([]);
  });

  /** A seeded user in `status` (and matching `where`) that no earlier test has changed. */
  const pick = (status: UserStatus, where: (u: UserRecord) => boolean = () => true) => {
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === status && !used.has(u.id) && where(u),
    );
    if (!user) throw new Error(`the demo org has no unused ${status} user for this test`);
    used.add(user.id);
    return user;
  };

  const run = async (name: MutationName, variables: Record<string, unknown>) => {
    const res = await stack.graphql<{ result: Result }>(DOCS[name], variables);
    expect(res.errors).toBeUndefined();
    return res.data?.result as Result;
  };

  const eventsSince = (before: number) =>
    stack.sim.org.log.slice(before).map((e) => e.event.eventType);

  const simUser = (id: string) => stack.sim.org.users.get(id);

  /**
   * After the gateway's next read of this user, change it in the org, as another admin or a
   * sign-in would between the gateway's check and its write.
   */
  const afterNextRead = (userId: string, change: (user: UserRecord) => void) => {
    const stop = stack.sim.onExchange((exchange) => {
      if (exchange.key !== 'GET /api/v1/users/:userId' || !exchange.path.endsWith(userId)) return;
      stop();
      const user = simUser(userId) as UserRecord;
      change(user);
      stack.sim.org.saveUser(user);
    });
  };

  let logins = 0;
  const newLogin = (name: string) => `${name}.${++logins}@acme.example`;
  const newProfile = (name: string) => {
    const login = newLogin(name);
    return { login, email: login, firstName: 'Robin', lastName: 'Okafor' };
  };

  const oktaGroup = (name: string) => {
    const group = [...stack.sim.org.groups.values()].find((g) => g.profile.name === name);
    if (!group) throw new Error(`the demo org has no group ${name}`);
    return group;
  };

  describe('createUser', () => {
    it('creates an ACTIVE user with a password, a recovery question, custom attributes and a group', async () => {
      const engineering = oktaGroup('Engineering');
      const profile = { ...newProfile('robin'), department: 'Engineering' };
      const before = stack.sim.org.log.length;
      const result = await run('createUser', {
        input: {
          profile: { ...profile, custom: { isContractor: true, startDate: '2026-12-01' } },
          password: 'Robin-Passw0rd-2026',
          recoveryQuestion: { question: 'First concert?', answer: 'Radiohead' },
          groupIds: [engineering.id],
        },
      });
      expect(result.__typename).toBe('CreateUserPayload');
      const id = result.user?.id as string;
      expect(result.user).toEqual({
        id,
        status: 'ACTIVE',
        profile: {
          ...profile,
          title: null,
          nickName: null,
          custom: { isContractor: true, startDate: '2026-12-01' },
        },
        credentials: {
          hasPassword: true,
          recoveryQuestion: 'First concert?',
          providerType: 'OKTA',
          providerName: 'OKTA',
        },
      });
      const created = simUser(id);
      expect(created?.status).toBe('ACTIVE');
      expect(created?.password?.value).toBe('Robin-Passw0rd-2026');
      expect(created?.recoveryQuestion).toEqual({
        question: 'First concert?',
        answer: 'Radiohead',
      });
      expect(stack.sim.org.userGroups.get(id)?.has(engineering.id)).toBe(true);
      expect(eventsSince(before)).toEqual([
        'user.lifecycle.create',
        'user.lifecycle.activate',
        'group.user_membership.add',
      ]);
      // Okta's answer is the new user: no second read.
      expect(stack.oktaCalls.snapshot()).toEqual({ 'POST /api/v1/users': 1 });
    });

    it('leaves the user STAGED with activate: false', async () => {
      const before = stack.sim.org.log.length;
      const result = await run('createUser', {
        input: { profile: newProfile('staged'), activate: false },
      });
      expect(result.user?.status).toBe('STAGED');
      expect(simUser(result.user?.id as string)?.status).toBe('STAGED');
      expect(eventsSince(before)).toEqual(['user.lifecycle.create']);
    });

    it('creates a PROVISIONED user when activated without a password', async () => {
      const result = await run('createUser', { input: { profile: newProfile('provisioned') } });
      expect(result.user?.status).toBe('PROVISIONED');
      expect(result.user?.credentials.hasPassword).toBe(false);
      expect(simUser(result.user?.id as string)?.status).toBe('PROVISIONED');
    });

    it('creates a PASSWORD_EXPIRED user with nextLogin: CHANGE_PASSWORD', async () => {
      const result = await run('createUser', {
        input: {
          profile: newProfile('expired'),
          password: 'Temporary-Passw0rd-1',
          nextLogin: 'CHANGE_PASSWORD',
        },
      });
      expect(result.user?.status).toBe('PASSWORD_EXPIRED');
      expect(simUser(result.user?.id as string)?.status).toBe('PASSWORD_EXPIRED');
      expect(stack.oktaCalls.snapshot()).toEqual({
        'POST /api/v1/users': 1,
      });
    });

    it('creates an ACTIVE user of a FEDERATION provider, who has no Okta password', async () => {
      const result = await run('createUser', {
        input: {
          profile: newProfile('federated'),
          provider: { type: 'FEDERATION', name: 'FEDERATION' },
        },
      });
      expect(result.user?.status).toBe('ACTIVE');
      expect(result.user?.credentials).toEqual({
        hasPassword: false,
        recoveryQuestion: null,
        providerType: 'FEDERATION',
        providerName: 'FEDERATION',
      });
      expect(simUser(result.user?.id as string)?.provider).toEqual({
        type: 'FEDERATION',
        name: 'FEDERATION',
      });
    });

    it('answers a login already taken with ConflictError naming the login field', async () => {
      const taken = pick('ACTIVE');
      const count = stack.sim.org.users.size;
      const result = await run('createUser', {
        input: {
          profile: { ...newProfile('dup'), login: taken.profile.login },
          password: 'Robin-Passw0rd-2026',
        },
      });
      expect(result).toEqual({
        __typename: 'ConflictError',
        code: 'CONFLICT',
        message: 'An object with these values already exists in Okta.',
        fields: [
          {
            field: 'login',
            message: 'An object with this field already exists in the current organization',
          },
        ],
      });
      expect(stack.sim.org.users.size).toBe(count);
    });

    it('answers a password the policy refuses with ValidationError naming the password field', async () => {
      const result = await run('createUser', {
        input: { profile: newProfile('weak'), password: 'short' },
      });
      expect(result).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [
          {
            field: 'password',
            message:
              'Password requirements were not met. Password requirements: at least 8 characters, no parts of your username.',
          },
        ],
      });
    });

    it('names a recovery answer Okta refuses by the input field recoveryQuestion.answer', async () => {
      const result = await run('createUser', {
        input: {
          profile: newProfile('short-answer'),
          password: 'Robin-Passw0rd-2026',
          recoveryQuestion: { question: 'First concert?', answer: 'abc' },
        },
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toEqual([
        {
          field: 'recoveryQuestion.answer',
          message: 'The security question answer must be at least 4 characters in length',
        },
      ]);
    });

    it('refuses a standard attribute inside custom before calling Okta', async () => {
      const result = await run('createUser', {
        input: { profile: { ...newProfile('custom'), custom: { title: 'CEO' } } },
      });
      expect(result).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Standard attributes are set by name on the profile, not in `custom`.',
        fields: [
          {
            field: 'profile.custom.title',
            message: 'A standard attribute: set it as profile.title.',
          },
        ],
      });
      expect(stack.oktaCalls.total()).toBe(0);
    });

    it('refuses nextLogin: CHANGE_PASSWORD without a password before calling Okta', async () => {
      const result = await run('createUser', {
        input: { profile: newProfile('no-password'), nextLogin: 'CHANGE_PASSWORD' },
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toEqual([
        { field: 'nextLogin', message: 'CHANGE_PASSWORD needs a password.' },
      ]);
      expect(stack.oktaCalls.total()).toBe(0);
    });

    it('refuses more than 20 groups before calling Okta', async () => {
      const groupIds = Array.from({ length: 21 }, (_, i) => `00g${String(i).padStart(17, '0')}`);
      const result = await run('createUser', {
        input: { profile: newProfile('joiner'), groupIds },
      });
      expect(result.fields).toEqual([{ field: 'groupIds', message: 'At most 20 groups.' }]);
      expect(stack.oktaCalls.total()).toBe(0);
    });

    it('reads the new user by id afterwards, not through the lagging search', async () => {
      const result = await run('createUser', { input: { profile: newProfile('fresh') } });
      stack.oktaCalls.reset();
      const res = await stack.graphql<{ user: { id: string; status: string } }>(
        'query($id: ID!) { user(id: $id) { id status } }',
        { id: result.user?.id },
      );
      expect(res.data?.user).toEqual({ id: result.user?.id, status: 'PROVISIONED' });
      expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
    });
  });

  describe('updateUser', () => {
    it('changes only the attributes given, clears those set to null, and writes the System Log entry', async () => {
      const user = pick('ACTIVE', (u) => typeof u.profile.nickName === 'string');
      const before = stack.sim.org.log.length;
      const result = await run('updateUser', {
        id: user.id,
        input: {
          profile: { title: 'Staff Engineer', nickName: null, custom: { isContractor: true } },
        },
      });
      expect(result.__typename).toBe('UpdateUserPayload');
      expect(result.user?.profile).toMatchObject({
        title: 'Staff Engineer',
        nickName: null,
        department: user.profile.department,
      });
      expect(result.user?.profile.custom.isContractor).toBe(true);
      const stored = simUser(user.id)?.profile;
      expect(stored?.title).toBe('Staff Engineer');
      expect(stored && 'nickName' in stored).toBe(false);
      expect(stored?.department).toBe(user.profile.department);
      expect(eventsSince(before)).toEqual(['user.account.update_profile']);
      // Okta's answer is the updated user: one read before, none after.
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/users/:userId': 1,
        'POST /api/v1/users/:userId': 1,
      });
    });

    it('replaces the whole profile with replace: true, removing what is left out', async () => {
      const user = pick('ACTIVE');
      const { login, email, firstName, lastName } = user.profile;
      const result = await run('updateUser', {
        id: user.id,
        input: { profile: { login, email, firstName, lastName, title: 'Founder' } },
        replace: true,
      });
      expect(result.user?.profile).toEqual({
        login,
        email,
        firstName,
        lastName,
        title: 'Founder',
        nickName: null,
        department: null,
        custom: {},
      });
      expect(simUser(user.id)?.profile).toEqual({
        login,
        email,
        firstName,
        lastName,
        title: 'Founder',
      });
      expect(stack.oktaCalls.count('PUT /api/v1/users/:userId')).toBe(1);
      expect(stack.oktaCalls.count('POST /api/v1/users/:userId')).toBe(0);
    });

    it('answers a replace without a required attribute with ValidationError naming it', async () => {
      const user = pick('ACTIVE');
      const { login, email, firstName } = user.profile;
      const result = await run('updateUser', {
        id: user.id,
        input: { profile: { login, email, firstName } },
        replace: true,
      });
      expect(result).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the input.',
        fields: [{ field: 'lastName', message: 'The field cannot be left blank' }],
      });
      expect(simUser(user.id)?.profile.lastName).toBe(user.profile.lastName);
    });

    it("answers another user's login with ConflictError naming the login field", async () => {
      const [user, other] = [pick('ACTIVE'), pick('ACTIVE')];
      const result = await run('updateUser', {
        id: user.id,
        input: { profile: { login: other.profile.login } },
      });
      expect(result.__typename).toBe('ConflictError');
      expect(result.fields).toEqual([
        {
          field: 'login',
          message: 'An object with this field already exists in the current organization',
        },
      ]);
    });

    it('refuses a DEPROVISIONED user with InvalidTransitionError before calling Okta', async () => {
      const user = pick('DEPROVISIONED');
      const result = await run('updateUser', {
        id: user.id,
        input: { profile: { title: 'Ghost' } },
      });
      expect(result).toEqual({
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        message:
          'UPDATE_PROFILE is not allowed for a user in status DEPROVISIONED (allowed from: STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED).',
        action: 'UPDATE_PROFILE',
        currentStatus: 'DEPROVISIONED',
        allowedFrom: [
          'STAGED',
          'PROVISIONED',
          'ACTIVE',
          'RECOVERY',
          'PASSWORD_EXPIRED',
          'LOCKED_OUT',
          'SUSPENDED',
        ],
      });
      expect(stack.oktaCalls.count('POST /api/v1/users/:userId')).toBe(0);
    });
  });

  describe('activateUser and reactivateUser', () => {
    it('activates a STAGED user without a password to PROVISIONED and returns the activation link', async () => {
      const user = pick('STAGED', (u) => !u.password);
      const before = stack.sim.org.log.length;
      const result = await run('activateUser', { id: user.id });
      const token = result.activationToken as string;
      expect(result).toEqual({
        __typename: 'ActivateUserPayload',
        user: { id: user.id, status: 'PROVISIONED' },
        activationUrl: `${stack.sim.url}/welcome/${token}`,
        activationToken: token,
      });
      expect(token).toMatch(/^[0-9A-Za-z]{20}$/);
      expect(simUser(user.id)?.status).toBe('PROVISIONED');
      expect(eventsSince(before)).toEqual(['user.lifecycle.activate']);
      expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/activate')).toBe(1);
    });

    it('returns no link when Okta emails it (sendEmail: true)', async () => {
      const user = pick('STAGED', (u) => !u.password);
      const result = await run('activateUser', { id: user.id, sendEmail: true });
      expect(result).toEqual({
        __typename: 'ActivateUserPayload',
        user: { id: user.id, status: 'PROVISIONED' },
        activationUrl: null,
        activationToken: null,
      });
    });

    it('activates a DEPROVISIONED user who has a password back to ACTIVE', async () => {
      const user = pick('DEPROVISIONED', (u) => u.password?.value !== undefined);
      const result = await run('activateUser', { id: user.id });
      expect(result.user).toEqual({ id: user.id, status: 'ACTIVE' });
      expect(simUser(user.id)?.status).toBe('ACTIVE');
    });

    it("answers Okta's E0000016 for a user activated meanwhile with InvalidTransitionError naming the new status", async () => {
      const user = pick('STAGED');
      afterNextRead(user.id, (u) => {
        u.status = 'ACTIVE';
      });
      const result = await run('activateUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        message:
          'ACTIVATE is not allowed for a user in status ACTIVE (allowed from: STAGED, DEPROVISIONED).',
        action: 'ACTIVATE',
        currentStatus: 'ACTIVE',
        allowedFrom: ['STAGED', 'DEPROVISIONED'],
      });
      expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/activate')).toBe(1);
    });

    it('restarts the activation of a PROVISIONED user with a new link', async () => {
      const user = pick('PROVISIONED');
      const before = stack.sim.org.log.length;
      const result = await run('reactivateUser', { id: user.id });
      const token = result.activationToken as string;
      expect(result).toEqual({
        __typename: 'ReactivateUserPayload',
        user: { id: user.id, status: 'PROVISIONED' },
        activationUrl: `${stack.sim.url}/welcome/${token}`,
        activationToken: token,
      });
      expect(eventsSince(before)).toEqual(['user.lifecycle.reactivate']);
      expect(stack.oktaCalls.count('POST /api/v1/users/:userId/lifecycle/reactivate')).toBe(1);
    });
  });

  describe('deactivateUser and unlockUser', () => {
    it('deactivates an ACTIVE user to DEPROVISIONED and writes the System Log entry', async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('deactivateUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'DeactivateUserPayload',
        user: { id: user.id, status: 'DEPROVISIONED' },
      });
      expect(simUser(user.id)?.status).toBe('DEPROVISIONED');
      expect(eventsSince(before)).toEqual(['user.lifecycle.deactivate']);
    });

    it('unlocks a LOCKED_OUT user to ACTIVE and writes the System Log entry', async () => {
      const user = pick('LOCKED_OUT');
      const before = stack.sim.org.log.length;
      const result = await run('unlockUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'UnlockUserPayload',
        user: { id: user.id, status: 'ACTIVE' },
      });
      expect(simUser(user.id)?.status).toBe('ACTIVE');
      expect(eventsSince(before)).toEqual(['user.account.unlock']);
    });
  });

  describe('deleteUser', () => {
    it('deactivates an ACTIVE user first, then deletes it, and says so', async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('deleteUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'DeleteUserPayload',
        deletedUserId: user.id,
        deactivatedFirst: true,
      });
      expect(simUser(user.id)).toBeUndefined();
      expect(eventsSince(before)).toEqual([
        'user.lifecycle.deactivate',
        'user.lifecycle.delete.initiated',
      ]);
      expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(2);
    });

    it('deletes a DEPROVISIONED user with one DELETE', async () => {
      const user = pick('DEPROVISIONED');
      const before = stack.sim.org.log.length;
      const result = await run('deleteUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'DeleteUserPayload',
        deletedUserId: user.id,
        deactivatedFirst: false,
      });
      expect(simUser(user.id)).toBeUndefined();
      expect(eventsSince(before)).toEqual(['user.lifecycle.delete.initiated']);
      expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(1);
    });

    it('reads a deleted user by id afterwards, so it is gone rather than found by search', async () => {
      const user = pick('DEPROVISIONED');
      await run('deleteUser', { id: user.id });
      stack.oktaCalls.reset();
      const res = await stack.graphql('query($id: ID!) { user(id: $id) { id } }', { id: user.id });
      expect(res.data).toEqual({ user: null });
      expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
    });

    it('sends no second DELETE when the first has an unknown outcome', async () => {
      const user = pick('ACTIVE');
      stack.sim.faults.set({
        failNext: { count: 1, status: 500 },
        onlyRoutes: ['DELETE /api/v1/users/:userId'],
      });
      const result = await run('deleteUser', { id: user.id });
      expect(result).toMatchObject({
        __typename: 'OktaError',
        code: 'UPSTREAM_ERROR',
        outcomeUnknown: true,
      });
      expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(1);
      expect(simUser(user.id)?.status).toBe('ACTIVE');
    });

    it('reports deactivatedFirst: false when the user was deactivated by someone else meanwhile', async () => {
      const user = pick('ACTIVE');
      afterNextRead(user.id, (u) => {
        u.status = 'DEPROVISIONED';
      });
      const result = await run('deleteUser', { id: user.id });
      expect(result).toEqual({
        __typename: 'DeleteUserPayload',
        deletedUserId: user.id,
        deactivatedFirst: false,
      });
      expect(simUser(user.id)).toBeUndefined();
      expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId')).toBe(2);
    });
  });

  describe('setPassword and changePassword', () => {
    it("sets an ACTIVE user's password as an admin and writes the System Log entry", async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('setPassword', { id: user.id, password: 'Admin-Set-Passw0rd!' });
      expect(result).toEqual({
        __typename: 'SetPasswordPayload',
        user: { id: user.id, status: 'ACTIVE', credentials: { hasPassword: true } },
      });
      expect(simUser(user.id)?.password?.value).toBe('Admin-Set-Passw0rd!');
      expect(eventsSince(before)).toEqual(['user.account.update_password']);
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/users/:userId': 1,
        'POST /api/v1/users/:userId': 1,
      });
    });

    it('answers a password the policy refuses with ValidationError naming the password field', async () => {
      const user = pick('ACTIVE');
      const result = await run('setPassword', { id: user.id, password: 'short' });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toEqual([
        {
          field: 'password',
          message:
            'Password requirements were not met. Password requirements: at least 8 characters, no parts of your username.',
        },
      ]);
      expect(simUser(user.id)?.password?.value).toBe(DEMO_PASSWORD);
    });

    it("changes an ACTIVE user's password given the current one", async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('changePassword', {
        id: user.id,
        oldPassword: DEMO_PASSWORD,
        newPassword: 'Changed-Passw0rd-1',
      });
      expect(result).toEqual({
        __typename: 'ChangePasswordPayload',
        user: { id: user.id, status: 'ACTIVE' },
      });
      expect(simUser(user.id)?.password?.value).toBe('Changed-Passw0rd-1');
      expect(eventsSince(before)).toEqual(['user.account.update_password']);
    });

    it('returns a user in RECOVERY to ACTIVE', async () => {
      const user = pick('RECOVERY', (u) => u.password?.value === DEMO_PASSWORD);
      const result = await run('changePassword', {
        id: user.id,
        oldPassword: DEMO_PASSWORD,
        newPassword: 'Recovered-Passw0rd-1',
      });
      expect(result.user).toEqual({ id: user.id, status: 'ACTIVE' });
      expect(simUser(user.id)?.status).toBe('ACTIVE');
    });

    it("ends the user's sessions with revokeSessions: true", async () => {
      const user = pick('ACTIVE', (u) => u.sessions > 0);
      await run('changePassword', {
        id: user.id,
        oldPassword: DEMO_PASSWORD,
        newPassword: 'Revoked-Passw0rd-1',
        revokeSessions: true,
      });
      expect(simUser(user.id)?.sessions).toBe(0);
    });

    it('answers a wrong old password with ValidationError naming oldPassword, not a server error', async () => {
      const user = pick('ACTIVE');
      const result = await run('changePassword', {
        id: user.id,
        oldPassword: 'not-the-password',
        newPassword: 'Changed-Passw0rd-1',
      });
      expect(result).toEqual({
        __typename: 'ValidationError',
        code: 'VALIDATION_FAILED',
        message: 'Okta refused the credentials.',
        fields: [{ field: 'oldPassword', message: 'The credentials provided were incorrect.' }],
      });
      expect(simUser(user.id)?.password?.value).toBe(DEMO_PASSWORD);
    });

    it('answers a new password the policy refuses with ValidationError naming newPassword', async () => {
      const user = pick('ACTIVE');
      const result = await run('changePassword', {
        id: user.id,
        oldPassword: DEMO_PASSWORD,
        newPassword: 'short',
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toEqual([
        {
          field: 'newPassword',
          message:
            'Password requirements were not met. Password requirements: at least 8 characters, no parts of your username.',
        },
      ]);
    });

    it('refuses a recently used password with strict: true, naming newPassword', async () => {
      const user = pick('ACTIVE');
      const vars = { id: user.id, oldPassword: DEMO_PASSWORD, newPassword: 'Used-Once-Passw0rd' };
      expect((await run('changePassword', vars)).__typename).toBe('ChangePasswordPayload');
      const result = await run('changePassword', {
        ...vars,
        oldPassword: 'Used-Once-Passw0rd',
        strict: true,
      });
      expect(result.fields).toEqual([
        { field: 'newPassword', message: 'Password has been used too recently' },
      ]);
    });
  });

  describe('changeRecoveryQuestion', () => {
    it('sets a new recovery question given the password, and writes the System Log entry', async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('changeRecoveryQuestion', {
        id: user.id,
        password: DEMO_PASSWORD,
        question: 'Favourite teacher?',
        answer: 'Ms Adeyemi',
      });
      expect(result).toEqual({
        __typename: 'ChangeRecoveryQuestionPayload',
        user: {
          id: user.id,
          status: 'ACTIVE',
          credentials: { recoveryQuestion: 'Favourite teacher?' },
        },
      });
      expect(simUser(user.id)?.recoveryQuestion).toEqual({
        question: 'Favourite teacher?',
        answer: 'Ms Adeyemi',
      });
      expect(eventsSince(before)).toEqual(['user.account.update_recovery_question']);
    });

    it('answers a wrong password with ValidationError naming the password field', async () => {
      const user = pick('ACTIVE');
      const result = await run('changeRecoveryQuestion', {
        id: user.id,
        password: 'not-the-password',
        question: 'Favourite teacher?',
        answer: 'Ms Adeyemi',
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toEqual([
        { field: 'password', message: 'The credentials provided were incorrect.' },
      ]);
    });

    it('answers a short answer with ValidationError naming the answer argument', async () => {
      const user = pick('ACTIVE');
      const result = await run('changeRecoveryQuestion', {
        id: user.id,
        password: DEMO_PASSWORD,
        question: 'Favourite teacher?',
        answer: 'Ms',
      });
      expect(result.fields).toEqual([
        {
          field: 'answer',
          message: 'The security question answer must be at least 4 characters in length',
        },
      ]);
    });
  });

  describe('expirePassword and resetPassword', () => {
    it("expires an ACTIVE user's password and writes the System Log entry", async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('expirePassword', { id: user.id });
      expect(result).toEqual({
        __typename: 'ExpirePasswordPayload',
        user: { id: user.id, status: 'PASSWORD_EXPIRED' },
        temporaryPassword: null,
      });
      expect(simUser(user.id)?.status).toBe('PASSWORD_EXPIRED');
      expect(eventsSince(before)).toEqual(['user.account.expire_password']);
      // Okta's answer is the user: no second read.
      expect(stack.oktaCalls.snapshot()).toEqual({
        'GET /api/v1/users/:userId': 1,
        'POST /api/v1/users/:userId/lifecycle/expire_password': 1,
      });
    });

    it('returns the temporary password Okta sets with temporaryPassword: true', async () => {
      const user = pick('ACTIVE');
      const result = await run('expirePassword', { id: user.id, temporaryPassword: true });
      const stored = simUser(user.id);
      expect(result).toEqual({
        __typename: 'ExpirePasswordPayload',
        user: { id: user.id, status: 'PASSWORD_EXPIRED' },
        temporaryPassword: stored?.password?.value,
      });
      expect(result.temporaryPassword).not.toBe(DEMO_PASSWORD);
      expect(
        stack.oktaCalls.count(
          'POST /api/v1/users/:userId/lifecycle/expire_password_with_temp_password',
        ),
      ).toBe(1);
    });

    it('puts an ACTIVE user in RECOVERY and returns the reset link with sendEmail: false', async () => {
      const user = pick('ACTIVE');
      const before = stack.sim.org.log.length;
      const result = await run('resetPassword', { id: user.id, sendEmail: false });
      expect(result.user).toEqual({ id: user.id, status: 'RECOVERY' });
      expect(result.resetPasswordUrl).toMatch(
        new RegExp(`^${stack.sim.url}/reset_password/[0-9A-Za-z]{20}$`),
      );
      expect(simUser(user.id)?.status).toBe('RECOVERY');
      expect(eventsSince(before)).toEqual(['user.account.reset_password']);
    });

    it('returns no reset link when Okta emails it (sendEmail: true)', async () => {
      const user = pick('ACTIVE');
      const result = await run('resetPassword', { id: user.id, sendEmail: true });
      expect(result).toEqual({
        __typename: 'ResetPasswordPayload',
        user: { id: user.id, status: 'RECOVERY' },
        resetPasswordUrl: null,
      });
    });

    it("answers Okta's E0000038 for a user suspended meanwhile with InvalidTransitionError", async () => {
      const user = pick('ACTIVE');
      afterNextRead(user.id, (u) => {
        u.status = 'SUSPENDED';
      });
      const result = await run('resetPassword', { id: user.id, sendEmail: false });
      expect(result).toMatchObject({
        __typename: 'InvalidTransitionError',
        action: 'RESET_PASSWORD',
        currentStatus: 'SUSPENDED',
        allowedFrom: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'],
      });
      expect(simUser(user.id)?.status).toBe('SUSPENDED');
    });
  });

  describe('resetFactors and clearUserSessions', () => {
    it('unenrolls every factor of an ACTIVE user and writes the System Log entry', async () => {
      const user = pick('ACTIVE', (u) => u.factorsEnrolled > 0);
      const before = stack.sim.org.log.length;
      const result = await run('resetFactors', { id: user.id });
      expect(result).toEqual({
        __typename: 'ResetFactorsPayload',
        user: { id: user.id, status: 'ACTIVE' },
      });
      expect(simUser(user.id)?.factorsEnrolled).toBe(0);
      expect(eventsSince(before)).toEqual(['user.mfa.factor.reset_all']);
    });

    it('ends every session of the user and writes the System Log entry', async () => {
      const user = pick('ACTIVE', (u) => u.sessions > 0);
      const before = stack.sim.org.log.length;
      const result = await run('clearUserSessions', { id: user.id });
      expect(result).toEqual({
        __typename: 'ClearUserSessionsPayload',
        user: { id: user.id, status: 'ACTIVE' },
      });
      expect(simUser(user.id)?.sessions).toBe(0);
      expect(eventsSince(before)).toEqual(['user.session.clear']);
    });

    it('asks Okta to revoke OAuth tokens only with revokeOAuthTokens: true', async () => {
      const user = pick('ACTIVE');
      const urls: string[] = [];
      const stop = stack.sim.onExchange((exchange) => {
        if (exchange.key === 'DELETE /api/v1/users/:userId/sessions') urls.push(exchange.url);
      });
      await run('clearUserSessions', { id: user.id });
      await run('clearUserSessions', { id: user.id, revokeOAuthTokens: true });
      stop();
      expect(urls.map((url) => new URL(url).searchParams.get('oauthTokens'))).toEqual([
        'false',
        'true',
      ]);
    });
  });

  describe('the example operations (schema/operations/user-mutations.graphql)', () => {
    /** Run one example operation; its one field's result. */
    const example = async (name: string, variables: Record<string, unknown>) => {
      const res = await stack.graphql<Record<string, Result>>(exampleOperation(name), variables);
      expect(res.errors).toBeUndefined();
      return Object.values(res.data ?? {})[0] as Result;
    };

    it('walks new users through every lifecycle step, each answering its payload', async () => {
      const seen: [string, string | undefined][] = [];
      const step = async (name: string, variables: Record<string, unknown>) => {
        const result = await example(name, variables);
        seen.push([result.__typename, result.user?.status]);
        return result;
      };
      const created = await step('CreateUser', {
        input: { profile: newProfile('walker'), password: 'Walk-Passw0rd-1' },
      });
      const id = created.user?.id;
      await step('UpdateUser', { id, input: { profile: { title: 'Walker' } } });
      await step('SetPassword', { id, password: 'Walk-Passw0rd-2' });
      await step('ChangePassword', {
        id,
        oldPassword: 'Walk-Passw0rd-2',
        newPassword: 'Walk-Passw0rd-3',
      });
      await step('ChangeRecoveryQuestion', {
        id,
        password: 'Walk-Passw0rd-3',
        question: 'First bicycle?',
        answer: 'A red one',
      });
      await step('SuspendUser', { id });
      await step('UnsuspendUser', { id });
      await step('ResetFactors', { id });
      await step('ClearUserSessions', { id, revokeOAuthTokens: true });
      await step('ExpirePassword', { id, temporaryPassword: true });
      await step('ResetPassword', { id, sendEmail: false });
      await step('DeactivateUser', { id });
      await step('ActivateUser', { id });
      await step('DeleteUser', { id });
      const pending = await step('CreateUser', { input: { profile: newProfile('pending') } });
      await step('ReactivateUser', { id: pending.user?.id });
      await step('UnlockUser', { id: pick('LOCKED_OUT').id });
      expect(seen).toEqual([
        ['CreateUserPayload', 'ACTIVE'],
        ['UpdateUserPayload', 'ACTIVE'],
        ['SetPasswordPayload', 'ACTIVE'],
        ['ChangePasswordPayload', 'ACTIVE'],
        ['ChangeRecoveryQuestionPayload', 'ACTIVE'],
        ['SuspendUserPayload', 'SUSPENDED'],
        ['UnsuspendUserPayload', 'ACTIVE'],
        ['ResetFactorsPayload', 'ACTIVE'],
        ['ClearUserSessionsPayload', 'ACTIVE'],
        ['ExpirePasswordPayload', 'PASSWORD_EXPIRED'],
        ['ResetPasswordPayload', 'RECOVERY'],
        ['DeactivateUserPayload', 'DEPROVISIONED'],
        ['ActivateUserPayload', 'ACTIVE'],
        ['DeleteUserPayload', undefined],
        ['CreateUserPayload', 'PROVISIONED'],
        ['ReactivateUserPayload', 'PROVISIONED'],
        ['UnlockUserPayload', 'ACTIVE'],
      ]);
      expect(simUser(id as string)).toBeUndefined();
    });

    it('answers each error with the fields UserMutationError selects', async () => {
      const user = [...stack.sim.org.users.values()].find((u) => u.status === 'STAGED');
      expect(await example('UnlockUser', { id: user?.id })).toEqual({
        __typename: 'InvalidTransitionError',
        code: 'INVALID_TRANSITION',
        message: 'UNLOCK is not allowed for a user in status STAGED (allowed from: LOCKED_OUT).',
        action: 'UNLOCK',
        currentStatus: 'STAGED',
        allowedFrom: ['LOCKED_OUT'],
      });
    });
  });

  describe('illegal transitions', () => {
    const ILLEGAL: [Exclude<MutationName, 'createUser'>, UserStatus, string, string[]][] = [
      ['activateUser', 'ACTIVE', 'ACTIVATE', ['STAGED', 'DEPROVISIONED']],
      ['reactivateUser', 'ACTIVE', 'REACTIVATE', ['PROVISIONED', 'RECOVERY']],
      [
        'deactivateUser',
        'DEPROVISIONED',
        'DEACTIVATE',
        [
          'STAGED',
          'PROVISIONED',
          'ACTIVE',
          'RECOVERY',
          'PASSWORD_EXPIRED',
          'LOCKED_OUT',
          'SUSPENDED',
        ],
      ],
      ['unlockUser', 'ACTIVE', 'UNLOCK', ['LOCKED_OUT']],
      [
        'setPassword',
        'DEPROVISIONED',
        'SET_PASSWORD',
        [
          'STAGED',
          'PROVISIONED',
          'ACTIVE',
          'RECOVERY',
          'PASSWORD_EXPIRED',
          'LOCKED_OUT',
          'SUSPENDED',
        ],
      ],
      [
        'changePassword',
        'SUSPENDED',
        'CHANGE_PASSWORD',
        ['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'],
      ],
      [
        'changeRecoveryQuestion',
        'PASSWORD_EXPIRED',
        'CHANGE_RECOVERY_QUESTION',
        ['STAGED', 'ACTIVE', 'RECOVERY'],
      ],
      [
        'expirePassword',
        'STAGED',
        'EXPIRE_PASSWORD',
        ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
      ],
      [
        'resetPassword',
        'SUSPENDED',
        'RESET_PASSWORD',
        ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'],
      ],
      [
        'resetFactors',
        'STAGED',
        'RESET_FACTORS',
        ['PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'],
      ],
    ];

    it.each(ILLEGAL)(
      'refuses %s of a user in %s with InvalidTransitionError before any Okta write',
      async (name, status, action, allowedFrom) => {
        // A refusal changes nothing, so the user may be one another test refused too.
        const user = [...stack.sim.org.users.values()].find((u) => u.status === status);
        const result = await run(name, { id: user?.id, ...ON_A_USER[name].vars });
        expect(result).toEqual({
          __typename: 'InvalidTransitionError',
          code: 'INVALID_TRANSITION',
          message: `${action} is not allowed for a user in status ${status} (allowed from: ${allowedFrom.join(', ')}).`,
          action,
          currentStatus: status,
          allowedFrom,
        });
        expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
        expect(simUser(user?.id as string)?.status).toBe(status);
      },
    );

    it('refuses expirePassword with temporaryPassword of a STAGED user the same way', async () => {
      const user = [...stack.sim.org.users.values()].find((u) => u.status === 'STAGED');
      const result = await run('expirePassword', { id: user?.id, temporaryPassword: true });
      expect(result.__typename).toBe('InvalidTransitionError');
      expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
    });
  });

  describe('a missing user', () => {
    it.each(Object.keys(ON_A_USER) as (keyof typeof ON_A_USER)[])(
      'answers %s of an unknown user with NotFoundError and no Okta write',
      async (name) => {
        const result = await run(name, { id: UNKNOWN_USER, ...ON_A_USER[name].vars });
        expect(result).toEqual({
          __typename: 'NotFoundError',
          code: 'NOT_FOUND',
          message: `User ${UNKNOWN_USER} was not found.`,
          resource: 'User',
          id: UNKNOWN_USER,
        });
        for (const write of ON_A_USER[name].writes) expect(stack.oktaCalls.count(write)).toBe(0);
        expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users/:userId': 1 });
      },
    );
  });
});

describe('every user mutation without the manage scope', () => {
  const stack: Stack = useStack({
    authenticate: async () => callerWithScopes('reader', ['okta.users.read'], true),
  });

  const CASES: [MutationName, Record<string, unknown>][] = [
    [
      'createUser',
      {
        input: {
          profile: {
            login: 'no.scope@acme.example',
            email: 'no.scope@acme.example',
            firstName: 'No',
            lastName: 'Scope',
          },
        },
      },
    ],
    ...Object.entries(ON_A_USER).map(
      ([name, { vars }]): [MutationName, Record<string, unknown>] => [
        name as MutationName,
        { id: UNKNOWN_USER, ...vars },
      ],
    ),
  ];

  it.each(CASES)('refuses %s with FORBIDDEN and makes no Okta call', async (name, variables) => {
    stack.oktaCalls.reset();
    const res = await stack.graphql(DOCS[name], variables);
    expect(res.data).toEqual({ result: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
