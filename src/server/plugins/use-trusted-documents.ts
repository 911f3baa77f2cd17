import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Caller } from '../../caller.ts';
import type { SecurityConfig } from '../../config.ts';
import {
  PersistedOperationNotFoundError,
  PersistedOperationNotSupportedError,
  PersistedOperationRequiredError,
} from '../../schema/graphql-errors.ts';

/** The typed client's manifest, written by `npm run codegen` (scripts/persisted-operations.ts). */
export const CLIENT_MANIFEST = fileURLToPath(
  new URL('../../../schema/persisted-operations.json', import.meta.url),
);

/** sha256 → document, from the typed client's manifest and any others configured. */
export function loadPersistedOperations(files: readonly string[]): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of [CLIENT_MANIFEST, ...files]) {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [hash, document] of Object.entries(manifest)) {
      if (typeof document === 'string') operations.set(hash.toLowerCase(), document);
    }
  }
  return operations;
}

/** The operation id: Apollo's `extensions.persistedQuery.sha256Hash`, or `documentId`. */
function operationIdOf(params: { extensions?: unknown; documentId?: unknown }): string | null {
  const apq = (
    params.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } }
  )?.persistedQuery;
  if (apq?.version === 1 && typeof apq.sha256Hash === 'string') return apq.sha256Hash;
  if (typeof params.documentId === 'string') return params.documentId.replace(/^sha256:/, '');
  return null;
}

/**
 * With trusted documents off, an operation sent by hash alone is answered for what it is
 * (PERSISTED_QUERY_NOT_SUPPORTED: Apollo's persisted-query link then sends the text) rather than
 * with graphql-http's "Must provide query string.", which does not say why.
 */
function refuseOperationIds(): Plugin {
  return {
    onParams({ params }) {
      const sentText = typeof params.query === 'string' && params.query !== '';
      if (!sentText && operationIdOf(params as never) !== null) {
        throw new PersistedOperationNotSupportedError();
      }
    },
  };
}

/** What a graphql-ws subscribe message may run: its query text, or the error refusing it. */
export type DocumentGate = (
  payload: { query?: unknown; extensions?: unknown; documentId?: unknown },
  authorization: string | null,
) => Promise<string | GraphQLError>;

/** The same rules for graphql-ws, which does not go through yoga's `onParams`. */
export function trustedDocumentGate(
  security: Pick<
    SecurityConfig,
    'trustedDocuments' | 'documentsAnyScope' | 'persistedOperationFiles'
  >,
  authenticate: (authorization: string | null) => Promise<Caller>,
): DocumentGate | undefined {
  if (security.trustedDocuments === 'off') return undefined;
  const operations = loadPersistedOperations(security.persistedOperationFiles);
  return async (payload, authorization) => {
    if (typeof payload.query === 'string' && payload.query !== '') {
      if (security.trustedDocuments === 'optional') return payload.query;
      const caller = await authenticate(authorization).catch(() => null);
      return caller && !caller.has(security.documentsAnyScope)
        ? new PersistedOperationRequiredError()
        : payload.query;
    }
    const id = operationIdOf(payload);
    if (id === null) return new PersistedOperationRequiredError();
    return operations.get(id.toLowerCase()) ?? new PersistedOperationNotFoundError();
  };
}

/**
 * Trusted documents: an operation may be sent as the sha256 hash of a document in the manifests
 * (the typed client's, a frontend build's), instead of its text. `optional`: hash or text, for
 * everyone. `required`: text only from callers whose token holds `documentsAnyScope` (tools,
 * back ends); everyone else, a browser app above all, runs only the operations known at build
 * time. An unauthenticated request is let through here to be answered 401 by caller auth.
 */
export function useTrustedDocuments(
  security: Pick<
    SecurityConfig,
    'trustedDocuments' | 'documentsAnyScope' | 'persistedOperationFiles'
  >,
  authenticate: (authorization: string | null) => Promise<Caller>,
): Plugin {
  if (security.trustedDocuments === 'off') return refuseOperationIds();
  const operations = loadPersistedOperations(security.persistedOperationFiles);
  const mayWriteDocuments = async (request: Request): Promise<boolean> => {
    if (security.trustedDocuments === 'optional') return true;
    try {
      const caller = await authenticate(request.headers.get('authorization'));
      return caller.has(security.documentsAnyScope);
    } catch {
      return true;
    }
  };
  return usePersistedOperations({
    getPersistedOperation: (hash) => operations.get(hash.toLowerCase()) ?? null,
    allowArbitraryOperations: mayWriteDocuments,
    extractPersistedOperationId: (params) => operationIdOf(params as never),
    customErrors: {
      notFound: () => new PersistedOperationNotFoundError(),
      keyNotFound: () => new PersistedOperationRequiredError(),
      persistedQueryOnly: () => new PersistedOperationRequiredError(),
    },
  });
}
