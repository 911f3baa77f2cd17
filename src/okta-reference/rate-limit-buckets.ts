/**
 * Okta's per-minute rate-limit buckets for the management API (Okta's "Management rate limits",
 * Workforce Identity column): the one table the gateway's client (src/okta/) and the simulator
 * share. A fact about Okta's API, so it imports neither side. Each request counts against one
 * bucket, named here by a stable key that both sides, their tests and the metrics use.
 */

export interface RateLimitBucket {
  /** The endpoints the bucket covers, in words (the gateway's `rateLimits` query shows it). */
  covers: string;
  /**
   * The endpoint pattern Okta names for the bucket: its rate-limit dashboard row, and the
   * `URL Pattern` target of a `system.org.rate_limit.violation` event.
   */
  pattern: string;
  /** The per-minute limit Okta documents. Okta's headers say what an org really has. */
  limit: number;
}

export const RATE_LIMIT_BUCKETS = Object.freeze({
  'users.collection': {
    covers: 'GET/POST /api/v1/users',
    pattern: '/api/v1/users',
    limit: 600,
  },
  'users.get': {
    covers: 'GET /api/v1/users/{idOrLogin}',
    pattern: '/api/v1/users/{idOrLogin}',
    limit: 2000,
  },
  'users.write': {
    covers: 'POST/PUT/DELETE /api/v1/users/{id}',
    pattern: '/api/v1/users/{id}',
    limit: 600,
  },
  'groups.collection': {
    covers: '/api/v1/groups',
    pattern: '/api/v1/groups',
    limit: 500,
  },
  'groups.item': {
    covers: '/api/v1/groups/{id}',
    pattern: '/api/v1/groups/{id}',
    limit: 1000,
  },
  'apps.collection': {
    covers: '/api/v1/apps and /api/v1/apps/{id}/*',
    pattern: '/api/v1/apps*',
    limit: 100,
  },
  'apps.item': {
    covers: '/api/v1/apps/{id}',
    pattern: '/api/v1/apps/{id}',
    limit: 500,
  },
  logs: {
    covers: '/api/v1/logs',
    pattern: '/api/v1/logs',
    limit: 120,
  },
  // "OAuth2 requests for the Org Authorization Server".
  'oauth2.token': {
    covers: '/oauth2/v1/token',
    pattern: '/oauth2/v1',
    limit: 2000,
  },
  // "Most other API actions".
  default: {
    covers: 'everything else under /api/v1 (lifecycle, members, event hooks, schemas)',
    pattern: '/api/v1',
    limit: 1200,
  },
} as const satisfies Record<string, RateLimitBucket>);

export type OktaBucket = keyof typeof RATE_LIMIT_BUCKETS;

/** Whether a string names one of the buckets. */
export const isOktaBucket = (name: string): name is OktaBucket =>
  Object.hasOwn(RATE_LIMIT_BUCKETS, name);

/** One field of every bucket, keyed by bucket name, in the table's order. */
export function bucketField<K extends keyof RateLimitBucket>(
  field: K,
): Readonly<Record<OktaBucket, RateLimitBucket[K]>> {
  const out = {} as Record<OktaBucket, RateLimitBucket[K]>;
  for (const [name, bucket] of Object.entries(RATE_LIMIT_BUCKETS)) {
    out[name as OktaBucket] = bucket[field];
  }
  return Object.freeze(out);
}

/**
 * The bucket a request counts against, from its method and route template (any segment that
 * starts with `:` is an id, whatever its name: `/api/v1/users/:id` and `/api/v1/users/:userId`
 * are one route) or its bare path. Okta's table names only the collection and the item for users
 * and groups ("`/api/v1/groups/{id}` only"), so their sub-resources (lifecycle, credentials,
 * members, …) fall in `default`; apps are the exception, where `/api/v1/apps*` covers every
 * sub-resource but the item itself.
 */
export function bucketOf(method: string, template: string): OktaBucket {
  const route = template.replace(/\/:[^/]+/g, '/:id');
  if (route === '/oauth2/v1/token') return 'oauth2.token';
  if (route === '/api/v1/users') return 'users.collection';
  if (route === '/api/v1/users/:id') return method === 'GET' ? 'users.get' : 'users.write';
  if (route === '/api/v1/groups') return 'groups.collection';
  if (route === '/api/v1/groups/:id') return 'groups.item';
  if (route === '/api/v1/apps/:id') return 'apps.item';
  if (route === '/api/v1/apps' || route.startsWith('/api/v1/apps/')) return 'apps.collection';
  if (route === '/api/v1/logs') return 'logs';
  return 'default';
}
