import type { RecentWrites } from '../loaders/index.ts';
import type { LogEventStream } from './stream.ts';

/** The System Log target types whose objects the gateway reads through its loaders. */
const CACHED_TARGET_TYPES = new Set(['User', 'UserGroup', 'AppInstance']);

/**
 * Okta events say an object changed (a user suspended, a group's members changed). Its id is
 * then read by id for a while instead of through Okta's lagging search, so no later request
 * sees it stale. Runs until the signal aborts.
 */
export async function invalidateOnEvents(
  stream: LogEventStream,
  recentWrites: RecentWrites,
  signal: AbortSignal,
): Promise<void> {
  for await (const event of stream.subscribe(signal, { counted: false })) {
    for (const target of event.target ?? []) {
      if (CACHED_TARGET_TYPES.has(target.type)) recentWrites.mark(target.id);
    }
  }
}
