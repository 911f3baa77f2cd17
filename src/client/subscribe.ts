import { type GatewayGraphQLError, GatewayRequestError } from './errors.ts';

interface StreamedResult {
  data?: unknown;
  errors?: GatewayGraphQLError[];
}

export interface EventStreamRequest {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The request's headers, asked for when the stream opens (a fresh token each time). */
  headers: () => Promise<Headers>;
  fetch: typeof fetch;
  signal?: AbortSignal;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscription over GraphQL over SSE, the gateway's built-in transport ("distinct
 * connections": a POST with `Accept: text/event-stream`, one `next` event per result, `complete`
 * at the end). The stream opens on the first `next()`. A refusal (401, 400, …) or a result with
 * errors is thrown as a `GatewayRequestError`; `return()` (a `break` out of `for await`) or the
 * signal closes the stream at once, even while an event is awaited.
 */
export function subscribeOverEventStream<TResult>(
  request: EventStreamRequest,
): AsyncIterableIterator<TResult> {
  const abort = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, abort.signal]) : abort.signal;
  const decoder = new TextDecoder();
  const results: StreamedResult[] = [];
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let opening: Promise<number> | null = null;
  let buffer = '';
  let ended = false;

  const open = async (): Promise<number> => {
    const headers = await request.headers();
    headers.set('content-type', 'application/json');
    headers.set('accept', 'text/event-stream');
    const res = await request.fetch(request.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
      signal,
    });
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream') || !res.body) {
      // Refused before any result: the body is a GraphQL response with the reason.
      const body = (await res.json().catch(() => ({}))) as StreamedResult;
      throw new GatewayRequestError(res.status, body.errors ?? [], null);
    }
    reader = res.body.getReader();
    return res.status;
  };

  /** Frames of the text read so far: `event: next` carries a result, `event: complete` ends. */
  const parse = () => {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const event = lines
        .find((l) => l.startsWith('event:'))
        ?.slice(6)
        .trim();
      const data = lines
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (event === 'complete') ended = true;
      else if (data) results.push(JSON.parse(data) as StreamedResult);
    }
  };

  const close = () => {
    ended = true;
    abort.abort();
    void reader?.cancel().catch(() => undefined);
  };

  const iterator: AsyncIterableIterator<TResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      try {
        opening ??= open();
        const status = await opening;
        for (;;) {
          const result = results.shift();
          if (result) {
            if (result.errors && result.errors.length > 0) {
              throw new GatewayRequestError(status, result.errors, result.data ?? null);
            }
            return { done: false, value: result.data as TResult };
          }
          if (ended || signal.aborted || !reader) {
            close();
            return DONE;
          }
          const chunk = await reader.read();
          if (chunk.done) ended = true;
          else buffer += decoder.decode(chunk.value, { stream: true });
          parse();
        }
      } catch (error) {
        close();
        if (signal.aborted && !(error instanceof GatewayRequestError)) return DONE;
        throw error;
      }
    },
    async return() {
      close();
      return DONE;
    },
  };
  return iterator;
}
