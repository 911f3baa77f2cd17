/**
 * Planning one System Log event of the seeded history: who acted (a person, an admin, the HR
 * sync service), from which client and place; and how many events the org's history holds.
 */
import type { LogActor, LogClient, LogEventInput, LogTarget } from '../system-log.ts';
import { API_AGENTS, DATACENTER, type Place } from './history-data.ts';
import type { Office, UserAgentProfile } from './people-data.ts';
import type { Person, Plan, SeedState } from './state.ts';

/**
 * At most this many history events, whatever the org's size: a 50,000-user org gets a week
 * of sign-ins by a sample of its people, so memory stays bounded.
 */
export const MAX_HISTORY_EVENTS = 20_000;

/** History budget per person (a week of one person's sign-ins, MFA and SSO is about 20 events). */
const HISTORY_EVENTS_PER_PERSON = 25;

export function historyBudget(state: SeedState): number {
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

export function plan(
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

export function actorOf(person: Person): LogActor {
  return {
    id: person.user.id,
    type: 'User',
    alternateId: person.login,
    displayName: `${person.firstName} ${person.lastName}`,
  };
}

export function logClient(
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
export function adminClient(state: SeedState, admin: Person): LogClient {
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

export function hrSyncActor(state: SeedState): { actor: LogActor; client: LogClient } | null {
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
export function planAdminChange(
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

export function planUserEvent(
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

export function homeClient(person: Person, agent: UserAgentProfile): LogClient {
  const place = officePlace(person.office);
  return logClient(
    agent,
    person.homeIp,
    { ...place, lat: round4(place.lat + 0.05), lon: round4(place.lon - 0.05) },
    'null',
  );
}

/** The office's location as the System Log's geographical context names it. */
export function officePlace(office: Office): Place {
  return {
    city: office.city,
    state: office.state,
    country: office.country,
    postalCode: office.postalCode,
    lat: office.lat,
    lon: office.lon,
  };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
