import { describe, expect, it } from 'vitest';
import type {
  AppRecord,
  GroupRecord,
  GroupType,
  Org,
  UserRecord,
} from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface User {
  id: string;
  status: string;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: Record<string, unknown>;
  credentials: Record<string, unknown>;
  _links: Record<string, { href: string; method?: string }>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const profileOf = (name: string, lastName = 'Tester', domain = 'example.com') => ({
  login: `${name}@${domain}`,
  email: `${name}@${domain}`,
  firstName: name.charAt(0).toUpperCase() + name.slice(1),
  lastName,
});

async function createUser(
  h: SimHarness,
  name: string,
  options: {
    query?: string;
    body?: Record<string, unknown>;
    lastName?: string;
    domain?: string;
  } = {},
): Promise<User> {
  const res = await h.api<User>('POST', `/api/v1/users${options.query ?? ''}`, {
    body: { profile: profileOf(name, options.lastName, options.domain), ...options.body },
  });
  if (res.status !== 200)
    throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The event types the System Log holds for one target, oldest first. */
function eventsFor(org: Org, targetId: string): string[] {
  return org.log
    .map((p) => p.event)
    .filter((e) => (e.target as { id: string }[]).some((t) => t.id === targetId))
    .map((e) => e.eventType);
}

function addGroup(
  org: Org,
  name: string,
  type: GroupType = 'OKTA_GROUP',
  id?: string,
): GroupRecord {
  const now = org.now();
  const group: GroupRecord = {
    id: id ?? org.prng.id('00g'),
    created: now,
    lastUpdated: now,
    lastMembershipUpdated: now,
    type,
    profile: { name, description: `${name} team` },
    members: new Set(),
  };
  org.saveGroup(group);
  return group;
}

function everyoneOf(org: Org): GroupRecord {
  return (
    org.groups.get(org.everyoneGroupId) ??
    addGroup(org, 'Everyone', 'BUILT_IN', org.everyoneGroupId)
  );
}

const password = 'correct-Horse-7';

describe('GET /api/v1/users/{idOrLogin}', () => {
  const h = useSimulator({ size: 'empty' });

  it('returns an ACTIVE user by id with the links its status allows', async () => {
    const user = await createUser(h, 'gina', {
      body: { credentials: { password: { value: password } } },
    });
    const res = await h.api<User>('GET', `/api/v1/users/${user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ACTIVE');
    expect(res.body.profile).toEqual(profileOf('gina'));
    expect(Object.keys(res.body._links).sort()).toEqual(
      [
        'changePassword',
        'deactivate',
        'expirePassword',
        'resetPassword',
        'schema',
        'self',
        'suspend',
        'type',
      ].sort(),
    );
    expect(res.body._links.suspend).toEqual({
      href: `${h.sim.url}/api/v1/users/${user.id}/lifecycle/suspend`,
      method: 'POST',
    });
  });

  it('links resetFactors only while the user has factors enrolled', async () => {
    const user = await createUser(h, 'fay', {
      body: { credentials: { password: { value: password } } },
    });
    (h.sim.org.users.get(user.id) as UserRecord).factorsEnrolled = 1;
    const res = await h.api<User>('GET', `/api/v1/users/${user.id}`);
    expect(res.body._links.resetFactors).toEqual({
      href: `${h.sim.url}/api/v1/users/${user.id}/lifecycle/reset_factors`,
      method: 'POST',
    });
  });

  it('links the user schema where the schema API serves it', async () => {
    const user = await createUser(h, 'schemy');
    const res = await h.api<User>('GET', `/api/v1/users/${user.id}`);
    const href = res.body._links.schema?.href as string;
    const schema = await h.api<{ name: string }>('GET', href.replace(h.sim.url, ''));
    expect(schema.status).toBe(200);
    expect(schema.body.name).toBe('user');
  });

  it('returns the API token admin for me', async () => {
    const admin = h.sim.org.apiTokens.get(h.sim.apiToken);
    const res = await h.api<User>('GET', '/api/v1/users/me');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(admin?.id);
  });

  it('finds a user by login, whatever its case', async () => {
    const user = await createUser(h, 'harold');
    const res = await h.api<User>('GET', '/api/v1/users/HAROLD%40example.com');
    expect(res.body.id).toBe(user.id);
  });

  it('finds a user by the short name of the login', async () => {
    const user = await createUser(h, 'ingrid');
    const res = await h.api<User>('GET', '/api/v1/users/ingrid');
    expect(res.body.id).toBe(user.id);
  });

  it('answers an unknown user with 404 E0000007', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/users/00uNOPE');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      errorCode: 'E0000007',
      errorSummary: 'Not found: Resource not found: 00uNOPE (User)',
      errorCauses: [],
    });
  });
});

describe('POST /api/v1/users', () => {
  const h = useSimulator({ size: 'empty' });

  it('creates a PROVISIONED user when activated without a password', async () => {
    const res = await h.api<User>('POST', '/api/v1/users', { body: { profile: profileOf('ann') } });
    expect(res.status).toBe(200);
    expect(res.body.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
    expect(res.body.status).toBe('PROVISIONED');
    expect(res.body.activated).toBe(res.body.created);
    expect(res.body.passwordChanged).toBeNull();
    expect(res.body.type).toEqual({ id: h.sim.org.defaultUserTypeId });
    expect(res.body.credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });
  });

  it('logs user.lifecycle.create and user.lifecycle.activate for an activated user', async () => {
    const user = await createUser(h, 'andy');
    expect(eventsFor(h.sim.org, user.id)).toEqual([
      'user.lifecycle.create',
      'user.lifecycle.activate',
    ]);
  });

  it('creates a STAGED user with activate=false and logs only the creation', async () => {
    const user = await createUser(h, 'bea', {
      query: '?activate=false',
      body: { credentials: { password: { value: password } } },
    });
    expect(user.status).toBe('STAGED');
    expect(user.activated).toBeNull();
    expect(eventsFor(h.sim.org, user.id)).toEqual(['user.lifecycle.create']);
  });

  it('creates an ACTIVE user when activated with a password', async () => {
    const user = await createUser(h, 'carl', {
      body: { credentials: { password: { value: password } } },
    });
    expect(user.status).toBe('ACTIVE');
    expect(user.passwordChanged).toBe(user.created);
    expect(user.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
  });

  it('creates a PASSWORD_EXPIRED user with nextLogin=changePassword', async () => {
    const user = await createUser(h, 'dora', {
      query: '?activate=true&nextLogin=changePassword',
      body: { credentials: { password: { value: password } } },
    });
    expect(user.status).toBe('PASSWORD_EXPIRED');
  });

  it('refuses nextLogin=changePassword without a password with 400 E0000124', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users?nextLogin=changePassword', {
      body: { profile: profileOf('dirk') },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000124');
  });

  it('refuses nextLogin=changePassword with activate=false with 400 E0000125', async () => {
    const res = await h.api<OktaError>(
      'POST',
      '/api/v1/users?activate=false&nextLogin=changePassword',
      {
        body: { profile: profileOf('dirk'), credentials: { password: { value: password } } },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000125');
  });

  it('creates an ACTIVE federated user with provider=true', async () => {
    const user = await createUser(h, 'fed', {
      query: '?provider=true',
      body: { credentials: { provider: { type: 'FEDERATION', name: 'FEDERATION' } } },
    });
    expect(user.status).toBe('ACTIVE');
    expect(user.credentials).toEqual({ provider: { type: 'FEDERATION', name: 'FEDERATION' } });
  });

  it('creates a STAGED federated user with provider=true and activate=false', async () => {
    const user = await createUser(h, 'fedora', {
      query: '?provider=true&activate=false',
      body: { credentials: { provider: { type: 'SOCIAL', name: 'SOCIAL' } } },
    });
    expect(user.status).toBe('STAGED');
  });

  it('creates an ACTIVE user with an imported password hash, provider IMPORT', async () => {
    const user = await createUser(h, 'hash', {
      body: {
        credentials: {
          password: {
            hash: {
              algorithm: 'BCRYPT',
              workFactor: 10,
              salt: 'rwh3vH166HCH/NT9XV5FYu',
              value: 'qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna',
            },
          },
        },
      },
    });
    expect(user.status).toBe('ACTIVE');
    expect(user.credentials).toEqual({
      password: {},
      provider: { type: 'IMPORT', name: 'IMPORT' },
    });
  });

  it('creates an ACTIVE user with the password import hook, provider IMPORT', async () => {
    const user = await createUser(h, 'hooked', {
      body: { credentials: { password: { hook: { type: 'default' } } } },
    });
    expect(user.status).toBe('ACTIVE');
    expect(user.credentials).toEqual({
      password: {},
      provider: { type: 'IMPORT', name: 'IMPORT' },
    });
  });

  it('keeps the recovery question but never returns its answer', async () => {
    const user = await createUser(h, 'quinn', {
      body: {
        credentials: {
          password: { value: password },
          recovery_question: { question: 'Who is the best?', answer: 'the dog' },
        },
      },
    });
    expect(user.credentials.recovery_question).toEqual({ question: 'Who is the best?' });
  });

  it('refuses a profile without the required attributes, one cause per field', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { nickName: 'x' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    expect(res.body.errorSummary).toBe('Api validation failed: login');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'login: The field cannot be left blank' },
      { errorSummary: 'firstName: The field cannot be left blank' },
      { errorSummary: 'lastName: The field cannot be left blank' },
      { errorSummary: 'email: The field cannot be left blank' },
      { errorSummary: 'login: Username must be in the form of an email address' },
    ]);
  });

  it('refuses a login that is not an email address', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('eve'), login: 'eve-the-user' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'login: Username must be in the form of an email address' },
    ]);
  });

  it('refuses a malformed email', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('eve'), email: 'eve at example' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: email');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'email: Does not match required pattern' },
    ]);
  });

  it('refuses a first name longer than 50 characters', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('eve'), firstName: 'E'.repeat(51) } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'firstName: The field cannot exceed 50 characters' },
    ]);
  });

  it('refuses a base attribute of the wrong type', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('eve'), city: 42 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'city: The value must be of type string' },
    ]);
  });

  it('refuses an attribute the schema does not define, as Okta words it', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('eve'), favoriteColor: 'teal' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: newUser');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: "Property name 'favoriteColor' is not defined in profile" },
    ]);
  });

  it('types custom attributes by the org schema and refuses values outside an enum', async () => {
    h.sim.org.customSchema.set('shirtSize', {
      title: 'Shirt size',
      type: 'string',
      enum: ['S', 'M', 'L'],
    });
    const bad = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('shirt'), shirtSize: 'XXL' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCauses).toEqual([
      { errorSummary: 'shirtSize: Does not match one of the allowed values' },
    ]);
    const good = await createUser(h, 'shirt', { body: {} });
    expect(good.profile.shirtSize).toBeUndefined();
    h.sim.org.customSchema.delete('shirtSize');
  });

  it('refuses a login that exists already in another case', async () => {
    await createUser(h, 'dup');
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: { ...profileOf('dup'), login: 'DUP@example.com' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: login');
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary: 'login: An object with this field already exists in the current organization',
      },
    ]);
  });

  it('refuses a password shorter than 8 characters', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('shorty'), credentials: { password: { value: 'Ab1!' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: password');
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary:
          'password: Password requirements were not met. Password requirements: at least 8 characters, no parts of your username.',
      },
    ]);
  });

  it('refuses a password that contains the username', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('walter'), credentials: { password: { value: 'xxWalter2024' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: password');
  });

  it('refuses a recovery answer shorter than 4 characters', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: {
        profile: profileOf('rita'),
        credentials: { recovery_question: { question: 'Pet?', answer: 'ox' } },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary:
          'recovery_question.answer: The security question answer must be at least 4 characters in length',
      },
    ]);
  });

  it('adds the user to every groupIds group and logs each membership', async () => {
    const sales = addGroup(h.sim.org, 'Sales');
    const west = addGroup(h.sim.org, 'West');
    const user = await createUser(h, 'gus', { body: { groupIds: [sales.id, west.id] } });
    expect(sales.members.has(user.id)).toBe(true);
    expect(west.members.has(user.id)).toBe(true);
    const memberships = h.sim.org.log
      .map((p) => p.event)
      .filter((e) => e.eventType === 'group.user_membership.add')
      .map((e) => (e.target as { id: string }[]).map((t) => t.id));
    expect(memberships.slice(-2)).toEqual([
      [user.id, sales.id],
      [user.id, west.id],
    ]);
  });

  it('adds every new user to the Everyone group without a membership event', async () => {
    const everyone = everyoneOf(h.sim.org);
    const before = eventsFor(h.sim.org, everyone.id);
    const user = await createUser(h, 'evan', { query: '?activate=false' });
    expect(everyone.members.has(user.id)).toBe(true);
    expect(eventsFor(h.sim.org, everyone.id)).toEqual(before);
  });

  it('refuses more than 20 groupIds with 400 E0000093', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => addGroup(h.sim.org, `Many ${i}`).id);
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('many'), groupIds: ids },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errorCode: 'E0000093',
      errorSummary: 'Target count limit exceeded',
      errorCauses: [{ errorSummary: 'The number of group targets is too large' }],
    });
  });

  it('refuses an unknown group id and creates nothing', async () => {
    const before = h.sim.org.users.size;
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('nogroup'), groupIds: ['00gNOPE'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: groupIds');
    expect(h.sim.org.users.size).toBe(before);
  });

  it('refuses a group that is not an OKTA_GROUP', async () => {
    const appGroup = addGroup(h.sim.org, 'AD Users', 'APP_GROUP');
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('appgroup'), groupIds: [appGroup.id] },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: groupIds');
  });

  it('refuses an unknown user type', async () => {
    const res = await h.api<OktaError>('POST', '/api/v1/users', {
      body: { profile: profileOf('typed'), type: { id: 'otyNOPE' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: type');
  });
});

describe('updating a user', () => {
  const h = useSimulator({ size: 'empty' });

  it('changes only the attributes a partial update sends, and null clears one', async () => {
    const user = await createUser(h, 'paula', {
      body: { profile: { ...profileOf('paula'), city: 'Oslo', title: 'CTO' } },
    });
    const res = await h.api<User>('POST', `/api/v1/users/${user.id}`, {
      body: { profile: { city: 'Bergen', title: null } },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ ...profileOf('paula'), city: 'Bergen' });
    expect(res.body.lastUpdated >= user.lastUpdated).toBe(true);
  });

  it('logs user.account.update_profile with the change', async () => {
    const user = await createUser(h, 'petra');
    await h.api('POST', `/api/v1/users/${user.id}`, { body: { profile: { nickName: 'Pet' } } });
    const event = h.sim.org.log.at(-1)?.event ?? { eventType: 'none', target: [] };
    expect(event.eventType).toBe('user.account.update_profile');
    const target = (event.target as { id: string; changeDetails: unknown }[])[0];
    expect(target?.id).toBe(user.id);
    expect(target?.changeDetails).toEqual({
      from: profileOf('petra'),
      to: { ...profileOf('petra'), nickName: 'Pet' },
    });
  });

  it('removes the attributes a replace (PUT) leaves out', async () => {
    const user = await createUser(h, 'ralph', {
      body: { profile: { ...profileOf('ralph'), city: 'Oslo' } },
    });
    const res = await h.api<User>('PUT', `/api/v1/users/${user.id}`, {
      body: { profile: { ...profileOf('ralph'), title: 'Chef' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({ ...profileOf('ralph'), title: 'Chef' });
  });

  it('refuses a replace without a required attribute', async () => {
    const user = await createUser(h, 'rosa');
    const { lastName: _, ...withoutLastName } = profileOf('rosa');
    const res = await h.api<OktaError>('PUT', `/api/v1/users/${user.id}`, {
      body: { profile: withoutLastName },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: lastName');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'lastName: The field cannot be left blank' },
    ]);
  });

  it('refuses to change a login to one another user has', async () => {
    await createUser(h, 'taken');
    const user = await createUser(h, 'taker');
    const res = await h.api<OktaError>('POST', `/api/v1/users/${user.id}`, {
      body: { profile: { login: 'Taken@example.com' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      {
        errorSummary: 'login: An object with this field already exists in the current organization',
      },
    ]);
  });

  it('changes the login and finds the user by the new one only', async () => {
    const user = await createUser(h, 'oldname');
    await h.api('POST', `/api/v1/users/${user.id}`, {
      body: { profile: { login: 'newname@example.com' } },
    });
    expect((await h.api<User>('GET', '/api/v1/users/newname%40example.com')).body.id).toBe(user.id);
    expect((await h.api('GET', '/api/v1/users/oldname%40example.com')).status).toBe(404);
  });

  it('refuses a partial update that changes the user type', async () => {
    const user = await createUser(h, 'tim');
    const res = await h.api<OktaError>('POST', `/api/v1/users/${user.id}`, {
      body: { type: { id: 'otyOTHER' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: type');
  });

  it('refuses to update a DEPROVISIONED user with 403 E0000038', async () => {
    const user = await createUser(h, 'gone');
    await h.api('POST', `/api/v1/users/${user.id}/lifecycle/deactivate`);
    const res = await h.api<OktaError>('POST', `/api/v1/users/${user.id}`, {
      body: { profile: { nickName: 'ghost' } },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      errorCode: 'E0000038',
      errorSummary: "This operation is not allowed in the user's current status.",
    });
  });

  it('sets a password as an admin and logs user.account.update_password', async () => {
    const user = await createUser(h, 'sam', { query: '?activate=false' });
    const res = await h.api<User>('POST', `/api/v1/users/${user.id}`, {
      body: { credentials: { password: { value: password } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.credentials.password).toEqual({});
    expect(res.body.passwordChanged).not.toBeNull();
    expect(h.sim.org.users.get(user.id)?.password?.value).toBe(password);
    expect(eventsFor(h.sim.org, user.id).at(-1)).toBe('user.account.update_password');
  });

  it('refuses an admin-set password that breaks the policy', async () => {
    const user = await createUser(h, 'sid');
    const res = await h.api<OktaError>('POST', `/api/v1/users/${user.id}`, {
      body: { credentials: { password: { value: 'short' } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: password');
  });

  it('refuses a recent password with strict=true but accepts it without', async () => {
    const user = await createUser(h, 'stan', {
      body: { credentials: { password: { value: password } } },
    });
    await h.api('POST', `/api/v1/users/${user.id}`, {
      body: { credentials: { password: { value: 'second-Pass-8' } } },
    });
    const strict = await h.api<OktaError>('POST', `/api/v1/users/${user.id}?strict=true`, {
      body: { credentials: { password: { value: password } } },
    });
    expect(strict.status).toBe(400);
    expect(strict.body.errorCauses).toEqual([
      { errorSummary: 'password: Password has been used too recently' },
    ]);
    const lax = await h.api<User>('POST', `/api/v1/users/${user.id}`, {
      body: { credentials: { password: { value: password } } },
    });
    expect(lax.status).toBe(200);
  });

  it('sets the recovery question through an update', async () => {
    const user = await createUser(h, 'ruth');
    const res = await h.api<User>('POST', `/api/v1/users/${user.id}`, {
      body: { credentials: { recovery_question: { question: 'First car?', answer: 'a beetle' } } },
    });
    expect(res.body.credentials.recovery_question).toEqual({ question: 'First car?' });
  });
});

describe('DELETE /api/v1/users/{id}', () => {
  const h = useSimulator({ size: 'empty' });

  it('deactivates on the first DELETE: 204 and a DEPROVISIONED user', async () => {
    const user = await createUser(h, 'dan');
    const res = await h.api('DELETE', `/api/v1/users/${user.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await h.api<User>('GET', `/api/v1/users/${user.id}`)).body.status).toBe(
      'DEPROVISIONED',
    );
    expect(eventsFor(h.sim.org, user.id).at(-1)).toBe('user.lifecycle.deactivate');
  });

  it('deletes for good on the second DELETE, then answers 404', async () => {
    const group = addGroup(h.sim.org, 'Leavers');
    const user = await createUser(h, 'del', { body: { groupIds: [group.id] } });
    await h.api('DELETE', `/api/v1/users/${user.id}`);
    const res = await h.api('DELETE', `/api/v1/users/${user.id}`);
    expect(res.status).toBe(204);
    expect(group.members.has(user.id)).toBe(false);
    expect(eventsFor(h.sim.org, user.id).at(-1)).toBe('user.lifecycle.delete.initiated');
    const after = await h.api<OktaError>('GET', `/api/v1/users/${user.id}`);
    expect(after.status).toBe(404);
    expect(after.body.errorCode).toBe('E0000007');
    expect((await h.api('DELETE', `/api/v1/users/${user.id}`)).status).toBe(404);
  });
});

describe('GET /api/v1/users', () => {
  const h = useSimulator({ size: 'empty' });
  const users: Record<string, User> = {};
  const ids = (list: User[]) => list.map((u) => u.id);
  const sorted = (list: string[]) => [...list].sort();
  // Searches below look at these users only.
  const domain = 'list.example.com';
  const ours = encodeURIComponent(`profile.email co "${domain}"`);

  it('lists users by id without DEPROVISIONED ones, each with only the self link', async () => {
    // The empty org already holds its super admin.
    const existing = [...h.sim.org.users.values()]
      .filter((u) => u.status !== 'DEPROVISIONED')
      .map((u) => u.id);
    users.alice = await createUser(h, 'alice', { lastName: 'Zed', domain });
    users.alan = await createUser(h, 'alan', { lastName: 'Young', domain });
    users.bob = await createUser(h, 'bob', { lastName: 'Young', domain });
    users.carol = await createUser(h, 'carol', { lastName: 'Xu', domain });
    // Later than the others by a clear margin, for the lastUpdated filter below.
    await new Promise((resolve) => setTimeout(resolve, 5));
    users.gone = await createUser(h, 'gone', { lastName: 'Young', domain });
    await h.api('POST', `/api/v1/users/${users.gone.id}/lifecycle/deactivate`);
    const res = await h.api<User[]>('GET', '/api/v1/users');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(
      sorted([...existing, ...ids([users.alice, users.alan, users.bob, users.carol])]),
    );
    expect(res.body[0]?._links).toEqual({
      self: { href: `${h.sim.url}/api/v1/users/${res.body[0]?.id}` },
    });
    expect(res.headers.get('link')).toBe(`<${h.sim.url}/api/v1/users>; rel="self"`);
  });

  it('includes DEPROVISIONED users in a filter', async () => {
    const res = await h.api<User[]>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`,
    );
    expect(ids(res.body)).toEqual([users.gone?.id]);
  });

  it('filters by login, case-sensitively', async () => {
    const hit = await h.api<User[]>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`profile.login eq "bob@${domain}"`)}`,
    );
    expect(ids(hit.body)).toEqual([users.bob?.id]);
    const miss = await h.api<User[]>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`profile.login eq "BOB@${domain}"`)}`,
    );
    expect(miss.body).toEqual([]);
  });

  it('filters by lastUpdated with gt', async () => {
    const since = users.carol?.lastUpdated as string;
    const res = await h.api<User[]>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`lastUpdated gt "${since}"`)}`,
    );
    expect(ids(res.body)).toEqual([users.gone?.id]);
  });

  it('refuses a filter on an attribute filter does not support with 400 E0000031', async () => {
    const res = await h.api<OktaError>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent('profile.city eq "Oslo"')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000031');
  });

  it('refuses a malformed search with 400 E0000031', async () => {
    const res = await h.api<OktaError>(
      'GET',
      `/api/v1/users?search=${encodeURIComponent('status eq')}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000031');
    expect(res.body.errorSummary).toBe('Invalid search criteria.');
  });

  it('searches with sw, case-insensitively, and includes DEPROVISIONED users', async () => {
    const res = await h.api<User[]>(
      'GET',
      `/api/v1/users?search=${encodeURIComponent('profile.lastName sw "YOU"')}`,
    );
    expect(ids(res.body)).toEqual(sorted(ids([users.alan, users.bob, users.gone] as User[])));
  });

  it('sorts search results by sortBy and sortOrder, ties by id', async () => {
    const res = await h.api<User[]>(
      'GET',
      `/api/v1/users?search=${ours}&sortBy=profile.lastName&sortOrder=desc`,
    );
    const youngs = sorted(ids([users.alan, users.bob, users.gone] as User[]));
    expect(ids(res.body)).toEqual([users.alice?.id, ...youngs, users.carol?.id]);
  });

  it('pages sorted search results with a cursor that encodes the sort position', async () => {
    const query = `search=${ours}&sortBy=profile.lastName&sortOrder=asc`;
    const first = await h.api<User[]>('GET', `/api/v1/users?${query}&limit=2`);
    const youngs = sorted(ids([users.alan, users.bob, users.gone] as User[]));
    expect(ids(first.body)).toEqual([users.carol?.id, youngs[0]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] as string;
    expect(new URL(next).searchParams.get('sortBy')).toBe('profile.lastName');
    const second = await h.api<User[]>('GET', next.replace(h.sim.url, ''));
    expect(ids(second.body)).toEqual([youngs[1], youngs[2]]);
    const last = /<([^>]+)>; rel="next"/.exec(second.headers.get('link') ?? '')?.[1] as string;
    const third = await h.api<User[]>('GET', last.replace(h.sim.url, ''));
    expect(ids(third.body)).toEqual([users.alice?.id]);
    expect(third.headers.get('link')).not.toContain('rel="next"');
  });

  it('finds users by a q prefix of first name, last name or email, hiding DEPROVISIONED', async () => {
    const res = await h.api<User[]>('GET', '/api/v1/users?q=al');
    expect(ids(res.body)).toEqual(sorted(ids([users.alice, users.alan] as User[])));
    const byLast = await h.api<User[]>('GET', '/api/v1/users?q=young');
    expect(ids(byLast.body)).toEqual(sorted(ids([users.alan, users.bob] as User[])));
  });

  it('answers q with at most 10 users by default and never a next link', async () => {
    for (let i = 0; i < 11; i++) await createUser(h, `qq${String(i).padStart(2, '0')}`);
    const res = await h.api<User[]>('GET', '/api/v1/users?q=qq');
    expect(res.body).toHaveLength(10);
    expect(res.headers.get('link')).toBe(`<${h.sim.url}/api/v1/users?q=qq>; rel="self"`);
  });

  it('pages with limit and after, keeping the filter in the next link', async () => {
    const filter = encodeURIComponent('profile.lastName eq "Young"');
    const first = await h.api<User[]>('GET', `/api/v1/users?filter=${filter}&limit=2`);
    const youngs = sorted(ids([users.alan, users.bob, users.gone] as User[]));
    expect(ids(first.body)).toEqual(youngs.slice(0, 2));
    const links = first.headers.get('link') ?? '';
    expect(links).toContain(`<${h.sim.url}/api/v1/users?filter=`);
    const nextUrl = new URL(/<([^>]+)>; rel="next"/.exec(links)?.[1] as string);
    expect(nextUrl.searchParams.get('filter')).toBe('profile.lastName eq "Young"');
    expect(nextUrl.searchParams.get('after')).toBe(youngs[1]);
    expect(nextUrl.searchParams.get('limit')).toBe('2');
    const second = await h.api<User[]>('GET', `${nextUrl.pathname}${nextUrl.search}`);
    expect(ids(second.body)).toEqual([youngs[2]]);
    expect(second.headers.get('link')).not.toContain('rel="next"');
  });
});

describe('GET /api/v1/users page size', () => {
  const h = useSimulator({ size: 'empty' });

  function insertUsers(org: Org, n: number): void {
    for (let i = 0; i < n; i++) {
      const now = org.now();
      const user: UserRecord = {
        id: org.prng.id('00u'),
        status: 'ACTIVE',
        created: now,
        activated: now,
        statusChanged: now,
        lastLogin: null,
        lastUpdated: now,
        passwordChanged: null,
        transitioningToStatus: null,
        typeId: org.defaultUserTypeId,
        profile: profileOf(`bulk${i}`),
        passwordHistory: [],
        provider: { type: 'OKTA', name: 'OKTA' },
        factorsEnrolled: 0,
        sessions: 0,
      };
      org.saveUser(user);
    }
  }

  it('answers 200 users by default and caps limit at 200', async () => {
    insertUsers(h.sim.org, 205);
    const listed = [...h.sim.org.users.values()].filter((u) => u.status !== 'DEPROVISIONED');
    const byDefault = await h.api<User[]>('GET', '/api/v1/users');
    expect(byDefault.body).toHaveLength(200);
    const capped = await h.api<User[]>('GET', '/api/v1/users?limit=500');
    expect(capped.body).toHaveLength(200);
    const next = new URL(
      /<([^>]+)>; rel="next"/.exec(capped.headers.get('link') ?? '')?.[1] as string,
    );
    expect(next.searchParams.get('limit')).toBe('200');
    const rest = await h.api<User[]>('GET', `${next.pathname}${next.search}`);
    expect(rest.body).toHaveLength(listed.length - 200);
  });
});

describe('search lag', () => {
  const h = useSimulator({ size: 'empty', searchLagMs: 200 });

  it('finds a new user by id and filter at once, and by search only after the lag', async () => {
    const user = await createUser(h, 'laggy');
    const search = `/api/v1/users?search=${encodeURIComponent(`id eq "${user.id}"`)}`;
    expect((await h.api<User>('GET', `/api/v1/users/${user.id}`)).status).toBe(200);
    const filtered = await h.api<User[]>(
      'GET',
      `/api/v1/users?filter=${encodeURIComponent(`id eq "${user.id}"`)}`,
    );
    expect(ids(filtered.body)).toEqual([user.id]);
    expect((await h.api<User[]>('GET', search)).body).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ids((await h.api<User[]>('GET', search)).body)).toEqual([user.id]);
  });

  const ids = (list: User[]) => list.map((u) => u.id);
});

describe("a user's sessions, groups and app links", () => {
  const h = useSimulator({ size: 'empty' });

  it('clears the sessions with 204 and logs user.session.clear', async () => {
    const user = await createUser(h, 'sess');
    const record = h.sim.org.users.get(user.id) as UserRecord;
    record.sessions = 3;
    const res = await h.api('DELETE', `/api/v1/users/${user.id}/sessions?oauthTokens=true`);
    expect(res.status).toBe(204);
    expect(record.sessions).toBe(0);
    expect(eventsFor(h.sim.org, user.id).at(-1)).toBe('user.session.clear');
  });

  it('lists the groups of a user, Everyone included, without paging', async () => {
    const everyone = everyoneOf(h.sim.org);
    const ops = addGroup(h.sim.org, 'Ops');
    const user = await createUser(h, 'grp', { body: { groupIds: [ops.id] } });
    const res = await h.api<{ id: string; profile: { name: string } }[]>(
      'GET',
      `/api/v1/users/${user.id}/groups`,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((g) => g.id)).toEqual([everyone.id, ops.id].sort());
    expect(res.headers.get('link')).toBeNull();
  });

  function addApp(org: Org, label: string, status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): AppRecord {
    const now = org.now();
    const app: AppRecord = {
      id: org.prng.id('0oa'),
      name: 'bookmark',
      label,
      status,
      signOnMode: 'BOOKMARK',
      created: now,
      lastUpdated: now,
      body: { visibility: { hide: { web: false, iOS: false } } },
      users: new Map(),
      groups: new Map(),
      grants: new Map(),
    };
    org.apps.set(app.id, app);
    return app;
  }

  it('lists app links for direct and group-sourced assignments of active apps', async () => {
    const org = h.sim.org;
    const user = await createUser(h, 'links');
    const direct = addApp(org, 'Wiki');
    direct.users.set(user.id, org.newAppUser(user.id, true));
    const viaGroup = addApp(org, 'Payroll');
    const team = addGroup(org, 'Payroll users');
    viaGroup.groups.set(team.id, { id: team.id, priority: 0, profile: {}, lastUpdated: org.now() });
    org.addMember(team, user.id);
    const inactive = addApp(org, 'Old CRM', 'INACTIVE');
    inactive.users.set(user.id, org.newAppUser(user.id, true));

    const res = await h.api<Record<string, unknown>[]>('GET', `/api/v1/users/${user.id}/appLinks`);
    expect(res.status).toBe(200);
    const expected = [direct, viaGroup].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(res.body.map((l) => l.appInstanceId)).toEqual(expected.map((a) => a.id));
    expect(res.body[0]).toEqual({
      id: user.id,
      label: expected[0]?.label,
      linkUrl: `${h.sim.url}/home/bookmark/${expected[0]?.id}/bookmark`,
      logoUrl: `${h.sim.url}/assets/img/logos/default.png`,
      appName: 'bookmark',
      appInstanceId: expected[0]?.id,
      appAssignmentId: expect.stringMatching(/^0ua[0-9A-Za-z]{17}$/),
      credentialsSetup: false,
      hidden: false,
      sortOrder: 0,
    });
  });
});
