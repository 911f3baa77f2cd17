import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReadiness } from '../../src/server/health.ts';
import { createLogger } from '../../src/server/logger.ts';
import { serveGateway } from '../../src/server/serve.ts';
import { createGateway } from '../../src/server/yoga.ts';
import { useGateway } from '../support/harness.ts';

const h = useGateway();

beforeEach(() => {
  h.stack.sim.faults.clear();
});

/** A request on a connection of its own (no pool), so a closed listener shows as a refusal. */
function post(url: string, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function serve(drainTimeoutMs: number) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
  const readiness = createReadiness({ okta: h.stack.okta });
  const closed: string[] = [];
  const gateway = createGateway({ config: h.config, okta: h.stack.okta, logger, readiness });
  return {
    lines,
    readiness,
    closed,
    served: serveGateway({
      gateway,
      port: 0,
      host: '127.0.0.1',
      logger,
      readiness,
      drainTimeoutMs,
      closers: [
        async () => void closed.push('okta client'),
        async () => void closed.push('simulator'),
      ],
    }),
  };
}

describe('graceful shutdown', () => {
  it('lets a request in flight finish, refuses new connections, then closes what it holds in order', async () => {
    h.stack.sim.faults.set({ latencyMs: 600 });
    const { served: serving, closed, readiness } = serve(5_000);
    const served = await serving;
    const slow = post(served.url, '{ users(first: 1) { nodes { id } } }');
    await until(() => served.inFlight() === 1);

    const stopping = served.shutdown('SIGTERM');
    await expect(post(served.url, '{ __typename }')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(await readiness.check()).toMatchObject({
      ready: false,
      reason: 'the gateway is shutting down',
    });
    expect(closed).toEqual([]);

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).data.users.nodes).toHaveLength(1);
    await stopping;
    expect(closed).toEqual(['okta client', 'simulator']);
  });

  it('cuts the requests still in flight when the drain passes its bound', async () => {
    h.stack.sim.faults.set({ latencyMs: 3_000 });
    const { served: serving, lines, closed } = serve(200);
    const served = await serving;
    const slow = post(served.url, '{ users(first: 1) { nodes { id } } }');
    await until(() => served.inFlight() === 1);

    const started = Date.now();
    await served.shutdown('SIGTERM');
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect(slow).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(lines.find((l) => l.level === 'warn')).toMatchObject({
      msg: 'shutdown: drain timed out; cutting the requests left',
      drainTimeoutMs: 200,
      inFlight: 1,
    });
    expect(closed).toEqual(['okta client', 'simulator']);
  });

  it('logs the stop once, however many signals arrive', async () => {
    const { served: serving, lines } = serve(1_000);
    const served = await serving;
    await Promise.all([served.shutdown('SIGTERM'), served.shutdown('SIGINT')]);
    expect(lines.filter((l) => l.msg === 'shutdown: stopped')).toHaveLength(1);
  });
});

describe('npm start', () => {
  it('serves the demo org, logs JSON lines, and exits 0 after SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      // stdout and stderr are separate pipes: wait for both lines, whichever comes first.
      await until(
        () => stdout.includes('"msg":"listening"') && stderr.includes('GraphiQL: '),
        60_000,
      );
      const listening = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, string>)
        .find((l) => l.msg === 'listening');
      const graphql = listening?.graphql as string;
      expect(graphql).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(stderr).toContain(`GraphiQL: ${graphql}`);

      const answer = await post(
        graphql.replace(/\/graphql$/, ''),
        'query FirstUser { users(first: 1) { nodes { id } } }',
      );
      expect(answer.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }

    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual([
      'DEMO MODE: the gateway serves the embedded simulator’s demo org; callers are NOT authenticated',
      'listening',
      'request',
      'shutdown: draining in-flight requests',
      'shutdown: stopped',
    ]);
    expect(lines[2]).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'FirstUser',
      outcome: 'success',
    });
  }, 90_000);
});
