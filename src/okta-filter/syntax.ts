/**
 * Okta's `filter` / `search` expression language: SCIM-style comparisons `attr op "value"` and
 * `attr pr`, joined by `and` / `or`, negated with `not (…)` where the endpoint allows it, grouped
 * with parentheses. Operators and keywords are case-insensitive; attribute names and values are
 * not. A tokenizer and a recursive-descent parser turn the text into an expression tree.
 *
 * What differs between endpoints (the attributes and operators each accepts, `not`, how deep a
 * caller lets expressions nest) comes in as `ParseOptions`; how a refusal is worded is the
 * caller's too: the parser throws a `FilterSyntaxError` whose `problem` says what is wrong.
 */

export type Operator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'pr';
export type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'compare'; attr: string; op: Exclude<Operator, 'pr'>; value: Literal }
  | { kind: 'present'; attr: string }
  | { kind: 'and' | 'or'; operands: Expression[] }
  | { kind: 'not'; operand: Expression };

export const OPERATORS: readonly Operator[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'sw',
  'co',
  'pr',
];
const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

export interface ParseOptions {
  /** The operators accepted on an attribute; null when the attribute cannot be queried at all. */
  operatorsFor(attr: string): readonly Operator[] | null;
  /** Whether `not (…)` is accepted (Okta: only the System Log filter). */
  allowNot: boolean;
  /** Nesting deeper than this is refused rather than risking the parser's stack. */
  maxDepth: number;
}

/** What is wrong with an expression; positions count characters from 0. */
export type FilterProblem =
  | { kind: 'empty' }
  | { kind: 'unterminated-string'; at: number }
  | { kind: 'invalid-string'; text: string; at: number }
  /** A token where it cannot stand; `token` is its text (`"…"` for a string, `(` or `)`). */
  | { kind: 'unexpected'; token: string; at: number }
  /** The text ended where `expected` was due. */
  | { kind: 'incomplete'; expected: string }
  | { kind: 'too-deep'; maxDepth: number }
  | { kind: 'not-unsupported' }
  | { kind: 'unsupported-attribute'; attr: string }
  | { kind: 'unsupported-operator'; attr: string; op: Operator }
  /** The literal's type does not go with the operator (`sw 5`, `gt true`). */
  | { kind: 'value-mismatch'; op: Operator; value: Literal };

// Messages quote the offending text, but never more than this many characters of it.
const MAX_EXCERPT = 40;

/** At most the first 40 characters of `text`, with `…` when cut: how messages quote input. */
export function excerpt(text: string): string {
  return text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}…` : text;
}

function describe(problem: FilterProblem): string {
  switch (problem.kind) {
    case 'empty':
      return 'empty expression';
    case 'unterminated-string':
      return `unterminated string at position ${problem.at}`;
    case 'invalid-string':
      return `invalid string ${excerpt(problem.text)} at position ${problem.at}`;
    case 'unexpected':
      return `unexpected ${excerpt(problem.token)} at position ${problem.at}`;
    case 'incomplete':
      return `expected ${problem.expected} at the end`;
    case 'too-deep':
      return `nested deeper than ${problem.maxDepth} levels`;
    case 'not-unsupported':
      return 'the not operator is not supported';
    case 'unsupported-attribute':
      return `unsupported attribute ${excerpt(problem.attr)}`;
    case 'unsupported-operator':
      return `unsupported operator ${problem.op} on attribute ${excerpt(problem.attr)}`;
    case 'value-mismatch':
      return `${problem.op} cannot compare with ${excerpt(String(problem.value))}`;
  }
}

/** An expression the parser refuses. The message is a neutral wording; callers word their own. */
export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
  constructor(readonly problem: FilterProblem) {
    super(describe(problem));
  }
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

function tokenize(text: string): Token[] {
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
      if (i >= text.length) throw new FilterSyntaxError({ kind: 'unterminated-string', at: start });
      i++;
      // Okta: "String literals must be valid JSON strings", so JSON decides the escapes.
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, i));
      } catch {
        throw new FilterSyntaxError({
          kind: 'invalid-string',
          text: text.slice(start, i),
          at: start,
        });
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
//   expression  := conjunction ( "or" conjunction )*
//   conjunction := factor ( "and" factor )*
//   factor      := "not" "(" expression ")"          -- only where `allowNot`
//                | "(" expression ")"
//                | attribute "pr"
//                | attribute operator literal
//   literal     := string | number | true | false | null

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  parse(): Expression {
    if (this.tokens.length === 0) throw new FilterSyntaxError({ kind: 'empty' });
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
    if (token.text.toLowerCase() === 'not') {
      if (!this.options.allowNot) throw new FilterSyntaxError({ kind: 'not-unsupported' });
      const open = this.next('"(" after not');
      if (open.kind !== '(') throw this.unexpected(open);
      return { kind: 'not', operand: this.group() };
    }
    return this.comparison(token);
  }

  /** After "(": an expression and its ")". */
  private group(): Expression {
    if (++this.depth > this.options.maxDepth) {
      throw new FilterSyntaxError({ kind: 'too-deep', maxDepth: this.options.maxDepth });
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
    if (opToken.kind !== 'word' || !OPERATOR_SET.has(opToken.text.toLowerCase())) {
      throw this.unexpected(opToken);
    }
    const op = opToken.text.toLowerCase() as Operator;
    const allowed = this.options.operatorsFor(attr);
    if (allowed === null) throw new FilterSyntaxError({ kind: 'unsupported-attribute', attr });
    if (!allowed.includes(op)) {
      throw new FilterSyntaxError({ kind: 'unsupported-operator', attr, op });
    }
    if (op === 'pr') return { kind: 'present', attr };
    const value = this.literal(this.next('a value'));
    const fits =
      value === null || typeof value === 'boolean'
        ? op === 'eq' || op === 'ne'
        : typeof value === 'number'
          ? op !== 'sw' && op !== 'co'
          : true;
    if (!fits) throw new FilterSyntaxError({ kind: 'value-mismatch', op, value });
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
    if (!token) throw new FilterSyntaxError({ kind: 'incomplete', expected });
    return token;
  }

  private unexpected(token: Token): FilterSyntaxError {
    const shown = token.kind === 'word' ? token.text : token.kind === 'string' ? '"…"' : token.kind;
    return new FilterSyntaxError({ kind: 'unexpected', token: shown, at: token.at });
  }
}

function isKeyword(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'and' || lower === 'or' || lower === 'not' || OPERATOR_SET.has(lower);
}

/** Parse an expression into its tree; throws a `FilterSyntaxError` for anything refused. */
export function parseFilter(text: string, options: ParseOptions): Expression {
  return new Parser(tokenize(text), options).parse();
}
