import { describe, expect, it } from 'vitest';
import type { Org, UserRecord, UserStatus } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface User {
  id: string;
  status: UserStatus;
  statusChanged: string | null;
  credentials: Record<string, unknown>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const STATUSES: UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

const password = 'correct-Horse-7';
const question = { question: 'Favourite tree?', answer: 'the oak' };

let counter = 0;

/** A STAGED user with a password and a recovery question, then put in `status` directly. */
async function userIn(h: SimHarness, status: UserStatus, withPassword = true): Promise<UserRecord> {
  counter += 1;
  const name = `life${counter}`;
  const res = await h.api<User>('POST', '/api/v1/users?activate=false', {
    body: {
      profile: {
        login: `${name}@example.com`,
        email: `${name}@example.com`,
        firstName: 'Life',
        lastName: `No${counter}`,
      },
      credentials: withPassword
        ? { password: { value: password }, recovery_question: question }
        : {},
    },
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  const user = h.sim.org.users.get(res.body.id) as UserRecord;
  user.status = status;
  return user;
}

function lastEvent(org: Org, userId: string): string | undefined {
  return org.log
    .map((p) => p.event)
    .filter((e) => (e.target as { id: string }[]).some((t) => t.id === userId))
    .at(-1)?.eventType;
}

/**
 * docs/okta-behaviour.md §1.2, written out independently of the simulator's table: each operation, the
 * statuses it is legal from, what it leads to, and Okta's refusal from any other status.
 */
const SPEC: Record<
  string,
  {
    path: string;
    body?: unknown;
    legal: UserStatus[];
    result: (from: UserStatus) => UserStatus;
    refusal: [number, string];
  }
> = {
  activate: {
    path: 'lifecycle/activate?sendEmail=false',
    legal: ['STAGED', 'DEPROVISIONED'],
    result: () => 'ACTIVE',
    refusal: [403, 'E0000016'],
  },
  reactivate: {
    path: 'lifecycle/reactivate',
    legal: ['PROVISIONED', 'RECOVERY'],
    result: () => 'PROVISIONED',
    refusal: [403, 'E0000038'],
  },
  deactivate: {
    path: 'lifecycle/deactivate',
    legal: STATUSES.filter((s) => s !== 'DEPROVISIONED'),
    result: () => 'DEPROVISIONED',
    refusal: [403, 'E0000038'],
  },
  suspend: {
    path: 'lifecycle/suspend',
    legal: ['ACTIVE'],
    result: () => 'SUSPENDED',
    refusal: [400, 'E0000001'],
  },
  unsuspend: {
    path: 'lifecycle/unsuspend',
    legal: ['SUSPENDED'],
    result: () => 'ACTIVE',
    refusal: [400, 'E0000001'],
  },
  unlock: {
    path: 'lifecycle/unlock',
    legal: ['LOCKED_OUT'],
    result: () => 'ACTIVE',
    refusal: [403, 'E0000038'],
  },
  reset_password: {
    path: 'lifecycle/reset_password?sendEmail=false',
    legal: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'],
    result: () => 'RECOVERY',
    refusal: [403, 'E0000038'],
  },
  expire_password: {
    path: 'lifecycle/expire_password',
    legal: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
    result: () => 'PASSWORD_EXPIRED',
    refusal: [403, 'E0000038'],
  },
  expire_password_with_temp_password: {
    path: 'lifecycle/expire_password_with_temp_password',
    legal: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
    result: () => 'PASSWORD_EXPIRED',
    refusal: [403, 'E0000038'],
  },
  reset_factors: {
    path: 'lifecycle/reset_factors',
    legal: STATUSES.filter((s) => s !== 'STAGED' && s !== 'DEPROVISIONED'),
    result: (from) => from,
    refusal: [403, 'E0000038'],
  },
  change_password: {
    path: 'credentials/change_password',
    body: { oldPassword: { value: password }, newPassword: { value: 'brand-New-Pass-42' } },
    legal: ['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'],
    result: (from) => (from === 'RECOVERY' || from === 'PASSWORD_EXPIRED' ? 'ACTIVE' : from),
    refusal: [403, 'E0000038'],
  },
  change_recovery_question: {
    path: 'credentials/change_recovery_question',
    body: {
      password: { value: password },
      recovery_question: { question: 'Pet?', answer: 'a cat' },
    },
    legal: ['STAGED', 'ACTIVE', 'RECOVERY'],
    result: (from) => from,
    refusal: [403, 'E0000038'],
  },
  forgot_password: {
    path: 'credentials/forgot_password?sendEmail=false',
    legal: ['ACTIVE'],
    result: (from) => from,
    refusal: [403, 'E0000034'],
  },
};

const rows = (legal: boolean) =>
  Object.entries(SPEC).flatMap(([operation, spec]) =>
    STATUSES.filter((s) => spec.legal.includes(s) === legal).map((from) => ({ operation, from })),
  );

describe('user lifecycle state machine', () => {
  const h = useSimulator({ size: 'empty' });

  it.each(rows(true))(
    '$operation from $from succeeds with the status Okta documents',
    async ({ operation, from }) => {
      const spec = SPEC[operation] as (typeof SPEC)[string];
      const user = await userIn(h, from);
      const res = await h.api('POST', `/api/v1/users/${user.id}/${spec.path}`, { body: spec.body });
      expect(res.status).toBe(200);
      expect(h.sim.org.users.get(user.id)?.status).toBe(spec.result(from));
    },
  );

  it.each(rows(false))(
    '$operation from $from is refused with Okta\u2019s code and status',
    async ({ operation, from }) => {
      const spec = SPEC[operation] as (typeof SPEC)[string];
      const user = await userIn(h, from);
      const res = await h.api<OktaError>('POST', `/api/v1/users/${user.id}/${spec.path}`, {
        body: spec.body,
      });
      expect([res.status, res.body.errorCode]).toEqual(spec.refusal);
      expect(h.sim.org.users.get(user.id)?.status).toBe(from);
    },
  );
});

describe('lifecycle operations', () => {
  const h = useSimulator({ size: 'empty' });
  const post = <T>(userId: string, path: string, body?: unknown) =>
    h.api<T>('POST', `/api/v1/users/${userId}/${path}`, { body });

  it('activates a user without a password to PROVISIONED and returns the activation token', async () => {
    const user = await userIn(h, 'STAGED', false);
    const res = await post<{ activationUrl: string; activationToken: string }>(
      user.id,
      'lifecycle/activate?sendEmail=false',
    );
    expect(res.status).toBe(200);
    expect(res.body.activationToken).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(res.body.activationUrl).toBe(`${h.sim.url}/welcome/${res.body.activationToken}`);
    expect(user.status).toBe('PROVISIONED');
    expect(user.activated).not.toBeNull();
    expect(lastEvent(h.sim.org, user.id)).toBe('user.lifecycle.activate');
  });

  it('answers activate with an empty object when it sends the email (the default)', async () => {
    const user = await userIn(h, 'STAGED');
    const res = await post(user.id, 'lifecycle/activate');
    expect(res.body).toEqual({});
    expect(user.status).toBe('ACTIVE');
  });

  it('refuses to activate an ACTIVE user with Okta\u2019s E0000016 summary', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<OktaError>(user.id, 'lifecycle/activate');
    expect(res.status).toBe(403);
    expect(res.body.errorSummary).toBe('Activation failed because the user is already active');
  });

  it('reactivates a PROVISIONED user and returns a new token by default', async () => {
    const user = await userIn(h, 'PROVISIONED');
    const res = await post<{ activationToken: string }>(user.id, 'lifecycle/reactivate');
    expect(res.body.activationToken).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(lastEvent(h.sim.org, user.id)).toBe('user.lifecycle.reactivate');
  });

  it('answers reactivate with an empty object when sendEmail=true', async () => {
    const user = await userIn(h, 'PROVISIONED');
    const res = await post(user.id, 'lifecycle/reactivate?sendEmail=true');
    expect(res.body).toEqual({});
  });

  it('deactivates with an empty object, clears sessions and logs user.lifecycle.deactivate', async () => {
    const user = await userIn(h, 'ACTIVE');
    user.sessions = 2;
    const res = await post(user.id, 'lifecycle/deactivate');
    expect(res.body).toEqual({});
    expect(user.sessions).toBe(0);
    expect(lastEvent(h.sim.org, user.id)).toBe('user.lifecycle.deactivate');
  });

  it('suspends and logs user.lifecycle.suspend', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post(user.id, 'lifecycle/suspend');
    expect(res.body).toEqual({});
    expect(user.statusChanged).not.toBeNull();
    expect(lastEvent(h.sim.org, user.id)).toBe('user.lifecycle.suspend');
  });

  it('refuses to suspend a user that is not ACTIVE with 400 E0000001 and a cause', async () => {
    const user = await userIn(h, 'STAGED');
    const res = await post<OktaError>(user.id, 'lifecycle/suspend');
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: suspendUser');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'Cannot suspend a user that is not active' },
    ]);
  });

  it('unsuspends and logs user.lifecycle.unsuspend', async () => {
    const user = await userIn(h, 'SUSPENDED');
    await post(user.id, 'lifecycle/unsuspend');
    expect(lastEvent(h.sim.org, user.id)).toBe('user.lifecycle.unsuspend');
  });

  it('unlocks and logs user.account.unlock', async () => {
    const user = await userIn(h, 'LOCKED_OUT');
    await post(user.id, 'lifecycle/unlock');
    expect(lastEvent(h.sim.org, user.id)).toBe('user.account.unlock');
  });

  it('refuses reset_password without sendEmail with 400 E0000028', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<OktaError>(user.id, 'lifecycle/reset_password');
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000028');
    expect(res.body.errorSummary).toBe('The request is missing a required parameter.');
    expect(user.status).toBe('ACTIVE');
  });

  it('returns the reset URL with sendEmail=false and logs user.account.reset_password', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<{ resetPasswordUrl: string }>(
      user.id,
      'lifecycle/reset_password?sendEmail=false',
    );
    expect(res.body.resetPasswordUrl).toMatch(
      new RegExp(`^${h.sim.url}/reset_password/[0-9A-Za-z]{20}$`),
    );
    expect(lastEvent(h.sim.org, user.id)).toBe('user.account.reset_password');
  });

  it('answers reset_password with an empty object with sendEmail=true', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post(user.id, 'lifecycle/reset_password?sendEmail=true');
    expect(res.body).toEqual({});
    expect(user.status).toBe('RECOVERY');
  });

  it('revokes sessions on reset_password with revokeSessions=true', async () => {
    const user = await userIn(h, 'ACTIVE');
    user.sessions = 4;
    await post(user.id, 'lifecycle/reset_password?sendEmail=true&revokeSessions=true');
    expect(user.sessions).toBe(0);
  });

  it('answers expire_password with the PASSWORD_EXPIRED user', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<User>(user.id, 'lifecycle/expire_password');
    expect(res.body.id).toBe(user.id);
    expect(res.body.status).toBe('PASSWORD_EXPIRED');
    expect(lastEvent(h.sim.org, user.id)).toBe('user.account.expire_password');
  });

  it('returns a temporary password that then works as the old password', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<{ tempPassword: string }>(
      user.id,
      'lifecycle/expire_password_with_temp_password',
    );
    expect(Object.keys(res.body)).toEqual(['tempPassword']);
    expect(user.status).toBe('PASSWORD_EXPIRED');
    const change = await post(user.id, 'credentials/change_password', {
      oldPassword: { value: res.body.tempPassword },
      newPassword: { value: 'after-Temp-2025' },
    });
    expect(change.status).toBe(200);
    expect(user.status).toBe('ACTIVE');
  });

  it('resets the factors and logs user.mfa.factor.reset_all', async () => {
    const user = await userIn(h, 'ACTIVE');
    user.factorsEnrolled = 2;
    const res = await post(user.id, 'lifecycle/reset_factors');
    expect(res.body).toEqual({});
    expect(user.factorsEnrolled).toBe(0);
    expect(lastEvent(h.sim.org, user.id)).toBe('user.mfa.factor.reset_all');
  });

  it('answers an unknown user with 404 E0000007', async () => {
    const res = await post<OktaError>('00uNOPE', 'lifecycle/suspend');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000007');
  });
});

describe('credentials operations', () => {
  const h = useSimulator({ size: 'empty' });
  const post = <T>(userId: string, path: string, body?: unknown) =>
    h.api<T>('POST', `/api/v1/users/${userId}/credentials/${path}`, { body });
  const change = (oldValue: string, newValue: string) => ({
    oldPassword: { value: oldValue },
    newPassword: { value: newValue },
  });

  it('changes the password and answers with the credentials', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post(user.id, 'change_password', change(password, 'brand-New-Pass-42'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      password: {},
      recovery_question: { question: question.question },
      provider: { type: 'OKTA', name: 'OKTA' },
    });
    expect(user.password?.value).toBe('brand-New-Pass-42');
    expect(lastEvent(h.sim.org, user.id)).toBe('user.account.update_password');
  });

  it('refuses a wrong old password with 403 E0000014 and Okta\u2019s cause', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<OktaError>(
      user.id,
      'change_password',
      change('wrong-Pass-11', 'brand-New-Pass-42'),
    );
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000014');
    expect(res.body.errorSummary).toBe('Update of credentials failed');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'oldPassword: The credentials provided were incorrect.' },
    ]);
    expect(user.password?.value).toBe(password);
  });

  it('refuses a change for a user without a password with 403 E0000014', async () => {
    const user = await userIn(h, 'ACTIVE', false);
    const res = await post<OktaError>(user.id, 'change_password', change('', 'brand-New-Pass-42'));
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000014');
  });

  it('refuses a new password that breaks the policy with 403 E0000014', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<OktaError>(user.id, 'change_password', change(password, 'tiny'));
    expect(res.status).toBe(403);
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary:
          'password: Password requirements were not met. Password requirements: at least 8 characters, no parts of your username.',
      },
    ]);
  });

  it('refuses one of the last four passwords with strict=true', async () => {
    const user = await userIn(h, 'ACTIVE');
    await post(user.id, 'change_password', change(password, 'second-Pass-22'));
    await post(user.id, 'change_password', change('second-Pass-22', 'third-Pass-33'));
    const res = await post<OktaError>(
      user.id,
      'change_password?strict=true',
      change('third-Pass-33', password),
    );
    expect(res.status).toBe(403);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'password: Password has been used too recently' },
    ]);
  });

  it('accepts a password older than the last four with strict=true', async () => {
    const user = await userIn(h, 'ACTIVE');
    const history = [password, 'pass-Two-222', 'pass-Three-333', 'pass-Four-444', 'pass-Five-555'];
    for (let i = 1; i < history.length; i++) {
      await post(
        user.id,
        'change_password',
        change(history[i - 1] as string, history[i] as string),
      );
    }
    const res = await post(
      user.id,
      'change_password?strict=true',
      change('pass-Five-555', password),
    );
    expect(res.status).toBe(200);
  });

  it('accepts a recent password without strict', async () => {
    const user = await userIn(h, 'ACTIVE');
    await post(user.id, 'change_password', change(password, 'second-Pass-22'));
    const res = await post(user.id, 'change_password', change('second-Pass-22', password));
    expect(res.status).toBe(200);
  });

  it('changes the recovery question after checking the password', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post(user.id, 'change_recovery_question', {
      password: { value: password },
      recovery_question: { question: 'First school?', answer: 'Elm Street' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      password: {},
      recovery_question: { question: 'First school?' },
      provider: { type: 'OKTA', name: 'OKTA' },
    });
    expect(user.recoveryQuestion).toEqual({ question: 'First school?', answer: 'Elm Street' });
    expect(lastEvent(h.sim.org, user.id)).toBe('user.account.update_recovery_question');
  });

  it('refuses a recovery question change with a wrong password with 403 E0000014', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<OktaError>(user.id, 'change_recovery_question', {
      password: { value: 'not-It-at-all' },
      recovery_question: { question: 'First school?', answer: 'Elm Street' },
    });
    expect(res.status).toBe(403);
    expect(res.body.errorCode).toBe('E0000014');
    expect(user.recoveryQuestion).toEqual(question);
  });

  it('returns a reset URL for forgot_password with sendEmail=false and keeps the status', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post<{ resetPasswordUrl: string }>(
      user.id,
      'forgot_password?sendEmail=false',
    );
    expect(res.body.resetPasswordUrl).toMatch(
      new RegExp(`^${h.sim.url}/reset_password/[0-9A-Za-z]{20}$`),
    );
    expect(user.status).toBe('ACTIVE');
  });

  it('answers forgot_password with an empty object when it sends the email', async () => {
    const user = await userIn(h, 'ACTIVE');
    const res = await post(user.id, 'forgot_password');
    expect(res.body).toEqual({});
  });

  it('refuses forgot_password for a user without a recovery question with 403 E0000034', async () => {
    const user = await userIn(h, 'ACTIVE', false);
    const res = await post<OktaError>(user.id, 'forgot_password');
    expect(res.status).toBe(403);
    expect(res.body.errorSummary).toBe('Forgot password not allowed on specified user.');
  });
});
