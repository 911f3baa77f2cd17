import { describe, expect, it } from 'vitest';
import {
  bucketField,
  bucketOf,
  isOktaBucket,
  RATE_LIMIT_BUCKETS,
} from '../../src/okta-reference/rate-limit-buckets.ts';

describe("Okta's rate-limit bucket table", () => {
  it('puts a route in one bucket whatever its id segments are named', () => {
    expect(bucketOf('GET', '/api/v1/users/:id')).toBe('users.get');
    expect(bucketOf('GET', '/api/v1/users/:userId')).toBe('users.get');
    expect(bucketOf('PUT', '/api/v1/groups/:groupId')).toBe('groups.item');
    expect(bucketOf('GET', '/api/v1/apps/:appId')).toBe('apps.item');
    expect(bucketOf('GET', '/api/v1/apps/:appId/groups/:groupId')).toBe('apps.collection');
    expect(bucketOf('POST', '/api/v1/users/:userId/lifecycle/activate')).toBe('default');
    expect(bucketOf('GET', '/api/v1/nowhere')).toBe('default');
  });

  it('gives one field of every bucket in the order of the table', () => {
    const limits = bucketField('limit');
    expect(Object.keys(limits)).toEqual(Object.keys(RATE_LIMIT_BUCKETS));
    expect(limits['apps.collection']).toBe(100);
    expect(bucketField('pattern').default).toBe('/api/v1');
    expect(isOktaBucket('logs')).toBe(true);
    expect(isOktaBucket('toString')).toBe(false);
  });
});
