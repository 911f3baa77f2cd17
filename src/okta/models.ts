/**
 * Okta's request and response models for what the gateway uses, shaped after Okta's OpenAPI
 * document (test/fixtures/okta-management-openapi.yaml). Response fields Okta marks `nullable` are
 * `| null`; fields it may leave out are optional. Property names are Okta's, including its
 * `recovery_question` and `_links`.
 */

/** An ISO-8601 UTC timestamp with milliseconds, e.g. `2024-05-01T12:00:00.000Z`. */
export type Timestamp = string;

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** HAL link object (spec `HrefObject`). Lifecycle links also carry `method: "POST"`. */
export interface OktaLink {
  href: string;
  name?: string;
  type?: string;
  templated?: boolean;
  method?: string;
  hints?: { allow?: HttpVerb[] };
}

export type OktaLinks = Record<string, OktaLink | OktaLink[] | undefined>;

// ── Users ────────────────────────────────────────────────────────────────────────────────────

export const USER_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * The default user profile: Okta's standard attributes typed, custom attributes (from the user
 * schema's `definitions.custom`) under the index signature.
 */
export interface UserProfile {
  login: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  middleName?: string | null;
  honorificPrefix?: string | null;
  honorificSuffix?: string | null;
  title?: string | null;
  displayName?: string | null;
  nickName?: string | null;
  profileUrl?: string | null;
  secondEmail?: string | null;
  mobilePhone?: string | null;
  primaryPhone?: string | null;
  streetAddress?: string | null;
  city?: string | null;
  state?: string | null;
  zipCode?: string | null;
  countryCode?: string | null;
  postalAddress?: string | null;
  preferredLanguage?: string | null;
  locale?: string;
  timezone?: string | null;
  userType?: string | null;
  employeeNumber?: string;
  costCenter?: string | null;
  organization?: string | null;
  division?: string | null;
  department?: string;
  managerId?: string | null;
  manager?: string | null;
  [attribute: string]: unknown;
}

export type AuthenticationProviderType =
  | 'ACTIVE_DIRECTORY'
  | 'FEDERATION'
  | 'IMPORT'
  | 'LDAP'
  | 'OKTA'
  | 'SOCIAL';

export interface AuthenticationProvider {
  type: AuthenticationProviderType;
  name: string;
}

/**
 * A user's credentials as Okta returns them: `password` is `{}` when one is set (its value is
 * write-only) and the recovery answer is never returned.
 */
export interface UserCredentials {
  password?: Record<string, never>;
  recovery_question?: { question: string };
  provider?: AuthenticationProvider;
}

export interface OktaUser {
  id: string;
  status: UserStatus;
  created: Timestamp;
  activated: Timestamp | null;
  statusChanged: Timestamp | null;
  lastLogin: Timestamp | null;
  lastUpdated: Timestamp;
  passwordChanged: Timestamp | null;
  /** Set only while an asynchronous transition runs. */
  transitioningToStatus?: 'ACTIVE' | 'DEPROVISIONED' | 'PROVISIONED' | null;
  type?: { id: string };
  realmId?: string;
  profile: UserProfile;
  credentials?: UserCredentials;
  /** Collections carry only `self`; a single GET carries the links the user's status allows. */
  _links?: OktaLinks;
  _embedded?: Record<string, unknown>;
}

export type PasswordHashAlgorithm = 'BCRYPT' | 'MD5' | 'PBKDF2' | 'SHA-1' | 'SHA-256' | 'SHA-512';

export interface PasswordHash {
  algorithm: PasswordHashAlgorithm;
  value: string;
  salt?: string;
  saltOrder?: 'PREFIX' | 'POSTFIX';
  workFactor?: number;
  iterationCount?: number;
  keySize?: number;
  digestAlgorithm?: 'SHA256_HMAC' | 'SHA512_HMAC';
}

/** One of a clear-text value, an imported hash, or a password import hook. */
export type PasswordCredentialInput =
  | { value: string }
  | { hash: PasswordHash }
  | { hook: { type: 'default' } };

export interface RecoveryQuestionInput {
  question: string;
  answer: string;
}

export interface UserCredentialsInput {
  password?: PasswordCredentialInput;
  recovery_question?: RecoveryQuestionInput;
  provider?: { type: AuthenticationProviderType; name?: string };
}

/** The profile of a new user: the default schema requires these four. */
export type NewUserProfile = UserProfile & {
  firstName: string;
  lastName: string;
};

/** `POST /api/v1/users` body (spec `CreateUserRequest`). */
export interface CreateUserInput {
  profile: NewUserProfile;
  credentials?: UserCredentialsInput;
  /** At most 20 groups the new user joins. */
  groupIds?: string[];
  type?: { id: string };
  realmId?: string;
}

export interface CreateUserOptions {
  /** Default true: activate the user on create (PROVISIONED without a password, ACTIVE with one). */
  activate?: boolean;
  /** True when the user authenticates through a FEDERATION or SOCIAL provider. */
  provider?: boolean;
  /** `changePassword`: the user must change the password at first sign-in (PASSWORD_EXPIRED). */
  nextLogin?: 'changePassword';
}

/** Profile attributes to change; `null` clears one. */
export type UserProfilePatch = { [attribute: string]: unknown } & {
  [K in keyof UserProfile]?: UserProfile[K] | null;
};

/** `POST /api/v1/users/{id}` body: only what is given changes. */
export interface UpdateUserInput {
  profile?: UserProfilePatch;
  credentials?: {
    password?: { value: string };
    recovery_question?: RecoveryQuestionInput;
  };
  /** May be present only when it equals the user's current type. */
  type?: { id: string };
}

/** `PUT /api/v1/users/{id}` body: the profile is replaced wholesale (missing attributes are removed). */
export interface ReplaceUserInput {
  profile: UserProfile;
  credentials?: UpdateUserInput['credentials'];
  /** The only way to change a user's type. */
  type?: { id: string };
}

export interface ListUsersParams {
  /** Prefix match on firstName, lastName and email; Okta pages nothing and omits DEPROVISIONED. */
  q?: string;
  filter?: string;
  search?: string;
  /** Search only: any attribute that `search` accepts. */
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

/** `lifecycle/activate` and `lifecycle/reactivate`: the token only when `sendEmail` is false. */
export interface UserActivationToken {
  activationUrl?: string;
  activationToken?: string;
}

/** `lifecycle/reset_password` and `credentials/forgot_password`: the URL only when `sendEmail` is false. */
export interface ResetPasswordToken {
  resetPasswordUrl?: string;
}

/** `lifecycle/expire_password_with_temp_password`. */
export interface TempPassword {
  tempPassword: string;
}

export interface ChangePasswordInput {
  oldPassword: string;
  newPassword: string;
  /** Also enforce the password policy's minimum age and history. */
  strict?: boolean;
  /** End the user's other sessions. */
  revokeSessions?: boolean;
}

export interface ChangeRecoveryQuestionInput {
  /** The user's current password. */
  password: string;
  question: string;
  answer: string;
}

/** `GET /api/v1/users/{id}/appLinks` (spec `AssignedAppLink`). */
export interface AppLink {
  id: string;
  label: string;
  linkUrl: string;
  logoUrl: string;
  appName: string;
  appInstanceId: string;
  appAssignmentId: string;
  credentialsSetup: boolean;
  hidden: boolean;
  sortOrder: number;
}

// ── Groups ───────────────────────────────────────────────────────────────────────────────────

/** OKTA_GROUP: managed in Okta. APP_GROUP: imported, read-only. BUILT_IN: Everyone, read-only. */
export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface GroupProfile {
  name: string;
  description?: string | null;
  /** APP_GROUP (Active Directory) attributes. */
  dn?: string;
  externalId?: string;
  samAccountName?: string;
  windowsDomainQualifiedName?: string;
  [attribute: string]: unknown;
}

export interface GroupStats {
  usersCount: number;
  appsCount: number;
  groupPushMappingsCount: number;
  hasAdminPrivilege?: boolean;
}

export interface OktaGroup {
  id: string;
  created: Timestamp;
  lastUpdated: Timestamp;
  lastMembershipUpdated: Timestamp;
  objectClass: string[];
  type: GroupType;
  profile: GroupProfile;
  _links?: OktaLinks;
  /** `expand=stats` and `expand=app`. */
  _embedded?: {
    stats?: GroupStats;
    app?: { id: string; name: string; label: string; signOnMode: string };
  };
}

/** `POST /api/v1/groups` and `PUT /api/v1/groups/{id}` (a full replace of the profile). */
export interface GroupProfileInput {
  name: string;
  description?: string | null;
  [attribute: string]: unknown;
}

export type GroupExpand = 'stats' | 'app';

export interface ListGroupsParams {
  /** Prefix match on the group name; Okta pages nothing. */
  q?: string;
  filter?: string;
  search?: string;
  expand?: readonly GroupExpand[];
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
}

// ── Applications ─────────────────────────────────────────────────────────────────────────────

export type ApplicationSignOnMode =
  | 'AUTO_LOGIN'
  | 'BASIC_AUTH'
  | 'BOOKMARK'
  | 'BROWSER_PLUGIN'
  | 'OPENID_CONNECT'
  | 'SAML_1_1'
  | 'SAML_2_0'
  | 'SECURE_PASSWORD_STORE'
  | 'WS_FEDERATION';

export type ApplicationStatus = 'ACTIVE' | 'INACTIVE' | 'DELETED';

export interface ApplicationAccessibility {
  selfService?: boolean;
  errorRedirectUrl?: string;
  loginRedirectUrl?: string;
}

export interface ApplicationVisibility {
  autoLaunch?: boolean;
  autoSubmitToolbar?: boolean;
  hide?: { iOS?: boolean; web?: boolean };
  appLinks?: Record<string, boolean>;
}

/**
 * An application instance. Its `settings` and `credentials` depend on `signOnMode` (Okta's
 * discriminator), so they stay loosely typed here.
 */
export interface OktaApplication {
  id: string;
  /** The app definition key, e.g. `bookmark`, `oidc_client`, `template_swa`. */
  name: string;
  label: string;
  status: ApplicationStatus;
  signOnMode: ApplicationSignOnMode;
  created: Timestamp;
  lastUpdated: Timestamp;
  accessibility?: ApplicationAccessibility;
  visibility?: ApplicationVisibility;
  features?: string[];
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  licensing?: { seatCount?: number };
  orn?: string;
  _links?: OktaLinks;
  /** `expand=user/{userId}` (with a `user.id` filter) embeds that user's assignment. */
  _embedded?: { user?: AppUser };
}

export interface ListApplicationsParams {
  /** Prefix match on the app's name or label. */
  q?: string;
  /**
   * `status eq "ACTIVE"`, `name eq "…"`, `user.id eq "…"`, `group.id eq "…"`; build values
   * with expression.ts.
   */
  filter?: string;
  /** e.g. `user/00u…` together with a `user.id` filter. */
  expand?: string;
  includeNonDeleted?: boolean;
}

export type AppUserStatus =
  | 'ACTIVE'
  | 'APPROVED'
  | 'DEPROVISIONED'
  | 'IMPLICIT'
  | 'IMPORTED'
  | 'INACTIVE'
  | 'MATCHED'
  | 'PENDING'
  | 'PROVISIONED'
  | 'REVOKED'
  | 'STAGED'
  | 'SUSPENDED'
  | 'UNASSIGNED';

export type AppUserSyncState = 'DISABLED' | 'ERROR' | 'OUT_OF_SYNC' | 'SYNCHRONIZED' | 'SYNCING';

/** A user's assignment to an app (spec `AppUser`); its `id` is the user's id. */
export interface AppUser {
  id: string;
  externalId?: string | null;
  created: Timestamp;
  lastUpdated: Timestamp;
  /** USER: assigned directly; GROUP: through a group assignment. */
  scope: 'USER' | 'GROUP';
  status: AppUserStatus;
  statusChanged?: Timestamp;
  passwordChanged?: Timestamp | null;
  syncState?: AppUserSyncState;
  lastSync?: Timestamp;
  credentials?: { userName?: string; password?: Record<string, never> };
  profile?: Record<string, unknown>;
  _links?: OktaLinks;
  /** `expand=user`. */
  _embedded?: { user?: OktaUser };
}

/** `POST /api/v1/apps/{appId}/users` body. */
export interface AssignUserToApplicationInput {
  id: string;
  scope?: 'USER';
  credentials?: { userName?: string; password?: { value: string } };
  profile?: Record<string, unknown>;
}

/** `POST /api/v1/apps/{appId}/users/{userId}` body: credentials, or profile. */
export interface UpdateApplicationUserInput {
  credentials?: { userName?: string; password?: { value: string } };
  profile?: Record<string, unknown>;
}

/** A group's assignment to an app (spec `ApplicationGroupAssignment`); its `id` is the group's id. */
export interface ApplicationGroupAssignment {
  id: string;
  priority?: number;
  profile?: Record<string, unknown>;
  lastUpdated?: Timestamp;
  _links?: OktaLinks;
  /** `expand=group`, `expand=metadata`. */
  _embedded?: { group?: OktaGroup; [key: string]: unknown };
}

/** `PUT /api/v1/apps/{appId}/groups/{groupId}` body (optional). */
export interface AssignGroupToApplicationInput {
  priority?: number;
  profile?: Record<string, unknown>;
}

// ── Event hooks ──────────────────────────────────────────────────────────────────────────────

export interface EventHookHeader {
  key: string;
  value: string;
}

export interface EventHookFilter {
  type?: 'EXPRESSION_LANGUAGE';
  eventFilterMap: { event: string; condition: { expression: string; version?: string | null } }[];
}

export interface EventHookEvents {
  type: 'EVENT_TYPE';
  items: string[];
  filter?: EventHookFilter | null;
}

export interface EventHookChannel {
  type: 'HTTP';
  version: string;
  config: {
    uri: string;
    /** Always POST; read-only. */
    method?: string;
    headers?: EventHookHeader[] | null;
    /** Okta never returns `value`: it is write-only. */
    authScheme?: { type: 'HEADER'; key: string; value?: string } | null;
  };
}

export interface EventHook {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Only ACTIVE and VERIFIED hooks receive events. */
  verificationStatus: 'UNVERIFIED' | 'VERIFIED';
  name: string;
  description?: string | null;
  created: Timestamp;
  createdBy: string;
  lastUpdated: Timestamp;
  events: EventHookEvents;
  channel: EventHookChannel;
  _links?: OktaLinks;
}

/** `POST /api/v1/eventHooks` and `PUT /api/v1/eventHooks/{id}` body. */
export interface EventHookInput {
  name: string;
  description?: string | null;
  events: EventHookEvents;
  channel: {
    type: 'HTTP';
    version: string;
    config: {
      /** Must be HTTPS. */
      uri: string;
      headers?: EventHookHeader[];
      authScheme?: { type: 'HEADER'; key: string; value: string };
    };
  };
}

// ── System Log ───────────────────────────────────────────────────────────────────────────────

export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type LogOutcomeResult =
  | 'SUCCESS'
  | 'FAILURE'
  | 'SKIPPED'
  | 'ALLOW'
  | 'DENY'
  | 'CHALLENGE'
  | 'UNKNOWN'
  | 'RATE_LIMIT'
  | 'DEFERRED'
  | 'SCHEDULED'
  | 'ABANDONED'
  | 'UNANSWERED';

export interface LogActor {
  id: string;
  /** `User`, `PublicClientApp`, `SystemPrincipal`, … */
  type: string;
  alternateId?: string | null;
  displayName?: string | null;
  detailEntry?: Record<string, unknown> | null;
}

export interface LogGeolocation {
  lat: number;
  lon: number;
}

export interface LogGeographicalContext {
  city?: string | null;
  state?: string | null;
  country?: string | null;
  postalCode?: string | null;
  geolocation?: LogGeolocation | null;
}

export interface LogUserAgent {
  rawUserAgent?: string | null;
  os?: string | null;
  browser?: string | null;
}

export interface LogClient {
  id?: string | null;
  ipAddress?: string | null;
  device?: string | null;
  zone?: string | null;
  userAgent?: LogUserAgent | null;
  geographicalContext?: LogGeographicalContext | null;
}

export interface LogOutcome {
  result: LogOutcomeResult;
  reason?: string | null;
}

export interface LogTarget {
  id: string;
  /** `User`, `UserGroup`, `AppInstance`, `AppUser`, … */
  type: string;
  alternateId?: string | null;
  displayName?: string | null;
  detailEntry?: Record<string, unknown> | null;
  changeDetails?: { from?: Record<string, unknown>; to?: Record<string, unknown> } | null;
}

export interface LogTransaction {
  id?: string | null;
  /** `WEB` or `JOB`. */
  type?: string | null;
  detail?: Record<string, unknown> | null;
}

export interface LogDebugContext {
  debugData?: Record<string, unknown> | null;
}

export type LogAuthenticationProvider =
  | 'ACTIVE_DIRECTORY'
  | 'FACTOR_PROVIDER'
  | 'FEDERATION'
  | 'LDAP'
  | 'OKTA_AUTHENTICATION_PROVIDER'
  | 'SOCIAL';

export type LogCredentialProvider =
  | 'DUO'
  | 'GOOGLE'
  | 'OKTA_AUTHENTICATION_PROVIDER'
  | 'OKTA_CREDENTIAL_PROVIDER'
  | 'RSA'
  | 'SYMANTEC'
  | 'YUBIKEY';

export type LogCredentialType =
  | 'ASSERTION'
  | 'CERTIFICATE'
  | 'DEVICE_UDID'
  | 'EMAIL'
  | 'IWA'
  | 'JWT'
  | 'OAuth 2.0'
  | 'OKTA_CLIENT_SESSION'
  | 'OTP'
  | 'PASSWORD'
  | 'PRE_SHARED_SYMMETRIC_KEY'
  | 'SMS';

export interface LogAuthenticationContext {
  authenticationProvider?: LogAuthenticationProvider | null;
  credentialProvider?: LogCredentialProvider | null;
  credentialType?: LogCredentialType | null;
  issuer?: { id?: string | null; type?: string | null } | null;
  interface?: string | null;
  authenticationStep?: number | null;
  externalSessionId?: string | null;
}

export interface LogIpDetails {
  asNumber?: number | null;
  asOrg?: string | null;
  domain?: string | null;
  isp?: string | null;
  ipServiceCategories?:
    | { isAnonymous?: boolean | null; operator?: string | null; type?: string | null }[]
    | null;
}

export interface LogSecurityContext {
  asNumber?: number | null;
  asOrg?: string | null;
  isp?: string | null;
  domain?: string | null;
  isProxy?: boolean | null;
  ipDetails?: LogIpDetails | null;
  botProtection?: { level?: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | null } | null;
  risk?: {
    level?: 'LOW' | 'MEDIUM' | 'HIGH' | null;
    previousLevel?: 'LOW' | 'MEDIUM' | 'HIGH' | null;
    detectionName?: string | null;
    issuer?: string | null;
    reasons?: string[] | null;
  } | null;
  userBehaviors?:
    | {
        id?: string | null;
        name?: string | null;
        result?: 'UNKNOWN' | 'POSITIVE' | 'NEGATIVE' | 'BAD_REQUEST' | null;
      }[]
    | null;
}

export interface LogIpAddress {
  ip?: string | null;
  version?: string | null;
  source?: string | null;
  geographicalContext?: LogGeographicalContext | null;
  ipDetails?: LogIpDetails | null;
}

export interface LogRequest {
  ipChain?: LogIpAddress[] | null;
}

/** One System Log event (spec `LogEvent`); event hooks deliver the same object. */
export interface LogEvent {
  /** Unique per event: the key to dedupe on. */
  uuid: string;
  published: Timestamp;
  eventType: string;
  version: string;
  severity: LogSeverity;
  legacyEventType?: string | null;
  displayMessage?: string | null;
  actor: LogActor;
  client?: LogClient | null;
  outcome?: LogOutcome | null;
  target?: LogTarget[] | null;
  transaction?: LogTransaction | null;
  debugContext?: LogDebugContext | null;
  authenticationContext?: LogAuthenticationContext | null;
  securityContext?: LogSecurityContext | null;
  request?: LogRequest | null;
}

export interface ListLogEventsParams {
  /** Events published at or after (bounded) / persisted after (polling). Default: 7 days before `until`. */
  since?: string | Date;
  /** Bounded query end; leave it out to poll. */
  until?: string | Date;
  filter?: string;
  /** Space-separated keywords (at most 10, 40 characters each). */
  q?: string;
  sortOrder?: 'ASCENDING' | 'DESCENDING';
}

// ── User schema ──────────────────────────────────────────────────────────────────────────────

export type UserSchemaAttributeType = 'array' | 'boolean' | 'integer' | 'number' | 'string';

export interface UserSchemaAttribute {
  title?: string;
  description?: string;
  type?: UserSchemaAttributeType;
  items?: { type?: string; enum?: unknown[]; oneOf?: unknown[] };
  format?: string;
  enum?: (string | number)[] | null;
  oneOf?: { const: string; title: string }[] | null;
  pattern?: string;
  minLength?: number | null;
  maxLength?: number | null;
  required?: boolean | null;
  unique?: boolean | string | null;
  mutability?: 'IMMUTABLE' | 'READ_ONLY' | 'READ_WRITE' | 'WRITE_ONLY';
  scope?: 'NONE' | 'SELF';
  permissions?: { principal: string; action: string }[] | null;
  master?: {
    type?: 'OKTA' | 'OVERRIDE' | 'PROFILE_MASTER';
    priority?: { type: string; value: string }[];
  } | null;
  externalName?: string;
  externalNamespace?: string;
  default?: unknown;
}

export interface UserSchemaDefinition {
  id: string;
  type: string;
  properties: Record<string, UserSchemaAttribute>;
  required: string[];
}

/** `GET /api/v1/meta/schemas/user/{schemaId}`: the profile attribute metadata. */
export interface UserSchema {
  id: string;
  $schema: string;
  name: string;
  title: string;
  created: Timestamp;
  lastUpdated: Timestamp;
  type: string;
  definitions: {
    base: UserSchemaDefinition;
    /** Custom attributes: the ones `UserProfile`'s index signature holds. */
    custom: UserSchemaDefinition;
  };
  properties: { profile: { allOf: { $ref: string }[] } };
  _links?: OktaLinks;
}
