import { beforeAll, describe, expect, it } from 'vitest';
import { type OktaApiError, OktaInvalidIdError, OktaNotFoundError } from '../../src/okta/errors.ts';
import { eq, sw } from '../../src/okta/expression.ts';
import type { OktaGroup, OktaUser } from '../../src/okta/models.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

let serial = 0;

async function newUser(): Promise<OktaUser> {
  serial++;
  return t.okta.users.create(
    {
      profile: {
        firstName: `Member${serial}`,
        lastName: 'Person',
        email: `member${serial}@example.com`,
        login: `member${serial}@example.com`,
      },
      credentials: { password: { value: 'Tr0ub4dor&3-horse' } },
    },
    { activate: true },
  );
}

async function newGroup(name?: string): Promise<OktaGroup> {
  serial++;
  return t.okta.groups.create({
    name: name ?? `Group ${serial}`,
    description: `Group number ${serial}`,
  });
}

const eventTypesSince = (count: number) =>
  t.h.sim.org.log.slice(count).map((p) => p.event.eventType);

const bookmarkApp = async (label: string) =>
  (
    await t.h.api<{ id: string }>('POST', '/api/v1/apps', {
      body: {
        name: 'bookmark',
        label,
        signOnMode: 'BOOKMARK',
        settings: { app: { requestIntegration: false, url: 'https://intranet.example.com' } },
      },
    })
  ).body.id;

describe('groups.create, get, replace and delete', () => {
  it('creates an OKTA_GROUP with the profile given', async () => {
    const group = await t.okta.groups.create({ name: 'Engineering', description: 'All engineers' });
    expect([group.type, group.objectClass, group.profile]).toEqual([
      'OKTA_GROUP',
      ['okta:user_group'],
      { name: 'Engineering', description: 'All engineers' },
    ]);
  });

  it("surfaces Okta's E0000001 for a name already taken", async () => {
    const group = await newGroup();
    const error = (await rejectionOf(
      t.okta.groups.create({ name: group.profile.name }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode, error.causes]).toEqual([
      400,
      'E0000001',
      ['name: An object with this field already exists in the current organization'],
    ]);
  });

  it('reads a group by id', async () => {
    const group = await newGroup();
    const read = await t.okta.groups.get(group.id);
    expect([read.id, read.profile, read.lastMembershipUpdated]).toEqual([
      group.id,
      group.profile,
      group.lastMembershipUpdated,
    ]);
  });

  it('throws OktaNotFoundError for a group Okta does not know', async () => {
    const error = (await rejectionOf(
      t.okta.groups.get('00gNOSUCHGROUP000000'),
    )) as OktaNotFoundError;
    expect([error.resource, error.id]).toEqual(['Group', '00gNOSUCHGROUP000000']);
  });

  it('refuses an id that is not an Okta id, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.groups.get('00g1/users'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });

  it('finds a group by its exact name', async () => {
    const group = await newGroup('Finance "EMEA" or id pr');
    await newGroup('Finance "EMEA" or id pr and more');
    const found = await t.okta.groups.findByName('Finance "EMEA" or id pr');
    expect(found.map((g) => g.id)).toEqual([group.id]);
  });

  it('finds no group for a name no group has', async () => {
    expect(await t.okta.groups.findByName('No such group')).toEqual([]);
  });

  it('replaces the whole profile', async () => {
    const group = await newGroup();
    const replaced = await t.okta.groups.replace(group.id, { name: 'Renamed group' });
    expect(replaced.profile).toEqual({ name: 'Renamed group' });
  });

  it('answers 403 E0000006 when replacing a BUILT_IN group', async () => {
    const group = await newGroup();
    // Okta's BUILT_IN groups (Everyone) cannot be created through the API.
    (t.h.sim.org.groups.get(group.id) as { type: string }).type = 'BUILT_IN';
    const error = (await rejectionOf(
      t.okta.groups.replace(group.id, { name: 'Everyone else' }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([403, 'E0000006']);
  });

  it('deletes a group', async () => {
    const group = await newGroup();
    await t.okta.groups.delete(group.id);
    expect(await rejectionOf(t.okta.groups.get(group.id))).toBeInstanceOf(OktaNotFoundError);
  });
});

describe('groups.list and groups.iterate', () => {
  const listed: OktaGroup[] = [];
  beforeAll(async () => {
    for (const name of ['Listed Charlie', 'Listed Alpha', 'Listed Bravo']) {
      listed.push(await newGroup(name));
    }
  });

  it('finds groups by name prefix with q', async () => {
    const page = await t.okta.groups.list({ q: 'Listed ' });
    expect(page.items.map((g) => g.profile.name).sort()).toEqual([
      'Listed Alpha',
      'Listed Bravo',
      'Listed Charlie',
    ]);
  });

  it('sorts search results by sortBy', async () => {
    const page = await t.okta.groups.list({
      search: sw('profile.name', 'Listed '),
      sortBy: 'profile.name',
      sortOrder: 'desc',
    });
    expect(page.items.map((g) => g.profile.name)).toEqual([
      'Listed Charlie',
      'Listed Bravo',
      'Listed Alpha',
    ]);
  });

  it('filters groups by id', async () => {
    const page = await t.okta.groups.list({ filter: eq('id', listed[1]!.id) });
    expect(page.items.map((g) => g.id)).toEqual([listed[1]!.id]);
  });

  it('embeds member and app counts with expand stats', async () => {
    const group = await newGroup();
    await t.okta.groups.addMember(group.id, (await newUser()).id);
    await t.okta.groups.addMember(group.id, (await newUser()).id);
    const page = await t.okta.groups.list({ filter: eq('id', group.id), expand: ['stats'] });
    expect(page.items[0]?._embedded?.stats).toEqual({
      usersCount: 2,
      appsCount: 0,
      groupPushMappingsCount: 0,
      hasAdminPrivilege: false,
    });
  });

  it('pages with the after cursor', async () => {
    const search = sw('profile.name', 'Listed ');
    const ids = listed.map((g) => g.id).sort();
    const first = await t.okta.groups.list({ search }, { limit: 2 });
    const second = await t.okta.groups.list({ search }, { limit: 2, after: first.after });
    expect([first.items.map((g) => g.id), second.items.map((g) => g.id), second.next]).toEqual([
      ids.slice(0, 2),
      ids.slice(2),
      null,
    ]);
  });

  it('iterates every page, keeping the search on each', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/groups');
    const seen: string[] = [];
    for await (const group of t.okta.groups.iterate(
      { search: sw('profile.name', 'Listed ') },
      { pageSize: 2 },
    )) {
      seen.push(group.id);
    }
    expect([seen, t.h.sim.requests.count('GET /api/v1/groups') - before]).toEqual([
      listed.map((g) => g.id).sort(),
      2,
    ]);
  });

  it('asks for 200 groups per page when no size is given', async () => {
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    await t.okta.groups.list();
    stop();
    expect(new URL(urls[0] as string).searchParams.get('limit')).toBe('200');
  });
});

describe('group membership', () => {
  it('adds members and lists them', async () => {
    const group = await newGroup();
    const [a, b] = [await newUser(), await newUser()];
    await t.okta.groups.addMember(group.id, a.id);
    await t.okta.groups.addMember(group.id, b.id);
    const page = await t.okta.groups.listMembers(group.id);
    expect([page.items.map((u) => u.id), page.after]).toEqual([[a.id, b.id].sort(), null]);
  });

  it('adds an existing member again without error or a second event', async () => {
    const group = await newGroup();
    const user = await newUser();
    const logged = t.h.sim.org.log.length;
    await t.okta.groups.addMember(group.id, user.id);
    await t.okta.groups.addMember(group.id, user.id);
    expect(eventTypesSince(logged)).toEqual(['group.user_membership.add']);
  });

  it('removes a member', async () => {
    const group = await newGroup();
    const user = await newUser();
    await t.okta.groups.addMember(group.id, user.id);
    await t.okta.groups.removeMember(group.id, user.id);
    expect((await t.okta.groups.listMembers(group.id)).items).toEqual([]);
  });

  it('removes a user who is not a member without error', async () => {
    const group = await newGroup();
    const user = await newUser();
    await expect(t.okta.groups.removeMember(group.id, user.id)).resolves.toBeUndefined();
  });

  it('pages members with the after cursor and iterates them all', async () => {
    const group = await newGroup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await newUser();
      await t.okta.groups.addMember(group.id, user.id);
      ids.push(user.id);
    }
    ids.sort();
    const first = await t.okta.groups.listMembers(group.id, { limit: 2 });
    const all: string[] = [];
    for await (const user of t.okta.groups.iterateMembers(group.id, { pageSize: 2 })) {
      all.push(user.id);
    }
    expect([first.items.map((u) => u.id), first.after, all]).toEqual([
      ids.slice(0, 2),
      ids[1],
      ids,
    ]);
  });

  it('answers 404 E0000007 for a user Okta does not know', async () => {
    const group = await newGroup();
    const error = (await rejectionOf(
      t.okta.groups.addMember(group.id, '00uNOSUCHUSER0000000'),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([404, 'E0000007']);
  });

  it('refuses a user id that is not an Okta id, before any call', async () => {
    const group = await newGroup();
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.groups.addMember(group.id, '../../../apps'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('groups.listApps', () => {
  it('lists the apps assigned to the group', async () => {
    const group = await newGroup();
    const appId = await bookmarkApp('Group Wiki');
    await t.okta.applications.assignGroup(appId, group.id);
    const page = await t.okta.groups.listApps(group.id);
    expect(page.items.map((a) => [a.id, a.label])).toEqual([[appId, 'Group Wiki']]);
  });

  it('iterates the apps of a group page by page', async () => {
    const group = await newGroup();
    const appIds = [await bookmarkApp('One'), await bookmarkApp('Two'), await bookmarkApp('Three')];
    for (const appId of appIds) await t.okta.applications.assignGroup(appId, group.id);
    const seen: string[] = [];
    for await (const app of t.okta.groups.iterateApps(group.id, { pageSize: 2 })) seen.push(app.id);
    expect(seen).toEqual(appIds.sort());
  });
});

describe('groups.searchByIds', () => {
  const many: OktaGroup[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 150; i++) many.push(await newGroup(`Batch group ${i}`));
  });

  it('finds 150 groups in 3 search calls', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/groups');
    const found = await t.okta.groups.searchByIds(many.map((g) => g.id));
    expect([
      found.map((g) => g.id).sort(),
      t.h.sim.requests.count('GET /api/v1/groups') - before,
    ]).toEqual([many.map((g) => g.id).sort(), 3]);
  });

  it('embeds stats when asked', async () => {
    const found = await t.okta.groups.searchByIds([many[0]!.id], { expand: ['stats'] });
    expect(found[0]?._embedded?.stats?.usersCount).toBe(0);
  });

  it('returns only the groups found', async () => {
    const found = await t.okta.groups.searchByIds(['00gMISSING0000000000', many[2]!.id]);
    expect(found.map((g) => g.id)).toEqual([many[2]!.id]);
  });

  it('cannot be widened by an id that carries a quote and "or"', async () => {
    const found = await t.okta.groups.searchByIds([
      `${many[0]!.id}" or id pr or id eq "x`,
      many[3]!.id,
    ]);
    expect(found.map((g) => g.id)).toEqual([many[3]!.id]);
  });
});
