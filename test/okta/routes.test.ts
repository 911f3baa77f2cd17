import { describe, expect, it } from 'vitest';
import { bucketOf, clampPageSize, routeOf, routeTemplate } from '../../src/okta/routes.ts';

describe('routes: templates and buckets', () => {
  it('names ids in a path after their collection', () => {
    expect(routeTemplate('/api/v1/users/00u1abc')).toBe('/api/v1/users/:id');
    expect(routeTemplate('/api/v1/groups/00g1/users/00u2')).toBe(
      '/api/v1/groups/:id/users/:userId',
    );
    expect(routeTemplate('/api/v1/apps/0oa1/groups/00g2')).toBe('/api/v1/apps/:id/groups/:groupId');
    expect(routeTemplate('/api/v1/users/00u1/lifecycle/activate')).toBe(
      '/api/v1/users/:id/lifecycle/activate',
    );
    expect(routeTemplate('/api/v1/eventHooks/who1/lifecycle/verify')).toBe(
      '/api/v1/eventHooks/:id/lifecycle/verify',
    );
    expect(routeTemplate('/api/v1/meta/schemas/user/default')).toBe(
      '/api/v1/meta/schemas/user/:schemaId',
    );
    expect(routeTemplate('/api/v1/users/00u1/groups')).toBe('/api/v1/users/:id/groups');
    expect(routeTemplate('/api/v1/groups/rules')).toBe('/api/v1/groups/rules');
    expect(routeTemplate('/api/v1/groups/rules/0pr1/lifecycle/activate')).toBe(
      '/api/v1/groups/rules/:id/lifecycle/activate',
    );
    expect(routeTemplate('/api/v1/users/00u1/roles/ra1')).toBe(
      '/api/v1/users/:id/roles/:roleAssignmentId',
    );
    expect(routeTemplate('/api/v1/users/00u1/factors/opf1')).toBe(
      '/api/v1/users/:id/factors/:factorId',
    );
  });

  it("puts each path in the bucket of Okta's rate-limit table", () => {
    expect(routeOf('GET', '/api/v1/users')).toEqual({
      template: '/api/v1/users',
      bucket: 'users.collection',
    });
    expect(routeOf('POST', '/api/v1/users').bucket).toBe('users.collection');
    expect(routeOf('GET', '/api/v1/users/00u1').bucket).toBe('users.get');
    expect(routeOf('DELETE', '/api/v1/users/00u1').bucket).toBe('users.write');
    expect(routeOf('POST', '/api/v1/users/00u1/lifecycle/suspend').bucket).toBe('default');
    expect(routeOf('GET', '/api/v1/groups').bucket).toBe('groups.collection');
    expect(routeOf('PUT', '/api/v1/groups/00g1').bucket).toBe('groups.item');
    expect(routeOf('GET', '/api/v1/groups/00g1/users').bucket).toBe('default');
    expect(routeOf('GET', '/api/v1/apps').bucket).toBe('apps.collection');
    expect(routeOf('GET', '/api/v1/apps/0oa1').bucket).toBe('apps.item');
    expect(routeOf('GET', '/api/v1/apps/0oa1/users').bucket).toBe('apps.collection');
    expect(routeOf('GET', '/api/v1/logs').bucket).toBe('logs');
    expect(routeOf('GET', '/api/v1/groups/rules/0pr1').bucket).toBe('default');
    expect(bucketOf('POST', '/oauth2/v1/token')).toBe('oauth2.token');
    expect(routeOf('GET', '/api/v1/eventHooks').bucket).toBe('default');
  });

  it("clamps a page size into the endpoint's accepted range", () => {
    expect(clampPageSize('/api/v1/users', 500)).toBe(200);
    expect(clampPageSize('/api/v1/logs', 5000)).toBe(1000);
    expect(clampPageSize('/api/v1/apps/:id/groups', 5)).toBe(20);
    expect(clampPageSize('/api/v1/groups/:id/apps', 5000)).toBe(5000);
  });
});
