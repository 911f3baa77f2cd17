import type { LogEvent } from '../okta/index.ts';
import { SubscriberBehindError } from './errors.ts';
import type { LogEventPredicate } from './filter.ts';
import type { LogEventStream } from './stream.ts';

export interface LogEventFeedOptions {
  stream: LogEventStream;
  /** Which live events the subscriber receives: its filter and event types. */
  matches: LogEventPredicate;
  /**
   * The System Log history to deliver first, oldest first, already filtered by Okta with the
   * same filter. Read one page at a time as the subscriber reads.
   */
  replay?: AsyncIterable<LogEvent>;
  /**
   * Live events held for a subscriber (during the replay, or when it reads slower than events
   * arrive); one more ends the feed with a `SubscriberBehindError`. The events themselves are
   * shared by every subscriber: this bounds references, not copies. Default 10,000.
   */
  maxBacklog?: number;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscriber's events: the replayed history, then the live stream, with no gap and no
 * duplicate. The live subscription is in place before the replay's first request, live events
 * are held while the replay runs, and those the replay delivered (same uuid) are dropped, also
 * later: an event the poller publishes late may already have been replayed.
 *
 * Resolves once the replay's first page is in, so that Okta refusing the window (a `since` past
 * its retention) fails the subscribe itself. `return()` ends the feed at once, even while a page
 * or a live event is awaited, and leaves the live stream.
 */
export async function openLogEventFeed(
  options: LogEventFeedOptions,
): Promise<AsyncIterableIterator<LogEvent>> {
  const feed = new LogEventFeed(options);
  try {
    await feed.start();
  } catch (error) {
    feed.close();
    throw error;
  }
  return feed;
}

class LogEventFeed implements AsyncIterableIterator<LogEvent> {
  private readonly backlog: LogEvent[] = [];
  private readonly replayed = new Set<string>();
  private readonly maxBacklog: number;
  private readonly leave = new AbortController();
  private readonly closed: Promise<typeof DONE>;
  private replay: AsyncIterator<LogEvent> | null;
  private firstPage: IteratorResult<LogEvent> | null = null;
  private failure: unknown = null;
  /** The live stream ended (the gateway is closing it): the feed ends after what it holds. */
  private liveEnded = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: LogEventFeedOptions) {
    this.maxBacklog = options.maxBacklog ?? 10_000;
    this.closed = new Promise((resolve) =>
      this.leave.signal.addEventListener('abort', () => resolve(DONE), { once: true }),
    );
    // Subscribed synchronously, before any replay request can be sent.
    void this.follow(options.stream.subscribe(this.leave.signal));
    this.replay = options.replay?.[Symbol.asyncIterator]() ?? null;
  }

  async start(): Promise<void> {
    if (this.replay) this.firstPage = await this.replay.next();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<LogEvent>> {
    try {
      while (this.replay) {
        const step = this.firstPage ?? (await Promise.race([this.replay.next(), this.closed]));
        this.firstPage = null;
        if (this.leave.signal.aborted) return DONE;
        if (step.done) {
          this.replay = null;
          break;
        }
        this.replayed.add(step.value.uuid);
        return { done: false, value: step.value };
      }
      for (;;) {
        if (this.leave.signal.aborted) return DONE;
        const event = this.backlog.shift();
        if (event) {
          if (!this.replayed.has(event.uuid)) return { done: false, value: event };
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.liveEnded) {
          this.close();
          return DONE;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } catch (error) {
      this.close();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<LogEvent>> {
    this.close();
    return DONE;
  }

  close(): void {
    if (this.leave.signal.aborted) return;
    this.leave.abort();
    // A page in flight finishes on its own (the request's cancellation covers its Okta call).
    void this.replay?.return?.()?.catch(() => undefined);
    this.replay = null;
    this.wakeUp();
  }

  private async follow(live: AsyncIterable<LogEvent>): Promise<void> {
    try {
      for await (const event of live) {
        if (!this.options.matches(event)) continue;
        if (this.backlog.length >= this.maxBacklog) {
          this.failure = new SubscriberBehindError(this.backlog.length);
          break;
        }
        this.backlog.push(event);
        this.wakeUp();
      }
    } catch (error) {
      this.failure = error;
    }
    this.liveEnded = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
