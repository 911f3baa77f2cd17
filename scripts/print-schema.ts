import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../src/schema/index.ts';

/** Where the printed SDL is checked in; codegen.ts reads it from there. */
export const SCHEMA_FILE = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));

/** The whole file: a header saying how it is made, then the schema as `src/schema` builds it. */
export const schemaFileText = (): string =>
  `# Printed from src/schema by \`npm run schema:print\` (\`npm run codegen\` runs it). Do not edit.\n\n${printedSchema()}`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, schemaFileText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
