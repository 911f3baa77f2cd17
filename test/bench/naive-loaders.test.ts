import { beforeEach, describe, expect, it } from 'vitest';
import { createNaiveLoaders } from '../../bench/naive-loaders.ts';
import { type Stack, useStack } from '../support/stack.ts';

const UNKNOWN = '00u00000000000000000';

/** Three users by id, the second one asked for twice, and one unknown id, in one request. */
async function fourLookups(stack: Stack) {
  const [a, b, c] = [...stack.sim.org.users.keys()];
  const res = await stack.graphql<Record<string, { id: string } | null>>(
    `query($a: ID!, $b: ID!, $c: ID!, $x: ID!) {
      a: user(id: $a) { id } b: user(id: $b) { id } again: user(id: $b) { id }
      c: user(id: $c) { id } x: user(id: $x) { id }
    }`,
    { a, b, c, x: UNKNOWN },
  );
  return { res, ids: { a, b, c } };
}

describe('the naive loader baseline (bench/naive-loaders.ts)', () => {
  const naive = useStack({ loaders: createNaiveLoaders });
  const batched = useStack();
  beforeEach(() => {
    naive.oktaCalls.reset();
    batched.oktaCalls.reset();
  });

  it('reads every user lookup with its own GET by id, the same id twice included', async () => {
    const { res, ids } = await fourLookups(naive);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { id: ids.a },
      b: { id: ids.b },
      again: { id: ids.b },
      c: { id: ids.c },
      x: null,
    });
    expect(naive.oktaCalls.count('GET /api/v1/users/:userId')).toBe(5);
    expect(naive.oktaCalls.count('GET /api/v1/users')).toBe(0);
  });

  it('answers the same lookups as the batched loaders, which make one search call', async () => {
    const [fromNaive, fromBatched] = [await fourLookups(naive), await fourLookups(batched)];
    expect(fromBatched.res.data).toEqual(fromNaive.res.data);
    expect(batched.oktaCalls.count('GET /api/v1/users')).toBe(1);
    expect(batched.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
  });

  it('makes one groups call per group for memberCount, where the batched loaders make one', async () => {
    const ids = [...naive.sim.org.groups.keys()].slice(0, 3);
    const query = `query($a: ID!, $b: ID!, $c: ID!) {
      a: group(id: $a) { memberCount } b: group(id: $b) { memberCount } c: group(id: $c) { memberCount }
    }`;
    const variables = { a: ids[0], b: ids[1], c: ids[2] };
    const [fromNaive, fromBatched] = [
      await naive.graphql(query, variables),
      await batched.graphql(query, variables),
    ];
    expect(fromNaive.errors).toBeUndefined();
    expect(fromNaive.data).toEqual(fromBatched.data);
    // A group asked for its member count is read with its stats (a one-id filter each), and the
    // count's own load, started beside it, is a second read where nothing is cached.
    expect(naive.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 6 });
    expect(batched.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/groups': 1 });
  });
});
