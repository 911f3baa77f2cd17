import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { authenticate, findClientApp, oauthPrincipal, requireScope } from './auth.ts';
import { OAuthSimError, OktaSimError, oktaErrors } from './errors.ts';
import { type Faults, faultSettingsFrom, InvalidSimulatorControl } from './faults.ts';
import { hookDeliveryOf } from './hook-delivery.ts';
import {
  BUCKET_PATTERNS,
  bucketFor,
  DEFAULT_RATE_LIMITS,
  type RateLimitAnswer,
  type RateLimiter,
} from './rate-limit.ts';
import type { Method, Router, SimContext, SimReply } from './router.ts';
import type { Org, Principal, SimulatorSettings } from './store.ts';
import { actorOf, apiClient, OKTA_SYSTEM_ACTOR, writeLogEvent } from './system-log.ts';

const MAX_BODY_BYTES = 1024 * 1024;

/** What the simulator served: one record per answered request, for counters and validators. */
export interface Exchange {
  method: string;
  /** `METHOD /route/:template` (or `METHOD <path>` when no route matched). */
  key: string;
  route: string | null;
  path: string;
  url: string;
  status: number;
  body: unknown;
  headers: OutgoingHttpHeaders;
}

/** Counts of served requests by `METHOD /route/:template`. */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** How many requests matched `METHOD /route/:template`, e.g. `GET /api/v1/users/:userId`. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

export interface ServerParts {
  org: Org;
  router: Router;
  faults: Faults;
  limiter: RateLimiter;
  requests: RequestCounter;
  exchanges: Set<(exchange: Exchange) => void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wait until `performance.now()` reaches `at` (0 or a time gone by: not at all). */
const sleepUntil = async (at: number) => {
  const left = at - performance.now();
  if (left > 0) await sleep(left);
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new OktaSimError(413, 'E0000001', 'Api validation failed: request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw oktaErrors.malformedBody();
  }
}

function errorReply(error: unknown): SimReply {
  if (error instanceof OktaSimError) {
    return { status: error.status, body: error.toBody(), headers: error.headers };
  }
  if (error instanceof OAuthSimError) {
    return {
      status: error.status,
      body: { error: error.error, error_description: error.description },
      headers: error.headers,
    };
  }
  return { status: 500, body: oktaErrors.internal().toBody() };
}

/**
 * The simulator's settings as they apply now: the rate limits with Okta's defaults filled in,
 * so that a benchmark can see (and lift) every bucket.
 */
function effectiveSettings(org: Org): SimulatorSettings {
  return { ...org.settings, rateLimits: { ...DEFAULT_RATE_LIMITS, ...org.settings.rateLimits } };
}

/**
 * Apply a `PATCH /__simulator/settings` body as a JSON merge patch (RFC 7386): only settings the
 * simulator has, each of the type it already holds; `rateLimits` merges per bucket, and a bucket
 * set to null goes back to Okta's default. All or nothing.
 */
function patchSettings(org: Org, input: unknown): void {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidSimulatorControl(['the body must be a JSON object']);
  }
  const problems: string[] = [];
  const current = org.settings as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'rateLimits') {
      const limits: Record<string, number> = { ...org.settings.rateLimits };
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push('rateLimits: an object of bucket names to calls per window');
        continue;
      }
      for (const [bucket, limit] of Object.entries(value)) {
        if (!(bucket in DEFAULT_RATE_LIMITS)) problems.push(`rateLimits.${bucket}: no such bucket`);
        else if (limit === null) delete limits[bucket];
        else if (Number.isSafeInteger(limit) && (limit as number) >= 0)
          limits[bucket] = limit as number;
        else problems.push(`rateLimits.${bucket}: a whole number of calls, 0 or more`);
      }
      next.rateLimits = limits;
    } else if (!(key in current)) {
      problems.push(`${key}: not a setting the simulator has`);
    } else if (typeof value !== typeof current[key]) {
      problems.push(`${key}: a ${typeof current[key]}`);
    } else if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0)) {
      problems.push(`${key}: a number, 0 or more`);
    } else next[key] = value;
  }
  if (problems.length > 0) throw new InvalidSimulatorControl(problems);
  Object.assign(org.settings, next);
}

const noContent: SimReply = { status: 204 };

/**
 * The simulator's control surface for tests and benchmarks in other processes. It is not part of
 * Okta's API: nothing here counts against a rate limit or shows in the request counter. It takes
 * the org's API token (`Authorization: SSWS …`), because a simulator listening on a port must not
 * let whoever reaches it reconfigure it.
 */
async function adminRoute(
  parts: ServerParts,
  req: IncomingMessage,
  path: string,
  raw: string,
): Promise<SimReply> {
  const { org, faults, requests, limiter } = parts;
  const [scheme = '', token = ''] = String(req.headers.authorization ?? '').split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'ssws' || !org.apiTokens.has(token)) throw oktaErrors.invalidToken();
  const method = (req.method ?? 'GET').toUpperCase();
  const body = () => parseBody(raw, 'application/json');
  switch (`${method} ${path}`) {
    case 'GET /__simulator/requests':
      return ok(requests.snapshot());
    case 'DELETE /__simulator/requests':
      requests.reset();
      return noContent;
    case 'GET /__simulator/faults':
      return ok(faults.settings);
    case 'PUT /__simulator/faults': {
      const patch = faultSettingsFrom(body() ?? {});
      faults.clear();
      faults.set(patch);
      return ok(faults.settings);
    }
    case 'GET /__simulator/settings':
      return ok(effectiveSettings(org));
    case 'PATCH /__simulator/settings':
      patchSettings(org, body() ?? {});
      return ok(effectiveSettings(org));
    case 'GET /__simulator/rate-limits':
      return ok(limiter.view());
    case 'DELETE /__simulator/rate-limits':
      limiter.reset();
      return noContent;
    case 'GET /__simulator/hook-deliveries/idle':
      // Every event written so far has been delivered to its hooks, or given up on.
      await hookDeliveryOf(org).idle();
      return noContent;
    default:
      throw oktaErrors.pathNotFound();
  }
}

const ok = (body: unknown): SimReply => ({ status: 200, body });

const oauthClientOf = (principal: Principal | null) =>
  principal?.kind === 'oauth' ? principal.id : undefined;

/**
 * Who a request presents itself as, read from its credential without verifying it (no DPoP
 * proof check, no expiry): only to name the actor of a rate-limit violation, which Okta decides
 * before it authenticates the request. Null when the credential names no one.
 */
function presumedCaller(org: Org, req: IncomingMessage): Principal | null {
  const [scheme = '', credential = ''] = String(req.headers.authorization ?? '').split(/\s+/, 2);
  if (scheme.toLowerCase() === 'ssws') return org.apiTokens.get(credential) ?? null;
  const token = org.accessTokens.get(credential);
  if (!token) return null;
  return oauthPrincipal(findClientApp(org, token.clientId), token.clientId, token.scopes);
}

// What a violation event's debugData holds beyond requestId/requestUri/url. Assumption: the names
// as recalled from real orgs' system.org.rate_limit.violation events; Okta documents only their
// `operationRateLimit…` counterparts (for operation limits). Correct them here when a real event
// says otherwise. Values are strings, as in Okta's documented examples.
function violationDebugData(refusal: RateLimitAnswer, windowMs: number): Record<string, string> {
  const wholeMinutes = windowMs % 60_000 === 0;
  return {
    rateLimitScopeType: 'ORG',
    rateLimitSecondsToReset: String(Math.max(0, Math.ceil((refusal.resetsAt - Date.now()) / 1000))),
    threshold: String(refusal.limit),
    timeSpan: String(wholeMinutes ? windowMs / 60_000 : Math.ceil(windowMs / 1000)),
    timeUnit: wholeMinutes ? 'MINUTES' : 'SECONDS',
  };
}

/**
 * The System Log event for the first refused request of a window: `system.org.rate_limit.violation`
 * for a spent bucket (target: the bucket's URL pattern), `core.concurrency.org.limit.violation`
 * for the concurrency cap ("the first error every sixty seconds is written to the log"; the
 * simulator's window stands in for the minute). The actor is the caller the request names.
 */
function logRefusal(
  parts: ServerParts,
  req: IncomingMessage,
  url: URL,
  requestId: string,
  bucket: string | null,
  refusal: RateLimitAnswer,
): void {
  const { org } = parts;
  const caller = presumedCaller(org, req);
  const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  const pattern = bucket === null ? null : (BUCKET_PATTERNS[bucket] ?? BUCKET_PATTERNS.default!);
  writeLogEvent(org, {
    eventType:
      bucket === null ? 'core.concurrency.org.limit.violation' : 'system.org.rate_limit.violation',
    severity: 'WARN',
    outcome: { result: 'DENY' },
    actor: caller ? actorOf(caller) : OKTA_SYSTEM_ACTOR,
    client: apiClient(String(req.headers['user-agent'] ?? 'unknown'), ip, oauthClientOf(caller)),
    transactionId: requestId,
    requestUri: url.pathname,
    debugData: {
      url: `${url.pathname}${url.search}`,
      ...(bucket === null ? {} : violationDebugData(refusal, org.settings.rateLimitWindowMs)),
    },
    targets: pattern === null ? [] : [{ id: pattern, type: 'URL Pattern', displayName: pattern }],
  });
}

export function createSimulatorServer(parts: ServerParts): Server {
  const { org, router, faults, limiter, requests, exchanges } = parts;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const requestId = randomBytes(15).toString('base64url');
    const url = new URL(req.url ?? '/', org.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string | string[]> = {
      'X-Okta-Request-Id': requestId,
    };
    let key = `${method} ${url.pathname}`;
    let route: string | null = null;
    let reply: SimReply;
    let text: string | undefined;
    let entered = false;
    // With `latencyIncludesWork`, when the answer leaves: the request's arrival + the latency.
    let answerAt = 0;

    try {
      const raw = await readBody(req);
      const contentType = req.headers['content-type'];

      if (url.pathname.startsWith('/__simulator/')) {
        let admin: SimReply;
        try {
          admin = await adminRoute(parts, req, url.pathname, raw);
        } catch (error) {
          admin =
            error instanceof InvalidSimulatorControl
              ? errorReply(oktaErrors.validation('body', [...error.problems]))
              : errorReply(error);
        }
        send(res, admin, bodyText(admin), headers, 0);
        return;
      }

      const match = router.match(method, url.pathname);
      if (match.kind === 'found') {
        route = match.route.path;
        key = `${method} ${route}`;
      }
      // A path that takes other methods counts against its route's bucket; an unknown one
      // against "most other API actions".
      const template =
        match.kind === 'found'
          ? match.route.path
          : match.kind === 'method-not-allowed'
            ? match.path
            : url.pathname;
      const bucket = bucketFor(method, template);

      // Okta limits requests before it looks at them: every request that reaches it, unknown
      // path or bad token included, enters the concurrency cap and counts against its bucket.
      // Injected latency and stalls happen inside the cap, as Okta's own work would.
      const crowded = limiter.enter();
      if (crowded) {
        Object.assign(headers, crowded.headers);
        if (crowded.firstRefusal) logRefusal(parts, req, url, requestId, null, crowded);
        throw oktaErrors.rateLimited();
      }
      entered = true;

      const latency = faults.latency();
      if (faults.settings.latencyIncludesWork) answerAt = arrived + latency;
      else if (latency > 0) await sleep(latency);
      const fault = faults.decide(key);
      if (fault.kind === 'drop') {
        await sleepUntil(answerAt);
        requests.add(key);
        req.socket.destroy();
        return;
      }
      if (faults.settings.stallMs > 0) await sleep(faults.settings.stallMs);

      if (fault.kind === 'rate-limit') {
        // An injected 429 reports the bucket as spent without spending it, and logs nothing.
        Object.assign(headers, limiter.peek(bucket).headers, { 'X-Rate-Limit-Remaining': '0' });
        throw oktaErrors.rateLimited();
      }
      const taken = limiter.take(bucket);
      Object.assign(headers, taken.headers);
      if (!taken.allowed) {
        if (taken.firstRefusal) logRefusal(parts, req, url, requestId, bucket, taken);
        throw oktaErrors.rateLimited();
      }
      if (fault.kind === 'fail') {
        if (fault.status === 503) throw oktaErrors.serviceUnavailable();
        throw new OktaSimError(fault.status, 'E0000009', 'Internal Server Error');
      }

      if (match.kind === 'not-found') throw oktaErrors.pathNotFound();
      if (match.kind === 'method-not-allowed') throw oktaErrors.methodNotAllowed();
      const principal =
        match.route.auth === 'none' ? null : await authenticate(org, req.headers, method, url);
      if (principal && match.route.scope) {
        requireScope(org, principal, match.route.scope, url.pathname);
      }

      const body = parseBody(raw, contentType);
      if (method !== 'GET') {
        org.userIndex.beforeWrite();
        org.groupIndex.beforeWrite();
      }
      const userAgent = String(req.headers['user-agent'] ?? 'unknown');
      const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
      const ctx: SimContext = {
        org,
        method: method as Method,
        url,
        route: match.route.path,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        principal,
        requestId,
        log: (input) => {
          if (!principal && !input.actor) throw new Error('a log event needs an actor');
          return writeLogEvent(org, {
            ...input,
            actor: input.actor ?? actorOf(principal!),
            client: input.client ?? apiClient(userAgent, ip, oauthClientOf(principal)),
            transactionId: input.transactionId ?? requestId,
            requestUri: input.requestUri ?? url.pathname,
          });
        },
      };
      reply = await match.route.handler(ctx);
      text = bodyText(reply);
      await sleepUntil(answerAt);
    } catch (error) {
      reply = errorReply(error);
      if (!(error instanceof OktaSimError || error instanceof OAuthSimError)) {
        console.error('simulator: unexpected error', error);
      }
      text = bodyText(reply);
      await sleepUntil(answerAt);
    } finally {
      if (entered) limiter.leave();
    }

    requests.add(key);
    const allHeaders = { ...headers, ...reply.headers };
    for (const listener of exchanges) {
      listener({
        method,
        key,
        route,
        path: url.pathname,
        url: url.toString(),
        status: reply.status,
        body: reply.body,
        headers: allHeaders,
      });
    }
    send(res, reply, text, allHeaders, faults.settings.slowBodyMs);
  }

  return createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('simulator: failed to answer', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
}

/** A reply's body as sent: its JSON, or undefined when it has none. */
function bodyText(reply: SimReply): string | undefined {
  return reply.status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body);
}

function send(
  res: ServerResponse,
  reply: SimReply,
  text: string | undefined,
  headers: Record<string, string | string[]>,
  slowBodyMs: number,
): void {
  const all: Record<string, string | string[]> = { ...headers, ...reply.headers };
  if (text === undefined) {
    res.writeHead(reply.status, all);
    res.end();
    return;
  }
  all['Content-Type'] = 'application/json';
  all['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, all);
  if (slowBodyMs > 0) {
    const half = Math.floor(text.length / 2);
    res.write(text.slice(0, half));
    setTimeout(() => res.end(text.slice(half)), slowBodyMs);
    return;
  }
  res.end(text);
}
