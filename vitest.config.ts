import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) copies. Vite would give our sources the ESM
    // one while Pothos and yoga load the CommonJS one under Node, and two graphql copies break
    // `instanceof` (GraphQLError in maskError, schema types in lexicographicSortSchema). Resolve
    // it as Node does, so tests run the one copy production runs.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
