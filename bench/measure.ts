import type { GatewayProcess, GraphQLAnswer } from './stack.ts';

export interface LatencyRun {
  clients: number;
  /** Requests answered without GraphQL errors: the latencies are theirs. */
  requests: number;
  /** Requests answered with errors, by the first error's code (RATE_LIMITED: the gateway shed load). */
  failed: Record<string, number>;
  p50: number;
  p99: number;
  elapsedMs: number;
}

export interface LoadShape {
  clients: number;
  /** Each client sends at most this many requests... */
  requestsPerClient: number;
  /** ...and starts no new one after this long; a request under way is always finished. */
  budgetMs: number;
}

/** The value below which `share` of the samples fall (nearest rank: one of the samples). */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(share * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export class OperationFailed extends Error {
  constructor(gateway: string, answer: GraphQLAnswer) {
    super(`${gateway} answered with errors: ${JSON.stringify(answer.errors).slice(0, 500)}`);
    this.name = 'OperationFailed';
  }
}

/** One request, timed: an operation sent to a gateway, or a bare client's plan. */
export type Timed = () => Promise<{ ms: number; answer: GraphQLAnswer }>;

/** A gateway's operation as a Timed request. */
export const operation =
  (gateway: GatewayProcess, query: string, variables: Record<string, unknown>): Timed =>
  () =>
    gateway.graphql(query, variables);

/** Send one operation; a GraphQL error fails the benchmark (it would measure nothing). */
export async function once(
  gateway: GatewayProcess,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ ms: number; data: unknown }> {
  const { ms, answer } = await gateway.graphql(query, variables);
  if (answer.errors?.length || answer.data == null) throw new OperationFailed(gateway.name, answer);
  return { ms, data: answer.data };
}

/**
 * `clients` closed-loop clients, each sending the operation again as soon as its answer is in,
 * until it has sent `requestsPerClient` or the budget is spent; latencies of every request.
 */
export async function measure(request: Timed, shape: LoadShape): Promise<LatencyRun> {
  const latencies: number[] = [];
  const failed: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + shape.budgetMs;
  const client = async () => {
    for (let sent = 0; sent < shape.requestsPerClient && performance.now() < deadline; sent++) {
      const { ms, answer } = await request();
      if (!answer.errors?.length && answer.data != null) {
        latencies.push(ms);
        continue;
      }
      const code = String(answer.errors?.[0]?.extensions?.code ?? 'NO_DATA');
      failed[code] = (failed[code] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: shape.clients }, client));
  latencies.sort((a, b) => a - b);
  return {
    clients: shape.clients,
    requests: latencies.length,
    failed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    elapsedMs: performance.now() - started,
  };
}
