import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DocumentNode, print } from 'graphql';
import * as generated from '../src/client/generated/graphql.ts';

/**
 * The trusted documents manifest: every operation of `schema/operations/` as the typed client
 * sends it (`print` of its generated document, what graphql-request sends as `query`), keyed by
 * the sha256 of that text, the id a client sends instead of the document (Apollo's
 * `extensions.persistedQuery.sha256Hash`, or `documentId`). `npm run codegen` writes it after
 * the typed client; a frontend builds its own the same way from its own generated documents
 * (`persistedOperationsOf(await import('./generated.ts'))`) and the gateway loads both.
 */
export const MANIFEST_FILE = fileURLToPath(
  new URL('../schema/persisted-operations.json', import.meta.url),
);

export const operationHash = (text: string): string =>
  createHash('sha256').update(text).digest('hex');

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as DocumentNode).kind === 'Document';

/** sha256 → document text, for every document a generated module exports, sorted by hash. */
export function persistedOperationsOf(module: Record<string, unknown>): Record<string, string> {
  const texts = Object.values(module)
    .filter(isDocument)
    .map((document) => print(document));
  return Object.fromEntries(texts.map((text) => [operationHash(text), text]).sort());
}

export const manifestFileText = (): string =>
  `${JSON.stringify(persistedOperationsOf(generated), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(MANIFEST_FILE, manifestFileText());
  console.log(`wrote ${MANIFEST_FILE}`);
}
