/** What the gateway knows about one request in flight, shared by the plugins that need it. */
export interface RequestRecord {
  id: string;
  startedAt: number;
  operationName: string | null;
  /** `success` or the first error's code, once the GraphQL result is known. */
  outcome: string | null;
  deadline?: number;
  timeout?: AbortController;
}

/**
 * What the gateway's plugins know about each request in flight, keyed by the request itself: the
 * request log opens the record, the request context sets the operation's deadline, the operation
 * timeout enforces it.
 */
export class RequestLedger {
  private readonly records = new WeakMap<Request, RequestRecord>();

  open(request: Request): RequestRecord {
    const record: RequestRecord = {
      id: requestIdOf(request),
      startedAt: performance.now(),
      operationName: null,
      outcome: null,
    };
    this.records.set(request, record);
    return record;
  }

  get(request: Request | undefined): RequestRecord | undefined {
    return request ? this.records.get(request) : undefined;
  }

  /**
   * The operation's deadline counts from the request's arrival, and its cancellation covers both
   * the client going away and the deadline passing: every Okta call the operation makes is bound
   * to it.
   */
  startOperation(request: Request, timeoutMs: number): { deadline: number; signal: AbortSignal } {
    const record = this.get(request) ?? this.open(request);
    record.deadline = Date.now() - (performance.now() - record.startedAt) + timeoutMs;
    record.timeout = new AbortController();
    return {
      deadline: record.deadline,
      signal: AbortSignal.any([request.signal, record.timeout.signal]),
    };
  }
}

/** A client's `x-request-id` when it is a plain token; otherwise a fresh one. */
function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
}
