import { describe, expect, it } from 'vitest';
import { membershipSide } from '../../src/loaders/access-paths.ts';
import { createLoaders, MemoryRecentWrites } from '../../src/loaders/index.ts';
import {
  factorsWritten,
  groupRolesWritten,
  groupRuleDeleted,
  groupRuleWritten,
  membershipWritten,
} from '../../src/loaders/stale.ts';
import { type OktaClient, OktaNotFoundError, type OktaUser } from '../../src/okta/index.ts';

const USER = '00u0000000000000000a';
const OTHER = '00u0000000000000000b';
const GROUP = '00g0000000000000000a';
const RULE = '0pr0000000000000000a';

/** Loaders over an Okta client that only counts the calls these tests make. */
function caches() {
  const calls: Record<string, number> = {};
  const count =
    <T>(name: string, answer: T) =>
    async () => {
      calls[name] = (calls[name] ?? 0) + 1;
      return answer;
    };
  const okta = {
    users: { get: async (id: string) => ({ id }) as OktaUser },
    factors: { list: count('factors', []) },
    roles: { listForUser: count('userRoles', []), listForGroup: count('groupRoles', []) },
    groupRules: { listAll: count('rules', []), get: count('rule', { id: RULE }) },
    groups: { listMembers: count('members', { items: [], after: null, next: null }) },
  } as unknown as OktaClient;
  const recentWrites = new MemoryRecentWrites();
  return { calls, recentWrites, loaders: createLoaders(okta, recentWrites) };
}

describe('the access graph loaders', () => {
  it("reads a user's factors and roles once per request, however many ask", async () => {
    const c = caches();
    await Promise.all([
      c.loaders.factorsOfUser.load(USER),
      c.loaders.factorsOfUser.load(USER),
      c.loaders.factorsOfUser.load(OTHER),
      c.loaders.rolesOfUser.load(USER),
      c.loaders.rolesOfUser.load(USER),
    ]);
    expect(c.calls).toEqual({ factors: 2, userRoles: 1 });
  });

  it("forgets a user's factors after a reset, and every member's roles after a group's role changes", async () => {
    const c = caches();
    await c.loaders.factorsOfUser.load(USER);
    await c.loaders.rolesOfUser.load(USER);
    await c.loaders.rolesOfGroup.load(GROUP);
    factorsWritten(c, USER);
    groupRolesWritten(c, GROUP);
    await c.loaders.factorsOfUser.load(USER);
    await c.loaders.rolesOfUser.load(USER);
    await c.loaders.rolesOfGroup.load(GROUP);
    expect(c.calls).toEqual({ factors: 2, userRoles: 2, groupRoles: 2 });
    expect(c.recentWrites.has(USER)).toBe(true);
  });

  it('reads the rules list again after a rule write, and answers NotFound for a deleted rule', async () => {
    const c = caches();
    await c.loaders.allGroupRules.load('all');
    groupRuleWritten(c, RULE);
    await c.loaders.allGroupRules.load('all');
    groupRuleDeleted(c, RULE);
    await expect(c.loaders.groupRuleById.load(RULE)).rejects.toBeInstanceOf(OktaNotFoundError);
    expect(c.calls).toEqual({ rules: 2 });
  });

  it("forgets a group's whole member list after a membership write", async () => {
    const c = caches();
    await c.loaders.allMembersOfGroup.load(GROUP);
    await c.loaders.allMembersOfGroup.load(GROUP);
    membershipWritten(c, GROUP, USER);
    await c.loaders.allMembersOfGroup.load(GROUP);
    expect(c.calls).toEqual({ members: 2 });
  });

  it('reads memberships from the side with fewer calls, groups on a tie', () => {
    expect(membershipSide(0, 40)).toBe('none');
    expect(membershipSide(3, 0)).toBe('none');
    expect(membershipSide(4, 125)).toBe('members-of-groups');
    expect(membershipSide(3, 3)).toBe('members-of-groups');
    expect(membershipSide(3, 2)).toBe('groups-of-users');
  });
});
