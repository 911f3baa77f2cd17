import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed client: `schema/schema.graphql` (printed from src/schema) and the operations in
 * `schema/operations/` become typed documents for graphql-request. `npm run codegen` prints the
 * schema first, then runs this; it reads only local files, so it works offline.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: 'schema/operations/*.graphql',
  generates: {
    'src/client/generated/graphql.ts': {
      // typescript-operations 6 emits the schema types the operations use (enums as string
      // unions, inputs) by itself; adding the `typescript` plugin would declare them twice.
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
    // The members of each union and interface, which normalised caches need to match fragments
    // on them (`... on Error` in a mutation's result): Apollo's `possibleTypes` (its 3.x shape is
    // Apollo 4's too) and urql Graphcache's `possibleTypes`.
    'src/client/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
  // The trusted documents manifest (sha256 → document) of the operations just generated.
  hooks: { afterAllFileWrite: ['tsx scripts/persisted-operations.ts'] },
};

export default config;
