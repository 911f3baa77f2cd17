import { randomBytes } from 'node:crypto';
import type { Org } from './store.ts';

export type SeedSize = 'demo' | 'empty' | { users: number; groups: number; apps?: number };

/** Build the org's content. Returns the API token the org accepts. */
export function seedOrg(org: Org, options: { size: SeedSize; apiToken?: string }): string {
  const token = options.apiToken ?? `00${randomBytes(30).toString('base64url').slice(0, 40)}`;
  const adminId = org.prng.id('00u');
  org.apiTokens.set(token, {
    kind: 'ssws',
    id: adminId,
    displayName: 'Org Admin',
    alternateId: 'admin@example.com',
    scopes: null,
  });
  return token;
}
