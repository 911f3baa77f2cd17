import { beforeAll, describe, expect, it } from 'vitest';
import { type OktaApiError, OktaInvalidIdError, OktaNotFoundError } from '../../src/okta/errors.ts';
import { eq } from '../../src/okta/expression.ts';
import type { OktaGroup, OktaUser } from '../../src/okta/models.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

let serial = 0;

async function newUser(firstName?: string): Promise<OktaUser> {
  serial++;
  return t.okta.users.create(
    {
      profile: {
        firstName: firstName ?? `App${serial}`,
        lastName: 'User',
        email: `appuser${serial}@example.com`,
        login: `appuser${serial}@example.com`,
      },
      credentials: { password: { value: 'Tr0ub4dor&3-horse' } },
    },
    { activate: true },
  );
}

async function newGroup(): Promise<OktaGroup> {
  serial++;
  return t.okta.groups.create({ name: `App group ${serial}` });
}

/** A bookmark app (Okta's simplest app) created through the API; ACTIVE unless asked otherwise. */
async function newApp(label?: string, activate = true): Promise<string> {
  serial++;
  const res = await t.h.api<{ id: string }>('POST', `/api/v1/apps?activate=${activate}`, {
    body: {
      name: 'bookmark',
      label: label ?? `Bookmark ${serial}`,
      signOnMode: 'BOOKMARK',
      settings: { app: { requestIntegration: false, url: `https://app${serial}.example.com` } },
    },
  });
  return res.body.id;
}

const lastEventType = () => t.h.sim.org.log.at(-1)?.event.eventType;

describe('applications.get and lifecycle', () => {
  it('reads an app by id', async () => {
    const id = await newApp('Expense Reports');
    const app = await t.okta.applications.get(id);
    expect([app.id, app.name, app.label, app.status, app.signOnMode]).toEqual([
      id,
      'bookmark',
      'Expense Reports',
      'ACTIVE',
      'BOOKMARK',
    ]);
  });

  it('throws OktaNotFoundError for an app Okta does not know', async () => {
    const error = (await rejectionOf(
      t.okta.applications.get('0oaNOSUCHAPP00000000'),
    )) as OktaNotFoundError;
    expect([error.resource, error.id]).toEqual(['Application', '0oaNOSUCHAPP00000000']);
  });

  it('refuses an app id that is not an Okta id, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.applications.deactivate('0oa1/../../users'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });

  it('deactivates an ACTIVE app and writes application.lifecycle.deactivate', async () => {
    const id = await newApp();
    await t.okta.applications.deactivate(id);
    expect([(await t.okta.applications.get(id)).status, lastEventType()]).toEqual([
      'INACTIVE',
      'application.lifecycle.deactivate',
    ]);
  });

  it('activates an INACTIVE app and writes application.lifecycle.activate', async () => {
    const id = await newApp(undefined, false);
    await t.okta.applications.activate(id);
    expect([(await t.okta.applications.get(id)).status, lastEventType()]).toEqual([
      'ACTIVE',
      'application.lifecycle.activate',
    ]);
  });
});

describe('applications.list', () => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (const label of ['Listed Payroll', 'Listed Wiki', 'Listed Chat'])
      ids.push(await newApp(label));
    ids.sort();
  });

  it('finds apps by label prefix with q', async () => {
    const page = await t.okta.applications.list({ q: 'Listed' });
    expect(page.items.map((a) => a.id)).toEqual(ids);
  });

  it('filters apps by status', async () => {
    const inactive = await newApp('Dormant', false);
    const page = await t.okta.applications.list({ filter: eq('status', 'INACTIVE') });
    const inactiveInOrg = [...t.h.sim.org.apps.values()]
      .filter((a) => a.status === 'INACTIVE')
      .map((a) => a.id)
      .sort();
    expect([page.items.map((a) => a.id), inactiveInOrg.includes(inactive)]).toEqual([
      inactiveInOrg,
      true,
    ]);
  });

  it('pages with the after cursor', async () => {
    const first = await t.okta.applications.list({ q: 'Listed' }, { limit: 2 });
    const second = await t.okta.applications.list(
      { q: 'Listed' },
      { limit: 2, after: first.after },
    );
    expect([first.items.map((a) => a.id), second.items.map((a) => a.id), second.after]).toEqual([
      ids.slice(0, 2),
      ids.slice(2),
      null,
    ]);
  });

  it('iterates every page', async () => {
    const seen: string[] = [];
    for await (const app of t.okta.applications.iterate({ q: 'Listed' }, { pageSize: 1 })) {
      seen.push(app.id);
    }
    expect(seen).toEqual(ids);
  });

  it('caps the page size at 200, the most Okta serves', async () => {
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    await t.okta.applications.list({}, { limit: 1000 });
    stop();
    expect(new URL(urls[0] as string).searchParams.get('limit')).toBe('200');
  });
});

describe("a user's and a group's apps", () => {
  it("lists a user's apps, direct and through a group, with the assignment embedded", async () => {
    const user = await newUser();
    const group = await newGroup();
    const direct = await newApp('Direct app');
    const viaGroup = await newApp('Group app');
    await newApp('Unrelated app');
    await t.okta.applications.assignUser(direct, { id: user.id });
    await t.okta.groups.addMember(group.id, user.id);
    await t.okta.applications.assignGroup(viaGroup, group.id);
    const page = await t.okta.applications.listForUser(user.id, { expandAppUser: true });
    expect(page.items.map((a) => [a.id, a._embedded?.user?.id, a._embedded?.user?.scope])).toEqual(
      [
        [direct, user.id, 'USER'],
        [viaGroup, user.id, 'GROUP'],
      ].sort(),
    );
  });

  it("iterates a user's apps without embedding assignments", async () => {
    const user = await newUser();
    const app = await newApp();
    await t.okta.applications.assignUser(app, { id: user.id });
    const seen: [string, unknown][] = [];
    for await (const a of t.okta.applications.iterateForUser(user.id))
      seen.push([a.id, a._embedded]);
    expect(seen).toEqual([[app, undefined]]);
  });

  it("lists a group's apps by the group.id filter", async () => {
    const group = await newGroup();
    const app = await newApp();
    await t.okta.applications.assignGroup(app, group.id);
    const page = await t.okta.applications.listForGroup(group.id);
    expect(page.items.map((a) => a.id)).toEqual([app]);
  });

  it('refuses a user id that is not an Okta id instead of placing it in the filter', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.applications.listForUser('00u1" or status eq "ACTIVE'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('application users', () => {
  it('assigns a user directly and reads the assignment back', async () => {
    const user = await newUser();
    const app = await newApp();
    const assigned = await t.okta.applications.assignUser(app, {
      id: user.id,
      scope: 'USER',
      profile: { role: 'editor' },
    });
    const read = await t.okta.applications.getUser(app, user.id);
    expect([assigned.scope, read.id, read.profile, lastEventType()]).toEqual([
      'USER',
      user.id,
      { role: 'editor' },
      'application.user_membership.add',
    ]);
  });

  it('embeds the Okta user with expandUser', async () => {
    const user = await newUser();
    const app = await newApp();
    await t.okta.applications.assignUser(app, { id: user.id });
    const read = await t.okta.applications.getUser(app, user.id, { expandUser: true });
    expect(read._embedded?.user?.profile.login).toBe(user.profile.login);
  });

  it("updates the assignment's app profile", async () => {
    const user = await newUser();
    const app = await newApp();
    await t.okta.applications.assignUser(app, { id: user.id });
    const updated = await t.okta.applications.updateUser(app, user.id, {
      profile: { tier: 'gold' },
    });
    expect(updated.profile).toEqual({ tier: 'gold' });
  });

  it('lists the users of an app, searching by name prefix', async () => {
    const app = await newApp();
    const [a, b] = [await newUser('Quinn'), await newUser('Quentin')];
    await newUser('Other');
    await t.okta.applications.assignUser(app, { id: a.id });
    await t.okta.applications.assignUser(app, { id: b.id });
    const page = await t.okta.applications.listUsers(app, { q: 'Qu', expandUser: true });
    expect(page.items.map((u) => [u.id, u._embedded?.user?.profile.firstName])).toEqual(
      [
        [a.id, 'Quinn'],
        [b.id, 'Quentin'],
      ].sort(),
    );
  });

  it('iterates the users of an app page by page', async () => {
    const app = await newApp();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await newUser();
      await t.okta.applications.assignUser(app, { id: user.id });
      ids.push(user.id);
    }
    const seen: string[] = [];
    for await (const u of t.okta.applications.iterateUsers(app, {}, { pageSize: 2 }))
      seen.push(u.id);
    expect(seen).toEqual(ids.sort());
  });

  it('unassigns a direct user', async () => {
    const user = await newUser();
    const app = await newApp();
    await t.okta.applications.assignUser(app, { id: user.id });
    await t.okta.applications.unassignUser(app, user.id);
    const error = await rejectionOf(t.okta.applications.getUser(app, user.id));
    expect([error instanceof OktaNotFoundError, lastEventType()]).toEqual([
      true,
      'application.user_membership.remove',
    ]);
  });

  it('refuses an assignment body whose id is not an Okta id, before any call', async () => {
    const app = await newApp();
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(
      t.okta.applications.assignUser(app, { id: 'login@example.com' }),
    );
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('application groups', () => {
  it('assigns a group with a priority and gives its members the app', async () => {
    const app = await newApp();
    const group = await newGroup();
    const member = await newUser();
    await t.okta.groups.addMember(group.id, member.id);
    const assignment = await t.okta.applications.assignGroup(app, group.id, { priority: 3 });
    const appUser = await t.okta.applications.getUser(app, member.id);
    expect([assignment.id, assignment.priority, appUser.scope]).toEqual([group.id, 3, 'GROUP']);
  });

  it('reads a group assignment back', async () => {
    const app = await newApp();
    const group = await newGroup();
    await t.okta.applications.assignGroup(app, group.id, { profile: { role: 'viewer' } });
    const read = await t.okta.applications.getGroup(app, group.id);
    expect([read.id, read.profile]).toEqual([group.id, { role: 'viewer' }]);
  });

  it('embeds the Okta group with expandGroup', async () => {
    const app = await newApp();
    const group = await newGroup();
    await t.okta.applications.assignGroup(app, group.id);
    const read = await t.okta.applications.getGroup(app, group.id, { expandGroup: true });
    expect(read._embedded?.group?.profile.name).toBe(group.profile.name);
  });

  it('lists group assignments with the groups embedded', async () => {
    const app = await newApp();
    const [g1, g2] = [await newGroup(), await newGroup()];
    await t.okta.applications.assignGroup(app, g1.id);
    await t.okta.applications.assignGroup(app, g2.id);
    const page = await t.okta.applications.listGroups(app, { expandGroup: true });
    expect(page.items.map((a) => [a.id, a._embedded?.group?.profile.name])).toEqual(
      [
        [g1.id, g1.profile.name],
        [g2.id, g2.profile.name],
      ].sort(),
    );
  });

  it('iterates group assignments page by page', async () => {
    const app = await newApp();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const group = await newGroup();
      await t.okta.applications.assignGroup(app, group.id);
      ids.push(group.id);
    }
    const seen: string[] = [];
    for await (const a of t.okta.applications.iterateGroups(app, {}, { pageSize: 2 }))
      seen.push(a.id);
    expect(seen).toEqual(ids.sort());
  });

  it('unassigns a group, and its members lose the app', async () => {
    const app = await newApp();
    const group = await newGroup();
    const member = await newUser();
    await t.okta.groups.addMember(group.id, member.id);
    await t.okta.applications.assignGroup(app, group.id);
    await t.okta.applications.unassignGroup(app, group.id);
    const [groupGone, userGone] = [
      await rejectionOf(t.okta.applications.getGroup(app, group.id)),
      await rejectionOf(t.okta.applications.getUser(app, member.id)),
    ];
    expect([groupGone instanceof OktaNotFoundError, userGone instanceof OktaNotFoundError]).toEqual(
      [true, true],
    );
  });

  it('answers 404 E0000007 when assigning a group Okta does not know', async () => {
    const app = await newApp();
    const error = (await rejectionOf(
      t.okta.applications.assignGroup(app, '00gNOSUCHGROUP000000'),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([404, 'E0000007']);
  });
});
