/**
 * Every environment variable the gateway reads, parsed once. All problems are reported
 * together (main.ts prints them and exits 1); the result is frozen. Secret values are never
 * echoed in a problem message.
 */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

export type OktaAuthConfig =
  | { mode: 'ssws'; apiToken: string }
  | {
      mode: 'private_key_jwt';
      clientId: string;
      /** PEM (PKCS#8) or a JWK as JSON. */
      privateKey: string;
      keyId: string | undefined;
      scopes: string[];
    };

export interface CallerAuthConfig {
  mode: 'jwt' | 'none';
  issuer?: string;
  audience?: string;
  jwksUrl?: string;
  algorithms: string[];
  clockToleranceSeconds: number;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDocumentChars: number;
  /**
   * The most Okta calls one operation may plan in any one rate-limit bucket (src/planner/);
   * more is refused before any call (OKTA_PLAN_EXCEEDED).
   */
  maxPlannedCalls: number;
  maxFirst: number;
  maxBodyBytes: number;
  operationTimeoutMs: number;
}

export interface OktaHttpConfig {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  /**
   * Okta calls in flight at once: OKTA_CONCURRENT_LIMIT × GATEWAY_CONCURRENCY_SHARE, or
   * OKTA_MAX_IN_FLIGHT when set.
   */
  maxInFlight: number;
  /** Share of each rate-limit bucket left for the org's other API clients (0..0.9). */
  reservedShare: number;
  /**
   * Share of each bucket that only the gateway's own work (System Log poller, hook registration)
   * may spend, on top of `reservedShare`.
   */
  systemShare: number;
  /** The most one caller may spend per window of what callers may spend of a bucket (0..1]. */
  callerShare: number;
}

export interface PollerConfig {
  /** The wait after a short page: how far behind Okta a polled event may be. */
  intervalMs: number;
  /** How long the polling replica's lease lasts unrenewed: a dead holder's successor waits it out. */
  leaseTtlMs: number;
}

/** What one caller may hold open at once (counted by the token's `sub`). */
export interface LiveStreamLimits {
  /** Subscriptions, SSE and graphql-ws together (GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER). */
  maxSubscriptionsPerCaller: number;
  /** graphql-ws sockets (GATEWAY_MAX_SOCKETS_PER_CALLER). */
  maxSocketsPerCaller: number;
}

/** What the issue-13 security review made configurable (README: "Security"). */
export interface SecurityConfig {
  /**
   * The bearer token `/metrics` requires (`GATEWAY_METRICS_TOKEN`). Unset: `/metrics` is open in
   * demo mode and off (404) otherwise, as it shows rate-limit state and operation names.
   */
  metricsToken: string | undefined;
  /** Node's `headersTimeout`: a client has this long to send a request's headers. */
  headersTimeoutMs: number;
  /** Node's `requestTimeout`: … and this long to send the whole request (not the response). */
  requestTimeoutMs: number;
  /** The longest string argument (`search`, `filter`, `q`, `name`, …) sent on to Okta. */
  maxArgumentChars: number;
  /** Persisted operations: `off`, `optional` (hash or document), `required` (hash only). */
  trustedDocuments: 'off' | 'optional' | 'required';
  /** A caller whose token holds this scope may send any document when hashes are required. */
  documentsAnyScope: string;
  /** Manifests (sha256 → document) beside the typed client's, e.g. a frontend build's. */
  persistedOperationFiles: string[];
}

export interface Config {
  port: number;
  host: string;
  /** Unset: demo mode, over the embedded simulator. */
  oktaOrgUrl: string | undefined;
  oktaAuth: OktaAuthConfig | undefined;
  oktaHttp: OktaHttpConfig;
  demo: boolean;
  callerAuth: CallerAuthConfig;
  corsOrigins: string[];
  limits: LimitsConfig;
  liveStreams: LiveStreamLimits;
  /** Explicit development mode: errors unmasked. Never on by default. */
  development: boolean;
  introspection: boolean;
  graphiql: boolean;
  redisUrl: string | undefined;
  /**
   * Every Redis key of this gateway starts with it: gateways of different orgs (or test runs) on
   * one Redis keep apart by it. Default `okta-gateway:`.
   */
  redisPrefix: string;
  /** The System Log poller (src/events/poller.ts). */
  poller: PollerConfig;
  /**
   * The shared secret Okta sends with every event hook request (the hook's `authScheme` value).
   * Unset: `/hooks/okta` is off (404), except in demo mode, where the gateway makes up one of its
   * own at start (see src/server/hooks.ts).
   */
  hookSecret: string | undefined;
  /**
   * The secret being rotated out (OKTA_HOOK_SECRET_PREVIOUS): accepted beside `hookSecret` until
   * registerGatewayEventHook has given Okta the new one and Okta's last retries with the old one
   * are over; then unset it.
   */
  hookSecretPrevious: string | undefined;
  /** The header that carries the secret (the hook's `authScheme.key`): `Authorization` by default. */
  hookAuthHeader: string;
  /** The largest event hook delivery body accepted (bytes); larger ones are answered 413. */
  hookMaxBodyBytes: number;
  /**
   * Where Okta reaches this gateway (e.g. `https://gateway.example.com`): what
   * registerGatewayEventHook registers as the hook's endpoint (`<url>/hooks/okta`). Unset in demo
   * mode: the URL the mutation's own request came to.
   */
  publicUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Seed and size of the embedded demo org. */
  demoSeed: number;
  security: SecurityConfig;
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  float(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name} must be a number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, { https }: { https: boolean }): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${name} must be an absolute URL (got "${value}")`);
      return undefined;
    }
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
    if (https && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
      this.problems.push(`${name} must use https (http is accepted for loopback only)`);
      return undefined;
    }
    return value.replace(/\/+$/, '');
  }

  list(name: string): string[] {
    return (this.raw(name) ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  }
}

/** Long enough not to be guessed within Okta's and a proxy's patience; never echoed. */
const MIN_HOOK_SECRET_CHARS = 16;

function hookSecret(r: Reader, name = 'OKTA_HOOK_SECRET'): string | undefined {
  const value = r.raw(name);
  if (value !== undefined && value.length < MIN_HOOK_SECRET_CHARS) {
    r.problems.push(`${name} must be at least ${MIN_HOOK_SECRET_CHARS} characters long`);
    return undefined;
  }
  return value;
}

/** The secret being rotated out: only beside a current one, and never the same. */
function previousHookSecret(r: Reader, current: string | undefined): string | undefined {
  const value = hookSecret(r, 'OKTA_HOOK_SECRET_PREVIOUS');
  if (value === undefined) return undefined;
  if (current === undefined) {
    r.problems.push('OKTA_HOOK_SECRET_PREVIOUS needs OKTA_HOOK_SECRET (the new secret) beside it');
    return undefined;
  }
  if (value === current) {
    r.problems.push('OKTA_HOOK_SECRET_PREVIOUS must differ from OKTA_HOOK_SECRET');
    return undefined;
  }
  return value;
}

/** An HTTP header name (RFC 9110 token). */
function headerName(r: Reader, name: string, fallback: string): string {
  const value = r.raw(name);
  if (value === undefined) return fallback;
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
    r.problems.push(`${name} must be an HTTP header name such as Authorization (got "${value}")`);
    return fallback;
  }
  return value;
}

/** A shared secret: at least 32 printable characters; the value never echoed. */
function secretOf(r: Reader, name: string): string | undefined {
  const value = r.raw(name);
  if (value !== undefined && !/^[\x21-\x7e]{32,}$/.test(value)) {
    r.problems.push(`${name} must be at least 32 printable characters without spaces`);
    return undefined;
  }
  return value;
}

/** Printable, no spaces (it is read back in logs and `redis-cli`), and short. */
function redisPrefix(r: Reader): string {
  const value = r.raw('REDIS_PREFIX');
  if (value === undefined) return 'okta-gateway:';
  if (!/^[\x21-\x7e]{1,100}$/.test(value)) {
    r.problems.push('REDIS_PREFIX must be 1 to 100 printable characters without spaces');
    return 'okta-gateway:';
  }
  return value;
}

/**
 * Okta's concurrent cap for the org (75 on Workforce orgs, 35 on the Integrator Free plan) times
 * the share this gateway takes of it; OKTA_MAX_IN_FLIGHT fixes the number instead.
 */
function oktaInFlight(r: Reader): number {
  const concurrentLimit = r.int('OKTA_CONCURRENT_LIMIT', 75, 1, 10_000);
  const share = r.float('GATEWAY_CONCURRENCY_SHARE', 0.5, 0.01, 1);
  const fixed =
    r.raw('OKTA_MAX_IN_FLIGHT') === undefined
      ? undefined
      : r.int('OKTA_MAX_IN_FLIGHT', 10, 1, 10_000);
  return fixed ?? Math.max(1, Math.floor(concurrentLimit * share + 1e-9));
}

/** The rate-limit buckets split: the org's other clients, the gateway's own work, each caller. */
function rateLimitShares(r: Reader) {
  const reservedShare = r.float('OKTA_RATE_LIMIT_RESERVED_SHARE', 0.2, 0, 0.9);
  const systemShare = r.float('GATEWAY_SYSTEM_SHARE', 0.1, 0, 0.9);
  const callerShare = r.float('GATEWAY_CALLER_SHARE', 0.5, 0.01, 1);
  if (reservedShare + systemShare >= 1) {
    r.problems.push(
      'OKTA_RATE_LIMIT_RESERVED_SHARE + GATEWAY_SYSTEM_SHARE must be below 1: callers need a share',
    );
  }
  return { reservedShare, systemShare, callerShare };
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const r = new Reader(env);
  const port = r.int('PORT', 4000, 0, 65535);
  const host = r.raw('HOST') ?? '127.0.0.1';
  const oktaOrgUrl = r.url('OKTA_ORG_URL', { https: true });
  const demo = r.raw('OKTA_ORG_URL') === undefined;

  let oktaAuth: OktaAuthConfig | undefined;
  const apiToken = r.raw('OKTA_API_TOKEN');
  const clientId = r.raw('OKTA_CLIENT_ID');
  const privateKey = r.raw('OKTA_PRIVATE_KEY');
  if (!demo) {
    if (apiToken && clientId) {
      r.problems.push('set either OKTA_API_TOKEN or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY, not both');
    } else if (apiToken) {
      oktaAuth = { mode: 'ssws', apiToken };
    } else if (clientId) {
      const scopes = r.list('OKTA_SCOPES');
      if (!privateKey) r.problems.push('OKTA_PRIVATE_KEY is required with OKTA_CLIENT_ID');
      else if (!privateKey.includes('PRIVATE KEY') && !privateKey.startsWith('{')) {
        r.problems.push('OKTA_PRIVATE_KEY must be a PEM private key or a JWK in JSON');
      }
      if (scopes.length === 0) {
        r.problems.push('OKTA_SCOPES is required with OKTA_CLIENT_ID (e.g. "okta.users.read")');
      } else if (scopes.some((s) => !/^okta\.[A-Za-z]+(\.[A-Za-z]+)*$/.test(s))) {
        r.problems.push('OKTA_SCOPES must be Okta scopes such as okta.users.read');
      }
      oktaAuth = {
        mode: 'private_key_jwt',
        clientId,
        privateKey: privateKey ?? '',
        keyId: r.raw('OKTA_KEY_ID'),
        scopes,
      };
    } else {
      r.problems.push(
        'OKTA_ORG_URL needs a credential: OKTA_API_TOKEN, or OKTA_CLIENT_ID + OKTA_PRIVATE_KEY + OKTA_SCOPES',
      );
    }
  }

  const oktaHttp: OktaHttpConfig = {
    connectTimeoutMs: r.int('OKTA_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    headersTimeoutMs: r.int('OKTA_HEADERS_TIMEOUT_MS', 5_000, 100, 120_000),
    bodyTimeoutMs: r.int('OKTA_BODY_TIMEOUT_MS', 10_000, 100, 300_000),
    maxInFlight: oktaInFlight(r),
    ...rateLimitShares(r),
  };

  const authMode = r.oneOf('AUTH_MODE', ['jwt', 'none'] as const, 'jwt');
  const issuer = r.raw('AUTH_ISSUER');
  const audience = r.raw('AUTH_AUDIENCE');
  const jwksUrl = r.url('AUTH_JWKS_URL', { https: true });
  const jwtConfigured = Boolean(issuer || audience || r.raw('AUTH_JWKS_URL'));
  let callerMode: 'jwt' | 'none' = authMode;
  if (authMode === 'jwt' && !jwtConfigured) {
    if (demo) callerMode = 'none';
    else {
      r.problems.push(
        'caller authentication is not configured: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL, or AUTH_MODE=none to run without it',
      );
    }
  }
  if (callerMode === 'jwt' && jwtConfigured && !(issuer && audience && r.raw('AUTH_JWKS_URL'))) {
    r.problems.push('AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL must be set together');
  }
  const algorithms = r.list('AUTH_ALGORITHMS');
  const callerAuth: CallerAuthConfig = {
    mode: callerMode,
    issuer,
    audience,
    jwksUrl,
    algorithms: algorithms.length > 0 ? algorithms : ['RS256', 'ES256', 'PS256', 'EdDSA'],
    clockToleranceSeconds: r.int('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
  };
  if (algorithms.some((a) => a.toLowerCase() === 'none' || a.startsWith('HS'))) {
    r.problems.push('AUTH_ALGORITHMS must list asymmetric algorithms only (no "none", no HS*)');
  }

  const corsOrigins = r.list('CORS_ORIGINS');
  if (!demo && corsOrigins.includes('*')) {
    r.problems.push('CORS_ORIGINS must list origins; "*" is allowed in demo mode only');
  }
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      r.problems.push(
        `CORS_ORIGINS entry "${origin}" must be an origin such as https://admin.example.com`,
      );
    }
  }

  const limits: LimitsConfig = {
    maxDepth: r.int('GRAPHQL_MAX_DEPTH', 6, 1, 50),
    maxAliases: r.int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
    maxTokens: r.int('GRAPHQL_MAX_TOKENS', 1000, 10, 100_000),
    maxDocumentChars: r.int('GRAPHQL_MAX_DOCUMENT_CHARS', 15_000, 100, 1_000_000),
    maxPlannedCalls: r.int('OKTA_PLAN_MAX_CALLS', 100, 1, 1_000_000),
    maxFirst: r.int('GRAPHQL_MAX_FIRST', 200, 1, 1000),
    maxBodyBytes: r.int('GRAPHQL_MAX_BODY_BYTES', 1_000_000, 1000, 100_000_000),
    operationTimeoutMs: r.int('GRAPHQL_OPERATION_TIMEOUT_MS', 30_000, 100, 600_000),
  };

  const liveStreams: LiveStreamLimits = {
    maxSubscriptionsPerCaller: r.int('GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER', 100, 1, 100_000),
    maxSocketsPerCaller: r.int('GATEWAY_MAX_SOCKETS_PER_CALLER', 10, 1, 10_000),
  };

  const development = r.bool('GATEWAY_DEVELOPMENT', false);
  const currentHookSecret = hookSecret(r);
  const config: Config = {
    port,
    host,
    oktaOrgUrl,
    oktaAuth,
    oktaHttp,
    demo,
    callerAuth,
    corsOrigins: corsOrigins.length > 0 ? corsOrigins : demo ? ['*'] : [],
    limits,
    liveStreams,
    development,
    introspection: r.bool('GRAPHQL_INTROSPECTION', demo || development),
    graphiql: r.bool('GRAPHIQL', demo || development),
    redisUrl: r.url('REDIS_URL', { https: false }),
    redisPrefix: redisPrefix(r),
    poller: {
      intervalMs: r.int('POLLER_INTERVAL_MS', 3000, 100, 600_000),
      leaseTtlMs: r.int('POLLER_LEASE_TTL_MS', 15_000, 1000, 600_000),
    },
    hookSecret: currentHookSecret,
    hookSecretPrevious: previousHookSecret(r, currentHookSecret),
    hookAuthHeader: headerName(r, 'OKTA_HOOK_AUTH_HEADER', 'Authorization'),
    hookMaxBodyBytes: r.int('OKTA_HOOK_MAX_BODY_BYTES', 1_000_000, 1000, 100_000_000),
    publicUrl: r.url('GATEWAY_PUBLIC_URL', { https: true }),
    logLevel: r.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error', 'silent'] as const, 'info'),
    demoSeed: r.int('DEMO_SEED', 42, 0, 2 ** 31 - 1),
    security: {
      metricsToken: secretOf(r, 'GATEWAY_METRICS_TOKEN'),
      headersTimeoutMs: r.int('SERVER_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
      requestTimeoutMs: r.int('SERVER_REQUEST_TIMEOUT_MS', 60_000, 100, 3_600_000),
      maxArgumentChars: r.int('GRAPHQL_MAX_ARGUMENT_CHARS', 2_000, 10, 100_000),
      trustedDocuments: r.oneOf(
        'GATEWAY_TRUSTED_DOCUMENTS',
        ['off', 'optional', 'required'] as const,
        'off',
      ),
      documentsAnyScope: r.raw('GATEWAY_DOCUMENTS_ANY_SCOPE') ?? 'gateway.documents.any',
      persistedOperationFiles: r.list('GATEWAY_PERSISTED_OPERATIONS_FILES'),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return Object.freeze(config);
}
