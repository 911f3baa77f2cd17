import { OktaApiError, OktaNotFoundError } from './errors.ts';
import type { OktaRequest, OktaTransport, Page, PageOptions, PaginateOptions } from './http.ts';

/**
 * What every call of one gateway request shares: its deadline, its cancellation, and whose share
 * of the rate limit it spends.
 */
export interface RequestScope {
  /** ms since epoch: no wait or retry passes it. */
  deadline?: number;
  signal?: AbortSignal;
  /** `caller:<sub>`, `system:poller`, … (OktaRequest.spender). */
  spender?: string;
}

/** The base of the resource modules: requests go through the transport with the scope added. */
export abstract class OktaResource {
  constructor(
    protected readonly transport: OktaTransport,
    protected readonly scope: RequestScope = {},
  ) {}

  private scoped(req: OktaRequest): OktaRequest {
    return {
      ...req,
      deadline: req.deadline ?? this.scope.deadline,
      signal: req.signal ?? this.scope.signal,
      spender: req.spender ?? this.scope.spender,
    };
  }

  /** The response body (undefined for Okta's 204s and empty 200s). */
  protected async send<T>(req: OktaRequest): Promise<T> {
    const res = await this.transport.request<T>(this.scoped(req));
    return res.body;
  }

  /** Like `send`, but Okta's 404 E0000007 becomes an `OktaNotFoundError` for `resource`/`id`. */
  protected async fetchOne<T>(resource: string, id: string, req: OktaRequest): Promise<T> {
    try {
      return await this.send<T>(req);
    } catch (error) {
      if (error instanceof OktaApiError && error.status === 404 && error.oktaCode === 'E0000007') {
        throw new OktaNotFoundError(resource, id);
      }
      throw error;
    }
  }

  /**
   * One page. `preferredSize` is asked for when the caller names no size (unset: Okta's own
   * default); the transport clamps every size into what the endpoint accepts.
   */
  protected page<T>(
    req: OktaRequest,
    options: PageOptions = {},
    preferredSize?: number,
  ): Promise<Page<T>> {
    return this.transport.page<T>(this.scoped(req), {
      limit: options.limit ?? preferredSize,
      after: options.after ?? null,
    });
  }

  /** Every item of every page, following Okta's `next` links. */
  protected async *each<T>(
    req: OktaRequest,
    options: PaginateOptions = {},
    preferredSize?: number,
  ): AsyncGenerator<T, void, undefined> {
    const pages = this.transport.paginate<T>(this.scoped(req), {
      ...options,
      pageSize: options.pageSize ?? preferredSize,
    });
    for await (const items of pages) yield* items;
  }

  /** Every item of every page, collected. */
  protected async all<T>(req: OktaRequest, options?: PaginateOptions, preferredSize?: number) {
    const out: T[] = [];
    for await (const item of this.each<T>(req, options, preferredSize)) out.push(item);
    return out;
  }
}

/** `Date`s as Okta's ISO-8601 timestamps; strings as given. */
export function timestamp(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}
