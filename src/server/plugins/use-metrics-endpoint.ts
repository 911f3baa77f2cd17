import type { Plugin } from 'graphql-yoga';
import type { OktaClient } from '../../okta/index.ts';
import type { GatewayMetrics } from '../metrics.ts';

/**
 * `GET /metrics` in Prometheus' text format, fed by every Okta call the client makes (the
 * transport's `onCall`) and every GraphQL operation (the request log counts those).
 */
export function useMetricsEndpoint(
  metrics: GatewayMetrics,
  okta: OktaClient,
  endpoint = '/metrics',
): Plugin {
  const unsubscribe = okta.transport.onCall((record) => metrics.observeOktaCall(record));
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== endpoint || request.method !== 'GET') return;
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
