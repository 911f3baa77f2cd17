/**
 * The gateway's own Okta principal: with an API token (SSWS), the admin who owns the token
 * (`GET /api/v1/users/me`); with an OAuth service app, no user at all. Writes that name that
 * admin are refused before any call (OktaGatewayPrincipalError): deactivating, suspending or
 * deleting it would revoke the gateway's token, and the gateway's callers must not be able to
 * change the account the gateway acts with.
 */
import { OktaGatewayPrincipalError } from './errors.ts';
import type { OktaRequest, OktaTransport } from './http.ts';

/** The user a write names: `/users/{id}…`, `/groups/{g}/users/{id}`, `/apps/{a}/users[/{id}]`. */
function userOfWrite(req: OktaRequest): string | undefined {
  if (req.method === 'GET') return undefined;
  const path = req.path.split('?')[0] ?? '';
  const named =
    /^\/api\/v1\/users\/([^/]+)/.exec(path)?.[1] ??
    /^\/api\/v1\/(?:groups|apps)\/[^/]+\/users\/([^/]+)$/.exec(path)?.[1];
  if (named) return decodeURIComponent(named);
  // An app assignment names its user in the body.
  if (/^\/api\/v1\/apps\/[^/]+\/users$/.test(path)) {
    const id = (req.body as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

export interface GatewayPrincipal {
  /** The Okta user id the gateway acts as; null with an OAuth service app. Looked up once. */
  userId(): Promise<string | null>;
  /** The transport, refusing writes to that user. */
  guard<T extends OktaTransport>(transport: T): T;
}

export function gatewayPrincipal(transport: OktaTransport, isApiToken: boolean): GatewayPrincipal {
  let lookup: Promise<string | null> | undefined;
  const userId = (): Promise<string | null> => {
    if (!isApiToken) return Promise.resolve(null);
    lookup ??= transport
      .request<{ id: string }>({ method: 'GET', path: '/api/v1/users/me' })
      .then((answer) => answer.body.id)
      .catch((error: unknown) => {
        // Not known: the next write asks again (and is refused meanwhile).
        lookup = undefined;
        throw error;
      });
    return lookup;
  };
  return {
    userId,
    guard: (inner) =>
      !isApiToken
        ? inner
        : {
            ...inner,
            async request(req) {
              const named = userOfWrite(req);
              if (named !== undefined && named === (await userId())) {
                throw new OktaGatewayPrincipalError(named);
              }
              return inner.request(req);
            },
          },
  };
}
