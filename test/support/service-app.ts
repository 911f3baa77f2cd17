import { randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { expect } from 'vitest';
import type { SimHarness } from './simulator.ts';

export interface ServiceApp {
  id: string;
  clientId: string;
}

/**
 * Register an OAuth service app in the simulator as one would in Okta: `POST /api/v1/apps` with
 * a private_key_jwt OIDC service client and its public keys (or a `jwks_uri`), then one
 * `POST /api/v1/apps/{id}/grants` per scope.
 */
export async function registerServiceApp(
  h: SimHarness,
  options: {
    publicJwks: JWK[];
    scopes: readonly string[];
    dpop?: boolean;
    grantTypes?: string[];
    jwksUri?: string;
    label?: string;
  },
): Promise<ServiceApp> {
  const created = await h.api<{ id: string; credentials: { oauthClient: { client_id: string } } }>(
    'POST',
    '/api/v1/apps',
    {
      body: {
        name: 'oidc_client',
        label: options.label ?? `Service ${randomUUID().slice(0, 8)}`,
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        settings: {
          oauthClient: {
            application_type: 'service',
            grant_types: options.grantTypes ?? ['client_credentials'],
            response_types: ['token'],
            ...(options.jwksUri
              ? { jwks_uri: options.jwksUri }
              : { jwks: { keys: options.publicJwks } }),
            ...(options.dpop ? { dpop_bound_access_tokens: true } : {}),
          },
        },
      },
    },
  );
  expect(created.status).toBe(200);
  for (const scopeId of options.scopes) {
    const grant = await h.api('POST', `/api/v1/apps/${created.body.id}/grants`, {
      body: { issuer: h.sim.url, scopeId },
    });
    expect(grant.status).toBe(201);
  }
  return { id: created.body.id, clientId: created.body.credentials.oauthClient.client_id };
}
