import { Client, type Collection } from '@okta/okta-sdk-nodejs';
import { describe, expect, it } from 'vitest';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

/**
 * The official Okta Node SDK (v8) against the simulator's access graph: group rules, admin roles
 * and factors. If the SDK's generated models read what the simulator answers, the wire shapes
 * are Okta's (the harness also checks every answer against Okta's OpenAPI document).
 */

for (const name of Object.keys(process.env)) {
  if (name.startsWith('OKTA_CLIENT_')) delete process.env[name];
}

async function all<T>(collection: Collection<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

const h: SimHarness = useSimulator();
const client = () =>
  new Client({ orgUrl: h.sim.url, authorizationMode: 'SSWS', token: h.sim.apiToken });
const stamp = Date.now().toString(36);

describe('the Okta Node SDK against the access graph', () => {
  it('creates, activates, lists and deletes a group rule that places a new user', async () => {
    const okta = client();
    const group = await okta.groupApi.createGroup({
      group: { profile: { name: `SDK rule target ${stamp}` } },
    });
    const department = `SdkDept${stamp}`;
    const rule = await okta.groupApi.createGroupRule({
      groupRule: {
        type: 'group_rule',
        name: `SDK rule ${stamp}`,
        conditions: {
          expression: {
            type: 'urn:okta:expression:1.0',
            value: `user.department=="${department}"`,
          },
        },
        actions: { assignUserToGroups: { groupIds: [group.id as string] } },
      },
    });
    expect(rule.status).toBe('INACTIVE');
    await okta.groupApi.activateGroupRule({ ruleId: rule.id as string });
    const login = `sdk.rule.${stamp}@example.com`;
    const user = await okta.userApi.createUser({
      body: { profile: { firstName: 'Sdk', lastName: 'Rule', email: login, login, department } },
      activate: false,
    });
    const members = await all(await okta.groupApi.listGroupUsers({ groupId: group.id as string }));
    expect(members.map((m) => m.id)).toEqual([user.id]);
    const listed = await all(await okta.groupApi.listGroupRules({ search: `SDK rule ${stamp}` }));
    expect(listed.map((r) => [r.id, r.status])).toEqual([[rule.id, 'ACTIVE']]);
    await okta.groupApi.deactivateGroupRule({ ruleId: rule.id as string });
    await okta.groupApi.deleteGroupRule({ ruleId: rule.id as string, removeUsers: true });
    const after = await all(await okta.groupApi.listGroupUsers({ groupId: group.id as string }));
    expect(after).toEqual([]);
  });

  it('assigns, lists and unassigns an admin role', async () => {
    const okta = client();
    const login = `sdk.role.${stamp}@example.com`;
    const user = await okta.userApi.createUser({
      body: { profile: { firstName: 'Sdk', lastName: 'Role', email: login, login } },
      activate: false,
    });
    const userId = user.id as string;
    const role = await okta.roleAssignmentApi.assignRoleToUser({
      userId,
      assignRoleRequest: { type: 'READ_ONLY_ADMIN' },
    });
    const roles = await all(await okta.roleAssignmentApi.listAssignedRolesForUser({ userId }));
    expect(roles.map((r) => [r.id, r.type, r.assignmentType])).toEqual([
      [role.id, 'READ_ONLY_ADMIN', 'USER'],
    ]);
    await okta.roleAssignmentApi.unassignRoleFromUser({ userId, roleId: role.id as string });
    expect(await all(await okta.roleAssignmentApi.listAssignedRolesForUser({ userId }))).toEqual(
      [],
    );
  });

  it('lists a demo user’s factors and resets one', async () => {
    const okta = client();
    const seeded = [...h.sim.org.users.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .find((u) => u.status === 'ACTIVE' && u.factorsEnrolled >= 2) as { id: string };
    const factors = await all(await okta.userFactorApi.listFactors({ userId: seeded.id }));
    expect(factors.length).toBeGreaterThanOrEqual(2);
    const last = factors.at(-1) as { id?: string; factorType?: string };
    await okta.userFactorApi.unenrollFactor({ userId: seeded.id, factorId: last.id as string });
    const left = await all(await okta.userFactorApi.listFactors({ userId: seeded.id }));
    expect(left.map((f) => f.id)).not.toContain(last.id);
  });
});
