import type { AppRecord, GroupRecord, LogEvent, Org, Principal, UserRecord } from './store.ts';

/**
 * The inputs below accept `null` where Okta's own examples print one (a target's `detailEntry`, a
 * client's `id`); `writeLogEvent` leaves such a property out, because Okta's LogEvent schema
 * declares none of them nullable.
 */
export interface LogTarget {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
  detailEntry?: Record<string, unknown> | null;
  changeDetails?: { from?: Record<string, unknown>; to?: Record<string, unknown> };
}

export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry?: Record<string, unknown> | null;
}

export interface LogClient {
  /** The OAuth client's id; null or absent for an API token or a browser. */
  id?: string | null;
  ipAddress: string;
  userAgent: { rawUserAgent: string; os: string; browser: string };
  device: string;
  zone: string;
  geographicalContext: {
    city: string;
    state: string;
    country: string;
    postalCode: string;
    geolocation: { lat: number; lon: number };
  };
}

export interface LogEventInput {
  eventType: string;
  targets?: LogTarget[];
  outcome?: { result: string; reason?: string | null };
  severity?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Defaults to the catalogue's message for the event type. */
  displayMessage?: string;
  /** Defaults to the request's actor. */
  actor?: LogActor;
  client?: LogClient;
  published?: string;
  transactionId?: string;
  transactionType?: 'WEB' | 'JOB';
  /** The request path that caused the event; `debugData.requestUri` and `url`. */
  requestUri?: string;
  /** More `debugContext.debugData` entries (Okta's are event-specific strings). */
  debugData?: Record<string, unknown>;
}

/** The event types the simulator writes: Okta's display message and legacy type for each. */
export const EVENT_TYPES: Record<
  string,
  { displayMessage: string; legacyEventType: string | null }
> = {
  'user.lifecycle.create': {
    displayMessage: 'Create Okta user',
    legacyEventType: 'core.user.config.user_creation.success',
  },
  'user.lifecycle.activate': {
    displayMessage: 'Activate Okta user',
    legacyEventType: 'core.user.config.user_activated',
  },
  'user.lifecycle.reactivate': {
    displayMessage: 'Reactivate Okta user',
    legacyEventType: 'core.user.config.user_reactivated',
  },
  'user.lifecycle.deactivate': {
    displayMessage: 'Deactivate Okta user',
    legacyEventType: 'core.user.config.user_deactivated',
  },
  'user.lifecycle.suspend': {
    displayMessage: 'Suspend Okta user',
    legacyEventType: 'core.user.config.user_suspended',
  },
  'user.lifecycle.unsuspend': {
    displayMessage: 'Unsuspend Okta user',
    legacyEventType: 'core.user.config.user_unsuspended',
  },
  'user.lifecycle.delete.initiated': {
    displayMessage: 'Delete Okta user',
    legacyEventType: 'core.user.config.user_deleted',
  },
  'user.lifecycle.delete.completed': {
    displayMessage: 'Delete Okta user completed',
    legacyEventType: null,
  },
  'user.account.update_profile': {
    displayMessage: 'Update user profile for Okta',
    legacyEventType: 'core.user.config.profile_update.success',
  },
  'user.account.update_password': {
    displayMessage: 'User update password for Okta',
    legacyEventType: 'core.user.config.password_update.success',
  },
  'user.account.reset_password': {
    displayMessage: 'Fired when the user\u2019s Okta password is reset',
    legacyEventType: 'core.user.config.password_reset',
  },
  'user.account.expire_password': {
    displayMessage: 'Expire user password',
    legacyEventType: 'core.user.config.password_expired',
  },
  'user.account.unlock': {
    displayMessage: 'Unlock user account',
    legacyEventType: 'core.user.config.user_unlocked',
  },
  'user.account.lock': {
    displayMessage: 'Max sign in attempts exceeded',
    legacyEventType: 'core.user.config.user_locked',
  },
  'user.account.update_recovery_question': {
    displayMessage: 'Update recovery question',
    legacyEventType: null,
  },
  'user.mfa.factor.reset_all': {
    displayMessage: 'Reset all factors for user',
    legacyEventType: 'core.user.factor.reset_all',
  },
  'user.session.clear': {
    displayMessage: 'Clear user session',
    legacyEventType: 'core.user_auth.session_clear',
  },
  'user.session.start': {
    displayMessage: 'User login to Okta',
    legacyEventType: 'core.user_auth.login_success',
  },
  'user.session.end': {
    displayMessage: 'User logout from Okta',
    legacyEventType: 'core.user_auth.logout_success',
  },
  'user.authentication.sso': {
    displayMessage: 'User single sign on to app',
    legacyEventType: 'app.auth.sso',
  },
  'user.authentication.auth_via_mfa': {
    displayMessage: 'Authentication of user via MFA',
    legacyEventType: 'core.user.factor.attempt_success',
  },
  'group.lifecycle.create': {
    displayMessage: 'Create Okta group',
    legacyEventType: 'core.user_group.created',
  },
  'group.lifecycle.delete': {
    displayMessage: 'Delete Okta group',
    legacyEventType: 'core.user_group.deleted',
  },
  'group.profile.update': {
    displayMessage: 'Update Okta group profile',
    legacyEventType: 'core.user_group.profile_updated',
  },
  'group.user_membership.add': {
    displayMessage: 'Add user to group membership',
    legacyEventType: 'core.user_group_member.user_add',
  },
  'group.user_membership.remove': {
    displayMessage: 'Remove user from group membership',
    legacyEventType: 'core.user_group_member.user_remove',
  },
  'application.lifecycle.create': {
    displayMessage: 'Add application',
    legacyEventType: 'app.generic.config.app_created',
  },
  'application.lifecycle.update': {
    displayMessage: 'Update application',
    legacyEventType: 'app.generic.config.app_updated',
  },
  'application.lifecycle.activate': {
    displayMessage: 'Activate application',
    legacyEventType: 'app.generic.config.app_activated',
  },
  'application.lifecycle.deactivate': {
    displayMessage: 'Deactivate application',
    legacyEventType: 'app.generic.config.app_deactivated',
  },
  'application.lifecycle.delete': {
    displayMessage: 'Delete application',
    legacyEventType: 'app.generic.config.app_deleted',
  },
  'application.user_membership.add': {
    displayMessage: 'Add user to application membership',
    legacyEventType: 'app.generic.provision.assign_user_to_app',
  },
  'application.user_membership.remove': {
    displayMessage: 'Remove user from application membership',
    legacyEventType: 'app.generic.unprovision.deactivate_user_from_app',
  },
  'application.user_membership.change_username': {
    displayMessage: 'Change user name for application membership',
    legacyEventType: null,
  },
  'app.oauth2.as.token.grant': {
    displayMessage: 'OAuth2 token granted',
    legacyEventType: null,
  },
  'app.oauth2.as.token.grant.access_token': {
    displayMessage: 'OAuth2 access token is granted',
    legacyEventType: null,
  },
  'group.application_assignment.add': {
    displayMessage: 'Add assigned application to group',
    legacyEventType: 'app.generic.config.app_group_assigned',
  },
  'group.application_assignment.remove': {
    displayMessage: 'Remove assigned application from group',
    legacyEventType: 'app.generic.config.app_group_unassigned',
  },
  'group.application_assignment.update': {
    displayMessage: 'Update assigned application in group',
    legacyEventType: null,
  },
  'application.user_membership.update': {
    displayMessage: 'Update user application property',
    legacyEventType: null,
  },
  'app.oauth2.admin.consent.grant': {
    displayMessage: 'Admin consent granted for scope',
    legacyEventType: null,
  },
  'app.oauth2.admin.consent.revoke': {
    displayMessage: 'Admin consent revoked for scope',
    legacyEventType: null,
  },
  'event_hook.created': { displayMessage: 'Event hook created', legacyEventType: null },
  'event_hook.updated': { displayMessage: 'Event hook updated', legacyEventType: null },
  'event_hook.activated': { displayMessage: 'Event hook activated', legacyEventType: null },
  'event_hook.deactivated': { displayMessage: 'Event hook deactivated', legacyEventType: null },
  'event_hook.deleted': { displayMessage: 'Event hook deleted', legacyEventType: null },
  'event_hook.verified': { displayMessage: 'Event hook verified', legacyEventType: null },
  'event_hook.delivery': { displayMessage: 'Event hook delivery', legacyEventType: null },
  'system.org.rate_limit.violation': {
    displayMessage: 'Rate limit violation',
    legacyEventType: 'core.framework.ratelimit.exceeded',
  },
  // Okta's message for it since 2017 (release notes 2017.40); no newer name.
  'core.concurrency.org.limit.violation': {
    displayMessage: 'Too many concurrent requests in flight',
    legacyEventType: null,
  },
  // The access graph (routes/group-rules.ts, roles.ts, factors.ts). Messages marked [obs] are
  // not confirmed by an Okta sample; the event types all are in Okta's catalogue.
  'group.user_membership.rule.deactivated': {
    displayMessage: 'Group membership rule deactivated', // [obs]
    legacyEventType: null,
  },
  'group.user_membership.rule.invalidate': {
    displayMessage: 'Group membership rule invalidated', // [obs]
    legacyEventType: null,
  },
  'user.account.privilege.grant': {
    displayMessage: 'Grant user privilege',
    legacyEventType: 'core.user.admin_privilege.granted',
  },
  'user.account.privilege.revoke': {
    displayMessage: 'Revoke user privilege', // [obs]
    legacyEventType: 'core.user.admin_privilege.revoked',
  },
  'group.privilege.grant': { displayMessage: 'Grant group privilege', legacyEventType: null }, // [obs]
  'group.privilege.revoke': { displayMessage: 'Revoke group privilege', legacyEventType: null }, // [obs]
  'user.mfa.factor.deactivate': {
    displayMessage: 'Reset factor for user',
    legacyEventType: 'core.user.factor.deactivate', // [obs]
  },
};

/** Okta's own actor, for events that no known caller caused. */
export const OKTA_SYSTEM_ACTOR: LogActor = Object.freeze({
  id: 'system@okta.com',
  type: 'SystemPrincipal',
  alternateId: 'system@okta.com',
  displayName: 'Okta System',
});

/**
 * The client that an API call through the simulator appears to come from. `clientId` is the
 * OAuth client's id for a call with an access token ("For OAuth requests, this is the ID of the
 * OAuth client making the request"); an API token call has none.
 */
export function apiClient(userAgent: string, ipAddress: string, clientId?: string): LogClient {
  return {
    ...(clientId ? { id: clientId } : {}),
    ipAddress,
    userAgent: { rawUserAgent: userAgent, os: 'Unknown', browser: 'UNKNOWN' },
    device: 'Unknown',
    zone: 'null',
    geographicalContext: {
      city: 'San Francisco',
      state: 'California',
      country: 'United States',
      postalCode: '94107',
      geolocation: { lat: 37.7697, lon: -122.3933 },
    },
  };
}

export function actorOf(principal: Principal): LogActor {
  return {
    id: principal.id,
    type: principal.kind === 'ssws' ? 'User' : 'PublicClientApp',
    alternateId: principal.alternateId,
    displayName: principal.displayName,
  };
}

export const userTarget = (user: UserRecord): LogTarget => ({
  id: user.id,
  type: 'User',
  alternateId: String(user.profile.login),
  displayName:
    `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim(),
});

export const groupTarget = (group: GroupRecord): LogTarget => ({
  id: group.id,
  type: 'UserGroup',
  alternateId: 'unknown',
  displayName: String(group.profile.name),
});

export const appTarget = (app: AppRecord): LogTarget => ({
  id: app.id,
  type: 'AppInstance',
  alternateId: app.label,
  displayName: app.label,
  detailEntry: { signOnModeType: app.signOnMode },
});

export const appUserTarget = (app: AppRecord, user: UserRecord): LogTarget => ({
  id: `${app.id}:${user.id}`,
  type: 'AppUser',
  alternateId: String(user.profile.login),
  displayName:
    `${String(user.profile.firstName ?? '')} ${String(user.profile.lastName ?? '')}`.trim(),
});

/** Okta's `outcome.reason` is 1 to 255 characters. */
const MAX_OUTCOME_REASON = 255;

/** A copy of `value` without its null and undefined properties. */
function present<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== null && value[key] !== undefined) out[key] = value[key];
  }
  return out;
}

/**
 * Build a LogEvent as Okta writes it and append it to the org's System Log. The stored event is
 * the wire shape that `GET /api/v1/logs` and event hook deliveries send: exactly the properties
 * of Okta's LogEvent schema the simulator knows a value for. What is unknown is left out (Okta's
 * schema declares no LogEvent field nullable except `securityContext`'s, which Okta prints as
 * nulls when it has no IP reputation data, so they stay).
 */
export function writeLogEvent(
  org: Org,
  input: LogEventInput & { actor: LogActor; client: LogClient },
): LogEvent {
  const known = EVENT_TYPES[input.eventType];
  const published = input.published ?? org.now();
  const transactionId = input.transactionId ?? org.prng.chars(27);
  const { client } = input;
  const reason = input.outcome?.reason?.slice(0, MAX_OUTCOME_REASON);
  const event: LogEvent = {
    uuid: org.prng.uuid(),
    published,
    eventType: input.eventType,
    version: '0',
    severity: input.severity ?? 'INFO',
    ...(known?.legacyEventType ? { legacyEventType: known.legacyEventType } : {}),
    displayMessage: input.displayMessage ?? known?.displayMessage ?? input.eventType,
    actor: present(input.actor),
    client: present({
      id: client.id,
      ipAddress: client.ipAddress,
      userAgent: client.userAgent,
      device: client.device,
      zone: client.zone,
      geographicalContext: client.geographicalContext,
    }),
    authenticationContext: {
      // "Currently unused and always set to 0" (Okta's schema).
      authenticationStep: 0,
      externalSessionId: input.actor.type === 'User' ? `102${org.prng.chars(22)}` : 'unknown',
    },
    outcome: {
      result: input.outcome?.result ?? 'SUCCESS',
      ...(reason ? { reason } : {}),
    },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    debugContext: {
      debugData: {
        requestId: transactionId,
        ...(input.requestUri ? { requestUri: input.requestUri, url: input.requestUri } : {}),
        ...input.debugData,
      },
    },
    transaction: { type: input.transactionType ?? 'WEB', id: transactionId, detail: {} },
    request: {
      ipChain: [
        {
          ip: client.ipAddress,
          geographicalContext: client.geographicalContext,
          version: client.ipAddress.includes(':') ? 'V6' : 'V4',
        },
      ],
    },
    target: (input.targets ?? []).map((target) => present(target)),
  };
  org.appendLog(event);
  return event;
}
