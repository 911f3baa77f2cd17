import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery, parse, validate } from 'graphql';
import { renderGraphiQL as yogaDefaultGraphiQL } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';
import {
  GRAPHIQL_CLIENT_HEADER,
  GRAPHIQL_EXAMPLES,
  graphiqlOptions,
} from '../../src/server/graphiql.ts';
import { findChromium, openPage } from '../support/browser.ts';
import { secretsOf, useGateway } from '../support/harness.ts';

const GATEWAY_ORIGIN = 'http://gateway.test';
const CDN_HOSTS = [
  'unpkg.com',
  'jsdelivr.net',
  'cdnjs.cloudflare.com',
  'esm.sh',
  'fonts.googleapis.com',
  'fonts.gstatic.com',
  'raw.githubusercontent.com',
];

/**
 * Every URL outside `origin` that a page would load: `src`/`href` attributes of its markup,
 * `url()` and `@import` in its styles, and URLs its scripts hand to a loader (`import()`,
 * `importScripts`, `new Worker`, `fetch`, `.src =`), plus any mention of a public CDN. (URLs that
 * inlined libraries merely mention, such as XML namespaces in SVG code, load nothing.)
 */
function externalLoads(html: string, origin: string): string[] {
  const scripts: string[] = [];
  const styles: string[] = [];
  const markup = html
    .replace(/<script\b[^>]*>([\s\S]*?)<\/script>/gi, (tag, body: string) => {
      scripts.push(body);
      return tag.replace(body, '');
    })
    .replace(/<style\b[^>]*>([\s\S]*?)<\/style>/gi, (tag, body: string) => {
      styles.push(body);
      return tag.replace(body, '');
    });
  const found: string[] = [];
  const external = (url: string) =>
    /^(https?:)?\/\//i.test(url.trim()) && !url.trim().startsWith(`${origin}/`);
  for (const m of markup.matchAll(
    /\b(?:src|href|srcset|action|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
  )) {
    const url = m[1] ?? m[2] ?? m[3] ?? '';
    if (external(url)) found.push(url);
  }
  for (const css of styles) {
    for (const m of css.matchAll(
      /url\(\s*["']?([^"')]+)|@import\s+(?:url\()?\s*["']?([^"');]+)/gi,
    )) {
      const url = m[1] ?? m[2] ?? '';
      if (external(url)) found.push(url);
    }
  }
  for (const js of scripts) {
    for (const m of js.matchAll(
      /(?:importScripts\(|import\(|new Worker\(|fetch\(|\.src\s*=)\s*["'`]((?:https?:)?\/\/[^"'`]+)/g,
    )) {
      if (external(m[1] as string)) found.push(m[1] as string);
    }
  }
  for (const host of CDN_HOSTS) if (html.includes(host)) found.push(host);
  return found;
}

describe('GraphiQL in demo mode', () => {
  const h = useGateway();
  let page = '';
  beforeAll(async () => {
    const res = await h.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    page = await res.text();
  });

  it('is served on GET /graphql under the gateway title', () => {
    expect(page).toContain('<title>Okta GraphQL Gateway</title>');
  });

  it('loads nothing from outside the gateway: every script, style, font and worker is inlined', () => {
    expect(externalLoads(page, GATEWAY_ORIGIN)).toEqual([]);
    expect(page).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
  });

  it("is a check that would catch yoga's default page, which loads GraphiQL from a CDN", () => {
    expect(externalLoads(yogaDefaultGraphiQL({}), GATEWAY_ORIGIN)).toEqual(
      expect.arrayContaining([
        'https://unpkg.com/@graphql-yoga/graphiql@4.5.1/dist/graphiql.css',
        'unpkg.com',
      ]),
    );
  });

  it('opens with the three example queries as tabs', () => {
    for (const example of GRAPHIQL_EXAMPLES) expect(page).toContain(JSON.stringify(example.query));
    expect(GRAPHIQL_EXAMPLES.map((e) => e.name)).toEqual([
      'UsersWithGroups',
      'GroupsWithMembers',
      'LogEventsWithActors',
    ]);
  });

  it('sends x-graphql-client-name with every request, which CSRF prevention accepts, and asks for the Okta plan', () => {
    expect(graphiqlOptions(h.config).additionalHeaders).toEqual({
      ...GRAPHIQL_CLIENT_HEADER,
      'x-okta-plan': 'include',
    });
    expect(page).toContain(
      '"additionalHeaders":{"x-graphql-client-name":"GraphiQL","x-okta-plan":"include"}',
    );
  });

  it('keeps headers (a bearer token) out of the browser storage', () => {
    expect(page).toContain('"shouldPersistHeaders":false');
  });

  it.each(GRAPHIQL_EXAMPLES)(
    'has an example $name that is valid against the schema',
    ({ query }) => {
      expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
    },
  );

  it.each(GRAPHIQL_EXAMPLES.map((e, i) => ({ ...e, field: ['users', 'groups', 'logEvents'][i] })))(
    'runs the example $name as GraphiQL sends it, without an error',
    async ({ query, field }) => {
      const res = await h.graphql(query, undefined, { ...GRAPHIQL_CLIENT_HEADER });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(Object.keys(res.body.data ?? {})).toEqual([field]);
      const connection = res.body.data?.[field as string] as { nodes: unknown[] } | undefined;
      expect(connection?.nodes.length).toBeGreaterThan(0);
    },
  );

  it('leaves no secret in any response or log line of this block', () => {
    const text = h.transcript.join('\n');
    for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
  });
});

describe('GraphiQL outside demo mode with caller authentication', () => {
  const h = useGateway({
    production: true,
    callerAuth: true,
    env: { GRAPHIQL: 'true', GRAPHQL_INTROSPECTION: 'true' },
  });

  it('opens with a header editor holding an Authorization placeholder for the token', async () => {
    const res = await h.fetch('/graphql', { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(html).toContain(
      `"headers":${JSON.stringify(JSON.stringify({ Authorization: 'Bearer <paste an access token>' }, null, 2))}`,
    );
    expect(html).toContain('"defaultEditorToolsVisibility":"headers"');
  });

  it('loads the schema with a pasted token, CSRF prevention and the limits on', async () => {
    const token = await h.issuer?.sign({ scp: ['okta.users.read'] });
    const res = await h.graphql(getIntrospectionQuery(), undefined, {
      ...GRAPHIQL_CLIENT_HEADER,
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(h.stack.oktaCalls.total()).toBe(0);
  });

  it('is refused the schema without a token', async () => {
    const res = await h.graphql(getIntrospectionQuery(), undefined, { ...GRAPHIQL_CLIENT_HEADER });
    expect(res.status).toBe(401);
  });

  it('leaves no secret in any response or log line of this block', () => {
    const text = h.transcript.join('\n');
    for (const secret of secretsOf(h)) expect(text).not.toContain(secret);
  });
});

describe('GraphiQL outside demo mode by default', () => {
  const h = useGateway({ production: true });

  it('is not served: GET /graphql for a browser is an ordinary GraphQL request', async () => {
    const res = await h.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).not.toBe('text/html');
    expect(await res.text()).not.toContain('<html');
  });
});

const chromium = findChromium();

/** GraphiQL as a person sees it: a real browser, the gateway listening on a port. */
describe.skipIf(!chromium)('GraphiQL in headless Chromium', () => {
  const h = useGateway();
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    server = createServer(h.gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('shows the schema and runs the first example, loading nothing from another origin', async () => {
    const browser = await openPage(chromium as string);
    try {
      await browser.navigate(`${origin}/graphql`);
      await browser.waitFor(`document.querySelector('.graphiql-execute-button')`);
      await browser.evaluate(
        `document.querySelector('[aria-label="Show Documentation Explorer"]').click()`,
      );
      await browser.waitFor(
        `document.querySelector('.graphiql-doc-explorer')?.innerText.includes('query: Query')`,
      );
      await browser.evaluate(`document.querySelector('.graphiql-execute-button').click()`);
      await browser.waitFor(
        `document.querySelector('.graphiql-response')?.innerText.includes('"users"')`,
      );
      const response = await browser.evaluate<string>(
        `document.querySelector('.graphiql-response').innerText`,
      );
      const screenshot = await browser.screenshot();
      const dir = await mkdtemp(join(tmpdir(), 'graphiql-'));
      await writeFile(join(dir, 'graphiql.png'), screenshot);

      expect(response).not.toContain('"errors"');
      expect(await browser.evaluate<string>('document.body.innerText')).not.toContain('Loading');
      const foreign = browser.requested.filter(
        (url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url),
      );
      expect(foreign).toEqual([]);
      expect(browser.requested.filter((url) => url === `${origin}/graphql`).length).toBeGreaterThan(
        2,
      );
    } finally {
      await browser.close();
    }
  }, 60_000);
});
