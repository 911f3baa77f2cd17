import { describe, expect, it } from 'vitest';
import { OktaSimError } from '../../src/simulator/errors.ts';
import {
  APP_FILTER,
  attributeOf,
  compileExpression,
  type Dialect,
  GROUP_FILTER,
  GROUP_SEARCH,
  LOG_FILTER,
  parseExpression,
  USER_FILTER,
  USER_SEARCH,
} from '../../src/simulator/filter.ts';

const matches = (text: string, dialect: Dialect, record: unknown): boolean =>
  compileExpression(text, dialect)((attr) => attributeOf(record, attr));

/** The Okta error an expression is refused with: status, code and the single cause. */
function refusal(text: string, dialect: Dialect) {
  try {
    compileExpression(text, dialect);
  } catch (error) {
    if (!(error instanceof OktaSimError)) throw error;
    return { status: error.status, errorCode: error.errorCode, causes: error.causes };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

const refusedCode = (text: string, dialect: Dialect) => {
  const { status, errorCode } = refusal(text, dialect);
  return `${status} ${errorCode}`;
};

const alice = {
  id: '00u1alice',
  status: 'ACTIVE',
  created: '2024-01-10T08:00:00.000Z',
  lastUpdated: '2024-03-01T12:00:00.000Z',
  type: { id: 'oty1default' },
  profile: {
    login: 'Alice.Smith@example.com',
    email: 'alice@example.com',
    firstName: 'Alice',
    lastName: 'Smith',
    department: 'Engineering',
    employeeNumber: 42,
    contractor: false,
    nickname: null,
    skills: ['TypeScript', 'Go'],
  },
};

describe('parsing', () => {
  it('parses a comparison into attribute, lower-cased operator and value', () => {
    expect(parseExpression('status EQ "ACTIVE"', USER_FILTER)).toEqual({
      kind: 'compare',
      attr: 'status',
      op: 'eq',
      value: 'ACTIVE',
    });
  });

  it('parses a postfix pr into a presence test', () => {
    expect(parseExpression('profile.nickname pr', USER_SEARCH)).toEqual({
      kind: 'present',
      attr: 'profile.nickname',
    });
  });

  it('binds and tighter than or', () => {
    expect(parseExpression('id eq "a" or id eq "b" and status eq "ACTIVE"', USER_FILTER)).toEqual({
      kind: 'or',
      operands: [
        { kind: 'compare', attr: 'id', op: 'eq', value: 'a' },
        {
          kind: 'and',
          operands: [
            { kind: 'compare', attr: 'id', op: 'eq', value: 'b' },
            { kind: 'compare', attr: 'status', op: 'eq', value: 'ACTIVE' },
          ],
        },
      ],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseExpression('(id eq "a" or id eq "b") and status eq "ACTIVE"', USER_FILTER)).toEqual(
      {
        kind: 'and',
        operands: [
          {
            kind: 'or',
            operands: [
              { kind: 'compare', attr: 'id', op: 'eq', value: 'a' },
              { kind: 'compare', attr: 'id', op: 'eq', value: 'b' },
            ],
          },
          { kind: 'compare', attr: 'status', op: 'eq', value: 'ACTIVE' },
        ],
      },
    );
  });

  it('flattens a long or-chain into one list, so a 100-id batch is not 100 levels deep', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id eq "00u${i}"`).join(' or ');
    const tree = parseExpression(ids, USER_SEARCH);
    expect(tree.kind === 'or' && tree.operands.length).toBe(100);
  });

  it('reads bare true, false, null and numbers as typed literals', () => {
    expect(
      parseExpression('a eq true or b eq false or c eq null or d gt -1.5e2', LOG_FILTER),
    ).toEqual({
      kind: 'or',
      operands: [
        { kind: 'compare', attr: 'a', op: 'eq', value: true },
        { kind: 'compare', attr: 'b', op: 'eq', value: false },
        { kind: 'compare', attr: 'c', op: 'eq', value: null },
        { kind: 'compare', attr: 'd', op: 'gt', value: -150 },
      ],
    });
  });

  it('needs no spaces around parentheses and strings', () => {
    expect(matches('(id eq"00u1alice")and(status eq"ACTIVE")', USER_FILTER, alice)).toBe(true);
  });
});

describe('escapes inside quoted values', () => {
  it('reads \\" as a quote inside the value', () => {
    expect(matches('id eq "00u\\"x"', USER_FILTER, { id: '00u"x' })).toBe(true);
  });

  it('reads \\\\ as one backslash', () => {
    expect(matches('id eq "a\\\\b"', USER_FILTER, { id: 'a\\b' })).toBe(true);
  });

  it('does not let an escaped quote end the value and smuggle in a second clause', () => {
    // The whole text after `eq` is one value: `x" or id eq "00u1alice`.
    const text = 'id eq "x\\" or id eq \\"00u1alice"';
    expect(parseExpression(text, USER_FILTER)).toEqual({
      kind: 'compare',
      attr: 'id',
      op: 'eq',
      value: 'x" or id eq "00u1alice',
    });
    expect(matches(text, USER_FILTER, alice)).toBe(false);
  });

  it('keeps the word or inside a quoted value as text', () => {
    expect(matches('profile.lastName eq "Smith or Jones"', USER_FILTER, alice)).toBe(false);
    expect(
      matches('profile.lastName eq "Smith or Jones"', USER_FILTER, {
        profile: { lastName: 'Smith or Jones' },
      }),
    ).toBe(true);
  });

  it('decodes JSON escapes such as \\u00e9', () => {
    expect(
      matches('profile.firstName eq "Ren\\u00e9"', USER_FILTER, { profile: { firstName: 'René' } }),
    ).toBe(true);
  });
});

describe('operators', () => {
  const event = {
    eventType: 'user.session.start',
    severity: 'INFO',
    published: '2024-05-01T12:00:00.000Z',
    count: 7,
    actor: { id: '00u1alice', displayName: 'Alice Smith' },
    outcome: { result: 'SUCCESS', reason: null },
  };

  it('eq matches an equal value and not another', () => {
    expect(matches('eventType eq "user.session.start"', LOG_FILTER, event)).toBe(true);
    expect(matches('eventType eq "user.session.end"', LOG_FILTER, event)).toBe(false);
  });

  it('ne matches a different value and not an equal one', () => {
    expect(matches('severity ne "WARN"', LOG_FILTER, event)).toBe(true);
    expect(matches('severity ne "INFO"', LOG_FILTER, event)).toBe(false);
  });

  it('gt and ge compare numbers', () => {
    expect(matches('count gt 6', LOG_FILTER, event)).toBe(true);
    expect(matches('count gt 7', LOG_FILTER, event)).toBe(false);
    expect(matches('count ge 7', LOG_FILTER, event)).toBe(true);
  });

  it('lt and le compare numbers', () => {
    expect(matches('count lt 8', LOG_FILTER, event)).toBe(true);
    expect(matches('count lt 7', LOG_FILTER, event)).toBe(false);
    expect(matches('count le 7', LOG_FILTER, event)).toBe(true);
  });

  it('orders strings by code unit, as Okta`s lt … or … gt idiom relies on', () => {
    expect(matches('status lt "STAGED" or status gt "STAGED"', USER_SEARCH, alice)).toBe(true);
    expect(
      matches('status lt "STAGED" or status gt "STAGED"', USER_SEARCH, { status: 'STAGED' }),
    ).toBe(false);
  });

  it('sw matches a prefix only', () => {
    expect(matches('eventType sw "user.session"', LOG_FILTER, event)).toBe(true);
    expect(matches('eventType sw "session"', LOG_FILTER, event)).toBe(false);
  });

  it('co matches a substring anywhere', () => {
    expect(matches('actor.displayName co "ice Sm"', LOG_FILTER, event)).toBe(true);
    expect(matches('actor.displayName co "Bob"', LOG_FILTER, event)).toBe(false);
  });

  it('pr matches a present value and not an absent or null one', () => {
    expect(matches('actor.id pr', LOG_FILTER, event)).toBe(true);
    expect(matches('outcome.reason pr', LOG_FILTER, event)).toBe(false);
    expect(matches('client.ipAddress pr', LOG_FILTER, event)).toBe(false);
  });

  it('not negates a parenthesised expression in the log filter', () => {
    expect(matches('not (severity eq "INFO")', LOG_FILTER, event)).toBe(false);
    expect(matches('not (severity eq "WARN") and count eq 7', LOG_FILTER, event)).toBe(true);
  });

  it('compares booleans and null exactly', () => {
    expect(matches('profile.contractor eq false', LOG_FILTER, alice)).toBe(true);
    expect(matches('profile.contractor eq true', LOG_FILTER, alice)).toBe(false);
    expect(matches('profile.nickname eq null', LOG_FILTER, alice)).toBe(true);
    expect(matches('profile.missing eq null', LOG_FILTER, alice)).toBe(true);
    expect(matches('profile.firstName ne null', LOG_FILTER, alice)).toBe(true);
  });

  it('does not equate a number with its string spelling', () => {
    expect(matches('profile.employeeNumber eq "42"', LOG_FILTER, alice)).toBe(false);
    expect(matches('profile.employeeNumber eq 42', LOG_FILTER, alice)).toBe(true);
  });

  it('matches nothing but ne on an absent attribute', () => {
    expect(matches('profile.missing eq "x"', LOG_FILTER, alice)).toBe(false);
    expect(matches('profile.missing gt "x"', LOG_FILTER, alice)).toBe(false);
    expect(matches('profile.missing ne "x"', LOG_FILTER, alice)).toBe(true);
  });
});

describe('case rules', () => {
  it('accepts operators and logical words in any case', () => {
    expect(matches('id Eq "00u1alice" AND status eQ "ACTIVE"', USER_FILTER, alice)).toBe(true);
    expect(matches('id eq "x" Or id eq "00u1alice"', USER_FILTER, alice)).toBe(true);
    expect(matches('profile.firstName PR', USER_SEARCH, alice)).toBe(true);
  });

  it('treats attribute names as case-sensitive', () => {
    expect(refusedCode('Status eq "ACTIVE"', USER_FILTER)).toBe('400 E0000031');
    expect(matches('Status eq "ACTIVE"', LOG_FILTER, alice)).toBe(false);
  });

  it('compares user search values case-insensitively', () => {
    expect(matches('profile.login eq "alice.smith@EXAMPLE.com"', USER_SEARCH, alice)).toBe(true);
    expect(matches('status eq "active"', USER_SEARCH, alice)).toBe(true);
    expect(matches('profile.lastName sw "smi"', USER_SEARCH, alice)).toBe(true);
    expect(matches('profile.email co "ALICE"', USER_SEARCH, alice)).toBe(true);
  });

  it('compares user filter values case-sensitively', () => {
    expect(matches('profile.login eq "alice.smith@example.com"', USER_FILTER, alice)).toBe(false);
    expect(matches('profile.login eq "Alice.Smith@example.com"', USER_FILTER, alice)).toBe(true);
    expect(matches('status eq "active"', USER_FILTER, alice)).toBe(false);
  });

  it('keeps diacritics significant even when folding case', () => {
    expect(
      matches('profile.firstName eq "alice"', USER_SEARCH, { profile: { firstName: 'Alíce' } }),
    ).toBe(false);
  });
});

describe('dates', () => {
  it('compares ISO dates as instants, whatever their offset', () => {
    expect(matches('lastUpdated eq "2024-03-01T13:00:00.000+01:00"', USER_FILTER, alice)).toBe(
      true,
    );
    expect(matches('lastUpdated gt "2024-03-01T12:30:00+01:00"', USER_FILTER, alice)).toBe(true);
  });

  it('orders dates with gt, ge, lt and le', () => {
    expect(matches('lastUpdated gt "2024-03-01T11:59:59.999Z"', USER_FILTER, alice)).toBe(true);
    expect(matches('lastUpdated ge "2024-03-01T12:00:00.000Z"', USER_FILTER, alice)).toBe(true);
    expect(matches('lastUpdated lt "2024-03-01T12:00:00.000Z"', USER_FILTER, alice)).toBe(false);
    expect(matches('lastUpdated le "2024-03-01T12:00:00.000Z"', USER_FILTER, alice)).toBe(true);
  });

  it('reads a date without a time as midnight UTC', () => {
    expect(matches('created gt "2024-01-10"', USER_SEARCH, alice)).toBe(true);
    expect(matches('created lt "2024-01-11"', USER_SEARCH, alice)).toBe(true);
  });

  it('reads a date-time without an offset as UTC', () => {
    expect(matches('created eq "2024-01-10T08:00:00"', USER_SEARCH, alice)).toBe(true);
  });

  it('finds a date range between two bounds', () => {
    const text =
      'lastUpdated gt "2024-02-01T00:00:00.000Z" and lastUpdated lt "2024-04-01T00:00:00.000Z"';
    expect(matches(text, USER_FILTER, alice)).toBe(true);
    expect(matches(text, USER_FILTER, { lastUpdated: '2024-04-02T00:00:00.000Z' })).toBe(false);
  });
});

describe('arrays', () => {
  it('matches an array attribute when any element matches', () => {
    expect(matches('profile.skills eq "go"', USER_SEARCH, alice)).toBe(true);
    expect(matches('profile.skills eq "Rust"', USER_SEARCH, alice)).toBe(false);
  });

  it('collects a path through an array of objects', () => {
    const event = {
      target: [
        { id: '00u1alice', type: 'User' },
        { id: '00g1eng', type: 'UserGroup' },
      ],
    };
    expect(attributeOf(event, 'target.id')).toEqual(['00u1alice', '00g1eng']);
    expect(matches('target.id eq "00g1eng"', LOG_FILTER, event)).toBe(true);
    expect(matches('target.type eq "AppInstance"', LOG_FILTER, event)).toBe(false);
  });

  it('treats an empty array as absent', () => {
    expect(matches('target.id pr', LOG_FILTER, { target: [] })).toBe(false);
    expect(matches('target.id eq "x"', LOG_FILTER, { target: [] })).toBe(false);
  });
});

describe('attributeOf', () => {
  it('reads a dotted path and answers undefined past a missing step', () => {
    expect(attributeOf(alice, 'type.id')).toBe('oty1default');
    expect(attributeOf(alice, 'profile.missing.deeper')).toBeUndefined();
    expect(attributeOf(alice, 'profile.firstName.length')).toBeUndefined();
  });

  it('does not read inherited properties', () => {
    expect(attributeOf({}, 'constructor')).toBeUndefined();
  });
});

describe('user filter fields', () => {
  it.each([
    'status eq "ACTIVE"',
    'lastUpdated gt "2024-01-01T00:00:00.000Z"',
    'lastUpdated le "2024-01-01T00:00:00.000Z"',
    'id eq "00u1"',
    'profile.login eq "a@example.com"',
    'profile.email eq "a@example.com"',
    'profile.firstName eq "A"',
    'profile.lastName eq "B"',
  ])('accepts %s', (text) => {
    expect(() => compileExpression(text, USER_FILTER)).not.toThrow();
  });

  it.each([
    ['profile.department eq "X"', 'Unsupported attribute: profile.department'],
    ['created eq "2024-01-01T00:00:00.000Z"', 'Unsupported attribute: created'],
    ['status ne "ACTIVE"', 'Unsupported operator ne on attribute status'],
    ['profile.login sw "a"', 'Unsupported operator sw on attribute profile.login'],
    ['status gt "A"', 'Unsupported operator gt on attribute status'],
    ['status pr', 'Unsupported operator pr on attribute status'],
    ['not (status eq "ACTIVE")', 'Invalid search syntax: the not operator is not supported'],
  ])('refuses %s', (text, cause) => {
    expect(refusal(text, USER_FILTER)).toEqual({
      status: 400,
      errorCode: 'E0000031',
      causes: [cause],
    });
  });
});

describe('user search fields', () => {
  it.each([
    'profile.department eq "Engineering"',
    'profile.anyCustomAttribute sw "x"',
    'id eq "00u1"',
    'status lt "STAGED"',
    'created gt "2024-01-01T00:00:00.000Z"',
    'activated ge "2024-01-01T00:00:00.000Z"',
    'statusChanged lt "2024-01-01T00:00:00.000Z"',
    'lastUpdated le "2024-01-01T00:00:00.000Z"',
    'type.id eq "oty1"',
    'profile.firstName co "li"',
    'profile.lastName co "mi"',
    'profile.email co "@"',
    'profile.login co "alice"',
    'profile.nickname pr',
  ])('accepts %s', (text) => {
    expect(() => compileExpression(text, USER_SEARCH)).not.toThrow();
  });

  it.each([
    ['status ne "STAGED"', 'Unsupported operator ne on attribute status'],
    ['profile.department co "Eng"', 'Unsupported operator co on attribute profile.department'],
    ['credentials.provider.type eq "OKTA"', 'Unsupported attribute: credentials.provider.type'],
    ['profile. eq "x"', 'Invalid search syntax: unexpected profile. at position 0'],
    ['passwordChanged gt "2024-01-01"', 'Unsupported attribute: passwordChanged'],
  ])('refuses %s', (text, cause) => {
    expect(refusal(text, USER_SEARCH)).toEqual({
      status: 400,
      errorCode: 'E0000031',
      causes: [cause],
    });
  });
});

describe('group filter fields', () => {
  it.each([
    'id eq "00g1"',
    'type eq "OKTA_GROUP"',
    'lastUpdated gt "2024-01-01T00:00:00.000Z"',
    'lastMembershipUpdated lt "2024-01-01T00:00:00.000Z"',
  ])('accepts %s', (text) => {
    expect(() => compileExpression(text, GROUP_FILTER)).not.toThrow();
  });

  it.each([
    ['profile.name eq "Eng"', 'Unsupported attribute: profile.name'],
    ['type sw "OKTA"', 'Unsupported operator sw on attribute type'],
    ['id gt "00g"', 'Unsupported operator gt on attribute id'],
  ])('refuses %s', (text, cause) => {
    expect(refusal(text, GROUP_FILTER).causes).toEqual([cause]);
  });
});

describe('group search fields', () => {
  it.each([
    'profile.name eq "Engineering"',
    'profile.samAccountName sw "West Coast"',
    'profile.name co "neer"',
    'profile.description co "team"',
    'id eq "00g1"',
    'created lt "2014-01-01T00:00:00.000Z"',
    'lastMembershipUpdated gt "2024-01-01T00:00:00.000Z"',
    'lastUpdated gt "2024-01-01T00:00:00.000Z"',
    'type eq "APP_GROUP" and source.id eq "0oa2v0el0gP90aqjJ0g7"',
  ])('accepts %s', (text) => {
    expect(() => compileExpression(text, GROUP_SEARCH)).not.toThrow();
  });

  it.each([
    [
      'profile.samAccountName co "West"',
      'Unsupported operator co on attribute profile.samAccountName',
    ],
    ['type ne "APP_GROUP"', 'Unsupported operator ne on attribute type'],
    ['objectClass eq "okta:user_group"', 'Unsupported attribute: objectClass'],
  ])('refuses %s', (text, cause) => {
    expect(refusal(text, GROUP_SEARCH).causes).toEqual([cause]);
  });

  it('compares group search values case-insensitively', () => {
    expect(
      matches('profile.name eq "engineering"', GROUP_SEARCH, { profile: { name: 'Engineering' } }),
    ).toBe(true);
  });
});

describe('app filter fields', () => {
  it.each([
    'id eq "0oa1"',
    'status eq "ACTIVE"',
    'name eq "okta_org2org"',
    'user.id eq "00u1"',
    'group.id eq "00g1"',
    'credentials.signing.kid eq "kid1"',
    'settings.slo.enabled eq true',
  ])('accepts %s', (text) => {
    expect(() => compileExpression(text, APP_FILTER)).not.toThrow();
  });

  it.each([
    ['label eq "Slack"', 'Unsupported attribute: label'],
    ['status ne "ACTIVE"', 'Unsupported operator ne on attribute status'],
    ['name sw "okta"', 'Unsupported operator sw on attribute name'],
  ])('refuses %s', (text, cause) => {
    expect(refusal(text, APP_FILTER).causes).toEqual([cause]);
  });
});

describe('log filter fields', () => {
  it('accepts any attribute with every operator', () => {
    const text =
      'eventType eq "a" and actor.id ne "b" and severity gt "A" and severity ge "A" and ' +
      'severity lt "Z" and severity le "Z" and displayMessage sw "U" and displayMessage co "s" and uuid pr';
    expect(() => compileExpression(text, LOG_FILTER)).not.toThrow();
  });

  it('refuses co on the debug URL attributes, as Okta documents', () => {
    expect(refusal('debugContext.debugData.requestUri co "/api"', LOG_FILTER).causes).toEqual([
      'Unsupported operator co on attribute debugContext.debugData.requestUri',
    ]);
    expect(() => compileExpression('debugContext.debugData.url eq "/x"', LOG_FILTER)).not.toThrow();
  });

  it('refuses published, which the since and until window owns', () => {
    expect(refusal('published gt "2024-01-01T00:00:00.000Z"', LOG_FILTER).causes).toEqual([
      'Unsupported attribute: published',
    ]);
  });

  it('refuses the SCIM array filter syntax', () => {
    expect(refusedCode('target[type eq "User"]', LOG_FILTER)).toBe('400 E0000031');
  });
});

describe('malformed expressions', () => {
  it.each([
    ['an empty expression', '', 'Invalid search syntax: empty expression'],
    ['only whitespace', '   ', 'Invalid search syntax: empty expression'],
    [
      'an unclosed quote',
      'id eq "00u1',
      'Invalid search syntax: unterminated string at position 6',
    ],
    ['a dangling operator', 'id eq', 'Invalid search syntax: expected a value at the end'],
    [
      'a dangling and',
      'id eq "a" and',
      'Invalid search syntax: expected an attribute or "(" at the end',
    ],
    ['a missing operator', 'id "a"', 'Invalid search syntax: unexpected "…" at position 3'],
    ['an unknown operator', 'id ew "a"', 'Invalid search syntax: unexpected ew at position 3'],
    ['an unclosed parenthesis', '(id eq "a"', 'Invalid search syntax: expected ")" at the end'],
    [
      'an extra closing parenthesis',
      'id eq "a")',
      'Invalid search syntax: unexpected ) at position 9',
    ],
    ['an empty group', '()', 'Invalid search syntax: unexpected ) at position 1'],
    ['an unquoted string', 'id eq 00u1', 'Invalid search syntax: unexpected 00u1 at position 6'],
    [
      'an unquoted date',
      'lastUpdated gt 2021-10-11T17:27:37.000Z',
      'Invalid search syntax: unexpected 2021-10-11T17:27:37.000Z at position 15',
    ],
    [
      'two comparisons without and/or',
      'id eq "a" id eq "b"',
      'Invalid search syntax: unexpected id at position 10',
    ],
    [
      'an invalid escape',
      'id eq "a\\q"',
      'Invalid search syntax: invalid string "a\\q" at position 6',
    ],
    ['a keyword as attribute', 'and eq "a"', 'Invalid search syntax: unexpected and at position 0'],
    ['sw with a number', 'id sw 5', 'Invalid search syntax: sw cannot compare with 5'],
    [
      'gt with a boolean',
      'lastUpdated gt true',
      'Invalid search syntax: gt cannot compare with true',
    ],
  ])('refuses %s with 400 E0000031 and a cause', (_name, text, cause) => {
    expect(refusal(text, USER_SEARCH)).toEqual({
      status: 400,
      errorCode: 'E0000031',
      causes: [cause],
    });
  });

  it('gives a filter the same Okta error as a search', () => {
    expect(refusal('id eq', USER_FILTER)).toEqual({
      status: 400,
      errorCode: 'E0000031',
      causes: ['Invalid search syntax: expected a value at the end'],
    });
  });

  it('refuses not without parentheses', () => {
    expect(refusal('not severity eq "INFO"', LOG_FILTER).causes).toEqual([
      'Invalid search syntax: unexpected severity at position 4',
    ]);
  });

  it('refuses nesting deeper than 64 levels instead of exhausting the stack', () => {
    const text = `${'('.repeat(65)}id eq "a"${')'.repeat(65)}`;
    expect(refusal(text, USER_SEARCH).causes).toEqual([
      'Invalid search syntax: nested deeper than 64 levels',
    ]);
    const allowed = `${'('.repeat(64)}id eq "a"${')'.repeat(64)}`;
    expect(matches(allowed, USER_SEARCH, { id: 'a' })).toBe(true);
  });

  it('never echoes more than 40 characters of a huge input', () => {
    const huge = `profile.${'x'.repeat(100_000)} eq "a"`;
    const [cause] = refusal(huge.replace('profile.', 'nope.'), USER_SEARCH).causes;
    expect(cause).toBe(`Unsupported attribute: nope.${'x'.repeat(35)}…`);
    const [syntax] = refusal(`id eq ${'y'.repeat(100_000)}`, USER_SEARCH).causes;
    expect(syntax).toBe(`Invalid search syntax: unexpected ${'y'.repeat(40)}… at position 6`);
  });
});
