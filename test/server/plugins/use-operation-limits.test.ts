import { getIntrospectionQuery } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { useOperationLimits } from '../../../src/server/plugins/use-operation-limits.ts';

const resolved: string[] = [];
const yoga = createYoga({
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Node { id: ID! child: Node }
      type Query { node: Node }
    `,
    resolvers: {
      Query: {
        node: () => {
          resolved.push('node');
          return { id: '1', child: { id: '2' } };
        },
      },
    },
  }),
  plugins: [useOperationLimits(loadConfig({}).limits)],
  maskedErrors: false,
});

async function run(query: string) {
  const res = await yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
    },
    body: JSON.stringify({ query }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

const nested = (depth: number) =>
  `{ node ${'{ child '.repeat(depth - 1)}{ id }${' }'.repeat(depth - 1)} }`;

describe('operation limits', () => {
  it('runs a query at the maximum depth of 6', async () => {
    const res = await run(nested(5));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses a query nested 7 deep without resolving anything', async () => {
    resolved.length = 0;
    const res = await run(nested(6));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('Query depth 7 exceeds the maximum of 6.');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(resolved).toEqual([]);
  });

  it('counts depth through fragments', async () => {
    const res = await run(
      `{ node { ...A } } fragment A on Node { child { child { child { child { child { id } } } } } }`,
    );
    expect(res.body.errors?.[0]?.message).toBe('Query depth 7 exceeds the maximum of 6.');
  });

  it('measures each fragment once: 26 fragments each spreading the next twice are refused', async () => {
    const fragments = Array.from({ length: 26 }, (_, i) =>
      i === 25
        ? `fragment F25 on Node { ${'child { '.repeat(6)}id${' }'.repeat(6)} }`
        : `fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`,
    );
    const res = await run(`{ node { ...F0 } } ${fragments.join(' ')}`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('Query depth 8 exceeds the maximum of 6.');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
  });

  it("does not count a connection's wrappers as levels", async () => {
    const conn = createYoga({
      schema: createSchema({
        typeDefs: /* GraphQL */ `
          type Item { id: ID! items: ItemConnection }
          type ItemEdge { node: Item! cursor: String! }
          type PageInfo { hasNextPage: Boolean! }
          type ItemConnection { nodes: [Item!]! edges: [ItemEdge!]! pageInfo: PageInfo! }
          type Query { items: ItemConnection }
        `,
        resolvers: { Query: { items: () => ({ nodes: [], edges: [], pageInfo: {} }) } },
      }),
      plugins: [useOperationLimits(loadConfig({}).limits)],
    });
    // Five levels of `items` and an id, through `nodes`, `edges { node }` and `pageInfo`: 6.
    const six = `{ items { nodes { items { edges { node { items { nodes { items {
      pageInfo { hasNextPage } nodes { items { nodes { id } } } } } } } } } } } }`;
    const res = await conn.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: six }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });

  it('refuses more than 15 aliases', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: node { id }`).join(' ');
    const res = await run(`{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe(
      'The document has 16 aliases; at most 15 are allowed.',
    );
  });

  it('refuses a document of more than 1,000 tokens', async () => {
    const fields = Array.from({ length: 400 }, () => 'node { id }').join(' ');
    const res = await run(`{ ${fields} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('The document has more than 1000 tokens.');
  });

  it('refuses a document of more than 15,000 characters', async () => {
    const res = await run(`{ node { id } } ${'#'.repeat(15_000)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe(
      'The document has 15016 characters; at most 15000 are allowed.',
    );
  });

  it('still answers a syntax error with 400', async () => {
    const res = await run('{ node {');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toBe('Syntax Error: Expected Name, found <EOF>.');
  });

  it('lets the full introspection query through', async () => {
    const res = await run(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(
      (res.body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name,
    ).toBe('Query');
  });
});
