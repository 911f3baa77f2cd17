/**
 * `npm run simulator`: the simulated Okta org on its own, for curl, Okta's SDKs, Postman, or a
 * gateway pointed at it with OKTA_ORG_URL. Every setting is optional:
 *
 *   SIM_PORT           port to listen on (default 8089; 0 picks a free one)
 *   SIM_HOST           interface to listen on (default 127.0.0.1; 0.0.0.0 inside a container)
 *   SIM_API_TOKEN      the SSWS API token the org accepts (default: a random one, printed)
 *   SIM_SEED           the same seed builds the same org: ids, names, memberships (default 42)
 *   SIM_SIZE           demo | empty | <users>x<groups>[x<apps>], e.g. 50000x2000 (default demo)
 *   SIM_LATENCY_MS     latency added to every request, in ms (default 0)
 *   SIM_SEARCH_LAG_MS  how far user and group `search` lags writes, in ms (default 0)
 *
 * A wrong value stops it before it starts, with every problem listed (exit code 1).
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Simulator, setFaults, startSimulator } from './index.ts';
import { DEMO_PASSWORD, type SeedSize } from './seed.ts';

export const DEFAULT_PORT = 8089;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SEED = 42;

/** Beyond these a seeded org outgrows a default Node heap; a benchmark rarely needs more. */
export const MAX_SIZE = Object.freeze({ users: 200_000, groups: 50_000, apps: 1_000 });

export interface SimulatorConfig {
  port: number;
  host: string;
  /** Undefined: the simulator mints a random token. */
  apiToken: string | undefined;
  seed: number;
  size: SeedSize;
  latencyMs: number;
  searchLagMs: number;
}

/** The environment did not describe a simulator that can start; `problems` says why, all of it. */
export class SimulatorConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid simulator settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SimulatorConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Read the SIM_* variables once; throws SimulatorConfigError naming every wrong value. */
export function readSimulatorConfig(env: Env): SimulatorConfig {
  const problems: string[] = [];
  const config: SimulatorConfig = Object.freeze({
    port: wholeNumber(env, 'SIM_PORT', DEFAULT_PORT, 65_535, problems),
    host: host(env, problems),
    apiToken: apiToken(env, problems),
    seed: wholeNumber(env, 'SIM_SEED', DEFAULT_SEED, 0xffff_ffff, problems),
    size: size(env, problems),
    latencyMs: wholeNumber(env, 'SIM_LATENCY_MS', 0, 60_000, problems),
    searchLagMs: wholeNumber(env, 'SIM_SEARCH_LAG_MS', 0, 600_000, problems),
  });
  if (problems.length > 0) throw new SimulatorConfigError(problems);
  return config;
}

function present(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function wholeNumber(
  env: Env,
  name: string,
  fallback: number,
  max: number,
  problems: string[],
): number {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) {
    problems.push(`${name} must be a whole number from 0 to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function host(env: Env, problems: string[]): string {
  const raw = present(env, 'SIM_HOST');
  if (raw === undefined) return DEFAULT_HOST;
  if (/\s|\//.test(raw)) {
    problems.push(`SIM_HOST must be a host name or IP address such as 0.0.0.0, got "${raw}"`);
    return DEFAULT_HOST;
  }
  return raw;
}

function apiToken(env: Env, problems: string[]): string | undefined {
  const raw = env.SIM_API_TOKEN;
  if (raw === undefined || raw === '') return undefined;
  // Clients send it in an `Authorization: SSWS <token>` header: visible ASCII only.
  if (!/^[\x21-\x7e]{8,}$/.test(raw)) {
    problems.push(
      'SIM_API_TOKEN must be at least 8 visible ASCII characters without spaces (Okta tokens look like 00abc…)',
    );
    return undefined;
  }
  return raw;
}

function size(env: Env, problems: string[]): SeedSize {
  const raw = present(env, 'SIM_SIZE');
  if (raw === undefined) return 'demo';
  const lower = raw.toLowerCase();
  if (lower === 'demo' || lower === 'empty') return lower;
  const match = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(lower);
  const [users, groups, apps] = match
    ? match.slice(1).map((n) => (n === undefined ? undefined : Number(n)))
    : [];
  if (
    users === undefined ||
    groups === undefined ||
    users < 1 ||
    groups < 1 ||
    users > MAX_SIZE.users ||
    groups > MAX_SIZE.groups ||
    (apps !== undefined && apps > MAX_SIZE.apps)
  ) {
    problems.push(
      `SIM_SIZE must be demo, empty or <users>x<groups>[x<apps>] with 1-${MAX_SIZE.users} users, ` +
        `1-${MAX_SIZE.groups} groups and 0-${MAX_SIZE.apps} apps (e.g. 50000x2000), got "${raw}"`,
    );
    return 'demo';
  }
  return apps === undefined ? { users, groups } : { users, groups, apps };
}

function describeSize(size: SeedSize): string {
  return typeof size === 'string'
    ? size
    : `${size.users}x${size.groups}${size.apps === undefined ? '' : `x${size.apps}`}`;
}

/** Start the simulator the environment describes and print how to reach it. */
export async function runSimulator(
  config: SimulatorConfig,
  print: (line: string) => void = console.log,
): Promise<Simulator> {
  const started = performance.now();
  const sim = await startSimulator({
    port: config.port,
    host: config.host,
    apiToken: config.apiToken,
    seed: config.seed,
    size: config.size,
    searchLagMs: config.searchLagMs,
  });
  if (config.latencyMs > 0) setFaults(sim, { latencyMs: config.latencyMs });
  const { org } = sim;
  const elapsed = Math.round(performance.now() - started);
  print(`Okta org simulator listening on ${sim.url}`);
  print(
    `  org: seed ${config.seed}, ${describeSize(config.size)}: ${org.users.size} users, ` +
      `${org.groups.size} groups, ${org.apps.size} apps, ${org.log.length} System Log events ` +
      `(ready in ${elapsed} ms)`,
  );
  if (config.latencyMs > 0 || config.searchLagMs > 0) {
    print(`  latency ${config.latencyMs} ms, search lag ${config.searchLagMs} ms`);
  }
  print(`  API token: ${sim.apiToken}`);
  print(`  password of the seeded users: ${DEMO_PASSWORD}`);
  print(
    `  try: curl -s -H "Authorization: SSWS ${sim.apiToken}" "${sim.url}/api/v1/users?limit=2"`,
  );
  return sim;
}

async function main(): Promise<void> {
  let config: SimulatorConfig;
  try {
    config = readSimulatorConfig(process.env);
  } catch (error) {
    if (!(error instanceof SimulatorConfigError)) throw error;
    console.error(
      `The Okta org simulator cannot start:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    process.exit(1);
  }
  let sim: Simulator;
  try {
    sim = await runSimulator(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      `The Okta org simulator cannot listen on ${config.host}:${config.port}: ${code ?? (error as Error).message}`,
    );
    process.exit(1);
  }
  console.log('Ctrl-C stops it.');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => {
        console.log(`Stopped (${signal}).`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry point (`tsx src/simulator/main.ts`), not when a test imports it.
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  await main();
}
