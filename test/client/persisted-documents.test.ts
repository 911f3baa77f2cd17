import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print } from 'graphql';
import {
  AddUserToGroupDocument,
  createGatewayClient,
  GatewayRequestError,
  LogEventsLiveDocument,
  type LogEventsLiveSubscription,
  UserByIdDocument,
} from 'okta-graphql-gateway/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../scripts/persisted-operations.ts';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import type { LogEvent } from '../../src/okta/index.ts';
import type { GroupRecord, UserRecord } from '../../src/simulator/store.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';
import { until } from '../support/subscriptions.ts';

/** `Bearer a b` is a caller with the scopes a and b (none of them gateway.documents.any). */
const authenticate = async (authorization: string | null) =>
  callerWithScopes('service', (authorization ?? '').replace(/^Bearer /, '').split(' '), true);
const SERVICE = ALL_SCOPES.join(' ');

/** The sha256 of a text as Node's own crypto makes it, apart from the client's Web Crypto. */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The typed client (as the package exports it) with `persistedDocuments`, over real HTTP to a
 * gateway that requires trusted documents (`GATEWAY_TRUSTED_DOCUMENTS=required`) of a caller
 * without `gateway.documents.any`, over the simulator's seeded demo org.
 */
describe('the typed client against a gateway that requires trusted documents', () => {
  const stack = useStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: 'required' }, authenticate });
  const served = useServedGateway(stack);
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(async () => {
    await until(() => stack.events.subscribers === 0, 2_000, 'every subscriber gone');
  });

  /** A client that records the JSON body of every request it sends. */
  const recording = (persistedDocuments?: 'hash' | 'text') => {
    const bodies: Record<string, unknown>[] = [];
    const client = createGatewayClient(served.endpoint, {
      token: SERVICE,
      ...(persistedDocuments ? { persistedDocuments } : {}),
      fetch: (input, init) => {
        bodies.push(JSON.parse(init?.body as string) as Record<string, unknown>);
        return fetch(input, init);
      },
    });
    return { client, bodies };
  };
  const activeUser = () =>
    [...stack.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.id !== stack.adminId,
    ) as UserRecord;
  const manifest = () =>
    JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, string | undefined>;

  it("runs a generated query by hash: the body holds the manifest's key for its text, and no text", async () => {
    const expected = activeUser();
    const { client, bodies } = recording('hash');
    const { user } = await client.request(UserByIdDocument, { id: expected.id });

    expect([user?.id, user?.status, user?.profile?.login]).toEqual([
      expected.id,
      expected.status,
      expected.profile.login,
    ]);
    const text = print(UserByIdDocument);
    expect(bodies).toEqual([
      {
        variables: { id: expected.id },
        operationName: 'UserById',
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } },
      },
    ]);
    expect(manifest()[sha256(text)]).toBe(text);
  });

  it('runs a generated mutation by hash', async () => {
    const user = activeUser();
    const group = [...stack.sim.org.groups.values()].find(
      (g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id),
    ) as GroupRecord;
    const { client, bodies } = recording('hash');
    const { addUserToGroup } = await client.request(AddUserToGroupDocument, {
      groupId: group.id,
      userId: user.id,
    });

    expect(addUserToGroup?.__typename).toBe('AddUserToGroupPayload');
    expect(stack.sim.org.groups.get(group.id)?.members.has(user.id)).toBe(true);
    expect(stack.oktaCalls.count('PUT /api/v1/groups/:groupId/users/:userId')).toBe(1);
    expect(bodies.map((b) => [b.query, b.extensions])).toEqual([
      [
        undefined,
        { persistedQuery: { version: 1, sha256Hash: sha256(print(AddUserToGroupDocument)) } },
      ],
    ]);
  });

  it("refuses the same query sent as text (the default) with the gateway's 403 PERSISTED_QUERY_REQUIRED, before any Okta call", async () => {
    const { client, bodies } = recording();
    const error = await client
      .request(UserByIdDocument, { id: activeUser().id })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).status).toBe(403);
    expect((error as GatewayRequestError).codes).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect((error as GatewayRequestError).message).toBe(
      "PERSISTED_QUERY_REQUIRED: This gateway runs only persisted operations for this caller: send the operation's sha256 hash (extensions.persistedQuery or documentId), not its text.",
    );
    expect((error as GatewayRequestError).data).toBeNull();
    expect(bodies.map((b) => [b.query, b.extensions])).toEqual([
      [print(UserByIdDocument), undefined],
    ]);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses by hash a document that is not in the manifest with PERSISTED_QUERY_NOT_FOUND, from request and execute alike, before any Okta call', async () => {
    const adHoc: TypedDocumentNode<{ user: { id: string } | null }, { id: string }> = parse(
      'query AdHoc($id: ID!) { user(id: $id) { id } }',
    );
    expect(manifest()[sha256(print(adHoc))]).toBeUndefined();
    const { client } = recording('hash');
    const error = await client.request(adHoc, { id: activeUser().id }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).status).toBe(200);
    expect((error as GatewayRequestError).codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((error as GatewayRequestError).message).toBe(
      'PERSISTED_QUERY_NOT_FOUND: No persisted operation has this hash.',
    );
    expect((error as GatewayRequestError).data).toBeNull();
    const executed = await client.execute(adHoc, { id: activeUser().id }).catch((e: unknown) => e);
    expect(executed).toBeInstanceOf(GatewayRequestError);
    expect((executed as GatewayRequestError).codes).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('subscribes by hash over SSE and yields the live events', async () => {
    const template = stack.sim.org.log.at(-1)?.event as unknown as LogEvent;
    const published = [randomUUID(), randomUUID()].map((uuid) => ({
      ...template,
      uuid,
      eventType: 'user.lifecycle.suspend',
      published: new Date().toISOString(),
    }));
    const { client, bodies } = recording('hash');
    const received: LogEventsLiveSubscription['logEvents'][] = [];
    const reading = (async () => {
      for await (const { logEvents } of client.subscribe(LogEventsLiveDocument, {
        eventTypes: ['user.lifecycle.suspend'],
      })) {
        received.push(logEvents);
        if (received.length === 2) break;
      }
    })();
    await until(() => stack.events.subscribers === 1);
    await stack.events.publish(published, 'hook');
    await reading;

    expect(received.map((e) => e?.uuid)).toEqual(published.map((e) => e.uuid));
    expect(bodies).toEqual([
      {
        extensions: {
          persistedQuery: { version: 1, sha256Hash: sha256(print(LogEventsLiveDocument)) },
        },
        variables: { eventTypes: ['user.lifecycle.suspend'] },
      },
    ]);
  });

  it('refuses the subscription sent as text with the 403 PERSISTED_QUERY_REQUIRED', async () => {
    const failure = await recording()
      .client.subscribe(LogEventsLiveDocument, {})
      .next()
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GatewayRequestError);
    expect((failure as GatewayRequestError).status).toBe(403);
    expect((failure as GatewayRequestError).codes).toEqual(['PERSISTED_QUERY_REQUIRED']);
  });
});
