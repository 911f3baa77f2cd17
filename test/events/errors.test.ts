import { describe, expect, it } from 'vitest';
import { EventsError, LogFilterError, SubscriberBehindError } from '../../src/events/errors.ts';

describe('the events floor errors', () => {
  it('are one family, each with a stable code and its own name', () => {
    const errors = [new LogFilterError('the filter is empty'), new SubscriberBehindError(3)];
    expect(errors.every((error) => error instanceof EventsError)).toBe(true);
    expect(errors.map((error) => [error.name, error.code])).toEqual([
      ['LogFilterError', 'LOG_FILTER_INVALID'],
      ['SubscriberBehindError', 'SUBSCRIBER_BEHIND'],
    ]);
    expect(LogFilterError.code).toBe('LOG_FILTER_INVALID');
  });

  it('says how far a subscriber fell behind', () => {
    expect(new SubscriberBehindError(3)).toMatchObject({ held: 3 });
  });
});
