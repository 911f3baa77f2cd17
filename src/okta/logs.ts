import { OktaInvalidIdError } from './errors.ts';
import type { Page, PageOptions, PaginateOptions, QueryValue } from './http.ts';
import type { ListLogEventsParams, LogEvent } from './models.ts';
import { OktaResource, timestamp } from './resource.ts';

const LOGS = '/api/v1/logs';
/** Okta's page size of `GET /api/v1/logs`: 100 by default, at most 1,000. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Where a System Log poll starts: no `until`, ascending order (Okta's polling mode). */
export interface LogPollStart {
  /** Events persisted after this moment. Default (Okta's): 7 days ago. */
  since?: string | Date;
  filter?: string;
  q?: string;
  /** Events per request; a full page means more are waiting. Default 100, at most 1,000. */
  limit?: number;
}

export interface LogPoll {
  events: LogEvent[];
  /**
   * Where the next poll continues: the path and query of Okta's `next` link (`/api/v1/logs?…`).
   * Persist it: a restart that resumes from it neither drops nor repeats events.
   */
  cursor: string;
  /** The page was full: poll again at once. Otherwise wait a few seconds before the next poll. */
  more: boolean;
}

/**
 * Okta's System Log. `list` reads a bounded window (`until` set, or DESCENDING), which ends;
 * `poll` reads in polling mode, where Okta always answers with a `next` link, even after an
 * empty page, and `since` matches when events were persisted, so late arrivals are not skipped.
 */
export class SystemLogApi extends OktaResource {
  async list(params: ListLogEventsParams = {}, page?: PageOptions): Promise<Page<LogEvent>> {
    return this.page({ method: 'GET', path: LOGS, query: listQuery(params) }, page);
  }

  /** Every event of a bounded query, page after page. Give `until`: a poll never ends. */
  async *iterate(
    params: ListLogEventsParams = {},
    options?: PaginateOptions,
  ): AsyncIterable<LogEvent> {
    yield* this.each({ method: 'GET', path: LOGS, query: listQuery(params) }, options);
  }

  /** One poll: from a start (the first time) or from the cursor the previous poll returned. */
  async poll(from: LogPollStart | { cursor: string }): Promise<LogPoll> {
    const query = 'cursor' in from ? cursorQuery(from.cursor) : startQuery(from);
    const { after, limit, ...rest } = query;
    const size = limit === undefined ? DEFAULT_LIMIT : Number(limit);
    const page = await this.page<LogEvent>(
      { method: 'GET', path: LOGS, query: rest },
      {
        limit: size,
        after: after === undefined ? null : String(after),
      },
    );
    // Okta's polling answers always carry `next`; without one, ask the same again next time.
    const cursor = page.next ? relative(page.next) : toCursor(query);
    return { events: page.items, cursor, more: page.items.length >= size };
  }
}

function listQuery(params: ListLogEventsParams): Record<string, QueryValue> {
  return {
    since: timestamp(params.since),
    until: timestamp(params.until),
    filter: params.filter,
    q: params.q,
    sortOrder: params.sortOrder,
  };
}

function startQuery(start: LogPollStart): Record<string, QueryValue> {
  const limit =
    start.limit === undefined
      ? DEFAULT_LIMIT
      : Math.max(1, Math.min(Math.floor(start.limit), MAX_LIMIT));
  return {
    since: timestamp(start.since),
    filter: start.filter,
    q: start.q,
    limit,
    sortOrder: 'ASCENDING',
  };
}

/**
 * The query of a stored cursor. It may only name the System Log in polling mode: a cursor
 * read back from storage must not send the gateway's credential to another path.
 */
function cursorQuery(cursor: string): Record<string, QueryValue> {
  let url: URL;
  try {
    url = new URL(cursor, 'http://cursor.invalid');
  } catch {
    throw new OktaInvalidIdError('System Log cursor', cursor);
  }
  const polling =
    !url.searchParams.has('until') && url.searchParams.get('sortOrder') !== 'DESCENDING';
  if (url.pathname !== LOGS || !polling) throw new OktaInvalidIdError('System Log cursor', cursor);
  return Object.fromEntries(url.searchParams);
}

function relative(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

function toCursor(query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  return `${LOGS}?${params}`;
}
