/**
 * Trusted documents on the client's side: the text of a generated document as the typed client
 * sends it, and the sha256 that names that text in the gateway's manifest.
 * `scripts/persisted-operations.ts` writes the manifest (`schema/persisted-operations.json`) with
 * these same two functions, so that a hash the client sends is the manifest's key for its
 * document by construction, not by two copies agreeing.
 */
import { type DocumentNode, print } from 'graphql';

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
