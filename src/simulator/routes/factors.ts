import { oktaErrors } from '../errors.ts';
import { noContent, ok, type Route, type SimContext, type SimReply } from '../router.ts';
import type { FactorRecord, Org, UserRecord } from '../store.ts';
import { userTarget } from '../system-log.ts';

/**
 * A user's enrolled MFA factors (`/api/v1/users/{userId}/factors`): list, read, and unenroll
 * ("reset") one. Enrolment and verification are not simulated: the demo org's factors come from
 * the seed (seed-access.ts).
 *
 * The wire shape follows Okta's UserFactor and its `factorType` discriminator (the
 * ListFactorsResults example): `id`, `factorType`, `provider`, `vendorName`, `status`, `created`,
 * `lastUpdated`, the type's `profile`, and `_links` with `hints`.
 *
 * As Okta's document says: a factor cannot be unenrolled from a deactivated user, and unenrolling
 * `push` also unenrolls the Okta Verify `token:software:totp` enrolled with it. A user's
 * `factorsEnrolled` (which decides the `resetFactors` link) follows the factors.
 *
 * Rate limits: the factor paths count against `default` [obs: Okta's table names none of them].
 *
 * [obs] Unenrolling from a DEPROVISIONED user answers 403 E0000038 (the document lists 403 for
 * the operation but not its error). The System Log event is `user.mfa.factor.deactivate` ("Reset
 * factor for user", an Okta sample) with the user as target; its `outcome.reason` names the
 * factor as Okta's sample does ("User reset FIDO_WEBAUTHN factor"), here with "Admin" and the
 * simulator's names for the other factors.
 */

/** The factor names of `outcome.reason` [obs: only FIDO_WEBAUTHN is from an Okta sample]. */
const REASON_NAMES: Record<string, string> = {
  push: 'OKTA_VERIFY_PUSH',
  'token:software:totp': 'OKTA_VERIFY_TOTP',
  sms: 'SMS',
  call: 'CALL',
  email: 'EMAIL',
  question: 'QUESTION',
  webauthn: 'FIDO_WEBAUTHN',
};

/** The links a factor carries, beside `self` and `user`, by type. */
const ACTION_LINK: Record<string, 'verify' | 'questions' | null> = {
  push: 'verify',
  'token:software:totp': 'verify',
  sms: 'verify',
  call: 'verify',
  email: 'verify',
  webauthn: 'verify',
  question: 'questions',
};

const hints = (...allow: string[]) => ({ hints: { allow } });

export function renderFactor(org: Org, factor: FactorRecord) {
  const user = `${org.baseUrl}/api/v1/users/${factor.userId}`;
  const self = `${user}/factors/${factor.id}`;
  const links: Record<string, unknown> = {};
  const action = ACTION_LINK[factor.factorType];
  if (factor.status === 'ACTIVE' && action === 'verify') {
    links.verify = { href: `${self}/verify`, ...hints('POST') };
  }
  if (action === 'questions')
    links.questions = { href: `${user}/factors/questions`, ...hints('GET') };
  links.self = { href: self, ...hints('GET', 'DELETE') };
  links.user = { href: user, ...hints('GET') };
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName,
    status: factor.status,
    created: factor.created,
    lastUpdated: factor.lastUpdated,
    profile: { ...factor.profile },
    _links: links,
  };
}

/** The user's factors, oldest first (then by id). */
export function factorsOf(org: Org, userId: string): FactorRecord[] {
  return [...(org.userFactors.get(userId)?.values() ?? [])].sort((a, b) =>
    a.created !== b.created ? (a.created < b.created ? -1 : 1) : a.id < b.id ? -1 : 1,
  );
}

function userOf(ctx: SimContext): UserRecord {
  const key = ctx.params.userId as string;
  const lookup = key === 'me' && ctx.principal ? ctx.principal.id : key;
  const user = ctx.org.findUser(lookup);
  if (!user) throw oktaErrors.notFound(key, 'User');
  return user;
}

function factorOf(ctx: SimContext, user: UserRecord): FactorRecord {
  const id = ctx.params.factorId as string;
  const factor = ctx.org.userFactors.get(user.id)?.get(id);
  if (!factor) throw oktaErrors.notFound(id, 'UserFactor');
  return factor;
}

function listFactors(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  return ok(factorsOf(ctx.org, user.id).map((f) => renderFactor(ctx.org, f)));
}

function getFactor(ctx: SimContext): SimReply {
  const user = userOf(ctx);
  return ok(renderFactor(ctx.org, factorOf(ctx, user)));
}

function unenrollFactor(ctx: SimContext): SimReply {
  const { org } = ctx;
  const user = userOf(ctx);
  const factor = factorOf(ctx, user);
  if (user.status === 'DEPROVISIONED') throw oktaErrors.statusNotAllowed();
  const factors = org.userFactors.get(user.id) as Map<string, FactorRecord>;
  const removed = [factor];
  if (factor.factorType === 'push') {
    // Okta Verify's push and its TOTP go together.
    for (const other of factors.values()) {
      if (other.factorType === 'token:software:totp' && other.provider === 'OKTA') {
        removed.push(other);
      }
    }
  }
  for (const gone of removed) factors.delete(gone.id);
  if (factors.size === 0) org.userFactors.delete(user.id);
  user.factorsEnrolled = factors.size;
  org.saveUser(user);
  for (const gone of removed) {
    ctx.log({
      eventType: 'user.mfa.factor.deactivate',
      targets: [userTarget(user)],
      outcome: {
        result: 'SUCCESS',
        reason: `Admin reset ${REASON_NAMES[gone.factorType] ?? gone.factorType.toUpperCase()} factor`,
      },
    });
  }
  return noContent();
}

export const factorsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/users/:userId/factors', handler: listFactors },
  {
    method: 'GET',
    path: '/api/v1/users/:userId/factors/:factorId',
    handler: getFactor,
  },
  {
    method: 'DELETE',
    path: '/api/v1/users/:userId/factors/:factorId',
    handler: unenrollFactor,
  },
];
