import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import type { EventHook, EventHookInput } from '../../src/okta/index.ts';
import { useStack } from '../support/stack.ts';

/** `Authorization: Scopes a b` makes a caller with exactly those scopes; no header, every scope. */
const authenticate = async (authorization: string | null) =>
  authorization?.startsWith('Scopes ')
    ? callerWithScopes('tester', authorization.slice('Scopes '.length).split(' '), true)
    : callerWithScopes(null, ALL_SCOPES, false);

const HEADER_SECRET = 'tenant-7f3c-header-secret';
const AUTH_SECRET = 'Bearer 9d2e-hook-auth-secret';

const siemHook: EventHookInput = {
  name: 'SIEM forwarder',
  description: 'Sends sign-ins and membership changes to the SIEM',
  events: { type: 'EVENT_TYPE', items: ['user.session.start', 'group.user_membership.add'] },
  channel: {
    type: 'HTTP',
    version: '1.0.0',
    config: {
      uri: 'https://siem.example.com/okta/events',
      headers: [{ key: 'X-Tenant', value: HEADER_SECRET }],
      authScheme: { type: 'HEADER', key: 'Authorization', value: AUTH_SECRET },
    },
  },
};

const HOOK_FIELDS = `
  id name description status verificationStatus
  events { type items filter { type } }
  channel { type version uri method headers { key } authScheme { type key } }
  created createdBy lastUpdated`;

interface HookNode {
  id: string;
  name: string;
}

describe('event hooks in the graph', () => {
  const stack = useStack({ sim: { size: 'empty' }, authenticate });
  let siem: EventHook;
  let audit: EventHook;
  let archive: EventHook;

  beforeAll(async () => {
    siem = await stack.okta.eventHooks.create(siemHook);
    audit = await stack.okta.eventHooks.create({
      name: 'Audit trail',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://audit.example.com/in' } },
    });
    archive = await stack.okta.eventHooks.create({
      name: 'Archive',
      events: { type: 'EVENT_TYPE', items: ['user.lifecycle.delete.completed'] },
      channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://archive.example.com' } },
    });
  });
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    expect(stack.violations.splice(0)).toEqual([]);
  });

  it("returns a hook's header names and auth scheme key, and no header or auth secret", async () => {
    // Okta itself answers with the custom header's value: the gateway is what leaves it out.
    expect(siem.channel.config.headers).toEqual([{ key: 'X-Tenant', value: HEADER_SECRET }]);
    const res = await stack.graphql<{ eventHook: Record<string, unknown> }>(
      `query($id: ID!) { eventHook(id: $id) { ${HOOK_FIELDS} } }`,
      { id: siem.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventHook).toEqual({
      id: siem.id,
      name: 'SIEM forwarder',
      description: 'Sends sign-ins and membership changes to the SIEM',
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      events: {
        type: 'EVENT_TYPE',
        items: ['user.session.start', 'group.user_membership.add'],
        filter: null,
      },
      channel: {
        type: 'HTTP',
        version: '1.0.0',
        uri: 'https://siem.example.com/okta/events',
        method: 'POST',
        headers: [{ key: 'X-Tenant' }],
        authScheme: { type: 'HEADER', key: 'Authorization' },
      },
      created: siem.created,
      createdBy: siem.createdBy,
      lastUpdated: siem.lastUpdated,
    });
    const text = JSON.stringify(res);
    expect(text).not.toContain(HEADER_SECRET);
    expect(text).not.toContain('9d2e-hook-auth-secret');
  });

  it('answers the hook list, a hook by id and the same hook as a node with one Okta call', async () => {
    const res = await stack.graphql<{
      eventHooks: { nodes: HookNode[] };
      one: HookNode;
      node: HookNode & { __typename: string };
    }>(
      `query($a: ID!, $b: ID!) {
        eventHooks { nodes { id name } }
        one: eventHook(id: $a) { id name }
        node(id: $b) { __typename ... on EventHook { id name } }
      }`,
      { a: audit.id, b: archive.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventHooks.nodes).toEqual([
      { id: siem.id, name: 'SIEM forwarder' },
      { id: audit.id, name: 'Audit trail' },
      { id: archive.id, name: 'Archive' },
    ]);
    expect(res.data?.one).toEqual({ id: audit.id, name: 'Audit trail' });
    expect(res.data?.node).toEqual({ __typename: 'EventHook', id: archive.id, name: 'Archive' });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/eventHooks': 1 });
  });

  it('pages the hooks with the last hook id as the cursor', async () => {
    const first = await stack.graphql<{
      eventHooks: { nodes: HookNode[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>('{ eventHooks(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }');
    expect(first.data?.eventHooks.pageInfo).toEqual({ hasNextPage: true, endCursor: audit.id });
    const second = await stack.graphql<{
      eventHooks: { nodes: HookNode[]; pageInfo: { hasNextPage: boolean } };
    }>(
      'query($after: String) { eventHooks(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage } } }',
      { after: first.data?.eventHooks.pageInfo.endCursor },
    );
    expect(second.data?.eventHooks).toEqual({
      nodes: [{ id: archive.id }],
      pageInfo: { hasNextPage: false },
    });
  });

  it('answers eventHook(id) for an unknown hook with null', async () => {
    const res = await stack.graphql<{ eventHook: null }>(
      '{ eventHook(id: "who00000000000000000") { id } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventHook).toBeNull();
  });

  it('refuses an id that is no Okta id as bad input, without an Okta call', async () => {
    const res = await stack.graphql('{ eventHook(id: "../users/me") { id } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses the hooks to a caller without okta.eventHooks.read, without an Okta call', async () => {
    const res = await stack.graphql(
      '{ eventHooks { nodes { id } } }',
      {},
      { authorization: 'Scopes okta.logs.read okta.users.read' },
    );
    expect(res.data).toEqual({ eventHooks: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('serves the hooks to a caller holding okta.eventHooks.manage', async () => {
    const res = await stack.graphql<{ eventHooks: { nodes: HookNode[] } }>(
      '{ eventHooks { nodes { id } } }',
      {},
      { authorization: 'Scopes okta.eventHooks.manage' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.eventHooks.nodes.map((h) => h.id)).toEqual([siem.id, audit.id, archive.id]);
  });
});
