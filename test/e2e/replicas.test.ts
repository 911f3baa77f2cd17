/**
 * Three gateway processes (`src/main.ts`, as `npm start` runs it) on one Redis and one simulator
 * behave as one gateway: they share the org's rate-limit budget, so together they stay within
 * Okta's limits. Everything is on loopback; every Redis key of this run starts with a prefix of
 * its own and is removed afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, type Simulator, startSimulator } from '../../src/simulator/index.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:replicas:${randomUUID()}:`;
const ROOT = new URL('../../', import.meta.url).pathname;

/** The simulator's window stands in for Okta's minute; the users.get bucket is made small. */
const WINDOW_MS = 2000;
const USERS_GET_LIMIT = 10;

interface Replica {
  name: string;
  process: ChildProcess;
  url: string;
  /** The last lines the process wrote, for a failure's message. */
  output: string[];
}

/** Start `src/main.ts` over the simulator with Redis, and wait until it listens. */
async function startReplica(name: string, sim: Simulator, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      OKTA_ORG_URL: sim.url,
      OKTA_API_TOKEN: sim.apiToken,
      AUTH_MODE: 'none',
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const remember = (line: string) => {
    output.push(line);
    if (output.length > 50) output.shift();
  };
  createInterface({ input: child.stderr! }).on('line', remember);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not listen within 20 s:\n${output.join('\n')}`)),
      20_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${output.join('\n')}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; graphql?: string };
        if (entry.msg === 'listening' && entry.graphql) {
          clearTimeout(timer);
          resolve(entry.graphql.replace(/\/graphql$/, ''));
        }
      } catch {
        // not a log line
      }
    });
  });
  return { name, process: child, url, output } satisfies Replica;
}

async function stopReplica(replica: Replica, signal: NodeJS.Signals = 'SIGTERM') {
  if (replica.process.exitCode !== null || replica.process.signalCode !== null) return;
  const exited = new Promise((resolve) => replica.process.once('exit', resolve));
  replica.process.kill(signal);
  const stopped = await Promise.race([
    exited.then(() => true),
    new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
  ]);
  if (!stopped) {
    replica.process.kill('SIGKILL');
    await exited;
  }
}

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql(replica: Replica, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLAnswer;
}

const header = (exchange: Exchange, name: string): string | undefined => {
  const found = Object.entries(exchange.headers).find(([k]) => k.toLowerCase() === name);
  return found === undefined ? undefined : String(found[1]);
};

describe('three gateway replicas on one Redis', () => {
  let sim: Simulator;
  const replicas: Replica[] = [];
  const exchanges: { at: number; exchange: Exchange }[] = [];
  let userId: string;

  beforeAll(async () => {
    sim = await startSimulator({
      size: 'empty',
      rateLimits: { 'users.get': USERS_GET_LIMIT },
      rateLimitWindowMs: WINDOW_MS,
    });
    sim.onExchange((exchange) => exchanges.push({ at: Date.now(), exchange }));
    const created = await fetch(`${sim.url}/api/v1/users?activate=true`, {
      method: 'POST',
      headers: { authorization: `SSWS ${sim.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        profile: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada@example.com',
          login: 'ada@example.com',
        },
      }),
    });
    userId = ((await created.json()) as { id: string }).id;
    // Okta calls that wait past the operation's deadline fail at once instead (RATE_LIMITED):
    // the load below ends within a few windows.
    const env = { GRAPHQL_OPERATION_TIMEOUT_MS: '3000' };
    replicas.push(
      ...(await Promise.all(['a', 'b', 'c'].map((name) => startReplica(name, sim, env)))),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => stopReplica(r, 'SIGKILL')));
    await sim?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('keeps Okta calls of all three within the limit under three times the load it allows', async () => {
    const query = 'query ($id: ID!) { user(id: $id) { id } }';
    const answers: Promise<GraphQLAnswer>[] = [];
    const from = Date.now();
    // Three windows long, each replica is asked for the whole bucket every window: three times
    // what Okta allows the three together.
    const rounds = 3 * USERS_GET_LIMIT;
    for (let round = 0; round < rounds; round++) {
      for (const replica of replicas) answers.push(graphql(replica, query, { id: userId }));
      await new Promise((resolve) => setTimeout(resolve, (3 * WINDOW_MS) / rounds));
    }
    const settled = await Promise.all(answers);

    const calls = exchanges.filter(({ at }) => at >= from).map(({ exchange }) => exchange);
    expect(calls.filter((e) => e.status === 429)).toEqual([]);
    const perWindow = new Map<string, number>();
    for (const call of calls) {
      if (call.key !== 'GET /api/v1/users/:userId') continue;
      const reset = header(call, 'x-rate-limit-reset') ?? 'none';
      perWindow.set(reset, (perWindow.get(reset) ?? 0) + 1);
    }
    for (const [reset, count] of perWindow) {
      expect(count, `calls in the window ending ${reset}`).toBeLessThanOrEqual(USERS_GET_LIMIT);
    }

    const served = settled.filter((a) => (a.data?.user as { id?: string })?.id === userId);
    // A call still waiting for the budget at the operation's deadline is refused by the governor
    // (RATE_LIMITED) or, when yoga's timer fires first, by the operation timeout.
    const heldBack = new Set(['RATE_LIMITED', 'OPERATION_TIMEOUT']);
    const refused = settled.filter((a) => heldBack.has(a.errors?.[0]?.extensions?.code ?? ''));
    // Every query was either answered or held back by the gateways themselves.
    expect(served.length + refused.length).toBe(settled.length);
    expect(served.length).toBe(calls.filter((c) => c.key === 'GET /api/v1/users/:userId').length);
    // The load really was more than the bucket: the gateways held most of it back.
    expect(refused.length).toBeGreaterThan(settled.length / 2);
  }, 30_000);
});
