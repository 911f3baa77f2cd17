import type { Expression, Literal, Operator } from './syntax.ts';

/** An attribute's value for one record; undefined when absent. Arrays match when any element does. */
export type Resolve = (attr: string) => unknown;
export type Predicate = (resolve: Resolve) => boolean;

export interface EvaluateOptions {
  /** Compare string values case-insensitively: Okta's `search` does, its `filter` does not. */
  foldCase: boolean;
}

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
  // Dates compare as instants, so `2024-05-01T12:00:00Z` equals `2024-05-01T12:00:00.000Z`.
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

/** Compile a parsed expression once, then test many records. */
export function compileFilter(expression: Expression, options: EvaluateOptions): Predicate {
  const { foldCase } = options;
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
      const operands = expression.operands.map((e) => compileFilter(e, options));
      return (resolve) => operands.every((p) => p(resolve));
    }
    case 'or': {
      const operands = expression.operands.map((e) => compileFilter(e, options));
      return (resolve) => operands.some((p) => p(resolve));
    }
    case 'not': {
      const operand = compileFilter(expression.operand, options);
      return (resolve) => !operand(resolve);
    }
  }
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
