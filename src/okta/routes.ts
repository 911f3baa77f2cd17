/**
 * Which route template and which Okta rate-limit bucket a request belongs to, from its method
 * and path. The client keeps its own copy of Okta's bucket table (shared/okta/API-NOTES.md §0.5)
 * because it must work against a real org, and never imports from the simulator.
 */
import type { HttpMethod } from './http.ts';

/**
 * Okta's per-minute rate-limit buckets for the management API (§0.5, Workforce defaults). The
 * names match the simulator's so that both views of a bucket line up in tests and metrics. The
 * limits are what Okta documents; the governor only trusts what the headers say.
 */
export const OKTA_BUCKETS = Object.freeze({
  'users.collection': 'GET/POST /api/v1/users',
  'users.get': 'GET /api/v1/users/{idOrLogin}',
  'users.write': 'POST/PUT/DELETE /api/v1/users/{id}',
  'groups.collection': '/api/v1/groups',
  'groups.item': '/api/v1/groups/{id}',
  'apps.collection': '/api/v1/apps and /api/v1/apps/{id}/*',
  'apps.item': '/api/v1/apps/{id}',
  logs: '/api/v1/logs',
  'oauth2.token': '/oauth2/v1/token',
  default: 'everything else under /api/v1 (lifecycle, members, event hooks, schemas)',
} as const);

export type OktaBucket = keyof typeof OKTA_BUCKETS;

/**
 * Collections whose next path segment is an id. The top-level id is `:id`; a nested one is named
 * after its collection (`/api/v1/groups/:id/users/:userId`).
 */
const ID_PARAM: Readonly<Record<string, string>> = {
  users: 'userId',
  groups: 'groupId',
  apps: 'appId',
  eventHooks: 'eventHookId',
  // `/api/v1/meta/schemas/user/{schemaId}`: the id follows the schema's kind.
  user: 'schemaId',
};

/** Segments that follow a collection name but are not ids (`/api/v1/users/me` is an id). */
const LITERALS = new Set(['lifecycle', 'credentials', 'sessions']);

/** The route template of a path: ids replaced by `:name` segments, literal segments kept. */
export function routeTemplate(path: string): string {
  const bare = path.split('?')[0] ?? path;
  if (!bare.startsWith('/api/v1/')) return bare;
  const segments = bare.slice('/api/v1/'.length).split('/');
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    out.push(segment);
    const param = ID_PARAM[segment];
    const isSchemaKind = segment === 'user' && out.at(-2) === 'schemas';
    if (!param || (segment === 'user' && !isSchemaKind)) continue;
    const next = segments[i + 1];
    if (next === undefined || next === '' || LITERALS.has(next)) continue;
    out.push(`:${depth === 0 && !isSchemaKind ? 'id' : param}`);
    depth++;
    i++;
  }
  return `/api/v1/${out.join('/')}`;
}

/** The Okta bucket a request counts against (§0.5). */
export function bucketOf(method: HttpMethod, template: string): OktaBucket {
  if (template === '/oauth2/v1/token') return 'oauth2.token';
  if (template === '/api/v1/users') return 'users.collection';
  if (template === '/api/v1/users/:id') return method === 'GET' ? 'users.get' : 'users.write';
  if (template === '/api/v1/groups') return 'groups.collection';
  if (template === '/api/v1/groups/:id') return 'groups.item';
  if (template === '/api/v1/apps/:id') return 'apps.item';
  if (template === '/api/v1/apps' || template.startsWith('/api/v1/apps/')) return 'apps.collection';
  if (template === '/api/v1/logs') return 'logs';
  return 'default';
}

export interface OktaRoute {
  template: string;
  bucket: OktaBucket;
}

export function routeOf(method: HttpMethod, path: string): OktaRoute {
  const template = routeTemplate(path);
  return { template, bucket: bucketOf(method, template) };
}

/**
 * Page sizes (`limit`) Okta accepts per list endpoint (§0.3 and the spec's `limit` schemas).
 * A requested page size is clamped into [min, max]; endpoints not listed are left as asked.
 */
export const PAGE_SIZE_LIMITS: Readonly<Record<string, { min: number; max: number }>> = {
  '/api/v1/users': { min: 1, max: 200 },
  '/api/v1/groups': { min: 1, max: 10_000 },
  '/api/v1/groups/:id/users': { min: 1, max: 10_000 },
  '/api/v1/apps': { min: 1, max: 200 },
  '/api/v1/apps/:id/users': { min: 1, max: 500 },
  // The spec gives app groups a minimum of 20 as well as a maximum.
  '/api/v1/apps/:id/groups': { min: 20, max: 200 },
  '/api/v1/logs': { min: 1, max: 1000 },
};

/** A page size Okta will accept for this route. */
export function clampPageSize(template: string, requested: number): number {
  const bounds = PAGE_SIZE_LIMITS[template];
  const size = Math.max(1, Math.floor(requested));
  if (!bounds) return size;
  return Math.min(bounds.max, Math.max(bounds.min, size));
}
