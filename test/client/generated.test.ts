import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.ts';
import { printedSchema } from '../../src/schema/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the generated client', () => {
  it('is what codegen makes from the current schema and operations (run `npm run codegen` when it is stale)', async () => {
    // The schema as src/schema builds it now, not the checked-in file: a stale
    // schema/schema.graphql must not hide a stale client.
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, schema: printedSchema(), silent: true, cwd: root },
      false,
    );
    expect(outputs.map((o) => o.filename)).toEqual(Object.keys(config.generates));
    for (const output of outputs) {
      expect(readFileSync(join(root, output.filename), 'utf8'), output.filename).toBe(
        output.content,
      );
    }
  }, 30_000);
});
