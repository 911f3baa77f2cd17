import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('configuration', () => {
  it('runs in demo mode over the simulator when OKTA_ORG_URL is unset', () => {
    const config = loadConfig({});
    expect(config.demo).toBe(true);
    expect(config.port).toBe(4000);
    expect(config.callerAuth.mode).toBe('none');
    expect(config.graphiql).toBe(true);
    expect(config.limits).toEqual({
      maxDepth: 6,
      maxAliases: 15,
      maxTokens: 1000,
      maxDocumentChars: 15_000,
      maxPlannedCalls: 100,
      maxFirst: 200,
      maxBodyBytes: 1_000_000,
      operationTimeoutMs: 30_000,
    });
  });

  it('reports every wrong value at once', () => {
    expect(problemsOf({ PORT: 'eighty', GRAPHQL_MAX_DEPTH: '0', LOG_LEVEL: 'loud' })).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'GRAPHQL_MAX_DEPTH must be a whole number from 1 to 50 (got "0")',
      'LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")',
    ]);
  });

  it('reads the per-operation ceiling of Okta calls per bucket, and refuses a zero one', () => {
    expect(loadConfig({ OKTA_PLAN_MAX_CALLS: '250' }).limits.maxPlannedCalls).toBe(250);
    expect(problemsOf({ OKTA_PLAN_MAX_CALLS: '0' })).toEqual([
      'OKTA_PLAN_MAX_CALLS must be a whole number from 1 to 1000000 (got "0")',
    ]);
  });

  it('refuses to start against a real org without caller authentication unless AUTH_MODE=none', () => {
    const env = { OKTA_ORG_URL: 'https://acme.okta.com', OKTA_API_TOKEN: 'secret-token' };
    expect(problemsOf(env)).toEqual([
      'caller authentication is not configured: set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL, or AUTH_MODE=none to run without it',
    ]);
    expect(loadConfig({ ...env, AUTH_MODE: 'none' }).callerAuth.mode).toBe('none');
  });

  it('never echoes a secret in a problem', () => {
    const problems = problemsOf({
      OKTA_ORG_URL: 'https://acme.okta.com',
      OKTA_API_TOKEN: 'super-secret-token',
      OKTA_CLIENT_ID: '0oa1',
    });
    expect(problems.join(' ')).not.toContain('super-secret-token');
  });

  it('requires https for the org URL except on loopback', () => {
    expect(problemsOf({ OKTA_ORG_URL: 'http://acme.okta.com', AUTH_MODE: 'none' })).toContain(
      'OKTA_ORG_URL must use https (http is accepted for loopback only)',
    );
  });

  it('reads an OAuth service app credential', () => {
    const config = loadConfig({
      OKTA_ORG_URL: 'https://acme.okta.com/',
      OKTA_CLIENT_ID: '0oa1',
      OKTA_PRIVATE_KEY: '{"kty":"RSA"}',
      OKTA_SCOPES: 'okta.users.read okta.groups.read',
      AUTH_MODE: 'none',
    });
    expect(config.oktaOrgUrl).toBe('https://acme.okta.com');
    expect(config.oktaAuth).toEqual({
      mode: 'private_key_jwt',
      clientId: '0oa1',
      privateKey: '{"kty":"RSA"}',
      keyId: undefined,
      scopes: ['okta.users.read', 'okta.groups.read'],
    });
  });

  it('refuses a wildcard CORS origin outside demo mode', () => {
    expect(
      problemsOf({
        OKTA_ORG_URL: 'https://acme.okta.com',
        OKTA_API_TOKEN: 't',
        AUTH_MODE: 'none',
        CORS_ORIGINS: '*',
      }),
    ).toEqual(['CORS_ORIGINS must list origins; "*" is allowed in demo mode only']);
  });

  it('keeps every Redis key under one prefix, okta-gateway: unless REDIS_PREFIX says otherwise', () => {
    expect(loadConfig({}).redisPrefix).toBe('okta-gateway:');
    expect(loadConfig({ REDIS_PREFIX: 'acme:prod:' }).redisPrefix).toBe('acme:prod:');
    expect(problemsOf({ REDIS_PREFIX: 'acme prod' })).toEqual([
      'REDIS_PREFIX must be 1 to 100 printable characters without spaces',
    ]);
  });

  it('caps the live streams of one caller: 100 subscriptions and 10 sockets unless set otherwise', () => {
    expect(loadConfig({}).liveStreams).toEqual({
      maxSubscriptionsPerCaller: 100,
      maxSocketsPerCaller: 10,
    });
    expect(
      loadConfig({
        GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '5',
        GATEWAY_MAX_SOCKETS_PER_CALLER: '2',
      }).liveStreams,
    ).toEqual({ maxSubscriptionsPerCaller: 5, maxSocketsPerCaller: 2 });
    expect(problemsOf({ GATEWAY_MAX_SOCKETS_PER_CALLER: '0' })).toEqual([
      'GATEWAY_MAX_SOCKETS_PER_CALLER must be a whole number from 1 to 10000 (got "0")',
    ]);
  });

  it('never echoes the hook secret being rotated out, and reads it beside the new one', () => {
    const rotating = { OKTA_HOOK_SECRET: 'new-hook-secret-0123456789' };
    expect(
      loadConfig({ ...rotating, OKTA_HOOK_SECRET_PREVIOUS: 'old-hook-secret-0123456789' })
        .hookSecretPrevious,
    ).toBe('old-hook-secret-0123456789');
    expect(problemsOf({ ...rotating, OKTA_HOOK_SECRET_PREVIOUS: 'short-secret' })).toEqual([
      'OKTA_HOOK_SECRET_PREVIOUS must be at least 16 characters long',
    ]);
  });

  it("takes half of Okta's concurrent cap for calls in flight, and splits each bucket between others, the system and callers", () => {
    expect(loadConfig({}).oktaHttp).toEqual({
      connectTimeoutMs: 5_000,
      headersTimeoutMs: 5_000,
      bodyTimeoutMs: 10_000,
      maxInFlight: 37,
      reservedShare: 0.2,
      systemShare: 0.1,
      callerShare: 0.5,
    });
    const free = loadConfig({ OKTA_CONCURRENT_LIMIT: '35', GATEWAY_CONCURRENCY_SHARE: '0.2' });
    expect(free.oktaHttp.maxInFlight).toBe(7);
    expect(loadConfig({ OKTA_MAX_IN_FLIGHT: '12' }).oktaHttp.maxInFlight).toBe(12);
    expect(
      problemsOf({
        GATEWAY_CONCURRENCY_SHARE: '2',
        OKTA_RATE_LIMIT_RESERVED_SHARE: '0.6',
        GATEWAY_SYSTEM_SHARE: '0.4',
        GATEWAY_CALLER_SHARE: '0',
      }),
    ).toEqual([
      'GATEWAY_CONCURRENCY_SHARE must be a number from 0.01 to 1 (got "2")',
      'GATEWAY_CALLER_SHARE must be a number from 0.01 to 1 (got "0")',
      'OKTA_RATE_LIMIT_RESERVED_SHARE + GATEWAY_SYSTEM_SHARE must be below 1: callers need a share',
    ]);
  });

  it("reads the System Log poller's interval and lease lifetime", () => {
    expect(loadConfig({}).poller).toEqual({ intervalMs: 3000, leaseTtlMs: 15_000 });
    expect(loadConfig({ POLLER_INTERVAL_MS: '500', POLLER_LEASE_TTL_MS: '5000' }).poller).toEqual({
      intervalMs: 500,
      leaseTtlMs: 5000,
    });
    expect(problemsOf({ POLLER_LEASE_TTL_MS: '10' })).toEqual([
      'POLLER_LEASE_TTL_MS must be a whole number from 1000 to 600000 (got "10")',
    ]);
  });
});
