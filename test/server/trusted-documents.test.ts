import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { UsersWithGroupsDocument } from 'okta-graphql-gateway/client';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, manifestFileText } from '../../scripts/persisted-operations.ts';
import { callerWithScopes } from '../../src/caller.ts';
import { documentHash } from '../../src/client/persisted-documents.ts';
import { loadConfig } from '../../src/config.ts';
import { useServedGateway } from '../support/served.ts';
import { useStack } from '../support/stack.ts';
import { webSocketClient } from '../support/subscriptions.ts';

/** `Authorization: Bearer a b` is a caller with the scopes a and b. */
const authenticate = async (authorization: string | null) =>
  callerWithScopes('caller', (authorization ?? '').replace(/^Bearer /, '').split(' '), true);

const READER = { authorization: 'Bearer okta.users.read okta.groups.read' };
const TOOL = { authorization: 'Bearer okta.users.read okta.groups.read gateway.documents.any' };
const document = print(UsersWithGroupsDocument);
const hash = await documentHash(document);

describe('the trusted documents manifest', () => {
  it('is the operations of schema/operations as the typed client sends them (run `npm run codegen` when it is stale)', async () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(await manifestFileText());
    const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, string>;
    expect(manifest[hash]).toBe(document);
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS=required', () => {
  const stack = useStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: 'required' }, authenticate });
  const post = async (body: Record<string, unknown>, headers: Record<string, string>) => {
    const res = await stack.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      ...((await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }),
    };
  };

  it("refuses a caller without gateway.documents.any a document's text, before any Okta call", async () => {
    stack.oktaCalls.reset();
    const res = await post({ query: document, variables: { first: 2 } }, READER);
    expect(res.status).toBe(403);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
    expect(stack.oktaCalls.snapshot()).toEqual({});
  });

  it('runs the persisted operation for that caller by its hash, in the APQ format', async () => {
    const res = await post(
      {
        variables: { first: 2 },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      },
      READER,
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect((res.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(2);
  });

  it('runs it by documentId as well', async () => {
    const res = await post({ documentId: `sha256:${hash}`, variables: { first: 1 } }, READER);
    expect(res.errors).toBeUndefined();
    expect((res.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(1);
  });

  it('answers a hash not in the manifest with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(
      {
        extensions: {
          persistedQuery: { version: 1, sha256Hash: await documentHash('{ __typename }') },
        },
      },
      READER,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('lets a caller granted gateway.documents.any send any document', async () => {
    const res = await post({ query: '{ users(first: 1) { nodes { id } } }' }, TOOL);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS=optional', () => {
  const stack = useStack({ env: { GATEWAY_TRUSTED_DOCUMENTS: 'optional' }, authenticate });
  it('takes a hash and a text from any caller', async () => {
    const byHash = await stack.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...READER },
      body: JSON.stringify({
        variables: { first: 1 },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    });
    expect(((await byHash.json()) as { errors?: unknown }).errors).toBeUndefined();
    const byText = await stack.graphql('{ users(first: 1) { nodes { id } } }', {}, READER);
    expect(byText.errors).toBeUndefined();
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS=off (the default)', () => {
  const stack = useStack({ authenticate });
  it('answers an operation sent by hash alone with PERSISTED_QUERY_NOT_SUPPORTED, before any Okta call, and runs its text', async () => {
    stack.oktaCalls.reset();
    const byHash = await stack.gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...READER },
      body: JSON.stringify({
        variables: { first: 1 },
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    });
    expect(byHash.status).toBe(400);
    expect(await byHash.json()).toEqual({
      errors: [
        {
          message:
            "This gateway keeps no persisted operations (its trusted documents are off): send the operation's text.",
          extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
        },
      ],
    });
    expect(stack.oktaCalls.snapshot()).toEqual({});
    const byText = await stack.graphql(document, { first: 1 }, READER);
    expect(byText.errors).toBeUndefined();
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS=required over graphql-ws', () => {
  const stack = useStack();
  const served = useServedGateway(stack, {
    config: loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: 'required' }),
    authenticate,
  });

  /** The first result of one operation over a fresh connection, or the error that ended it. */
  const runOverWebSocket = async (
    authorization: string,
    payload: { query: string; variables?: Record<string, unknown>; extensions?: unknown },
  ) => {
    const { client } = webSocketClient(served.endpoint, { authorization });
    try {
      return await new Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>(
        (resolve) => {
          client.subscribe(payload as never, {
            next: (result) => resolve(result as never),
            error: (errors) => resolve({ errors: errors as never }),
            complete: () => {},
          });
        },
      );
    } finally {
      await client.dispose();
    }
  };

  it("refuses a document's text to a caller without gateway.documents.any", async () => {
    const res = await runOverWebSocket(READER.authorization, {
      query: document,
      variables: { first: 1 },
    });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_REQUIRED']);
  });

  it('runs the persisted operation by its hash, and any text for a granted caller', async () => {
    const byHash = await runOverWebSocket(READER.authorization, {
      query: '',
      variables: { first: 1 },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    expect(byHash.errors).toBeUndefined();
    expect((byHash.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(1);
    const byText = await runOverWebSocket(TOOL.authorization, {
      query: '{ users(first: 1) { nodes { id } } }',
    });
    expect(byText.errors).toBeUndefined();
  });
});
