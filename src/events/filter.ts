import type { LogEvent } from '../okta/index.ts';

/**
 * Okta's System Log `filter` language (shared/okta/API-NOTES.md §0.4), evaluated by the gateway
 * on live events, so that a subscriber gets exactly what the same filter asks Okta for when its
 * history is replayed: `attr op "value"` and `attr pr` on any LogEvent attribute (`eventType`,
 * `actor.id`, `target.id`, `outcome.result`, `client.geographicalContext.country`, …), joined
 * with `and` / `or`, negated with `not (…)`, grouped with parentheses. Operators and keywords are
 * case-insensitive, attribute names and values are not (Okta's `filter`, unlike `search`, does
 * not fold case). Precedence: comparisons, then parentheses, then `and`, then `or`.
 */

/** A filter Okta would refuse: the subscriber's mistake, reported before anything is streamed. */
export class LogFilterError extends Error {
  readonly code = 'LOG_FILTER_INVALID';
  override name = 'LogFilterError';
}

export type LogEventPredicate = (event: LogEvent) => boolean;

type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'pr';
type Literal = string | number | boolean | null;

type Expression =
  | { kind: 'compare'; attr: string; op: Exclude<Operator, 'pr'>; value: Literal }
  | { kind: 'present'; attr: string }
  | { kind: 'and' | 'or'; operands: Expression[] }
  | { kind: 'not'; operand: Expression };

const OPERATORS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'pr']);

/**
 * What Okta's System Log reference refuses, in one place so it is easy to correct: `published`
 * cannot be filtered on (it would fight the since/until window), and `co` is refused on the two
 * URL attributes of the debug context.
 */
const NOT_FILTERABLE = new Set(['published']);
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);

/** A filter longer than this is refused: it is evaluated on every live event. */
export const MAX_FILTER_LENGTH = 4_000;
const MAX_DEPTH = 32;
const MAX_ECHO = 40;

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type Token =
  | { kind: '(' | ')'; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'word'; text: string; at: number };

const echo = (text: string) => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, at: i++ });
    } else if (c === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) throw new LogFilterError(`unterminated string at position ${start}`);
      i++;
      // Okta's string literals are JSON strings: JSON decides the escapes.
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, i));
      } catch {
        throw new LogFilterError(
          `invalid string ${echo(text.slice(start, i))} at position ${start}`,
        );
      }
      tokens.push({ kind: 'string', value: value as string, at: start });
    } else {
      const start = i;
      while (i < text.length && !/[\s()"]/.test(text[i] as string)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), at: start });
    }
  }
  return tokens;
}

/**
 *   expression  := conjunction ( "or" conjunction )*
 *   conjunction := factor ( "and" factor )*
 *   factor      := "not" "(" expression ")" | "(" expression ")" | attribute "pr"
 *                | attribute operator literal
 *   literal     := string | number | true | false | null
 */
class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    if (this.tokens.length === 0) throw new LogFilterError('the filter is empty');
    const expression = this.expression();
    const extra = this.tokens[this.index];
    if (extra) throw this.unexpected(extra);
    return expression;
  }

  private expression(): Expression {
    const operands = [this.conjunction()];
    while (this.keyword('or')) operands.push(this.conjunction());
    return operands.length === 1 ? (operands[0] as Expression) : { kind: 'or', operands };
  }

  private conjunction(): Expression {
    const operands = [this.factor()];
    while (this.keyword('and')) operands.push(this.factor());
    return operands.length === 1 ? (operands[0] as Expression) : { kind: 'and', operands };
  }

  private factor(): Expression {
    const token = this.next('an attribute or "("');
    if (token.kind === '(') return this.group();
    if (token.kind !== 'word') throw this.unexpected(token);
    if (token.text.toLowerCase() === 'not') {
      const open = this.next('"(" after not');
      if (open.kind !== '(') throw this.unexpected(open);
      return { kind: 'not', operand: this.group() };
    }
    return this.comparison(token);
  }

  private group(): Expression {
    if (++this.depth > MAX_DEPTH) {
      throw new LogFilterError(`the filter nests deeper than ${MAX_DEPTH} levels`);
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
    if (NOT_FILTERABLE.has(attr)) {
      throw new LogFilterError(`${attr} cannot be filtered on; use since instead`);
    }
    if (op === 'co' && NO_CONTAINS.has(attr)) {
      throw new LogFilterError(`the co operator is not supported on ${attr}`);
    }
    if (op === 'pr') return { kind: 'present', attr };
    const value = this.literal(this.next('a value'));
    const fits =
      value === null || typeof value === 'boolean'
        ? op === 'eq' || op === 'ne'
        : typeof value === 'number'
          ? op !== 'sw' && op !== 'co'
          : true;
    if (!fits) throw new LogFilterError(`${op} cannot compare with ${echo(String(value))}`);
    return { kind: 'compare', attr, op, value };
  }

  private literal(token: Token): Literal {
    if (token.kind === 'string') return token.value;
    if (token.kind !== 'word') throw this.unexpected(token);
    if (token.text === 'true') return true;
    if (token.text === 'false') return false;
    if (token.text === 'null') return null;
    if (NUMBER.test(token.text)) return Number(token.text);
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
    if (!token) throw new LogFilterError(`expected ${expected} at the end of the filter`);
    return token;
  }

  private unexpected(token: Token): LogFilterError {
    const shown = token.kind === 'word' ? token.text : token.kind === 'string' ? '"…"' : token.kind;
    return new LogFilterError(`unexpected ${echo(shown)} at position ${token.at}`);
  }
}

function isKeyword(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'and' || lower === 'or' || lower === 'not' || OPERATORS.has(lower);
}

// ── Evaluation ────────────────────────────────────────────────────────────────────────────────

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch when `text` is an ISO-8601 date (UTC unless zoned); else NaN. */
function instant(text: string): number {
  const match = ISO_DATE.exec(text);
  if (!match) return Number.NaN;
  return Date.parse(text.includes('T') && match[1] === undefined ? `${text}Z` : text);
}

function ordered(op: 'gt' | 'ge' | 'lt' | 'le', cmp: number): boolean {
  if (op === 'gt') return cmp > 0;
  if (op === 'ge') return cmp >= 0;
  if (op === 'lt') return cmp < 0;
  return cmp <= 0;
}

/** One value against one literal; an absent value matches only `ne`. */
function compareScalar(actual: unknown, op: Exclude<Operator, 'pr'>, expected: Literal): boolean {
  if (op === 'ne') return !compareScalar(actual, 'eq', expected);
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || op === 'sw' || op === 'co') return false;
    return op === 'eq' ? actual === expected : ordered(op, actual - expected);
  }
  if (typeof actual !== 'string') return false;
  if (op === 'sw') return actual.startsWith(expected);
  if (op === 'co') return actual.includes(expected);
  // Dates compare as instants, so `2024-05-01T12:00:00Z` equals `2024-05-01T12:00:00.000Z`.
  const a = instant(actual);
  const b = instant(expected);
  if (!Number.isNaN(a) && !Number.isNaN(b)) return op === 'eq' ? a === b : ordered(op, a - b);
  if (op === 'eq') return actual === expected;
  return ordered(op, actual < expected ? -1 : actual > expected ? 1 : 0);
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return Array.isArray(value) ? value.some(isPresent) : true;
}

/**
 * A dotted path's value in an event. Through arrays it collects every element's value, so
 * `target.id` is the list of the event's target ids.
 */
function attributeOf(record: unknown, path: string): unknown {
  let current: unknown = record;
  for (const key of path.split('.')) {
    current = step(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    const found = value.flatMap((element) => {
      const next = step(element, key);
      return next === undefined ? [] : Array.isArray(next) ? next : [next];
    });
    return found.length > 0 ? found : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

type Resolve = (attr: string) => unknown;

function compile(expression: Expression): (resolve: Resolve) => boolean {
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
        // any of its values does; an empty list is an absent value.
        if (Array.isArray(actual) && actual.length > 0) {
          return actual.some((element) => compareScalar(element, op, value));
        }
        return compareScalar(Array.isArray(actual) ? undefined : actual, op, value);
      };
    }
    case 'and': {
      const operands = expression.operands.map(compile);
      return (resolve) => operands.every((p) => p(resolve));
    }
    case 'or': {
      const operands = expression.operands.map(compile);
      return (resolve) => operands.some((p) => p(resolve));
    }
    case 'not': {
      const operand = compile(expression.operand);
      return (resolve) => !operand(resolve);
    }
  }
}

/**
 * Compile a System Log filter once, then test many events. Throws a `LogFilterError` saying
 * what is wrong for anything Okta would refuse.
 */
export function compileLogFilter(text: string): LogEventPredicate {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new LogFilterError(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const predicate = compile(new Parser(tokenize(text)).parse());
  return (event) => predicate((attr) => attributeOf(event, attr));
}
