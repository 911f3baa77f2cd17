import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSubEventTarget } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { LogEvent } from '../okta/index.ts';
import { MemorySeenEvents, RedisSeenEvents, type SeenEvents } from './dedupe.ts';

/** Where an event came from: the System Log poller or an Okta event hook delivery. */
export type EventSource = 'poller' | 'hook';

/**
 * The one stream of Okta System Log events that subscriptions read. Both sources publish into
 * it; an event is published once whatever its sources (dedupe by `uuid`). In memory by default;
 * on Redis when given a URL, so that every replica's subscribers see every event.
 */
export interface LogEventStream {
  /**
   * Publish events in order, leaving out those already published. Resolves (with the events
   * actually published) once they are handed to the pub/sub: an event hook delivery is
   * acknowledged only after this.
   */
  publish(events: readonly LogEvent[], source: EventSource): Promise<LogEvent[]>;
  /**
   * Every event published from now on, in publish order, until the signal aborts. The gateway's
   * own observers pass `counted: false`: only clients' subscriptions keep the poller running.
   */
  subscribe(signal?: AbortSignal, options?: { counted?: boolean }): AsyncIterable<LogEvent>;
  /** Subscribers on this replica now. */
  readonly subscribers: number;
  close(): Promise<void>;
}

/** Channels by name (one per key prefix), each carrying batches of events. */
type Topics = Record<string, [LogEvent[]]>;

export function createLogEventStream(
  options: {
    redisUrl?: string;
    /**
     * Prefix of every Redis key and channel: replicas of one gateway (one Okta org) share it;
     * another org, or a test run, uses its own.
     */
    keyPrefix?: string;
  } = {},
): LogEventStream {
  const prefix = options.keyPrefix ?? 'okta-gateway:';
  let seen: SeenEvents;
  let eventTarget: PubSubEventTarget<Topics>;
  const connections: Redis[] = [];
  if (options.redisUrl) {
    const publishClient = new Redis(options.redisUrl, { lazyConnect: false });
    const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false });
    connections.push(publishClient, subscribeClient);
    eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
    seen = new RedisSeenEvents(publishClient, `${prefix}seen:`);
  } else {
    // In memory: every subscriber is a listener of this one target, and a gateway serves
    // hundreds (GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER each). Node warns of a "possible memory leak"
    // past 10 listeners of one event; here they are the subscribers, each removed when it ends.
    const target = new EventTarget();
    setMaxListeners(0, target);
    eventTarget = target as PubSubEventTarget<Topics>;
    seen = new MemorySeenEvents();
  }
  const pubsub = createPubSub<Topics>({ eventTarget });
  const channel = `${prefix}log-events`;
  let subscribers = 0;
  // Publishes are serialised so that the order of two concurrent publishes is kept downstream.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    publish(events, _source) {
      const run = queue.then(async () => {
        const fresh: LogEvent[] = [];
        for (const event of events) if (await seen.firstSeen(event.uuid)) fresh.push(event);
        if (fresh.length > 0) pubsub.publish(channel, fresh);
        return fresh;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    subscribe(signal, { counted = true } = {}) {
      const batches = pubsub.subscribe(channel);
      if (counted) subscribers++;
      let done = false;
      const stop = () => {
        if (done) return;
        done = true;
        if (counted) subscribers--;
        void batches.return();
      };
      signal?.addEventListener('abort', stop, { once: true });
      return (async function* () {
        try {
          for await (const batch of batches) {
            for (const event of batch) yield event;
          }
        } finally {
          stop();
        }
      })();
    },
    get subscribers() {
      return subscribers;
    },
    async close() {
      await queue;
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
