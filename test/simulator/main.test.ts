import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  readSimulatorConfig,
  runSimulator,
  SimulatorConfigError,
} from '../../src/simulator/main.ts';

const MAIN = fileURLToPath(new URL('../../src/simulator/main.ts', import.meta.url));

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readSimulatorConfig(env);
  } catch (error) {
    if (error instanceof SimulatorConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('readSimulatorConfig', () => {
  it('defaults to the demo org on 127.0.0.1:8089 with seed 42, no latency and no search lag', () => {
    expect(readSimulatorConfig({})).toEqual({
      port: 8089,
      host: '127.0.0.1',
      apiToken: undefined,
      seed: 42,
      size: 'demo',
      latencyMs: 0,
      searchLagMs: 0,
    });
  });

  it('reads every SIM_* variable', () => {
    expect(
      readSimulatorConfig({
        SIM_PORT: '0',
        SIM_HOST: '0.0.0.0',
        SIM_API_TOKEN: '00abcdefghijklmnop',
        SIM_SEED: '7',
        SIM_SIZE: '50000x2000',
        SIM_LATENCY_MS: '25',
        SIM_SEARCH_LAG_MS: '1500',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      apiToken: '00abcdefghijklmnop',
      seed: 7,
      size: { users: 50000, groups: 2000 },
      latencyMs: 25,
      searchLagMs: 1500,
    });
  });

  it('reads a size with an app count, and the named sizes in any case', () => {
    expect(readSimulatorConfig({ SIM_SIZE: '300x20x14' }).size).toEqual({
      users: 300,
      groups: 20,
      apps: 14,
    });
    expect(readSimulatorConfig({ SIM_SIZE: 'EMPTY' }).size).toBe('empty');
  });

  it('treats empty variables as unset', () => {
    expect(readSimulatorConfig({ SIM_PORT: '', SIM_SIZE: ' ', SIM_API_TOKEN: '' })).toEqual(
      readSimulatorConfig({}),
    );
  });

  it('names every wrong value at once', () => {
    expect(
      problemsOf({
        SIM_PORT: 'abc',
        SIM_HOST: 'http://x',
        SIM_API_TOKEN: 'has space',
        SIM_SEED: '1.5',
        SIM_SIZE: '10x',
        SIM_LATENCY_MS: '-1',
        SIM_SEARCH_LAG_MS: 'soon',
      }),
    ).toEqual([
      'SIM_PORT must be a whole number from 0 to 65535, got "abc"',
      'SIM_HOST must be a host name or IP address such as 0.0.0.0, got "http://x"',
      'SIM_API_TOKEN must be at least 8 visible ASCII characters without spaces (Okta tokens look like 00abc…)',
      'SIM_SEED must be a whole number from 0 to 4294967295, got "1.5"',
      'SIM_SIZE must be demo, empty or <users>x<groups>[x<apps>] with 1-200000 users, 1-50000 groups and 0-1000 apps (e.g. 50000x2000), got "10x"',
      'SIM_LATENCY_MS must be a whole number from 0 to 60000, got "-1"',
      'SIM_SEARCH_LAG_MS must be a whole number from 0 to 600000, got "soon"',
    ]);
  });

  it('refuses a port above 65535 and sizes beyond the limits', () => {
    expect(problemsOf({ SIM_PORT: '70000' })).toEqual([
      'SIM_PORT must be a whole number from 0 to 65535, got "70000"',
    ]);
    expect(problemsOf({ SIM_SIZE: '0x10' })).toHaveLength(1);
    expect(problemsOf({ SIM_SIZE: '300000x10' })).toHaveLength(1);
    expect(problemsOf({ SIM_SIZE: '100x10x5000' })).toHaveLength(1);
  });
});

describe('runSimulator', () => {
  it('starts the configured org and prints its URL, token and a curl example', async () => {
    const lines: string[] = [];
    const sim = await runSimulator(
      {
        port: 0,
        host: '127.0.0.1',
        apiToken: '00run-simulator-test',
        seed: 42,
        size: 'empty',
        latencyMs: 5,
        searchLagMs: 0,
      },
      (line) => lines.push(line),
    );
    try {
      expect(sim.faults.settings.latencyMs).toBe(5);
      expect(lines[0]).toBe(`Okta org simulator listening on ${sim.url}`);
      expect(lines).toContain('  API token: 00run-simulator-test');
      expect(lines).toContain(
        `  try: curl -s -H "Authorization: SSWS 00run-simulator-test" "${sim.url}/api/v1/users?limit=2"`,
      );
      const res = await fetch(`${sim.url}/api/v1/users`, {
        headers: { Authorization: 'SSWS 00run-simulator-test', Accept: 'application/json' },
      });
      expect(res.status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

/** `node --import tsx src/simulator/main.ts`, as `npm run simulator` runs it. */
function startMain(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  return Object.assign(child, { output: () => output });
}

async function waitFor(child: ReturnType<typeof startMain>, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!child.output().includes(text)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      throw new Error(`never printed "${text}":\n${child.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run simulator', () => {
  it('serves the org until SIGTERM, then stops cleanly', async () => {
    const child = startMain({
      SIM_PORT: '0',
      SIM_SIZE: 'empty',
      SIM_API_TOKEN: '00main-test-token',
    });
    try {
      await waitFor(child, 'Ctrl-C stops it.');
      const url = /listening on (\S+)/.exec(child.output())?.[1];
      const res = await fetch(`${url}/api/v1/users/me`, {
        headers: { Authorization: 'SSWS 00main-test-token', Accept: 'application/json' },
      });
      expect(res.status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect(await exited).toEqual([0, null]);
      expect(child.output()).toContain('Stopped (SIGTERM).');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 1 and lists the problems when a setting is wrong', async () => {
    const child = startMain({ SIM_PORT: 'eighty', SIM_SIZE: 'huge' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(child.output()).toContain('The Okta org simulator cannot start:');
    expect(child.output()).toContain(
      '  - SIM_PORT must be a whole number from 0 to 65535, got "eighty"',
    );
    expect(child.output()).toContain('  - SIM_SIZE must be demo, empty or <users>x<groups>');
  });
});
