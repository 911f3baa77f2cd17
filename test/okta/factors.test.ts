import { describe, expect, it } from 'vitest';
import { OktaNotFoundError } from '../../src/okta/errors.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient();

describe("a user's factors", () => {
  it('lists the factors a demo user enrolled, and unenrolls one', async () => {
    const admin = t.h.sim.org.apiTokens.get(t.h.sim.apiToken)?.id;
    // Not the admin the gateway acts as: the client refuses writes that name it.
    const user = [...t.h.sim.org.users.values()].find(
      (u) =>
        u.status === 'ACTIVE' &&
        u.id !== admin &&
        [...(t.h.sim.org.userFactors.get(u.id)?.values() ?? [])].some(
          (f) => f.factorType === 'sms',
        ),
    );
    if (!user) throw new Error('the demo org has no active user with an sms factor');
    const factors = await t.okta.factors.list(user.id);
    const stored = [...(t.h.sim.org.userFactors.get(user.id)?.values() ?? [])];
    expect(factors.map((f) => f.id).sort()).toEqual(stored.map((f) => f.id).sort());
    const sms = factors.find((f) => f.factorType === 'sms');
    expect(sms).toMatchObject({ provider: 'OKTA', status: 'ACTIVE' });
    expect(await t.okta.factors.get(user.id, sms?.id as string)).toEqual(sms);

    await t.okta.factors.unenroll(user.id, sms?.id as string);
    expect((await t.okta.factors.list(user.id)).map((f) => f.id)).not.toContain(sms?.id);
    expect(await rejectionOf(t.okta.factors.get(user.id, sms?.id as string))).toBeInstanceOf(
      OktaNotFoundError,
    );
  });
});
