import { describe, expect, it } from 'vitest';
import { attributeOf, compileFilter, OPERATORS, parseFilter } from '../../src/okta-filter/index.ts';

const matches = (text: string, record: unknown, foldCase = false): boolean =>
  compileFilter(parseFilter(text, { operatorsFor: () => OPERATORS, allowNot: true, maxDepth: 8 }), {
    foldCase,
  })((attr) => attributeOf(record, attr));

const record = {
  name: 'Ada',
  age: 36,
  when: '2024-05-01T12:00:00Z',
  tags: [{ id: 'a' }, { id: 'b' }],
  empty: [],
};

describe('a compiled filter', () => {
  it('folds case on string values only when asked', () => {
    expect(matches('name eq "ada"', record)).toBe(false);
    expect(matches('name eq "ada"', record, true)).toBe(true);
  });

  it('compares dates as instants and numbers as numbers', () => {
    expect(matches('when eq "2024-05-01T12:00:00.000Z"', record)).toBe(true);
    expect(matches('age gt 9', record)).toBe(true);
  });

  it('matches a list when any element does, and treats an empty list as absent', () => {
    expect(matches('tags.id eq "b"', record)).toBe(true);
    expect(matches('empty pr', record)).toBe(false);
    expect(matches('missing ne "x"', record)).toBe(true);
  });

  it('collects a dotted path through arrays', () => {
    expect(attributeOf(record, 'tags.id')).toEqual(['a', 'b']);
    expect(attributeOf(record, 'name.length')).toBeUndefined();
  });
});
