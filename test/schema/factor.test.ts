import { beforeEach, describe, expect, it } from 'vitest';
import { factorTypeOf } from '../../src/schema/factor.ts';
import type { FactorRecord, UserRecord } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';

const FACTORS = /* GraphQL */ `
  query($id: ID!) {
    user(id: $id) { factors { id factorType factorTypeRaw provider status profile } }
  }
`;
const RESET = /* GraphQL */ `
  mutation($userId: ID!, $factorId: ID!) {
    resetFactor(userId: $userId, factorId: $factorId) {
      __typename
      ... on ResetFactorPayload { user { id factors { id factorTypeRaw } } }
      ... on Error { code message }
      ... on NotFoundError { resource id }
      ... on InvalidTransitionError { action currentStatus }
    }
  }
`;

type Result = { __typename: string } & Record<string, unknown>;

describe("a user's factors through the graph", () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  const storedFactors = (userId: string): FactorRecord[] =>
    [...(stack.sim.org.userFactors.get(userId)?.values() ?? [])].sort((a, b) =>
      a.created !== b.created ? (a.created < b.created ? -1 : 1) : a.id < b.id ? -1 : 1,
    );
  /** An ACTIVE demo user with a factor of this type and no Okta Verify push. */
  const userWith = (factorType: string, skip: string[] = []): UserRecord => {
    const user = [...stack.sim.org.users.values()].find((u) => {
      const types = storedFactors(u.id).map((f) => f.factorType);
      return (
        u.status === 'ACTIVE' &&
        !skip.includes(u.id) &&
        types.includes(factorType) &&
        !types.includes('push')
      );
    });
    if (!user) throw new Error(`no active demo user has a ${factorType} factor`);
    return user;
  };

  it("lists a demo user's factors as Okta has them", async () => {
    const user = userWith('sms');
    const res = await stack.graphql<{ user: { factors: unknown[] } }>(FACTORS, { id: user.id });
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.factors).toEqual(
      storedFactors(user.id).map((f) => ({
        id: f.id,
        factorType: factorTypeOf(f.factorType),
        factorTypeRaw: f.factorType,
        provider: f.provider,
        status: f.status,
        profile: f.profile,
      })),
    );
    expect(res.data?.user.factors).toContainEqual(
      expect.objectContaining({ factorType: 'SMS', factorTypeRaw: 'sms', provider: 'OKTA' }),
    );
  });

  it('resets one factor: it is no longer listed, the others stay', async () => {
    const user = userWith('sms');
    const before = storedFactors(user.id);
    const sms = before.find((f) => f.factorType === 'sms') as FactorRecord;
    const res = await stack.graphql<{ resetFactor: Result }>(RESET, {
      userId: user.id,
      factorId: sms.id,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.resetFactor).toEqual({
      __typename: 'ResetFactorPayload',
      user: {
        id: user.id,
        factors: before
          .filter((f) => f.id !== sms.id)
          .map((f) => ({ id: f.id, factorTypeRaw: f.factorType })),
      },
    });
    expect(stack.sim.org.userFactors.get(user.id)?.has(sms.id) ?? false).toBe(false);
    expect(stack.oktaCalls.count('DELETE /api/v1/users/:userId/factors/:factorId')).toBe(1);

    const again = await stack.graphql<{ resetFactor: Result }>(RESET, {
      userId: user.id,
      factorId: sms.id,
    });
    expect(again.data?.resetFactor).toMatchObject({
      __typename: 'NotFoundError',
      resource: 'UserFactor',
      id: sms.id,
    });
  });

  it('reads a factor type Okta added later as UNKNOWN, with its raw value', async () => {
    const user = userWith('email');
    const at = stack.sim.org.now();
    const factors = stack.sim.org.userFactors.get(user.id) as Map<string, FactorRecord>;
    factors.set('pfd0000000000000NEW1', {
      id: 'pfd0000000000000NEW1',
      userId: user.id,
      factorType: 'passkey:device-bound',
      provider: 'OKTA',
      vendorName: 'OKTA',
      status: 'ACTIVE',
      created: '2099-01-01T00:00:00.000Z',
      lastUpdated: at,
      profile: { name: 'A factor of tomorrow' },
    });
    const res = await stack.graphql<{ user: { factors: Record<string, unknown>[] } }>(FACTORS, {
      id: user.id,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.factors.at(-1)).toEqual({
      id: 'pfd0000000000000NEW1',
      factorType: 'UNKNOWN',
      factorTypeRaw: 'passkey:device-bound',
      provider: 'OKTA',
      status: 'ACTIVE',
      profile: { name: 'A factor of tomorrow' },
    });
  });

  it("loads each user's factors once per request, however many fields ask", async () => {
    const a = userWith('sms');
    const b = userWith('email', [a.id]);
    const res = await stack.graphql(
      /* GraphQL */ `query($a: ID!, $b: ID!) {
        a: user(id: $a) { factors { id } }
        again: user(id: $a) { factors { factorType } }
        b: user(id: $b) { factors { id } }
      }`,
      { a: a.id, b: b.id },
    );
    expect(res.errors).toBeUndefined();
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/factors')).toBe(2);
  });

  it('maps every factor type Okta documents to its own enum value', () => {
    expect(
      ['push', 'token:software:totp', 'token:hardware', 'webauthn', 'signed_nonce'].map(
        factorTypeOf,
      ),
    ).toEqual(['PUSH', 'TOKEN_SOFTWARE_TOTP', 'TOKEN_HARDWARE', 'WEBAUTHN', 'SIGNED_NONCE']);
    expect(factorTypeOf('claims_provider')).toBe('UNKNOWN');
  });
});
