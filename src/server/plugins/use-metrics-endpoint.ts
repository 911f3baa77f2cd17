import { timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { OktaClient } from '../../okta/index.ts';
import type { GatewayMetrics } from '../metrics.ts';

export interface MetricsAccess {
  /** The bearer token a scrape must bring (GATEWAY_METRICS_TOKEN). */
  token?: string;
  /** Without a token: serve anyone (demo mode) or no one (404). */
  open: boolean;
}

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * `GET /metrics` in Prometheus' text format, fed by every Okta call the client makes (the
 * transport's `onCall`) and every GraphQL operation (the request log counts those). It shows
 * the org's rate-limit state and every caller's operation names, so outside demo mode it needs
 * the metrics token (`Authorization: Bearer …`, compared in constant time) and is off without one.
 */
export function useMetricsEndpoint(
  metrics: GatewayMetrics,
  okta: OktaClient,
  access: MetricsAccess = { open: true },
  endpoint = '/metrics',
): Plugin {
  const unsubscribe = okta.transport.onCall((record) => metrics.observeOktaCall(record));
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method !== 'GET') return;
      if (!access.token && !access.open) return;
      if (access.token) {
        const given = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
        if (!given || !sameSecret(given, access.token)) {
          endResponse(
            new fetchAPI.Response(null, {
              status: 401,
              headers: {
                'www-authenticate': 'Bearer realm="metrics"',
                'cache-control': 'no-store',
              },
            }),
          );
          return;
        }
      }
      endResponse(
        new fetchAPI.Response(await metrics.render(), {
          headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
        }),
      );
    },
    onDispose() {
      unsubscribe();
    },
  };
}
