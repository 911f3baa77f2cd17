import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house's floors, read from the import lines of src/. A module imports only from its own
 * area or from a lower floor; nothing imports in a circle, type-only imports included.
 */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * Each area of src/ (a folder, or a file at its top) and its floor. Higher floors import lower
 * ones, never the other way; areas on one floor do not import each other.
 */
const FLOORS: Record<string, number> = {
  'main.ts': 60,
  server: 50,
  planner: 45,
  schema: 40,
  workflows: 30,
  'context.ts': 28,
  events: 25,
  loaders: 20,
  okta: 10,
  'config.ts': 0,
  'caller.ts': 0,
};

/**
 * Areas that stand apart from the floors: what each may import besides itself. The simulator
 * is an Okta org of its own and imports nothing of the gateway; the client ships on its own;
 * the neutral modules of Okta's languages are imported by both sides and import neither.
 */
const APART: Record<string, readonly string[]> = {
  simulator: ['okta-filter', 'okta-reference'],
  client: [],
  'okta-filter': [],
  'okta-reference': [],
};

/** Which floored areas may import the areas apart (only the top of the house starts the simulator). */
const MAY_IMPORT_APART: Record<string, readonly string[]> = {
  'main.ts': ['simulator', 'okta-filter', 'okta-reference'],
};
const NEUTRAL = ['okta-filter', 'okta-reference'];

const IMPORT_LINES = [
  /^\s*(?:import|export)\s+[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each file of src/ (relative to src/) and the files of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const imports = IMPORT_LINES.flatMap((pattern) =>
      [...text.matchAll(pattern)].map((match) => match[1] as string),
    )
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => relative(SRC, resolve(dirname(file), specifier)));
    graph.set(relative(SRC, file), [...new Set(imports)]);
  }
  return graph;
}

const areaOf = (file: string) => file.split('/')[0] as string;

/** The import circles of a graph: its strongly connected components of more than one file. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('architecture', () => {
  const graph = importGraph();

  it('reads the import lines of every source file', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('context.ts')).toContain('caller.ts');
  });

  it('knows the floor of every area of src/', () => {
    const unknown = [...new Set([...graph.keys()].map(areaOf))].filter(
      (area) => !(area in FLOORS) && !(area in APART),
    );
    expect(unknown, 'add each new area to FLOORS or APART in this test').toEqual([]);
  });

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('imports only from the same area or a lower floor', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = areaOf(file);
      if (!(from in FLOORS)) continue;
      for (const target of imports) {
        const to = areaOf(target);
        if (to === from) continue;
        const allowed =
          to in FLOORS
            ? (FLOORS[to] as number) < (FLOORS[from] as number)
            : (MAY_IMPORT_APART[from] ?? NEUTRAL).includes(to);
        if (!allowed) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps the simulator, the client and the neutral modules apart from the gateway', () => {
    const crossing: string[] = [];
    for (const [file, imports] of graph) {
      const from = areaOf(file);
      const allowed = APART[from];
      if (!allowed) continue;
      for (const target of imports) {
        const to = areaOf(target);
        if (to !== from && !allowed.includes(to)) crossing.push(`${file} -> ${target}`);
      }
    }
    expect(crossing).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const made = new Map([
      ['schema/a.ts', ['schema/b.ts']],
      ['schema/b.ts', ['schema/a.ts', 'okta/c.ts']],
      ['okta/c.ts', []],
    ]);
    expect(circles(made)).toEqual([['schema/a.ts', 'schema/b.ts']]);
  });
});
