import { OktaInvalidIdError } from './errors.ts';

/**
 * Building Okta `search` and `filter` expressions (docs/okta-behaviour.md §0.4) and the path
 * segments that name Okta objects, so that no value the gateway places there can change what is
 * asked: string values are quoted with `"` and `\` escaped (the SCIM/JSON string rules Okta's
 * filter language follows), attribute names and ids are checked, and anything else is refused
 * with an `OktaInvalidIdError` before a request is made.
 */

/** Okta object ids: 20 base62 characters (`00u…` users, `00g…` groups, `0oa…` apps, `who…` hooks). */
const OKTA_ID = /^[A-Za-z0-9]{20}$/;

/** Attribute paths such as `id`, `profile.login`, `type.id`, `profile.costCenter`. */
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Control characters have no escape that Okta documents: refuse them rather than guess. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isOktaId(value: unknown): boolean {
  return typeof value === 'string' && OKTA_ID.test(value);
}

/** The id itself, if it is one; otherwise an `OktaInvalidIdError` naming what it should be. */
export function requireOktaId(kind: string, value: string): string {
  if (!isOktaId(value)) throw new OktaInvalidIdError(kind, String(value));
  return value;
}

/**
 * A path segment for `GET /api/v1/users/{idOrLogin}`: an id as it is, or a login (or its short
 * name) URL-encoded. Okta cannot address logins containing `/` or `?` (only by id), answers 400
 * for `\`, `[` and `]`, and `.`/`..` would climb out of the path, so those are refused.
 */
export function userIdOrLoginSegment(value: string): string {
  if (isOktaId(value)) return value;
  if (
    value.length === 0 ||
    value.length > 100 ||
    value === '.' ||
    value === '..' ||
    /[/?\\[\]]/.test(value) ||
    CONTROL.test(value)
  ) {
    throw new OktaInvalidIdError('user id or login', String(value));
  }
  return encodeURIComponent(value);
}

/**
 * A login as a path segment for `GET /api/v1/users/{login}`: `name@domain`, as Okta's default
 * user schema requires. Short names are refused, and with them `me`, which Okta reads as the
 * API token's own admin (the gateway's principal, not a caller's to reach).
 */
export function loginSegment(value: string): string {
  const at = value.indexOf('@');
  if (at < 1 || at === value.length - 1 || value.indexOf('@', at + 1) !== -1 || /\s/.test(value)) {
    throw new OktaInvalidIdError('login', '', 'name@domain');
  }
  try {
    return userIdOrLoginSegment(value);
  } catch {
    throw new OktaInvalidIdError('login', '', 'name@domain');
  }
}

/**
 * `value` as an expression string literal: `"` … `"` with every `\` and `"` escaped, so that
 * `x" or id pr or id eq "y` stays one value.
 */
export function quote(value: string): string {
  if (CONTROL.test(value)) throw new OktaInvalidIdError('search value', value);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export type ExpressionValue = string | number | boolean | Date;

/** Strings and dates are quoted; booleans and finite numbers are bare. */
export function literal(value: ExpressionValue): string {
  if (typeof value === 'string') return quote(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new OktaInvalidIdError('search value', 'Invalid Date');
    return quote(value.toISOString());
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new OktaInvalidIdError('search value', String(value));
}

/** The attribute path as it is, if it is one. */
export function attribute(path: string): string {
  if (!ATTRIBUTE.test(path)) {
    throw new OktaInvalidIdError('attribute', String(path));
  }
  return path;
}

const compare = (op: string) => (path: string, value: ExpressionValue) =>
  `${attribute(path)} ${op} ${literal(value)}`;

export const eq = compare('eq');
/** Not supported by user `search`; fine in System Log filters. */
export const ne = compare('ne');
export const gt = compare('gt');
export const ge = compare('ge');
export const lt = compare('lt');
export const le = compare('le');
/** Starts with. */
export const sw = compare('sw');
/** Contains (user search: only firstName, lastName, email, login). */
export const co = compare('co');
/** Present: the attribute has a value. */
export const pr = (path: string) => `${attribute(path)} pr`;

/**
 * Whether an expression holds `and`, `or` or `not` outside quotes and parentheses: such an
 * operand needs parentheses when it is combined.
 */
function isCompound(expression: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /^\s(and|or)\s/i.test(expression.slice(i, i + 5))) return true;
  }
  return /^not[\s(]/i.test(expression.trim());
}

function combine(joiner: 'and' | 'or', operands: string[]): string {
  const parts = operands.filter((e) => e.trim() !== '');
  if (parts.length === 0) throw new OktaInvalidIdError('expression', `empty ${joiner}`);
  if (parts.length === 1) return parts[0] as string;
  return parts.map((e) => (isCompound(e) ? `(${e})` : e)).join(` ${joiner} `);
}

export const and = (...operands: string[]) => combine('and', operands);
export const or = (...operands: string[]) => combine('or', operands);

/** `id eq "…" or id eq "…"`: Okta's one-call lookup of many users or groups. */
export function idIn(kind: string, ids: readonly string[]): string {
  return or(...ids.map((id) => eq('id', requireOktaId(kind, id))));
}

export interface IdBatchOptions {
  /**
   * Characters of the URL around the `search` value: origin, path and other parameters.
   * Default 300 leaves room for an org URL of up to ~250 characters.
   */
  urlOverhead?: number;
  /** The longest URL to send. Default 3,500: well inside what proxies and Okta accept. */
  maxUrlLength?: number;
  /** At most this many ids per batch. Default 100. */
  maxIds?: number;
}

export interface IdBatch {
  ids: string[];
  search: string;
}

/**
 * Split ids into `search` expressions whose URL-encoded length keeps the whole URL under
 * `maxUrlLength`. Ids are deduplicated; ids that are not Okta ids are left out (no Okta object
 * has such an id, so the caller reports them missing, as it does any id not found).
 */
export function idBatches(
  kind: string,
  ids: Iterable<string>,
  options: IdBatchOptions = {},
): IdBatch[] {
  const budget = (options.maxUrlLength ?? 3500) - (options.urlOverhead ?? 300);
  const maxIds = options.maxIds ?? 100;
  const separator = encodeURIComponent(' or ').length;
  const batches: IdBatch[] = [];
  let current: string[] = [];
  let length = 0;
  for (const id of new Set(ids)) {
    if (!isOktaId(id)) continue;
    const clauseLength = encodeURIComponent(eq('id', id)).length;
    const added = current.length === 0 ? clauseLength : separator + clauseLength;
    if (current.length > 0 && (current.length >= maxIds || length + added > budget)) {
      batches.push({ ids: current, search: idIn(kind, current) });
      current = [];
      length = 0;
    }
    length += current.length === 0 ? clauseLength : separator + clauseLength;
    current.push(id);
  }
  if (current.length > 0) batches.push({ ids: current, search: idIn(kind, current) });
  return batches;
}
