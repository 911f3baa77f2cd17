import { describe, expect, it } from 'vitest';
import { scopeOfOperation } from '../../../src/okta-reference/scopes.ts';
import { factorsRoutes } from '../../../src/simulator/routes/factors.ts';
import type { LogEvent, UserRecord } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface Factor {
  id: string;
  factorType: string;
  provider: string;
  vendorName: string;
  status: string;
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
  _links: Record<string, { href: string; hints: { allow: string[] } }>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
}

const h: SimHarness = useSimulator();

const eventsAfter = (seq: number): LogEvent[] =>
  h.sim.org.log.filter((row) => row.seq > seq).map((row) => row.event);

/** Seeded users, by id, with the factor types the seed gave them. */
function seeded(): { user: UserRecord; types: string[] }[] {
  return [...h.sim.org.users.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((user) => ({
      user,
      types: [...(h.sim.org.userFactors.get(user.id)?.values() ?? [])].map((f) => f.factorType),
    }));
}

describe('factors', () => {
  it('seeds factors of several types, as many as each user has enrolled, and some users with none', () => {
    const all = seeded();
    const types = new Set(all.flatMap((s) => s.types));
    for (const type of ['push', 'sms', 'email', 'question', 'webauthn', 'token:software:totp']) {
      expect(types).toContain(type);
    }
    for (const { user, types: own } of all) {
      expect(own).toHaveLength(user.factorsEnrolled);
      expect(new Set(own).size).toBe(own.length);
    }
    expect(all.filter((s) => s.types.length === 0).length).toBeGreaterThan(10);
    expect(all.filter((s) => s.types.length >= 2).length).toBeGreaterThan(10);
  });

  it('lists a demo user’s factors in the shape of Okta’s UserFactor, and reads one', async () => {
    const { user } = seeded().find((s) => s.types.includes('push') && s.types.includes('sms')) as {
      user: UserRecord;
    };
    const res = await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(user.factorsEnrolled);
    const push = res.body.find((f) => f.factorType === 'push') as Factor;
    const base = `${h.sim.url}/api/v1/users/${user.id}`;
    expect(push).toEqual({
      id: expect.stringMatching(/^opf[0-9A-Za-z]{17}$/),
      factorType: 'push',
      provider: 'OKTA',
      vendorName: 'OKTA',
      status: 'ACTIVE',
      created: user.activated,
      lastUpdated: user.activated,
      profile: {
        credentialId: user.profile.login,
        deviceType: push.profile.deviceType,
        name: push.profile.name,
        platform: push.profile.platform,
        version: push.profile.version,
      },
      _links: {
        verify: { href: `${base}/factors/${push.id}/verify`, hints: { allow: ['POST'] } },
        self: { href: `${base}/factors/${push.id}`, hints: { allow: ['GET', 'DELETE'] } },
        user: { href: base, hints: { allow: ['GET'] } },
      },
    });
    const sms = res.body.find((f) => f.factorType === 'sms') as Factor;
    expect(sms.profile.phoneNumber).toMatch(/^\+1\d{10}$/);
    const one = await h.api<Factor>('GET', `/api/v1/users/${user.id}/factors/${sms.id}`);
    expect(one.body).toEqual(sms);
  });

  it('lists no factors for a user who has none', async () => {
    const { user } = seeded().find((s) => s.types.length === 0) as { user: UserRecord };
    const res = await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('resets one factor: DELETE removes it, writes user.mfa.factor.deactivate, and keeps the others', async () => {
    const { user } = seeded().find(
      (s) => s.user.status === 'ACTIVE' && s.types.length >= 2 && s.types.includes('sms'),
    ) as { user: UserRecord };
    const before = (await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`)).body;
    const sms = before.find((f) => f.factorType === 'sms') as Factor;
    const seq = h.sim.org.log.length;
    const res = await h.api('DELETE', `/api/v1/users/${user.id}/factors/${sms.id}`);
    expect(res.status).toBe(204);
    const after = (await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`)).body;
    expect(after).toEqual(before.filter((f) => f.id !== sms.id));
    expect(h.sim.org.users.get(user.id)?.factorsEnrolled).toBe(after.length);
    const gone = await h.api<OktaError>('GET', `/api/v1/users/${user.id}/factors/${sms.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.errorCode).toBe('E0000007');

    const events = eventsAfter(seq);
    expect(events.map((e) => e.eventType)).toEqual(['user.mfa.factor.deactivate']);
    expect(events[0]).toMatchObject({
      displayMessage: 'Reset factor for user',
      outcome: { result: 'SUCCESS', reason: 'Admin reset SMS factor' },
      target: [{ id: user.id, type: 'User' }],
    });
  });

  it('drops the resetFactors link when the last factor goes, and reset_factors clears them all', async () => {
    const { user } = seeded().find((s) => s.user.status === 'ACTIVE' && s.types.length === 1) as {
      user: UserRecord;
    };
    const [only] = (await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`)).body;
    const links = async () =>
      Object.keys(
        (await h.api<{ _links: Record<string, unknown> }>('GET', `/api/v1/users/${user.id}`)).body
          ._links,
      );
    expect(await links()).toContain('resetFactors');
    await h.api('DELETE', `/api/v1/users/${user.id}/factors/${only?.id}`);
    expect(await links()).not.toContain('resetFactors');

    const other = seeded().find((s) => s.user.status === 'ACTIVE' && s.types.length >= 2)
      ?.user as UserRecord;
    const reset = await h.api('POST', `/api/v1/users/${other.id}/lifecycle/reset_factors`);
    expect(reset.status).toBe(200);
    expect((await h.api<Factor[]>('GET', `/api/v1/users/${other.id}/factors`)).body).toEqual([]);
  });

  it('unenrolls Okta Verify’s TOTP with its push', async () => {
    const org = h.sim.org;
    const { user } = seeded().find(
      (s) => s.user.status === 'ACTIVE' && s.types.includes('push'),
    ) as {
      user: UserRecord;
    };
    const factors = org.userFactors.get(user.id) as Map<string, { id: string; factorType: string }>;
    const push = [...factors.values()].find((f) => f.factorType === 'push') as { id: string };
    const totp = {
      id: 'ostTotpWithPush000001',
      userId: user.id,
      factorType: 'token:software:totp',
      provider: 'OKTA',
      vendorName: 'OKTA',
      status: 'ACTIVE' as const,
      created: user.created,
      lastUpdated: user.created,
      profile: { credentialId: String(user.profile.login) },
    };
    org.userFactors.get(user.id)?.set(totp.id, totp);
    const left = factors.size - 2;
    await h.api('DELETE', `/api/v1/users/${user.id}/factors/${push.id}`);
    expect((await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`)).body).toHaveLength(
      left,
    );
  });

  it('refuses to unenroll a factor of a deactivated user with 403 E0000038', async () => {
    const { user } = seeded().find((s) => s.user.status === 'ACTIVE' && s.types.length > 0) as {
      user: UserRecord;
    };
    const [factor] = (await h.api<Factor[]>('GET', `/api/v1/users/${user.id}/factors`)).body;
    await h.api('POST', `/api/v1/users/${user.id}/lifecycle/deactivate`);
    const res = await h.api<OktaError>('DELETE', `/api/v1/users/${user.id}/factors/${factor?.id}`);
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000038');
  });

  it('requires okta.users.read to read factors and okta.users.manage to reset one', () => {
    expect(
      factorsRoutes.map((r) => `${r.method} ${r.path} ${scopeOfOperation(r.method, r.path)}`),
    ).toEqual([
      'GET /api/v1/users/:userId/factors okta.users.read',
      'GET /api/v1/users/:userId/factors/:factorId okta.users.read',
      'DELETE /api/v1/users/:userId/factors/:factorId okta.users.manage',
    ]);
  });
});
