import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Context, GatewayHookEndpoint } from '../context.ts';
import type { LogEventStream } from '../events/stream.ts';
import type { LogEvent } from '../okta/index.ts';
import type { Logger } from './logger.ts';

/**
 * `/hooks/okta`: the receiving end of Okta event hooks (docs/okta-behaviour.md §4).
 *
 * - `GET` answers Okta's one-time verification challenge (`X-Okta-Verification-Challenge`).
 * - `POST` takes a delivery (`eventType: com.okta.event_hook`, `data.events[]` of LogEvents),
 *   publishes its events into the gateway's event stream and answers 200 only once they are
 *   published; a failed publish is a 503, so that Okta delivers again. Redeliveries publish
 *   nothing new: the stream dedupes by uuid.
 *
 * Okta signs nothing: a hook request is authentic when it carries the shared secret in the
 * hook's auth scheme header (`Authorization` unless configured otherwise), compared in constant
 * time. Both methods require it (Okta sends it with the challenge too). While the secret is
 * rotated, the previous one (OKTA_HOOK_SECRET_PREVIOUS) is accepted too. A refused request changes
 * nothing and learns nothing beyond its status.
 *
 * Without OKTA_HOOK_SECRET the endpoint is off (404) — except in demo mode, where the gateway
 * makes up a random secret of its own at start, so that registerGatewayEventHook works out of the
 * box while the endpoint still refuses anyone who was not given the secret by the gateway itself.
 * (A made-up secret lives as long as the process: one demo process, one secret.)
 *
 * Nothing of a request is logged beyond the uuids and types of its events: LogEvents name
 * people, and the secret is never logged.
 */
export const HOOKS_ENDPOINT = '/hooks/okta';

/** The delivery envelope's `eventType` (Okta's CloudEvents-style wrapper). */
const DELIVERY_EVENT_TYPE = 'com.okta.event_hook';
/** Okta's challenges are ~40 characters; anything far longer is not Okta. */
const MAX_CHALLENGE_CHARS = 1024;
/** How many problems a 400 lists: enough to fix a sender, too few to make the answer large. */
const MAX_PROBLEMS = 20;
/** LogEvent.severity values (the GraphQL enum refuses anything else). */
const SEVERITIES = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR']);
/** An RFC 3339 date-time, as Okta writes `published`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface OktaEventHookOptions {
  config: Readonly<Config>;
  events: LogEventStream;
  logger: Logger;
}

/**
 * The `/hooks/okta` endpoint, and the context field that tells registerGatewayEventHook how Okta
 * reaches it (`Context.gatewayHook`).
 */
export function useOktaEventHooks({
  config,
  events,
  logger,
}: OktaEventHookOptions): Plugin<Pick<Context, 'gatewayHook'>> {
  const secret =
    config.hookSecret ?? (config.demo ? randomBytes(32).toString('base64url') : undefined);
  const header = config.hookAuthHeader;
  const log = logger.child({ component: 'event-hooks' });
  // During a rotation both secrets are accepted (OKTA_HOOK_SECRET_PREVIOUS): Okta retries what
  // it sent before the hook was given the new one.
  const isAuthentic = secret
    ? secretCheck([secret, ...(config.hookSecretPrevious ? [config.hookSecretPrevious] : [])])
    : () => false;

  async function answer(request: Request, http: FetchApi): Promise<Response> {
    const problem = problemOf(http);
    if (!secret) return problem(404, 'not_found', 'Not found.');
    if (request.method !== 'GET' && request.method !== 'POST') {
      return problem(405, 'method_not_allowed', 'Use GET (verification) or POST (delivery).', {
        allow: 'GET, POST',
      });
    }
    // Before anything else, so that a request without the secret costs no parsing.
    if (!isAuthentic(request.headers.get(header))) {
      log.warn('event hook request refused', { method: request.method, reason: 'secret' });
      return problem(401, 'unauthorized', 'Unauthorized.');
    }
    return request.method === 'GET' ? verification(request, http) : delivery(request, http);
  }

  function verification(request: Request, http: FetchApi): Response {
    const problem = problemOf(http);
    const challenge = request.headers.get('x-okta-verification-challenge');
    if (!challenge || challenge.length > MAX_CHALLENGE_CHARS) {
      return problem(
        400,
        'missing_challenge',
        'A verification request carries the X-Okta-Verification-Challenge header.',
      );
    }
    log.info('event hook verification answered');
    return jsonOf(http)(200, { verification: challenge });
  }

  async function delivery(request: Request, http: FetchApi): Promise<Response> {
    const problem = problemOf(http);
    if (!isJson(request.headers.get('content-type'))) {
      return problem(415, 'unsupported_media_type', 'A delivery is application/json (UTF-8).');
    }
    const read = await readBody(request, config.hookMaxBodyBytes);
    if (read === 'too large') {
      return problem(
        413,
        'payload_too_large',
        `A delivery is at most ${config.hookMaxBodyBytes} bytes.`,
      );
    }
    const parsed = parseJson(read);
    if (!parsed.ok) return problem(400, 'invalid_delivery', parsed.reason);
    const checked = deliveredEvents(parsed.value);
    if (!checked.ok) {
      return problem(400, 'invalid_delivery', 'The body is not an Okta event hook delivery.', {}, [
        ...checked.problems,
      ]);
    }
    const delivered = checked.events;
    let published: LogEvent[];
    try {
      published = await events.publish(delivered, 'hook');
    } catch (error) {
      log.error('event hook delivery not published; Okta will deliver it again', {
        error: error instanceof Error ? error.message : String(error),
        events: summary(delivered),
      });
      return problem(503, 'publish_failed', 'The events could not be published; deliver again.');
    }
    log.info('event hook delivery published', {
      delivered: delivered.length,
      published: published.length,
    });
    log.debug('event hook delivery events', { events: summary(delivered) });
    // Okta wants 200 or 204 with an empty body.
    return new http.Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
  }

  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== HOOKS_ENDPOINT) return;
      endResponse(await answer(request, fetchAPI));
    },
    onContextBuilding({ context, extendContext }) {
      if (!secret) return;
      const gatewayHook: GatewayHookEndpoint = {
        uri: publicUrlOf(config, context.request),
        authScheme: { key: header, value: secret },
      };
      extendContext({ gatewayHook });
    },
  };
}

/** `<GATEWAY_PUBLIC_URL>/hooks/okta`; in demo mode, the origin the request itself came to. */
function publicUrlOf(config: Readonly<Config>, request: Request): string | null {
  if (config.publicUrl) return `${config.publicUrl}${HOOKS_ENDPOINT}`;
  if (!config.demo) return null;
  return `${new URL(request.url).origin}${HOOKS_ENDPOINT}`;
}

/**
 * Compares a header value with each accepted secret in constant time: all are hashed first, so
 * that each comparison takes as long whatever the length or the content of what was sent, and
 * every secret is compared every time, so that the time says nothing of which one matched.
 */
function secretCheck(secrets: readonly string[]): (given: string | null) => boolean {
  const expected = secrets.map((secret) => createHash('sha256').update(secret).digest());
  return (given) => {
    const digest = createHash('sha256')
      .update(given ?? '')
      .digest();
    let matched = false;
    for (const candidate of expected) matched = timingSafeEqual(digest, candidate) || matched;
    return matched && given !== null;
  };
}

function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  return charset === undefined || charset.replace(/"/g, '') === 'utf-8';
}

/** The body, or `too large` as soon as it passes the limit (declared or actual). */
async function readBody(request: Request, limit: number): Promise<Uint8Array | 'too large'> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return 'too large';
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return 'too large';
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, reason: 'The body is not UTF-8 text.' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'The body is not JSON.' };
  }
}

type Checked = { ok: true; events: LogEvent[] } | { ok: false; problems: string[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The events of a delivery, when it is one: the envelope, and in each event what the gateway
 * relies on downstream (the uuid it dedupes on, the type subscribers filter on, the time, and
 * the fields the LogEvent type declares non-null). A problem names the path, never the value.
 */
export function deliveredEvents(body: unknown): Checked {
  if (!isObject(body)) return { ok: false, problems: ['the body must be a JSON object'] };
  const problems: string[] = [];
  if (body.eventType !== DELIVERY_EVENT_TYPE) {
    problems.push(`eventType must be "${DELIVERY_EVENT_TYPE}"`);
  }
  const data = body.data;
  if (!isObject(data) || !Array.isArray(data.events)) {
    problems.push('data.events must be a list of System Log events');
    return { ok: false, problems };
  }
  data.events.forEach((event: unknown, i) => {
    const at = `data.events[${i}]`;
    if (!isObject(event)) {
      problems.push(`${at} must be an object`);
      return;
    }
    if (!isText(event.uuid)) problems.push(`${at}.uuid must be a non-empty string`);
    if (!isText(event.eventType)) problems.push(`${at}.eventType must be a non-empty string`);
    if (!(isText(event.published) && DATE_TIME.test(event.published))) {
      problems.push(`${at}.published must be a date-time`);
    }
    if (typeof event.version !== 'string') problems.push(`${at}.version must be a string`);
    if (typeof event.severity !== 'string' || !SEVERITIES.has(event.severity)) {
      problems.push(`${at}.severity must be one of ${[...SEVERITIES].join(', ')}`);
    }
    if (!isObject(event.actor) || !isText(event.actor.id) || !isText(event.actor.type)) {
      problems.push(`${at}.actor must be an object with an id and a type`);
    }
    if (event.target !== undefined && event.target !== null) {
      const targets = event.target;
      if (!Array.isArray(targets)) problems.push(`${at}.target must be a list`);
      else {
        targets.forEach((target: unknown, j) => {
          if (!isObject(target) || !isText(target.id) || !isText(target.type)) {
            problems.push(`${at}.target[${j}] must be an object with an id and a type`);
          }
        });
      }
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) {
      shown.push(`… and ${problems.length - MAX_PROBLEMS} more problems`);
    }
    return { ok: false, problems: shown };
  }
  return { ok: true, events: data.events as LogEvent[] };
}

/** What may be logged of events: their uuids and types, nothing that names a person. */
function summary(events: readonly LogEvent[]): { uuid: string; eventType: string }[] {
  return events.map((e) => ({ uuid: e.uuid, eventType: e.eventType }));
}

/** The server adapter's fetch API (its Response is what it knows how to send). */
type FetchApi = { Response: typeof Response };

const jsonOf =
  (http: FetchApi) =>
  (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
    new http.Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...headers,
      },
    });

/** An error answer: a stable `error` code, a `message`, and for a 400 the `problems` found. */
const problemOf =
  (http: FetchApi) =>
  (
    status: number,
    error: string,
    message: string,
    headers: Record<string, string> = {},
    problems?: string[],
  ): Response =>
    jsonOf(http)(status, problems ? { error, message, problems } : { error, message }, headers);
