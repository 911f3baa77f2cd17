import { describe, expect, it } from 'vitest';
import type { OktaApiError } from '../../src/okta/errors.ts';
import { OktaInvalidIdError, OktaNotFoundError } from '../../src/okta/errors.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

let serial = 0;
const newUser = (department: string) => {
  serial++;
  return t.okta.users.create(
    {
      profile: {
        firstName: `Ruled${serial}`,
        lastName: 'Person',
        email: `ruled${serial}@example.com`,
        login: `ruled${serial}@example.com`,
        department,
      },
    },
    { activate: false },
  );
};
const memberIds = async (groupId: string) =>
  (await t.okta.groups.listMembers(groupId)).items.map((u) => u.id).sort();

describe('group rules: create, activate, list, replace, delete', () => {
  it('creates a rule INACTIVE, and activating it puts matching users in its group', async () => {
    const group = await t.okta.groups.create({ name: 'Ruled engineers' });
    const engineer = await newUser('Engineering');
    await newUser('Sales');
    const rule = await t.okta.groupRules.create({
      name: 'Engineers',
      expression: 'user.department=="Engineering"',
      groupIds: [group.id],
    });
    expect(rule).toMatchObject({
      type: 'group_rule',
      name: 'Engineers',
      status: 'INACTIVE',
      conditions: { expression: { value: 'user.department=="Engineering"' } },
      actions: { assignUserToGroups: { groupIds: [group.id] } },
    });
    expect(await memberIds(group.id)).toEqual([]);

    await t.okta.groupRules.activate(rule.id);
    expect((await t.okta.groupRules.get(rule.id)).status).toBe('ACTIVE');
    expect(await memberIds(group.id)).toEqual([engineer.id]);

    const listed = await t.okta.groupRules.list({ search: 'engin', expandGroupNames: true });
    expect(listed.items.map((r) => [r.id, r._embedded?.groupIdToGroupNameMap])).toEqual([
      [rule.id, { [group.id]: 'Ruled engineers' }],
    ]);

    await t.okta.groupRules.deactivate(rule.id);
    const renamed = await t.okta.groupRules.replace(rule.id, {
      name: 'Engineers (renamed)',
      expression: 'user.department=="Engineering"',
      groupIds: [group.id],
    });
    expect([renamed.name, renamed.status]).toEqual(['Engineers (renamed)', 'INACTIVE']);

    await t.okta.groupRules.activate(rule.id);
    await t.okta.groupRules.delete(rule.id, { removeUsers: true });
    expect(await memberIds(group.id)).toEqual([]);
    expect(await rejectionOf(t.okta.groupRules.get(rule.id))).toBeInstanceOf(OktaNotFoundError);
  });

  it("passes on Okta's refusal of an expression outside its language", async () => {
    const group = await t.okta.groups.create({ name: 'Refused rule group' });
    const error = (await rejectionOf(
      t.okta.groupRules.create({
        name: 'Bad',
        expression: 'user.department ===',
        groupIds: [group.id],
      }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([400, 'E0000001']);
    expect(error.causes[0]).toMatch(/^conditions\.expression\.value: /);
  });

  it('refuses a rule id that is no Okta id before any request', async () => {
    const error = await rejectionOf(t.okta.groupRules.get('../users'));
    expect(error).toBeInstanceOf(OktaInvalidIdError);
  });

  it('lists every rule of the org, page after page', async () => {
    const all = await t.okta.groupRules.listAll();
    expect(all.map((r) => r.id).sort()).toEqual([...t.h.sim.org.groupRules.keys()].sort());
  });
});
