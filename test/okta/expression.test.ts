import { describe, expect, it } from 'vitest';
import { OktaInvalidIdError } from '../../src/okta/errors.ts';
import {
  and,
  attribute,
  co,
  eq,
  ge,
  idBatches,
  idIn,
  isOktaId,
  literal,
  or,
  pr,
  quote,
  requireOktaId,
  sw,
  userIdOrLoginSegment,
} from '../../src/okta/expression.ts';

const USER_A = '00u1a2b3c4d5e6f7g8h9';
const USER_B = '00uZZZZZZZZZZZZZZZZZ';

describe('quote', () => {
  it('wraps a plain value in double quotes', () => {
    expect(quote('ACTIVE')).toBe('"ACTIVE"');
  });

  it('escapes a double quote so the value cannot close its string', () => {
    expect(quote('x" or id pr or id eq "y')).toBe('"x\\" or id pr or id eq \\"y"');
  });

  it('escapes a backslash so it cannot escape the closing quote', () => {
    expect(quote('ends with \\')).toBe('"ends with \\\\"');
  });

  it('escapes a backslash before a quote as two escapes', () => {
    expect(quote('\\"')).toBe('"\\\\\\""');
  });

  it('refuses control characters, which Okta documents no escape for', () => {
    expect(() => quote('line\nbreak')).toThrow(OktaInvalidIdError);
  });

  it('keeps unicode as it is', () => {
    expect(quote('Zoë O’Brien')).toBe('"Zoë O’Brien"');
  });
});

describe('literal', () => {
  it('quotes a date as its ISO-8601 timestamp', () => {
    expect(literal(new Date(Date.UTC(2024, 4, 1, 12)))).toBe('"2024-05-01T12:00:00.000Z"');
  });

  it('leaves booleans and finite numbers bare', () => {
    expect([literal(true), literal(false), literal(42), literal(-1.5)]).toEqual([
      'true',
      'false',
      '42',
      '-1.5',
    ]);
  });

  it('refuses NaN and infinities', () => {
    expect(() => literal(Number.NaN)).toThrow(OktaInvalidIdError);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(OktaInvalidIdError);
  });

  it('refuses an invalid date', () => {
    expect(() => literal(new Date('nope'))).toThrow(OktaInvalidIdError);
  });
});

describe('attribute', () => {
  it('accepts dotted attribute paths', () => {
    expect(attribute('profile.costCenter')).toBe('profile.costCenter');
  });

  it.each(['profile.login eq "x" or id', 'id)', '', 'profile..login', '1st', 'profile.login '])(
    'refuses %j',
    (name) => {
      expect(() => attribute(name)).toThrow(OktaInvalidIdError);
    },
  );
});

describe('comparisons', () => {
  it('builds attribute, operator and literal', () => {
    expect(eq('profile.login', 'a@example.com')).toBe('profile.login eq "a@example.com"');
    expect(sw('profile.lastName', 'Sm')).toBe('profile.lastName sw "Sm"');
    expect(co('profile.email', 'example')).toBe('profile.email co "example"');
    expect(ge('lastUpdated', new Date(Date.UTC(2024, 0, 1)))).toBe(
      'lastUpdated ge "2024-01-01T00:00:00.000Z"',
    );
    expect(pr('profile.mobilePhone')).toBe('profile.mobilePhone pr');
  });

  it('keeps a hostile value inside its string', () => {
    expect(eq('profile.lastName', 'O"Brien" or status eq "ACTIVE')).toBe(
      'profile.lastName eq "O\\"Brien\\" or status eq \\"ACTIVE"',
    );
  });
});

describe('and / or', () => {
  it('joins simple operands without parentheses', () => {
    expect(or(eq('id', USER_A), eq('id', USER_B))).toBe(`id eq "${USER_A}" or id eq "${USER_B}"`);
  });

  it('parenthesizes compound operands', () => {
    expect(and(eq('status', 'ACTIVE'), or(eq('type', 'A'), eq('type', 'B')))).toBe(
      'status eq "ACTIVE" and (type eq "A" or type eq "B")',
    );
  });

  it('does not mistake " or " inside a quoted value for an operator', () => {
    expect(and(eq('profile.title', 'this or that'), eq('status', 'ACTIVE'))).toBe(
      'profile.title eq "this or that" and status eq "ACTIVE"',
    );
  });

  it('does not mistake an escaped quote for the end of a value', () => {
    const tricky = eq('profile.title', 'a\\" or "b');
    expect(and(tricky, pr('id'))).toBe(`${tricky} and id pr`);
  });

  it('returns a single operand as it is', () => {
    expect(or(eq('id', USER_A))).toBe(`id eq "${USER_A}"`);
  });

  it('refuses to combine nothing', () => {
    expect(() => or()).toThrow(OktaInvalidIdError);
  });
});

describe('ids', () => {
  it('recognises 20 base62 characters as an Okta id', () => {
    expect([
      isOktaId(USER_A),
      isOktaId('00u1'),
      isOktaId(`${USER_A}x`),
      isOktaId('00u1a2b3c4d5e6f7g8h_'),
    ]).toEqual([true, false, false, false]);
  });

  it('returns a valid id from requireOktaId', () => {
    expect(requireOktaId('User', USER_A)).toBe(USER_A);
  });

  it('names the kind and the value when an id is refused', () => {
    const error = (() => {
      try {
        requireOktaId('Group', '../users');
      } catch (e) {
        return e;
      }
      return null;
    })() as OktaInvalidIdError;
    expect([error.code, error.kind, error.value]).toEqual([
      'OKTA_ERR_INVALID_ID',
      'Group',
      '../users',
    ]);
  });

  it('builds the batch lookup expression of many ids', () => {
    expect(idIn('User', [USER_A, USER_B])).toBe(`id eq "${USER_A}" or id eq "${USER_B}"`);
  });

  it('refuses a batch with an id that is not one', () => {
    expect(() => idIn('User', [USER_A, 'x" or id pr or id eq "y'])).toThrow(OktaInvalidIdError);
  });
});

describe('userIdOrLoginSegment', () => {
  it('keeps an id as it is', () => {
    expect(userIdOrLoginSegment(USER_A)).toBe(USER_A);
  });

  it('URL-encodes a login', () => {
    expect(userIdOrLoginSegment('ana+test@example.com')).toBe('ana%2Btest%40example.com');
  });

  it('encodes characters that would start a query or fragment', () => {
    expect(userIdOrLoginSegment('a#b@example.com')).toBe('a%23b%40example.com');
  });

  it.each([
    '',
    '.',
    '..',
    'a/b@example.com',
    '../groups',
    'who?x',
    'back\\slash',
    '[x]',
    'tab\there',
  ])('refuses %j', (value) => {
    expect(() => userIdOrLoginSegment(value)).toThrow(OktaInvalidIdError);
  });

  it('refuses a value longer than any login', () => {
    expect(() => userIdOrLoginSegment(`${'a'.repeat(95)}@x.com`)).toThrow(OktaInvalidIdError);
  });
});

describe('idBatches', () => {
  const ids = (n: number, prefix = '00u') =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(17, '0')}`);

  it('puts a few ids in one batch', () => {
    const batches = idBatches('User', ids(3));
    expect(batches.map((b) => b.ids.length)).toEqual([3]);
  });

  it('splits 250 ids into batches whose URL stays under 3,500 characters', () => {
    const batches = idBatches('User', ids(250));
    // Encoded, a clause `id eq "…"` is 36 characters and ` or ` 8 more: 72 fit in 3,200.
    expect(batches.map((b) => b.ids.length)).toEqual([72, 72, 72, 34]);
    for (const batch of batches) {
      const url = `https://an-org-with-a-long-name.okta.com/api/v1/users?search=${encodeURIComponent(batch.search)}&limit=${batch.ids.length}`;
      expect(url.length).toBeLessThan(3500);
    }
  });

  it('keeps every id exactly once across batches', () => {
    const all = ids(250);
    const batches = idBatches('User', [...all, ...all.slice(0, 10)]);
    expect(batches.flatMap((b) => b.ids)).toEqual(all);
  });

  it('caps a batch at the given number of ids', () => {
    const batches = idBatches('User', ids(25), { maxIds: 10 });
    expect(batches.map((b) => b.ids.length)).toEqual([10, 10, 5]);
  });

  it('caps a batch at 100 ids when the URL allows more', () => {
    const batches = idBatches('User', ids(150), { maxUrlLength: 100_000 });
    expect(batches.map((b) => b.ids.length)).toEqual([100, 50]);
  });

  it('leaves out values that are not Okta ids', () => {
    const batches = idBatches('User', [USER_A, 'x" or id pr or id eq "y', USER_B, '']);
    expect(batches).toEqual([
      { ids: [USER_A, USER_B], search: `id eq "${USER_A}" or id eq "${USER_B}"` },
    ]);
  });

  it('returns no batch when no id is left', () => {
    expect(idBatches('User', ['not-an-id'])).toEqual([]);
  });
});
