import { describe, expect, it } from 'vitest';
import { seedOrg } from '../../src/simulator/seed.ts';
import { seedAccess } from '../../src/simulator/seed-access.ts';
import { Org, type SimulatorSettings } from '../../src/simulator/store.ts';

function seeded(seed: number, size: 'demo' | 'empty' = 'demo'): { org: Org; adminId: string } {
  const org = new Org(seed, { searchLagMs: 0 } as SimulatorSettings);
  const token = seedOrg(org, { size, apiToken: '00seed-access-token' });
  return { org, adminId: org.apiTokens.get(token)?.id as string };
}

/** The access graph the seed promises to repeat for the same seed. */
function access(org: Org) {
  return {
    factors: [...org.userFactors].map(([userId, factors]) => [
      userId,
      [...factors.values()].map((f) => [f.id, f.factorType, f.provider, f.profile]),
    ]),
    roles: [...org.roleAssignments.values()].map((a) => [a.id, a.type, a.assignee]),
    rules: [...org.groupRules.values()].map((r) => [r.id, r.name, r.status, r.groupIds]),
  };
}

describe('seedAccess', () => {
  it('builds the same factors, roles and rules from the same seed, and others from another', () => {
    const demo = seeded(42).org;
    expect(access(seeded(42).org)).toEqual(access(demo));
    const other = access(seeded(43).org);
    expect(other.roles.map((r) => r[0])).not.toEqual(access(demo).roles.map((r) => r[0]));
  });

  it('leaves the org’s PRNG and System Log alone (its own PRNG, no events)', () => {
    const plain = seeded(42).org;
    const again = seeded(42);
    seedAccess(again.org, again.adminId);
    expect(again.org.prng.id('00u')).toBe(plain.prng.id('00u'));
    expect(again.org.log.length).toBe(plain.log.length);
    const types = new Set(plain.log.map((row) => row.event.eventType));
    for (const type of ['user.account.privilege.grant', 'group.privilege.grant']) {
      expect(types.has(type)).toBe(false);
    }
  });

  it('gives the empty org’s admin SUPER_ADMIN and nothing else', () => {
    const { org, adminId } = seeded(42, 'empty');
    expect([...org.roleAssignments.values()].map((a) => [a.type, a.assignee])).toEqual([
      ['SUPER_ADMIN', { kind: 'USER', id: adminId }],
    ]);
    expect([...org.groupRules.values()]).toEqual([]);
    expect(
      [...(org.userFactors.get(adminId)?.values() ?? [])].map((f) => f.factorType),
    ).toHaveLength(1);
  });

  it('makes the sample rule the owner of the contractors’ memberships it explains', () => {
    const { org } = seeded(42);
    const rule = [...org.groupRules.values()][0];
    const contractors = org.groups.get(rule?.groupIds[0] as string);
    expect(rule?.name).toBe('Contractors by user type');
    expect(rule?.status).toBe('ACTIVE');
    expect(contractors?.profile.name).toBe('Contractors');
    const members = [...(contractors?.members ?? [])].sort();
    expect([...(rule?.added.keys() ?? [])].sort()).toEqual(
      members.filter((id) => org.users.get(id)?.profile.userType === 'Contractor'),
    );
    expect(rule?.added.size).toBeGreaterThan(0);
  });
});
