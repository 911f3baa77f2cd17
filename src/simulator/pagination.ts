import { oktaErrors } from './errors.ts';
import type { SimContext } from './router.ts';

/** Ascending id order: the order of the lists paged by an id cursor. */
export const byId = <T extends { id: string }>(a: T, b: T) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export interface PageOptions<T> {
  defaultLimit: number;
  maxLimit: number;
  /** The item's `after` cursor. Items must come in ascending cursor order. */
  cursor: (item: T) => string;
  /** Okta drops nothing from its own next link; tests of clients may ask it to (see `dropParams`). */
  dropParams?: string[];
}

/** The `limit` parameter: absent or -1 → default; above the maximum → the maximum. */
export function limitOf(ctx: SimContext, defaultLimit: number, maxLimit: number): number {
  const raw = ctx.query.get('limit');
  if (raw === null || raw === '' || raw === '-1') return defaultLimit;
  if (!/^-?\d+$/.test(raw)) throw oktaErrors.invalidRequest(`limit: '${raw}' is not a number`);
  const n = Number(raw);
  if (n < 0) throw oktaErrors.invalidRequest('limit: must not be negative');
  return Math.min(n === 0 ? defaultLimit : n, maxLimit);
}

export function linkHeader(url: URL, rel: 'self' | 'next'): string {
  return `<${url.toString()}>; rel="${rel}"`;
}

/** The request's own URL on the org's base URL, for Link headers. */
export function selfUrl(ctx: SimContext): URL {
  const url = new URL(ctx.url.pathname, ctx.org.baseUrl);
  url.search = ctx.query.toString();
  return url;
}

/**
 * One page of a cursor-paged list, with Okta's `Link` headers: `self` always, `next` (with
 * `after` set to the last item's cursor and every other query parameter kept) while more remain.
 */
export function paginate<T>(
  ctx: SimContext,
  items: readonly T[],
  options: PageOptions<T>,
): { page: T[]; headers: { Link: string[] } } {
  const limit = limitOf(ctx, options.defaultLimit, options.maxLimit);
  const after = ctx.query.get('after');
  let start = 0;
  if (after) {
    const at = items.findIndex((item) => options.cursor(item) === after);
    start = at >= 0 ? at + 1 : items.findIndex((item) => options.cursor(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const links = [linkHeader(selfUrl(ctx), 'self')];
  if (start + limit < items.length && page.length > 0) {
    const next = selfUrl(ctx);
    next.searchParams.set('after', options.cursor(page[page.length - 1] as T));
    next.searchParams.set('limit', String(limit));
    for (const name of options.dropParams ?? []) next.searchParams.delete(name);
    links.push(linkHeader(next, 'next'));
  }
  return { page, headers: { Link: links } };
}
