/**
 * What an answer from Okta tells the rate-limit governor: its `X-Rate-Limit-*` headers read and
 * bounded (a reset far in the past is clock skew; one minutes away is more than a window), and a
 * 429 sorted into what caused it: the bucket spent, the org's cap on concurrent calls, or a
 * refusal without usable headers.
 */
import type { RateLimitObservation } from './rate-limit-budget.ts';

/** How an answer went, as the governor needs it. */
export interface CallAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
}

/** Parse Okta's three rate-limit headers; null when one is missing, duplicated or not a number. */
export function parseRateLimitHeaders(
  headers: Record<string, string>,
): RateLimitObservation | null {
  const read = (name: string) => {
    const raw = headers[name];
    // A comma means the header came twice (a proxy joined them): trust neither.
    if (raw === undefined || raw.includes(',') || !/^\s*\d+\s*$/.test(raw)) return null;
    return Number(raw);
  };
  const limit = read('x-rate-limit-limit');
  const remaining = read('x-rate-limit-remaining');
  const reset = read('x-rate-limit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAt: reset * 1000 };
}

/** What one answer (or its absence) means for its bucket. */
export type AnswerReading =
  /** Not a 429: the budget learns the headers, when they were there. */
  | { kind: 'answered'; observation: RateLimitObservation | null }
  /** A 429 for the bucket: it is spent until the (bounded) reset. */
  | { kind: 'bucket-spent'; observation: RateLimitObservation }
  /**
   * A 429 whose headers describe the org's cap on calls in flight, not this bucket (their limit
   * is not the bucket's ceiling), and whose reset can be far off. The bucket is intact.
   */
  | { kind: 'concurrency'; observation: RateLimitObservation }
  /** A 429 without usable headers. */
  | { kind: 'unreadable' };

export interface AnswerReaderOptions {
  /** No reset is believed further away than this. */
  maxResetWaitMs: number;
  /** A reset this far in the past is clock skew, not a reset; it is replaced by a short wait. */
  pastResetToleranceMs: number;
}

/**
 * Reads answers per bucket. It remembers each bucket's per-minute ceiling, since a 429 reporting
 * another ceiling is a concurrency 429.
 */
export class AnswerReader {
  private readonly ceilings = new Map<string, number>();

  constructor(private readonly options: AnswerReaderOptions) {}

  read(bucket: string, answer: CallAnswer | null, now: number): AnswerReading {
    const observed = answer ? parseRateLimitHeaders(answer.headers) : null;
    if (answer?.status !== 429) {
      if (observed) this.ceilings.set(bucket, observed.limit);
      return { kind: 'answered', observation: observed && this.bounded(observed, now) };
    }
    const ceiling = this.ceilings.get(bucket);
    if (observed && ceiling !== undefined && observed.limit !== ceiling) {
      return { kind: 'concurrency', observation: observed };
    }
    if (!observed) return { kind: 'unreadable' };
    const bounded = this.bounded({ ...observed, remaining: 0 }, now);
    this.ceilings.set(bucket, bounded.limit);
    return { kind: 'bucket-spent', observation: bounded };
  }

  /** A reset far in the past is clock skew; one minutes away is more than a window. */
  private bounded(observation: RateLimitObservation, now: number): RateLimitObservation {
    const { maxResetWaitMs, pastResetToleranceMs } = this.options;
    let resetAt = observation.resetAt;
    if (resetAt < now - pastResetToleranceMs) resetAt = now + pastResetToleranceMs;
    if (resetAt > now + maxResetWaitMs) resetAt = now + maxResetWaitMs;
    return { ...observation, resetAt };
  }
}
