import { describe, expect, it } from 'vitest';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface AppLink {
  id: string;
  label: string;
  linkUrl: string;
  logoUrl: string;
  appName: string;
  appInstanceId: string;
  appAssignmentId: string;
  credentialsSetup: boolean;
  hidden: boolean;
  sortOrder: number;
}

const h: SimHarness = useSimulator();

describe('app links', () => {
  it('gives a demo user a link, with URLs, for each active app they are assigned, directly or through a group', async () => {
    const org = h.sim.org;
    const user = [...org.users.values()]
      .filter((u) => u.status === 'ACTIVE')
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .find((u) => [...org.apps.values()].some((a) => a.users.get(u.id)?.direct)) as {
      id: string;
    };
    const assigned = [...org.apps.values()]
      .filter((a) => a.status === 'ACTIVE' && a.users.has(user.id))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(assigned.some((a) => !a.users.get(user.id)?.direct)).toBe(true);

    const res = await h.api<AppLink[]>('GET', `/api/v1/users/${user.id}/appLinks`);
    expect(res.status).toBe(200);
    expect(res.body.map((l) => l.appInstanceId)).toEqual(assigned.map((a) => a.id));
    res.body.forEach((link, i) => {
      const app = assigned[i] as { id: string; name: string; label: string };
      expect(link).toEqual({
        id: user.id,
        label: app.label,
        linkUrl: `${h.sim.url}/home/${app.name}/${app.id}/${app.name}`,
        logoUrl: `${h.sim.url}/assets/img/logos/default.png`,
        appName: app.name,
        appInstanceId: app.id,
        appAssignmentId: expect.stringMatching(/^0ua[0-9A-Za-z]{17}$/),
        credentialsSetup: false,
        hidden: link.hidden,
        sortOrder: i,
      });
    });
  });

  it('adds a link when the user joins a group the app is assigned to, and drops it when they leave', async () => {
    const login = `links.${Date.now()}@example.com`;
    const user = (
      await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: { profile: { firstName: 'Link', lastName: 'Holder', email: login, login } },
      })
    ).body;
    const app = (
      await h.api<{ id: string; name: string }>('POST', '/api/v1/apps', {
        body: {
          label: `Wiki ${Date.now()}`,
          signOnMode: 'BOOKMARK',
          settings: { app: { url: 'https://wiki.example.com' } },
        },
      })
    ).body;
    const group = (
      await h.api<{ id: string }>('POST', '/api/v1/groups', {
        body: { profile: { name: `Wiki readers ${Date.now()}` } },
      })
    ).body;
    await h.api('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`, { body: {} });
    const links = async () =>
      (await h.api<AppLink[]>('GET', `/api/v1/users/${user.id}/appLinks`)).body
        .filter((l) => l.appInstanceId === app.id)
        .map((l) => l.linkUrl);
    expect(await links()).toEqual([]);
    await h.api('PUT', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(await links()).toEqual([`${h.sim.url}/home/bookmark/${app.id}/bookmark`]);
    await h.api('DELETE', `/api/v1/groups/${group.id}/users/${user.id}`);
    expect(await links()).toEqual([]);
  });
});
