import { describe, expect, it } from 'vitest';
import {
  compileRuleExpression,
  type RuleSubject,
  UnsupportedExpression,
} from '../../src/simulator/group-rule-expression.ts';

const TYPES: Record<string, string> = {
  department: 'string',
  title: 'string',
  city: 'string',
  employeeNumber: 'string',
  level: 'integer',
  isContractor: 'boolean',
  skills: 'array',
};
const typeOf = (name: string) => TYPES[name] ?? null;

function subject(profile: Record<string, unknown>, groups: string[] = []): RuleSubject {
  return { profile, isMemberOf: (id) => groups.includes(id) };
}

const matches = (expression: string, s: RuleSubject) =>
  compileRuleExpression(expression, typeOf).matches(s);

function reason(expression: string): string {
  try {
    compileRuleExpression(expression, typeOf);
  } catch (error) {
    if (error instanceof UnsupportedExpression) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('group rule expressions', () => {
  const ada = subject(
    {
      department: 'Engineering',
      title: 'Staff Engineer',
      city: 'London',
      level: 5,
      isContractor: false,
      skills: ['go', 'ts'],
    },
    ['00gA'],
  );

  it('compares attributes with == and != exactly, case included', () => {
    expect(matches('user.department=="Engineering"', ada)).toBe(true);
    expect(matches('user.department=="engineering"', ada)).toBe(false);
    expect(matches("user.department!='Sales'", ada)).toBe(true);
  });

  it('reads a missing attribute as null', () => {
    expect(matches('user.employeeNumber==null', ada)).toBe(true);
    expect(matches('String.startsWith(user.employeeNumber,"C")', ada)).toBe(false);
    expect(matches('user.employeeNumber!="C1"', ada)).toBe(true);
  });

  it('compares numbers with <, <=, >, >=', () => {
    expect(matches('user.level>=5 && user.level<6', ada)).toBe(true);
    expect(matches('user.level>5', ada)).toBe(false);
    expect(matches('user.title>5', ada)).toBe(false);
  });

  it('binds AND tighter than OR, in both spellings, and honours ! and parentheses', () => {
    expect(matches('user.city=="Paris" || user.city=="London" && user.level==5', ada)).toBe(true);
    expect(matches('(user.city=="Paris" OR user.city=="London") AND user.level==4', ada)).toBe(
      false,
    );
    expect(matches('!(user.department=="Sales")', ada)).toBe(true);
    expect(matches('!user.isContractor', ada)).toBe(true);
  });

  it('evaluates the string, array and membership functions', () => {
    expect(matches('String.stringContains(user.title,"Engineer")', ada)).toBe(true);
    expect(matches('String.endsWith(user.title,"Engineer")', ada)).toBe(true);
    expect(matches('String.toLowerCase(user.city)=="london"', ada)).toBe(true);
    expect(matches('String.toUpperCase(user.city)=="LONDON"', ada)).toBe(true);
    expect(matches('Arrays.contains(user.skills,"ts")', ada)).toBe(true);
    expect(matches('isMemberOfGroup("00gA")', ada)).toBe(true);
    expect(matches('isMemberOfAnyGroup("00gB","00gA")', ada)).toBe(true);
    expect(matches('isMemberOfAnyGroup("00gB")', ada)).toBe(false);
  });

  it('names the groups an expression reads', () => {
    const compiled = compileRuleExpression(
      'isMemberOfGroup("00gA") || isMemberOfAnyGroup("00gB","00gC")',
      typeOf,
    );
    expect(compiled.groupIds).toEqual(['00gA', '00gB', '00gC']);
  });

  it('refuses what is outside the subset, saying why', () => {
    expect(reason('user.nope=="x"')).toBe('Invalid property nope in expression user.nope');
    expect(reason('user.profile.department=="x"')).toBe(
      'Invalid property profile.department in expression user.profile.department',
    );
    expect(reason('user.department')).toBe('the expression does not yield a Boolean');
    expect(reason('String.len(user.city)==6')).toBe('unsupported function String.len');
    expect(reason('isMemberOfGroup(user.department)')).toBe(
      'isMemberOfGroup takes group ids as string literals',
    );
    expect(reason('String.startsWith(user.city)')).toBe('String.startsWith takes 2 arguments');
    expect(reason('user.city=="London" AND')).toBe('the expression ends too early');
    expect(reason('user.city="London"')).toBe("unexpected character '='");
    expect(reason('user.city=="London')).toBe('unterminated string literal');
    expect(reason('isMemberOfGroup("00gA","00gB")')).toBe('isMemberOfGroup takes 1 argument');
    expect(reason('')).toBe('the expression is empty');
    expect(reason('user.city=="a" user.city=="b"')).toBe("unexpected 'user.city'");
  });
});
