/**
 * The calls waiting for the rate-limit governor, in arrival order: each with its bucket, its
 * deadline and its caller's cancellation, and the one timer that wakes the governor when the
 * earliest of them may start. Which call goes when is the governor's decision (rate-limit.ts).
 */
import { OktaRateLimitError } from './errors.ts';

/** setTimeout fires at once for longer delays. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Waiter {
  readonly bucket: string;
  /** Whose share of the bucket the call spends (rate-limit.ts); undefined: nobody's in particular. */
  readonly spender: string | undefined;
  readonly deadline: number;
  /** Not before this time (ms since epoch): after a 429, or jittered past a reset. */
  notBefore: number;
  /** The reset this waiter's jittered `notBefore` was computed for. */
  waitingFor: number | null;
}

interface Entry<Grant> extends Waiter {
  resolve(grant: Grant): void;
  reject(error: unknown): void;
  cleanup(): void;
}

export interface JoinOptions {
  spender?: string;
  deadline: number;
  notBefore: number;
  signal?: AbortSignal;
  /** When the call asked (ms since epoch). */
  now: number;
}

/** Calls in arrival order, each leaving with a grant or an error. */
export class WaitingLine<Grant> {
  private readonly entries: Entry<Grant>[] = [];

  get length(): number {
    return this.entries.length;
  }

  /**
   * Line a call up. It leaves by `admit` or `drop`, or at its deadline with OktaRateLimitError,
   * or when its signal aborts with the signal's reason.
   */
  join(bucket: string, options: JoinOptions): Promise<Grant> {
    const { deadline, notBefore, signal, now } = options;
    return new Promise<Grant>((resolve, reject) => {
      let deadlineTimer: NodeJS.Timeout | undefined;
      const entry: Entry<Grant> = {
        bucket,
        spender: options.spender,
        deadline,
        notBefore,
        waitingFor: null,
        resolve,
        reject,
        cleanup: () => {
          if (deadlineTimer) clearTimeout(deadlineTimer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const onAbort = () => this.drop(entry, signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      deadlineTimer = setTimeout(
        () => this.drop(entry, new OktaRateLimitError(bucket, Math.max(entry.notBefore, now))),
        Math.min(MAX_TIMER_MS, Math.max(0, deadline - now)),
      );
      this.entries.push(entry);
    });
  }

  /** The calls waiting now, in arrival order (a copy: admitting or dropping does not change it). */
  waiting(): Waiter[] {
    return [...this.entries];
  }

  /** Whether a call is still waiting (not admitted, dropped or timed out). */
  has(waiter: Waiter): boolean {
    return this.entries.includes(waiter as Entry<Grant>);
  }

  /** Let a waiting call go with its grant. */
  admit(waiter: Waiter, grant: Grant): void {
    const i = this.entries.indexOf(waiter as Entry<Grant>);
    if (i < 0) return;
    const [entry] = this.entries.splice(i, 1) as [Entry<Grant>];
    entry.cleanup();
    entry.resolve(grant);
  }

  /** Fail a waiting call. */
  drop(waiter: Waiter, error: unknown): void {
    const i = this.entries.indexOf(waiter as Entry<Grant>);
    if (i < 0) return;
    const [entry] = this.entries.splice(i, 1) as [Entry<Grant>];
    entry.cleanup();
    entry.reject(error);
  }

  /** Fail every waiting call. */
  dropAll(error: unknown): void {
    for (const entry of this.entries.splice(0)) {
      entry.cleanup();
      entry.reject(error);
    }
  }

  /** Waiting calls per bucket. */
  countByBucket(): Map<string, number> {
    const queued = new Map<string, number>();
    for (const e of this.entries) queued.set(e.bucket, (queued.get(e.bucket) ?? 0) + 1);
    return queued;
  }
}

/** One timer that runs `wake` at the earliest time asked for. */
export class WakeTimer {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;

  constructor(
    private readonly wake: () => void,
    private readonly now: () => number,
  ) {}

  /** Wake at `at` (ms since epoch), unless already set to wake sooner. */
  at(at: number): void {
    if (!Number.isFinite(at)) return;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.wake();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, at - this.now())),
    );
  }
}
