import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders } from '../../src/okta/rate-limit-answers.ts';

describe('parseRateLimitHeaders', () => {
  it('reads the three headers, the reset in ms', () => {
    expect(
      parseRateLimitHeaders({
        'x-rate-limit-limit': '600',
        'x-rate-limit-remaining': '599',
        'x-rate-limit-reset': '1700000060',
      }),
    ).toEqual({ limit: 600, remaining: 599, resetAt: 1_700_000_060_000 });
  });

  it('trusts no header that came twice (comma-joined)', () => {
    expect(
      parseRateLimitHeaders({
        'x-rate-limit-limit': '600',
        'x-rate-limit-remaining': '599',
        'x-rate-limit-reset': '1700000060, 1700000120',
      }),
    ).toBeNull();
  });
});
