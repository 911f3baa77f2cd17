/**
 * The contract between the Okta client's transport (transport.ts) and its resource modules
 * (users.ts, groups.ts, …). Resource modules build requests; the transport authenticates,
 * governs the rate limit, retries, times out, paginates and maps errors.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export type QueryValue = string | number | boolean | undefined | null;

export interface OktaRequest {
  method: HttpMethod;
  /** Path under the org, e.g. `/api/v1/users/00u1`. Ids in it are encoded by the caller. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The caller's deadline (ms since epoch): no wait or retry passes it. */
  deadline?: number;
  signal?: AbortSignal;
  /**
   * Whose share of the org's rate limit the call spends: `caller:<sub>` or `system:poller` (see
   * rate-limit.ts). Unset: the callers' budget, no caller's share in particular.
   */
  spender?: string;
  /**
   * Whether Okta acting twice would be harmless. Defaults: GET yes, writes no. A write that is
   * not idempotent is retried only when Okta cannot have acted on it (429, 503, refused).
   */
  idempotent?: boolean;
}

export interface OktaResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string>;
  /** Parsed `Link` headers by rel (`self`, `next`). */
  links: Record<string, string>;
  requestId: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Okta's `after` cursor of the next page; null on the last page. */
  after: string | null;
  /** The full next link; null on the last page. */
  next: string | null;
}

export interface PageOptions {
  /** Page size (`limit`); capped at the endpoint's maximum. */
  limit?: number;
  after?: string | null;
}

export interface PaginateOptions {
  /** Page size (`limit`) of each request; capped at the endpoint's maximum. */
  pageSize?: number;
  /** Stop after this many items in all. */
  maxItems?: number;
}

export interface OktaTransport {
  request<T>(req: OktaRequest): Promise<OktaResponse<T>>;
  /** One page of a list endpoint, exposing Okta's `after` cursor. */
  page<T>(req: OktaRequest, options?: PageOptions): Promise<Page<T>>;
  /** Every page of a list endpoint, following `Link: rel="next"`. */
  paginate<T>(req: OktaRequest, options?: PaginateOptions): AsyncIterable<T[]>;
}

/** One Okta call as instrumentation sees it (metrics, tests). */
export interface OktaCallRecord {
  method: HttpMethod;
  /** Route template, e.g. `/api/v1/users/:id`. */
  route: string;
  status: number | 'error';
  durationMs: number;
  bucket: string;
  attempt: number;
}
