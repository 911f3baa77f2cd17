import { describe, expect, it } from 'vitest';
import { scopeOfOperation } from '../../../src/okta-reference/scopes.ts';
import { rolesRoutes } from '../../../src/simulator/routes/roles.ts';
import type { LogEvent } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface Role {
  id: string;
  label: string;
  type: string;
  status: string;
  created: string;
  lastUpdated: string;
  assignmentType: string;
  _links: { assignee: { href: string } };
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const h: SimHarness = useSimulator();

let n = 0;
async function newUser(): Promise<{ id: string; profile: { login: string } }> {
  const login = `role.user${++n}.${Date.now()}@example.com`;
  const res = await h.api<{ id: string; profile: { login: string } }>(
    'POST',
    '/api/v1/users?activate=false',
    { body: { profile: { firstName: 'Role', lastName: `Holder${n}`, email: login, login } } },
  );
  expect(res.status).toBe(200);
  return res.body;
}

async function newGroup(): Promise<{ id: string }> {
  const res = await h.api<{ id: string }>('POST', '/api/v1/groups', {
    body: { profile: { name: `Role group ${++n} ${Date.now()}` } },
  });
  expect(res.status).toBe(200);
  return res.body;
}

const adminId = () => h.sim.org.apiTokens.get(h.sim.apiToken)?.id as string;

const eventsAfter = (seq: number): LogEvent[] =>
  h.sim.org.log.filter((row) => row.seq > seq).map((row) => row.event);

describe('admin roles', () => {
  it('lists the demo admin (the API token’s owner) as SUPER_ADMIN, assigned to the user', async () => {
    const res = await h.api<Role[]>('GET', `/api/v1/users/${adminId()}/roles`);
    expect(res.status).toBe(200);
    const direct = res.body.filter((r) => r.assignmentType === 'USER');
    expect(direct).toEqual([
      {
        id: expect.stringMatching(/^ra1[0-9A-Za-z]{17}$/),
        label: 'Super Organization Administrator',
        type: 'SUPER_ADMIN',
        status: 'ACTIVE',
        created: direct[0]?.created,
        lastUpdated: direct[0]?.created,
        assignmentType: 'USER',
        _links: { assignee: { href: `${h.sim.url}/api/v1/users/${adminId()}` } },
      },
    ]);
    const me = await h.api<Role[]>('GET', '/api/v1/users/me/roles');
    expect(me.body).toEqual(res.body);
  });

  it('seeds help desk and read-only admins, and one role held through a group', () => {
    const assignments = [...h.sim.org.roleAssignments.values()];
    const count = (type: string, kind: string) =>
      assignments.filter((a) => a.type === type && a.assignee.kind === kind).length;
    expect(count('SUPER_ADMIN', 'USER')).toBe(1);
    expect(count('ORG_ADMIN', 'USER')).toBe(1);
    expect(count('HELP_DESK_ADMIN', 'USER')).toBe(3);
    expect(count('READ_ONLY_ADMIN', 'USER')).toBe(2);
    expect(count('READ_ONLY_ADMIN', 'GROUP')).toBe(1);
    expect(assignments).toHaveLength(8);
  });

  it('shows a group-held role on each member with assignmentType GROUP and the group as assignee', async () => {
    const held = [...h.sim.org.roleAssignments.values()].find((a) => a.assignee.kind === 'GROUP');
    const groupId = held?.assignee.id as string;
    const group = await h.api<{
      profile: { name: string };
      _embedded: { stats: Record<string, unknown> };
    }>('GET', `/api/v1/groups/${groupId}?expand=stats`);
    expect(group.body.profile.name).toBe('Okta Administrators');
    expect(group.body._embedded.stats.hasAdminPrivilege).toBe(true);

    const groupRoles = await h.api<Role[]>('GET', `/api/v1/groups/${groupId}/roles`);
    expect(groupRoles.body.map((r) => [r.type, r.assignmentType])).toEqual([
      ['READ_ONLY_ADMIN', 'GROUP'],
    ]);
    const roles = await h.api<Role[]>('GET', `/api/v1/users/${adminId()}/roles`);
    expect(roles.body.map((r) => [r.type, r.assignmentType, r._links.assignee.href])).toEqual([
      ['SUPER_ADMIN', 'USER', `${h.sim.url}/api/v1/users/${adminId()}`],
      ['READ_ONLY_ADMIN', 'GROUP', `${h.sim.url}/api/v1/groups/${groupId}`],
    ]);
    const one = await h.api<Role>('GET', `/api/v1/users/${adminId()}/roles/${held?.id}`);
    expect(one.body).toEqual(groupRoles.body[0]);
  });

  it('assigns a role to a new user (201), lists it, and unassigns it (204), with System Log events', async () => {
    const user = await newUser();
    expect((await h.api<Role[]>('GET', `/api/v1/users/${user.id}/roles`)).body).toEqual([]);
    const seq = h.sim.org.log.length;
    const assigned = await h.api<Role>('POST', `/api/v1/users/${user.id}/roles`, {
      body: { type: 'HELP_DESK_ADMIN' },
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({
      type: 'HELP_DESK_ADMIN',
      label: 'Help Desk Administrator',
      status: 'ACTIVE',
      assignmentType: 'USER',
    });
    expect((await h.api<Role[]>('GET', `/api/v1/users/${user.id}/roles`)).body).toEqual([
      assigned.body,
    ]);
    const removed = await h.api('DELETE', `/api/v1/users/${user.id}/roles/${assigned.body.id}`);
    expect(removed.status).toBe(204);
    expect((await h.api<Role[]>('GET', `/api/v1/users/${user.id}/roles`)).body).toEqual([]);

    const events = eventsAfter(seq);
    expect(events.map((e) => e.eventType)).toEqual([
      'user.account.privilege.grant',
      'user.account.privilege.revoke',
    ]);
    expect(events[0]).toMatchObject({
      displayMessage: 'Grant user privilege',
      legacyEventType: 'core.user.admin_privilege.granted',
      target: [{ id: user.id, type: 'User', alternateId: user.profile.login }],
      debugContext: { debugData: { privilegeGranted: 'Help Desk Administrator' } },
    });
  });

  it('refuses a role the user already holds, an unknown type, and a role it does not model', async () => {
    const user = await newUser();
    await h.api('POST', `/api/v1/users/${user.id}/roles`, { body: { type: 'REPORT_ADMIN' } });
    const again = await h.api<OktaError>('POST', `/api/v1/users/${user.id}/roles`, {
      body: { type: 'REPORT_ADMIN' },
    });
    expect(again.status).toBe(400);
    expect(again.body.errorCode).toBe('E0000001');
    expect(again.body.errorCauses).toEqual([
      { errorSummary: 'type: The role specified is already assigned to the user.' },
    ]);
    const unknown = await h.api<OktaError>('POST', `/api/v1/users/${user.id}/roles`, {
      body: { type: 'KING' },
    });
    expect(unknown.status).toBe(400);
    const custom = await h.api<OktaError>('POST', `/api/v1/users/${user.id}/roles`, {
      body: { type: 'CUSTOM', role: 'cr0', resourceSet: 'iam' },
    });
    expect(custom.status).toBe(400);
    const missing = await h.api<OktaError>(
      'DELETE',
      `/api/v1/users/${user.id}/roles/ra1NoSuchRole0000000`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.errorCode).toBe('E0000007');
  });

  it('gives a group’s role to its members, including new ones, and takes it away on unassign', async () => {
    const group = await newGroup();
    const member = await newUser();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${member.id}`);
    const seq = h.sim.org.log.length;
    const assigned = await h.api<Role>('POST', `/api/v1/groups/${group.id}/roles`, {
      body: { type: 'APP_ADMIN' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      id: expect.stringMatching(/^gra[0-9A-Za-z]{17}$/),
      type: 'APP_ADMIN',
      label: 'Application Administrator',
      assignmentType: 'GROUP',
      _links: { assignee: { href: `${h.sim.url}/api/v1/groups/${group.id}` } },
    });
    expect((await h.api<Role[]>('GET', `/api/v1/users/${member.id}/roles`)).body).toEqual([
      assigned.body,
    ]);
    // A member's group-held role is not theirs to unassign.
    const throughUser = await h.api(
      'DELETE',
      `/api/v1/users/${member.id}/roles/${assigned.body.id}`,
    );
    expect(throughUser.status).toBe(404);

    expect(
      (await h.api('DELETE', `/api/v1/groups/${group.id}/roles/${assigned.body.id}`)).status,
    ).toBe(204);
    expect((await h.api<Role[]>('GET', `/api/v1/users/${member.id}/roles`)).body).toEqual([]);
    expect(
      eventsAfter(seq).map((e) => [e.eventType, (e.target as { id: string }[])[0]?.id]),
    ).toEqual([
      ['group.privilege.grant', group.id],
      ['group.privilege.revoke', group.id],
    ]);
  });

  it('drops a deleted group’s roles from its former members', async () => {
    const group = await newGroup();
    const member = await newUser();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${member.id}`);
    await h.api('POST', `/api/v1/groups/${group.id}/roles`, { body: { type: 'USER_ADMIN' } });
    await h.api('DELETE', `/api/v1/groups/${group.id}`);
    expect((await h.api<Role[]>('GET', `/api/v1/users/${member.id}/roles`)).body).toEqual([]);
  });

  it('refuses a role for the Everyone group', async () => {
    const res = await h.api<OktaError>(
      'POST',
      `/api/v1/groups/${h.sim.org.everyoneGroupId}/roles`,
      {
        body: { type: 'READ_ONLY_ADMIN' },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
  });

  it('requires okta.roles.read to read and okta.roles.manage to assign or unassign', () => {
    expect(
      rolesRoutes.map((r) => `${r.method} ${r.path} ${scopeOfOperation(r.method, r.path)}`),
    ).toEqual([
      'GET /api/v1/users/:userId/roles okta.roles.read',
      'POST /api/v1/users/:userId/roles okta.roles.manage',
      'GET /api/v1/users/:userId/roles/:roleAssignmentId okta.roles.read',
      'DELETE /api/v1/users/:userId/roles/:roleAssignmentId okta.roles.manage',
      'GET /api/v1/groups/:groupId/roles okta.roles.read',
      'POST /api/v1/groups/:groupId/roles okta.roles.manage',
      'GET /api/v1/groups/:groupId/roles/:roleAssignmentId okta.roles.read',
      'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId okta.roles.manage',
    ]);
  });
});
