/**
 * Okta's list endpoints, one page at a time or every page: page sizes clamped into what each
 * endpoint accepts (routes.ts), `Link: rel="next"` followed on the org's own host only, with
 * every query parameter a next link dropped put back.
 */
import { OktaNetworkError } from './errors.ts';
import type {
  OktaRequest,
  OktaResponse,
  OktaTransport,
  Page,
  PageOptions,
  PaginateOptions,
  QueryValue,
} from './http.ts';
import { clampPageSize, routeTemplate } from './routes.ts';
import { requestUrl } from './send.ts';

/** One call of a request at a given URL (the transport's, with its retries and errors). */
export type CallAt = <T>(req: OktaRequest, url: URL) => Promise<OktaResponse<T>>;

/** Split `Link` header lines (separate lines, comma-joined, or both) into `rel → url`. */
export function parseLinkHeader(lines: readonly string[]): Record<string, string> {
  const links: Record<string, string> = {};
  const pattern = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const line of lines) {
    for (const match of line.matchAll(pattern)) {
      const url = match[1] as string;
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(match[2] ?? '');
      for (const name of (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean)) {
        links[name.toLowerCase()] ??= url;
      }
    }
  }
  return links;
}

/** A list request's query with its page size clamped into what the endpoint accepts. */
function pagedQuery(req: OktaRequest, limit: number | undefined): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = { ...req.query };
  const asked = limit ?? (typeof query.limit === 'number' ? query.limit : undefined);
  if (asked !== undefined) query.limit = clampPageSize(routeTemplate(req.path), asked);
  return query;
}

function toPage<T>(res: OktaResponse<T[]>): Page<T> {
  if (!Array.isArray(res.body)) {
    throw new OktaNetworkError('a list endpoint answered without a JSON array', false);
  }
  const next = res.links.next ?? null;
  return { items: res.body, next, after: next ? new URL(next).searchParams.get('after') : null };
}

/**
 * The URL of the next page: Okta's next link, on our org (never another host, which would get
 * our credential), with every original query parameter it dropped put back.
 */
function nextUrl(origin: string, next: string, original: URL): URL {
  const link = new URL(next, origin);
  const url = new URL(`${link.pathname}${link.search}`, origin);
  for (const [key, value] of original.searchParams) {
    if (!url.searchParams.has(key)) url.searchParams.append(key, value);
  }
  return url;
}

/** The transport's `page` and `paginate` over its calls to one org. */
export function createPaging(
  origin: string,
  call: CallAt,
): Pick<OktaTransport, 'page' | 'paginate'> {
  return {
    async page<T>(req: OktaRequest, pageOptions: PageOptions = {}): Promise<Page<T>> {
      const query = pagedQuery(req, pageOptions.limit);
      if (pageOptions.after) query.after = pageOptions.after;
      return toPage(await call<T[]>(req, requestUrl(origin, req.path, query)));
    },

    async *paginate<T>(req: OktaRequest, pageOptions: PaginateOptions = {}): AsyncIterable<T[]> {
      const first = requestUrl(origin, req.path, pagedQuery(req, pageOptions.pageSize));
      const maxItems = pageOptions.maxItems ?? Number.POSITIVE_INFINITY;
      const seen = new Set<string>();
      let url: URL | null = first;
      let count = 0;
      while (url && count < maxItems) {
        seen.add(url.href);
        const page: Page<T> = toPage(await call<T[]>(req, url));
        const items = page.items.slice(0, maxItems - count);
        count += items.length;
        // An empty page ends the walk: the System Log's polling mode always links a next page.
        if (items.length === 0) return;
        yield items;
        url = page.next ? nextUrl(origin, page.next, first) : null;
        if (url && seen.has(url.href)) return;
      }
    },
  };
}
