import type { CORSOptions } from 'graphql-yoga';

/** The headers GraphQL clients send (Apollo, urql, Relay, graphql-request, GraphiQL). */
export const CORS_ALLOWED_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'x-request-id',
  'x-graphql-client-name',
  'x-graphql-client-version',
  'apollographql-client-name',
  'apollographql-client-version',
  'apollo-require-preflight',
  'graphql-preflight',
];

/**
 * CORS for browser apps: an origin on the allow-list gets its own origin back with credentials;
 * any other origin gets no CORS header at all (so the browser withholds the answer). `*` (demo
 * mode only: config refuses it elsewhere) allows every origin.
 */
export function corsPolicy(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowAll = origins.includes('*');
  const allowed = new Set(origins);
  // Yoga echoes the request's origin (with `Vary: Origin`) for `*` or several origins.
  const origin = allowAll ? ['*'] : [...allowed];
  return (request) => {
    const from = request.headers.get('origin');
    if (!from || !(allowAll || allowed.has(from))) return false;
    return {
      origin,
      credentials: true,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: CORS_ALLOWED_HEADERS,
      exposedHeaders: ['x-request-id', 'www-authenticate'],
      maxAge: 600,
    };
  };
}
