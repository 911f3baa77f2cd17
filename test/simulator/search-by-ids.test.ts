import { afterEach, describe, expect, it, vi } from 'vitest';
import { GROUP_SEARCH, idsOfIdDisjunction, USER_SEARCH } from '../../src/simulator/filter.ts';
import type { SearchIndex } from '../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

/**
 * `search=id eq "…" or id eq "…"` is answered by looking the ids up in the search index rather
 * than by testing every user or group. These tests hold the answers to those of the general path:
 * the same request, with the index made to hand search every record (as it did before).
 */

interface Listed {
  id: string;
  status?: string;
  profile: Record<string, unknown>;
}

interface Answer {
  status: number;
  body: Listed[];
  link: string | null;
}

const idSearch = (ids: readonly string[]) => ids.map((id) => `id eq "${id}"`).join(' or ');
const searchPath = (resource: 'users' | 'groups', ids: readonly string[], rest = '') =>
  `/api/v1/${resource}?search=${encodeURIComponent(idSearch(ids))}${rest}`;
const idsOf = (answer: Answer) => answer.body.map((record) => record.id);
const sorted = (ids: readonly string[]) => [...ids].sort();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(h: SimHarness, path: string): Promise<Answer> {
  const res = await h.api<Listed[]>('GET', path);
  return { status: res.status, body: res.body, link: res.headers.get('link') };
}

/** The next page's path from a Link header, or null on the last page. */
function nextOf(link: string | null): string | null {
  const href = /<([^>]+)>; rel="next"/.exec(link ?? '')?.[1];
  if (href === undefined) return null;
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

/** Every page of a listing, following its `next` links. */
async function pages(h: SimHarness, path: string): Promise<Answer[]> {
  const all: Answer[] = [];
  for (let next: string | null = path; next !== null && all.length < 50; ) {
    const page = await answer(h, next);
    all.push(page);
    next = nextOf(page.link);
  }
  return all;
}

/** The same pages, answered by a scan of every record the index holds (the general path). */
async function scanned<T>(index: SearchIndex<T>, read: () => Promise<Answer[]>): Promise<Answer[]> {
  const everyRecord = vi.spyOn(index, 'candidates').mockImplementation(() => index.snapshot());
  try {
    return await read();
  } finally {
    everyRecord.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('idsOfIdDisjunction', () => {
  it('reads the ids of id eq terms joined by or, in any grouping, repeats kept', () => {
    expect(
      idsOfIdDisjunction(
        'id eq "00ua" or (id eq "00ub" or id eq "00uc") or id eq "00ua"',
        USER_SEARCH,
      ),
    ).toEqual(['00ua', '00ub', '00uc', '00ua']);
  });

  it('reads a single id eq term', () => {
    expect(idsOfIdDisjunction('(id eq "00ga")', GROUP_SEARCH)).toEqual(['00ga']);
  });

  it.each([
    ['another attribute', 'id eq "00ua" or profile.login eq "a@example.com"'],
    ['and', 'id eq "00ua" and id eq "00ub"'],
    ['another operator on id', 'id sw "00u" or id eq "00ub"'],
    ['a number', 'id eq 5 or id eq "00ub"'],
    ['presence', 'id pr'],
  ])('answers null when the expression holds %s', (_shape, text) => {
    expect(idsOfIdDisjunction(text, USER_SEARCH)).toBeNull();
  });

  it('refuses an invalid expression as compileExpression does', () => {
    expect(() => idsOfIdDisjunction('id eq "00ua" or', USER_SEARCH)).toThrowError(
      expect.objectContaining({ status: 400, errorCode: 'E0000031' }),
    );
  });
});

describe('users: a search by ids', () => {
  const h = useSimulator();
  const userIds = () => [...h.sim.org.users.keys()];
  const withStatus = (status: string) =>
    [...h.sim.org.users.values()].filter((u) => u.status === status).map((u) => u.id);

  it('finds 100 users by id without a scan of every user, as the scan would', async () => {
    const ids = userIds()
      .filter((_, i) => i % 2 === 0)
      .slice(0, 100);
    const scan = vi.spyOn(h.sim.org.userIndex, 'snapshot');
    const fast = await pages(h, searchPath('users', ids));
    expect(scan).not.toHaveBeenCalled();
    expect(fast.map(idsOf)).toEqual([sorted(ids)]);
    expect(fast).toEqual(
      await scanned(h.sim.org.userIndex, () => pages(h, searchPath('users', ids))),
    );
  });

  it('includes DEPROVISIONED users, as search does', async () => {
    const ids = [withStatus('DEPROVISIONED')[0] as string, withStatus('ACTIVE')[0] as string];
    const fast = await pages(h, searchPath('users', ids));
    expect(fast[0]?.body.map((u) => [u.id, u.status])).toEqual(
      [
        [ids[0], 'DEPROVISIONED'],
        [ids[1], 'ACTIVE'],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(fast).toEqual(
      await scanned(h.sim.org.userIndex, () => pages(h, searchPath('users', ids))),
    );
  });

  it('matches ids ignoring case, as search compares values', async () => {
    const [id] = userIds() as [string];
    const ids = [id.toUpperCase(), id.toLowerCase()];
    const fast = await pages(h, searchPath('users', ids));
    expect(fast.map(idsOf)).toEqual([[id]]);
    expect(fast).toEqual(
      await scanned(h.sim.org.userIndex, () => pages(h, searchPath('users', ids))),
    );
  });

  it('leaves out unknown ids and answers a repeated id once', async () => {
    const [a, b] = userIds() as [string, string];
    const ids = [a, '00uNoSuchUser0000000', b, a, a];
    const fast = await pages(h, searchPath('users', ids));
    expect(fast.map(idsOf)).toEqual([sorted([a, b])]);
    expect(fast).toEqual(
      await scanned(h.sim.org.userIndex, () => pages(h, searchPath('users', ids))),
    );
  });

  it('pages by limit with the same Link headers as the scan', async () => {
    const ids = userIds().slice(10, 15);
    const path = searchPath('users', ids, '&limit=2');
    const fast = await pages(h, path);
    expect(fast.map(idsOf)).toEqual([
      sorted(ids).slice(0, 2),
      sorted(ids).slice(2, 4),
      sorted(ids).slice(4),
    ]);
    expect(fast).toEqual(await scanned(h.sim.org.userIndex, () => pages(h, path)));
  });

  it('sorts by sortBy and sortOrder across pages as the scan does', async () => {
    const ids = userIds().slice(20, 27);
    const path = searchPath('users', ids, '&sortBy=profile.lastName&sortOrder=desc&limit=3');
    const fast = await pages(h, path);
    const lastNames = fast.flatMap((page) => page.body.map((u) => String(u.profile.lastName)));
    expect(lastNames).toEqual(
      [...lastNames].sort((x, y) => y.toLowerCase().localeCompare(x.toLowerCase())),
    );
    expect(fast.flatMap(idsOf).sort()).toEqual(sorted(ids));
    expect(fast).toEqual(await scanned(h.sim.org.userIndex, () => pages(h, path)));
  });

  it('scans every user for an expression that is not only id eq terms', async () => {
    const [a, b] = userIds() as [string, string];
    const login = String(h.sim.org.users.get(b)?.profile.login);
    const scan = vi.spyOn(h.sim.org.userIndex, 'snapshot');
    const res = await answer(
      h,
      `/api/v1/users?search=${encodeURIComponent(`id eq "${a}" or profile.login eq "${login}"`)}`,
    );
    expect(scan).toHaveBeenCalledTimes(1);
    expect(idsOf(res)).toEqual(sorted([a, b]));
  });
});

describe('groups: a search by ids', () => {
  const h = useSimulator();
  const groupIds = () => [...h.sim.org.groups.keys()];

  it('finds every group by id (unknown, repeated and upper-cased ids too) without a scan, as the scan would', async () => {
    const all = groupIds();
    const ids = [
      ...all,
      '00gNoSuchGroup000000',
      all[0] as string,
      (all[1] as string).toUpperCase(),
    ];
    const scan = vi.spyOn(h.sim.org.groupIndex, 'snapshot');
    const path = searchPath('groups', ids, '&expand=stats');
    const fast = await pages(h, path);
    expect(scan).not.toHaveBeenCalled();
    expect(fast.map(idsOf)).toEqual([sorted(all)]);
    expect(fast).toEqual(await scanned(h.sim.org.groupIndex, () => pages(h, path)));
  });

  it('sorts by sortBy and sortOrder and pages by limit as the scan does', async () => {
    const ids = groupIds().slice(0, 9);
    const path = searchPath('groups', ids, '&sortBy=profile.name&sortOrder=desc&limit=4');
    const fast = await pages(h, path);
    expect(fast.map((page) => page.body.length)).toEqual([4, 4, 1]);
    expect(fast.flatMap(idsOf).sort()).toEqual(sorted(ids));
    expect(fast).toEqual(await scanned(h.sim.org.groupIndex, () => pages(h, path)));
  });
});

describe('a search by ids while the index lags writes', () => {
  const LAG_MS = 400;
  const h = useSimulator({ size: 'empty', searchLagMs: LAG_MS });
  let n = 0;

  async function createUser(): Promise<string> {
    n++;
    const login = `lag${n}@example.com`;
    const res = await h.api<{ id: string }>('POST', '/api/v1/users?activate=true', {
      body: {
        profile: { firstName: 'Lag', lastName: `Tester${n}`, email: login, login },
        credentials: { password: { value: 'Lagging-Passw0rd!' } },
      },
    });
    expect(res.status).toBe(200);
    return res.body.id;
  }

  async function createGroup(name: string): Promise<string> {
    const res = await h.api<{ id: string }>('POST', '/api/v1/groups', {
      body: { profile: { name } },
    });
    expect(res.status).toBe(200);
    return res.body.id;
  }

  it('answers users from the lagging copy as the scan does, and the writes once they arrive', async () => {
    const [kept, deleted] = [await createUser(), await createUser()];
    await wait(LAG_MS + 100);
    const created = await createUser();
    await h.api('POST', `/api/v1/users/${kept}/lifecycle/deactivate`);
    await h.api('DELETE', `/api/v1/users/${deleted}`);
    await h.api('DELETE', `/api/v1/users/${deleted}`);
    const ids = [kept, deleted, created.toUpperCase()];
    const path = searchPath('users', ids);

    const lagging = await pages(h, path);
    expect(lagging[0]?.body.map((u) => [u.id, u.status])).toEqual(
      sorted([kept, deleted]).map((id) => [id, 'ACTIVE']),
    );
    expect(lagging).toEqual(await scanned(h.sim.org.userIndex, () => pages(h, path)));

    await wait(LAG_MS + 100);
    const caughtUp = await pages(h, path);
    expect(caughtUp[0]?.body.map((u) => [u.id, u.status])).toEqual(
      [
        [kept, 'DEPROVISIONED'],
        [created, 'ACTIVE'],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(caughtUp).toEqual(await scanned(h.sim.org.userIndex, () => pages(h, path)));
  });

  it('answers groups from the lagging copy as the scan does, and the writes once they arrive', async () => {
    const before = await createGroup('Lagging Before');
    await wait(LAG_MS + 100);
    const after = await createGroup('Lagging After');
    await h.api('DELETE', `/api/v1/groups/${before}`);
    const path = searchPath('groups', [before.toLowerCase(), after]);

    const lagging = await pages(h, path);
    expect(lagging.map(idsOf)).toEqual([[before]]);
    expect(lagging).toEqual(await scanned(h.sim.org.groupIndex, () => pages(h, path)));

    await wait(LAG_MS + 100);
    const caughtUp = await pages(h, path);
    expect(caughtUp.map(idsOf)).toEqual([[after]]);
    expect(caughtUp).toEqual(await scanned(h.sim.org.groupIndex, () => pages(h, path)));
  });
});
