import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Readiness } from '../../src/server/health.ts';
import { createLogger } from '../../src/server/logger.ts';
import { createGateway, type Gateway } from '../../src/server/yoga.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import { type Stack, useStack } from './stack.ts';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export const ISSUER = 'https://idp.example.com/oauth2/default';
export const AUDIENCE = 'api://okta-gateway';
export const HOOK_SECRET = 'hook-secret-5f2b9c1e7a';

/** A local JWKS endpoint (what an IdP serves) and tokens signed with its key. */
export interface Issuer {
  url: string;
  key: KeyPair;
  sign(
    claims?: Record<string, unknown>,
    options?: {
      kid?: string;
      key?: KeyPair['privateKey'];
      exp?: string | number;
      iss?: string;
      aud?: string;
      /** The caller's subject. Default `helpdesk-app`. */
      sub?: string;
    },
  ): Promise<string>;
}

export interface GatewayHarness {
  stack: Stack;
  gateway: Gateway;
  config: Readonly<Config>;
  issuer: Issuer | undefined;
  /** Every log line the gateway wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Every raw log line, and every response (status line, headers, body) the file received. */
  transcript: string[];
  /** Every token the file minted: none may ever come back in a response or a log line. */
  minted: string[];
  fetch(path: string, init?: RequestInit): Promise<Response & { text(): Promise<string> }>;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    headers: Headers;
    body: {
      data?: Record<string, unknown> | null;
      errors?: {
        message: string;
        path?: (string | number)[];
        extensions?: Record<string, unknown>;
      }[];
    };
  }>;
}

/** A local JWKS endpoint and a signer of caller tokens for it (ISSUER, AUDIENCE). */
export async function startIssuer(): Promise<{ issuer: Issuer; close: () => Promise<void> }> {
  const key = await generateKeyPair('RS256');
  const jwks: { keys: JWK[] } = {
    keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }],
  };
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer: Issuer = {
    url: `http://127.0.0.1:${port}/keys`,
    key,
    sign: (claims = {}, options = {}) =>
      new SignJWT({ scp: ['okta.users.read', 'okta.groups.read'], ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
        .setIssuer(options.iss ?? ISSUER)
        .setAudience(options.aud ?? AUDIENCE)
        .setSubject(options.sub ?? 'helpdesk-app')
        .setIssuedAt()
        .setExpirationTime(options.exp ?? '5m')
        .sign(options.key ?? key.privateKey),
  };
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The gateway over the simulator (as `useStack` wires it), built with a captured logger and,
 * with `callerAuth`, with caller authentication against a local JWKS server. `env` is the
 * gateway's environment; `production` points OKTA_ORG_URL at the simulator (not demo mode).
 */
export function useGateway(
  options: {
    env?: Record<string, string>;
    sim?: SimulatorOptions;
    production?: boolean;
    callerAuth?: boolean;
    readiness?: Readiness;
  } = {},
): GatewayHarness {
  const stack = useStack({ sim: options.sim ?? {} });
  const harness = {
    stack,
    logs: [],
    transcript: [],
    minted: [],
  } as unknown as GatewayHarness;
  let closeIssuer: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const env: Record<string, string> = { OKTA_HOOK_SECRET: HOOK_SECRET, ...options.env };
    if (options.production) {
      env.OKTA_ORG_URL = stack.sim.url;
      env.OKTA_API_TOKEN = stack.sim.apiToken;
    }
    if (options.callerAuth) {
      const started = await startIssuer();
      closeIssuer = started.close;
      harness.issuer = {
        ...started.issuer,
        sign: async (claims, signOptions) => {
          const token = await started.issuer.sign(claims, signOptions);
          harness.minted.push(token);
          return token;
        },
      };
      Object.assign(env, {
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_JWKS_URL: started.issuer.url,
      });
    } else if (options.production) {
      env.AUTH_MODE ??= 'none';
    }
    harness.config = loadConfig(env);
    const logger = createLogger({
      level: 'debug',
      write: (line) => {
        harness.transcript.push(line);
        harness.logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
    harness.gateway = createGateway({
      config: harness.config,
      okta: stack.okta,
      logger,
      readiness: options.readiness,
    });
  });
  afterAll(async () => {
    await harness.gateway?.dispose();
    await closeIssuer?.();
  });

  harness.fetch = async (path, init) => {
    const res = await harness.gateway.fetch(`http://gateway.test${path}`, init ?? {});
    const body = await res.text();
    harness.transcript.push(
      `${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`,
    );
    return Object.assign(res, { text: async () => body });
  };
  harness.graphql = async (query, variables, headers = {}) => {
    const res = await harness.fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, headers: res.headers, body: JSON.parse(await res.text()) };
  };
  return harness;
}

/** The secrets a file's gateway holds or saw: none may appear in what it answered or logged. */
export function secretsOf(harness: GatewayHarness): string[] {
  return [harness.stack.sim.apiToken, HOOK_SECRET, ...harness.minted];
}

/** One sample of a Prometheus text exposition: `name{label="value",…}`, 0 when absent. */
export function sampleOf(
  exposition: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([k, v]) => found[k] === v)) {
      return Number(match[3]);
    }
  }
  return 0;
}
