import { describe, expect, it } from 'vitest';
import {
  type FilterProblem,
  FilterSyntaxError,
  OPERATORS,
  type ParseOptions,
  parseFilter,
} from '../../src/okta-filter/index.ts';

const anything: ParseOptions = { operatorsFor: () => OPERATORS, allowNot: true, maxDepth: 8 };

/** The problem the parser reports for `text`, and its neutral message. */
function problemOf(text: string, options: ParseOptions = anything) {
  try {
    parseFilter(text, options);
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    return { problem: error.problem, message: error.message };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('the filter parser', () => {
  it('parses a comparison with a case-insensitive operator into one compare node', () => {
    expect(parseFilter('profile.login EQ "ada@example.com"', anything)).toEqual({
      kind: 'compare',
      attr: 'profile.login',
      op: 'eq',
      value: 'ada@example.com',
    });
  });

  it('reads numbers, booleans and null as typed literals, and JSON escapes in strings', () => {
    expect(parseFilter('a gt -1.5e2 or b eq true or c ne null or d eq "x\\"y"', anything)).toEqual({
      kind: 'or',
      operands: [
        { kind: 'compare', attr: 'a', op: 'gt', value: -150 },
        { kind: 'compare', attr: 'b', op: 'eq', value: true },
        { kind: 'compare', attr: 'c', op: 'ne', value: null },
        { kind: 'compare', attr: 'd', op: 'eq', value: 'x"y' },
      ],
    });
  });

  it('binds and tighter than or, keeps parentheses, and negates with not (…)', () => {
    expect(parseFilter('not (a pr) and (b sw "x" or c co "y") or d le "z"', anything)).toEqual({
      kind: 'or',
      operands: [
        {
          kind: 'and',
          operands: [
            { kind: 'not', operand: { kind: 'present', attr: 'a' } },
            {
              kind: 'or',
              operands: [
                { kind: 'compare', attr: 'b', op: 'sw', value: 'x' },
                { kind: 'compare', attr: 'c', op: 'co', value: 'y' },
              ],
            },
          ],
        },
        { kind: 'compare', attr: 'd', op: 'le', value: 'z' },
      ],
    });
  });

  it.each<[string, FilterProblem, string]>([
    ['  ', { kind: 'empty' }, 'empty expression'],
    ['a eq "x', { kind: 'unterminated-string', at: 5 }, 'unterminated string at position 5'],
    [
      'a eq "\\q"',
      { kind: 'invalid-string', text: '"\\q"', at: 5 },
      'invalid string "\\q" at position 5',
    ],
    ['a eq x', { kind: 'unexpected', token: 'x', at: 5 }, 'unexpected x at position 5'],
    ['a "x"', { kind: 'unexpected', token: '"…"', at: 2 }, 'unexpected "…" at position 2'],
    ['(a eq 1', { kind: 'incomplete', expected: '")"' }, 'expected ")" at the end'],
    ['a sw 5', { kind: 'value-mismatch', op: 'sw', value: 5 }, 'sw cannot compare with 5'],
    ['not a eq 1', { kind: 'unexpected', token: 'a', at: 4 }, 'unexpected a at position 4'],
  ])('refuses %j', (text, problem, message) => {
    expect(problemOf(text)).toEqual({ problem, message });
  });

  it('quotes at most 40 characters of the offending text', () => {
    expect(problemOf(`a eq ${'y'.repeat(100)}`).message).toBe(
      `unexpected ${'y'.repeat(40)}… at position 5`,
    );
  });

  it('asks the options which attributes, operators, nesting and not it accepts', () => {
    const strict: ParseOptions = {
      operatorsFor: (attr) => (attr === 'id' ? ['eq'] : null),
      allowNot: false,
      maxDepth: 2,
    };
    expect(parseFilter('((id eq "a"))', strict)).toEqual({
      kind: 'compare',
      attr: 'id',
      op: 'eq',
      value: 'a',
    });
    expect(problemOf('name eq "a"', strict).problem).toEqual({
      kind: 'unsupported-attribute',
      attr: 'name',
    });
    expect(problemOf('id sw "a"', strict).problem).toEqual({
      kind: 'unsupported-operator',
      attr: 'id',
      op: 'sw',
    });
    expect(problemOf('not (id eq "a")', strict).problem).toEqual({ kind: 'not-unsupported' });
    expect(problemOf('(((id eq "a")))', strict).problem).toEqual({ kind: 'too-deep', maxDepth: 2 });
  });
});
