import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import { useStack } from '../support/stack.ts';

/** `Authorization: Scopes a b` makes a caller with exactly those scopes; no header, every scope. */
const authenticate = async (authorization: string | null) =>
  authorization?.startsWith('Scopes ')
    ? callerWithScopes('tester', authorization.slice('Scopes '.length).split(' '), true)
    : callerWithScopes(null, ALL_SCOPES, false);

const STATUS_FIELDS =
  'bucket endpoints limit remaining resetsAt reserved available inFlight queued';

/** Okta's windows end on the minute: start a test well inside one, so it cannot roll over. */
async function awayFromWindowEnd(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 55_000) await sleep(60_000 - intoWindow + 100);
}

describe("Okta's rate limits in the graph", () => {
  // No call before the tests: the gateway's admin is looked up at its first write.
  const stack = useStack({ sim: { size: 'empty' }, authenticate, principalAtStart: false });
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    expect(stack.violations.splice(0)).toEqual([]);
  });

  it('lists no bucket before the gateway has called Okta', async () => {
    const res = await stack.graphql(`{ rateLimits { ${STATUS_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ rateLimits: [] });
  });

  it("shows a bucket's limit, what is left, its reset and the share left to others", async () => {
    await awayFromWindowEnd();
    const users = await stack.graphql('{ users(first: 1) { nodes { id } } }');
    expect(users.errors).toBeUndefined();
    const res = await stack.graphql(`{ rateLimits { ${STATUS_FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    const window = stack.sim.rateLimiter.view()['users.collection'];
    expect(window?.used).toBe(1);
    expect(res.data).toEqual({
      rateLimits: [
        {
          bucket: 'users.collection',
          endpoints: 'GET/POST /api/v1/users',
          limit: 600,
          remaining: 599,
          resetsAt: new Date(window?.resetsAt as number).toISOString(),
          // The governor's default share is 20%: 120 of 600 stay for the org's other clients.
          reserved: 120,
          available: 479,
          inFlight: 0,
          queued: 0,
        },
      ],
    });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users': 1 });
  });

  it('refuses rate limits to a caller without okta.rateLimits.read', async () => {
    const res = await stack.graphql(
      '{ rateLimits { bucket } }',
      {},
      { authorization: 'Scopes okta.logs.read okta.users.read' },
    );
    expect(res.data).toEqual({ rateLimits: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('serves rate limits to a caller holding okta.rateLimits.read alone', async () => {
    const res = await stack.graphql<{ rateLimits: { bucket: string }[] }>(
      '{ rateLimits { bucket } }',
      {},
      { authorization: 'Scopes okta.rateLimits.read' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.rateLimits.map((b) => b.bucket)).toEqual(['users.collection']);
  });
});
