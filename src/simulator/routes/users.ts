import { createHash } from 'node:crypto';
import { OktaSimError, oktaErrors } from '../errors.ts';
import { attributeOf, compileExpression, USER_FILTER, USER_SEARCH } from '../filter.ts';
import { limitOf, linkHeader, paginate, selfUrl } from '../pagination.ts';
import { validateProfile } from '../profile.ts';
import { renderGroup, renderUser, renderUserCredentials } from '../render.ts';
import { noContent, ok, type Route, type SimContext, type SimReply } from '../router.ts';
import type { AppRecord, GroupRecord, Org, UserRecord, UserStatus } from '../store.ts';
import { groupTarget, userTarget } from '../system-log.ts';
import { applyGroupRules } from './group-rules.ts';

/**
 * The Users API (docs/okta-behaviour.md §1): list/search, CRUD, the lifecycle state machine,
 * credentials, sessions, and a user's groups and app links.
 */

// ---------------------------------------------------------------------------------------------
// The lifecycle state machine (docs/okta-behaviour.md §1.2), in one table.

const ALL_STATUSES: readonly UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];
const allBut = (...excluded: UserStatus[]) => ALL_STATUSES.filter((s) => !excluded.includes(s));

/** Users who sign in elsewhere (an IdP) need no Okta password to be active. */
const signsInElsewhere = (user: UserRecord) =>
  user.provider.type === 'FEDERATION' || user.provider.type === 'SOCIAL';

interface Transition {
  /** The statuses the operation is legal from. */
  from: readonly UserStatus[];
  /** The status afterwards. */
  to: (user: UserRecord) => UserStatus;
  /** Okta's answer when the user is in any other status. */
  illegal: (user: UserRecord) => OktaSimError;
}

const unchanged = (user: UserRecord) => user.status;

/**
 * Okta's answers to an illegal transition. E0000016 (activate), 400 E0000001 for suspend and
 * unsuspend, and E0000038 for a profile update of a DEPROVISIONED user are documented; the rest
 * follow docs/okta-behaviour.md §1.2 [obs], and the suspend/unsuspend `errorCauses` wording is ours. Where the
 * notes guessed 400 E0000001 (deactivate of a DEPROVISIONED user, unlock of a user that is not
 * LOCKED_OUT), Okta's OpenAPI document lists no 400 for the operation, only 403: so E0000038.
 */
const ILLEGAL = {
  alreadyActive: () => oktaErrors.alreadyActive(),
  notAllowed: () => oktaErrors.statusNotAllowed(),
  validation: (operation: string, cause: string) => () => oktaErrors.validation(operation, [cause]),
  forgotPassword: () => oktaErrors.forgotPasswordNotAllowed(),
} as const;

export const LIFECYCLE = {
  activate: {
    from: ['STAGED', 'DEPROVISIONED'],
    to: (user) => (user.password || signsInElsewhere(user) ? 'ACTIVE' : 'PROVISIONED'),
    illegal: ILLEGAL.alreadyActive,
  },
  // Okta's document: "only on users with a PROVISIONED or RECOVERY status"; activation restarts.
  reactivate: {
    from: ['PROVISIONED', 'RECOVERY'],
    to: () => 'PROVISIONED',
    illegal: ILLEGAL.notAllowed,
  },
  deactivate: {
    from: allBut('DEPROVISIONED'),
    to: () => 'DEPROVISIONED',
    illegal: ILLEGAL.notAllowed,
  },
  suspend: {
    from: ['ACTIVE'],
    to: () => 'SUSPENDED',
    illegal: ILLEGAL.validation('suspendUser', 'Cannot suspend a user that is not active'),
  },
  unsuspend: {
    from: ['SUSPENDED'],
    to: () => 'ACTIVE',
    illegal: ILLEGAL.validation('unsuspendUser', 'Cannot unsuspend a user that is not suspended'),
  },
  unlock: { from: ['LOCKED_OUT'], to: () => 'ACTIVE', illegal: ILLEGAL.notAllowed },
  reset_password: {
    from: ['ACTIVE', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'RECOVERY', 'PROVISIONED'],
    to: () => 'RECOVERY',
    illegal: ILLEGAL.notAllowed,
  },
  expire_password: {
    from: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
    to: () => 'PASSWORD_EXPIRED',
    illegal: ILLEGAL.notAllowed,
  },
  expire_password_with_temp_password: {
    from: ['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED'],
    to: () => 'PASSWORD_EXPIRED',
    illegal: ILLEGAL.notAllowed,
  },
  reset_factors: {
    from: allBut('STAGED', 'DEPROVISIONED'),
    to: unchanged,
    illegal: ILLEGAL.notAllowed,
  },
  change_password: {
    from: ['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'],
    to: (user) =>
      user.status === 'RECOVERY' || user.status === 'PASSWORD_EXPIRED' ? 'ACTIVE' : user.status,
    illegal: ILLEGAL.notAllowed,
  },
  change_recovery_question: {
    from: ['STAGED', 'ACTIVE', 'RECOVERY'],
    to: unchanged,
    illegal: ILLEGAL.notAllowed,
  },
  forgot_password: { from: ['ACTIVE'], to: unchanged, illegal: ILLEGAL.forgotPassword },
  /** POST / PUT /api/v1/users/{id}. */
  update: { from: allBut('DEPROVISIONED'), to: unchanged, illegal: ILLEGAL.notAllowed },
} satisfies Record<string, Transition>;

export type UserOperation = keyof typeof LIFECYCLE;

function assertLegal(user: UserRecord, operation: UserOperation): void {
  const transition: Transition = LIFECYCLE[operation];
  if (!transition.from.includes(user.status)) throw transition.illegal(user);
}

/** Check the operation is legal, move the user to its result status, and store the user. */
function transition(org: Org, user: UserRecord, operation: UserOperation): void {
  assertLegal(user, operation);
  const next = (LIFECYCLE[operation] as Transition).to(user);
  const now = org.now();
  if (next !== user.status) {
    user.status = next;
    user.statusChanged = now;
    if (next === 'ACTIVE' || (operation === 'activate' && next === 'PROVISIONED')) {
      user.activated ??= now;
    }
  }
  user.lastUpdated = now;
  org.saveUser(user);
}

// ---------------------------------------------------------------------------------------------
// Passwords and recovery questions.

/**
 * The org's password policy: one simple policy, stated once. `historyCount` applies only where
 * Okta enforces history (`strict=true` on an update or a password change).
 */
export const PASSWORD_POLICY = {
  minLength: 8,
  historyCount: 4,
  requirements: 'Password requirements: at least 8 characters, no parts of your username.',
} as const;

const CREDENTIAL_MESSAGES = {
  policy: `password: Password requirements were not met. ${PASSWORD_POLICY.requirements}`,
  history: 'password: Password has been used too recently',
  oldPassword: 'oldPassword: The credentials provided were incorrect.',
  password: 'password: The credentials provided were incorrect.',
  answerTooShort:
    'recovery_question.answer: The security question answer must be at least 4 characters in length',
  tooLong: (field: string) => `${field}: The field cannot exceed 100 characters`,
  blank: (field: string) => `${field}: The field cannot be left blank`,
  hash: 'password.hash: The hash needs an algorithm (BCRYPT, SHA-512, SHA-256, SHA-1, MD5, PBKDF2) and a value',
  hashNotStaged: 'password.hash: A hashed password can only be set on a STAGED user',
  hook: "password.hook: The type must be 'default'",
  providerPassword: 'password: A user of this provider cannot have an Okta password',
} as const;

const HASH_ALGORITHMS = ['BCRYPT', 'SHA-512', 'SHA-256', 'SHA-1', 'MD5', 'PBKDF2'];

/** What is wrong with a new password value for this user, or null. */
function passwordPolicyCause(
  user: { profile: Record<string, unknown>; passwordHistory: string[] },
  value: string,
  enforceHistory: boolean,
): string | null {
  const localPart =
    String(user.profile.login ?? '')
      .split('@')[0]
      ?.toLowerCase() ?? '';
  if (value.length < PASSWORD_POLICY.minLength) return CREDENTIAL_MESSAGES.policy;
  if (localPart.length > 0 && value.toLowerCase().includes(localPart)) {
    return CREDENTIAL_MESSAGES.policy;
  }
  if (enforceHistory && user.passwordHistory.slice(-PASSWORD_POLICY.historyCount).includes(value)) {
    return CREDENTIAL_MESSAGES.history;
  }
  return null;
}

/** Store a new password value (and remember it for the history check). */
function setPasswordValue(user: UserRecord, value: string, now: string): void {
  user.password = { value };
  user.passwordHistory = [...user.passwordHistory, value].slice(-PASSWORD_POLICY.historyCount);
  user.passwordChanged = now;
}

type PasswordSent = { kind: 'value'; value: string } | { kind: 'hash' } | { kind: 'hook' };

/** Parse `credentials.password`: a value, an imported hash, or the password-import hook. */
function parsePassword(sent: unknown): PasswordSent | null {
  const password = asObject(sent);
  if (!password || Object.keys(password).length === 0) return null;
  if (password.hash !== undefined) {
    const hash = asObject(password.hash);
    if (
      !hash ||
      !HASH_ALGORITHMS.includes(String(hash.algorithm)) ||
      typeof hash.value !== 'string'
    ) {
      throw oktaErrors.validation('password', [CREDENTIAL_MESSAGES.hash]);
    }
    return { kind: 'hash' };
  }
  if (password.hook !== undefined) {
    if (asObject(password.hook)?.type !== 'default') {
      throw oktaErrors.validation('password', [CREDENTIAL_MESSAGES.hook]);
    }
    return { kind: 'hook' };
  }
  if (typeof password.value !== 'string') {
    throw oktaErrors.validation('password', [CREDENTIAL_MESSAGES.blank('password')]);
  }
  return { kind: 'value', value: password.value };
}

/** Parse `credentials.recovery_question`: question and answer, answer at least 4 characters. */
function parseRecoveryQuestion(sent: unknown): { question: string; answer: string } | null {
  const rq = asObject(sent);
  if (!rq) return null;
  const causes: string[] = [];
  const question = typeof rq.question === 'string' ? rq.question : '';
  const answer = typeof rq.answer === 'string' ? rq.answer : '';
  if (question === '') causes.push(CREDENTIAL_MESSAGES.blank('recovery_question.question'));
  else if (question.length > 100)
    causes.push(CREDENTIAL_MESSAGES.tooLong('recovery_question.question'));
  if (answer.length < 4) causes.push(CREDENTIAL_MESSAGES.answerTooShort);
  else if (answer.length > 100)
    causes.push(CREDENTIAL_MESSAGES.tooLong('recovery_question.answer'));
  if (causes.length > 0) throw oktaErrors.validation('recovery_question', causes);
  return { question, answer };
}

// ---------------------------------------------------------------------------------------------
// Small request helpers.

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function bodyObject(ctx: SimContext): Record<string, unknown> {
  const body = asObject(ctx.body);
  if (!body) throw oktaErrors.malformedBody();
  return body;
}

/** A boolean query parameter, read as Okta's Java stack reads it: only "true" is true. */
function booleanParam(ctx: SimContext, name: string, fallback: boolean): boolean {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  return raw.toLowerCase() === 'true';
}

/** The user a path names (id, login, or login short name; `me` = the API token's admin). */
function userOf(ctx: SimContext, name = 'userId'): UserRecord {
  const key = ctx.params[name] as string;
  const lookup = key === 'me' && ctx.principal ? ctx.principal.id : key;
  const user = ctx.org.findUser(lookup);
  if (!user) throw oktaErrors.notFound(key, 'User');
  return user;
}

/** A one-time token as Okta mints them (20 base62 characters). */
const oneTimeToken = (org: Org) => org.prng.chars(20);

const emptyObject = (): SimReply => ok({});

// ---------------------------------------------------------------------------------------------
// Listing users.

const PAGE = {
  /** Plain list, `filter` and `search`: default 200, at most 200. */
  list: { defaultLimit: 200, maxLimit: 200 },
  /** `q`: default 10, no paging. */
  query: { defaultLimit: 10, maxLimit: 200 },
} as const;

interface Listed {
  user: UserRecord;
  /** The collection shape, which is also what filter and search expressions read. */
  wire: ReturnType<typeof renderUser>;
}

const byId = (a: Listed, b: Listed) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0);

function listed(org: Org, users: Iterable<UserRecord>): Listed[] {
  return [...users].map((user) => ({ user, wire: renderUser(org, user, 'self') })).sort(byId);
}

function listUsers(ctx: SimContext): SimReply {
  const { org, query } = ctx;
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');

  if (search !== null && search !== '') {
    const matches = compileExpression(search, USER_SEARCH);
    // Search reads Okta's eventually consistent index, not the live store. A batch of ids is
    // looked up rather than scanned for; the expression still decides what matches.
    const found = listed(org, org.userIndex.candidates(search, USER_SEARCH)).filter((l) =>
      matches((attr) => attributeOf(l.wire, attr)),
    );
    const sortBy = query.get('sortBy');
    if (sortBy) return sortedPage(ctx, found, sortBy, query.get('sortOrder') === 'desc');
    return pageById(ctx, found);
  }
  if (filter !== null && filter !== '') {
    const matches = compileExpression(filter, USER_FILTER);
    return pageById(
      ctx,
      listed(org, org.users.values()).filter((l) => matches((attr) => attributeOf(l.wire, attr))),
    );
  }
  const visible = listed(org, org.users.values()).filter((l) => l.user.status !== 'DEPROVISIONED');
  if (q !== null && q !== '') {
    // A prefix match on first name, last name or email; one page only, never a `next` link.
    const prefix = q.toLowerCase();
    const hits = visible.filter((l) =>
      ['firstName', 'lastName', 'email'].some((attr) =>
        String(l.user.profile[attr] ?? '')
          .toLowerCase()
          .startsWith(prefix),
      ),
    );
    const limit = limitOf(ctx, PAGE.query.defaultLimit, PAGE.query.maxLimit);
    return ok(
      hits.slice(0, limit).map((l) => l.wire),
      { Link: [linkHeader(selfUrl(ctx), 'self')] },
    );
  }
  return pageById(ctx, visible);
}

function pageById(ctx: SimContext, items: Listed[]): SimReply {
  const { page, headers } = paginate(ctx, items, { ...PAGE.list, cursor: (l) => l.user.id });
  return ok(
    page.map((l) => l.wire),
    headers,
  );
}

/**
 * A page of search results ordered by `sortBy` (ties by id). The `after` cursor encodes the last
 * item's sort position (value and id), so that the next page starts right after it even when
 * that user has since changed or gone.
 */
function sortedPage(ctx: SimContext, items: Listed[], sortBy: string, descending: boolean) {
  const keyOf = (l: Listed): SortKey => [sortValue(attributeOf(l.wire, sortBy)), l.user.id];
  const sorted = items
    .map((l) => ({ l, key: keyOf(l) }))
    .sort((a, b) => compareKeys(a.key, b.key, descending));
  const limit = limitOf(ctx, PAGE.list.defaultLimit, PAGE.list.maxLimit);
  const after = ctx.query.get('after');
  let start = 0;
  if (after) {
    const position = decodeSortCursor(after);
    start = sorted.findIndex((s) => compareKeys(s.key, position, descending) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const links = [linkHeader(selfUrl(ctx), 'self')];
  const last = page[page.length - 1];
  if (last && start + limit < sorted.length) {
    const next = selfUrl(ctx);
    next.searchParams.set('after', Buffer.from(JSON.stringify(last.key)).toString('base64url'));
    next.searchParams.set('limit', String(limit));
    links.push(linkHeader(next, 'next'));
  }
  return ok(
    page.map((s) => s.l.wire),
    { Link: links },
  );
}

type SortKey = [string | number | boolean | null, string];

function sortValue(value: unknown): SortKey[0] {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  if (typeof first === 'number' || typeof first === 'boolean') return first;
  return String(first).toLowerCase();
}

/** Values in the requested order, absent values last either way, then ids ascending. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  const [x, y] = [a[0], b[0]];
  let order = 0;
  if (x === null || y === null) order = x === y ? 0 : x === null ? 1 : -1;
  else {
    order = x < y ? -1 : x > y ? 1 : 0;
    if (descending) order = -order;
  }
  if (order !== 0) return order;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function decodeSortCursor(after: string): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && typeof key[1] === 'string') {
      const v = key[0];
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return key as SortKey;
    }
  } catch {
    // fall through
  }
  throw oktaErrors.invalidRequest(`after: '${after}' is not a valid cursor`);
}

// ---------------------------------------------------------------------------------------------
// Creating users.

/**
 * Create-time errors the OpenAPI document gives examples of (E0000093, E0000124, E0000125), and
 * the causes for bad `groupIds` and `type` [obs].
 */
const CREATE_ERRORS = {
  tooManyGroups: () =>
    new OktaSimError(400, 'E0000093', 'Target count limit exceeded', [
      'The number of group targets is too large',
    ]),
  expireWithoutPassword: () => {
    const summary =
      'Could not create user. To create a user and expire their password immediately, a password must be specified.';
    return new OktaSimError(400, 'E0000124', summary, [summary]);
  },
  expireWithoutActivation: () => {
    const summary =
      'Could not create user. To create a user and expire their password immediately, `activate` must be true.';
    return new OktaSimError(400, 'E0000125', summary, [summary]);
  },
  unknownGroup: (id: string) =>
    oktaErrors.validation('groupIds', [`groupIds: Group '${id}' does not exist`]),
  notOktaGroup: (id: string) =>
    oktaErrors.validation('groupIds', [
      `groupIds: Group '${id}' is not an OKTA_GROUP; users are added only to Okta groups`,
    ]),
  unknownType: (id: string) =>
    oktaErrors.validation('type', [`type: User type '${id}' does not exist`]),
} as const;

/** At most this many `groupIds` on create (Okta's documented limit). */
const MAX_GROUP_IDS = 20;

const PROVIDER_TYPES = ['OKTA', 'ACTIVE_DIRECTORY', 'LDAP', 'FEDERATION', 'SOCIAL', 'IMPORT'];

function createUser(ctx: SimContext): SimReply {
  const { org } = ctx;
  const body = bodyObject(ctx);
  const activate = booleanParam(ctx, 'activate', true);
  const withProvider = booleanParam(ctx, 'provider', false);
  const nextLogin = ctx.query.get('nextLogin');
  const expirePassword = nextLogin === 'changePassword';
  if (nextLogin !== null && nextLogin !== '' && !expirePassword) {
    throw oktaErrors.invalidRequest(`nextLogin: '${nextLogin}' is not one of [changePassword]`);
  }

  const profile = validateProfile(org, { sent: body.profile, current: null, operation: 'create' });
  const credentials = asObject(body.credentials) ?? {};
  const password = parsePassword(credentials.password);
  const recoveryQuestion = parseRecoveryQuestion(credentials.recovery_question);

  let provider = { type: 'OKTA', name: 'OKTA' };
  if (password && password.kind !== 'value') provider = { type: 'IMPORT', name: 'IMPORT' };
  if (withProvider) {
    const sent = asObject(credentials.provider);
    const type = typeof sent?.type === 'string' ? sent.type : 'FEDERATION';
    if (!PROVIDER_TYPES.includes(type)) {
      throw oktaErrors.validation('provider', [`provider.type: '${type}' is not a provider type`]);
    }
    provider = { type, name: typeof sent?.name === 'string' ? sent.name : type };
    if (password && (type === 'FEDERATION' || type === 'SOCIAL')) {
      throw oktaErrors.validation('password', [CREDENTIAL_MESSAGES.providerPassword]);
    }
  }
  if (password?.kind === 'value') {
    const cause = passwordPolicyCause({ profile, passwordHistory: [] }, password.value, false);
    if (cause) throw oktaErrors.validation('password', [cause]);
  }
  if (expirePassword && !activate) throw CREATE_ERRORS.expireWithoutActivation();
  if (expirePassword && !password) throw CREATE_ERRORS.expireWithoutPassword();

  const typeId = asObject(body.type)?.id;
  if (typeId !== undefined && typeId !== org.defaultUserTypeId) {
    throw CREATE_ERRORS.unknownType(String(typeId));
  }
  const groups = groupsToJoin(org, body.groupIds);

  const now = org.now();
  const user: UserRecord = {
    id: org.prng.id('00u'),
    status: 'STAGED',
    created: now,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: null,
    transitioningToStatus: null,
    typeId: org.defaultUserTypeId,
    profile,
    passwordHistory: [],
    provider,
    factorsEnrolled: 0,
    sessions: 0,
  };
  if (password?.kind === 'value') setPasswordValue(user, password.value, now);
  else if (password?.kind === 'hash') {
    user.password = { hashed: true };
    user.passwordChanged = now;
  } else if (password?.kind === 'hook') user.password = { hook: true };
  if (recoveryQuestion) user.recoveryQuestion = recoveryQuestion;

  // docs/okta-behaviour.md §1.2: activate=false → STAGED; otherwise ACTIVE with a password (or an IdP),
  // PASSWORD_EXPIRED with nextLogin=changePassword, PROVISIONED without a password.
  if (activate) {
    user.status = expirePassword
      ? 'PASSWORD_EXPIRED'
      : user.password || withProvider
        ? 'ACTIVE'
        : 'PROVISIONED';
    user.activated = now;
    user.statusChanged = now;
  }
  org.saveUser(user);

  ctx.log({ eventType: 'user.lifecycle.create', targets: [userTarget(user)] });
  if (activate) ctx.log({ eventType: 'user.lifecycle.activate', targets: [userTarget(user)] });
  // Every user is in Everyone; Okta writes no membership event for that built-in group.
  const everyone = org.groups.get(org.everyoneGroupId);
  if (everyone) org.addMember(everyone, user.id);
  for (const group of groups) {
    if (!org.addMember(group, user.id)) continue;
    ctx.log({
      eventType: 'group.user_membership.add',
      targets: [userTarget(user), groupTarget(group)],
    });
  }
  applyGroupRules(ctx, user);
  return ok(renderUser(org, user));
}

/** The groups named by `groupIds`: at most 20, each an existing OKTA_GROUP. */
function groupsToJoin(org: Org, sent: unknown): GroupRecord[] {
  if (sent === undefined || sent === null) return [];
  if (!Array.isArray(sent)) {
    throw oktaErrors.validation('groupIds', ['groupIds: The field must be an array of group ids']);
  }
  if (sent.length > MAX_GROUP_IDS) throw CREATE_ERRORS.tooManyGroups();
  const groups: GroupRecord[] = [];
  for (const id of new Set(sent.map(String))) {
    const group = org.groups.get(id);
    if (!group) throw CREATE_ERRORS.unknownGroup(id);
    if (group.type !== 'OKTA_GROUP') throw CREATE_ERRORS.notOktaGroup(id);
    groups.push(group);
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Updating users.

/**
 * POST (partial: attributes not sent stay, `null` clears) and PUT (replace: attributes not sent
 * are removed). Setting `credentials.password.value` here is an admin set: no old-password check.
 */
function updateUser(ctx: SimContext, mode: 'partial' | 'replace'): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  assertLegal(user, 'update');
  const body = bodyObject(ctx);
  const strict = booleanParam(ctx, 'strict', false);

  const typeId = asObject(body.type)?.id;
  if (typeId !== undefined && typeId !== user.typeId) {
    // Only PUT may change the type, and the simulator's org has only the default type.
    if (mode === 'partial') {
      throw oktaErrors.validation('type', ['type: The user type can only be changed with PUT']);
    }
    throw CREATE_ERRORS.unknownType(String(typeId));
  }

  const profileSent = body.profile !== undefined;
  const profile = profileSent
    ? validateProfile(org, {
        sent: body.profile,
        current: mode === 'partial' ? user.profile : null,
        operation: 'update',
        userId: user.id,
      })
    : user.profile;

  const credentials = asObject(body.credentials) ?? {};
  const password = parsePassword(credentials.password);
  const recoveryQuestion = parseRecoveryQuestion(credentials.recovery_question);
  if (password?.kind === 'value') {
    const cause = passwordPolicyCause({ ...user, profile }, password.value, strict);
    if (cause) throw oktaErrors.validation('password', [cause]);
  }
  if (password?.kind === 'hash' && user.status !== 'STAGED') {
    throw new OktaSimError(
      403,
      'E0000038',
      "This operation is not allowed in the user's current status.",
      [CREDENTIAL_MESSAGES.hashNotStaged],
    );
  }
  if (password && signsInElsewhere(user)) {
    throw oktaErrors.validation('password', [CREDENTIAL_MESSAGES.providerPassword]);
  }

  const now = org.now();
  const previousLogin = String(user.profile.login);
  const before = user.profile;
  user.profile = profile;
  if (password?.kind === 'value') setPasswordValue(user, password.value, now);
  else if (password?.kind === 'hash') {
    user.password = { hashed: true };
    user.passwordChanged = now;
  } else if (password?.kind === 'hook') user.password = { hook: true };
  if (recoveryQuestion) user.recoveryQuestion = recoveryQuestion;
  user.lastUpdated = now;
  org.saveUser(user, previousLogin);

  if (profileSent) {
    const target = userTarget(user);
    target.changeDetails = { from: { ...before }, to: { ...profile } };
    ctx.log({ eventType: 'user.account.update_profile', targets: [target] });
    applyGroupRules(ctx, user);
  }
  if (password) ctx.log({ eventType: 'user.account.update_password', targets: [userTarget(user)] });
  if (recoveryQuestion) {
    ctx.log({ eventType: 'user.account.update_recovery_question', targets: [userTarget(user)] });
  }
  return ok(renderUser(org, user));
}

// ---------------------------------------------------------------------------------------------
// Deactivating and deleting.

function deactivate(ctx: SimContext, user: UserRecord): void {
  transition(ctx.org, user, 'deactivate');
  user.sessions = 0;
  ctx.org.saveUser(user);
  ctx.log({ eventType: 'user.lifecycle.deactivate', targets: [userTarget(user)] });
}

/** The first DELETE deactivates, the second deletes for good: never retry a DELETE. */
function deleteUser(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  if (user.status !== 'DEPROVISIONED') {
    deactivate(ctx, user);
    return noContent();
  }
  const target = userTarget(user);
  ctx.org.purgeUser(user);
  ctx.log({ eventType: 'user.lifecycle.delete.initiated', targets: [target] });
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// Lifecycle operations.

function activationToken(ctx: SimContext): SimReply {
  const token = oneTimeToken(ctx.org);
  return ok({ activationUrl: `${ctx.org.baseUrl}/welcome/${token}`, activationToken: token });
}

function resetPasswordUrl(ctx: SimContext): SimReply {
  return ok({ resetPasswordUrl: `${ctx.org.baseUrl}/reset_password/${oneTimeToken(ctx.org)}` });
}

type LifecycleHandler = (ctx: SimContext, user: UserRecord) => SimReply;

const lifecycleHandlers: Record<string, LifecycleHandler> = {
  activate(ctx, user) {
    transition(ctx.org, user, 'activate');
    ctx.log({ eventType: 'user.lifecycle.activate', targets: [userTarget(user)] });
    return booleanParam(ctx, 'sendEmail', true) ? emptyObject() : activationToken(ctx);
  },
  reactivate(ctx, user) {
    transition(ctx.org, user, 'reactivate');
    ctx.log({ eventType: 'user.lifecycle.reactivate', targets: [userTarget(user)] });
    // Unlike activate, reactivate's sendEmail defaults to false.
    return booleanParam(ctx, 'sendEmail', false) ? emptyObject() : activationToken(ctx);
  },
  deactivate(ctx, user) {
    deactivate(ctx, user);
    return emptyObject();
  },
  suspend(ctx, user) {
    transition(ctx.org, user, 'suspend');
    ctx.log({ eventType: 'user.lifecycle.suspend', targets: [userTarget(user)] });
    return emptyObject();
  },
  unsuspend(ctx, user) {
    transition(ctx.org, user, 'unsuspend');
    ctx.log({ eventType: 'user.lifecycle.unsuspend', targets: [userTarget(user)] });
    return emptyObject();
  },
  unlock(ctx, user) {
    transition(ctx.org, user, 'unlock');
    ctx.log({ eventType: 'user.account.unlock', targets: [userTarget(user)] });
    return emptyObject();
  },
  reset_password(ctx, user) {
    if (ctx.query.get('sendEmail') === null) throw oktaErrors.missingParameter('sendEmail');
    transition(ctx.org, user, 'reset_password');
    if (booleanParam(ctx, 'revokeSessions', false)) user.sessions = 0;
    ctx.log({ eventType: 'user.account.reset_password', targets: [userTarget(user)] });
    return booleanParam(ctx, 'sendEmail', true) ? emptyObject() : resetPasswordUrl(ctx);
  },
  expire_password(ctx, user) {
    transition(ctx.org, user, 'expire_password');
    ctx.log({ eventType: 'user.account.expire_password', targets: [userTarget(user)] });
    return ok(renderUser(ctx.org, user));
  },
  expire_password_with_temp_password(ctx, user) {
    assertLegal(user, 'expire_password_with_temp_password');
    // The temporary password becomes the user's password; the history check never refuses it.
    const tempPassword = ctx.org.prng.chars(10);
    setPasswordValue(user, tempPassword, ctx.org.now());
    transition(ctx.org, user, 'expire_password_with_temp_password');
    if (booleanParam(ctx, 'revokeSessions', false)) user.sessions = 0;
    ctx.log({ eventType: 'user.account.expire_password', targets: [userTarget(user)] });
    return ok({ tempPassword });
  },
  reset_factors(ctx, user) {
    transition(ctx.org, user, 'reset_factors');
    user.factorsEnrolled = 0;
    ctx.org.userFactors.delete(user.id);
    ctx.log({ eventType: 'user.mfa.factor.reset_all', targets: [userTarget(user)] });
    return emptyObject();
  },
};

// ---------------------------------------------------------------------------------------------
// Credentials operations.

function passwordValueOf(sent: unknown): string | undefined {
  const value = asObject(sent)?.value;
  return typeof value === 'string' ? value : undefined;
}

function changePassword(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  assertLegal(user, 'change_password');
  const body = bodyObject(ctx);
  const oldPassword = passwordValueOf(body.oldPassword);
  const newPassword = passwordValueOf(body.newPassword);
  if (newPassword === undefined) {
    throw oktaErrors.validation('newPassword', [CREDENTIAL_MESSAGES.blank('newPassword')]);
  }
  if (!user.password?.value || oldPassword !== user.password.value) {
    throw oktaErrors.credentialsUpdateFailed([CREDENTIAL_MESSAGES.oldPassword]);
  }
  const strict = booleanParam(ctx, 'strict', false);
  const cause = passwordPolicyCause(user, newPassword, strict);
  if (cause) throw oktaErrors.credentialsUpdateFailed([cause]);
  setPasswordValue(user, newPassword, org.now());
  if (body.revokeSessions === true) user.sessions = 0;
  transition(org, user, 'change_password');
  ctx.log({ eventType: 'user.account.update_password', targets: [userTarget(user)] });
  return ok(renderUserCredentials(user));
}

function changeRecoveryQuestion(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  assertLegal(user, 'change_recovery_question');
  const body = bodyObject(ctx);
  const password = passwordValueOf(body.password);
  if (!user.password?.value || password !== user.password.value) {
    throw oktaErrors.credentialsUpdateFailed([CREDENTIAL_MESSAGES.password]);
  }
  const recoveryQuestion = parseRecoveryQuestion(body.recovery_question);
  if (!recoveryQuestion) {
    throw oktaErrors.validation('recovery_question', [
      CREDENTIAL_MESSAGES.blank('recovery_question'),
    ]);
  }
  user.recoveryQuestion = recoveryQuestion;
  transition(org, user, 'change_recovery_question');
  ctx.log({ eventType: 'user.account.update_recovery_question', targets: [userTarget(user)] });
  return ok(renderUserCredentials(user));
}

/** Forgot password needs an ACTIVE user with a recovery question; the status stays. */
function forgotPassword(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  assertLegal(user, 'forgot_password');
  if (!user.recoveryQuestion) throw oktaErrors.forgotPasswordNotAllowed();
  return booleanParam(ctx, 'sendEmail', true) ? emptyObject() : resetPasswordUrl(ctx);
}

// ---------------------------------------------------------------------------------------------
// A user's sessions, groups and app links.

function clearSessions(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  user.sessions = 0;
  ctx.org.saveUser(user);
  ctx.log({ eventType: 'user.session.clear', targets: [userTarget(user)] });
  return noContent();
}

function listUserGroups(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  const groups = [...(ctx.org.userGroups.get(user.id) ?? [])]
    .map((id) => ctx.org.groups.get(id))
    .filter((g): g is GroupRecord => g !== undefined)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ok(groups.map((g) => renderGroup(ctx.org, g)));
}

/** A stable `0ua…` id for one user's assignment to one app. */
function appAssignmentId(app: AppRecord, userId: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(`${app.id}:${userId}`).digest();
  let id = '0ua';
  for (let i = 0; id.length < 20; i++) id += alphabet[(digest[i] as number) % 62];
  return id;
}

/**
 * The user's app links (OpenAPI `AssignedAppLink`): one per ACTIVE app the user is assigned to,
 * directly or through a group. Okta's example gives every link the user's id as `id`.
 */
function listAppLinks(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  const apps = [...org.apps.values()]
    .filter((app) => app.status === 'ACTIVE' && app.users.has(user.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ok(
    apps.map((app, sortOrder) => {
      const hide = asObject(asObject(app.body.visibility)?.hide);
      return {
        id: user.id,
        label: app.label,
        linkUrl: `${org.baseUrl}/home/${app.name}/${app.id}/${app.name}`,
        logoUrl: `${org.baseUrl}/assets/img/logos/default.png`,
        appName: app.name,
        appInstanceId: app.id,
        appAssignmentId: appAssignmentId(app, user.id),
        credentialsSetup: false,
        hidden: hide?.web === true,
        sortOrder,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------

export const usersRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/users', handler: listUsers },
  { method: 'POST', path: '/api/v1/users', handler: createUser },
  {
    method: 'GET',
    path: '/api/v1/users/:userId',
    handler: (ctx) => ok(renderUser(ctx.org, userOf(ctx))),
  },
  {
    method: 'POST',
    path: '/api/v1/users/:userId',
    handler: (ctx) => updateUser(ctx, 'partial'),
  },
  {
    method: 'PUT',
    path: '/api/v1/users/:userId',
    handler: (ctx) => updateUser(ctx, 'replace'),
  },
  { method: 'DELETE', path: '/api/v1/users/:userId', handler: deleteUser },
  ...Object.entries(lifecycleHandlers).map(
    ([operation, handler]): Route => ({
      method: 'POST',
      path: `/api/v1/users/:userId/lifecycle/${operation}`,
      handler: (ctx) => handler(ctx, userOf(ctx)),
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/users/:userId/credentials/change_password',
    handler: changePassword,
  },
  {
    method: 'POST',
    path: '/api/v1/users/:userId/credentials/change_recovery_question',
    handler: changeRecoveryQuestion,
  },
  {
    method: 'POST',
    path: '/api/v1/users/:userId/credentials/forgot_password',
    handler: forgotPassword,
  },
  {
    method: 'DELETE',
    path: '/api/v1/users/:userId/sessions',
    handler: clearSessions,
  },
  { method: 'GET', path: '/api/v1/users/:userId/groups', handler: listUserGroups },
  { method: 'GET', path: '/api/v1/users/:userId/appLinks', handler: listAppLinks },
];
