import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/okta/index.ts';
import { useStack } from '../support/stack.ts';

describe('events invalidate what the gateway would read stale', () => {
  // Okta's search index lags writes by a minute here: a batched read through search is stale.
  const stack = useStack({ sim: { searchLagMs: 60_000 } });

  it('reads a user by id after an event says its status changed, not through the lagging search', async () => {
    const [first, second] = [...stack.sim.org.users.values()].filter(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId,
    );
    const query =
      'query($a: ID!, $b: ID!) { a: user(id: $a) { status } b: user(id: $b) { status } }';
    // Someone else suspends the first user straight in Okta.
    await stack.okta.users.suspend(first?.id as string);
    const stale = await stack.graphql(query, { a: first?.id, b: second?.id });
    expect(stale.data).toEqual({ a: { status: 'ACTIVE' }, b: { status: 'ACTIVE' } });

    const suspend = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
    expect(suspend.eventType).toBe('user.lifecycle.suspend');
    await stack.events.publish([suspend], 'hook');
    await new Promise((resolve) => setTimeout(resolve, 20));

    const fresh = await stack.graphql(query, { a: first?.id, b: second?.id });
    expect(fresh.data).toEqual({ a: { status: 'SUSPENDED' }, b: { status: 'ACTIVE' } });
  });
});
