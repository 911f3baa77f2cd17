import { type GatewayGraphQLError, GatewayRequestError } from './errors.ts';
import {
  type OperationFields,
  operationFields,
  type PersistedDocuments,
} from './persisted-documents.ts';

interface StreamedResult {
  data?: unknown;
  errors?: GatewayGraphQLError[];
}

export interface EventStreamRequest {
  url: string;
  /** The subscription's text. */
  query: string;
  /** Whether the text itself is sent, or its sha256 (as the client's other requests). */
  persistedDocuments?: PersistedDocuments;
  variables?: Record<string, unknown>;
  /** The request's headers, asked for when the stream opens (a fresh token each time). */
  headers: () => Promise<Headers>;
  fetch: typeof fetch;
  signal?: AbortSignal;
  /**
   * When the gateway ends the stream because the caller's token expired (a last result with
   * TOKEN_EXPIRED only): the variables to subscribe again with (with a fresh token), or null to
   * throw the error instead.
   */
  resumeAfterExpiry?: () => Record<string, unknown> | null;
}

const onlyTokenExpired = (errors: readonly GatewayGraphQLError[]): boolean =>
  errors.length > 0 && errors.every((e) => e.extensions?.code === 'TOKEN_EXPIRED');

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
  let variables = request.variables ?? {};
  /** The text or its hash, worked out once for this stream and every resumption of it. */
  let operation: Promise<OperationFields> | null = null;

  const open = async (): Promise<number> => {
    const headers = await request.headers();
    headers.set('content-type', 'application/json');
    headers.set('accept', 'text/event-stream');
    operation ??= operationFields(request.query, request.persistedDocuments ?? 'text');
    const res = await request.fetch(request.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...(await operation), variables }),
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
              const resumed = onlyTokenExpired(result.errors) && request.resumeAfterExpiry?.();
              if (!resumed)
                throw new GatewayRequestError(status, result.errors, result.data ?? null);
              // The gateway ended this stream; the next one asks for a fresh token.
              void reader?.cancel().catch(() => undefined);
              variables = resumed;
              results.length = 0;
              buffer = '';
              ended = false;
              reader = null;
              opening = open();
              await opening;
              continue;
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

/** How far before the last event a resumed subscription replays: Okta delivers out of order. */
const RESUME_OVERLAP_MS = 60_000;
/** Uuids remembered before the old ones are let go. */
const SEEN_PRUNE_AT = 10_000;

/**
 * Where a subscription with `since` (logEvents) carries on after the gateway ended it for an
 * expired token: from a minute before the latest event it yielded (or before it started), so
 * that an event published while it was away, or delivered late, is replayed; an event it already
 * yielded (by `uuid`) is not yielded again. Events are recognised by the `uuid` and `published`
 * of the subscription's field; a selection without them resumes from its start, with repeats.
 */
export class ResumePoint {
  private readonly startedAt = Date.now();
  private latest = Number.NEGATIVE_INFINITY;
  private readonly seen = new Map<string, number>();

  constructor(private readonly given: Record<string, unknown>) {}

  variables(): Record<string, unknown> {
    const from = this.from();
    for (const [uuid, at] of this.seen) if (at < from) this.seen.delete(uuid);
    return { ...this.given, since: new Date(from).toISOString() };
  }

  /** The stream, without what it already yielded once. */
  watch<T>(stream: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
    const watched: AsyncIterableIterator<T> = {
      [Symbol.asyncIterator]: () => watched,
      next: async () => {
        for (;;) {
          const step = await stream.next();
          if (step.done || !this.isRepeat(step.value)) return step;
        }
      },
      return: async () => (await stream.return?.()) ?? { done: true, value: undefined },
    };
    return watched;
  }

  private from(): number {
    return (Number.isFinite(this.latest) ? this.latest : this.startedAt) - RESUME_OVERLAP_MS;
  }

  private isRepeat(data: unknown): boolean {
    const event = data !== null && typeof data === 'object' ? Object.values(data)[0] : undefined;
    if (event === null || typeof event !== 'object') return false;
    const { uuid, published } = event as { uuid?: unknown; published?: unknown };
    if (typeof uuid !== 'string' || typeof published !== 'string') return false;
    if (this.seen.has(uuid)) return true;
    const at = Date.parse(published);
    this.seen.set(uuid, at);
    if (at > this.latest) this.latest = at;
    if (this.seen.size > SEEN_PRUNE_AT) {
      const from = this.from();
      for (const [known, when] of this.seen) if (when < from) this.seen.delete(known);
    }
    return false;
  }
}
