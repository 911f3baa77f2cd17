import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

type Json = Record<string, unknown>;

interface App {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  created: string;
  lastUpdated: string;
  credentials: Json & { oauthClient?: Json; signing?: Json };
  settings: Json & { app?: Json; oauthClient?: Json; signOn?: Json };
  _links: Json;
  _embedded?: Json;
}

interface AppUser {
  id: string;
  scope: 'USER' | 'GROUP';
  status: string;
  credentials?: { userName?: string; password?: Json };
  profile: Json;
  _links: Json;
  _embedded?: Json;
}

interface AppGroup {
  id: string;
  priority: number;
  profile: Json;
  lastUpdated: string;
  _links: Json;
  _embedded?: Json;
}

interface Grant {
  id: string;
  status: string;
  issuer: string;
  clientId: string;
  scopeId: string;
  source: string;
  createdBy: Json;
  _links: Json;
  _embedded?: Json;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const publicJwk = () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'key-1' };
};

const rsaPublicJwk = () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'rsa-1' };
};

const bookmarkBody = (label: string) => ({
  label,
  signOnMode: 'BOOKMARK',
  settings: { app: { url: 'https://example.com/wiki' } },
});

const serviceAppBody = (label: string, keys: unknown[] = [publicJwk()]) => ({
  name: 'oidc_client',
  label,
  signOnMode: 'OPENID_CONNECT',
  credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
  settings: {
    oauthClient: {
      application_type: 'service',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      jwks: { keys },
    },
  },
});

function fixtures(h: SimHarness) {
  let n = 0;
  return {
    async user(firstName = 'Ada', lastName = 'Tester') {
      n++;
      const login = `${firstName.toLowerCase()}${n}.${Date.now()}@example.com`;
      const res = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: { profile: { firstName, lastName, email: login, login } },
      });
      expect(res.status).toBe(200);
      return { id: res.body.id, login };
    },
    async group(name: string) {
      const res = await h.api<{ id: string }>('POST', '/api/v1/groups', {
        body: { profile: { name } },
      });
      expect(res.status).toBe(200);
      return res.body;
    },
    async app(body: Json, query = '') {
      const res = await h.api<App>('POST', `/api/v1/apps${query}`, { body });
      expect(res.status).toBe(200);
      return res.body;
    },
    async member(groupId: string, userId: string) {
      expect((await h.api('PUT', `/api/v1/groups/${groupId}/users/${userId}`)).status).toBe(204);
    },
  };
}

function eventsAfter(h: SimHarness, mark: number, eventType?: string): LogEvent[] {
  return h.sim.org.log
    .slice(mark)
    .map((p) => p.event)
    .filter((e) => eventType === undefined || e.eventType === eventType);
}

const targetsOf = (event: LogEvent | undefined) =>
  ((event?.target ?? []) as { id: string; type: string }[]).map((t) => ({
    id: t.id,
    type: t.type,
  }));

/** The public keys Okta keeps for an OAuth client app. */
const jwksOf = (app: App): Json[] =>
  ((app.settings.oauthClient?.jwks ?? { keys: [] }) as { keys: Json[] }).keys;

const linksOf = (headers: Headers) => (headers.get('link') ?? '').split(/,\s*(?=<)/);

const filterQuery = (expression: string) => `filter=${encodeURIComponent(expression)}`;

describe('applications: create, read, replace, lifecycle, delete', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('creates an ACTIVE bookmark app with its settings and lifecycle links', async () => {
    const res = await h.api<App>('POST', '/api/v1/apps', { body: bookmarkBody('Wiki') });
    expect(res.status).toBe(200);
    const self = `${h.sim.url}/api/v1/apps/${res.body.id}`;
    expect(res.body.id).toMatch(/^0oa[0-9A-Za-z]{17}$/);
    expect([res.body.name, res.body.label, res.body.status, res.body.signOnMode]).toEqual([
      'bookmark',
      'Wiki',
      'ACTIVE',
      'BOOKMARK',
    ]);
    expect(res.body.settings.app).toEqual({ url: 'https://example.com/wiki' });
    expect(res.body._links.self).toEqual({ href: self });
    expect(res.body._links.users).toEqual({ href: `${self}/users` });
    expect(res.body._links.groups).toEqual({ href: `${self}/groups` });
    expect(res.body._links.deactivate).toEqual({
      href: `${self}/lifecycle/deactivate`,
      method: 'POST',
    });
  });

  it('logs application.lifecycle.create then activate for an app created active', async () => {
    const mark = h.sim.org.log.length;
    const app = await make.app(bookmarkBody('Logged'));
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual([
      'application.lifecycle.create',
      'application.lifecycle.activate',
    ]);
    expect(targetsOf(events[0])).toEqual([{ id: app.id, type: 'AppInstance' }]);
  });

  it('creates an INACTIVE app with activate=false and logs only its creation', async () => {
    const mark = h.sim.org.log.length;
    const app = await make.app(bookmarkBody('Dormant'), '?activate=false');
    expect(app.status).toBe('INACTIVE');
    expect(app._links.activate).toEqual({
      href: `${h.sim.url}/api/v1/apps/${app.id}/lifecycle/activate`,
      method: 'POST',
    });
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual(['application.lifecycle.create']);
  });

  it('refuses an app without a label with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/apps', {
      body: { signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    expect(res.body.errorSummary).toBe('Api validation failed: label');
  });

  it('refuses an unknown sign-on mode with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/apps', {
      body: { label: 'Odd', signOnMode: 'TELEPATHY' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: signOnMode');
  });

  it('refuses a bookmark app without its URL with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/apps', {
      body: { label: 'No URL', signOnMode: 'BOOKMARK', settings: { app: {} } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'settings.app.url: The field cannot be left blank' },
    ]);
  });

  it('refuses a name that is not an app of the sign-on mode with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/apps', {
      body: { ...bookmarkBody('Misnamed'), name: 'template_sps' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: name');
  });

  it('names a custom SAML app after the org and its label and gives it a signing key', async () => {
    const app = await make.app({
      label: 'Expense Reports!',
      signOnMode: 'SAML_2_0',
      settings: { signOn: { ssoAcsUrl: 'https://sp.example.com/acs', audience: 'sp' } },
    });
    expect(app.name).toBe('simulator_expensereports_1');
    expect(app.credentials.signing?.kid).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(app.settings.signOn).toEqual({
      ssoAcsUrl: 'https://sp.example.com/acs',
      audience: 'sp',
      allowMultipleAcsEndpoints: false,
      assertionSigned: true,
      honorForceAuthn: true,
      requestCompressed: false,
      responseSigned: true,
    });
  });

  it('numbers the names of custom SAML apps with the same label', async () => {
    const body = {
      label: 'Twin',
      signOnMode: 'SAML_2_0',
      settings: { signOn: { ssoAcsUrl: 'https://sp.example.com/acs', audience: 'sp' } },
    };
    const first = await make.app(body);
    const second = await make.app(body);
    expect([first.name, second.name]).toEqual(['simulator_twin_1', 'simulator_twin_2']);
  });

  it('creates an OAuth service app whose client id is the app id and keeps its public keys', async () => {
    const jwk = publicJwk();
    const app = await make.app(serviceAppBody('Service', [jwk]));
    expect(app.credentials.oauthClient).toEqual({
      autoKeyRotation: true,
      client_id: app.id,
      token_endpoint_auth_method: 'private_key_jwt',
    });
    const keys = jwksOf(app);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ ...jwk, status: 'ACTIVE' });
    expect(keys[0]?.id).toMatch(/^pks[0-9A-Za-z]{17}$/);
    expect(h.sim.org.apps.get(app.id)?.body.settings).toMatchObject({
      oauthClient: { application_type: 'service', grant_types: ['client_credentials'] },
    });
  });

  it('marks an RSA key without `use` as a signing key', async () => {
    const jwk = rsaPublicJwk();
    const app = await make.app(serviceAppBody('RSA Service', [jwk]));
    const [key] = jwksOf(app);
    expect(key).toMatchObject({ kty: 'RSA', n: jwk.n, e: jwk.e, kid: 'rsa-1', use: 'sig' });
  });

  it('keeps dpop_bound_access_tokens where Okta puts it', async () => {
    const body = serviceAppBody('DPoP Service');
    (body.settings.oauthClient as Json).dpop_bound_access_tokens = true;
    const app = await make.app(body);
    expect(app.settings.oauthClient?.dpop_bound_access_tokens).toBe(true);
  });

  it('refuses a JWKS that carries a private key with 400 E0000001', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const res = await h.api<OktaError>('POST', '/api/v1/apps', {
      body: serviceAppBody('Leaky', [privateKey.export({ format: 'jwk' })]),
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: jwks');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: "jwks: The key must be a public key; it has the private member 'd'." },
    ]);
  });

  it('refuses private_key_jwt without keys with 400 E0000001', async () => {
    const body = serviceAppBody('Keyless');
    delete (body.settings.oauthClient as Json).jwks;
    const res = await h.api<OktaError>('POST', '/api/v1/apps', { body });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: jwks');
  });

  it('refuses a service app with a grant other than client_credentials', async () => {
    const body = serviceAppBody('Greedy');
    (body.settings.oauthClient as Json).grant_types = ['client_credentials', 'password'];
    const res = await h.api<OktaError>('POST', '/api/v1/apps', { body });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: grant_types');
  });

  it('mints a client secret for a web app that authenticates with one', async () => {
    const app = await make.app({
      name: 'oidc_client',
      label: 'Portal',
      signOnMode: 'OPENID_CONNECT',
      settings: {
        oauthClient: {
          application_type: 'web',
          grant_types: ['authorization_code'],
          redirect_uris: ['https://portal.example.com/callback'],
          response_types: ['code'],
        },
      },
    });
    expect(app.credentials.oauthClient?.token_endpoint_auth_method).toBe('client_secret_basic');
    expect(app.credentials.oauthClient?.client_secret).toMatch(/^[0-9A-Za-z]{64}$/);
  });

  it('answers an unknown app id with 404 E0000007', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/apps/0oaunknown0000000000');
    expect(res.status).toBe(404);
    expect(res.body.errorSummary).toBe(
      'Not found: Resource not found: 0oaunknown0000000000 (AppInstance)',
    );
  });

  it('replaces an app, keeping its name, client id and key ids, and logs the update', async () => {
    const jwk = publicJwk();
    const app = await make.app(serviceAppBody('Before', [jwk]));
    const keyId = jwksOf(app)[0]?.id;
    const mark = h.sim.org.log.length;
    const res = await h.api<App>('PUT', `/api/v1/apps/${app.id}`, {
      body: { ...serviceAppBody('After', [jwk]), name: 'ignored', status: 'INACTIVE' },
    });
    expect(res.status).toBe(200);
    expect([res.body.label, res.body.name, res.body.status]).toEqual([
      'After',
      'oidc_client',
      'ACTIVE',
    ]);
    expect(res.body.credentials.oauthClient?.client_id).toBe(app.id);
    expect(jwksOf(res.body)[0]?.id).toBe(keyId);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual(['application.lifecycle.update']);
  });

  it('keeps the client authentication method when a replace leaves it out', async () => {
    const jwk = publicJwk();
    const app = await make.app(serviceAppBody('Same Method', [jwk]));
    const { credentials: _, ...withoutCredentials } = serviceAppBody('Same Method', [jwk]);
    const res = await h.api<App>('PUT', `/api/v1/apps/${app.id}`, { body: withoutCredentials });
    expect(res.status).toBe(200);
    expect(res.body.credentials.oauthClient).toEqual({
      autoKeyRotation: true,
      client_id: app.id,
      token_endpoint_auth_method: 'private_key_jwt',
    });
  });

  it('refuses to change the sign-on mode of an app with 400 E0000001', async () => {
    const app = await make.app(bookmarkBody('Fixed Mode'));
    const res = await h.api<OktaError>('PUT', `/api/v1/apps/${app.id}`, {
      body: { ...serviceAppBody('Fixed Mode') },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: signOnMode');
  });

  it('refuses to delete an ACTIVE app with 403 E0000056', async () => {
    const app = await make.app(bookmarkBody('Undeletable'));
    const res = await h.api<OktaError>('DELETE', `/api/v1/apps/${app.id}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000056');
    expect(res.body.errorSummary).toBe('Delete application forbidden.');
  });

  it('deactivates with 200 {} and logs application.lifecycle.deactivate', async () => {
    const app = await make.app(bookmarkBody('To Deactivate'));
    const mark = h.sim.org.log.length;
    const res = await h.api('POST', `/api/v1/apps/${app.id}/lifecycle/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await h.api<App>('GET', `/api/v1/apps/${app.id}`)).body.status).toBe('INACTIVE');
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'application.lifecycle.deactivate',
    ]);
  });

  it('activates an inactive app and logs nothing when it is activated again', async () => {
    const app = await make.app(bookmarkBody('To Activate'), '?activate=false');
    const mark = h.sim.org.log.length;
    expect((await h.api('POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).status).toBe(200);
    expect((await h.api('POST', `/api/v1/apps/${app.id}/lifecycle/activate`)).status).toBe(200);
    expect((await h.api<App>('GET', `/api/v1/apps/${app.id}`)).body.status).toBe('ACTIVE');
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'application.lifecycle.activate',
    ]);
  });

  it('deletes an INACTIVE app (204) and logs application.lifecycle.delete', async () => {
    const app = await make.app(bookmarkBody('Doomed'), '?activate=false');
    const mark = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/apps/${app.id}`)).status).toBe(204);
    expect((await h.api('GET', `/api/v1/apps/${app.id}`)).status).toBe(404);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual(['application.lifecycle.delete']);
  });
});

describe('applications: listing', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);
  const apps: App[] = [];

  it('lists apps in id order in pages, with a next link while more remain', async () => {
    apps.push(await make.app(bookmarkBody('Payroll')));
    apps.push(await make.app(bookmarkBody('Pager'), '?activate=false'));
    apps.push(await make.app(serviceAppBody('Robot')));
    const ids = apps.map((a) => a.id).sort();
    const first = await h.api<App[]>('GET', '/api/v1/apps?limit=2');
    expect(first.body.map((a) => a.id)).toEqual(ids.slice(0, 2));
    expect(linksOf(first.headers)).toEqual([
      `<${h.sim.url}/api/v1/apps?limit=2>; rel="self"`,
      `<${h.sim.url}/api/v1/apps?limit=2&after=${ids[1]}>; rel="next"`,
    ]);
    const second = await h.api<App[]>('GET', `/api/v1/apps?limit=2&after=${ids[1]}`);
    expect(second.body.map((a) => a.id)).toEqual(ids.slice(2));
    expect(linksOf(second.headers)).toHaveLength(1);
  });

  it('caps limit at 200', async () => {
    const res = await h.api<App[]>('GET', '/api/v1/apps?limit=5000');
    expect(res.body).toHaveLength(3);
    expect(linksOf(res.headers)).toEqual([`<${h.sim.url}/api/v1/apps?limit=5000>; rel="self"`]);
  });

  it('matches q against the start of the label or the name, ignoring case', async () => {
    const byLabel = await h.api<App[]>('GET', '/api/v1/apps?q=pa');
    expect(byLabel.body.map((a) => a.label).sort()).toEqual(['Pager', 'Payroll']);
    const byName = await h.api<App[]>('GET', '/api/v1/apps?q=OIDC');
    expect(byName.body.map((a) => a.label)).toEqual(['Robot']);
  });

  it('filters by status', async () => {
    const res = await h.api<App[]>('GET', `/api/v1/apps?${filterQuery('status eq "INACTIVE"')}`);
    expect(res.body.map((a) => a.label)).toEqual(['Pager']);
  });

  it('filters by name', async () => {
    const res = await h.api<App[]>('GET', `/api/v1/apps?${filterQuery('name eq "oidc_client"')}`);
    expect(res.body.map((a) => a.label)).toEqual(['Robot']);
  });

  it('filters by user.id for apps assigned to the user directly or through a group', async () => {
    const [payroll, pager] = apps as [App, App];
    const user = await make.user();
    const group = await make.group('Pagers');
    await h.api('POST', `/api/v1/apps/${payroll.id}/users`, { body: { id: user.id } });
    await h.api('PUT', `/api/v1/apps/${pager.id}/groups/${group.id}`);
    await make.member(group.id, user.id);
    const res = await h.api<App[]>('GET', `/api/v1/apps?${filterQuery(`user.id eq "${user.id}"`)}`);
    expect(res.body.map((a) => a.id)).toEqual([payroll.id, pager.id].sort());
    expect(res.body.every((a) => a._embedded === undefined)).toBe(true);
  });

  it('embeds the app user with expand=user/{userId} next to a user.id filter', async () => {
    const [payroll] = apps as [App];
    const user = await make.user('Embedded');
    await h.api('POST', `/api/v1/apps/${payroll.id}/users`, { body: { id: user.id } });
    const res = await h.api<App[]>(
      'GET',
      `/api/v1/apps?${filterQuery(`user.id eq "${user.id}"`)}&expand=user/${user.id}`,
    );
    expect(res.body.map((a) => a.id)).toEqual([payroll.id]);
    const embedded = res.body[0]?._embedded?.user as AppUser;
    expect([embedded.id, embedded.scope, embedded.credentials?.userName]).toEqual([
      user.id,
      'USER',
      user.login,
    ]);
  });

  it('filters by group.id for apps assigned to the group', async () => {
    const [, pager, robot] = apps as [App, App, App];
    const group = await make.group('Robots and Pagers');
    await h.api('PUT', `/api/v1/apps/${robot.id}/groups/${group.id}`);
    await h.api('PUT', `/api/v1/apps/${pager.id}/groups/${group.id}`);
    const res = await h.api<App[]>(
      'GET',
      `/api/v1/apps?${filterQuery(`group.id eq "${group.id}"`)}`,
    );
    expect(res.body.map((a) => a.id)).toEqual([pager.id, robot.id].sort());
  });

  it('refuses a filter on a property Okta does not filter apps by with 400 E0000031', async () => {
    const res = await h.api<OktaError>('GET', `/api/v1/apps?${filterQuery('label eq "Robot"')}`);
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000031');
  });

  it('embeds an assigned user in a single app with expand=user/{userId}', async () => {
    const [payroll] = apps as [App];
    const user = await make.user('Single');
    await h.api('POST', `/api/v1/apps/${payroll.id}/users`, { body: { id: user.id } });
    const res = await h.api<App>('GET', `/api/v1/apps/${payroll.id}?expand=user/${user.id}`);
    expect((res.body._embedded?.user as AppUser | undefined)?.id).toBe(user.id);
  });
});

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

describe('applications: scope consent grants', () => {
  const h = useSimulator({ size: 'empty' });
  const make = fixtures(h);

  it('grants an Okta scope (201) and stores it on the app for the token endpoint', async () => {
    const app = await make.app(serviceAppBody('Granted'));
    const res = await h.api<Grant>('POST', `/api/v1/apps/${app.id}/grants`, {
      body: { issuer: h.sim.url, scopeId: 'okta.users.read' },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^oag[0-9A-Za-z]{17}$/);
    expect([res.body.status, res.body.issuer, res.body.clientId, res.body.scopeId]).toEqual([
      'ACTIVE',
      h.sim.url,
      app.id,
      'okta.users.read',
    ]);
    expect(res.body.source).toBe('ADMIN');
    expect(res.body.createdBy.type).toBe('User');
    expect(res.body._links.self).toEqual({
      href: `${h.sim.url}/api/v1/apps/${app.id}/grants/${res.body.id}`,
      hints: { allow: ['GET', 'DELETE'] },
    });
    const stored = h.sim.org.apps.get(app.id)?.grants.get(res.body.id);
    expect([stored?.scopeId, stored?.issuer, stored?.status]).toEqual([
      'okta.users.read',
      h.sim.url,
      'ACTIVE',
    ]);
  });

  it('logs app.oauth2.admin.consent.grant with the app and the scope as targets', async () => {
    const app = await make.app(serviceAppBody('Grant Logged'));
    const mark = h.sim.org.log.length;
    await h.api('POST', `/api/v1/apps/${app.id}/grants`, {
      body: { issuer: h.sim.url, scopeId: 'okta.groups.manage' },
    });
    const events = eventsAfter(h, mark);
    expect(events.map((e) => e.eventType)).toEqual(['app.oauth2.admin.consent.grant']);
    expect(targetsOf(events[0])).toEqual([
      { id: app.id, type: 'AppInstance' },
      { id: 'okta.groups.manage', type: 'Scope' },
    ]);
  });

  it('refuses a scope that is not an Okta scope with 400 E0000001', async () => {
    const app = await make.app(serviceAppBody('Bad Scope'));
    const res = await h.api<OktaError>('POST', `/api/v1/apps/${app.id}/grants`, {
      body: { issuer: h.sim.url, scopeId: 'okta.everything.manage' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: scopeId');
  });

  it('refuses an issuer other than the org authorization server with 400 E0000001', async () => {
    const app = await make.app(serviceAppBody('Bad Issuer'));
    const res = await h.api<OktaError>('POST', `/api/v1/apps/${app.id}/grants`, {
      body: { issuer: 'https://elsewhere.example.com', scopeId: 'okta.users.read' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: issuer');
  });

  it('refuses to grant a scope the app already holds with 400 E0000001', async () => {
    const app = await make.app(serviceAppBody('Twice Granted'));
    const body = { issuer: h.sim.url, scopeId: 'okta.apps.read' };
    expect((await h.api('POST', `/api/v1/apps/${app.id}/grants`, { body })).status).toBe(201);
    const again = await h.api<OktaError>('POST', `/api/v1/apps/${app.id}/grants`, { body });
    expect(again.status).toBe(400);
    expect(again.body.errorCode).toBe('E0000001');
  });

  it('lists and reads grants, embedding the scope with expand=scope', async () => {
    const app = await make.app(serviceAppBody('Listed Grants'));
    const granted: string[] = [];
    for (const scopeId of ['okta.users.read', 'okta.logs.read']) {
      const res = await h.api<Grant>('POST', `/api/v1/apps/${app.id}/grants`, {
        body: { issuer: h.sim.url, scopeId },
      });
      granted.push(res.body.id);
    }
    const list = await h.api<Grant[]>('GET', `/api/v1/apps/${app.id}/grants?expand=scope`);
    expect(list.body.map((g) => g.id)).toEqual([...granted].sort());
    expect(Object.fromEntries(list.body.map((g) => [g.scopeId, g._embedded]))).toEqual({
      'okta.users.read': { scope: { id: 'okta.users.read' } },
      'okta.logs.read': { scope: { id: 'okta.logs.read' } },
    });
    const one = await h.api<Grant>('GET', `/api/v1/apps/${app.id}/grants/${granted[1]}`);
    expect([one.body.id, one.body.scopeId, one.body._embedded]).toEqual([
      granted[1],
      'okta.logs.read',
      undefined,
    ]);
  });

  it('revokes a grant (204), logs the revocation, and then answers 404 for it', async () => {
    const app = await make.app(serviceAppBody('Revoked'));
    const grant = await h.api<Grant>('POST', `/api/v1/apps/${app.id}/grants`, {
      body: { issuer: h.sim.url, scopeId: 'okta.users.manage' },
    });
    const mark = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/apps/${app.id}/grants/${grant.body.id}`)).status).toBe(
      204,
    );
    expect(h.sim.org.apps.get(app.id)?.grants.size).toBe(0);
    expect(eventsAfter(h, mark).map((e) => e.eventType)).toEqual([
      'app.oauth2.admin.consent.revoke',
    ]);
    const gone = await h.api<OktaError>('GET', `/api/v1/apps/${app.id}/grants/${grant.body.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('E0000007');
  });
});
