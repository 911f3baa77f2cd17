/**
 * The System Log week: sign-ins, MFA and SSO by most people from their browsers and phones at
 * the office, at home and travelling; failed sign-ins, lockouts and a password spray; the HR
 * sync service's token grants and user changes; the changes of three admins. Every event is
 * planned first, then written in time order.
 */
import { type AppRecord, type GroupRecord, iso } from '../store.ts';
import {
  appTarget,
  appUserTarget,
  groupTarget,
  type LogActor,
  type LogClient,
  type LogEventInput,
  type LogTarget,
  userTarget,
  writeLogEvent,
} from '../system-log.ts';
import { appByLabel } from './apps.ts';
import { HR_SYNC_SCOPES } from './apps-data.ts';
import { BASE64URL, pickWeighted, shuffle } from './choose.ts';
import {
  API_AGENTS,
  DATACENTER,
  ELSEWHERE,
  OKTA_VERIFY_AGENT,
  type Place,
  SIGN_IN_FAILURE_REASONS,
} from './history-data.ts';
import { type Office, TEST_NETS, type UserAgentProfile } from './people-data.ts';
import {
  DAY,
  HISTORY_DAYS,
  HOUR,
  inWindow,
  isAdmin,
  MINUTE,
  type Person,
  type Plan,
  type SeededApp,
  type SeedState,
} from './state.ts';

/**
 * At most this many history events, whatever the org's size: a 50,000-user org gets a week
 * of sign-ins by a sample of its people, so memory stays bounded.
 */
export const MAX_HISTORY_EVENTS = 20_000;

/** History budget per person (a week of one person's sign-ins, MFA and SSO is about 20 events). */
const HISTORY_EVENTS_PER_PERSON = 25;

function historyBudget(state: SeedState): number {
  return Math.min(
    MAX_HISTORY_EVENTS,
    Math.max(2_000, state.people.length * HISTORY_EVENTS_PER_PERSON),
  );
}

/**
 * How many people of each kind of story (a status change, an unlock…) the history tells,
 * so that big orgs keep most of their bounded history for sign-ins.
 */
export function storyCap(state: SeedState): number {
  return Math.max(4, Math.round(historyBudget(state) / 250));
}

export function writeHistory(state: SeedState): void {
  planAdminStories(state);
  planTokenGrants(state);
  planPasswordSpray(state);
  // People sign in, in random order, until the history is as long as the org deserves.
  const budget = historyBudget(state);
  const eligible = state.people.filter(
    (p) => p.activatedAt !== null && p.activeUntil > state.windowStart,
  );
  for (const person of shuffle(state.rng, eligible)) {
    if (state.plans.length >= budget) break;
    planWeekOfSignIns(state, person);
  }

  state.plans.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const plan of state.plans) {
    const event = writeLogEvent(state.org, { ...plan.input, published: iso(new Date(plan.at)) });
    if (plan.authentication) {
      Object.assign(event.authenticationContext as Record<string, unknown>, plan.authentication);
    }
    if (plan.debugData) {
      const debug = event.debugContext as { debugData: Record<string, unknown> };
      Object.assign(debug.debugData, plan.debugData);
    }
  }
}

function plan(
  state: SeedState,
  at: number,
  input: Plan['input'],
  extra: Omit<Plan, 'at' | 'order' | 'input'> = {},
): void {
  state.plans.push({
    at: Math.min(at, state.windowEnd),
    order: state.plans.length,
    input,
    ...extra,
  });
}

function actorOf(person: Person): LogActor {
  return {
    id: person.user.id,
    type: 'User',
    alternateId: person.login,
    displayName: `${person.firstName} ${person.lastName}`,
  };
}

function logClient(
  agent: UserAgentProfile,
  ip: string,
  place: Place,
  zone: string,
  id: string | null = null,
): LogClient {
  return {
    id,
    ipAddress: ip,
    userAgent: { rawUserAgent: agent.rawUserAgent, os: agent.os, browser: agent.browser },
    device: agent.device,
    zone,
    geographicalContext: {
      city: place.city,
      state: place.state,
      country: place.country,
      postalCode: place.postalCode,
      geolocation: { lat: place.lat, lon: place.lon },
    },
  };
}

/** Where an admin works from: the super admin through the API, the others in the Admin Console. */
function adminClient(state: SeedState, admin: Person): LogClient {
  if (admin === state.superAdmin) {
    const agent = {
      rawUserAgent: API_AGENTS.sdk,
      os: 'Linux',
      browser: 'UNKNOWN',
      device: 'Unknown' as const,
    };
    return logClient(agent, '203.0.113.200', DATACENTER, 'null');
  }
  return logClient(
    admin.desktop,
    admin.office.egressIp,
    officePlace(admin.office),
    'Corporate Offices',
  );
}

function hrSyncActor(state: SeedState): { actor: LogActor; client: LogClient } | null {
  const app = state.hrSync?.record;
  if (!app) return null;
  const agent = {
    rawUserAgent: API_AGENTS.hrSync,
    os: 'Unknown',
    browser: 'UNKNOWN',
    device: 'Unknown' as const,
  };
  return {
    actor: { id: app.id, type: 'PublicClientApp', alternateId: app.id, displayName: app.label },
    client: logClient(agent, '192.0.2.200', DATACENTER, 'null', app.id),
  };
}

/** A change made by an admin (or the HR sync service when given), with its API request URI. */
function planAdminChange(
  state: SeedState,
  at: number,
  by: Person | 'hr-sync',
  eventType: string,
  targets: LogTarget[],
  requestUri: string,
  extra: Partial<LogEventInput> = {},
): void {
  const who = by === 'hr-sync' ? hrSyncActor(state) : null;
  const admin = by === 'hr-sync' ? state.superAdmin : by;
  const actor = who?.actor ?? actorOf(admin);
  const client = who?.client ?? adminClient(state, admin);
  plan(state, at, { eventType, actor, client, targets, requestUri, ...extra });
}

function planAdminStories(state: SeedState): void {
  const rng = state.rng;
  const hr = state.hrSync ? 'hr-sync' : state.superAdmin;
  for (const person of state.people) {
    if (person === state.superAdmin) continue;
    const u = person.user;
    const target = [userTarget(u)];
    const path = `/api/v1/users/${u.id}`;
    const recentlyCreated = person.createdAt >= state.windowStart;
    if (recentlyCreated) {
      planAdminChange(
        state,
        person.createdAt,
        hr,
        'user.lifecycle.create',
        target,
        `/api/v1/users?activate=false`,
      );
      const department = state.groupsByKey.get(`dept:${person.department.name}`);
      if (department?.members.has(u.id)) {
        const at = person.createdAt + 2 * MINUTE;
        planAdminChange(
          state,
          at,
          hr,
          'group.user_membership.add',
          [userTarget(u), groupTarget(department)],
          `/api/v1/groups/${department.id}/users/${u.id}`,
        );
        touchMembership(state, department, at);
      }
      const activatedOrProvisioned =
        person.activatedAt ?? (u.status === 'PROVISIONED' ? person.statusAt : null);
      if (activatedOrProvisioned !== null) {
        planAdminChange(
          state,
          activatedOrProvisioned,
          state.helpdesk,
          'user.lifecycle.activate',
          target,
          `${path}/lifecycle/activate?sendEmail=true`,
        );
      }
      if (person.activatedAt !== null) {
        // The new hire set a password while activating.
        planUserEvent(
          state,
          person,
          person.activeFrom - 5 * MINUTE,
          'user.account.update_password',
          target,
        );
      }
    }
    if (person.statusAt === null || person.statusAt < state.windowStart) continue;
    switch (u.status) {
      case 'RECOVERY':
        planAdminChange(
          state,
          person.statusAt,
          state.helpdesk,
          'user.account.reset_password',
          target,
          `${path}/lifecycle/reset_password?sendEmail=true`,
        );
        break;
      case 'PASSWORD_EXPIRED':
        planAdminChange(
          state,
          person.statusAt,
          state.superAdmin,
          'user.account.expire_password',
          target,
          `${path}/lifecycle/expire_password`,
        );
        break;
      case 'LOCKED_OUT':
        planLockout(state, person, person.statusAt);
        break;
      case 'SUSPENDED':
        planAdminChange(
          state,
          person.statusAt,
          state.itOps,
          'user.lifecycle.suspend',
          target,
          `${path}/lifecycle/suspend`,
        );
        break;
      case 'DEPROVISIONED':
        planAdminChange(
          state,
          person.statusAt - 2 * MINUTE,
          state.superAdmin,
          'user.session.clear',
          target,
          `${path}/sessions`,
        );
        planAdminChange(
          state,
          person.statusAt,
          state.superAdmin,
          'user.lifecycle.deactivate',
          target,
          `${path}/lifecycle/deactivate`,
        );
        break;
      default:
        break;
    }
  }

  const active = state.people.filter(
    (p) => p.user.status === 'ACTIVE' && !isAdmin(state, p) && p.createdAt < state.windowStart,
  );
  const cap = Math.ceil(storyCap(state) / 2);
  const few = (share: number, min: number) =>
    Math.min(active.length, Math.max(min, Math.min(cap, Math.round(active.length * share))));
  const picks = shuffle(rng, active);
  let next = 0;
  const take = (n: number) => {
    const out = picks.slice(next, next + n);
    next += out.length;
    return out;
  };
  // Locked out this week, unlocked by the helpdesk.
  for (const person of take(few(0.01, 2))) {
    const lockedAt = inWindow(state, 0.05, 0.9);
    planLockout(state, person, lockedAt);
    const unlockedAt = lockedAt + 20 * MINUTE + rng.int(3 * HOUR);
    planAdminChange(
      state,
      unlockedAt,
      state.helpdesk,
      'user.account.unlock',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/unlock`,
    );
    person.statusAt = unlockedAt;
    person.updatedAt = Math.max(person.updatedAt, unlockedAt);
  }
  // Forgot their password: the helpdesk reset it, they chose a new one.
  for (const person of take(few(0.01, 2))) {
    const resetAt = inWindow(state, 0.05, 0.9);
    planAdminChange(
      state,
      resetAt,
      state.helpdesk,
      'user.account.reset_password',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/reset_password?sendEmail=true`,
    );
    const changedAt = resetAt + 10 * MINUTE + rng.int(2 * HOUR);
    planUserEvent(state, person, changedAt, 'user.account.update_password', [
      userTarget(person.user),
    ]);
    person.passwordChangedAt = changedAt;
    person.statusAt = changedAt;
    person.updatedAt = Math.max(person.updatedAt, changedAt);
  }
  // New phone: factors reset.
  for (const person of take(few(0.008, 2))) {
    const at = inWindow(state, 0.05, 0.95);
    planAdminChange(
      state,
      at,
      state.helpdesk,
      'user.mfa.factor.reset_all',
      [userTarget(person.user)],
      `/api/v1/users/${person.user.id}/lifecycle/reset_factors`,
    );
    person.updatedAt = Math.max(person.updatedAt, at);
  }
  // Promotions and transfers arrive from the HR system.
  for (const person of take(few(0.01, 3))) {
    const at = inWindow(state, 0.05, 0.95);
    const from = String(person.user.profile.title);
    const to = from.startsWith('Senior ') ? from.replace('Senior ', 'Staff ') : `Senior ${from}`;
    person.user.profile.title = to;
    const target = {
      ...userTarget(person.user),
      changeDetails: { from: { title: from }, to: { title: to } },
    };
    planAdminChange(
      state,
      at,
      hr,
      'user.account.update_profile',
      [target],
      `/api/v1/users/${person.user.id}`,
    );
    person.updatedAt = Math.max(person.updatedAt, at);
  }
  planAppChanges(state);
}

function planAppChanges(state: SeedState): void {
  const retired = state.apps.find((a) => a.record.status === 'INACTIVE');
  if (retired) {
    const at = inWindow(state, 0.3, 0.8);
    planAdminChange(
      state,
      at,
      state.itOps,
      'application.lifecycle.deactivate',
      [appTarget(retired.record)],
      `/api/v1/apps/${retired.record.id}/lifecycle/deactivate`,
    );
    retired.record.lastUpdated = iso(new Date(at));
  }
  const salesforce = appByLabel(state, 'Salesforce');
  if (salesforce) {
    const at = inWindow(state, 0.1, 0.5);
    planAdminChange(
      state,
      at,
      state.superAdmin,
      'application.lifecycle.update',
      [appTarget(salesforce.record)],
      `/api/v1/apps/${salesforce.record.id}`,
    );
    salesforce.record.lastUpdated = iso(new Date(at));
  }
  // The helpdesk handed out a few licences this week.
  for (const app of state.apps) {
    if (app.record.status !== 'ACTIVE') continue;
    const direct = [...app.record.users.values()].filter((au) => au.direct);
    for (const appUser of direct.slice(-2)) {
      const person = state.personById.get(appUser.id) as Person;
      if (person.user.status !== 'ACTIVE' || person.createdAt >= state.windowStart) continue;
      const at = inWindow(state, 0.05, 0.95);
      appUser.created = appUser.lastUpdated = appUser.statusChanged = iso(new Date(at));
      planAdminChange(
        state,
        at,
        state.helpdesk,
        'application.user_membership.add',
        [appUserTarget(app.record, person.user), appTarget(app.record), userTarget(person.user)],
        `/api/v1/apps/${app.record.id}/users`,
      );
    }
  }
}

export function planGroupCreation(
  state: SeedState,
  group: GroupRecord,
  at: number,
  members: readonly Person[],
): void {
  planAdminChange(
    state,
    at,
    state.itOps,
    'group.lifecycle.create',
    [groupTarget(group)],
    '/api/v1/groups',
  );
  let t = at + MINUTE;
  for (const person of members) {
    t += 10_000 + state.rng.int(50_000);
    planAdminChange(
      state,
      t,
      state.itOps,
      'group.user_membership.add',
      [userTarget(person.user), groupTarget(group)],
      `/api/v1/groups/${group.id}/users/${person.user.id}`,
    );
  }
  touchMembership(state, group, t);
}

function touchMembership(state: SeedState, group: GroupRecord, at: number): void {
  state.membershipChangedAt.set(
    group.id,
    Math.max(at, state.membershipChangedAt.get(group.id) ?? 0),
  );
}

/** Wrong passwords until the lockout policy locks the account. */
function planLockout(state: SeedState, person: Person, lockedAt: number): void {
  const attempts = 3 + state.rng.int(3);
  const client = homeClient(person, person.desktop);
  for (let i = attempts; i > 0; i--) {
    planUserEvent(
      state,
      person,
      lockedAt - i * (20_000 + state.rng.int(40_000)),
      'user.session.start',
      [],
      {
        client,
        outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
        severity: 'WARN',
        requestUri: '/idp/idx/identify',
      },
      { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD' },
    );
  }
  planUserEvent(state, person, lockedAt, 'user.account.lock', [userTarget(person.user)], {
    client,
    severity: 'WARN',
    requestUri: '/idp/idx/identify',
  });
}

/** Someone tries one password against many logins from one address. */
function planPasswordSpray(state: SeedState): void {
  const rng = state.rng;
  const victims = shuffle(
    rng,
    state.people.filter((p) => p.activatedAt !== null && !isAdmin(state, p)),
  ).slice(0, Math.min(12, Math.max(0, state.people.length - 3)));
  if (victims.length === 0) return;
  const place = ELSEWHERE[8] as Place;
  const agent: UserAgentProfile = {
    rawUserAgent: 'python-requests/2.31.0',
    os: 'Unknown',
    browser: 'UNKNOWN',
    device: 'Unknown',
  };
  const client = logClient(agent, `198.51.100.${200 + rng.int(50)}`, place, 'null');
  let at = inWindow(state, 0.2, 0.8);
  for (const person of victims) {
    at += 2_000 + rng.int(8_000);
    planUserEvent(
      state,
      person,
      at,
      'user.session.start',
      [],
      {
        client,
        outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
        severity: 'WARN',
        requestUri: '/api/v1/authn',
      },
      { authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER', credentialType: 'PASSWORD' },
    );
  }
}

/** The HR sync service asks for an access token every hour. */
function planTokenGrants(state: SeedState): void {
  const who = hrSyncActor(state);
  if (!who || !state.hrSync) return;
  const clientId = state.hrSync.record.id;
  for (let at = state.windowStart + 7 * MINUTE; at < state.windowEnd; at += HOUR) {
    const target: LogTarget = {
      id: `AT.${state.rng.chars(43, BASE64URL)}`,
      type: 'access_token',
      alternateId: 'unknown',
      displayName: 'Access Token',
      detailEntry: {
        expires: iso(new Date(at + HOUR)),
        subject: clientId,
        hash: state.rng.chars(22, BASE64URL),
      },
    };
    plan(
      state,
      at,
      {
        eventType: 'app.oauth2.as.token.grant.access_token',
        actor: who.actor,
        client: who.client,
        targets: [target],
        requestUri: '/oauth2/v1/token',
      },
      {
        authentication: { credentialType: 'JWT' },
        debugData: { grantType: 'client_credentials', grantedScopes: HR_SYNC_SCOPES.join(' ') },
      },
    );
  }
}

function planUserEvent(
  state: SeedState,
  person: Person,
  at: number,
  eventType: string,
  targets: LogTarget[],
  extra: Partial<LogEventInput> = {},
  authentication?: Record<string, unknown>,
): void {
  const client = extra.client ?? homeClient(person, person.desktop);
  plan(
    state,
    at,
    { eventType, actor: actorOf(person), client, targets, ...extra },
    authentication ? { authentication } : {},
  );
}

function homeClient(person: Person, agent: UserAgentProfile): LogClient {
  const place = officePlace(person.office);
  return logClient(
    agent,
    person.homeIp,
    { ...place, lat: round4(place.lat + 0.05), lon: round4(place.lon - 0.05) },
    'null',
  );
}

/** A week of working days: sign in, verify with MFA, open a few apps, sometimes sign out. */
function planWeekOfSignIns(state: SeedState, person: Person): void {
  const rng = state.rng;
  const ssoApps = state.apps.filter(
    (a) =>
      a.template.ssoWeight > 0 &&
      a.record.status === 'ACTIVE' &&
      a.record.users.has(person.user.id),
  );
  const offset = person.office.utcOffset * HOUR;
  for (let day = HISTORY_DAYS; day >= 0; day--) {
    const localMidnight = Math.floor((state.now + offset) / DAY) * DAY - day * DAY;
    const weekday = new Date(localMidnight).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (!rng.chance(weekend ? 0.08 : person.contractor ? 0.7 : 0.88)) continue;
    const start = localMidnight - offset + 7 * HOUR + rng.int(3.5 * HOUR);
    planSession(state, person, start, ssoApps, weekend ? 'home' : undefined, 'desktop');
    if (person.mobile && rng.chance(0.2)) {
      planSession(state, person, start + 10 * HOUR + rng.int(3 * HOUR), ssoApps, 'home', 'mobile');
    }
  }
}

function planSession(
  state: SeedState,
  person: Person,
  start: number,
  ssoApps: readonly SeededApp[],
  where: 'home' | undefined,
  device: 'desktop' | 'mobile',
): void {
  const rng = state.rng;
  if (
    start < Math.max(state.windowStart, person.activeFrom) ||
    start > Math.min(state.windowEnd, person.activeUntil)
  ) {
    return;
  }
  const agent = device === 'mobile' ? (person.mobile ?? person.desktop) : person.desktop;
  const travelling = rng.chance(0.04);
  const atHome = where === 'home' || person.remote || rng.chance(0.35);
  const client = travelling
    ? logClient(
        agent,
        `${rng.pick(TEST_NETS)}${1 + rng.int(254)}`,
        rng.pick(ELSEWHERE.slice(0, 7)),
        'null',
      )
    : atHome
      ? homeClient(person, agent)
      : logClient(agent, person.office.egressIp, officePlace(person.office), 'Corporate Offices');
  const sessionId = `102${rng.chars(22)}`;
  const password = {
    authenticationProvider: 'OKTA_AUTHENTICATION_PROVIDER',
    credentialType: 'PASSWORD',
    externalSessionId: sessionId,
  };
  if (rng.chance(0.04)) {
    planUserEvent(
      state,
      person,
      start - 30_000 - rng.int(60_000),
      'user.session.start',
      [],
      {
        client,
        outcome: { result: 'FAILURE', reason: rng.pick(SIGN_IN_FAILURE_REASONS) },
        severity: 'WARN',
        requestUri: '/idp/idx/identify',
      },
      { ...password, externalSessionId: 'unknown' },
    );
  }
  planUserEvent(
    state,
    person,
    start,
    'user.session.start',
    [],
    { client, requestUri: '/idp/idx/identify' },
    password,
  );
  person.lastLoginAt = Math.max(person.lastLoginAt ?? 0, start);
  let t = start + 5_000 + rng.int(30_000);
  if (person.user.factorsEnrolled > 0) {
    const push = rng.chance(0.7);
    planUserEvent(
      state,
      person,
      t,
      'user.authentication.auth_via_mfa',
      [],
      {
        client:
          push && person.mobile
            ? {
                ...client,
                userAgent: {
                  rawUserAgent: OKTA_VERIFY_AGENT.rawUserAgent,
                  os: OKTA_VERIFY_AGENT.os,
                  browser: OKTA_VERIFY_AGENT.browser,
                },
              }
            : client,
        requestUri: '/idp/idx/challenge/answer',
      },
      {
        authenticationProvider: 'FACTOR_PROVIDER',
        credentialProvider: 'OKTA_CREDENTIAL_PROVIDER',
        credentialType: push ? 'OTP' : rng.pick(['SMS', 'EMAIL'] as const),
        externalSessionId: sessionId,
      },
    );
  }
  if (ssoApps.length > 0) {
    const visits = device === 'mobile' ? 1 : 1 + rng.int(4);
    for (let i = 0; i < visits; i++) {
      t += 20_000 + rng.int(device === 'mobile' ? 10 * MINUTE : 2.5 * HOUR);
      const app = pickWeighted(rng, ssoApps, (a) => a.template.ssoWeight);
      planUserEvent(
        state,
        person,
        t,
        'user.authentication.sso',
        [appTarget(app.record), appUserTarget(app.record, person.user)],
        { client, requestUri: ssoPath(app.record) },
        { externalSessionId: sessionId },
      );
    }
  }
  if (device === 'desktop' && rng.chance(0.25)) {
    planUserEvent(
      state,
      person,
      t + HOUR + rng.int(4 * HOUR),
      'user.session.end',
      [],
      { client, requestUri: '/login/signout' },
      { externalSessionId: sessionId },
    );
  }
}

/** The office's location as the System Log's geographical context names it. */
function officePlace(office: Office): Place {
  return {
    city: office.city,
    state: office.state,
    country: office.country,
    postalCode: office.postalCode,
    lat: office.lat,
    lon: office.lon,
  };
}

function ssoPath(app: AppRecord): string {
  switch (app.signOnMode) {
    case 'SAML_2_0':
      return `/app/${app.name}/exk${app.id.slice(3)}/sso/saml`;
    case 'OPENID_CONNECT':
      return '/oauth2/v1/authorize';
    case 'BOOKMARK':
      return `/home/bookmark/${app.id}/2557`;
    default:
      return `/app/${app.name}/${app.id}/login`;
  }
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
