import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../support/simulator.ts';
import {
  type AppGroup,
  type AppUser,
  bookmarkBody,
  eventsAfter,
  fixtures,
  type Json,
  linksOf,
  type OktaError,
  targetsOf,
} from '../../support/simulator-apps.ts';

describe('applications: groups', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('assigns a group without a body at priority 0 and links the app, the group and itself', async () => {
    const app = await make.app(bookmarkBody('Assigned'));
    const group = await make.group('Assignees');
    const res = await h.api<AppGroup>('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    expect(res.status).toBe(200);
    expect([res.body.id, res.body.priority, res.body.profile]).toEqual([group.id, 0, {}]);
    expect(res.body._links).toEqual({
      app: { href: `${h.sim.url}/api/v1/apps/${app.id}` },
      self: { href: `${h.sim.url}/api/v1/apps/${app.id}/groups/${group.id}` },
      group: { href: `${h.sim.url}/api/v1/groups/${group.id}` },
    });
  });

  it('gives the next assignment the next priority', async () => {
    const app = await make.app(bookmarkBody('Prioritised'));
    const first = await make.group('First Priority');
    const second = await make.group('Second Priority');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${first.id}`);
    const res = await h.api<AppGroup>('PUT', `/api/v1/apps/${app.id}/groups/${second.id}`);
    expect(res.body.priority).toBe(1);
  });

  it('updates the priority and profile of an existing assignment', async () => {
    const app = await make.app(bookmarkBody('Reassigned'));
    const group = await make.group('Reassignees');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const mark = h.sim.org.log.length;
    const res = await h.api<AppGroup>('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, {
      body: { priority: 5, profile: { division: 'top' } },
    });
    expect([res.body.priority, res.body.profile]).toEqual([5, { division: 'top' }]);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'group.application_assignment.update',
    ]);
  });

  it('gives every member a GROUP-scoped app user and logs the assignment and each new user', async () => {
    const app = await make.app(bookmarkBody('Fan Out'));
    const group = await make.group('Fans');
    const users = [await make.user('Fan'), await make.user('Fan')];
    for (const user of users) await make.member(group.id, user.id);
    const mark = h.sim.org.log.length;
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const appUsers = await h.api<AppUser[]>('GET', `/api/v1/apps/${app.id}/users`);
    const ids = users.map((u) => u.id).sort();
    expect(appUsers.body.map((u) => [u.id, u.scope])).toEqual(ids.map((id) => [id, 'GROUP']));
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual([
      'group.application_assignment.add',
      'application.user_membership.add',
      'application.user_membership.add',
    ]);
    expect(targetsOf(events[0])).toEqual([
      { id: app.id, type: 'AppInstance' },
      { id: group.id, type: 'UserGroup' },
    ]);
  });

  it('gives GROUP-scoped app users the profile of their highest-priority group assignment', async () => {
    const app = await make.app(bookmarkBody('Profiles From Groups'));
    const low = await make.group('Low Priority Profile');
    const high = await make.group('High Priority Profile');
    const user = await make.user();
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${low.id}`, {
      body: { priority: 2, profile: { division: 'low' } },
    });
    await make.member(low.id, user.id);
    const path = `/api/v1/apps/${app.id}/users/${user.id}`;
    expect((await h.api<AppUser>('GET', path)).body.profile).toEqual({ division: 'low' });
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${high.id}`, {
      body: { priority: 1, profile: { division: 'high' } },
    });
    await make.member(high.id, user.id);
    expect((await h.api<AppUser>('GET', path)).body.profile).toEqual({ division: 'high' });
    await h.api('DELETE', `/api/v1/groups/${high.id}/users/${user.id}`);
    expect((await h.api<AppUser>('GET', path)).body.profile).toEqual({ division: 'low' });
  });

  it('answers an unknown group with 404 E0000007', async () => {
    const app = await make.app(bookmarkBody('Unknown Group'));
    const res = await h.api<OktaError>('PUT', `/api/v1/apps/${app.id}/groups/00gunknown0000000000`);
    expect(res.status).toBe(404);
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 00gunknown0000000000 (UserGroup)',
    );
  });

  it('lists group assignments in pages, filters them with q and embeds the group', async () => {
    const app = await make.app(bookmarkBody('Many Groups'));
    const groups = [
      await make.group('North Team'),
      await make.group('Nordic Team'),
      await make.group('South Team'),
    ];
    for (const group of groups) await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const ids = groups.map((g) => g.id).sort();
    const path = `/api/v1/apps/${app.id}/groups`;
    const first = await h.api<AppGroup[]>('GET', `${path}?limit=2`);
    expect(first.body.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(linksOf(first.headers)).toEqual([
      `<${h.sim.url}${path}?limit=2>; rel="self"`,
      `<${h.sim.url}${path}?limit=2&after=${ids[1]}>; rel="next"`,
    ]);
    const named = await h.api<AppGroup[]>('GET', `${path}?q=nor&expand=group`);
    expect(named.body.map((g) => g.id)).toEqual([groups[0]?.id, groups[1]?.id].sort());
    const embedded = named.body.map(
      (g) => (g._embedded?.group as { profile: Json } | undefined)?.profile.name,
    );
    expect(embedded.map(String).sort()).toEqual(['Nordic Team', 'North Team']);
  });

  it('reads one assignment, and answers 404 for a group that is not assigned', async () => {
    const app = await make.app(bookmarkBody('One Group'));
    const assigned = await make.group('Assigned One');
    const other = await make.group('Not Assigned One');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${assigned.id}`);
    const found = await h.api<AppGroup>('GET', `/api/v1/apps/${app.id}/groups/${assigned.id}`);
    expect(found.body.id).toBe(assigned.id);
    const missing = await h.api<OktaError>('GET', `/api/v1/apps/${app.id}/groups/${other.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorCode).toBe('E0000007');
  });

  it('unassigns a group: its members lose the app, direct users keep it, and both are logged', async () => {
    const app = await make.app(bookmarkBody('Unassigned Group'));
    const group = await make.group('Leaving Group');
    const viaGroup = await make.user('Via');
    const direct = await make.user('Direct');
    await make.member(group.id, viaGroup.id);
    await make.member(group.id, direct.id);
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: direct.id } });
    const mark = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/apps/${app.id}/groups/${group.id}`)).status).toBe(204);
    const appUsers = await h.api<AppUser[]>('GET', `/api/v1/apps/${app.id}/users`);
    expect(appUsers.body.map((u) => [u.id, u.scope])).toEqual([[direct.id, 'USER']]);
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual([
      'group.application_assignment.remove',
      'application.user_membership.remove',
    ]);
    expect(targetsOf(events[1])[2]).toEqual({ id: viaGroup.id, type: 'User' });
  });
});
