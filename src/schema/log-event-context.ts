import type {
  LogAuthenticationContext as OktaLogAuthenticationContext,
  LogClient as OktaLogClient,
  LogEvent as OktaLogEvent,
  LogGeographicalContext as OktaLogGeographicalContext,
  LogIpAddress as OktaLogIpAddress,
  LogIpDetails as OktaLogIpDetails,
  LogSecurityContext as OktaLogSecurityContext,
  LogUserAgent as OktaLogUserAgent,
} from '../okta/index.ts';
import { builder } from './builder.ts';

// The context of a System Log event: where the request came from, with what client, how the
// actor authenticated, and how trustworthy Okta judged the request. log-event.ts uses these.

// ── Where and how ────────────────────────────────────────────────────────────────────────────

const LogGeolocation = builder
  .objectRef<NonNullable<OktaLogGeographicalContext['geolocation']>>('LogGeolocation')
  .implement({
    description: 'Latitude and longitude (ISO 6709).',
    fields: (t) => ({ lat: t.exposeFloat('lat'), lon: t.exposeFloat('lon') }),
  });

const LogGeographicalContext = builder
  .objectRef<OktaLogGeographicalContext>('LogGeographicalContext')
  .implement({
    description: 'Where a request came from, to postal-code granularity, when Okta could tell.',
    fields: (t) => ({
      city: t.exposeString('city', { nullable: true }),
      state: t.exposeString('state', { nullable: true }),
      country: t.exposeString('country', { nullable: true }),
      postalCode: t.exposeString('postalCode', { nullable: true }),
      geolocation: t.field({
        type: LogGeolocation,
        nullable: true,
        resolve: (g) => g.geolocation ?? null,
      }),
    }),
  });

const LogUserAgent = builder.objectRef<OktaLogUserAgent>('LogUserAgent').implement({
  description: 'The software that sent the request.',
  fields: (t) => ({
    rawUserAgent: t.exposeString('rawUserAgent', { nullable: true }),
    os: t.exposeString('os', { nullable: true }),
    browser: t.exposeString('browser', { nullable: true }),
  }),
});

export const LogClient = builder.objectRef<OktaLogClient>('LogClient').implement({
  description: 'The client that sent the HTTP request behind the event.',
  fields: (t) => ({
    id: t.exposeString('id', {
      nullable: true,
      description: 'The OAuth client id (OAuth requests) or the agent id (API token requests).',
    }),
    ipAddress: t.exposeString('ipAddress', { nullable: true }),
    device: t.exposeString('device', { nullable: true }),
    zone: t.exposeString('zone', {
      nullable: true,
      description: 'The network zone\'s name (Okta writes the string "null" for none).',
    }),
    userAgent: t.field({ type: LogUserAgent, nullable: true, resolve: (c) => c.userAgent ?? null }),
    geographicalContext: t.field({
      type: LogGeographicalContext,
      nullable: true,
      resolve: (c) => c.geographicalContext ?? null,
    }),
  }),
});

type OktaIpServiceCategory = NonNullable<OktaLogIpDetails['ipServiceCategories']>[number];

const LogIpServiceCategory = builder
  .objectRef<OktaIpServiceCategory>('LogIpServiceCategory')
  .implement({
    description: 'A service the IP address belongs to (VPN, proxy, Tor, …).',
    fields: (t) => ({
      type: t.exposeString('type', { nullable: true }),
      operator: t.exposeString('operator', { nullable: true }),
      isAnonymous: t.exposeBoolean('isAnonymous', { nullable: true }),
    }),
  });

const LogIpDetails = builder.objectRef<OktaLogIpDetails>('LogIpDetails').implement({
  description: 'What Okta knows of an IP address.',
  fields: (t) => ({
    // Autonomous system numbers go up to 2³²−1, past GraphQL's 32-bit Int.
    asNumber: t.exposeFloat('asNumber', { nullable: true }),
    asOrg: t.exposeString('asOrg', { nullable: true }),
    domain: t.exposeString('domain', { nullable: true }),
    isp: t.exposeString('isp', { nullable: true }),
    ipServiceCategories: t.field({
      type: [LogIpServiceCategory],
      nullable: true,
      resolve: (d) => d.ipServiceCategories ?? null,
    }),
  }),
});

const LogIpAddress = builder.objectRef<OktaLogIpAddress>('LogIpAddress').implement({
  description: 'One address of the request: the client first, then each proxy it passed.',
  fields: (t) => ({
    ip: t.exposeString('ip', { nullable: true }),
    version: t.exposeString('version', { nullable: true }),
    source: t.exposeString('source', { nullable: true }),
    geographicalContext: t.field({
      type: LogGeographicalContext,
      nullable: true,
      resolve: (a) => a.geographicalContext ?? null,
    }),
    ipDetails: t.field({ type: LogIpDetails, nullable: true, resolve: (a) => a.ipDetails ?? null }),
  }),
});

export const LogRequest = builder
  .objectRef<NonNullable<OktaLogEvent['request']>>('LogRequest')
  .implement({
    description: 'The HTTP request behind the event; empty for events Okta raised itself.',
    fields: (t) => ({
      ipChain: t.field({ type: [LogIpAddress], resolve: (r) => r.ipChain ?? [] }),
    }),
  });

// ── How the actor authenticated, and how trustworthy the request looked ─────────────────────

const LogIssuer = builder
  .objectRef<NonNullable<OktaLogAuthenticationContext['issuer']>>('LogIssuer')
  .implement({
    description: 'Who issued the assertion or token the actor authenticated with.',
    fields: (t) => ({
      id: t.exposeString('id', { nullable: true }),
      type: t.exposeString('type', { nullable: true }),
    }),
  });

export const LogAuthenticationContext = builder
  .objectRef<OktaLogAuthenticationContext>('LogAuthenticationContext')
  .implement({
    description:
      "How the actor authenticated. Provider and credential values are Okta's (ACTIVE_DIRECTORY, PASSWORD, `OAuth 2.0`, …), kept as strings because Okta adds to them.",
    fields: (t) => ({
      authenticationProvider: t.exposeString('authenticationProvider', { nullable: true }),
      credentialProvider: t.exposeString('credentialProvider', { nullable: true }),
      credentialType: t.exposeString('credentialType', { nullable: true }),
      issuer: t.field({ type: LogIssuer, nullable: true, resolve: (a) => a.issuer ?? null }),
      interface: t.exposeString('interface', { nullable: true }),
      authenticationStep: t.exposeInt('authenticationStep', { nullable: true }),
      externalSessionId: t.exposeString('externalSessionId', {
        nullable: true,
        description: "Stands for the actor's session: events of one sign-in session share it.",
      }),
    }),
  });

type OktaLogRisk = NonNullable<OktaLogSecurityContext['risk']>;
type OktaLogUserBehavior = NonNullable<OktaLogSecurityContext['userBehaviors']>[number];

const LogRisk = builder.objectRef<OktaLogRisk>('LogRisk').implement({
  description: 'The risk Okta associated with the event.',
  fields: (t) => ({
    level: t.exposeString('level', { nullable: true }),
    previousLevel: t.exposeString('previousLevel', { nullable: true }),
    detectionName: t.exposeString('detectionName', { nullable: true }),
    issuer: t.exposeString('issuer', { nullable: true }),
    reasons: t.exposeStringList('reasons', { nullable: true }),
  }),
});

const LogUserBehavior = builder.objectRef<OktaLogUserBehavior>('LogUserBehavior').implement({
  description: 'The result of one of the org’s user behavior detection models.',
  fields: (t) => ({
    id: t.exposeString('id', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    result: t.exposeString('result', { nullable: true }),
  }),
});

export const LogSecurityContext = builder
  .objectRef<OktaLogSecurityContext>('LogSecurityContext')
  .implement({
    description: "The reputation of the request's IP address.",
    fields: (t) => ({
      asNumber: t.exposeFloat('asNumber', { nullable: true }),
      asOrg: t.exposeString('asOrg', { nullable: true }),
      isp: t.exposeString('isp', { nullable: true }),
      domain: t.exposeString('domain', { nullable: true }),
      isProxy: t.exposeBoolean('isProxy', { nullable: true }),
      ipDetails: t.field({
        type: LogIpDetails,
        nullable: true,
        resolve: (s) => s.ipDetails ?? null,
      }),
      botProtectionLevel: t.string({
        nullable: true,
        description: 'The bot level Okta detected (NONE, LOW, MEDIUM, HIGH).',
        resolve: (s) => s.botProtection?.level ?? null,
      }),
      risk: t.field({ type: LogRisk, nullable: true, resolve: (s) => s.risk ?? null }),
      userBehaviors: t.field({
        type: [LogUserBehavior],
        nullable: true,
        resolve: (s) => s.userBehaviors ?? null,
      }),
    }),
  });
