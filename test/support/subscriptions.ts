import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { Stack } from './stack.ts';

export interface StreamedResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One subscription as a test sees it: what arrived so far, and how it ended. */
export interface TestSubscription<T = Record<string, unknown>> {
  /** The HTTP status of the SSE response (101 for a WebSocket). */
  status: number;
  results: StreamedResult<T>[];
  /** The server completed the stream. */
  readonly completed: boolean;
  /** Waits (at most `timeoutMs`) until `count` results arrived; fails the test otherwise. */
  waitFor(count: number, timeoutMs?: number): Promise<StreamedResult<T>[]>;
  /** Waits (at most `timeoutMs`) until the server completes the stream. */
  waitForCompletion(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Polls `condition` every 10 ms; throws after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A GraphQL over SSE subscription (yoga's built-in, "distinct connections" mode): a POST with
 * `Accept: text/event-stream`, its body read frame by frame in the background.
 */
export async function subscribeOverSse<T = Record<string, unknown>>(
  fetcher: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<TestSubscription<T>> {
  const abort = new AbortController();
  const res = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const results: StreamedResult<T>[] = [];
  let completed = false;
  let failure: unknown = null;
  const reader = res.body?.getReader();
  const reading = (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const lines = frame.split('\n');
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event === 'complete') completed = true;
          else if (data) results.push(JSON.parse(data) as StreamedResult<T>);
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) failure = error;
    }
  })();
  return {
    status: res.status,
    results,
    get completed() {
      return completed;
    },
    async waitFor(count, timeoutMs = 5_000) {
      await until(() => results.length >= count || failure !== null, timeoutMs, `${count} results`);
      if (failure) throw failure;
      return results;
    },
    async waitForCompletion(timeoutMs = 5_000) {
      await until(() => completed, timeoutMs, 'completion');
    },
    async close() {
      // Cancelling the body is what a client going away does to the server's stream.
      await reader?.cancel().catch(() => undefined);
      abort.abort();
      await reading;
    },
  };
}

/**
 * What the System Log poller does (src/events/poller.ts): read Okta's System Log in polling mode
 * from a cursor and publish each page into the gateway's stream. Each call reads what is new.
 */
export function systemLogPump(stack: Stack): () => Promise<number> {
  let cursor: string | null = null;
  const since = new Date(Date.now() - 1).toISOString();
  return async () => {
    let published = 0;
    for (;;) {
      const poll = await stack.okta.logs.poll(cursor ? { cursor } : { since });
      cursor = poll.cursor;
      published += (await stack.events.publish(poll.events, 'poller')).length;
      if (!poll.more) return published;
    }
  };
}

/** A graphql-ws client (Node has no global WebSocket before 22: `ws` is its implementation). */
export function webSocketClient(
  url: string,
  connectionParams: Record<string, unknown> = {},
): { client: Client; closes: { code: number; reason: string }[] } {
  const closes: { code: number; reason: string }[] = [];
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason: String(reason) });
      },
    },
  });
  return { client, closes };
}

/** One graphql-ws subscription: results, errors (an `error` message) and completion. */
export function subscribeOverWebSocket<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): TestSubscription<T> & { error: unknown } {
  const results: StreamedResult<T>[] = [];
  let completed = false;
  let error: unknown = null;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as StreamedResult<T>);
      },
      error: (e) => {
        error = e;
        completed = true;
      },
      complete: () => {
        completed = true;
      },
    },
  );
  return {
    status: 101,
    results,
    get completed() {
      return completed;
    },
    get error() {
      return error;
    },
    async waitFor(count, timeoutMs = 5_000) {
      await until(() => results.length >= count || error !== null, timeoutMs, `${count} results`);
      if (results.length < count) throw error;
      return results;
    },
    async waitForCompletion(timeoutMs = 5_000) {
      await until(() => completed, timeoutMs, 'completion');
    },
    async close() {
      unsubscribe();
    },
  };
}
