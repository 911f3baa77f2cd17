import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { OktaCallRecord } from '../../src/okta/http.ts';
import { createOktaClient, type OktaClient } from '../../src/okta/index.ts';
import {
  createOktaTransport,
  type OktaClientTransport,
  type OktaTransportOptions,
} from '../../src/okta/transport.ts';
import type { Exchange, SimulatorOptions } from '../../src/simulator/index.ts';
import { type SimHarness, startTestSimulator, useSimulator } from '../support/simulator.ts';

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

export interface WireUser {
  id: string;
  status: string;
  profile: { login: string; firstName: string };
}

/**
 * A simulator for one describe block, with every exchange it answered (and its answers checked
 * against Okta's OpenAPI document).
 */
export function simulatorFor(options: SimulatorOptions) {
  const ctx = { exchanges: [] as Exchange[] } as { h: SimHarness; exchanges: Exchange[] };
  beforeAll(async () => {
    ctx.h = await startTestSimulator(options);
    ctx.h.sim.onExchange((e) => ctx.exchanges.push(e));
  });
  beforeEach(() => {
    ctx.h.sim.faults.clear();
    ctx.h.sim.requests.reset();
    ctx.exchanges.length = 0;
  });
  afterAll(async () => {
    await ctx.h?.sim.close();
    const seen = ctx.h?.violations.splice(0) ?? [];
    if (seen.length > 0) throw new Error(`OpenAPI violations:\n${seen.join('\n')}`);
  });
  return ctx;
}

export function transportFor(h: SimHarness, options: Partial<OktaTransportOptions> = {}) {
  const records: OktaCallRecord[] = [];
  const transport = createOktaTransport({
    orgUrl: h.sim.url,
    credentials: { apiToken: h.sim.apiToken },
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    rateLimit: { resetJitterMs: 50 },
    ...options,
  });
  transport.onCall((r) => records.push(r));
  return { transport, records };
}

let loginSeq = 0;
export const newUser = () => {
  loginSeq++;
  return {
    profile: {
      firstName: 'Ada',
      lastName: `Client${loginSeq}`,
      email: `ada.client${loginSeq}.${Date.now()}@example.com`,
      login: `ada.client${loginSeq}.${Date.now()}@example.com`,
    },
  };
};

export async function createUser(transport: OktaClientTransport): Promise<WireUser> {
  const res = await transport.request<WireUser>({
    method: 'POST',
    path: '/api/v1/users',
    query: { activate: false },
    body: newUser(),
  });
  return res.body;
}
