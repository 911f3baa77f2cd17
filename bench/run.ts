/**
 * `npm run bench`: the gateway against the optimal REST plan of each scenario (the fewest Okta
 * calls and round trips Okta's API allows, written down in bench/scenarios.ts) and against the
 * naive baseline (bench/naive-gateway.ts: the same resolvers, one Okta call per object), each
 * gateway in its own process over one simulated Okta org in a third, with latency injected into
 * every Okta call. For each scenario: the Okta calls one request makes, p50/p99 latency at 1 and
 * at 16 concurrent clients, the critical-path floor (round trips × latency), and issue 12's
 * targets as PASS/FAIL (calls ≤ 1.1× optimal, p50 at one client ≤ 1.3× the floor).
 * It prints and exits 0 whatever the figures are (a benchmark is not a test); it stops by itself.
 *
 *   BENCH_LATENCY_MS            latency injected into every Okta call (default 50)
 *   BENCH_SIZE / BENCH_SEED     the simulated org (default 2000x60, seed 42: 51 groups of 50+)
 *   BENCH_OKTA_MAX_IN_FLIGHT    the gateways' OKTA_MAX_IN_FLIGHT (default 75: all of Okta's
 *                               concurrent cap, a benchmark org serving one gateway)
 *   BENCH_SCENARIOS             which scenarios to run, e.g. "2,4" (default all)
 */
import { availableParallelism, loadavg } from 'node:os';
import { type LoadShape, measure, OperationFailed, once, operation } from './measure.ts';
import { formatScenario, formatSummary, type ModeResult, type ScenarioResult } from './report.ts';
import { type RestClient, restClient } from './rest-client.ts';
import { OKTA_CONCURRENT_LIMIT, SCENARIOS, type Scenario } from './scenarios.ts';
import {
  agent,
  type GatewayProcess,
  type SimulatorProcess,
  startGatewayProcess,
  startSimulatorProcess,
} from './stack.ts';

const env = process.env;
const settings = {
  latencyMs: Number(env.BENCH_LATENCY_MS ?? 50),
  size: env.BENCH_SIZE ?? '2000x60',
  seed: Number(env.BENCH_SEED ?? 42),
  maxInFlight: env.BENCH_OKTA_MAX_IN_FLIGHT ?? String(OKTA_CONCURRENT_LIMIT),
  scenarios: env.BENCH_SCENARIOS?.split(',').map(Number),
};

// Bounded in requests and in time, so a slow baseline cannot stretch the run: about 2.5 minutes
// at most on a 2-core machine, most of it the naive baseline at 16 clients.
const ONE_CLIENT: LoadShape = { clients: 1, requestsPerClient: 40, budgetMs: 8_000 };
const SIXTEEN_CLIENTS: LoadShape = { clients: 16, requestsPerClient: 4, budgetMs: 8_000 };
const FLOOR: LoadShape = { clients: 1, requestsPerClient: 10, budgetMs: 3_000 };
/** Unmeasured requests before a gateway's figures for a scenario: its code paths compiled. */
const WARM_UP: LoadShape = { clients: 1, requestsPerClient: 10, budgetMs: 3_000 };

async function runMode(
  sim: SimulatorProcess,
  gateway: GatewayProcess,
  scenario: Scenario,
  variables: Record<string, unknown>,
): Promise<{ result: ModeResult; data: unknown }> {
  await sim.resetRequests();
  const { data } = await once(gateway, scenario.query, variables);
  const byRoute = await sim.requests();
  const calls = Object.values(byRoute).reduce((sum, n) => sum + n, 0);
  const request = operation(gateway, scenario.query, variables);
  await measure(request, WARM_UP);
  const one = await measure(request, ONE_CLIENT);
  const many = await measure(request, SIXTEEN_CLIENTS);
  return { result: { byRoute, calls, one, many }, data };
}

/** The optimal plan by a bare REST client, warmed up as the gateways are, at one client. */
async function measureRest(
  bare: RestClient,
  scenario: Scenario,
  variables: Record<string, unknown>,
) {
  const request = bare.run(scenario, variables);
  await measure(request, WARM_UP);
  return measure(request, ONE_CLIENT);
}

/** A field the schema does not have yet (another part of the gateway still being built). */
const notInSchema = (error: unknown) =>
  error instanceof OperationFailed && /Cannot query field|Unknown argument/.test(error.message);

async function main(): Promise<void> {
  const started = performance.now();
  const chosen = SCENARIOS.filter(
    (s) => !settings.scenarios || settings.scenarios.includes(s.number),
  );
  const sim = await startSimulatorProcess({ seed: settings.seed, size: settings.size });
  const gateways: GatewayProcess[] = [];
  const bare = restClient(sim);
  try {
    await sim.liftRateLimits();
    const gatewayEnv: Record<string, string> = {
      OKTA_MAX_IN_FLIGHT: settings.maxInFlight,
    };
    gateways.push(
      ...(await Promise.all([
        startGatewayProcess('batched gateway', sim, gatewayEnv),
        startGatewayProcess('naive gateway', sim, gatewayEnv, 'bench/naive-gateway.ts'),
      ])),
    );
    const [batched, naive] = gateways as [GatewayProcess, GatewayProcess];
    // Finding the scenarios' objects is setup, not part of any figure: no latency yet.
    const prepared = [];
    for (const scenario of chosen)
      prepared.push({ scenario, variables: await scenario.prepare(sim) });
    await sim.setLatency(settings.latencyMs);

    console.log(
      `Okta GraphQL gateway benchmark: simulated org ${settings.size} (seed ${settings.seed}) in its own ` +
        `process, ${settings.latencyMs} ms injected into every Okta call (from its arrival to its answer, ` +
        `the simulator's own work inside it, as Okta's is), rate limits lifted; ` +
        `each gateway in its own process (OKTA_MAX_IN_FLIGHT ${batched.maxInFlight}); ` +
        `loopback; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores. Latency from ${ONE_CLIENT.requestsPerClient} requests at 1 client and up to ` +
        `${SIXTEEN_CLIENTS.clients * SIXTEEN_CLIENTS.requestsPerClient} at 16 (each bounded by time).`,
    );
    const results: ScenarioResult[] = [];
    for (const { scenario, variables } of prepared) {
      console.log('');
      let fromBatched: Awaited<ReturnType<typeof runMode>>;
      try {
        fromBatched = await runMode(sim, batched, scenario, variables);
      } catch (error) {
        if (!notInSchema(error)) throw error;
        console.log(
          `${scenario.number}. ${scenario.title}\n   skipped: ${(error as Error).message}`,
        );
        continue;
      }
      const fromNaive = await runMode(sim, naive, scenario, variables);
      const rest = await measureRest(bare, scenario, variables);
      const request = operation(batched, scenario.query, variables);
      // The stricter model: the latency waited first, the simulator's work after it.
      await sim.setLatency(settings.latencyMs, false);
      const workAfterLatency = await measure(request, ONE_CLIENT);
      // What the request costs with Okta answering at once: the CPU of gateway and simulator.
      await sim.setLatency(0);
      const floor = await measure(request, FLOOR);
      await sim.setLatency(settings.latencyMs);
      const result: ScenarioResult = {
        floor,
        workAfterLatency,
        rest,
        scenario,
        answer: scenario.describe(fromBatched.data),
        optimal: scenario.optimal(fromBatched.data),
        batched: fromBatched.result,
        naive: fromNaive.result,
        sameAnswer: JSON.stringify(fromBatched.data) === JSON.stringify(fromNaive.data),
      };
      results.push(result);
      for (const line of formatScenario(result, settings.latencyMs)) console.log(line);
    }
    console.log('');
    for (const line of formatSummary(results, settings.latencyMs)) console.log(line);
    console.log(`\nDone in ${Math.round((performance.now() - started) / 1000)} s.`);
  } finally {
    await Promise.all([...gateways.map((g) => g.stop()), sim.stop(), bare.close()]);
    await agent.close();
  }
}

await main();

// Live events (issue 6): bench/events.ts, with processes of its own. BENCH_EVENTS=0 skips it.
if (env.BENCH_EVENTS !== '0') {
  const { runEventsBench } = await import('./events.ts');
  console.log('');
  for (const line of await runEventsBench()) console.log(line);
}
