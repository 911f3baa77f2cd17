/**
 * Shapes and fixtures of the simulator's Apps API tests (test/simulator/routes/apps.test.ts,
 * app-users.test.ts, app-groups.test.ts, app-grants.test.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'vitest';
import type { LogEvent } from '../../src/simulator/store.ts';
import type { SimHarness } from './simulator.ts';

export type Json = Record<string, unknown>;

export interface App {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  created: string;
  lastUpdated: string;
  credentials: Json & { oauthClient?: Json; signing?: Json };
  settings: Json & { app?: Json; oauthClient?: Json; signOn?: Json };
  _links: Json;
  _embedded?: Json;
}

export interface AppUser {
  id: string;
  scope: 'USER' | 'GROUP';
  status: string;
  credentials?: { userName?: string; password?: Json };
  profile: Json;
  _links: Json;
  _embedded?: Json;
}

export interface AppGroup {
  id: string;
  priority: number;
  profile: Json;
  lastUpdated: string;
  _links: Json;
  _embedded?: Json;
}

export interface Grant {
  id: string;
  status: string;
  issuer: string;
  clientId: string;
  scopeId: string;
  source: string;
  createdBy: Json;
  _links: Json;
  _embedded?: Json;
}

export interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

export const publicJwk = () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'key-1' };
};

export const rsaPublicJwk = () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'rsa-1' };
};

export const bookmarkBody = (label: string) => ({
  label,
  signOnMode: 'BOOKMARK',
  settings: { app: { url: 'https://example.com/wiki' } },
});

export const serviceAppBody = (label: string, keys: unknown[] = [publicJwk()]) => ({
  name: 'oidc_client',
  label,
  signOnMode: 'OPENID_CONNECT',
  credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
  settings: {
    oauthClient: {
      application_type: 'service',
      grant_types: ['client_credentials'],
      response_types: ['token'],
      jwks: { keys },
    },
  },
});

export function fixtures(h: SimHarness) {
  let n = 0;
  return {
    async user(firstName = 'Ada', lastName = 'Tester') {
      n++;
      const login = `${firstName.toLowerCase()}${n}.${Date.now()}@example.com`;
      const res = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: { profile: { firstName, lastName, email: login, login } },
      });
      expect(res.status).toBe(200);
      return { id: res.body.id, login };
    },
    async group(name: string) {
      const res = await h.api<{ id: string }>('POST', '/api/v1/groups', {
        body: { profile: { name } },
      });
      expect(res.status).toBe(200);
      return res.body;
    },
    async app(body: Json, query = '') {
      const res = await h.api<App>('POST', `/api/v1/apps${query}`, { body });
      expect(res.status).toBe(200);
      return res.body;
    },
    async member(groupId: string, userId: string) {
      expect((await h.api('PUT', `/api/v1/groups/${groupId}/users/${userId}`)).status).toBe(204);
    },
  };
}

export function eventsAfter(h: SimHarness, mark: number, eventType?: string): LogEvent[] {
  return h.sim.org.log
    .slice(mark)
    .map((p) => p.event)
    .filter((e) => eventType === undefined || e.eventType === eventType);
}

export const targetsOf = (event: LogEvent | undefined) =>
  ((event?.target ?? []) as { id: string; type: string }[]).map((t) => ({
    id: t.id,
    type: t.type,
  }));

/** The public keys Okta keeps for an OAuth client app. */
export const jwksOf = (app: App): Json[] =>
  ((app.settings.oauthClient?.jwks ?? { keys: [] }) as { keys: Json[] }).keys;

export const linksOf = (headers: Headers) => (headers.get('link') ?? '').split(/,\s*(?=<)/);

export const filterQuery = (expression: string) => `filter=${encodeURIComponent(expression)}`;
