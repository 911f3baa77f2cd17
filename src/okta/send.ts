/**
 * One HTTP exchange with the org, read to the end: the gateway's only undici dispatcher. It
 * knows nothing of retries, rate limits or credentials (retry.ts decides those); it sends what
 * it is given, under the connect, headers and body timeouts, and reads the answer as JSON.
 */
import { Agent, type Dispatcher } from 'undici';
import type { HttpMethod, QueryValue } from './http.ts';

export interface OktaTimeouts {
  /** TCP + TLS connect. Default 5 s. */
  connectMs?: number;
  /** From sending the request to Okta's response headers. Default 5 s. */
  headersMs?: number;
  /** Between two chunks of the body. Default 10 s. */
  bodyMs?: number;
}

/** One answer read to the end. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** `Link` header lines as sent (each may itself hold several comma-joined links). */
  linkLines: string[];
  body: unknown;
}

export interface SenderOptions {
  /** The org's origin, e.g. `https://acme.okta.com`: every exchange goes there. */
  origin: string;
  timeouts?: OktaTimeouts;
  /** Connections the dispatcher keeps to the org. */
  connections: number;
  /** A dispatcher to use instead of an own Agent (undici's MockAgent in tests). */
  dispatcher?: Dispatcher;
  userAgent?: string;
}

export interface Sender {
  /**
   * One exchange, body read to the end. Throws undici's errors as they come, and an error with
   * code `MALFORMED` for a success whose body is not JSON.
   */
  send(
    method: HttpMethod,
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<Answer>;
  /** Close the dispatcher, unless it was given. */
  close(): Promise<void>;
}

/** A URL on the org with the query's set values (undefined and null ones left out). */
export function requestUrl(
  origin: string,
  path: string,
  query: Record<string, QueryValue> | undefined,
): URL {
  const url = new URL(path, origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  return url;
}

export function createSender(options: SenderOptions): Sender {
  const { origin } = options;
  const timeouts = {
    connectMs: options.timeouts?.connectMs ?? 5_000,
    headersMs: options.timeouts?.headersMs ?? 5_000,
    bodyMs: options.timeouts?.bodyMs ?? 10_000,
  };
  const userAgent = options.userAgent ?? 'okta-graphql-gateway/0.1.0';
  const ownsDispatcher = !options.dispatcher;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Agent({
      connect: { timeout: timeouts.connectMs },
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      connections: options.connections,
    });

  return {
    async send(method, url, headers, body, signal) {
      const res = await dispatcher.request({
        origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers: { accept: 'application/json', 'user-agent': userAgent, ...headers },
        body,
        signal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      const text = await res.body.text();
      const flat: Record<string, string> = {};
      let linkLines: string[] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        if (value === undefined) continue;
        const key = name.toLowerCase();
        flat[key] = Array.isArray(value) ? value.join(', ') : value;
        if (key === 'link') linkLines = Array.isArray(value) ? value : [value];
      }
      let parsed: unknown;
      if (text.trim() !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          // A proxy's HTML error page: an error status speaks for itself, a success does not.
          if (res.statusCode < 400)
            throw Object.assign(new Error('malformed'), { code: 'MALFORMED' });
          parsed = undefined;
        }
      }
      return { status: res.statusCode, headers: flat, linkLines, body: parsed };
    },

    async close() {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
