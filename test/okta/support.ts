import { afterAll, beforeAll } from 'vitest';
import { createOktaClient, type OktaClient } from '../../src/okta/index.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

export interface OktaHarness {
  h: SimHarness;
  /** The gateway's Okta client on the simulator, through the real transport and an SSWS token. */
  okta: OktaClient;
}

/**
 * A simulator for one test file (every answer checked against Okta's OpenAPI document) and the
 * Okta client on it.
 */
export function useOktaClient(options: SimulatorOptions = {}): OktaHarness {
  const h = useSimulator(options);
  const harness = { h } as OktaHarness;
  beforeAll(() => {
    harness.okta = createOktaClient({
      orgUrl: h.sim.url,
      credentials: { apiToken: h.sim.apiToken },
    });
  });
  afterAll(async () => {
    await harness.okta?.transport.close();
  });
  return harness;
}

/** The rejection of a promise, to assert on its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
