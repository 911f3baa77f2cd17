import {
  type LogPoll,
  OktaApiError,
  type OktaClient,
  OktaError,
  OktaInvalidIdError,
  OktaRateLimitError,
  type OktaTransport,
  SYSTEM_SPENDERS,
} from '../okta/index.ts';
import type { BucketView } from '../okta/rate-limit.ts';
import { MemoryCursorStore, type PollerCursorStore } from './cursor.ts';
import { type ListenerPresence, MemoryPollerLease, type PollerLease } from './lease.ts';
import type { LogEventStream } from './stream.ts';

/** What the poller logs through (the gateway's Logger fits). */
export interface PollerLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface PollerTiming {
  /** Wait after a short or empty page: Okta has nothing more for now. Default 3 s. */
  intervalMs: number;
  /**
   * Share of the org's `logs` bucket (120 calls a minute on Workforce orgs, 20 on free developer
   * orgs) the poller may spend, the rest left to the org's other clients. Polls are spaced
   * so that even full pages, fetched back to back, stay within it. Default 0.5.
   */
  bucketShare: number;
  /** The length of Okta's rate-limit windows: one minute. */
  rateLimitWindowMs: number;
  /** How often an idle poller looks for subscribers, and a standby one for the lease. Default 1 s. */
  idleCheckMs: number;
  /**
   * Events asked for per poll. Okta's maximum by default: a poll costs one unit of the small
   * `logs` bucket whatever its size, so large pages catch up with a burst in fewer units.
   */
  pageSize: number;
  /** Back-off after the n-th error in a row: a random time in [d/2, d], d = min(max, base·2ⁿ⁻¹). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** The deadline of one poll, rate-limit waits included. Default 30 s. */
  pollTimeoutMs: number;
}

export const DEFAULT_POLLER_TIMING: Readonly<PollerTiming> = Object.freeze({
  intervalMs: 3000,
  bucketShare: 0.5,
  rateLimitWindowMs: 60_000,
  idleCheckMs: 1000,
  pageSize: 1000,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  pollTimeoutMs: 30_000,
});

export interface SystemLogPollerOptions {
  okta: OktaClient<OktaTransport>;
  stream: Pick<LogEventStream, 'publish' | 'subscribers'>;
  /** Default: a lease of this process alone. */
  lease?: PollerLease;
  /** Default: in memory. */
  cursors?: PollerCursorStore;
  /** Across replicas: whether some replica has subscribers. Alone, this replica's count decides. */
  presence?: ListenerPresence;
  logger?: PollerLogger;
  timing?: Partial<PollerTiming>;
  now?: () => number;
  random?: () => number;
}

/** The poller as tests and metrics see it. */
export interface PollerState {
  /** Started and not stopped. */
  running: boolean;
  /** Holds the lease while someone listens: polls. */
  polling: boolean;
  leaseHeld: boolean;
  /** A cursor to resume from is known. */
  cursor: boolean;
  polls: number;
  /** Events published into the stream (after dedupe). */
  published: number;
  /** When the last poll was answered (ms since epoch). */
  lastPollAt: number | null;
  errors: number;
  consecutiveErrors: number;
  lastError: { code: string; message: string; at: number } | null;
}

/** The System Log API's cursor for a poll from `since` (the same query logs.poll sends). */
function startCursor(since: Date, pageSize: number): string {
  const query = new URLSearchParams({
    since: since.toISOString(),
    limit: String(pageSize),
    sortOrder: 'ASCENDING',
  });
  return `/api/v1/logs?${query}`;
}

/** Resolves after `ms`, or at once when the signal aborts; leaves no timer behind. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The System Log poller of one Okta org, in Okta's polling mode: from `since` the first time,
 * then always from the `next` link of the previous answer, which Okta gives even after an empty
 * page. A full page is followed at once (within the bucket share), a short one after the
 * interval. It polls only while someone subscribes, and only while it holds the lease. Each
 * page is published into the stream before the cursor that follows it is saved, so that a crash
 * repeats a page (which the stream's dedupe drops) rather than loses one.
 */
export class SystemLogPoller {
  private readonly okta: OktaClient<OktaTransport>;
  private readonly stream: Pick<LogEventStream, 'publish' | 'subscribers'>;
  private readonly lease: PollerLease;
  private readonly cursors: PollerCursorStore;
  private readonly presence: ListenerPresence | undefined;
  private readonly logger: PollerLogger | undefined;
  private readonly timing: PollerTiming;
  private readonly now: () => number;
  private readonly random: () => number;

  private running: AbortController | null = null;
  private loop: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;
  /** Aborts the poll in flight (stop, or the lease lost). */
  private inFlight: AbortController | null = null;
  private held = false;
  private listening = false;
  private cursor: string | null = null;
  /** The last moment this poller knew nobody was listening: a fresh start polls from there. */
  private nobodySince = 0;
  private announcedAt = Number.NEGATIVE_INFINITY;
  private readonly stats = {
    polls: 0,
    published: 0,
    lastPollAt: null as number | null,
    errors: 0,
    consecutiveErrors: 0,
    lastError: null as PollerState['lastError'],
  };

  constructor(options: SystemLogPollerOptions) {
    this.okta = options.okta;
    this.stream = options.stream;
    this.lease = options.lease ?? new MemoryPollerLease();
    this.cursors = options.cursors ?? new MemoryCursorStore();
    this.presence = options.presence;
    this.logger = options.logger;
    this.timing = { ...DEFAULT_POLLER_TIMING, ...options.timing };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    if (!(this.timing.bucketShare > 0 && this.timing.bucketShare <= 1)) {
      throw new RangeError('bucketShare must be in (0, 1]');
    }
  }

  get state(): PollerState {
    return {
      running: this.running !== null,
      polling: this.held && this.listening,
      leaseHeld: this.held,
      cursor: this.cursor !== null,
      ...this.stats,
    };
  }

  start(): void {
    if (this.running) return;
    const running = new AbortController();
    this.running = running;
    this.nobodySince = this.now();
    // Renew the lease and the presence announcement well before either lapses.
    const lapse = Math.min(this.lease.ttlMs, this.presence?.ttlMs ?? Number.POSITIVE_INFINITY);
    this.heartbeat = setInterval(() => this.beat(), Math.max(10, Math.floor(lapse / 3)));
    this.loop = this.run(running.signal);
  }

  /**
   * Stop polling and wait for the poll in flight to end. The lease is released so that another
   * replica takes over at once; `release: false` leaves it to lapse, as a crash would.
   */
  async stop({ release = true }: { release?: boolean } = {}): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.abort();
    this.inFlight?.abort();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    await this.loop;
    await this.beating;
    if (release && this.held) {
      await this.lease.release().catch((error: unknown) => {
        this.logger?.warn('the System Log poller lease could not be released', fieldsOf(error));
      });
    }
    this.held = false;
    this.listening = false;
    this.cursor = null;
    this.running = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let wait: number;
      try {
        wait = await this.step();
      } catch (error) {
        wait = signal.aborted ? 0 : this.failed(error);
      }
      await pause(wait, signal);
    }
  }

  /** One turn: look for listeners, hold the lease, poll once. Returns the wait before the next. */
  private async step(): Promise<number> {
    await this.announce();
    const listening =
      this.stream.subscribers > 0 || ((await this.presence?.anyListening()) ?? false);
    this.listening = listening;
    if (!listening) {
      if (this.held) await this.idle();
      this.nobodySince = this.now();
      return this.timing.idleCheckMs;
    }
    if (!this.held) {
      if (!(await this.lease.acquire())) return this.timing.idleCheckMs;
      // Held only once the stored cursor is read: a failed read must not start afresh over it.
      this.cursor = await this.cursors.load();
      this.held = true;
      this.logger?.info('System Log poller holds the lease', { resumes: this.cursor !== null });
    }
    if (this.cursor === null && !(await this.begin())) return 0;
    return this.poll(this.cursor as string);
  }

  /**
   * Start from `since` when no cursor is kept: from when nobody listened, so the events of a
   * first subscriber are not missed. With listeners on other replicas, their announcement
   * reaches this one up to a check later, hence one check interval earlier still. (`since` is
   * read by Okta's clock: a gateway clock s seconds ahead of Okta's misses s seconds of events;
   * NTP keeps that well under the idle check.)
   */
  private begin(): Promise<boolean> {
    const margin = this.presence ? this.timing.idleCheckMs : 0;
    const since = new Date(Math.min(this.nobodySince, this.now()) - margin);
    // Saved before the first poll: a handover before the first page still starts from here.
    return this.saveCursor(startCursor(since, this.timing.pageSize));
  }

  private async poll(cursor: string): Promise<number> {
    const inFlight = new AbortController();
    this.inFlight = inFlight;
    try {
      let page: LogPoll;
      try {
        page = await this.okta
          .scoped({
            signal: inFlight.signal,
            deadline: this.now() + this.timing.pollTimeoutMs,
            // The system's reserved share: callers' bursts never hold the poller back.
            spender: SYSTEM_SPENDERS.poller,
          })
          .logs.poll({ cursor });
      } catch (error) {
        // Stopped, or the lease lost: not a failure of Okta's.
        if (inFlight.signal.aborted) return 0;
        throw error;
      }
      this.stats.polls++;
      this.stats.lastPollAt = this.now();
      if (page.events.length > 0) {
        this.stats.published += (await this.stream.publish(page.events, 'poller')).length;
      }
      if (page.cursor !== cursor && !(await this.saveCursor(page.cursor))) return 0;
      this.stats.consecutiveErrors = 0;
      return this.nextWait(page.more);
    } finally {
      if (this.inFlight === inFlight) this.inFlight = null;
    }
  }

  /** The wait before the next poll: none after a full page, the interval after a short one. */
  private async nextWait(more: boolean): Promise<number> {
    const wanted = more ? 0 : this.timing.intervalMs;
    const bucket = await this.logsBucket();
    if (!bucket || bucket.limit === null) return wanted;
    const { bucketShare, rateLimitWindowMs } = this.timing;
    const spacing = Math.ceil(rateLimitWindowMs / Math.max(1, bucket.limit * bucketShare));
    let wait = Math.max(wanted, spacing);
    // Others spent the bucket down to what the governor keeps for them: wait for the reset
    // rather than queue in the governor.
    const spent = bucket.remaining !== null && bucket.remaining - (bucket.reserved ?? 0) < 1;
    if (spent && bucket.resetAt !== null) wait = Math.max(wait, bucket.resetAt - this.now());
    return wait;
  }

  /** The governor's view of Okta's `logs` bucket, when the transport has a governor. */
  private async logsBucket(): Promise<BucketView | undefined> {
    const transport = this.okta.transport as OktaTransport & {
      rateLimits?: () => Promise<BucketView[]>;
    };
    if (typeof transport.rateLimits !== 'function') return undefined;
    return (await transport.rateLimits()).find((b) => b.bucket === 'logs');
  }

  private async saveCursor(cursor: string): Promise<boolean> {
    if (await this.cursors.save(cursor, this.lease.token)) {
      this.cursor = cursor;
      return true;
    }
    this.lost();
    return false;
  }

  /**
   * Nobody listens any more: forget the cursor and give the lease up. The next listener is
   * served from when it came, not the events of the time nobody listened.
   */
  private async idle(): Promise<void> {
    this.held = false;
    this.cursor = null;
    await this.cursors.clear(this.lease.token);
    await this.lease.release();
    this.logger?.info('System Log poller is idle: nobody subscribes');
  }

  /** Another replica holds the lease now (this one paused past its expiry, or Redis lost it). */
  private lost(): void {
    if (!this.held) return;
    this.held = false;
    this.cursor = null;
    this.inFlight?.abort();
    this.logger?.warn('System Log poller lost the lease; another replica polls');
  }

  /** Tell other replicas this one has subscribers, at most every third of the announcement's life. */
  private async announce(): Promise<void> {
    if (!this.presence || this.stream.subscribers === 0) return;
    const now = this.now();
    if (now - this.announcedAt < this.presence.ttlMs / 3) return;
    this.announcedAt = now;
    await this.presence.announce();
  }

  private beat(): void {
    if (this.beating) return;
    this.beating = (async () => {
      try {
        await this.announce();
        if (this.held && !(await this.lease.renew())) this.lost();
      } catch (error) {
        // Redis unreachable: the lease may lapse; the fenced cursor keeps a successor safe.
        this.logger?.warn('System Log poller heartbeat failed', fieldsOf(error));
      } finally {
        this.beating = null;
      }
    })();
  }

  /** Count an error and choose the wait before trying again. */
  private failed(error: unknown): number {
    const now = this.now();
    this.stats.errors++;
    this.stats.consecutiveErrors++;
    const fields = fieldsOf(error);
    this.stats.lastError = { code: fields.code, message: fields.message, at: now };
    if (this.held && refusesCursor(error)) {
      // A stored cursor Okta no longer accepts (older than its 90 days, or not a cursor at
      // all) would fail forever: start again from now.
      this.logger?.error('Okta refused the System Log cursor; polling starts again from now', {
        ...fields,
        cursor: this.cursor,
      });
      this.cursor = null;
      this.nobodySince = now;
      return 0;
    }
    let wait: number;
    if (error instanceof OktaRateLimitError) {
      // Never spin on a retry time already past (a governor refusing at once reports now).
      wait = Math.max(this.timing.idleCheckMs, error.retryAt - now);
    } else {
      const { backoffBaseMs, backoffMaxMs } = this.timing;
      const ceiling = Math.min(
        backoffMaxMs,
        backoffBaseMs * 2 ** (this.stats.consecutiveErrors - 1),
      );
      wait = ceiling / 2 + (this.random() * ceiling) / 2;
    }
    this.logger?.warn('System Log poll failed', { ...fields, retryInMs: Math.round(wait) });
    return wait;
  }
}

function refusesCursor(error: unknown): boolean {
  return (
    error instanceof OktaInvalidIdError ||
    (error instanceof OktaApiError && error.status === 400 && error.oktaCode === 'E0000001')
  );
}

function fieldsOf(error: unknown): { code: string; message: string } {
  if (error instanceof OktaError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name, message: error.message };
  return { code: 'UNKNOWN', message: String(error) };
}
