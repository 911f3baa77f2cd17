import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../support/simulator.ts';
import {
  type AppUser,
  bookmarkBody,
  eventsAfter,
  fixtures,
  type Json,
  linksOf,
  type OktaError,
  targetsOf,
} from '../../support/simulator-apps.ts';

describe('applications: users', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('assigns a user directly with scope USER and their login as user name', async () => {
    const app = await make.app(bookmarkBody('Direct'));
    const user = await make.user();
    const res = await h.api<AppUser>('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: user.id, scope: 'USER', profile: { role: 'editor' } },
    });
    expect(res.status).toBe(200);
    expect([res.body.id, res.body.scope, res.body.status]).toEqual([user.id, 'USER', 'ACTIVE']);
    expect(res.body.credentials).toEqual({ userName: user.login });
    expect(res.body.profile).toEqual({ role: 'editor' });
    expect(res.body._links).toEqual({
      app: { href: `${h.sim.url}/api/v1/apps/${app.id}` },
      user: { href: `${h.sim.url}/api/v1/users/${user.id}` },
    });
  });

  it('logs application.user_membership.add with the app user, the app and the user', async () => {
    const app = await make.app(bookmarkBody('Logged Assign'));
    const user = await make.user();
    const mark = h.sim.org.log.length;
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id } });
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual(['application.user_membership.add']);
    expect(targetsOf(events[0])).toEqual([
      { id: `${app.id}:${user.id}`, type: 'AppUser' },
      { id: app.id, type: 'AppInstance' },
      { id: user.id, type: 'User' },
    ]);
  });

  it('answers an unknown user with 404 E0000007', async () => {
    const app = await make.app(bookmarkBody('Unknown Assignee'));
    const res = await h.api<OktaError>('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: '00uunknown0000000000' },
    });
    expect(res.status).toBe(404);
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 00uunknown0000000000 (User)',
    );
  });

  it('refuses a password for an app that does not vault user credentials with 400 E0000041', async () => {
    const app = await make.app(bookmarkBody('No Passwords'));
    const user = await make.user();
    const res = await h.api<OktaError>('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: user.id, credentials: { userName: 'ada', password: { value: 'secret' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000041');
    expect((await h.api('GET', `/api/v1/apps/${app.id}/users/${user.id}`)).status).toBe(404);
  });

  it('keeps a password for a SWA app as the write-only marker {}', async () => {
    const app = await make.app({
      label: 'Legacy Portal',
      signOnMode: 'AUTO_LOGIN',
      settings: { signOn: { loginUrl: 'https://legacy.example.com/login' } },
    });
    const user = await make.user();
    const res = await h.api<AppUser>('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: user.id, credentials: { userName: 'ada', password: { value: 'secret' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.credentials).toEqual({ userName: 'ada', password: {} });
  });

  it('makes a group-assigned user a direct assignment when assigned directly', async () => {
    const app = await make.app(bookmarkBody('Converted'));
    const group = await make.group('Converters');
    const user = await make.user();
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    await make.member(group.id, user.id);
    const before = await h.api<AppUser>('GET', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(before.body.scope).toBe('GROUP');
    const mark = h.sim.org.log.length;
    const res = await h.api<AppUser>('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: user.id, scope: 'USER' },
    });
    expect(res.body.scope).toBe('USER');
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'application.user_membership.update',
    ]);
  });

  it('names the granting group in the link of a GROUP-scoped app user', async () => {
    const app = await make.app(bookmarkBody('Group Linked'));
    const group = await make.group('Linkers');
    const user = await make.user();
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    await make.member(group.id, user.id);
    const res = await h.api<AppUser>('GET', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(res.body._links.group).toEqual({
      href: `${h.sim.url}/api/v1/groups/${group.id}`,
      name: 'Linkers',
    });
  });

  it('refuses to unassign a user whom a group assigns with 403 E0000046', async () => {
    const app = await make.app(bookmarkBody('Group Held'));
    const group = await make.group('Holders');
    const user = await make.user();
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    await make.member(group.id, user.id);
    const res = await h.api<OktaError>('DELETE', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000046');
    expect(res.body.errorSummary).toBe('Deactivate application for user forbidden.');
  });

  it('refuses to unassign a direct user while a group also assigns them', async () => {
    const app = await make.app(bookmarkBody('Doubly Held'));
    const group = await make.group('Double Holders');
    const user = await make.user();
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    await make.member(group.id, user.id);
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id } });
    const res = await h.api<OktaError>('DELETE', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000046');
  });

  it('unassigns a direct user (204), logs the removal, and then answers 404 for them', async () => {
    const app = await make.app(bookmarkBody('Unassign'));
    const user = await make.user();
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id } });
    const mark = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/apps/${app.id}/users/${user.id}`)).status).toBe(204);
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual(['application.user_membership.remove']);
    expect(targetsOf(events[0])).toEqual([
      { id: `${app.id}:${user.id}`, type: 'AppUser' },
      { id: app.id, type: 'AppInstance' },
      { id: user.id, type: 'User' },
    ]);
    const gone = await h.api<OktaError>('GET', `/api/v1/apps/${app.id}/users/${user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorSummary).toBe(`Not found: Resource not found: ${user.id} (AppUser)`);
  });

  it('updates the app profile of a user and logs application.user_membership.update', async () => {
    const app = await make.app(bookmarkBody('Profiled'));
    const user = await make.user();
    await h.api('POST', `/api/v1/apps/${app.id}/users`, {
      body: { id: user.id, profile: { role: 'viewer', team: 'blue' } },
    });
    const mark = h.sim.org.log.length;
    const res = await h.api<AppUser>('POST', `/api/v1/apps/${app.id}/users/${user.id}`, {
      body: { profile: { role: 'admin' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ role: 'admin' });
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'application.user_membership.update',
    ]);
  });

  it('logs application.user_membership.change_username when the user name changes', async () => {
    const app = await make.app(bookmarkBody('Renamed User'));
    const user = await make.user();
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id } });
    const mark = h.sim.org.log.length;
    const res = await h.api<AppUser>('POST', `/api/v1/apps/${app.id}/users/${user.id}`, {
      body: { credentials: { userName: 'ada.l' } },
    });
    expect(res.body.credentials?.userName).toBe('ada.l');
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'application.user_membership.change_username',
    ]);
  });

  it('lists app users in pages, filters them with q and embeds the user with expand=user', async () => {
    const app = await make.app(bookmarkBody('Crowded'));
    const ids: string[] = [];
    for (const first of ['Grace', 'Greta', 'Alan']) {
      const user = await make.user(first);
      ids.push(user.id);
      await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id } });
    }
    const sorted = [...ids].sort();
    const path = `/api/v1/apps/${app.id}/users`;
    const first = await h.api<AppUser[]>('GET', `${path}?limit=2`);
    expect(first.body.map((u) => u.id)).toEqual(sorted.slice(0, 2));
    expect(linksOf(first.headers)).toEqual([
      `<${h.sim.url}${path}?limit=2>; rel="self"`,
      `<${h.sim.url}${path}?limit=2&after=${sorted[1]}>; rel="next"`,
    ]);
    const named = await h.api<AppUser[]>('GET', `${path}?q=gr&expand=user`);
    expect(named.body.map((u) => u.id)).toEqual([ids[0], ids[1]].sort());
    const embedded = named.body[0]?._embedded?.user as { id: string; profile: Json };
    expect(embedded.id).toBe(named.body[0]?.id);
    expect(embedded.profile.firstName).toMatch(/^Gr/);
  });
});
