import { beforeAll, describe, expect, it } from 'vitest';
import {
  type OktaApiError,
  OktaInvalidIdError,
  OktaNotFoundError,
  type OktaTimeoutError,
} from '../../src/okta/errors.ts';
import { eq } from '../../src/okta/expression.ts';
import type { CreateUserInput, OktaUser } from '../../src/okta/models.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

const PASSWORD = 'Tr0ub4dor&3-horse';
let serial = 0;

/** A new user through the API: STAGED unless a password or activation is asked for. */
async function newUser(
  options: { password?: string; activate?: boolean; lastName?: string; firstName?: string } = {},
): Promise<OktaUser> {
  serial++;
  const input: CreateUserInput = {
    profile: {
      firstName: options.firstName ?? `Test${serial}`,
      lastName: options.lastName ?? 'Person',
      email: `user${serial}@example.com`,
      login: `user${serial}@example.com`,
    },
  };
  if (options.password) input.credentials = { password: { value: options.password } };
  return t.okta.users.create(input, {
    activate: options.activate ?? options.password !== undefined,
  });
}

/** The event types the System Log holds for one target, oldest first. */
const eventsFor = (id: string) =>
  t.h.sim.org.log
    .map((p) => p.event)
    .filter((e) => (e.target as { id: string }[]).some((target) => target.id === id))
    .map((e) => e.eventType);

describe('users.create', () => {
  it('creates a STAGED user when activate is false', async () => {
    const user = await t.okta.users.create(
      {
        profile: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          login: 'ada@example.com',
          department: 'Analytics',
        },
      },
      { activate: false },
    );
    expect([user.status, user.activated, user.profile]).toEqual([
      'STAGED',
      null,
      {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        login: 'ada@example.com',
        department: 'Analytics',
      },
    ]);
  });

  it('creates an ACTIVE user with an Okta password when a password is given', async () => {
    const user = await newUser({ password: PASSWORD });
    expect([user.status, user.credentials]).toEqual([
      'ACTIVE',
      { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    ]);
  });

  it('creates a PASSWORD_EXPIRED user with nextLogin changePassword', async () => {
    serial++;
    const user = await t.okta.users.create(
      {
        profile: {
          firstName: 'Nextlogin',
          lastName: 'Person',
          email: `user${serial}@example.com`,
          login: `user${serial}@example.com`,
        },
        credentials: { password: { value: PASSWORD } },
      },
      { activate: true, nextLogin: 'changePassword' },
    );
    expect(user.status).toBe('PASSWORD_EXPIRED');
  });

  it('creates a PROVISIONED user when activated without a password', async () => {
    const user = await newUser({ activate: true });
    expect(user.status).toBe('PROVISIONED');
  });

  it("surfaces Okta's validation error for a login already taken", async () => {
    const user = await newUser();
    const error = (await rejectionOf(
      t.okta.users.create({
        profile: { ...user.profile, firstName: 'Dup', lastName: 'Licate' },
      }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([400, 'E0000001']);
  });

  it('refuses a groupIds entry that is not an Okta id before calling Okta', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(
      t.okta.users.create({
        profile: {
          firstName: 'A',
          lastName: 'B',
          email: 'ab@example.com',
          login: 'ab@example.com',
        },
        groupIds: ['../../apps'],
      }),
    );
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('users.get', () => {
  let user: OktaUser;
  beforeAll(async () => {
    user = await newUser({ password: PASSWORD, firstName: 'Grace', lastName: 'Hopper' });
  });

  // An ACTIVE user with a password and no enrolled factor: no resetFactors link.
  it('reads a user by id with the links its status allows', async () => {
    const read = await t.okta.users.get(user.id);
    expect([read.id, read.profile.login, Object.keys(read._links ?? {}).sort()]).toEqual([
      user.id,
      user.profile.login,
      [
        'changePassword',
        'deactivate',
        'expirePassword',
        'resetPassword',
        'schema',
        'self',
        'suspend',
        'type',
      ],
    ]);
  });

  it('reads a user by login', async () => {
    expect((await t.okta.users.getByLogin(user.profile.login)).id).toBe(user.id);
  });

  // Okta answers a short name and `me` (the token's own admin); the gateway asks by id or login.
  it('refuses a login short name, `me`, and a login where an id belongs, before any call', async () => {
    const shortName = user.profile.login.split('@')[0] as string;
    for (const read of [
      () => t.okta.users.getByLogin(shortName),
      () => t.okta.users.getByLogin('me'),
      () => t.okta.users.get('me'),
      () => t.okta.users.get(user.profile.login),
    ]) {
      expect(await rejectionOf(read())).toBeInstanceOf(OktaInvalidIdError);
    }
  });

  it('throws OktaNotFoundError for an id Okta does not know', async () => {
    const error = (await rejectionOf(
      t.okta.users.get('00uNOSUCHUSER0000000'),
    )) as OktaNotFoundError;
    expect([error.code, error.resource, error.id]).toEqual([
      'OKTA_ERR_NOT_FOUND',
      'User',
      '00uNOSUCHUSER0000000',
    ]);
  });

  it('refuses a value that would climb out of the users path, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.users.get('../groups'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('users.list and users.iterate', () => {
  const staged: OktaUser[] = [];
  beforeAll(async () => {
    for (const lastName of ['Zed', 'Young', 'Xavier']) {
      staged.push(await newUser({ lastName, firstName: 'Listme' }));
    }
  });

  it('lists users matching a filter', async () => {
    const page = await t.okta.users.list({ filter: eq('profile.firstName', 'Listme') });
    expect([page.items.map((u) => u.id), page.after, page.next]).toEqual([
      staged.map((u) => u.id).sort(),
      null,
      null,
    ]);
  });

  it("exposes Okta's after cursor and reads the next page with it", async () => {
    const filter = eq('profile.firstName', 'Listme');
    const ids = staged.map((u) => u.id).sort();
    const first = await t.okta.users.list({ filter }, { limit: 2 });
    const second = await t.okta.users.list({ filter }, { limit: 2, after: first.after });
    expect([
      first.items.map((u) => u.id),
      first.after,
      second.items.map((u) => u.id),
      second.after,
    ]).toEqual([ids.slice(0, 2), ids[1], ids.slice(2), null]);
  });

  it('sorts search results by sortBy and sortOrder', async () => {
    const page = await t.okta.users.list({
      search: eq('profile.firstName', 'Listme'),
      sortBy: 'profile.lastName',
      sortOrder: 'asc',
    });
    expect(page.items.map((u) => u.profile.lastName)).toEqual(['Xavier', 'Young', 'Zed']);
  });

  it('finds users by name prefix with q', async () => {
    const page = await t.okta.users.list({ q: 'Listm' });
    expect(page.items.map((u) => u.id).sort()).toEqual(staged.map((u) => u.id).sort());
  });

  it('iterates every page of a search', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/users');
    const seen: string[] = [];
    for await (const user of t.okta.users.iterate(
      { search: eq('profile.firstName', 'Listme') },
      { pageSize: 1 },
    )) {
      seen.push(user.id);
    }
    expect([seen, t.h.sim.requests.count('GET /api/v1/users') - before]).toEqual([
      staged.map((u) => u.id).sort(),
      3,
    ]);
  });

  it('caps the page size at 200, the most Okta serves', async () => {
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    await t.okta.users.list({}, { limit: 5000 });
    stop();
    expect(new URL(urls[0] as string).searchParams.get('limit')).toBe('200');
  });
});

describe('users.update, users.replace and users.setPassword', () => {
  it('changes only the attributes given and clears those set to null', async () => {
    const user = await newUser();
    await t.okta.users.update(user.id, {
      profile: { title: 'Engineer', mobilePhone: '+1 555 0100' },
    });
    const updated = await t.okta.users.update(user.id, {
      profile: { title: 'Staff Engineer', mobilePhone: null },
    });
    expect([updated.profile.title, updated.profile.mobilePhone, updated.profile.login]).toEqual([
      'Staff Engineer',
      undefined,
      user.profile.login,
    ]);
  });

  it('replaces the whole profile, dropping attributes left out', async () => {
    const user = await newUser();
    await t.okta.users.update(user.id, { profile: { title: 'Engineer' } });
    const replaced = await t.okta.users.replace(user.id, {
      profile: { ...user.profile, lastName: 'Replaced' },
    });
    expect(replaced.profile).toEqual({ ...user.profile, lastName: 'Replaced' });
  });

  it('sets a password as an admin, with no old password', async () => {
    const user = await newUser({ password: PASSWORD });
    const updated = await t.okta.users.setPassword(user.id, 'Another-Secret-42');
    const credentials = await t.okta.users.changePassword(user.id, {
      oldPassword: 'Another-Secret-42',
      newPassword: 'Third-Secret-77',
    });
    expect([updated.passwordChanged !== user.passwordChanged, credentials.password]).toEqual([
      true,
      {},
    ]);
  });

  it('refuses a profile update of a DEPROVISIONED user with E0000038', async () => {
    const user = await newUser();
    await t.okta.users.deactivate(user.id);
    const error = (await rejectionOf(
      t.okta.users.update(user.id, { profile: { title: 'Ghost' } }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([403, 'E0000038']);
  });
});

describe('user lifecycle', () => {
  it('activates a STAGED user and returns the activation link when sendEmail is false', async () => {
    const user = await newUser();
    const token = await t.okta.users.activate(user.id, { sendEmail: false });
    const after = await t.okta.users.get(user.id);
    expect([token.activationUrl, token.activationToken?.length, after.status]).toEqual([
      `${t.h.sim.url}/welcome/${token.activationToken}`,
      20,
      'PROVISIONED',
    ]);
  });

  it('activates with an email and returns no token by default', async () => {
    const user = await newUser();
    expect(await t.okta.users.activate(user.id)).toEqual({});
  });

  it('answers E0000016 when activating an ACTIVE user', async () => {
    const user = await newUser({ password: PASSWORD });
    const error = (await rejectionOf(t.okta.users.activate(user.id))) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([403, 'E0000016']);
  });

  it('reactivates a PROVISIONED user with a new activation token', async () => {
    const user = await newUser({ activate: true });
    const token = await t.okta.users.reactivate(user.id, { sendEmail: false });
    expect([token.activationToken?.length, (await t.okta.users.get(user.id)).status]).toEqual([
      20,
      'PROVISIONED',
    ]);
  });

  it('suspends an ACTIVE user and unsuspends it', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.suspend(user.id);
    const suspended = (await t.okta.users.get(user.id)).status;
    await t.okta.users.unsuspend(user.id);
    expect([suspended, (await t.okta.users.get(user.id)).status]).toEqual(['SUSPENDED', 'ACTIVE']);
  });

  it('answers E0000001 when suspending a user that is not ACTIVE', async () => {
    const user = await newUser();
    const error = (await rejectionOf(t.okta.users.suspend(user.id))) as OktaApiError;
    expect([error.status, error.oktaCode]).toEqual([400, 'E0000001']);
  });

  it('unlocks a LOCKED_OUT user', async () => {
    const user = await newUser({ password: PASSWORD });
    // Okta locks users after failed sign-ins; the API cannot, so the test sets it in the org.
    (t.h.sim.org.users.get(user.id) as { status: string }).status = 'LOCKED_OUT';
    await t.okta.users.unlock(user.id);
    expect((await t.okta.users.get(user.id)).status).toBe('ACTIVE');
  });

  it('deactivates a user', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.deactivate(user.id);
    expect((await t.okta.users.get(user.id)).status).toBe('DEPROVISIONED');
  });

  it('deactivates on the first delete and removes the user on the second', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.delete(user.id);
    const afterFirst = (await t.okta.users.get(user.id)).status;
    await t.okta.users.delete(user.id);
    const error = await rejectionOf(t.okta.users.get(user.id));
    expect([afterFirst, error instanceof OktaNotFoundError]).toEqual(['DEPROVISIONED', true]);
  });

  it('refuses a lifecycle call on a value that is not an Okta id, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.users.suspend('00u1/lifecycle/unsuspend?x='));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});

describe('passwords, recovery and factors', () => {
  it('resets a password into RECOVERY and returns the reset URL when sendEmail is false', async () => {
    const user = await newUser({ password: PASSWORD });
    const token = await t.okta.users.resetPassword(user.id, { sendEmail: false });
    expect([
      token.resetPasswordUrl?.startsWith(`${t.h.sim.url}/reset_password/`),
      (await t.okta.users.get(user.id)).status,
    ]).toEqual([true, 'RECOVERY']);
  });

  it('resets a password by email and returns no URL', async () => {
    const user = await newUser({ password: PASSWORD });
    expect(await t.okta.users.resetPassword(user.id, { sendEmail: true })).toEqual({});
  });

  it('expires a password and returns the PASSWORD_EXPIRED user', async () => {
    const user = await newUser({ password: PASSWORD });
    const expired = await t.okta.users.expirePassword(user.id);
    expect([expired.id, expired.status]).toEqual([user.id, 'PASSWORD_EXPIRED']);
  });

  it('expires a password with a temporary password', async () => {
    const user = await newUser({ password: PASSWORD });
    const result = await t.okta.users.expirePasswordWithTempPassword(user.id, {
      revokeSessions: true,
    });
    expect([
      Object.keys(result),
      result.tempPassword.length,
      (await t.okta.users.get(user.id)).status,
    ]).toEqual([['tempPassword'], 10, 'PASSWORD_EXPIRED']);
  });

  it('changes a password when the old one matches', async () => {
    const user = await newUser({ password: PASSWORD });
    const credentials = await t.okta.users.changePassword(user.id, {
      oldPassword: PASSWORD,
      newPassword: 'Brand-New-Secret-9',
      revokeSessions: true,
    });
    expect(credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
  });

  it('answers E0000014 when the old password is wrong', async () => {
    const user = await newUser({ password: PASSWORD });
    const error = (await rejectionOf(
      t.okta.users.changePassword(user.id, {
        oldPassword: 'wrong-one-1',
        newPassword: 'Whatever-12',
      }),
    )) as OktaApiError;
    expect([error.status, error.oktaCode, error.causes]).toEqual([
      403,
      'E0000014',
      ['oldPassword: The credentials provided were incorrect.'],
    ]);
  });

  it('changes the recovery question', async () => {
    const user = await newUser({ password: PASSWORD });
    const credentials = await t.okta.users.changeRecoveryQuestion(user.id, {
      password: PASSWORD,
      question: 'First pet?',
      answer: 'Rex the dog',
    });
    expect(credentials.recovery_question).toEqual({ question: 'First pet?' });
  });

  it('starts forgot-password and returns the reset URL when sendEmail is false', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.changeRecoveryQuestion(user.id, {
      password: PASSWORD,
      question: 'First pet?',
      answer: 'Rex the dog',
    });
    const token = await t.okta.users.forgotPassword(user.id, { sendEmail: false });
    expect([
      token.resetPasswordUrl?.startsWith(`${t.h.sim.url}/reset_password/`),
      (await t.okta.users.get(user.id)).status,
    ]).toEqual([true, 'ACTIVE']);
  });

  it('resets factors and writes user.mfa.factor.reset_all', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.resetFactors(user.id);
    expect(eventsFor(user.id).at(-1)).toBe('user.mfa.factor.reset_all');
  });

  it('clears sessions, revoking OAuth tokens when asked', async () => {
    const user = await newUser({ password: PASSWORD });
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    await t.okta.users.clearSessions(user.id, { oauthTokens: true });
    stop();
    expect([
      new URL(urls[0] as string).searchParams.get('oauthTokens'),
      eventsFor(user.id).at(-1),
    ]).toEqual(['true', 'user.session.clear']);
  });
});

describe("a user's groups and app links", () => {
  it('lists the groups a user is a member of, Everyone included', async () => {
    const user = await newUser({ password: PASSWORD });
    const group = await t.okta.groups.create({ name: 'Readers of users', description: null });
    await t.okta.groups.addMember(group.id, user.id);
    const groups = await t.okta.users.listGroups(user.id);
    const everyone = t.h.sim.org.everyoneGroupId;
    expect(groups.map((g) => [g.id, g.profile.name])).toEqual(
      [
        [group.id, 'Readers of users'],
        [everyone, 'Everyone'],
      ].sort(),
    );
  });

  it('lists the app links of the apps a user is assigned to', async () => {
    const user = await newUser({ password: PASSWORD });
    const created = await t.h.api<{ id: string }>('POST', '/api/v1/apps', {
      body: {
        name: 'bookmark',
        label: 'Team Wiki',
        signOnMode: 'BOOKMARK',
        settings: { app: { requestIntegration: false, url: 'https://wiki.example.com' } },
      },
    });
    await t.okta.applications.assignUser(created.body.id, { id: user.id });
    const links = await t.okta.users.listAppLinks(user.id);
    expect(links.map((l) => [l.label, l.appName, l.appInstanceId])).toEqual([
      ['Team Wiki', 'bookmark', created.body.id],
    ]);
  });
});

describe('users.searchByIds', () => {
  const many: OktaUser[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 250; i++) many.push(await newUser({ firstName: 'Batch' }));
  });

  it('finds 250 users in 4 search calls', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/users');
    const found = await t.okta.users.searchByIds(many.map((u) => u.id));
    expect([
      found.map((u) => u.id).sort(),
      t.h.sim.requests.count('GET /api/v1/users') - before,
    ]).toEqual([many.map((u) => u.id).sort(), 4]);
  });

  it('sends every search URL under 3,500 characters', async () => {
    const lengths: number[] = [];
    const stop = t.h.sim.onExchange((exchange) => {
      if (exchange.key === 'GET /api/v1/users') lengths.push(exchange.url.length);
    });
    await t.okta.users.searchByIds(many.map((u) => u.id));
    stop();
    expect([lengths.length, lengths.every((n) => n < 3500)]).toEqual([4, true]);
  });

  it('returns only the users found, leaving missing ids to the caller', async () => {
    const found = await t.okta.users.searchByIds([
      many[0]!.id,
      '00uMISSING0000000000',
      many[1]!.id,
    ]);
    expect(found.map((u) => u.id).sort()).toEqual([many[0]!.id, many[1]!.id].sort());
  });

  it('includes DEPROVISIONED users, as a GET by id would', async () => {
    const user = await newUser({ password: PASSWORD });
    await t.okta.users.deactivate(user.id);
    const found = await t.okta.users.searchByIds([user.id]);
    expect(found.map((u) => [u.id, u.status])).toEqual([[user.id, 'DEPROVISIONED']]);
  });

  it('makes no call for no ids', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/users');
    expect([
      await t.okta.users.searchByIds([]),
      t.h.sim.requests.count('GET /api/v1/users') - before,
    ]).toEqual([[], 0]);
  });

  it('cannot be widened by an id that carries a quote and "or"', async () => {
    const hostile = `${many[0]!.id}" or id pr or id eq "x`;
    const found = await t.okta.users.searchByIds([hostile, many[1]!.id]);
    expect(found.map((u) => u.id)).toEqual([many[1]!.id]);
  });

  it('sends nothing when every id is hostile', async () => {
    const before = t.h.sim.requests.count('GET /api/v1/users');
    const found = await t.okta.users.searchByIds(['" or id pr or id eq "', 'x or id pr']);
    expect([found, t.h.sim.requests.count('GET /api/v1/users') - before]).toEqual([[], 0]);
  });
});

describe('escaped values in a search expression', () => {
  it('match a value that holds quotes, a backslash and "or" exactly', async () => {
    const lastName = 'O"Brien\\ or id pr';
    const user = await newUser({ lastName, firstName: 'Quoted' });
    const page = await t.okta.users.list({ search: eq('profile.lastName', lastName) });
    expect(page.items.map((u) => u.id)).toEqual([user.id]);
  });

  it('match nothing when the value tries to close its string and add a clause', async () => {
    await newUser({ firstName: 'Bystander' });
    const page = await t.okta.users.list({
      search: eq('profile.lastName', 'nobody" or id pr or profile.lastName eq "x'),
    });
    expect(page.items).toEqual([]);
  });
});

describe('a scoped client', () => {
  it("sends no call once the caller's signal has aborted", async () => {
    const user = await newUser();
    const before = t.h.sim.requests.total();
    const reason = new Error('the GraphQL request was cancelled');
    const controller = new AbortController();
    controller.abort(reason);
    const error = await rejectionOf(
      t.okta.scoped({ signal: controller.signal }).users.get(user.id),
    );
    expect([error, t.h.sim.requests.total()]).toEqual([reason, before]);
  });

  it("sends no call past the caller's deadline", async () => {
    const user = await newUser();
    const before = t.h.sim.requests.total();
    const error = (await rejectionOf(
      t.okta.scoped({ deadline: Date.now() - 1 }).users.get(user.id),
    )) as OktaTimeoutError;
    expect([error.code, error.phase, t.h.sim.requests.total()]).toEqual([
      'OKTA_ERR_TIMEOUT',
      'deadline',
      before,
    ]);
  });

  it('leaves the client it came from unscoped', async () => {
    const user = await newUser();
    t.okta.scoped({ deadline: Date.now() - 1 });
    expect((await t.okta.users.get(user.id)).id).toBe(user.id);
  });
});
