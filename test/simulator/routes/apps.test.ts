import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../support/simulator.ts';
import {
  type App,
  type AppUser,
  bookmarkBody,
  eventsAfter,
  filterQuery,
  fixtures,
  type Json,
  jwksOf,
  linksOf,
  type OktaError,
  publicJwk,
  rsaPublicJwk,
  serviceAppBody,
  targetsOf,
} from '../../support/simulator-apps.ts';

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
