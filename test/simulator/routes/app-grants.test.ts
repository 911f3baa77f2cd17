import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../support/simulator.ts';
import {
  eventsAfter,
  fixtures,
  type Grant,
  type OktaError,
  serviceAppBody,
  targetsOf,
} from '../../support/simulator-apps.ts';

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
