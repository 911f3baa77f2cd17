import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { useGateway } from '../support/harness.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';

const METRICS_TOKEN = 'm'.repeat(40);

describe('/metrics outside demo mode', () => {
  describe('without GATEWAY_METRICS_TOKEN', () => {
    const h = useGateway({ production: true });
    it('is off: 404, no rate-limit state or operation names', async () => {
      const res = await h.fetch('/metrics');
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('okta_rate_limit');
    });
  });

  describe('with GATEWAY_METRICS_TOKEN', () => {
    const h = useGateway({ production: true, env: { GATEWAY_METRICS_TOKEN: METRICS_TOKEN } });
    it('answers 401 without the token and with a wrong one', async () => {
      expect((await h.fetch('/metrics')).status).toBe(401);
      const wrong = await h.fetch('/metrics', {
        headers: { authorization: `Bearer ${'x'.repeat(40)}` },
      });
      expect(wrong.status).toBe(401);
    });
    it('serves the metrics to the bearer of the token', async () => {
      const res = await h.fetch('/metrics', {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE okta_requests_total counter');
    });
  });
});

describe('string arguments', () => {
  const stack = useStack();
  const long = 'x'.repeat(12_000);

  it.each([
    ['search', 'users(search: $s) { nodes { id } }'],
    ['filter', 'users(filter: $s) { nodes { id } }'],
    ['q', 'users(q: $s) { nodes { id } }'],
    ['name', 'group(name: $s) { id }'],
  ])(
    'refuses a 12,000-character %s with BAD_USER_INPUT before any Okta call',
    async (_arg, field) => {
      stack.oktaCalls.reset();
      const res = await stack.graphql(`query($s: String!) { ${field} }`, { s: long });
      expect(res.data).toBeUndefined();
      expect(res.errors).toEqual([
        {
          message: 'An argument has 12000 characters; at most 2000 are allowed.',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ]);
      expect(stack.oktaCalls.total()).toBe(0);
    },
  );

  it('refuses a long literal as well, and lets one of 2,000 characters through', async () => {
    stack.oktaCalls.reset();
    const literal = await stack.graphql(`{ users(q: "${'y'.repeat(2_001)}") { nodes { id } } }`);
    expect(literal.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
    const fits = await stack.graphql('query($s: String!) { users(q: $s) { nodes { id } } }', {
      s: 'y'.repeat(2_000),
    });
    expect(fits.errors).toBeUndefined();
  });
});

describe('slow clients (slowloris) on a served gateway', () => {
  const stack = useStack();
  const served = useServedGateway(stack, {
    config: loadConfig({ SERVER_HEADERS_TIMEOUT_MS: '400', SERVER_REQUEST_TIMEOUT_MS: '800' }),
  });

  /** A socket that sends `head` and then one more byte every 100 ms; resolves when it closes. */
  const trickle = (head: string) => {
    const socket: Socket = connect(Number(new URL(served.url).port), '127.0.0.1');
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.write(head);
    const drip = setInterval(() => socket.write('a'), 100);
    const closed = new Promise<string>((resolve) =>
      socket.on('close', () => {
        clearInterval(drip);
        resolve(answer);
      }),
    );
    // Bounded: a socket still open after 5 s fails the test instead of hanging it.
    const bound = new Promise<string>((_, reject) =>
      setTimeout(() => {
        clearInterval(drip);
        socket.destroy();
        reject(new Error('the slow connection was still open after 5 s'));
      }, 5_000).unref(),
    );
    return Promise.race([closed, bound]);
  };

  it('closes connections that never finish their headers, with 408', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        trickle('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '),
      ),
    );
    for (const answer of answers)
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('closes connections that never finish their body, with 408', async () => {
    const answers = await Promise.all(
      Array.from({ length: 3 }, () =>
        trickle(
          'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{',
        ),
      ),
    );
    for (const answer of answers)
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('keeps an SSE subscription open past the request timeout: it bounds the request only', async () => {
    const controller = new AbortController();
    const res = await fetch(served.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { logEvents { uuid } }' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Still open: the events published now arrive on it.
    const template = stack.sim.org.log.at(-1)?.event as Record<string, unknown>;
    await stack.events.publish([{ ...template, uuid: 'after-timeout' } as never], 'hook');
    let text = '';
    while (!text.includes('after-timeout')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('after-timeout');
    controller.abort();
  });
});
