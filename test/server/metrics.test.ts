import { beforeEach, describe, expect, it } from 'vitest';
import {
  ANONYMOUS_OPERATION,
  createGatewayMetrics,
  OTHER_OPERATION,
} from '../../src/server/metrics.ts';
import { sampleOf, secretsOf, useGateway } from '../support/harness.ts';

const h = useGateway();

beforeEach(() => {
  h.stack.sim.faults.clear();
  h.stack.oktaCalls.reset();
});

async function scrape(): Promise<string> {
  const res = await h.fetch('/metrics');
  expect(res.status).toBe(200);
  return res.text();
}

/** How much each sample grew while `run` ran. */
async function growth(
  run: () => Promise<unknown>,
  samples: [string, Record<string, string>][],
): Promise<number[]> {
  const before = await scrape();
  await run();
  const after = await scrape();
  return samples.map(
    ([name, labels]) => sampleOf(after, name, labels) - sampleOf(before, name, labels),
  );
}

describe('/metrics', () => {
  it("serves Prometheus' text format", async () => {
    const res = await h.fetch('/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toContain('# TYPE okta_requests_total counter');
  });

  it('counts each Okta call by method, route template and status', async () => {
    const [calls] = await growth(
      () => h.graphql('query TwoUsers { users(first: 2) { nodes { id } } }'),
      [['okta_requests_total', { method: 'GET', route: '/api/v1/users', status: '200' }]],
    );
    expect(calls).toBe(1);
  });

  it('labels a call by its route template, never by the id or login it named', async () => {
    const login = 'emma.kapoor@acme.example';
    const before = await scrape();
    const res = await h.graphql('query($login: String!) { user(login: $login) { id } }', {
      login,
    });
    const after = await scrape();
    const id = (res.body.data?.user as { id: string } | undefined)?.id;
    expect(id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    const labels = { method: 'GET', route: '/api/v1/users/:id', status: '200' };
    expect(sampleOf(after, 'okta_requests_total', labels)).toBe(
      sampleOf(before, 'okta_requests_total', labels) + 1,
    );
    expect(after).not.toContain(login);
    expect(after).not.toContain(id as string);
  });

  it("counts Okta's 404 answers under their own status", async () => {
    const [missing] = await growth(
      () => h.graphql('{ user(login: "nobody@acme.example") { id } }'),
      [['okta_requests_total', { method: 'GET', route: '/api/v1/users/:id', status: '404' }]],
    );
    expect(missing).toBe(1);
  });

  it('observes each Okta call in the duration histogram by route template', async () => {
    const [count, inf] = await growth(
      () => h.graphql('{ groups(first: 1) { nodes { id } } }'),
      [
        ['okta_request_duration_seconds_count', { method: 'GET', route: '/api/v1/groups' }],
        [
          'okta_request_duration_seconds_bucket',
          { method: 'GET', route: '/api/v1/groups', le: '+Inf' },
        ],
      ],
    );
    expect([count, inf]).toEqual([1, 1]);
  });

  it("reports each rate-limit bucket's remaining budget and limit as the governor sees them", async () => {
    await h.graphql('{ users(first: 1) { nodes { id } } }');
    const text = await scrape();
    const view = (await h.stack.okta.transport.rateLimits()).find(
      (b) => b.bucket === 'users.collection',
    );
    expect(sampleOf(text, 'okta_rate_limit_limit', { bucket: 'users.collection' })).toBe(600);
    expect(sampleOf(text, 'okta_rate_limit_remaining', { bucket: 'users.collection' })).toBe(
      view?.remaining,
    );
    expect(view?.remaining).toBeLessThan(600);
  });

  it('counts GraphQL operations by name with outcome "success"', async () => {
    const [ok] = await growth(
      () => h.graphql('query OneGroup { groups(first: 1) { nodes { name } } }'),
      [['graphql_operations_total', { operation: 'OneGroup', outcome: 'success' }]],
    );
    expect(ok).toBe(1);
  });

  it('takes the operation name from the document when the request does not name it', async () => {
    const [named, anonymous] = await growth(
      () => h.graphql('query NamedInDocument { groups(first: 1) { nodes { id } } }'),
      [
        ['graphql_operations_total', { operation: 'NamedInDocument', outcome: 'success' }],
        ['graphql_operations_total', { operation: ANONYMOUS_OPERATION, outcome: 'success' }],
      ],
    );
    expect([named, anonymous]).toEqual([1, 0]);
  });

  it('counts an operation that fails validation under its error code, without an Okta call', async () => {
    const [failed] = await growth(
      () => h.graphql('query Misspelled { users { nodes { idd } } }'),
      [
        [
          'graphql_operations_total',
          { operation: 'Misspelled', outcome: 'GRAPHQL_VALIDATION_FAILED' },
        ],
      ],
    );
    expect(failed).toBe(1);
    expect(h.stack.oktaCalls.total()).toBe(0);
  });

  it('counts an operation refused by a limit as LIMIT_EXCEEDED', async () => {
    // Seven fields deep: a connection's `nodes` are no level of their own.
    const deep =
      'query TooDeep { users { nodes { groups { nodes { members { nodes { groups { nodes { members { nodes { profile { login } } } } } } } } } } } }';
    const [refused] = await growth(
      () => h.graphql(deep),
      [['graphql_operations_total', { operation: 'TooDeep', outcome: 'LIMIT_EXCEEDED' }]],
    );
    expect(refused).toBe(1);
    expect(h.stack.oktaCalls.total()).toBe(0);
  });

  it('counts anonymous operations as (anonymous)', async () => {
    const [anonymous] = await growth(
      () => h.graphql('{ groups(first: 1) { nodes { id } } }'),
      [['graphql_operations_total', { operation: ANONYMOUS_OPERATION, outcome: 'success' }]],
    );
    expect(anonymous).toBe(1);
  });
});

describe('operation name labels', () => {
  const metrics = createGatewayMetrics({ rateLimits: async () => [] });

  it('keeps at most 500 distinct names and counts the rest as (other)', async () => {
    for (let i = 0; i < 501; i++) metrics.observeOperation(`Operation${i}`, 'success', 0.01);
    const text = await metrics.render();
    expect(
      sampleOf(text, 'graphql_operations_total', { operation: 'Operation499', outcome: 'success' }),
    ).toBe(1);
    expect(
      sampleOf(text, 'graphql_operations_total', {
        operation: OTHER_OPERATION,
        outcome: 'success',
      }),
    ).toBe(1);
  });

  it('counts a name that is not a GraphQL name as (other)', async () => {
    metrics.observeOperation('x"} 1\nokta_requests_total{', 'success', 0.01);
    const text = await metrics.render();
    expect(
      sampleOf(text, 'graphql_operations_total', {
        operation: OTHER_OPERATION,
        outcome: 'success',
      }),
    ).toBe(2);
  });
});

it('leaves no secret in any response or log line of this file', () => {
  const text = h.transcript.join('\n');
  for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
});
