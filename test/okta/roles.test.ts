import { describe, expect, it } from 'vitest';
import { type OktaApiError, OktaInvalidIdError } from '../../src/okta/errors.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient();

const adminId = () => t.h.sim.org.apiTokens.get(t.h.sim.apiToken)?.id as string;

describe('admin roles of users and groups', () => {
  it("lists the demo admin's SUPER_ADMIN role, held by the user", async () => {
    const roles = await t.okta.roles.listForUser(adminId());
    expect(roles.filter((r) => r.assignmentType === 'USER').map((r) => [r.type, r.label])).toEqual([
      ['SUPER_ADMIN', 'Super Organization Administrator'],
    ]);
  });

  it('assigns a role to a user and to a group, and takes both away', async () => {
    const user = await t.okta.users.create(
      {
        profile: {
          firstName: 'Role',
          lastName: 'Holder',
          email: 'role.holder@example.com',
          login: 'role.holder@example.com',
        },
      },
      { activate: false },
    );
    const role = await t.okta.roles.assignToUser(user.id, 'USER_ADMIN');
    expect(role).toMatchObject({ type: 'USER_ADMIN', status: 'ACTIVE', assignmentType: 'USER' });
    expect((await t.okta.roles.listForUser(user.id)).map((r) => r.id)).toEqual([role.id]);
    const again = (await rejectionOf(
      t.okta.roles.assignToUser(user.id, 'USER_ADMIN'),
    )) as OktaApiError;
    expect([again.status, again.oktaCode]).toEqual([400, 'E0000001']);
    await t.okta.roles.unassignFromUser(user.id, role.id);
    expect(await t.okta.roles.listForUser(user.id)).toEqual([]);

    const group = await t.okta.groups.create({ name: 'Role holders' });
    const groupRole = await t.okta.roles.assignToGroup(group.id, 'APP_ADMIN');
    expect(groupRole).toMatchObject({ type: 'APP_ADMIN', assignmentType: 'GROUP' });
    await t.okta.groups.addMember(group.id, user.id);
    expect((await t.okta.roles.listForUser(user.id)).map((r) => r.id)).toEqual([groupRole.id]);
    await t.okta.roles.unassignFromGroup(group.id, groupRole.id);
    expect(await t.okta.roles.listForGroup(group.id)).toEqual([]);
  });

  it("sends the shorter assignment ids of Okta's documents, and refuses what is no id", async () => {
    // Not the admin the gateway acts as: the client refuses writes that name it.
    const holder = [...t.h.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.id !== adminId(),
    )?.id as string;
    const gone = (await rejectionOf(
      t.okta.roles.unassignFromUser(holder, 'IFIFAX2BIRGUSTQ'),
    )) as OktaApiError;
    expect([gone.status, gone.oktaCode]).toEqual([404, 'E0000007']);
    expect(await rejectionOf(t.okta.roles.unassignFromUser(holder, '../roles'))).toBeInstanceOf(
      OktaInvalidIdError,
    );
  });
});
