import { describe, expect, it } from 'vitest';
import { callerWithScopes, rateLimitKey } from '../src/caller.ts';

describe('a caller’s key for its fair share of the rate limit', () => {
  it("is the token's subject", () => {
    expect(rateLimitKey(callerWithScopes('alice', [], true, null, '0oa1app'))).toBe('alice');
  });

  it('is the client id of a service token without a subject', () => {
    expect(rateLimitKey(callerWithScopes(null, [], true, null, '0oa1app'))).toBe('0oa1app');
  });

  it('is none when nobody is authenticated: all requests are then one caller', () => {
    expect(rateLimitKey(callerWithScopes(null, [], false))).toBeNull();
  });
});
