import { type OktaSimError, oktaErrors } from './errors.ts';

/**
 * Okta's `filter` / `search` expression language (shared/okta/API-NOTES.md §0.4): SCIM-style
 * comparisons `attr op "value"` and `attr pr`, joined by `and` / `or` (and `not (…)` where the
 * endpoint allows it), grouped with parentheses. A tokenizer and a recursive-descent parser turn
 * the text into an expression tree; each endpoint's dialect says which attributes and operators
 * it accepts and whether string values compare case-insensitively.
 */

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'pr';

export interface Dialect {
  /** The operators this endpoint accepts on an attribute; null when it cannot query it at all. */
  operatorsFor(attr: string): readonly Operator[] | null;
  /** `search` on users and groups folds case on string values; `filter` does not. */
  valuesCaseInsensitive: boolean;
  /** Only the System Log filter accepts `not (…)`. */
  allowNot: boolean;
  error(detail: string): OktaSimError;
}

/** An attribute's value for one record; undefined when absent. Arrays match when any element does. */
export type Resolve = (attr: string) => unknown;
export type Predicate = (resolve: Resolve) => boolean;

export type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'compare'; attr: string; op: Exclude<Operator, 'pr'>; value: Literal }
  | { kind: 'present'; attr: string }
  | { kind: 'and' | 'or'; operands: Expression[] }
  | { kind: 'not'; operand: Expression };

const OPERATORS: ReadonlySet<string> = new Set<Operator>([
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'sw',
  'co',
  'pr',
]);

/**
 * How Okta answers an expression it cannot run [obs]: 400 E0000031 "Invalid search criteria."
 * for `search` (okta-powershell-cli#48: groups, cause "Invalid search syntax."; okta-sdk-dotnet#323:
 * users) AND for `filter` (okta-sdk-java#587: apps `filter=user.id eq <unquoted>`;
 * okta-sdk-dotnet#484: unsupported filter on app users; airbytehq/airbyte#7054: groups
 * `filter=lastUpdated gt <unquoted date>` also came back as E0000031). API-NOTES §0.4 guessed
 * E0000001 for `filter`; these reports of real answers say otherwise. Change it here if a real org
 * disagrees.
 */
const EXPRESSION_ERROR = {
  search: (detail: string) => oktaErrors.invalidSearch(detail),
  filter: (detail: string) => oktaErrors.invalidSearch(detail),
} as const;

// Nesting deeper than this is refused rather than risking the parser's stack.
const MAX_DEPTH = 64;
// Error causes quote the offending text, but never more than this many characters of it.
const MAX_ECHO = 40;

const EQ: readonly Operator[] = ['eq'];
const EQ_AND_ORDER: readonly Operator[] = ['eq', 'gt', 'ge', 'lt', 'le'];
const SEARCH_OPS: readonly Operator[] = ['eq', 'sw', 'gt', 'ge', 'lt', 'le', 'pr'];
const SEARCH_OPS_WITH_CO: readonly Operator[] = [...SEARCH_OPS, 'co'];
const ALL_OPS: readonly Operator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'pr'];

function fromTable(table: Record<string, readonly Operator[]>) {
  const fields = new Map(Object.entries(table));
  return (attr: string) => fields.get(attr) ?? null;
}

/** `GET /api/v1/users?filter=`: a fixed list of properties, `eq` (and ordering on lastUpdated). */
export const USER_FILTER: Dialect = {
  operatorsFor: fromTable({
    status: EQ,
    lastUpdated: EQ_AND_ORDER,
    id: EQ,
    'profile.login': EQ,
    'profile.email': EQ,
    'profile.firstName': EQ,
    'profile.lastName': EQ,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

const USER_SEARCH_TOP = new Set([
  'id',
  'status',
  'created',
  'activated',
  'statusChanged',
  'lastUpdated',
  'type.id',
]);
const USER_SEARCH_CO = new Set([
  'profile.firstName',
  'profile.lastName',
  'profile.email',
  'profile.login',
]);

/**
 * `GET /api/v1/users?search=`: any profile attribute and the top-level dates, status, id and
 * type.id; no `ne` (Okta suggests `lt … or … gt`); `co` only on four profile attributes.
 */
export const USER_SEARCH: Dialect = {
  operatorsFor(attr) {
    if (USER_SEARCH_CO.has(attr)) return SEARCH_OPS_WITH_CO;
    if (USER_SEARCH_TOP.has(attr) || isProfileAttribute(attr)) return SEARCH_OPS;
    return null;
  },
  valuesCaseInsensitive: true,
  allowNot: false,
  error: EXPRESSION_ERROR.search,
};

/** `GET /api/v1/groups?filter=`: id and type by `eq`, the two dates by `eq` or ordering. */
export const GROUP_FILTER: Dialect = {
  operatorsFor: fromTable({
    id: EQ,
    type: EQ,
    lastUpdated: EQ_AND_ORDER,
    lastMembershipUpdated: EQ_AND_ORDER,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

const GROUP_SEARCH_TOP = new Set([
  'id',
  'created',
  'lastMembershipUpdated',
  'lastUpdated',
  'type',
  'source.id',
]);
const GROUP_SEARCH_CO = new Set(['profile.name', 'profile.description']);

/** `GET /api/v1/groups?search=`: any profile attribute and the top-level properties; `co` only on name and description. */
export const GROUP_SEARCH: Dialect = {
  operatorsFor(attr) {
    if (GROUP_SEARCH_CO.has(attr)) return SEARCH_OPS_WITH_CO;
    if (GROUP_SEARCH_TOP.has(attr) || isProfileAttribute(attr)) return SEARCH_OPS;
    return null;
  },
  // The spec states case-insensitive values for user search only; group search answers the same
  // way in practice [obs], since both run on the same search index.
  valuesCaseInsensitive: true,
  allowNot: false,
  error: EXPRESSION_ERROR.search,
};

/**
 * `GET /api/v1/apps?filter=`: the spec's five properties plus `user.id` and `group.id`, which
 * Okta has long accepted (the spec's `expand=user/{userId}` needs them). `eq` only.
 */
export const APP_FILTER: Dialect = {
  operatorsFor: fromTable({
    id: EQ,
    status: EQ,
    name: EQ,
    'user.id': EQ,
    'group.id': EQ,
    'credentials.signing.kid': EQ,
    'settings.slo.enabled': EQ,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

// Okta's System Log reference: `co` on these two answers 400, and `published` cannot be filtered
// on because it would fight the since/until/after window.
const LOG_NO_CO = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);
const LOG_NOT_FILTERABLE = new Set(['published']);
const ALL_OPS_BUT_CO = ALL_OPS.filter((op) => op !== 'co');

/** `GET /api/v1/logs?filter=`: any LogEvent attribute, every operator, and `not`. */
export const LOG_FILTER: Dialect = {
  operatorsFor(attr) {
    if (LOG_NOT_FILTERABLE.has(attr)) return null;
    return LOG_NO_CO.has(attr) ? ALL_OPS_BUT_CO : ALL_OPS;
  },
  valuesCaseInsensitive: false,
  allowNot: true,
  error: EXPRESSION_ERROR.filter,
};

function isProfileAttribute(attr: string): boolean {
  return attr.startsWith('profile.') && attr.length > 'profile.'.length;
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: '(' | ')'; at: number }
  | { kind: 'string'; value: string; at: number }
  // Any other run of characters: a keyword, operator, attribute path or bare literal.
  | { kind: 'word'; text: string; at: number };

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const WHITESPACE = /\s/;

function echo(text: string): string {
  return text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text;
}

function tokenize(text: string, dialect: Dialect): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, at: i });
      i++;
    } else if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) {
        throw dialect.error(`Invalid search syntax: unterminated string at position ${start}`);
      }
      i++;
      // Okta: "String literals must be valid JSON strings", so JSON decides the escapes.
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, i));
      } catch {
        throw dialect.error(
          `Invalid search syntax: invalid string ${echo(text.slice(start, i))} at position ${start}`,
        );
      }
      tokens.push({ kind: 'string', value: value as string, at: start });
    } else {
      const start = i;
      while (i < text.length && !/[\s()"]/.test(text[i]!)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), at: start });
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser
//
//   expression := conjunction ( "or" conjunction )*
//   conjunction := factor ( "and" factor )*
//   factor := "not" "(" expression ")"          -- only where the dialect allows `not`
//           | "(" expression ")"
//           | attribute "pr"
//           | attribute operator literal
//   literal := string | number | true | false | null

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly dialect: Dialect,
  ) {}

  parse(): Expression {
    if (this.tokens.length === 0)
      throw this.dialect.error('Invalid search syntax: empty expression');
    const expression = this.expression();
    const extra = this.tokens[this.index];
    if (extra) throw this.unexpected(extra);
    return expression;
  }

  private expression(): Expression {
    const operands = [this.conjunction()];
    while (this.keyword('or')) operands.push(this.conjunction());
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
  }

  private conjunction(): Expression {
    const operands = [this.factor()];
    while (this.keyword('and')) operands.push(this.factor());
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
  }

  private factor(): Expression {
    const token = this.next('an attribute or "("');
    if (token.kind === '(') return this.group();
    if (token.kind !== 'word') throw this.unexpected(token);
    const word = token.text.toLowerCase();
    if (word === 'not') {
      if (!this.dialect.allowNot) {
        throw this.dialect.error('Invalid search syntax: the not operator is not supported');
      }
      const open = this.next('"(" after not');
      if (open.kind !== '(') throw this.unexpected(open);
      return { kind: 'not', operand: this.group() };
    }
    return this.comparison(token);
  }

  /** After "(": an expression and its ")". */
  private group(): Expression {
    if (++this.depth > MAX_DEPTH) {
      throw this.dialect.error(`Invalid search syntax: nested deeper than ${MAX_DEPTH} levels`);
    }
    const inner = this.expression();
    const close = this.next('")"');
    if (close.kind !== ')') throw this.unexpected(close);
    this.depth--;
    return inner;
  }

  private comparison(attrToken: Token & { kind: 'word' }): Expression {
    const attr = attrToken.text;
    if (!ATTRIBUTE.test(attr) || isKeyword(attr)) throw this.unexpected(attrToken);
    const opToken = this.next('an operator');
    if (opToken.kind !== 'word' || !OPERATORS.has(opToken.text.toLowerCase())) {
      throw this.unexpected(opToken);
    }
    const op = opToken.text.toLowerCase() as Operator;
    const allowed = this.dialect.operatorsFor(attr);
    if (allowed === null) throw this.dialect.error(`Unsupported attribute: ${echo(attr)}`);
    if (!allowed.includes(op)) {
      throw this.dialect.error(`Unsupported operator ${op} on attribute ${echo(attr)}`);
    }
    if (op === 'pr') return { kind: 'present', attr };
    const valueToken = this.next('a value');
    const value = this.literal(valueToken);
    const fits =
      value === null || typeof value === 'boolean'
        ? op === 'eq' || op === 'ne'
        : typeof value === 'number'
          ? op !== 'sw' && op !== 'co'
          : true;
    if (!fits) {
      throw this.dialect.error(
        `Invalid search syntax: ${op} cannot compare with ${echo(String(value))}`,
      );
    }
    return { kind: 'compare', attr, op, value };
  }

  private literal(token: Token): Literal {
    if (token.kind === 'string') return token.value;
    if (token.kind !== 'word') throw this.unexpected(token);
    const word = token.text;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (NUMBER.test(word)) return Number(word);
    // Most often an unquoted string or date, which Okta refuses too.
    throw this.unexpected(token);
  }

  private keyword(name: 'and' | 'or'): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === 'word' && token.text.toLowerCase() === name) {
      this.index++;
      return true;
    }
    return false;
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index++];
    if (!token) throw this.dialect.error(`Invalid search syntax: expected ${expected} at the end`);
    return token;
  }

  private unexpected(token: Token): OktaSimError {
    const shown = token.kind === 'word' ? token.text : token.kind === 'string' ? '"…"' : token.kind;
    return this.dialect.error(
      `Invalid search syntax: unexpected ${echo(shown)} at position ${token.at}`,
    );
  }
}

function isKeyword(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'and' || lower === 'or' || lower === 'not' || OPERATORS.has(lower);
}

/** Parse an expression into its tree; throws `dialect.error(…)` for anything Okta would refuse. */
export function parseExpression(text: string, dialect: Dialect): Expression {
  return new Parser(tokenize(text, dialect), dialect).parse();
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch when `text` is an ISO-8601 date or date-time; otherwise NaN. */
function instant(text: string): number {
  const match = ISO_DATE.exec(text);
  if (!match) return Number.NaN;
  // A date-time without a zone is UTC to Okta; Date.parse would read it as local time.
  const hasTime = text.includes('T');
  return Date.parse(hasTime && match[1] === undefined ? `${text}Z` : text);
}

function order(op: 'gt' | 'ge' | 'lt' | 'le', cmp: number): boolean {
  switch (op) {
    case 'gt':
      return cmp > 0;
    case 'ge':
      return cmp >= 0;
    case 'lt':
      return cmp < 0;
    case 'le':
      return cmp <= 0;
  }
}

/** One scalar against one literal. An absent value matches only `ne`. */
function compareScalar(
  actual: unknown,
  op: Exclude<Operator, 'pr'>,
  expected: Literal,
  foldCase: boolean,
): boolean {
  if (op === 'ne') return !compareScalar(actual, 'eq', expected, foldCase);
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || op === 'sw' || op === 'co') return false;
    return op === 'eq' ? actual === expected : order(op, actual - expected);
  }
  if (typeof actual !== 'string') return false;
  if (op !== 'sw' && op !== 'co') {
    const a = instant(actual);
    const b = instant(expected);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return op === 'eq' ? a === b : order(op, a - b);
  }
  const a = foldCase ? actual.toLowerCase() : actual;
  const b = foldCase ? expected.toLowerCase() : expected;
  switch (op) {
    case 'eq':
      return a === b;
    case 'sw':
      return a.startsWith(b);
    case 'co':
      return a.includes(b);
    default:
      return order(op, a < b ? -1 : a > b ? 1 : 0);
  }
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  return true;
}

function compile(expression: Expression, foldCase: boolean): Predicate {
  switch (expression.kind) {
    case 'present': {
      const { attr } = expression;
      return (resolve) => isPresent(resolve(attr));
    }
    case 'compare': {
      const { attr, op, value } = expression;
      return (resolve) => {
        const actual = resolve(attr);
        // SCIM (RFC 7644 §3.4.2.2), which Okta follows: a multi-valued attribute matches when
        // any of its values does. An empty array is an absent value.
        if (Array.isArray(actual) && actual.length > 0) {
          return actual.some((element) => compareScalar(element, op, value, foldCase));
        }
        return compareScalar(Array.isArray(actual) ? undefined : actual, op, value, foldCase);
      };
    }
    case 'and': {
      const operands = expression.operands.map((e) => compile(e, foldCase));
      return (resolve) => operands.every((p) => p(resolve));
    }
    case 'or': {
      const operands = expression.operands.map((e) => compile(e, foldCase));
      return (resolve) => operands.some((p) => p(resolve));
    }
    case 'not': {
      const operand = compile(expression.operand, foldCase);
      return (resolve) => !operand(resolve);
    }
  }
}

/**
 * The ids of an expression made only of `id eq "…"` terms joined by `or` (in any grouping): the
 * idiom every batching client uses to read many users or groups in one search. Null for any other
 * expression. The ids come back as written, repeats included; throws `dialect.error(…)` when the
 * text is invalid, as compileExpression does.
 */
export function idsOfIdDisjunction(
  text: string,
  dialect: Dialect,
  attributes: readonly string[] = ['id'],
): string[] | null {
  const ids: string[] = [];
  const collect = (expression: Expression): boolean => {
    if (expression.kind === 'or') return expression.operands.every(collect);
    if (
      expression.kind !== 'compare' ||
      !attributes.includes(expression.attr) ||
      expression.op !== 'eq'
    ) {
      return false;
    }
    if (typeof expression.value !== 'string') return false;
    ids.push(expression.value);
    return true;
  };
  return collect(parseExpression(text, dialect)) ? ids : null;
}

/** Compile an expression once, then test many records; throws `dialect.error(…)` when invalid. */
export function compileExpression(text: string, dialect: Dialect): Predicate {
  return compile(parseExpression(text, dialect), dialect.valuesCaseInsensitive);
}

/**
 * A dotted path's value in a JSON record. Through arrays it collects every element's value, so
 * `target.id` of a LogEvent is the list of its targets' ids.
 */
export function attributeOf(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    current = step(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const found: unknown[] = [];
    for (const element of value) {
      const next = step(element, key);
      if (Array.isArray(next)) found.push(...next);
      else if (next !== undefined) found.push(next);
    }
    return found.length > 0 ? found : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
