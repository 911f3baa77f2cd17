import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogFilterError } from '../../src/events/errors.ts';
import { compileLogFilter } from '../../src/events/filter.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import { attributeOf, compileExpression, LOG_FILTER } from '../../src/simulator/filter.ts';
import { type Simulator, startSimulator } from '../../src/simulator/index.ts';

const event = (fields: Partial<LogEvent> & Record<string, unknown>): LogEvent =>
  ({
    uuid: 'e1',
    published: '2026-01-01T00:00:00.000Z',
    eventType: 'user.lifecycle.suspend',
    severity: 'INFO',
    actor: { id: '00uadmin000000000001', type: 'User', alternateId: 'admin@example.com' },
    outcome: { result: 'SUCCESS' },
    target: [
      { id: '00utarget00000000001', type: 'User', alternateId: 'ada@example.com' },
      { id: '00gtarget00000000001', type: 'UserGroup', displayName: 'Engineering' },
    ],
    ...fields,
  }) as LogEvent;

const matches = (filter: string, e: LogEvent = event({})) => compileLogFilter(filter)(e);

describe("the gateway's System Log filter", () => {
  it('matches eq on a nested attribute and any element of a list such as target.id', () => {
    expect(matches('outcome.result eq "SUCCESS"')).toBe(true);
    expect(matches('target.id eq "00gtarget00000000001"')).toBe(true);
    expect(matches('target.id eq "00gother000000000001"')).toBe(false);
  });

  it('compares values case-sensitively and operators case-insensitively, as Okta filters do', () => {
    expect(matches('eventType EQ "user.lifecycle.suspend"')).toBe(true);
    expect(matches('eventType eq "USER.lifecycle.suspend"')).toBe(false);
  });

  it('applies sw, co, ne and pr', () => {
    expect(matches('eventType sw "user.lifecycle."')).toBe(true);
    expect(matches('actor.alternateId co "@example"')).toBe(true);
    expect(matches('severity ne "WARN"')).toBe(true);
    expect(matches('client.ipAddress pr')).toBe(false);
    expect(matches('client.ipAddress ne "10.0.0.1"')).toBe(true);
    expect(matches('target.displayName pr')).toBe(true);
  });

  it('orders dates as instants and other strings lexically', () => {
    const e = event({ transaction: { id: 'tx', detail: { at: '2026-01-01T00:00:00Z' } } });
    expect(matches('transaction.detail.at eq "2026-01-01T00:00:00.000Z"', e)).toBe(true);
    expect(matches('transaction.detail.at gt "2025-12-31T23:59:59.999Z"', e)).toBe(true);
    expect(matches('severity lt "J"')).toBe(true);
  });

  it('joins with and before or, and negates with not (…)', () => {
    expect(
      matches('severity eq "WARN" and severity eq "WARN" or outcome.result eq "SUCCESS"'),
    ).toBe(true);
    expect(
      matches('severity eq "WARN" and (severity eq "WARN" or outcome.result eq "SUCCESS")'),
    ).toBe(false);
    expect(matches('not (target.type eq "UserGroup")')).toBe(false);
    expect(matches('NOT (target.type eq "AppInstance")')).toBe(true);
  });

  it.each([
    ['eventType eq user.lifecycle.suspend', 'unexpected user.lifecycle.suspend at position 13'],
    ['eventType eq "unterminated', 'unterminated string at position 13'],
    ['(eventType eq "a"', 'expected ")" at the end of the filter'],
    ['eventType equals "a"', 'unexpected equals at position 10'],
    ['published gt "2026-01-01T00:00:00Z"', 'published cannot be filtered on; use since instead'],
    [
      'debugContext.debugData.url co "/api"',
      'the co operator is not supported on debugContext.debugData.url',
    ],
    ['outcome.result sw 1', 'sw cannot compare with 1'],
    ['not eventType eq "a"', 'unexpected eventType at position 4'],
    ['', 'the filter is empty'],
  ])('refuses %j: %s', (filter, message) => {
    expect(() => compileLogFilter(filter)).toThrow(new LogFilterError(message));
  });

  it('refuses a filter longer than 4,000 characters', () => {
    const long = Array.from({ length: 120 }, (_, i) => `eventType eq "type.${i}.xxxxxxxxxx"`).join(
      ' or ',
    );
    expect(long.length).toBeGreaterThan(4_000);
    expect(() => compileLogFilter(long)).toThrow('the filter is longer than 4000 characters');
  });
});

describe("the gateway's filter against the simulator's System Log filter", () => {
  let sim: Simulator;
  let history: LogEvent[];
  beforeAll(async () => {
    sim = await startSimulator({});
    history = sim.org.log.map((row) => row.event as unknown as LogEvent);
  });
  afterAll(() => sim.close());

  it.each([
    'eventType eq "user.session.start"',
    'eventType sw "user.lifecycle." and outcome.result eq "SUCCESS"',
    'not (eventType sw "user.") or severity eq "WARN"',
    'target.type eq "UserGroup" and target.type eq "User"',
    'client.geographicalContext.country pr and not (client.geographicalContext.country eq "United States")',
    'actor.alternateId co "admin" or authenticationContext.externalSessionId pr',
    'client.userAgent.browser ne "CHROME"',
  ])('selects the same events of the demo org as the simulator for %j', (filter) => {
    const theirs = compileExpression(filter, LOG_FILTER);
    const expected = history.filter((e) => theirs((attr) => attributeOf(e, attr)));
    const ours = compileLogFilter(filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(history.filter(ours).map((e) => e.uuid)).toEqual(expected.map((e) => e.uuid));
  });
});
