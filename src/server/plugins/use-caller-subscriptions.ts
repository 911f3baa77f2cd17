import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import { TokenExpiredError, TooManySubscriptionsError } from '../../schema/graphql-errors.ts';

/**
 * What a caller's subscriptions may hold, over SSE and graphql-ws alike (graphql-ws runs its
 * operations through the same envelop, ws.ts):
 * - at most `maxPerCaller` live at once per caller (the token's `sub`; callers without one, as
 *   when caller authentication is off, share one count). The count is taken and raised in one
 *   synchronous step as the subscription starts, so subscribes sent back to back cannot all pass
 *   the check; a refusal is TOO_MANY_SUBSCRIPTIONS;
 * - no longer than the caller's token: when it expires, the subscription ends with a last result
 *   carrying TOKEN_EXPIRED, so that the client subscribes again with a fresh token and `since`
 *   (the time of the last event it received) and loses nothing. A graphql-ws connection whose
 *   caller re-authenticates extends its subscriptions (the context's `tokenExpiresAt`, ws.ts).
 */
export function useCallerSubscriptions(options: { maxPerCaller: number }): Plugin {
  const { maxPerCaller } = options;
  const live = new Map<string, number>();

  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn, setResultAndStopExecution }) {
      const context = args.contextValue as SubscriptionContext;
      const key = context.caller?.subject ?? '';
      const held = live.get(key) ?? 0;
      if (held >= maxPerCaller) {
        setResultAndStopExecution({ errors: [new TooManySubscriptionsError(maxPerCaller)] });
        return;
      }
      live.set(key, held + 1);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (live.get(key) ?? 1) - 1;
        if (left > 0) live.set(key, left);
        else live.delete(key);
      };
      // A subscribe that throws ends here; one that answers errors ends in onSubscribeResult.
      setSubscribeFn(async (subscribeArgs) => {
        try {
          return await subscribeFn(subscribeArgs);
        } catch (error) {
          release();
          throw error;
        }
      });
      const expiresAt = () => context.tokenExpiresAt?.() ?? context.caller?.expiresAt ?? null;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) {
            release();
            return;
          }
          setResult(untilTokenExpiry(result, expiresAt, release));
        },
      };
    },
  };
}

interface SubscriptionContext {
  caller?: Caller;
  /** The expiry of the connection's current token (graphql-ws: it can re-authenticate). */
  tokenExpiresAt?: () => number | null;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * The results of `source` until the token expires: then one last result with TOKEN_EXPIRED, and
 * the source is ended. `expiresAt` is read again when its time comes (it may have moved on);
 * `ended` is called once, however the stream ends.
 */
export function untilTokenExpiry(
  source: AsyncIterable<ExecutionResult>,
  expiresAt: () => number | null,
  ended: () => void,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expire: (() => void) | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    expire = () => resolve('expired');
  });
  const watch = () => {
    const at = expiresAt();
    if (at === null) return;
    // setTimeout's limit is ~24.8 days; a longer token is looked at again then.
    timer = setTimeout(
      () => ((expiresAt() ?? Number.POSITIVE_INFINITY) <= Date.now() ? expire?.() : watch()),
      Math.min(Math.max(at - Date.now(), 0), 2 ** 31 - 1),
    );
  };
  watch();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    ended();
  };
  const stream: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => stream,
    async next() {
      if (done) return { done: true, value: undefined };
      let step: IteratorResult<ExecutionResult> | 'expired';
      try {
        step = await Promise.race([iterator.next(), expired]);
      } catch (error) {
        finish();
        throw error;
      }
      if (step === 'expired') {
        finish();
        // Not awaited: the source's pending `next` settles as it ends.
        void iterator.return?.()?.catch(() => undefined);
        return { done: false, value: { errors: [new TokenExpiredError()] } };
      }
      if (step.done) finish();
      return step;
    },
    async return() {
      finish();
      await iterator.return?.();
      return { done: true, value: undefined };
    },
  };
  return stream;
}
