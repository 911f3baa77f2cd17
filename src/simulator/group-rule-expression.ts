/**
 * The part of Okta's Expression Language that the simulator's group rules understand.
 *
 * Okta's group rules take an expression (`urn:okta:expression:1.0`) that must evaluate to a
 * Boolean, over the user's profile (`user.<attribute>`) and their group memberships. The
 * simulator compiles the following subset; anything else is refused when the rule is created or
 * replaced (see UnsupportedExpression), rather than silently evaluated differently from Okta:
 *
 * - attributes: `user.<attribute>` for any base or custom attribute of the user schema
 *   (an unknown attribute is refused, as Okta refuses it); a Boolean attribute may stand alone;
 * - literals: `"text"` or `'text'`, numbers, `true`, `false`, `null`;
 * - comparisons: `==`, `!=` (strings compare exactly, case-sensitively), and `<`, `<=`, `>`, `>=`
 *   between numbers;
 * - logic: `&&` or `AND`, `||` or `OR`, `!`, parentheses (`AND` binds tighter than `OR`);
 * - functions returning a Boolean: `String.stringContains(s, part)`, `String.startsWith(s, prefix)`,
 *   `String.endsWith(s, suffix)`, `Arrays.contains(array, value)`, `isMemberOfGroup("groupId")`,
 *   `isMemberOfAnyGroup("groupId", …)`;
 * - functions returning a string: `String.toLowerCase(s)`, `String.toUpperCase(s)`.
 *
 * A missing attribute reads as `null`: it equals only `null`, and no string function matches it.
 * [obs] Okta's own behaviour on a missing attribute inside a String function is not documented.
 */

export class UnsupportedExpression extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedExpression';
  }
}

/** What an expression reads about one user. */
export interface RuleSubject {
  profile: Record<string, unknown>;
  isMemberOf(groupId: string): boolean;
}

export interface CompiledRuleExpression {
  matches(subject: RuleSubject): boolean;
  /** The groups the expression names (a rule naming a deleted group becomes INVALID). */
  groupIds: readonly string[];
}

type Value = string | number | boolean | null | unknown[];

type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'attribute'; name: string; type: string }
  | { kind: 'not'; operand: Node }
  | { kind: 'logic'; op: '&&' | '||'; left: Node; right: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

type Token =
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'name'; v: string }
  | { t: 'op'; v: string };

const BOOLEAN_FUNCTIONS: Record<string, { min: number; max: number }> = {
  'String.stringContains': { min: 2, max: 2 },
  'String.startsWith': { min: 2, max: 2 },
  'String.endsWith': { min: 2, max: 2 },
  'Arrays.contains': { min: 2, max: 2 },
  isMemberOfGroup: { min: 1, max: 1 },
  isMemberOfAnyGroup: { min: 1, max: 100 },
};

const VALUE_FUNCTIONS: Record<string, { min: number; max: number }> = {
  'String.toLowerCase': { min: 1, max: 1 },
  'String.toUpperCase': { min: 1, max: 1 },
};

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new UnsupportedExpression('unterminated string literal');
      tokens.push({ t: 'string', v: text });
      i = j + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(source.slice(i));
    if (number && (c !== '-' || tokens.length === 0 || tokens.at(-1)?.t === 'op')) {
      tokens.push({ t: 'number', v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*/.exec(source.slice(i));
    if (name) {
      tokens.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new UnsupportedExpression(`unexpected character '${c}'`);
    tokens.push({ t: 'op', v: op });
    i += op.length;
  }
  return tokens;
}

class Parser {
  private at = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly attributeType: (name: string) => string | null,
  ) {}

  parse(): Node {
    if (this.tokens.length === 0) throw new UnsupportedExpression('the expression is empty');
    const node = this.or();
    const rest = this.tokens[this.at];
    if (rest) throw new UnsupportedExpression(`unexpected '${String(rest.v)}'`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(v: string): boolean {
    const token = this.peek();
    return token?.t === 'op' && token.v === v;
  }

  private isWord(v: string): boolean {
    const token = this.peek();
    return token?.t === 'name' && token.v === v;
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) {
      const token = this.peek();
      throw new UnsupportedExpression(
        token ? `expected '${v}' but found '${String(token.v)}'` : `expected '${v}'`,
      );
    }
    this.at++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||') || this.isWord('OR')) {
      this.at++;
      left = { kind: 'logic', op: '||', left: boolean(left), right: boolean(this.and()) };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isOp('&&') || this.isWord('AND')) {
      this.at++;
      left = { kind: 'logic', op: '&&', left: boolean(left), right: boolean(this.unary()) };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('!')) {
      this.at++;
      return { kind: 'not', operand: boolean(this.unary()) };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.operand();
    const token = this.peek();
    if (token?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.v)) {
      this.at++;
      return { kind: 'compare', op: token.v, left, right: this.operand() };
    }
    return left;
  }

  private operand(): Node {
    const token = this.peek();
    if (!token) throw new UnsupportedExpression('the expression ends too early');
    this.at++;
    if (token.t === 'string' || token.t === 'number') return { kind: 'literal', value: token.v };
    if (token.t === 'op') {
      if (token.v === '(') {
        const inner = this.or();
        this.expectOp(')');
        return inner;
      }
      throw new UnsupportedExpression(`unexpected '${token.v}'`);
    }
    const name = token.v;
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    if (this.isOp('(')) return this.call(name);
    if (name.startsWith('user.')) {
      const attribute = name.slice('user.'.length);
      const type = attribute.includes('.') ? null : this.attributeType(attribute);
      if (type === null) {
        throw new UnsupportedExpression(`Invalid property ${attribute} in expression ${name}`);
      }
      return { kind: 'attribute', name: attribute, type };
    }
    throw new UnsupportedExpression(`unknown name '${name}'`);
  }

  private call(name: string): Node {
    const arity = BOOLEAN_FUNCTIONS[name] ?? VALUE_FUNCTIONS[name];
    if (!arity) throw new UnsupportedExpression(`unsupported function ${name}`);
    this.expectOp('(');
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) {
        this.at++;
        args.push(this.or());
      }
    }
    this.expectOp(')');
    if (args.length < arity.min || args.length > arity.max) {
      const count = arity.min === arity.max ? `${arity.min}` : `${arity.min} to ${arity.max}`;
      throw new UnsupportedExpression(`${name} takes ${count} argument${count === '1' ? '' : 's'}`);
    }
    if (name.startsWith('isMemberOf')) {
      for (const arg of args) {
        if (arg.kind !== 'literal' || typeof arg.value !== 'string') {
          throw new UnsupportedExpression(`${name} takes group ids as string literals`);
        }
      }
    }
    return { kind: 'call', name, args };
  }
}

/** Whether a node yields a Boolean (so it may stand in a logical position). */
function isBoolean(node: Node): boolean {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'boolean';
    case 'attribute':
      return node.type === 'boolean';
    case 'not':
    case 'logic':
    case 'compare':
      return true;
    case 'call':
      return node.name in BOOLEAN_FUNCTIONS;
  }
}

function boolean(node: Node): Node {
  if (!isBoolean(node)) throw new UnsupportedExpression('the expression does not yield a Boolean');
  return node;
}

const asText = (value: Value): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

function evaluate(node: Node, subject: RuleSubject): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'attribute': {
      const value = subject.profile[node.name];
      return value === undefined ? null : (value as Value);
    }
    case 'not':
      return evaluate(node.operand, subject) !== true;
    case 'logic': {
      const left = evaluate(node.left, subject) === true;
      if (node.op === '&&') return left && evaluate(node.right, subject) === true;
      return left || evaluate(node.right, subject) === true;
    }
    case 'compare': {
      const left = evaluate(node.left, subject);
      const right = evaluate(node.right, subject);
      if (node.op === '==') return left === right;
      if (node.op === '!=') return left !== right;
      if (typeof left !== 'number' || typeof right !== 'number') return false;
      if (node.op === '<') return left < right;
      if (node.op === '<=') return left <= right;
      if (node.op === '>') return left > right;
      return left >= right;
    }
    case 'call': {
      const args = node.args.map((arg) => evaluate(arg, subject));
      const [a, b] = [asText(args[0] as Value), asText((args[1] ?? null) as Value)];
      switch (node.name) {
        case 'String.stringContains':
          return a !== null && b !== null && a.includes(b);
        case 'String.startsWith':
          return a !== null && b !== null && a.startsWith(b);
        case 'String.endsWith':
          return a !== null && b !== null && a.endsWith(b);
        case 'String.toLowerCase':
          return a === null ? null : a.toLowerCase();
        case 'String.toUpperCase':
          return a === null ? null : a.toUpperCase();
        case 'Arrays.contains':
          return Array.isArray(args[0]) && args[0].includes(args[1]);
        default:
          // isMemberOfGroup / isMemberOfAnyGroup: the arguments are group id literals.
          return args.some((id) => typeof id === 'string' && subject.isMemberOf(id));
      }
    }
  }
}

function namedGroups(node: Node, into: Set<string>): Set<string> {
  if (node.kind === 'call') {
    if (node.name.startsWith('isMemberOf')) {
      for (const arg of node.args) if (arg.kind === 'literal') into.add(String(arg.value));
    }
    for (const arg of node.args) namedGroups(arg, into);
  } else if (node.kind === 'not') namedGroups(node.operand, into);
  else if (node.kind === 'logic' || node.kind === 'compare') {
    namedGroups(node.left, into);
    namedGroups(node.right, into);
  }
  return into;
}

/**
 * Compile a group rule expression. `attributeType` gives the user schema's type of an attribute
 * (`string`, `boolean`, …), or null when the schema has no such attribute. Throws
 * UnsupportedExpression when the expression is outside the subset above, names an attribute the
 * schema does not have, or does not yield a Boolean.
 */
export function compileRuleExpression(
  source: string,
  attributeType: (name: string) => string | null,
): CompiledRuleExpression {
  const root = boolean(new Parser(tokenize(source), attributeType).parse());
  return {
    matches: (subject) => evaluate(root, subject) === true,
    groupIds: [...namedGroups(root, new Set())],
  };
}
