/**
 * The seeded org's access graph: MFA factors, admin roles and one group rule.
 *
 * Added after the rest of the seed, from a PRNG of its own (derived from the org's seed through
 * the Everyone group's id), so it neither changes nor depends on the order of anything seeded
 * before it; and it writes no System Log events, so the seeded history is unchanged.
 *
 * - Factors: every user with `factorsEnrolled > 0` gets that many factors of distinct types
 *   (Okta Verify push most often, then SMS, WebAuthn, Google Authenticator, email, security
 *   question, voice call), enrolled when the user was activated; the others have none.
 * - Roles: the API token's admin is SUPER_ADMIN; the help desk admin of the System Log history
 *   (who resets passwords) is HELP_DESK_ADMIN and the IT operations admin (who suspends users)
 *   ORG_ADMIN; two people of Customer Support are HELP_DESK_ADMIN and two of Finance
 *   READ_ONLY_ADMIN; the "Okta Administrators" group holds READ_ONLY_ADMIN, so its members also
 *   hold it through the group.
 * - One ACTIVE group rule, "Contractors by user type" (`user.userType=="Contractor"` → the
 *   Contractors group), which made the memberships of the contractors in that group.
 */
import { Prng } from './random.ts';
import { newRoleAssignment } from './routes/roles.ts';
import type { FactorRecord, GroupRecord, Org, UserRecord } from './store.ts';

/** A 32-bit FNV-1a hash: the access seed's PRNG seed from a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A factor type, its id prefix, and how its profile is made. */
interface FactorKind {
  factorType: string;
  prefix: string;
  provider: string;
  profile(user: UserRecord, rng: Prng): Record<string, unknown>;
}

const PHONES = ['SmartPhone_IPhone', 'SmartPhone_Android'] as const;

/**
 * The security questions a `question` factor uses: keys from UserFactorSecurityQuestionProfile's
 * enum, with Okta's texts [obs: only favorite_art_piece's text is in Okta's example].
 */
const QUESTIONS: readonly [string, string][] = [
  ['disliked_food', 'What is the food you least liked as a child?'],
  ['name_of_first_plush_toy', 'What is the name of your first stuffed animal?'],
  ['first_award', 'What did you earn your first medal or award for?'],
  ['favorite_art_piece', 'What is your favorite piece of art?'],
  ['first_computer_game', 'What was the first computer game you played?'],
  ['favorite_movie_quote', 'What is your favorite movie quote?'],
];

const AUTHENTICATORS = ['MacBook Touch ID', 'YubiKey 5 NFC', 'Windows Hello', 'Google Pixel'];

const phoneNumber = (rng: Prng) => `+1${415 + rng.int(400)}555${rng.chars(4, '0123456789')}`;

const KINDS: Record<string, FactorKind> = {
  push: {
    factorType: 'push',
    prefix: 'opf',
    provider: 'OKTA',
    profile: (user, rng) => {
      const deviceType = rng.pick(PHONES);
      const iphone = deviceType === 'SmartPhone_IPhone';
      return {
        credentialId: String(user.profile.login),
        deviceType,
        name: `${String(user.profile.firstName ?? 'My')}'s ${iphone ? 'iPhone' : 'Pixel'}`,
        platform: iphone ? 'IOS' : 'ANDROID',
        version: iphone ? `9.${rng.int(20)}.0` : `8.${rng.int(20)}.0`,
      };
    },
  },
  'token:software:totp': {
    factorType: 'token:software:totp',
    prefix: 'uft',
    provider: 'GOOGLE',
    profile: (user) => ({ credentialId: String(user.profile.login) }),
  },
  sms: {
    factorType: 'sms',
    prefix: 'mbl',
    provider: 'OKTA',
    profile: (_user, rng) => ({ phoneNumber: phoneNumber(rng) }),
  },
  call: {
    factorType: 'call',
    prefix: 'clf',
    provider: 'OKTA',
    profile: (_user, rng) => ({ phoneNumber: phoneNumber(rng) }),
  },
  email: {
    factorType: 'email',
    prefix: 'emf',
    provider: 'OKTA',
    profile: (user) => ({ email: String(user.profile.email) }),
  },
  question: {
    factorType: 'question',
    prefix: 'ufs',
    provider: 'OKTA',
    profile: (_user, rng) => {
      const [question, questionText] = rng.pick(QUESTIONS);
      return { question, questionText };
    },
  },
  webauthn: {
    factorType: 'webauthn',
    prefix: 'fwf',
    provider: 'FIDO',
    profile: (_user, rng) => ({
      authenticatorName: rng.pick(AUTHENTICATORS),
      credentialId: rng.chars(
        64,
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
      ),
    }),
  },
};

/** How often each type is a user's first factor (percent), then the order others are added in. */
const FIRST_FACTOR: readonly [string, number][] = [
  ['push', 55],
  ['sms', 15],
  ['webauthn', 12],
  ['token:software:totp', 10],
  ['email', 8],
];
const MORE_FACTORS = [
  'sms',
  'email',
  'question',
  'webauthn',
  'token:software:totp',
  'call',
  'push',
];

function factorTypes(rng: Prng, count: number): string[] {
  let roll = rng.int(100);
  let first = 'push';
  for (const [type, share] of FIRST_FACTOR) {
    if (roll < share) {
      first = type;
      break;
    }
    roll -= share;
  }
  const rest = MORE_FACTORS.filter((t) => t !== first);
  const types = [first];
  while (types.length < count && rest.length > 0) {
    types.push(rest.splice(rng.int(rest.length), 1)[0] as string);
  }
  return types;
}

function seedFactors(org: Org, rng: Prng): void {
  for (const user of [...org.users.values()].sort(byId)) {
    if (user.factorsEnrolled <= 0) continue;
    const at = user.activated ?? user.created;
    const factors = new Map<string, FactorRecord>();
    for (const type of factorTypes(rng, user.factorsEnrolled)) {
      const kind = KINDS[type] as FactorKind;
      const factor: FactorRecord = {
        id: rng.id(kind.prefix),
        userId: user.id,
        factorType: kind.factorType,
        provider: kind.provider,
        vendorName: kind.provider,
        status: 'ACTIVE',
        created: at,
        lastUpdated: at,
        profile: kind.profile(user, rng),
      };
      factors.set(factor.id, factor);
    }
    org.userFactors.set(user.id, factors);
    user.factorsEnrolled = factors.size;
  }
}

/** The first admin other than the super admin who wrote an event of this type. */
function adminWho(org: Org, eventType: string, superAdminId: string): UserRecord | undefined {
  for (const { event } of org.log) {
    if (event.eventType !== eventType) continue;
    const actor = event.actor as { id?: string; type?: string } | undefined;
    if (actor?.type !== 'User' || actor.id === superAdminId || !actor.id) continue;
    const user = org.users.get(actor.id);
    if (user) return user;
  }
  return undefined;
}

function activeIn(org: Org, department: string, count: number, taken: Set<string>): UserRecord[] {
  return [...org.users.values()]
    .filter((u) => u.status === 'ACTIVE' && u.profile.department === department && !taken.has(u.id))
    .sort(byId)
    .slice(0, count);
}

function groupNamed(org: Org, name: string): GroupRecord | undefined {
  return [...org.groups.values()]
    .sort(byId)
    .find((g) => g.type === 'OKTA_GROUP' && g.profile.name === name);
}

function seedRoles(org: Org, rng: Prng, superAdminId: string): void {
  const taken = new Set<string>();
  const assign = (user: UserRecord | undefined, type: string) => {
    if (!user || taken.has(user.id)) return;
    taken.add(user.id);
    newRoleAssignment(
      org,
      rng.id('ra1'),
      type,
      { kind: 'USER', id: user.id },
      user.activated ?? user.created,
    );
  };
  assign(org.users.get(superAdminId), 'SUPER_ADMIN');
  assign(adminWho(org, 'user.account.reset_password', superAdminId), 'HELP_DESK_ADMIN');
  assign(adminWho(org, 'user.lifecycle.suspend', superAdminId), 'ORG_ADMIN');
  for (const user of activeIn(org, 'Customer Support', 2, taken)) assign(user, 'HELP_DESK_ADMIN');
  for (const user of activeIn(org, 'Finance', 2, taken)) assign(user, 'READ_ONLY_ADMIN');
  const admins = groupNamed(org, 'Okta Administrators');
  if (admins) {
    newRoleAssignment(
      org,
      rng.id('gra'),
      'READ_ONLY_ADMIN',
      { kind: 'GROUP', id: admins.id },
      admins.created,
    );
  }
}

function seedGroupRule(org: Org, rng: Prng): void {
  const contractors = groupNamed(org, 'Contractors');
  if (!contractors) return;
  const added = new Map<string, Set<string>>();
  for (const userId of [...contractors.members].sort()) {
    if (org.users.get(userId)?.profile.userType === 'Contractor') {
      added.set(userId, new Set([contractors.id]));
    }
  }
  const id = rng.id('0pr');
  org.groupRules.set(id, {
    id,
    name: 'Contractors by user type',
    status: 'ACTIVE',
    created: contractors.created,
    lastUpdated: contractors.created,
    expression: 'user.userType=="Contractor"',
    excludedUserIds: [],
    groupIds: [contractors.id],
    added,
  });
}

/** Add the access graph to a seeded org (any size; `empty` gets only the super admin's role). */
export function seedAccess(org: Org, superAdminId: string): void {
  const rng = new Prng(hash(`access:${org.everyoneGroupId}`));
  seedFactors(org, rng);
  seedRoles(org, rng, superAdminId);
  seedGroupRule(org, rng);
}
