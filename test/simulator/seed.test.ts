import { describe, expect, it } from 'vitest';
import { CUSTOM_ATTRIBUTES } from '../../src/simulator/seed/people-data.ts';
import {
  DEMO_PASSWORD,
  MAX_HISTORY_EVENTS,
  type SeedSize,
  seedOrg,
} from '../../src/simulator/seed.ts';
import {
  type LogEvent,
  Org,
  type SimulatorSettings,
  type UserStatus,
} from '../../src/simulator/store.ts';
import { useSimulator } from '../support/simulator.ts';

const ALL_STATUSES: UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

function seeded(seed: number, size: SeedSize = 'demo'): { org: Org; token: string } {
  // Seeding reads no setting; the rest of SimulatorSettings matters only to a running server.
  const org = new Org(seed, { searchLagMs: 0 } as SimulatorSettings);
  const token = seedOrg(org, { size, apiToken: '00seed-test-token' });
  return { org, token };
}

/** Everything the seed promises to repeat for the same seed: ids, logins, memberships. */
function identity(org: Org) {
  return {
    users: [...org.users.values()].map((u) => [u.id, u.profile.login, u.status]),
    groups: [...org.groups.values()].map((g) => [
      g.id,
      g.profile.name,
      g.type,
      [...g.members].sort(),
    ]),
    apps: [...org.apps.values()].map((a) => [
      a.id,
      a.label,
      [...a.users.keys()].sort(),
      [...a.groups.keys()].sort(),
    ]),
  };
}

type Actor = { id: string; type: string };
type Client = {
  ipAddress: string;
  userAgent: { rawUserAgent: string };
  geographicalContext: { country: string };
};
type Target = { id: string; type: string };
const actorOf = (e: LogEvent) => e.actor as Actor;
const clientOf = (e: LogEvent) => e.client as Client;
const targetsOf = (e: LogEvent) => e.target as Target[];

describe('seedOrg', () => {
  const demo = seeded(42).org;
  const events = demo.log.map((p) => p.event);
  const ofType = (type: string) => events.filter((e) => e.eventType === type);

  describe('determinism', () => {
    it('builds the same ids, logins and memberships from the same seed', () => {
      expect(identity(seeded(42).org)).toEqual(identity(demo));
    });

    it('builds a different org from a different seed', () => {
      const other = seeded(43).org;
      const ids = new Set(demo.users.keys());
      expect([...other.users.keys()].filter((id) => ids.has(id))).toEqual([]);
      const logins = [...demo.users.values()].map((u) => u.profile.login);
      expect([...other.users.values()].map((u) => u.profile.login)).not.toEqual(logins);
    });
  });

  describe('the empty org', () => {
    const { org, token } = seeded(42, 'empty');
    const [admin] = [...org.users.values()];

    it('holds only the API token admin: an ACTIVE user with every scope', () => {
      expect(org.users.size).toBe(1);
      expect(admin?.status).toBe('ACTIVE');
      expect(admin?.profile.login).toBe('admin@acme.example');
      expect(org.apiTokens.get(token)).toEqual({
        kind: 'ssws',
        id: admin?.id,
        displayName: 'Acme Admin',
        alternateId: 'admin@acme.example',
        scopes: null,
      });
    });

    it('holds only the BUILT_IN Everyone group, with the admin in it', () => {
      const everyone = org.groups.get(org.everyoneGroupId);
      expect(org.groups.size).toBe(1);
      expect(everyone?.type).toBe('BUILT_IN');
      expect(everyone?.profile.name).toBe('Everyone');
      expect([...(everyone?.members ?? [])]).toEqual([admin?.id]);
    });

    it('has no apps and no System Log history', () => {
      expect(org.apps.size).toBe(0);
      expect(org.log).toEqual([]);
    });
  });

  describe('users', () => {
    const users = [...demo.users.values()];

    it('seeds 250 users in every status, most of them ACTIVE', () => {
      const counts = new Map<string, number>();
      for (const u of users) counts.set(u.status, (counts.get(u.status) ?? 0) + 1);
      expect(users).toHaveLength(250);
      expect([...counts.keys()].sort()).toEqual([...ALL_STATUSES].sort());
      expect(counts.get('ACTIVE')).toBeGreaterThan(200);
      for (const status of ALL_STATUSES) expect(counts.get(status)).toBeGreaterThanOrEqual(2);
    });

    it('gives every user a unique login and email on the company domain', () => {
      const logins = users.map((u) => String(u.profile.login));
      expect(new Set(logins).size).toBe(250);
      for (const u of users) {
        expect(u.profile.login).toMatch(/^[a-z0-9.]+@acme\.example$/);
        expect(u.profile.email).toBe(u.profile.login);
      }
    });

    it('fills the base profile with titles, departments, cities and managers who are users too', () => {
      const people = users.filter((u) => u.profile.login !== 'admin@acme.example');
      for (const u of people) {
        expect(typeof u.profile.title).toBe('string');
        expect(typeof u.profile.department).toBe('string');
        expect(typeof u.profile.city).toBe('string');
      }
      expect(new Set(people.map((u) => u.profile.department)).size).toBe(11);
      expect(new Set(people.map((u) => u.profile.city)).size).toBe(9);
      const managed = people.filter((u) => u.profile.managerId !== undefined);
      expect(managed.length).toBe(people.length - 1); // all but the CEO
      for (const u of managed) {
        const manager = demo.users.get(String(u.profile.managerId));
        expect(`${manager?.profile.firstName} ${manager?.profile.lastName}`).toBe(
          u.profile.manager,
        );
      }
    });

    it('registers the custom attributes in the user schema as Okta JSON-Schema properties', () => {
      expect(Object.fromEntries(demo.customSchema)).toEqual(CUSTOM_ATTRIBUTES);
      expect([...demo.customSchema.keys()]).toEqual([
        'isContractor',
        'startDate',
        'securityClearance',
        'badgeNumber',
        'skills',
      ]);
    });

    it('carries the custom attributes on users, typed as the schema says', () => {
      const jsonType = (value: unknown) =>
        Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
      const carried = new Map<string, number>();
      for (const u of users) {
        for (const [name, property] of demo.customSchema) {
          const value = u.profile[name];
          if (value === undefined) continue;
          carried.set(name, (carried.get(name) ?? 0) + 1);
          expect(jsonType(value)).toBe(property.type);
          if (property.enum) expect(property.enum).toContain(value);
        }
      }
      for (const name of demo.customSchema.keys()) expect(carried.get(name)).toBeGreaterThan(50);
    });

    it('keeps the base attributes employeeNumber and costCenter out of the custom schema', () => {
      expect(demo.customSchema.has('employeeNumber')).toBe(false);
      expect(demo.customSchema.has('costCenter')).toBe(false);
      const engineer = users.find((u) => u.profile.department === 'Engineering');
      expect(engineer?.profile.costCenter).toBe('CC-2100');
      expect(engineer?.profile.employeeNumber).toMatch(/^C?1\d{5}$/);
    });

    it('gives every user who was ever activated the documented demo password', () => {
      for (const u of users) {
        const everActivated = u.activated !== null;
        expect(u.password?.value).toBe(everActivated ? DEMO_PASSWORD : undefined);
      }
      expect(users.filter((u) => u.status === 'STAGED').every((u) => !u.password)).toBe(true);
      expect(users.filter((u) => u.status === 'PROVISIONED').every((u) => !u.password)).toBe(true);
    });

    it('gives some users a recovery question', () => {
      const withQuestion = users.filter((u) => u.recoveryQuestion);
      expect(withQuestion.length).toBeGreaterThan(50);
      expect(withQuestion.length).toBeLessThan(users.length);
      for (const u of withQuestion)
        expect(u.recoveryQuestion?.answer.length).toBeGreaterThanOrEqual(4);
    });

    it('dates every user in the past, in lifecycle order', () => {
      const now = new Date().toISOString();
      for (const u of users) {
        expect(u.created < now).toBe(true);
        expect(u.lastUpdated >= u.created).toBe(true);
        if (u.activated) expect(u.activated >= u.created).toBe(true);
        if (u.lastLogin) expect(u.lastLogin > u.created && u.lastLogin < now).toBe(true);
        if (u.statusChanged) expect(u.statusChanged >= u.created).toBe(true);
      }
      for (const u of users.filter((u) => u.status === 'STAGED')) {
        expect([u.activated, u.statusChanged, u.lastLogin]).toEqual([null, null, null]);
      }
    });
  });

  describe('groups', () => {
    const groups = [...demo.groups.values()];

    it('seeds 25 groups: Everyone, Okta groups and groups imported from Active Directory', () => {
      const types = new Map<string, number>();
      for (const g of groups) types.set(g.type, (types.get(g.type) ?? 0) + 1);
      expect(groups).toHaveLength(25);
      expect(Object.fromEntries(types)).toEqual({ BUILT_IN: 1, OKTA_GROUP: 18, APP_GROUP: 6 });
    });

    it('puts every user in Everyone', () => {
      const everyone = demo.groups.get(demo.everyoneGroupId);
      expect(everyone?.type).toBe('BUILT_IN');
      expect(everyone?.members.size).toBe(demo.users.size);
    });

    it('imports the APP_GROUPs from the Active Directory app, with AD profiles', () => {
      const ad = [...demo.apps.values()].find((a) => a.name === 'active_directory');
      const imported = groups.filter((g) => g.type === 'APP_GROUP');
      for (const g of imported) {
        expect(g.sourceAppId).toBe(ad?.id);
        expect(g.profile.windowsDomainQualifiedName).toBe(`CORP\\${g.profile.name}`);
        expect(g.profile.dn).toMatch(/^CN=.+,DC=corp,DC=acme,DC=example$/);
      }
      expect(groups.filter((g) => g.type !== 'APP_GROUP' && g.sourceAppId)).toEqual([]);
    });

    it('keeps user-to-group indexes in step with group members', () => {
      for (const g of groups) {
        for (const userId of g.members) expect(demo.userGroups.get(userId)?.has(g.id)).toBe(true);
      }
    });

    it('puts each user in the group of their department', () => {
      const engineering = groups.find((g) => g.profile.name === 'Engineering');
      const engineers = [...demo.users.values()].filter(
        (u) => u.profile.department === 'Engineering',
      );
      expect([...(engineering?.members ?? [])].sort()).toEqual(engineers.map((u) => u.id).sort());
    });
  });

  describe('applications', () => {
    const apps = [...demo.apps.values()];

    it('seeds ten apps across the common sign-on modes, one of them deactivated', () => {
      expect(apps.map((a) => [a.label, a.name, a.signOnMode, a.status])).toEqual([
        ['corp.acme.example', 'active_directory', 'AUTO_LOGIN', 'ACTIVE'],
        ['Slack', 'slack', 'SAML_2_0', 'ACTIVE'],
        ['Salesforce', 'salesforce', 'SAML_2_0', 'ACTIVE'],
        ['Zoom', 'zoomus', 'SAML_2_0', 'ACTIVE'],
        ['GitHub Enterprise', 'acmecorp_githubenterprise_1', 'SAML_2_0', 'ACTIVE'],
        ['Acme Intranet', 'bookmark', 'BOOKMARK', 'ACTIVE'],
        ['Benefits Portal', 'template_swa', 'BROWSER_PLUGIN', 'ACTIVE'],
        ['Jenkins Build Server', 'template_basic_auth', 'BASIC_AUTH', 'INACTIVE'],
        ['Expense Portal', 'oidc_client', 'OPENID_CONNECT', 'ACTIVE'],
        ['HR Sync Service', 'oidc_client', 'OPENID_CONNECT', 'ACTIVE'],
      ]);
    });

    it('makes the OIDC apps OAuth clients whose client_id is the app id', () => {
      for (const app of apps.filter((a) => a.signOnMode === 'OPENID_CONNECT')) {
        const credentials = app.body.credentials as { oauthClient: { client_id: string } };
        expect(credentials.oauthClient.client_id).toBe(app.id);
      }
      const service = apps.find((a) => a.label === 'HR Sync Service');
      expect([...(service?.grants.values() ?? [])].map((g) => g.scopeId)).toEqual([
        'okta.users.manage',
        'okta.groups.manage',
        'okta.users.read',
      ]);
    });

    it('assigns Slack to Everyone, so every user not deprovisioned is a Slack user through the group', () => {
      const slack = apps.find((a) => a.label === 'Slack');
      expect([...(slack?.groups.keys() ?? [])]).toEqual([demo.everyoneGroupId]);
      const expected = [...demo.users.values()].filter((u) => u.status !== 'DEPROVISIONED');
      expect([...(slack?.users.keys() ?? [])].sort()).toEqual(expected.map((u) => u.id).sort());
      expect(slack?.users.get(expected[1]?.id ?? '')?.viaGroups.has(demo.everyoneGroupId)).toBe(
        true,
      );
    });

    it('assigns some users directly (scope USER) beside group assignments', () => {
      const zoom = apps.find((a) => a.label === 'Zoom');
      const direct = [...(zoom?.users.values() ?? [])].filter((au) => au.direct);
      const viaGroup = [...(zoom?.users.values() ?? [])].filter((au) => !au.direct);
      expect(direct.length).toBeGreaterThan(5);
      expect(viaGroup.length).toBeGreaterThan(50);
    });

    it('leaves deprovisioned users without app assignments', () => {
      const gone = [...demo.users.values()].filter((u) => u.status === 'DEPROVISIONED');
      for (const app of apps) for (const u of gone) expect(app.users.has(u.id)).toBe(false);
    });
  });

  describe('System Log history', () => {
    it('holds several thousand events of the last seven days, in ascending persistence order', () => {
      const now = Date.now();
      expect(events.length).toBeGreaterThan(3_000);
      expect(demo.log.map((p) => p.seq)).toEqual(demo.log.map((_, i) => i + 1));
      for (let i = 1; i < events.length; i++) {
        expect(events[i]?.published >= (events[i - 1]?.published ?? '')).toBe(true);
      }
      const first = Date.parse(events[0]?.published ?? '');
      const last = Date.parse(events.at(-1)?.published ?? '');
      expect(first).toBeGreaterThan(now - 7 * 24 * 3_600_000);
      expect(last).toBeLessThan(now);
    });

    it('holds sign-ins by many different users', () => {
      const signIns = ofType('user.session.start').filter(
        (e) => (e.outcome as { result: string }).result === 'SUCCESS',
      );
      expect(signIns.length).toBeGreaterThan(500);
      expect(new Set(signIns.map((e) => actorOf(e).id)).size).toBeGreaterThan(150);
    });

    it('holds SSO to the apps each user is assigned, with AppInstance targets', () => {
      const sso = ofType('user.authentication.sso');
      expect(sso.length).toBeGreaterThan(1_000);
      for (const e of sso) {
        const [instance, appUser] = targetsOf(e);
        const app = demo.apps.get(instance?.id ?? '');
        expect(instance?.type).toBe('AppInstance');
        expect(appUser?.type).toBe('AppUser');
        expect(app?.users.has(actorOf(e).id)).toBe(true);
      }
      expect(new Set(sso.map((e) => targetsOf(e)[0]?.id)).size).toBe(7);
    });

    it('comes from several clients: browsers, phones, addresses and countries', () => {
      const clients = events.map(clientOf);
      expect(new Set(clients.map((c) => c.userAgent.rawUserAgent)).size).toBeGreaterThanOrEqual(10);
      expect(new Set(clients.map((c) => c.ipAddress)).size).toBeGreaterThan(100);
      expect(
        new Set(clients.map((c) => c.geographicalContext.country)).size,
      ).toBeGreaterThanOrEqual(7);
    });

    it('holds MFA, failed sign-ins and lockouts', () => {
      expect(ofType('user.authentication.auth_via_mfa').length).toBeGreaterThan(300);
      const failures = ofType('user.session.start').filter(
        (e) => (e.outcome as { result: string }).result === 'FAILURE',
      );
      expect(failures.length).toBeGreaterThan(10);
      expect(ofType('user.account.lock').length).toBeGreaterThanOrEqual(3);
    });

    it('holds the changes of a few admins and of the HR sync service app', () => {
      const changes = events.filter((e) =>
        /^(user\.lifecycle|group\.|application\.)/.test(e.eventType),
      );
      const actors = new Set(changes.map((e) => `${actorOf(e).type}:${actorOf(e).id}`));
      const admins = [...actors].filter((a) => a.startsWith('User:'));
      expect(admins).toHaveLength(3);
      expect([...actors].filter((a) => a.startsWith('PublicClientApp:'))).toHaveLength(1);
    });

    it('agrees with the final state: suspended and deactivated users changed when the log says', () => {
      for (const [type, status] of [
        ['user.lifecycle.suspend', 'SUSPENDED'],
        ['user.lifecycle.deactivate', 'DEPROVISIONED'],
        ['user.account.expire_password', 'PASSWORD_EXPIRED'],
      ] as const) {
        const changed = ofType(type);
        expect(changed.length).toBeGreaterThan(0);
        for (const e of changed) {
          const user = demo.users.get(targetsOf(e)[0]?.id ?? '');
          expect([user?.status, user?.statusChanged]).toEqual([status, e.published]);
        }
      }
    });

    it('sets lastLogin to the latest successful sign-in in the log', () => {
      const latest = new Map<string, string>();
      for (const e of ofType('user.session.start')) {
        if ((e.outcome as { result: string }).result === 'SUCCESS')
          latest.set(actorOf(e).id, e.published);
      }
      expect(latest.size).toBeGreaterThan(150);
      for (const [userId, published] of latest)
        expect(demo.users.get(userId)?.lastLogin).toBe(published);
    });

    it('logs the creation of this week’s new hires, who are now STAGED, PROVISIONED or ACTIVE', () => {
      const created = ofType('user.lifecycle.create').map((e) =>
        demo.users.get(targetsOf(e)[0]?.id ?? ''),
      );
      expect(created.length).toBeGreaterThan(5);
      for (const user of created) {
        expect(['STAGED', 'PROVISIONED', 'ACTIVE']).toContain(user?.status);
      }
    });
  });

  describe('a large org', () => {
    it('builds 20,000 users and 800 groups within a generous bound, with a bounded history', () => {
      const started = performance.now();
      const { org } = seeded(7, { users: 20_000, groups: 800 });
      const elapsed = Math.round(performance.now() - started);
      console.log(
        `seeded 20,000 users / 800 groups / ${org.apps.size} apps / ${org.log.length} events in ${elapsed} ms`,
      );
      expect([org.users.size, org.groups.size, org.apps.size]).toEqual([20_000, 800, 10]);
      expect(org.log.length).toBeGreaterThan(10_000);
      expect(org.log.length).toBeLessThanOrEqual(MAX_HISTORY_EVENTS + 200);
      expect(elapsed).toBeLessThan(60_000);

      // Memberships: a few big groups, a long tail of small ones.
      const sizes = [...org.groups.values()]
        .filter((g) => g.type === 'OKTA_GROUP')
        .map((g) => g.members.size)
        .sort((a, b) => b - a);
      const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
      expect(sizes[0]).toBeGreaterThan(20 * median);
      expect(median).toBeGreaterThan(0);
      expect(org.groups.get(org.everyoneGroupId)?.members.size).toBe(20_000);
    });

    it('builds the apps it is asked for beyond the demo catalogue, with unique labels', () => {
      const { org } = seeded(7, { users: 300, groups: 60, apps: 30 });
      const labels = [...org.apps.values()].map((a) => a.label);
      expect(labels).toHaveLength(30);
      expect(new Set(labels).size).toBe(30);
    });

    it('refuses a size that is not a positive whole number', () => {
      expect(() => seeded(1, { users: 0, groups: 5 })).toThrow(
        'seed size: users must be an integer >= 1, got 0',
      );
      expect(() => seeded(1, { users: 10, groups: 1.5 })).toThrow(
        'seed size: groups must be an integer >= 1, got 1.5',
      );
    });
  });
});

describe('the seeded demo org through the API', () => {
  // The harness validates every answer against Okta's OpenAPI document.
  const h = useSimulator({ seed: 42 });

  it('lists the seeded users, hiding DEPROVISIONED ones as Okta does', async () => {
    const res = await h.api<{ id: string; status: string }[]>('GET', '/api/v1/users?limit=200');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(200);
    expect(res.body.some((u) => u.status === 'DEPROVISIONED')).toBe(false);
  });

  it('answers one user of each status with its profile and custom attributes', async () => {
    for (const status of ALL_STATUSES) {
      const user = [...h.sim.org.users.values()].find(
        (u) => u.status === status && u.profile.securityClearance !== undefined,
      );
      const res = await h.api<{ status: string; profile: Record<string, unknown> }>(
        'GET',
        `/api/v1/users/${user?.id}`,
      );
      expect([res.status, res.body.status]).toEqual([200, status]);
      expect(res.body.profile.securityClearance).toBe(user?.profile.securityClearance);
    }
  });

  it('answers every seeded group, with member counts', async () => {
    const res = await h.api<
      { id: string; type: string; _embedded: { stats: { usersCount: number } } }[]
    >('GET', '/api/v1/groups?limit=200&expand=stats');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(25);
    const everyone = res.body.find((g) => g.type === 'BUILT_IN');
    expect(everyone?._embedded.stats.usersCount).toBe(250);
    for (const group of res.body) {
      expect((await h.api('GET', `/api/v1/groups/${group.id}`)).status).toBe(200);
    }
  });

  it('answers every seeded app with its users and group assignments', async () => {
    const res = await h.api<{ id: string; signOnMode: string }[]>('GET', '/api/v1/apps?limit=200');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(10);
    for (const app of res.body) {
      expect((await h.api('GET', `/api/v1/apps/${app.id}`)).status).toBe(200);
      expect((await h.api('GET', `/api/v1/apps/${app.id}/users?limit=500`)).status).toBe(200);
      expect((await h.api('GET', `/api/v1/apps/${app.id}/groups`)).status).toBe(200);
    }
  });

  it('answers the user schema with the custom attributes', async () => {
    const res = await h.api<{ definitions: { custom: { properties: Record<string, unknown> } } }>(
      'GET',
      '/api/v1/meta/schemas/user/default',
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.definitions.custom.properties)).toEqual(
      Object.keys(CUSTOM_ATTRIBUTES),
    );
  });

  it('answers the seeded System Log history', async () => {
    const until = encodeURIComponent(new Date().toISOString());
    const res = await h.api<{ eventType: string }[]>(
      'GET',
      `/api/v1/logs?limit=1000&until=${until}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1000);
  });

  it('lets a seeded user change the documented demo password', async () => {
    const user = [...h.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.recoveryQuestion,
    );
    const res = await h.api<{ password: Record<string, never> }>(
      'POST',
      `/api/v1/users/${user?.id}/credentials/change_password`,
      {
        body: {
          oldPassword: { value: DEMO_PASSWORD },
          newPassword: { value: 'An0ther-Passw0rd!' },
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.password).toEqual({});
  });
});
