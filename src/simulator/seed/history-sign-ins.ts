/**
 * Sign-ins in the System Log: a week of working days per person (password, MFA, SSO into their
 * apps, sign-out), failed attempts and lockouts, a password spray, and the HR sync service's
 * hourly token grants.
 */
import { type AppRecord, iso } from '../store.ts';
import { appTarget, appUserTarget, type LogTarget, userTarget } from '../system-log.ts';
import { HR_SYNC_SCOPES } from './apps-data.ts';
import { BASE64URL, pickWeighted, shuffle } from './choose.ts';
import {
  ELSEWHERE,
  OKTA_VERIFY_AGENT,
  type Place,
  SIGN_IN_FAILURE_REASONS,
} from './history-data.ts';
import {
  homeClient,
  hrSyncActor,
  logClient,
  officePlace,
  plan,
  planUserEvent,
} from './history-plan.ts';
import { TEST_NETS, type UserAgentProfile } from './people-data.ts';
import {
  DAY,
  HISTORY_DAYS,
  HOUR,
  inWindow,
  isAdmin,
  MINUTE,
  type Person,
  type SeededApp,
  type SeedState,
} from './state.ts';

/** Wrong passwords until the lockout policy locks the account. */
export function planLockout(state: SeedState, person: Person, lockedAt: number): void {
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
export function planPasswordSpray(state: SeedState): void {
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
export function planTokenGrants(state: SeedState): void {
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

/** A week of working days: sign in, verify with MFA, open a few apps, sometimes sign out. */
export function planWeekOfSignIns(state: SeedState, person: Person): void {
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
