/**
 * Trusted documents on the client's side: the text of a generated document as the typed client
 * sends it, the sha256 that names that text in the gateway's manifest, and the request fields
 * that send the one or the other. `scripts/persisted-operations.ts` writes the manifest
 * (`schema/persisted-operations.json`) with these same two functions, so that the hash the client
 * sends is the manifest's key for its document by construction, not by two copies agreeing.
 */
import { type DocumentNode, print } from 'graphql';

/**
 * How the typed client names an operation to the gateway: `text` sends the document itself (any
 * gateway runs it, unless it requires trusted documents of this caller); `hash` sends only the
 * sha256 of its text, which a gateway with `GATEWAY_TRUSTED_DOCUMENTS` set to `optional` or
 * `required` looks up in its manifests (a gateway with it `off` knows no hashes).
 */
export type PersistedDocuments = 'text' | 'hash';

/**
 * A document's text as the typed client sends it (graphql-js's `print`, which graphql-request
 * would apply too) and as the manifest holds it.
 */
export const documentText = (document: DocumentNode): string => print(document);

/**
 * The sha256 of a document's text, in lowercase hex: its key in the manifest, and the id sent
 * instead of the text. Web Crypto, not `node:crypto`, so that the client runs wherever `fetch`
 * does; the digest of the UTF-8 bytes is the one `createHash('sha256')` makes.
 */
export async function documentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The fields of a request body that name its operation. */
export type OperationFields =
  | { query: string }
  | { extensions: { persistedQuery: { version: 1; sha256Hash: string } } };

/**
 * What names the operation in a request's body: the text as `query`, or, by hash, Apollo's
 * persisted-query extension, `extensions: { persistedQuery: { version: 1, sha256Hash } }`, with
 * no `query` at all. Of the two ids the gateway reads (use-trusted-documents.ts), this is the
 * one yoga's persisted-operations plugin reads by default and Apollo Client and urql send; the
 * other, `documentId`, reaches the plugin only because the gateway adds it to yoga's parameters.
 */
export async function operationFields(
  text: string,
  persisted: PersistedDocuments,
): Promise<OperationFields> {
  return persisted === 'hash'
    ? { extensions: { persistedQuery: { version: 1, sha256Hash: await documentHash(text) } } }
    : { query: text };
}
