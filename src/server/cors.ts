import type { CORSOptions } from 'graphql-yoga';

/**
 * Headers that mark a request as one a browser could not have sent cross-site without a CORS
 * preflight. A request with a JSON (or any non-"simple") content type passes CSRF prevention as
 * it is; a GET or a form-encoded POST needs one of these (GraphiQL sends the first; Apollo Client
 * documents the second, yoga the last). Each is an allowed CORS header below, or the preflight of
 * a browser app on another origin that sends it would fail.
 */
export const CSRF_PREVENTION_HEADERS = [
  'x-graphql-client-name',
  'apollo-require-preflight',
  'graphql-preflight',
  'x-graphql-yoga-csrf',
] as const;

/**
 * The headers GraphQL clients send (Apollo, urql, Relay, graphql-request, GraphiQL), every header
 * the CSRF rule accepts among them.
 */
export const CORS_ALLOWED_HEADERS: readonly string[] = [
  ...new Set([
    'accept',
    'authorization',
    'content-type',
    'x-request-id',
    'x-graphql-client-version',
    'apollographql-client-name',
    'apollographql-client-version',
    // What an operation costs Okta (use-okta-plan.ts): frontend teams ask from the browser.
    'x-okta-plan',
    ...CSRF_PREVENTION_HEADERS,
  ]),
];

/** Whether a browser origin is on the allow-list (CORS_ORIGINS; `*` allows every origin). */
export function originAllowList(origins: readonly string[]): (origin: string) => boolean {
  const allowAll = origins.includes('*');
  const allowed = new Set(origins);
  return (origin) => allowAll || allowed.has(origin);
}

/**
 * CORS for browser apps: an origin on the allow-list gets its own origin back with credentials;
 * any other origin gets no CORS header at all (so the browser withholds the answer). `*` (demo
 * mode only: config refuses it elsewhere) allows every origin.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const listed = originAllowList(origins);
  // Yoga echoes the request's origin (with `Vary: Origin`) for `*` or several origins.
  const origin = origins.includes('*') ? ['*'] : [...new Set(origins)];
  return (request) => {
    const from = request.headers.get('origin');
    if (!from || !listed(from)) return false;
    return {
      origin,
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: ['x-request-id', 'www-authenticate'],
      maxAge: 600,
    };
  };
}

/**
 * The same allow-list for a WebSocket handshake, where CORS does not apply and a browser sends
 * any site's handshake: the `Origin` must be on the list or the gateway's own (its pages, such as
 * GraphiQL, connect from there). Clients that are not browsers send no `Origin` and pass.
 */
export function webSocketOriginPolicy(
  origins: readonly string[],
): (handshake: { origin?: string; host?: string }) => boolean {
  const listed = originAllowList(origins);
  return ({ origin, host }) => {
    if (!origin || listed(origin)) return true;
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  };
}
