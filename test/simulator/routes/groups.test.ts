import { describe, expect, it } from 'vitest';
import type { GroupRecord, LogEvent } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface Group {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: string;
  profile: Record<string, unknown>;
  _links: Record<string, unknown>;
  _embedded?: Record<string, unknown>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

interface Target {
  id: string;
  type: string;
}

/** Test data made through the API, with names unique to the harness. */
function fixtures(h: SimHarness) {
  let n = 0;
  return {
    async user(firstName = 'Ada') {
      n++;
      const login = `user${n}.${Date.now()}@example.com`;
      const res = await h.api<{ id: string; profile: { login: string } }>(
        'POST',
        '/api/v1/users?activate=false',
        { body: { profile: { firstName, lastName: `Tester${n}`, email: login, login } } },
      );
      expect(res.status).toBe(200);
      return res.body;
    },
    async group(name: string, description?: string) {
      const profile = description === undefined ? { name } : { name, description };
      const res = await h.api<Group>('POST', '/api/v1/groups', { body: { profile } });
      expect(res.status).toBe(200);
      return res.body;
    },
    async bookmark(label: string) {
      const res = await h.api<{ id: string }>('POST', '/api/v1/apps', {
        body: { label, signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com' } } },
      });
      expect(res.status).toBe(200);
      return res.body;
    },
    /** A group the API cannot make: one imported from an app. */
    special(type: 'APP_GROUP', name: string, sourceAppId?: string): GroupRecord {
      const now = new Date().toISOString();
      const group: GroupRecord = {
        id: h.sim.org.prng.id('00g'),
        created: now,
        lastUpdated: now,
        lastMembershipUpdated: now,
        type,
        profile: { name },
        members: new Set(),
        ...(sourceAppId ? { sourceAppId } : {}),
      };
      h.sim.org.saveGroup(group);
      return group;
    },
  };
}

function eventsAfter(h: SimHarness, mark: number, eventType?: string): LogEvent[] {
  return h.sim.org.log
    .slice(mark)
    .map((p) => p.event)
    .filter((e) => eventType === undefined || e.eventType === eventType);
}

const targetsOf = (event: LogEvent) =>
  (event.target as Target[]).map((t) => ({ id: t.id, type: t.type }));

const linksOf = (headers: Headers) => (headers.get('link') ?? '').split(/,\s*(?=<)/);

describe('groups: create, read, replace, delete', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('creates an OKTA_GROUP with the profile it was given and the group link set', async () => {
    const res = await h.api<Group>('POST', '/api/v1/groups', {
      body: { profile: { name: 'Engineering', description: 'Builders' } },
    });
    expect(res.status).toBe(200);
    const base = `${h.sim.url}/api/v1/groups/${res.body.id}`;
    expect(res.body.id).toMatch(/^00g[0-9A-Za-z]{17}$/);
    expect(res.body.type).toBe('OKTA_GROUP');
    expect(res.body.objectClass).toEqual(['okta:user_group']);
    expect(res.body.profile).toEqual({ name: 'Engineering', description: 'Builders' });
    expect(res.body.lastUpdated).toBe(res.body.created);
    expect(res.body.lastMembershipUpdated).toBe(res.body.created);
    expect(res.body._links.users).toEqual({ href: `${base}/users` });
    expect(res.body._links.apps).toEqual({ href: `${base}/apps` });
  });

  it('logs group.lifecycle.create with the group as its target', async () => {
    const mark = h.sim.org.log.length;
    const group = await make.group('Finance');
    const [event] = eventsAfter(h, mark);
    expect(event?.eventType).toBe('group.lifecycle.create');
    expect(targetsOf(event as LogEvent)).toEqual([{ id: group.id, type: 'UserGroup' }]);
  });

  it('refuses a second group of the same name, ignoring case, with 400 E0000001', async () => {
    await make.group('Sales');
    const res = await h.api<OktaError>('POST', '/api/v1/groups', {
      body: { profile: { name: 'SALES' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    expect(res.body.errorSummary).toBe('Api validation failed: name');
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary: 'name: An object with this field already exists in the current organization',
      },
    ]);
  });

  it('refuses a group without a name with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/groups', {
      body: { profile: { description: 'nameless' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'name: The field cannot be left blank' },
    ]);
  });

  it('answers an unknown group id with 404 E0000007', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/groups/00gunknown0000000000');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000007');
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 00gunknown0000000000 (UserGroup)',
    );
  });

  it('replaces the whole profile, bumps lastUpdated and logs group.profile.update', async () => {
    const group = await make.group('Support', 'Tier 1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const mark = h.sim.org.log.length;
    const res = await h.api<Group>('PUT', `/api/v1/groups/${group.id}`, {
      body: { profile: { name: 'Customer Support' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ name: 'Customer Support' });
    expect(res.body.lastUpdated > group.lastUpdated).toBe(true);
    expect(res.body.lastMembershipUpdated).toBe(group.lastMembershipUpdated);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual(['group.profile.update']);
  });

  it('keeps custom profile attributes as sent on create and replace, and a replace without them drops them', async () => {
    const custom = { costCenter: 'CC-4410', owners: ['ana', 'bo'], escalation: { level: 2 } };
    const created = await h.api<Group>('POST', '/api/v1/groups', {
      body: { profile: { name: 'Custom attributes', ...custom } },
    });
    expect(created.status).toBe(200);
    expect(created.body.profile).toEqual({ name: 'Custom attributes', ...custom });
    const id = created.body.id;
    const replaced = await h.api<Group>('PUT', `/api/v1/groups/${id}`, {
      body: { profile: { name: 'Custom attributes', description: 'Kept', ...custom, tier: 1 } },
    });
    expect(replaced.body.profile).toEqual({
      name: 'Custom attributes',
      description: 'Kept',
      ...custom,
      tier: 1,
    });
    expect((await h.api<Group>('GET', `/api/v1/groups/${id}`)).body.profile).toEqual(
      replaced.body.profile,
    );
    const bare = await h.api<Group>('PUT', `/api/v1/groups/${id}`, {
      body: { profile: { name: 'Custom attributes' } },
    });
    expect(bare.body.profile).toEqual({ name: 'Custom attributes' });
  });

  it('keeps a group its own name when replacing its profile', async () => {
    const group = await make.group('Legal');
    const res = await h.api<Group>('PUT', `/api/v1/groups/${group.id}`, {
      body: { profile: { name: 'Legal', description: 'Counsel' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ name: 'Legal', description: 'Counsel' });
  });

  it('refuses to replace the profile of an APP_GROUP with 403 E0000006', async () => {
    const imported = make.special('APP_GROUP', 'AD Admins');
    const res = await h.api<OktaError>('PUT', `/api/v1/groups/${imported.id}`, {
      body: { profile: { name: 'Renamed' } },
    });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
    expect(h.sim.org.groups.get(imported.id)?.profile).toEqual({ name: 'AD Admins' });
  });

  it('refuses to replace the profile of the BUILT_IN Everyone group with 403 E0000006', async () => {
    const res = await h.api<OktaError>('PUT', `/api/v1/groups/${h.sim.org.everyoneGroupId}`, {
      body: { profile: { name: 'Everybody' } },
    });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
  });

  it('deletes a group (204), after which it is not found, and logs group.lifecycle.delete', async () => {
    const group = await make.group('Temporary');
    const mark = h.sim.org.log.length;
    const res = await h.api('DELETE', `/api/v1/groups/${group.id}`);
    expect(res.status).toBe(204);
    expect((await h.api('GET', `/api/v1/groups/${group.id}`)).status).toBe(404);
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual(['group.lifecycle.delete']);
    expect(targetsOf(events[0] as LogEvent)).toEqual([{ id: group.id, type: 'UserGroup' }]);
  });

  it('refuses to delete the BUILT_IN Everyone group with 403 E0000006', async () => {
    const everyone = h.sim.org.everyoneGroupId;
    const res = await h.api<OktaError>('DELETE', `/api/v1/groups/${everyone}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
    expect(h.sim.org.groups.get(everyone)?.type).toBe('BUILT_IN');
  });

  it('deletes an APP_GROUP', async () => {
    const imported = make.special('APP_GROUP', 'LDAP Readers');
    const res = await h.api('DELETE', `/api/v1/groups/${imported.id}`);
    expect(res.status).toBe(204);
    expect(h.sim.org.groups.has(imported.id)).toBe(false);
  });

  it('embeds member and app counts with expand=stats', async () => {
    const group = await make.group('Counted');
    const user = await make.user();
    const app = await make.bookmark('Counted App');
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const res = await h.api<Group>('GET', `/api/v1/groups/${group.id}?expand=stats`);
    expect(res.body._embedded).toEqual({
      stats: { usersCount: 1, appsCount: 1, groupPushMappingsCount: 0, hasAdminPrivilege: false },
    });
  });

  it('embeds the source app of an APP_GROUP with expand=app', async () => {
    const app = await make.bookmark('Directory');
    const imported = make.special('APP_GROUP', 'Imported', app.id);
    const res = await h.api<Group>('GET', `/api/v1/groups/${imported.id}?expand=app`);
    expect(res.body._embedded).toEqual({
      app: { id: app.id, name: 'bookmark', label: 'Directory', signOnMode: 'BOOKMARK' },
    });
    expect(res.body._links.source).toEqual({ href: `${h.sim.url}/api/v1/apps/${app.id}` });
    expect(res.body.objectClass).toEqual(['okta:windows_security_principal']);
  });
});

describe('groups: listing', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);
  const created: Group[] = [];

  it('lists every group in id order in pages, with a next link while more remain', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma']) created.push(await make.group(name));
    // The three, and the org's built-in Everyone group.
    const ids = [...h.sim.org.groups.keys()].sort();
    expect(ids).toHaveLength(4);
    const first = await h.api<Group[]>('GET', '/api/v1/groups?limit=2');
    expect(first.body.map((g) => g.id)).toEqual(ids.slice(0, 2));
    expect(linksOf(first.headers)).toEqual([
      `<${h.sim.url}/api/v1/groups?limit=2>; rel="self"`,
      `<${h.sim.url}/api/v1/groups?limit=2&after=${ids[1]}>; rel="next"`,
    ]);
    const second = await h.api<Group[]>('GET', `/api/v1/groups?limit=2&after=${ids[1]}`);
    expect(second.body.map((g) => g.id)).toEqual(ids.slice(2));
    expect(linksOf(second.headers)).toEqual([
      `<${h.sim.url}/api/v1/groups?limit=2&after=${ids[1]}>; rel="self"`,
    ]);
  });

  it('matches q against the start of the name, ignoring case, and never pages it', async () => {
    const gadgets = await make.group('Gadgets');
    const gamma = created[2] as Group;
    const res = await h.api<Group[]>('GET', '/api/v1/groups?q=ga&limit=1');
    const firstById = [gadgets.id, gamma.id].sort()[0];
    expect(res.body.map((g) => g.id)).toEqual([firstById]);
    expect(linksOf(res.headers)).toEqual([`<${h.sim.url}/api/v1/groups?q=ga&limit=1>; rel="self"`]);
  });

  it('answers q with every match up to the limit', async () => {
    const res = await h.api<Group[]>('GET', '/api/v1/groups?q=GA');
    expect(res.body.map((g) => g.profile.name).sort()).toEqual(['Gadgets', 'Gamma']);
  });

  it('filters by type', async () => {
    make.special('APP_GROUP', 'Alpha Imported');
    const res = await h.api<Group[]>(
      'GET',
      `/api/v1/groups?filter=${encodeURIComponent('type eq "APP_GROUP"')}`,
    );
    expect(res.body.map((g) => g.profile.name)).toEqual(['Alpha Imported']);
  });

  it('filters by lastUpdated with an ordering operator', async () => {
    const since = created[2]?.lastUpdated as string;
    const res = await h.api<Group[]>(
      'GET',
      `/api/v1/groups?filter=${encodeURIComponent(`type eq "OKTA_GROUP" and lastUpdated gt "${since}"`)}`,
    );
    expect(res.body.map((g) => g.profile.name)).toEqual(['Gadgets']);
  });

  it('refuses a filter on a property Okta does not filter groups by with 400 E0000031', async () => {
    const res = await h.api<OktaError>(
      'GET',
      `/api/v1/groups?filter=${encodeURIComponent('profile.name eq "Alpha"')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000031');
  });

  it('searches profile attributes and sorts by sortBy and sortOrder', async () => {
    const res = await h.api<Group[]>(
      'GET',
      `/api/v1/groups?search=${encodeURIComponent('profile.name sw "g"')}&sortBy=profile.name&sortOrder=desc`,
    );
    expect(res.body.map((g) => g.profile.name)).toEqual(['Gamma', 'Gadgets']);
  });

  it('searches by source.id for the groups imported from an app', async () => {
    const app = await make.bookmark('HR Source');
    make.special('APP_GROUP', 'Imported Staff', app.id);
    const res = await h.api<Group[]>(
      'GET',
      `/api/v1/groups?search=${encodeURIComponent(`source.id eq "${app.id}"`)}`,
    );
    expect(res.body.map((g) => g.profile.name)).toEqual(['Imported Staff']);
  });

  it('refuses a malformed search with 400 E0000031', async () => {
    const res = await h.api<OktaError>(
      'GET',
      `/api/v1/groups?search=${encodeURIComponent('profile.name eq')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000031');
  });
});

describe('groups: search reads an index that lags writes', () => {
  const h = useSimulator({ size: 'empty', searchLagMs: 400 });
  const make = fixtures(h);

  it('finds a new group by search only once the index caught up, and by filter at once', async () => {
    const group = await make.group('Lagging');
    const search = `/api/v1/groups?search=${encodeURIComponent('profile.name eq "Lagging"')}`;
    const filter = `/api/v1/groups?filter=${encodeURIComponent(`id eq "${group.id}"`)}`;
    expect((await h.api<Group[]>('GET', search)).body).toEqual([]);
    expect((await h.api<Group[]>('GET', filter)).body.map((g) => g.id)).toEqual([group.id]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await h.api<Group[]>('GET', search)).body.map((g) => g.id)).toEqual([group.id]);
  });
});

describe('groups: members', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('adds a member (204), bumps lastMembershipUpdated and lists the member with a self link only', async () => {
    const group = await make.group('Members');
    const user = await make.user();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const res = await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(res.status).toBe(204);
    const members = await h.api<{ id: string; _links: unknown }[]>(
      'GET',
      `/api/v1/groups/${group.id}/users`,
    );
    expect(members.body.map((u) => u.id)).toEqual([user.id]);
    expect(members.body[0]?._links).toEqual({
      self: { href: `${h.sim.url}/api/v1/users/${user.id}` },
    });
    const after = await h.api<Group>('GET', `/api/v1/groups/${group.id}`);
    expect(after.body.lastMembershipUpdated > group.lastMembershipUpdated).toBe(true);
    expect(after.body.lastUpdated).toBe(group.lastUpdated);
  });

  it('logs group.user_membership.add with the user and the group as targets', async () => {
    const group = await make.group('Logged Members');
    const user = await make.user();
    const mark = h.sim.org.log.length;
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual(['group.user_membership.add']);
    expect(targetsOf(events[0] as LogEvent)).toEqual([
      { id: user.id, type: 'User' },
      { id: group.id, type: 'UserGroup' },
    ]);
  });

  it('answers 204 to adding a member twice and logs the add once', async () => {
    const group = await make.group('Idempotent Add');
    const user = await make.user();
    const mark = h.sim.org.log.length;
    expect((await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    expect((await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    expect(eventsAfter(h, mark, 'group.user_membership.add')).toHaveLength(1);
    expect(h.sim.org.groups.get(group.id)?.members.size).toBe(1);
  });

  it('answers 204 to removing a member twice and logs the remove once', async () => {
    const group = await make.group('Idempotent Remove');
    const user = await make.user();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    const mark = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    expect((await h.api('DELETE', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    const removes = eventsAfter(h, mark, 'group.user_membership.remove');
    expect(removes).toHaveLength(1);
    expect(targetsOf(removes[0] as LogEvent)).toEqual([
      { id: user.id, type: 'User' },
      { id: group.id, type: 'UserGroup' },
    ]);
    expect(h.sim.org.groups.get(group.id)?.members.size).toBe(0);
  });

  it('answers an unknown user with 404 E0000007', async () => {
    const group = await make.group('Unknown User');
    const res = await h.api<OktaError>(
      'PUT',
      `/api/v1/groups/${group.id}/users/00uunknown0000000000`,
    );
    expect(res.status).toBe(404);
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 00uunknown0000000000 (User)',
    );
  });

  it('answers an unknown group with 404 E0000007', async () => {
    const user = await make.user();
    const res = await h.api<OktaError>(
      'PUT',
      `/api/v1/groups/00gunknown0000000000/users/${user.id}`,
    );
    expect(res.status).toBe(404);
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 00gunknown0000000000 (UserGroup)',
    );
  });

  it('refuses membership changes on an APP_GROUP with 403 E0000006', async () => {
    const imported = make.special('APP_GROUP', 'Imported Members');
    const user = await make.user();
    const add = await h.api<OktaError>('PUT', `/api/v1/groups/${imported.id}/users/${user.id}`);
    expect(add.status).toBe(403);
    expect(add.body.errorCode).toBe('E0000006');
    const remove = await h.api<OktaError>(
      'DELETE',
      `/api/v1/groups/${imported.id}/users/${user.id}`,
    );
    expect(remove.status).toBe(403);
  });

  it('refuses membership changes on the BUILT_IN Everyone group with 403 E0000006', async () => {
    const user = await make.user();
    const everyone = h.sim.org.everyoneGroupId;
    const res = await h.api<OktaError>('DELETE', `/api/v1/groups/${everyone}/users/${user.id}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000006');
  });

  it('lists members in pages with Link headers', async () => {
    const group = await make.group('Paged Members');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await make.user();
      ids.push(user.id);
      await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    }
    ids.sort();
    const path = `/api/v1/groups/${group.id}/users`;
    const first = await h.api<{ id: string }[]>('GET', `${path}?limit=2`);
    expect(first.body.map((u) => u.id)).toEqual(ids.slice(0, 2));
    expect(linksOf(first.headers)).toEqual([
      `<${h.sim.url}${path}?limit=2>; rel="self"`,
      `<${h.sim.url}${path}?limit=2&after=${ids[1]}>; rel="next"`,
    ]);
    const second = await h.api<{ id: string }[]>('GET', `${path}?limit=2&after=${ids[1]}`);
    expect(second.body.map((u) => u.id)).toEqual(ids.slice(2));
    expect(linksOf(second.headers)).toHaveLength(1);
  });

  it('lists the apps assigned to a group', async () => {
    const group = await make.group('With Apps');
    const wiki = await make.bookmark('Wiki');
    await make.bookmark('Not Assigned');
    await h.api('PUT', `/api/v1/apps/${wiki.id}/groups/${group.id}`);
    const res = await h.api<{ id: string; label: string }[]>(
      'GET',
      `/api/v1/groups/${group.id}/apps`,
    );
    expect(res.body.map((a) => [a.id, a.label])).toEqual([[wiki.id, 'Wiki']]);
  });
});

describe('groups: membership carries app access', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  async function appUserIds(appId: string) {
    const res = await h.api<{ id: string; scope: string }[]>('GET', `/api/v1/apps/${appId}/users`);
    return res.body.map((u) => [u.id, u.scope]);
  }

  it('gives a new member a GROUP-scoped app user on the apps assigned to the group', async () => {
    const group = await make.group('Wiki Readers');
    const app = await make.bookmark('Team Wiki');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const user = await make.user();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(await appUserIds(app.id)).toEqual([[user.id, 'GROUP']]);
  });

  it('takes the app user away when the member leaves the group', async () => {
    const group = await make.group('Leavers');
    const app = await make.bookmark('Leavers App');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const user = await make.user();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    await h.api('DELETE', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(await appUserIds(app.id)).toEqual([]);
  });

  it('logs application.user_membership.add after the membership event when access is gained', async () => {
    const group = await make.group('Gainers');
    const app = await make.bookmark('Gainers App');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const user = await make.user();
    const mark = h.sim.org.log.length;
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual([
      'group.user_membership.add',
      'application.user_membership.add',
    ]);
    expect(targetsOf(events[1] as LogEvent)).toEqual([
      { id: `${app.id}:${user.id}`, type: 'AppUser' },
      { id: app.id, type: 'AppInstance' },
      { id: user.id, type: 'User' },
    ]);
  });

  it('keeps a directly assigned user on the app when they leave the group', async () => {
    const group = await make.group('Direct Stayers');
    const app = await make.bookmark('Direct App');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const user = await make.user();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    await h.api('POST', `/api/v1/apps/${app.id}/users`, { body: { id: user.id, scope: 'USER' } });
    const mark = h.sim.org.log.length;
    await h.api('DELETE', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(await appUserIds(app.id)).toEqual([[user.id, 'USER']]);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual(['group.user_membership.remove']);
  });

  it('takes app access away from the members of a deleted group', async () => {
    const group = await make.group('Deleted With Access');
    const app = await make.bookmark('Deleted Group App');
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`);
    const user = await make.user();
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    const mark = h.sim.org.log.length;
    await h.api('DELETE', `/api/v1/groups/${group.id}`);
    expect(await appUserIds(app.id)).toEqual([]);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'group.lifecycle.delete',
      'application.user_membership.remove',
    ]);
  });
});
