/**
 * Which route template and which Okta rate-limit bucket a request belongs to, from its method
 * and path, and the page sizes each list endpoint accepts. The buckets themselves are Okta's
 * table in src/okta-reference/rate-limit-buckets.ts, the one the simulator answers by.
 */
import { bucketField, bucketOf, type OktaBucket } from '../okta-reference/rate-limit-buckets.ts';
import type { HttpMethod } from './http.ts';

export { bucketOf, type OktaBucket };

/** What each bucket covers, in words, by bucket name (the GraphQL `rateLimits` query shows it). */
export const OKTA_BUCKETS = bucketField('covers');

/**
 * Collections whose next path segment is an id. The top-level id is `:id`; a nested one is named
 * after its collection (`/api/v1/groups/:id/users/:userId`).
 */
const ID_PARAM: Readonly<Record<string, string>> = {
  users: 'userId',
  groups: 'groupId',
  apps: 'appId',
  eventHooks: 'eventHookId',
  rules: 'groupRuleId',
  roles: 'roleAssignmentId',
  factors: 'factorId',
  // `/api/v1/meta/schemas/user/{schemaId}`: the id follows the schema's kind.
  user: 'schemaId',
};

/** Segments that follow a collection name but are not ids (`/api/v1/users/me` is an id). */
const LITERALS = new Set(['lifecycle', 'credentials', 'sessions', 'rules']);

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
  '/api/v1/groups/rules': { min: 1, max: 200 },
};

/** A page size Okta will accept for this route. */
export function clampPageSize(template: string, requested: number): number {
  const bounds = PAGE_SIZE_LIMITS[template];
  const size = Math.max(1, Math.floor(requested));
  if (!bounds) return size;
  return Math.min(bounds.max, Math.max(bounds.min, size));
}
