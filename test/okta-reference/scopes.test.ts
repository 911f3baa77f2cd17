import { describe, expect, it } from 'vitest';
import {
  OKTA_ROUTE_SCOPES,
  scopeGranted,
  scopeOfOperation,
} from '../../src/okta-reference/scopes.ts';
import { oktaDocument } from '../support/openapi.ts';

type Operation = { security?: Record<string, string[]>[] };
const shape = (path: string) => path.replace(/\/(?::[^/]+|\{[^/}]+\})/g, '/{}');

describe("Okta's operation → scope table", () => {
  it("names, for every operation, a scope that Okta's OpenAPI document lists for it", () => {
    const paths = (oktaDocument() as { paths: Record<string, Record<string, Operation>> }).paths;
    const byShape = new Map(Object.entries(paths).map(([path, item]) => [shape(path), item]));
    const wrong: string[] = [];
    for (const [operation, scope] of Object.entries(OKTA_ROUTE_SCOPES)) {
      const [method = '', template = ''] = operation.split(' ');
      const documented = byShape.get(shape(template))?.[method.toLowerCase()];
      const scopes = documented?.security?.flatMap((s) => s.oauth2 ?? []) ?? [];
      if (!scopes.includes(scope)) wrong.push(`${operation}: ${scope} not in [${scopes}]`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds an operation whatever its path parameters are named', () => {
    expect(scopeOfOperation('GET', '/api/v1/users/:id')).toBe('okta.users.read');
    expect(scopeOfOperation('put', '/api/v1/groups/{groupId}/users/{userId}')).toBe(
      'okta.groups.manage',
    );
    expect(scopeOfOperation('GET', '/api/v1/groups/rules')).toBe('okta.groups.read');
    expect(scopeOfOperation('GET', '/api/v1/nowhere')).toBeUndefined();
  });

  it('lets a .manage scope grant its .read and nothing else', () => {
    const held = new Set(['okta.users.manage']);
    expect(scopeGranted(held, 'okta.users.read')).toBe(true);
    expect(scopeGranted(held, 'okta.users.manage')).toBe(true);
    expect(scopeGranted(held, 'okta.groups.read')).toBe(false);
    expect(scopeGranted(new Set(['okta.users.read']), 'okta.users.manage')).toBe(false);
  });
});
