import { Agent } from 'undici';
import type { Timed } from './measure.ts';
import { OKTA_CONCURRENT_LIMIT, type RestGet, type Scenario } from './scenarios.ts';
import type { SimulatorProcess } from './stack.ts';

/**
 * A bare client of Okta's REST API: undici with Okta's concurrent cap of connections, the org's
 * API token, each answer read to the end and parsed. It carries out a scenario's optimal plan
 * (Scenario.rest) with nothing else around it, so the report can show what the gateway adds to
 * the best a hand-written client does on the same machine.
 */
export function restClient(sim: SimulatorProcess) {
  const agent = new Agent({ connections: OKTA_CONCURRENT_LIMIT, keepAliveTimeout: 30_000 });
  const headers = { authorization: `SSWS ${sim.apiToken}`, accept: 'application/json' };
  const get: RestGet = async (path) => {
    const res = await agent.request({ origin: sim.url, path, method: 'GET', headers });
    const text = await res.body.text();
    if (res.statusCode !== 200)
      throw new Error(`GET ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
  /** One run of the scenario's plan, timed; a failed call fails the benchmark. */
  const run =
    (scenario: Scenario, variables: Record<string, unknown>): Timed =>
    async () => {
      const started = performance.now();
      await scenario.rest(get, variables);
      return { ms: performance.now() - started, answer: { data: {} } };
    };
  return { run, close: () => agent.close() };
}

export type RestClient = ReturnType<typeof restClient>;
