/**
 * Gateway processes (`src/main.ts`, as `npm start` runs it) over one simulator and one Redis, for
 * the end-to-end tests of many replicas: start and stop them, query them, subscribe to them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { Exchange, Simulator } from '../../src/simulator/index.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = new URL('../../', import.meta.url).pathname;

export interface Replica {
  name: string;
  process: ChildProcess;
  url: string;
  /** The last lines the process wrote, for a failure's message. */
  output: string[];
  /** When this replica's poller took the lease (ms since epoch), each time it did. */
  leaseTaken: number[];
}

/**
 * Start `src/main.ts` over the simulator with Redis, and wait until it listens. `env` adds to
 * (or overrides) the gateway's environment: a test run's own REDIS_PREFIX, at least.
 */
export async function startReplica(
  name: string,
  sim: Simulator,
  env: Record<string, string> = {},
): Promise<Replica> {
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
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const leaseTaken: number[] = [];
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
        if (entry.msg === 'System Log poller holds the lease') leaseTaken.push(Date.now());
        if (entry.msg === 'listening' && entry.graphql) {
          clearTimeout(timer);
          resolve(entry.graphql.replace(/\/graphql$/, ''));
        }
      } catch {
        // not a log line
      }
    });
  });
  return { name, process: child, url, output, leaseTaken } satisfies Replica;
}

export async function stopReplica(replica: Replica, signal: NodeJS.Signals = 'SIGTERM') {
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

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function graphql(
  replica: Replica,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLAnswer;
}

/** A GraphQL over SSE subscription (yoga's built-in): a POST with `Accept: text/event-stream`. */
export async function subscribe(
  replica: Replica,
  query: string,
  headers: Record<string, string> = {},
) {
  const abort = new AbortController();
  const res = await fetch(`${replica.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`${replica.name}: SSE ${res.status}`);
  const results: GraphQLAnswer[] = [];
  const reader = res.body.getReader();
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        const data = frame
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (data) results.push(JSON.parse(data) as GraphQLAnswer);
      }
    }
  })().catch(() => undefined); // the replica died, or the test closed it
  return {
    results,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

/** The same over the graphql-ws protocol, on the same path. */
export async function subscribeOverWebSocket(replica: Replica, query: string) {
  const client = createClient({
    url: `${replica.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
  });
  const results: GraphQLAnswer[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('error', reject);
  });
  const unsubscribe = client.subscribe<Record<string, unknown>>(
    { query },
    {
      next: (result) => results.push(result as GraphQLAnswer),
      error: () => undefined, // the replica died, or the test closed it
      complete: () => undefined,
    },
  );
  await opened;
  return {
    results,
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** Waits (at most `timeoutMs`) until `condition` holds; fails with `what` otherwise. */
export async function until(condition: () => boolean, timeoutMs: number, what: () => string) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const header = (exchange: Exchange, name: string): string | undefined => {
  const found = Object.entries(exchange.headers).find(([k]) => k.toLowerCase() === name);
  return found === undefined ? undefined : String(found[1]);
};

/** Remove every Redis key of a test run. */
export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
