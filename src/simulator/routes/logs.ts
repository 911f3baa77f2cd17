import { oktaErrors } from '../errors.ts';
import {
  attributeOf,
  compileExpression,
  idsOfIdDisjunction,
  LOG_FILTER,
  type Predicate,
} from '../filter.ts';
import { limitOf, linkHeader, selfUrl } from '../pagination.ts';
import { ok, type Route, type SimContext } from '../router.ts';
import type { LogEvent, Org, PersistedLogEvent } from '../store.ts';

/**
 * The System Log API (docs/okta-behaviour.md §5). Two kinds of request:
 * - polling (no `until`, ASCENDING): ordered by persistence sequence, endless; every answer,
 *   even an empty one, carries a `next` link to fetch again later;
 * - bounded (`until`, or DESCENDING): the events published in [since, until), ordered by
 *   `published`; `next` only while more remain.
 * The `after` cursor is the persistence sequence of the last event a page covered, base64url'd.
 * Events are served as stored: `writeLogEvent` writes Okta's wire shape, which event hook
 * deliveries carry too.
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** `since` defaults to this long before `until`. */
const DEFAULT_WINDOW_MS = 7 * DAY_MS;
/** Okta keeps 90 days; an earlier `since` is refused [obs]. */
const RETENTION_MS = 90 * DAY_MS;
const MAX_KEYWORDS = 10;
const MAX_KEYWORD_LENGTH = 40;

// Okta's timestamp parameters are ISO 8601 with a zone: `2024-05-01T12:00:00.000Z`, `…+02:00`.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function timeParam(ctx: SimContext, name: 'since' | 'until'): number | null {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return null;
  const at = ISO_8601.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) {
    throw oktaErrors.validation(name, [
      `${name}: Invalid date. Dates must be of the form yyyy-MM-dd'T'HH:mm:ss.SSSZZ, e.g. 2013-01-01T12:00:00.000-07:00.`,
    ]);
  }
  return at;
}

export function encodeLogCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

function decodeCursor(raw: string, org: Org): number {
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const seq = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  const last = org.log.at(-1)?.seq ?? 0;
  if (!Number.isSafeInteger(seq) || seq > last) {
    throw oktaErrors.validation('after', ['after: The cursor is not valid']);
  }
  return seq;
}

/** Index of the first persisted event whose sequence is greater than `seq`. */
function indexAfter(log: readonly PersistedLogEvent[], seq: number): number {
  // Sequences count up from 1 without gaps, so this is normally direct; search otherwise.
  if (log[seq - 1]?.seq === seq) return seq;
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((log[mid] as PersistedLogEvent).seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// The text `q` searches: every string value of an event, lower-cased. Events never change.
const searchText = new WeakMap<LogEvent, string>();

function textOf(event: LogEvent): string {
  let text = searchText.get(event);
  if (text === undefined) {
    const parts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') parts.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(event);
    text = parts.join('\n').toLowerCase();
    searchText.set(event, text);
  }
  return text;
}

/**
 * `q`: space-separated keywords, at most 10 of at most 40 characters. An event matches when each
 * keyword occurs, case-insensitively, in one of its text fields [assumption: Okta documents only
 * "case-insensitive keywords"; substring matching over every string field is the simulator's].
 */
function keywordsOf(ctx: SimContext): string[] {
  const q = ctx.query.get('q');
  if (q === null) return [];
  const keywords = q.split(/\s+/).filter((k) => k !== '');
  if (keywords.length > MAX_KEYWORDS) {
    throw oktaErrors.validation('q', [`q: At most ${MAX_KEYWORDS} keywords are allowed`]);
  }
  const long = keywords.find((k) => k.length > MAX_KEYWORD_LENGTH);
  if (long !== undefined) {
    throw oktaErrors.validation('q', [
      `q: A keyword can be at most ${MAX_KEYWORD_LENGTH} characters long`,
    ]);
  }
  return keywords.map((k) => k.toLowerCase());
}

function matcherOf(ctx: SimContext): (event: LogEvent) => boolean {
  const filter = ctx.query.get('filter');
  const predicate: Predicate | null = filter ? compileExpression(filter, LOG_FILTER) : null;
  const keywords = keywordsOf(ctx);
  return (event) => {
    if (predicate && !predicate((attr) => attributeOf(event, attr))) return false;
    if (keywords.length === 0) return true;
    const text = textOf(event);
    return keywords.every((k) => text.includes(k));
  };
}

function nextLink(ctx: SimContext, seq: number, limit: number): string {
  const next = selfUrl(ctx);
  next.searchParams.set('after', encodeLogCursor(seq));
  next.searchParams.set('limit', String(limit));
  return linkHeader(next, 'next');
}

function listLogEvents(ctx: SimContext) {
  const { org } = ctx;
  const limit = limitOf(ctx, DEFAULT_LIMIT, MAX_LIMIT);
  const sortOrder = ctx.query.get('sortOrder') ?? 'ASCENDING';
  if (sortOrder !== 'ASCENDING' && sortOrder !== 'DESCENDING') {
    throw oktaErrors.validation('sortOrder', ['sortOrder: must be ASCENDING or DESCENDING']);
  }
  const now = Date.now();
  const untilParam = timeParam(ctx, 'until');
  const until = untilParam ?? now;
  const since = timeParam(ctx, 'since') ?? until - DEFAULT_WINDOW_MS;
  if (since < now - RETENTION_MS) {
    throw oktaErrors.validation('since', [
      'since: The System Log keeps events for 90 days; since must be within them',
    ]);
  }
  if (since > until) throw oktaErrors.validation('since', ['since: must not be after until']);
  const matches = matcherOf(ctx);
  const afterRaw = ctx.query.get('after');
  const cursor = afterRaw ? decodeCursor(afterRaw, org) : null;
  const links = [linkHeader(selfUrl(ctx), 'self')];

  if (untilParam === null && sortOrder === 'ASCENDING') {
    // Polling: in persistence order from the cursor. Without a cursor, `since` picks the start
    // (the simulator persists an event when it is published); with one, the cursor alone does,
    // so an event that arrives late is never skipped.
    const page: LogEvent[] = [];
    let last = cursor ?? 0;
    for (let i = cursor === null ? 0 : indexAfter(org.log, cursor); i < org.log.length; i++) {
      if (page.length === limit) break;
      const { seq, event, publishedMs } = org.log[i] as PersistedLogEvent;
      last = seq;
      if (cursor === null && publishedMs < since) continue;
      if (matches(event)) page.push(event);
    }
    // The next poll continues after everything this one looked at: the last event delivered
    // when the page is full, else the end of the log (or the same cursor when it was empty).
    links.push(nextLink(ctx, last, limit));
    return ok(page, { Link: links });
  }

  // Bounded: the window's events by `published` (ties by persistence), from the cursor on.
  const rows: PersistedLogEvent[] = [];
  let sorted = true;
  for (const row of candidateRows(ctx)) {
    const at = row.publishedMs;
    if (at < since || at >= until || !matches(row.event)) continue;
    const previous = rows.at(-1);
    if (previous && previous.event.published > row.event.published) sorted = false;
    rows.push(row);
  }
  if (!sorted) rows.sort(byPublished);
  if (sortOrder === 'DESCENDING') rows.reverse();
  let start = 0;
  if (cursor !== null) {
    const anchor = org.log[indexAfter(org.log, cursor) - 1];
    if (anchor) {
      const direction = sortOrder === 'DESCENDING' ? -1 : 1;
      start = rows.findIndex((row) => byPublished(row, anchor) * direction > 0);
      if (start < 0) start = rows.length;
    }
  }
  const page = rows.slice(start, start + limit);
  if (start + limit < rows.length && page.length > 0) {
    links.push(nextLink(ctx, (page.at(-1) as PersistedLogEvent).seq, limit));
  }
  return ok(
    page.map((row) => row.event),
    { Link: links },
  );
}

/**
 * The rows a bounded request needs to test, in persistence order: for a filter that only ORs
 * `actor.id eq` / `target.id eq` terms, the rows naming those ids (the org's index); otherwise
 * the whole log. The filter itself still decides.
 */
function candidateRows(ctx: SimContext): readonly PersistedLogEvent[] {
  const filter = ctx.query.get('filter');
  const ids = filter ? idsOfIdDisjunction(filter, LOG_FILTER, ['actor.id', 'target.id']) : null;
  if (!ids) return ctx.org.log;
  const rows = new Map<number, PersistedLogEvent>();
  for (const id of ids)
    for (const row of ctx.org.logByNamedId.get(id) ?? []) rows.set(row.seq, row);
  return [...rows.values()].sort((a, b) => a.seq - b.seq);
}

function byPublished(a: PersistedLogEvent, b: PersistedLogEvent): number {
  if (a.event.published !== b.event.published) {
    return a.event.published < b.event.published ? -1 : 1;
  }
  return a.seq - b.seq;
}

export const logsRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/logs', handler: listLogEvents },
];
