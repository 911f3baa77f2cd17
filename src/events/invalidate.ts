import type { RecentWrites } from '../loaders/index.ts';
import { eventReceived } from '../loaders/stale.ts';
import type { LogEventStream } from './stream.ts';

/**
 * Okta events say an object changed (a user suspended, a group's members changed): each event
 * of the stream goes to the cache policy (src/loaders/stale.ts), so no later request reads that
 * object stale. Runs until the signal aborts.
 */
export async function invalidateOnEvents(
  stream: LogEventStream,
  recentWrites: RecentWrites,
  signal: AbortSignal,
): Promise<void> {
  for await (const event of stream.subscribe(signal, { counted: false })) {
    eventReceived(recentWrites, event);
  }
}
