import { MockAgent } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseLinkHeader } from '../../src/okta/paginate.ts';
import { createOktaTransport } from '../../src/okta/transport.ts';
import { simulatorFor, transportFor, type WireUser } from './support.ts';

describe('OktaTransport against the simulator: pagination', () => {
  const ctx = simulatorFor({ size: { users: 45, groups: 2, apps: 0 } });
  const listed = () =>
    [...ctx.h.sim.org.users.values()]
      .filter((u) => u.status !== 'DEPROVISIONED')
      .map((u) => u.id)
      .sort();

  it('walks every page of users by the Link header', async () => {
    const { transport } = transportFor(ctx.h);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { pageSize: 10 },
    )) {
      pages++;
      ids.push(...page.map((u) => u.id));
    }
    const expected = listed();
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 10));
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(pages);
  });

  it("caps the page size at the endpoint's maximum", async () => {
    const { transport } = transportFor(ctx.h);
    await transport.page({ method: 'GET', path: '/api/v1/users' }, { limit: 5000 });
    expect(new URL(ctx.exchanges[0]?.url ?? '').searchParams.get('limit')).toBe('200');
  });

  it('stops after maxItems, cutting the last page short', async () => {
    const { transport } = transportFor(ctx.h);
    const pages: number[] = [];
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { pageSize: 10, maxItems: 15 },
    )) {
      pages.push(page.length);
    }
    expect(pages).toEqual([10, 5]);
    expect(ctx.h.sim.requests.count('GET /api/v1/users')).toBe(2);
  });

  it("exposes Okta's after cursor and resumes a page from it", async () => {
    const { transport } = transportFor(ctx.h);
    const first = await transport.page<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { limit: 3 },
    );
    const expected = listed();
    expect(first.items.map((u) => u.id)).toEqual(expected.slice(0, 3));
    expect(first.after).toBe(expected[2]);
    const second = await transport.page<WireUser>(
      { method: 'GET', path: '/api/v1/users' },
      { limit: 3, after: first.after },
    );
    expect(second.items.map((u) => u.id)).toEqual(expected.slice(3, 6));
  });

  it('says null for the after cursor of the last page', async () => {
    const { transport } = transportFor(ctx.h);
    const page = await transport.page({ method: 'GET', path: '/api/v1/users' }, { limit: 200 });
    expect(page).toMatchObject({ after: null, next: null });
  });

  it('keeps search on every page', async () => {
    const { transport } = transportFor(ctx.h);
    const search = 'status eq "ACTIVE"';
    const ids: string[] = [];
    for await (const page of transport.paginate<WireUser>(
      { method: 'GET', path: '/api/v1/users', query: { search } },
      { pageSize: 5 },
    )) {
      ids.push(...page.map((u) => u.id));
    }
    const active = [...ctx.h.sim.org.users.values()]
      .filter((u) => u.status === 'ACTIVE')
      .map((u) => u.id)
      .sort();
    expect(ids).toEqual(active);
    expect(ctx.exchanges.map((e) => new URL(e.url).searchParams.get('search'))).toEqual(
      ctx.exchanges.map(() => search),
    );
  });
});

describe('OktaTransport with a MockAgent: what the simulator cannot produce', () => {
  const origin = 'https://acme.okta.example';
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  const mockTransport = () =>
    createOktaTransport({
      orgUrl: origin,
      credentials: { apiToken: 'mock-token-0123456789' },
      dispatcher: agent,
    });

  it('parses Link headers sent as separate lines and as one comma-joined line', () => {
    const a = '<https://acme.okta.example/api/v1/users?limit=2>; rel="self"';
    const b = '<https://acme.okta.example/api/v1/users?after=00u2&limit=2>; rel="next"';
    const expected = {
      self: 'https://acme.okta.example/api/v1/users?limit=2',
      next: 'https://acme.okta.example/api/v1/users?after=00u2&limit=2',
    };
    expect(parseLinkHeader([a, b])).toEqual(expected);
    expect(parseLinkHeader([`${a}, ${b}`])).toEqual(expected);
  });

  it('puts back the search, expand and page size that a next link dropped', async () => {
    const pool = agent.get(origin);
    const search = 'profile.department eq "R&D"';
    pool
      .intercept({
        path: `/api/v1/users?search=${encodeURIComponent(search).replace(/%20/g, '+')}&expand=classification&limit=2`,
        method: 'GET',
      })
      .reply(200, [{ id: '00u1' }, { id: '00u2' }], {
        headers: {
          link: `<${origin}/api/v1/users?limit=2>; rel="self", <${origin}/api/v1/users?after=00u2>; rel="next"`,
        },
      });
    const seen: string[] = [];
    pool
      .intercept({
        path: (path) => {
          seen.push(path);
          return path.startsWith('/api/v1/users?after=00u2');
        },
        method: 'GET',
      })
      .reply(200, [{ id: '00u3' }]);
    const transport = mockTransport();
    const ids: string[] = [];
    for await (const page of transport.paginate<{ id: string }>(
      { method: 'GET', path: '/api/v1/users', query: { search, expand: 'classification' } },
      { pageSize: 2 },
    )) {
      ids.push(...page.map((u) => u.id));
    }
    expect(ids).toEqual(['00u1', '00u2', '00u3']);
    const second = new URL(seen.at(-1) ?? '', origin).searchParams;
    expect(Object.fromEntries(second)).toEqual({
      after: '00u2',
      search,
      expand: 'classification',
      limit: '2',
    });
  });

  it("follows a next link on another host only on the org's own host", async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/api/v1/groups?limit=1', method: 'GET' }).reply(200, [{ id: '00g1' }], {
      headers: { link: '<https://evil.example/api/v1/groups?after=00g1&limit=1>; rel="next"' },
    });
    pool
      .intercept({ path: '/api/v1/groups?after=00g1&limit=1', method: 'GET' })
      .reply(200, [{ id: '00g2' }]);
    const ids: string[] = [];
    for await (const page of mockTransport().paginate<{ id: string }>(
      { method: 'GET', path: '/api/v1/groups' },
      { pageSize: 1 },
    )) {
      ids.push(...page.map((g) => g.id));
    }
    expect(ids).toEqual(['00g1', '00g2']);
  });
});
