import { randomUUID } from 'node:crypto';
import { auditServer } from 'graphql-http';
import { createClient } from 'graphql-sse';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/okta/index.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';
import { until } from '../support/subscriptions.ts';

// The gateway against the protocols' own tools: graphql-http's audit suite (GraphQL over HTTP)
// and the official graphql-sse client (GraphQL over SSE). The official graphql-ws client is run
// against it in test/server/ws.test.ts.

/** The GETs that CSRF prevention refuses when they carry none of its headers, by design. */
const REFUSED_GETS = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
];

/** Fetch, sending yoga's CSRF prevention header, as a client configured per the README does. */
const fetchWithCsrfHeader: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('x-graphql-yoga-csrf', '1');
  return fetch(input, { ...init, headers });
};

describe('the gateway served as `npm start` serves it (demo mode)', () => {
  const stack = useStack();
  const served = useServedGateway(stack);

  describe("graphql-http's audit suite", () => {
    it('passes every MUST and SHOULD audit; the only MAY audits it fails are GETs without a CSRF header', async () => {
      const results = await auditServer({ url: served.endpoint });
      expect(results).toHaveLength(61);
      expect(results.filter((r) => r.status !== 'ok').map((r) => r.name)).toEqual(REFUSED_GETS);
      for (const refused of results.filter((r) => r.status !== 'ok')) {
        expect(refused.status).toBe('notice');
        expect('response' in refused && refused.response.status).toBe(403);
      }
    });

    it('passes every audit when the client sends the CSRF prevention header', async () => {
      const results = await auditServer({ url: served.endpoint, fetchFn: fetchWithCsrfHeader });
      expect(results.filter((r) => r.status !== 'ok').map((r) => [r.name, r.reason])).toEqual([]);
    });
  });

  describe('the official graphql-sse client', () => {
    it('subscribes to logEvents and receives the event published after it subscribed', async () => {
      const client = createClient({ url: served.endpoint });
      const template = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
      const event: LogEvent = {
        ...template,
        uuid: randomUUID(),
        eventType: 'user.lifecycle.suspend',
        published: new Date().toISOString(),
      };
      const results = client.iterate<{ logEvents: { uuid: string; eventType: string } }>({
        query:
          'subscription ($types: [String!]) { logEvents(eventTypes: $types) { uuid eventType } }',
        variables: { types: ['user.lifecycle.suspend'] },
      });
      const first = results.next();
      await until(() => stack.events.subscribers === 1, 5_000, 'the SSE subscriber');
      await stack.events.publish([event], 'hook');
      expect(await first).toEqual({
        done: false,
        value: { data: { logEvents: { uuid: event.uuid, eventType: 'user.lifecycle.suspend' } } },
      });
      await results.return?.();
      client.dispose();
      await until(() => stack.events.subscribers === 0, 5_000, 'the subscriber gone');
    });
  });
});

describe('the gateway outside demo mode, with introspection on', () => {
  // The audits' variables query reads `__type`: with introspection off (the default outside demo
  // and development modes) the MUST audit "allow map {variables} parameter" gets an error.
  const stack = useStack({
    env: {
      OKTA_ORG_URL: 'https://acme.okta.com',
      OKTA_API_TOKEN: 'unused-the-stack-talks-to-the-simulator',
      AUTH_MODE: 'none',
      GRAPHQL_INTROSPECTION: 'true',
    },
  });
  const served = useServedGateway(stack);

  it("passes every MUST and SHOULD audit of graphql-http's suite", async () => {
    const results = await auditServer({ url: served.endpoint });
    expect(results.filter((r) => r.status !== 'ok').map((r) => r.name)).toEqual(REFUSED_GETS);
  });
});
