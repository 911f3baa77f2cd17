import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/server/auth.ts';
import { useStack } from '../support/stack.ts';

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
    const user = [...stack.sim.org.users.values()].find((u) => u.status === status);
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
