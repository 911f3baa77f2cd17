import { beforeAll } from 'vitest';
import { OktaApiError } from '../../src/okta/errors.ts';
import type {
  OktaRequest,
  OktaResponse,
  OktaTransport,
  Page,
  PageOptions,
  PaginateOptions,
} from '../../src/okta/http.ts';
import { createOktaClient, type OktaClient } from '../../src/okta/index.ts';
import type { SimulatorOptions } from '../../src/simulator/index.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

/**
 * A plain OktaTransport over fetch with the org's SSWS token: no governor, no retries. The
 * resource modules' tests use it until the real transport (src/okta/client.ts) exists.
 */
export function fetchTransport(orgUrl: string, apiToken: string): OktaTransport {
  const request = async <T>(req: OktaRequest, absolute?: string): Promise<OktaResponse<T>> => {
    const url = new URL(absolute ?? req.path, orgUrl);
    for (const [key, value] of Object.entries(absolute ? {} : (req.query ?? {}))) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `SSWS ${apiToken}`,
    };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    const requestId = res.headers.get('x-okta-request-id') ?? undefined;
    if (res.status >= 400) {
      throw new OktaApiError(
        res.status,
        body?.errorCode ?? `HTTP ${res.status}`,
        body?.errorSummary ?? res.statusText,
        (body?.errorCauses ?? []).map((c: { errorSummary: string }) => c.errorSummary),
        body?.errorId,
        requestId,
      );
    }
    return {
      status: res.status,
      body: body as T,
      headers: Object.fromEntries(res.headers),
      links: parseLinks(res.headers.get('link')),
      requestId,
    };
  };

  const toPage = <T>(res: OktaResponse<T[]>): Page<T> => {
    const next = res.links.next ?? null;
    return {
      items: res.body,
      next,
      after: next ? new URL(next).searchParams.get('after') : null,
    };
  };

  return {
    request: (req) => request(req),
    async page<T>(req: OktaRequest, options: PageOptions = {}) {
      const query = { ...req.query, limit: options.limit, after: options.after ?? undefined };
      return toPage(await request<T[]>({ ...req, query }));
    },
    async *paginate<T>(req: OktaRequest, options: PaginateOptions = {}) {
      let page = toPage(
        await request<T[]>({ ...req, query: { ...req.query, limit: options.pageSize } }),
      );
      let seen = 0;
      for (;;) {
        const room = (options.maxItems ?? Number.POSITIVE_INFINITY) - seen;
        const items = page.items.slice(0, room);
        seen += items.length;
        yield items;
        if (!page.next || seen >= (options.maxItems ?? Number.POSITIVE_INFINITY)) return;
        page = toPage(await request<T[]>(req, page.next));
      }
    },
  };
}

function parseLinks(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/<([^>]+)>\s*;\s*rel="([^"]+)"/g)) {
    links[match[2] as string] = match[1] as string;
  }
  return links;
}

export interface OktaHarness {
  h: SimHarness;
  okta: OktaClient;
}

/** A simulator for one test file (responses checked against Okta's OpenAPI document) and a client on it. */
export function useOktaClient(options: SimulatorOptions = {}): OktaHarness {
  const h = useSimulator(options);
  const harness = { h } as OktaHarness;
  beforeAll(() => {
    harness.okta = createOktaClient({ transport: fetchTransport(h.sim.url, h.sim.apiToken) });
  });
  return harness;
}

/** The rejection of a promise, to assert on its fields. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
