import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

/**
 * The processes of the live events benchmark, on loopback: the simulated org, and gateways whose
 * address the driver knows (Okta's event hook points at one); and GraphQL over SSE subscribers.
 * It runs after bench/run.ts's own processes are gone, so it starts and stops its own.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOOPBACK = '127.0.0.1';

/** Every subscriber holds a connection of its own, and calls go beside them. */
export const eventsAgent = new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });

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

const running = new Set<ChildProcess>();
// If the driver dies, its children die with it rather than holding ports.
process.once('exit', () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Served {
  name: string;
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** CPU the process has used so far (user + system, ms); null where /proc is not there. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

export type EventsGateway = Served;

/** From /proc/<pid>/stat: utime and stime, in USER_HZ ticks (100 a second on Linux). */
function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export interface EventsSimulator extends Served {
  apiToken: string;
}

/** One of the project's entry points under tsx, on a free loopback port, once `probe` answers. */
async function startChild(
  name: string,
  entry: string,
  env: (port: number) => Record<string, string>,
  probe: string,
): Promise<Served> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  // Read both pipes to the end: a child whose pipe is full stops writing, and then serving.
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 40) output.splice(0, output.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${output.join('\n')}`);
    const ready = await request(`${url}${probe}`, { dispatcher: eventsAgent })
      .then(async (res) => {
        await res.body.dump();
        return res.statusCode < 500;
      })
      .catch(() => false);
    if (ready) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`${name} not ready after 60 s:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, url, cpuMs: () => processCpuMs(child.pid), stop };
}

/** The simulated org (`npm run simulator`) in its own process. */
export async function startEventsSimulator(size: string, seed: number): Promise<EventsSimulator> {
  const apiToken = `00bench${randomBytes(16).toString('hex')}`;
  const served = await startChild(
    'simulator',
    'src/simulator/main.ts',
    (port) => ({
      SIM_PORT: String(port),
      SIM_HOST: LOOPBACK,
      SIM_API_TOKEN: apiToken,
      SIM_SEED: String(seed),
      SIM_SIZE: size,
    }),
    // Any answer means it listens (401 without the token).
    '/api/v1/users?limit=1',
  );
  return { ...served, apiToken };
}

/** `src/main.ts` over the simulator, as `npm start` runs it. */
export function startEventsGateway(
  name: string,
  sim: EventsSimulator,
  env: Record<string, string>,
): Promise<EventsGateway> {
  return startChild(
    name,
    'src/main.ts',
    (port) => ({
      PORT: String(port),
      HOST: LOOPBACK,
      OKTA_ORG_URL: sim.url,
      OKTA_API_TOKEN: sim.apiToken,
      AUTH_MODE: 'none',
      LOG_LEVEL: 'warn',
      // Every subscriber of the fan-out is the one anonymous caller: its cap is lifted.
      GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '100000',
      ...env,
    }),
    '/healthz',
  );
}

export interface Subscriber {
  /** Each result's data as it arrived, with `performance.now()` at its arrival. */
  readonly received: { at: number; data: Record<string, unknown> }[];
  /** Results that were errors. */
  readonly errors: unknown[];
  close(): Promise<void>;
}

/**
 * One GraphQL over SSE subscription (yoga's built-in: a POST with `Accept: text/event-stream`),
 * read frame by frame in the background. Resolves once the stream is open.
 */
export async function subscribe(
  gateway: EventsGateway,
  query: string,
  onResult?: () => void,
): Promise<Subscriber> {
  const abort = new AbortController();
  const res = await request(`${gateway.url}/graphql`, {
    method: 'POST',
    dispatcher: eventsAgent,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  if (res.statusCode !== 200) {
    throw new Error(`${gateway.name}: subscription answered ${res.statusCode}`);
  }
  const received: Subscriber['received'] = [];
  const errors: unknown[] = [];
  const reading = (async () => {
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const at = performance.now();
        for (const line of frame.split('\n')) {
          if (!line.startsWith('data:')) continue;
          const result = JSON.parse(line.slice(5)) as { data?: Record<string, unknown> };
          if (result.data) received.push({ at, data: result.data });
          else errors.push(result);
          onResult?.();
        }
      }
    }
  })().catch(() => undefined); // closed by us, or the gateway went away
  return {
    received,
    errors,
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}

/** An Okta API call to the simulator with its token, as any client would make it. */
export async function oktaCall<T>(
  sim: EventsSimulator,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await request(`${sim.url}${path}`, {
    method,
    dispatcher: eventsAgent,
    headers: {
      authorization: `SSWS ${sim.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}
