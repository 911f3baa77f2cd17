/** Okta id prefixes and the GraphQL types they name (Okta mints ids as prefix + base62). */
const PREFIXES: Record<string, string> = {
  '00u': 'User',
  '00g': 'Group',
  '0oa': 'Application',
  who: 'EventHook',
  '0pr': 'GroupRule',
};

const OKTA_ID = /^[A-Za-z0-9]{20}$/;

/** The GraphQL type an Okta id belongs to; '' when the id is not one the graph serves. */
export function nodeTypeOf(id: string): string {
  if (!OKTA_ID.test(id)) return '';
  return PREFIXES[id.slice(0, 3)] ?? '';
}

// ── Ids for pairs ────────────────────────────────────────────────────────────────────────────
// Okta names an app's assignment of a user or a group by the pair (app id, member id) and gives
// it no id of its own; a user's access path to an app (how the user reaches it) is a pair too.
// Normalised client caches (Apollo's InMemoryCache and urql's Graphcache key on type + id,
// Relay's store on id alone) need one, unique across the graph: the member's id would merge a
// user's assignments to different apps, and Relay would merge them with the user. So the graph
// mints one: `Type:appId:memberId` in base64url, opaque as Relay's global ids are.

/** The pair types, and the type their second id must name. */
export const PAIR_TYPES = {
  ApplicationUser: 'User',
  ApplicationGroup: 'Group',
  AccessPath: 'User',
} as const;

export type PairType = keyof typeof PAIR_TYPES;

/** A pair as the graph's nodes resolve it: the app and the user or group assigned to it. */
export interface AssignmentPair {
  applicationId: string;
  memberId: string;
}

const isPairType = (typename: string): typename is PairType => Object.hasOwn(PAIR_TYPES, typename);

/** The id the graph gives the assignment of `memberId` to `applicationId`. */
export function pairId(typename: PairType, { applicationId, memberId }: AssignmentPair): string {
  return Buffer.from(`${typename}:${applicationId}:${memberId}`).toString('base64url');
}

/**
 * The type and pair a pair id names, or null for any other string. Only the canonical encoding
 * of a well-formed pair decodes, so each assignment has exactly one id.
 */
export function parsePairId(id: string): { typename: PairType; pair: AssignmentPair } | null {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString();
  const [typename = '', applicationId = '', memberId = '', ...rest] = decoded.split(':');
  if (rest.length || !isPairType(typename)) return null;
  if (nodeTypeOf(applicationId) !== 'Application') return null;
  if (nodeTypeOf(memberId) !== PAIR_TYPES[typename]) return null;
  const pair = { applicationId, memberId };
  return pairId(typename, pair) === id ? { typename, pair } : null;
}

/**
 * The pair a node id of the given type names, for `node(id)` (the builder decodes only
 * well-formed pair ids).
 */
export function pairOf(typename: PairType, id: string): AssignmentPair {
  const parsed = parsePairId(id);
  if (parsed?.typename !== typename) throw new TypeError(`Not a ${typename} id: ${id}`);
  return parsed.pair;
}
