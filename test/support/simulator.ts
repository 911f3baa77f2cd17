import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.ts';
import { validateExchange } from './openapi.ts';

export interface SimHarness {
  sim: Simulator;
  /** Call the simulator with the org's API token; the body is parsed JSON (undefined if empty). */
  api<T = unknown>(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; auth?: string | null },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  /** OpenAPI violations seen since the last check (the harness fails the test on any). */
  violations: string[];
}

/**
 * Start a simulator for one test file. Every response it gives is validated against Okta's
 * OpenAPI document (test/fixtures/okta-management-openapi.yaml); a violation fails the test that
 * caused it.
 */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<SimHarness> {
  const sim = await startSimulator(options);
  const violations: string[] = [];
  sim.onExchange((exchange) => {
    violations.push(...validateExchange(exchange));
  });
  const api: SimHarness['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (opts.auth !== null) headers.Authorization = opts.auth ?? `SSWS ${sim.apiToken}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await fetch(`${sim.url}${path}`, { method, headers, body });
    const text = await res.text();
    return {
      status: res.status,
      body: (text ? JSON.parse(text) : undefined) as never,
      headers: res.headers,
    };
  };
  return { sim, api, violations };
}

/** `startTestSimulator` bound to a test file's lifecycle: started once, checked after each test. */
export function useSimulator(options: SimulatorOptions = {}): SimHarness {
  const harness = {} as SimHarness;
  beforeAll(async () => {
    Object.assign(harness, await startTestSimulator(options));
  });
  afterEach(() => {
    const seen = harness.violations?.splice(0) ?? [];
    if (seen.length > 0) {
      throw new Error(`responses that break Okta's OpenAPI document:\n${seen.join('\n')}`);
    }
  });
  afterAll(async () => {
    await harness.sim?.close();
  });
  return harness;
}
