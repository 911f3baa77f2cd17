import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocumentNode } from 'graphql';
import * as generated from '../src/client/generated/graphql.ts';
import { documentHash, documentText } from '../src/client/persisted-documents.ts';

/**
 * The trusted documents manifest: every operation of `schema/operations/` as the typed client
 * sends it (`documentText` of its generated document), keyed by the sha256 of that text
 * (`documentHash`), the id a client sends instead of the document (Apollo's
 * `extensions.persistedQuery.sha256Hash`, or `documentId`). Both functions are the typed
 * client's own (src/client/persisted-documents.ts), so that the hash its `persistedDocuments:
 * 'hash'` sends is this manifest's key. `npm run codegen` writes it after the typed client; a
 * frontend builds its own the same way from its own generated documents (`await
 * persistedOperationsOf(await import('./generated.ts'))`) and the gateway loads both.
 */
export const MANIFEST_FILE = fileURLToPath(
  new URL('../schema/persisted-operations.json', import.meta.url),
);

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document';

/** sha256 → document text, for every document a generated module exports, sorted by hash. */
export async function persistedOperationsOf(
  module: Record<string, unknown>,
): Promise<Record<string, string>> {
  const texts = Object.values(module).filter(isDocument).map(documentText);
  const entries = await Promise.all(
    texts.map(async (text) => [await documentHash(text), text] as const),
  );
  return Object.fromEntries(entries.sort());
}

export const manifestFileText = async (): Promise<string> =>
  `${JSON.stringify(await persistedOperationsOf(generated), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(MANIFEST_FILE, await manifestFileText());
  console.log(`wrote ${MANIFEST_FILE}`);
}
