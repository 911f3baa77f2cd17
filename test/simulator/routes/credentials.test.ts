import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface OktaError {
  errorCode: string;
  errorSummary: string;
}

const h: SimHarness = useSimulator();

const demoUser = (match: (u: UserRecord) => boolean) =>
  [...h.sim.org.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).find(match) as UserRecord;

describe('forgot password', () => {
  it('returns a reset URL for a demo user with a recovery question when sendEmail=false', async () => {
    const user = demoUser((u) => u.status === 'ACTIVE' && u.recoveryQuestion !== undefined);
    const res = await h.api<{ resetPasswordUrl: string }>(
      'POST',
      `/api/v1/users/${user.id}/credentials/forgot_password?sendEmail=false`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['resetPasswordUrl']);
    expect(res.body.resetPasswordUrl).toMatch(
      new RegExp(`^${h.sim.url}/reset_password/[0-9A-Za-z]{20}$`),
    );
    expect(h.sim.org.users.get(user.id)?.status).toBe('ACTIVE');
  });

  it('answers {} when Okta sends the email itself', async () => {
    const user = demoUser((u) => u.status === 'ACTIVE' && u.recoveryQuestion !== undefined);
    const res = await h.api('POST', `/api/v1/users/${user.id}/credentials/forgot_password`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it('refuses a user who is not ACTIVE with 403 E0000034', async () => {
    const user = demoUser((u) => u.status === 'SUSPENDED');
    const res = await h.api<OktaError>(
      'POST',
      `/api/v1/users/${user.id}/credentials/forgot_password?sendEmail=false`,
    );
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000034');
    expect(res.body.errorSummary).toBe('Forgot password not allowed on specified user.');
  });
});
