import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_RATE_LIMITS } from '../src/simulator/rate-limit.ts';

/**
 * The processes a benchmark run needs: the simulated Okta org in one, each gateway in its own,
 * all on loopback. Each child is started here and stopped here, by its pid.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOOPBACK = '127.0.0.1';

/** One keep-alive pool for every call the driver makes, wide enough for 16 clients and more. */
export const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The node flags `npm start` gives the gateway (package.json): a young generation large enough
 * that an operation's parsed Okta pages (a megabyte or more) are not copied from scavenge to
 * scavenge until promoted. Measured on bench scenarios 2 and 7 at 0 ms injected: garbage
 * collection 1.65 s -> 1.06 s over 400 operations.
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=64'];

/** A child process running one of the project's entry points under tsx. */
class Child {
  private readonly output: string[] = [];
  private readonly process: ChildProcess;
  private exited = false;

  constructor(
    readonly name: string,
    entry: string,
    env: Record<string, string>,
    nodeFlags: readonly string[] = [],
  ) {
    this.process = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', entry], {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read both pipes to the end: a child whose pipe is full stops writing, and then serving.
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.output.length > 40) this.output.splice(0, this.output.length - 40);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.process.once('exit', () => {
      this.exited = true;
    });
    children.add(this);
  }

  /** Poll `probe` until it answers true; fail with the child's last lines if it exits or stalls. */
  async ready(probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.exited) throw new Error(`${this.name} exited:\n${this.output.join('\n')}`);
      if (await probe().catch(() => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output.join('\n')}`);
  }

  /** Last resort when the driver itself is exiting: no waiting possible. */
  killNow(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    children.delete(this);
    if (this.exited || this.process.pid === undefined) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

const children = new Set<Child>();
// If the driver dies, its children die with it rather than holding ports.
process.once('exit', () => {
  for (const child of children) child.killNow();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export interface SimulatorProcess {
  url: string;
  apiToken: string;
  /** A GET of the Okta API, as any client would make it (counted by the simulator). */
  get<T>(path: string): Promise<T>;
  /** Okta calls served since the last reset, by `METHOD /route/:template`. */
  requests(): Promise<Record<string, number>>;
  resetRequests(): Promise<void>;
  /**
   * Injected latency of every Okta call from now on: from the request's arrival to its answer,
   * the simulator's own work inside it (`includesWork`, the default), or waited before that work.
   */
  setLatency(ms: number, includesWork?: boolean): Promise<void>;
  /**
   * Raise every rate-limit bucket out of reach: the benchmark measures batching and latency, not
   * the gateway's rate-limit governor (which would hold the naive baseline's calls even longer).
   */
  liftRateLimits(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(options: {
  seed: number;
  size: string;
}): Promise<SimulatorProcess> {
  const port = await freePort();
  const apiToken = `00bench${randomBytes(16).toString('hex')}`;
  const url = `http://${LOOPBACK}:${port}`;
  const child = new Child('simulator', 'src/simulator/main.ts', {
    SIM_PORT: String(port),
    SIM_HOST: LOOPBACK,
    SIM_API_TOKEN: apiToken,
    SIM_SEED: String(options.seed),
    SIM_SIZE: options.size,
  });
  // The admin endpoints may come to require the org's token; sending it costs nothing today.
  const headers = { authorization: `SSWS ${apiToken}`, accept: 'application/json' };
  const call = async (method: 'GET' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const res = await request(`${url}${path}`, {
      method,
      dispatcher: agent,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) {
      throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
    }
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };
  await child.ready(async () => {
    await call('GET', '/api/v1/users?limit=1');
    return true;
  });
  return {
    url,
    apiToken,
    get: async <T>(path: string) => (await call('GET', path)) as T,
    requests: async () => (await call('GET', '/__simulator/requests')) as Record<string, number>,
    resetRequests: async () => {
      await call('DELETE', '/__simulator/requests');
    },
    setLatency: async (ms, includesWork = true) => {
      await call('PUT', '/__simulator/faults', {
        latencyMs: ms,
        latencyIncludesWork: includesWork,
      });
    },
    liftRateLimits: async () => {
      const settings = (await call('GET', '/__simulator/settings')) as {
        rateLimits: Record<string, number>;
      };
      // The settings hold overrides only; every bucket Okta has gets one.
      const buckets = new Set([
        ...Object.keys(DEFAULT_RATE_LIMITS),
        ...Object.keys(settings.rateLimits),
      ]);
      const rateLimits = Object.fromEntries([...buckets].map((bucket) => [bucket, 1_000_000_000]));
      await call('PATCH', '/__simulator/settings', { rateLimits });
    },
    stop: () => child.stop(),
  };
}

export interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: { code?: unknown } }[];
}

export interface GatewayProcess {
  name: string;
  /** Its OKTA_MAX_IN_FLIGHT: the most Okta calls it has under way at once. */
  maxInFlight: number;
  /** One operation, and how long the gateway took to answer it, in ms. */
  graphql(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ ms: number; answer: GraphQLAnswer }>;
  stop(): Promise<void>;
}

export async function startGatewayProcess(
  name: string,
  sim: SimulatorProcess,
  env: Record<string, string>,
  /** The gateway's entry: `npm start`'s, or the naive baseline's (bench/naive-gateway.ts). */
  entry = 'src/main.ts',
): Promise<GatewayProcess> {
  const port = await freePort();
  const endpoint = `http://${LOOPBACK}:${port}/graphql`;
  const childEnv = {
    PORT: String(port),
    HOST: LOOPBACK,
    OKTA_ORG_URL: sim.url,
    OKTA_API_TOKEN: sim.apiToken,
    AUTH_MODE: 'none',
    LOG_LEVEL: 'warn',
    ...env,
  };
  // Read as the gateway will read it, so that its default and any override count alike.
  const { maxInFlight } = loadConfig({ ...process.env, ...childEnv }).oktaHttp;
  const child = new Child(name, entry, childEnv, GATEWAY_NODE_FLAGS);
  const graphql: GatewayProcess['graphql'] = async (query, variables) => {
    const started = performance.now();
    const res = await request(endpoint, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await res.body.json()) as GraphQLAnswer;
    return { ms: performance.now() - started, answer };
  };
  await child.ready(async () => (await graphql('{ __typename }', {})).answer.data !== undefined);
  return { name, maxInFlight, graphql, stop: () => child.stop() };
}
