import { Redis } from 'ioredis';
import type { OktaClient, OktaTransport } from '../okta/index.ts';
import { MemoryCursorStore, RedisCursorStore } from './cursor.ts';
import { RedisListenerPresence, RedisPollerLease } from './lease.ts';
import { type PollerLogger, type PollerTiming, SystemLogPoller } from './poller.ts';
import type { LogEventStream } from './stream.ts';

export type { PollerState, PollerTiming } from './poller.ts';
export { SystemLogPoller } from './poller.ts';

export interface EventSourcesOptions {
  okta: OktaClient<OktaTransport>;
  stream: LogEventStream;
  /** With Redis, replicas share one lease, one cursor and the knowledge of who listens. */
  redisUrl?: string;
  logger?: PollerLogger;
  /** Names the org in Redis keys, for several orgs on one Redis (e.g. the org URL). */
  org?: string;
  /** Default `okta-gateway:poller:`; tests use their own. */
  keyPrefix?: string;
  /** How long the lease lives unrenewed: a dead holder's successor polls after this. */
  leaseTtlMs?: number;
  /** How long a replica's "someone subscribes here" lasts unrenewed. */
  presenceTtlMs?: number;
  timing?: Partial<PollerTiming>;
}

export interface EventSources {
  poller: SystemLogPoller;
  /** Stop the poller (releasing its lease) and close its Redis connection. */
  close(): Promise<void>;
}

/** Start the System Log poller of one org: alone in memory, or as one replica of many on Redis. */
export function startEventSources(options: EventSourcesOptions): EventSources {
  const { okta, stream, logger, timing } = options;
  let redis: Redis | undefined;
  let poller: SystemLogPoller;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl);
    const prefix = `${options.keyPrefix ?? 'okta-gateway:poller:'}${options.org ?? 'default'}:`;
    const lease = new RedisPollerLease(redis, `${prefix}lease`, options.leaseTtlMs);
    poller = new SystemLogPoller({
      okta,
      stream,
      logger,
      timing,
      lease,
      cursors: new RedisCursorStore(redis, { lease: lease.key, cursor: `${prefix}cursor` }),
      presence: new RedisListenerPresence(redis, `${prefix}listening`, options.presenceTtlMs),
    });
  } else {
    poller = new SystemLogPoller({
      okta,
      stream,
      logger,
      timing,
      cursors: new MemoryCursorStore(),
    });
  }
  poller.start();
  return {
    poller,
    async close() {
      await poller.stop();
      await redis?.quit().catch(() => undefined);
    },
  };
}
