import type { IncomingHttpHeaders } from 'node:http';
import { scopeOfOperation } from '../okta-reference/scopes.ts';
import type { LogEvent, Org, Principal } from './store.ts';
import type { LogEventInput } from './system-log.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One request as a route handler sees it. */
export interface SimContext {
  org: Org;
  method: Method;
  /** The full request URL, on the org's base URL. */
  url: URL;
  /** The matched route template, e.g. `/api/v1/users/:userId`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or form fields for a form post); undefined when there was none. */
  body: unknown;
  /** Who called; null only on routes with `auth: 'none'`. */
  principal: Principal | null;
  requestId: string;
  /** Append a System Log event with this request's actor, client and transaction. */
  log(input: LogEventInput): LogEvent;
}

export interface SimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type Handler = (ctx: SimContext) => SimReply | Promise<SimReply>;

export interface Route {
  method: Method;
  /** Template with `:name` segments, e.g. `/api/v1/groups/:groupId/users/:userId`. */
  path: string;
  /**
   * `auth: 'none'` routes (the token endpoint) take no credential. Every other route requires
   * the OAuth scope Okta's table (src/okta-reference/scopes.ts) names for it.
   */
  auth?: 'none';
  handler: Handler;
}

interface CompiledRoute extends Route {
  /** The OAuth scope Okta requires (docs/okta-behaviour.md §0.7); none for `auth: 'none'`. */
  scope?: string;
  regex: RegExp;
  names: string[];
}

export type Match =
  | { kind: 'found'; route: Route & { scope?: string }; params: Record<string, string> }
  /** `path`: the template of the route the path matched (for another method). */
  | { kind: 'method-not-allowed'; path: string }
  | { kind: 'not-found' };

/** Matches a path to a route. Literal segments win over `:param` segments. */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      const scope = route.auth === 'none' ? undefined : scopeOfOperation(route.method, route.path);
      if (route.auth !== 'none' && !scope) {
        throw new Error(`${route.method} ${route.path} is not in Okta's scope table`);
      }
      this.routes.push({
        ...route,
        ...(scope ? { scope } : {}),
        regex: new RegExp(`^${pattern}/?$`),
        names,
      });
    }
    // Most literal first, so `/api/v1/users/me/…` style literals beat `:id`.
    this.routes.sort((a, b) => a.names.length - b.names.length);
    return this;
  }

  match(method: string, path: string): Match {
    let pathMatched: string | null = null;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched ??= route.path;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { kind: 'found', route, params };
    }
    return pathMatched ? { kind: 'method-not-allowed', path: pathMatched } : { kind: 'not-found' };
  }
}

export const ok = (body: unknown, headers?: Record<string, string | string[]>): SimReply =>
  headers ? { status: 200, body, headers } : { status: 200, body };
export const noContent = (): SimReply => ({ status: 204 });
