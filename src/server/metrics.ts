import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OktaCallRecord, OktaClientTransport } from '../okta/index.ts';

type BucketView = Awaited<ReturnType<OktaClientTransport['rateLimits']>>[number];

/** An operation name as a label: GraphQL names only, and a bounded number of them. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
/** Clients choose operation names: past this many distinct ones, new names share one series. */
const MAX_OPERATION_NAMES = 500;
export const ANONYMOUS_OPERATION = '(anonymous)';
export const OTHER_OPERATION = '(other)';

/** Okta answers in tens of milliseconds; its slow paths (search, logs) take seconds. */
const OKTA_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const OPERATION_SECONDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What `/metrics` serves, in Prometheus' text format, from one registry per gateway. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** One attempt of one Okta call (the transport's `onCall`). */
  observeOktaCall(record: OktaCallRecord): void;
  /** One GraphQL operation: `outcome` is `success` or the first error's code. */
  observeOperation(
    operationName: string | null | undefined,
    outcome: string,
    seconds: number,
  ): void;
  render(): Promise<string>;
}

export function createGatewayMetrics(options: {
  /** The Okta rate-limit buckets as the transport's governor sees them, read at each scrape. */
  rateLimits: () => Promise<BucketView[]>;
  /** Node's process metrics (CPU, memory, event loop): on in `npm start`, off in tests. */
  processMetrics?: boolean;
}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const oktaRequests = new Counter({
    name: 'okta_requests_total',
    help: 'Okta API requests by method, route template and HTTP status ("error" when none came back).',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const oktaDuration = new Histogram({
    name: 'okta_request_duration_seconds',
    help: 'Okta API request duration by method and route template.',
    labelNames: ['method', 'route'] as const,
    buckets: OKTA_SECONDS,
    registers: [registry],
  });
  const bucketGauge = (name: string, help: string, pick: (b: BucketView) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['bucket'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const bucket of await options.rateLimits()) {
          const value = pick(bucket);
          if (value !== null) this.set({ bucket: bucket.bucket }, value);
        }
      },
    });
  bucketGauge(
    'okta_rate_limit_remaining',
    "Requests left in the current window of each Okta rate-limit bucket (the governor's estimate, after calls in flight).",
    (b) => b.remaining,
  );
  bucketGauge(
    'okta_rate_limit_limit',
    'The per-window ceiling Okta reported for each rate-limit bucket.',
    (b) => b.limit,
  );
  bucketGauge(
    'okta_rate_limit_queued',
    'Okta calls waiting in the governor for budget, by bucket.',
    (b) => b.queued,
  );
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by operation name and outcome ("success" or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration by operation name.',
    labelNames: ['operation'] as const,
    buckets: OPERATION_SECONDS,
    registers: [registry],
  });

  const knownNames = new Set<string>();
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (knownNames.has(name)) return name;
    if (knownNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    knownNames.add(name);
    return name;
  };

  return {
    registry,
    contentType: registry.contentType,
    observeOktaCall(record) {
      oktaRequests.inc({
        method: record.method,
        route: record.route,
        status: String(record.status),
      });
      oktaDuration.observe(
        { method: record.method, route: record.route },
        record.durationMs / 1000,
      );
    },
    observeOperation(operationName, outcome, seconds) {
      const operation = operationLabel(operationName);
      operations.inc({ operation, outcome });
      operationDuration.observe({ operation }, seconds);
    },
    render: () => registry.metrics(),
  };
}
