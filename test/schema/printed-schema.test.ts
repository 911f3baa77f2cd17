import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaFileText } from '../../scripts/print-schema.ts';

describe('the printed schema', () => {
  it('is the schema src/schema builds (run `npm run codegen` when it is stale)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaFileText());
  });
});
