import type { Plugin } from 'graphql-yoga';
import { invalidateOnEvents } from '../../events/invalidate.ts';
import type { LogEventStream } from '../../events/stream.ts';
import type { RecentWrites } from '../../loaders/index.ts';
import type { Logger } from '../logger.ts';

/**
 * The gateway's reads follow Okta's events for as long as the gateway lives: an object an
 * incoming event names is then read by id rather than through Okta's lagging search (see
 * invalidateOnEvents). It starts with the gateway and stops when the gateway is disposed.
 */
export function useEventInvalidation(options: {
  events: LogEventStream;
  recentWrites: RecentWrites;
  logger: Logger;
}): Plugin {
  const watching = new AbortController();
  void invalidateOnEvents(options.events, options.recentWrites, watching.signal).catch(
    (error: unknown) =>
      options.logger.error('event-driven cache invalidation stopped', { error: String(error) }),
  );
  return { onDispose: () => watching.abort() };
}
