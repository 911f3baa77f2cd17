import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/simulator/store.ts';
import { writeLogEvent } from '../../../src/simulator/system-log.ts';
import { useSimulator } from '../../support/simulator.ts';

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

describe('System Log', () => {
  // Polling tests call /logs far more often than Okta's 120 a minute; that bucket is not tested here.
  const h = useSimulator({ size: 'empty', rateLimits: { logs: 100_000 } });
  let tests = 0;

  /** A target id no other test uses, so each test filters to its own events. */
  function newTarget(): string {
    tests++;
    return `00utest${String(tests).padStart(12, '0')}`;
  }

  function logEvent(
    targetId: string,
    options: { eventType?: string; published?: string; displayName?: string } = {},
  ): LogEvent {
    return writeLogEvent(h.sim.org, {
      eventType: options.eventType ?? 'user.lifecycle.create',
      published: options.published,
      actor: {
        id: '00uadmin',
        type: 'User',
        alternateId: 'admin@example.com',
        displayName: 'Admin',
      },
      client: {
        ipAddress: '10.0.0.1',
        userAgent: { rawUserAgent: 'logs-test', os: 'Unknown', browser: 'UNKNOWN' },
        device: 'Unknown',
        zone: 'null',
        geographicalContext: {
          city: 'Lisbon',
          state: 'Lisbon',
          country: 'Portugal',
          postalCode: '1000-001',
          geolocation: { lat: 38.72, lon: -9.14 },
        },
      },
      targets: [
        {
          id: targetId,
          type: 'User',
          alternateId: `${targetId}@example.com`,
          displayName: options.displayName ?? 'Test User',
        },
      ],
    });
  }

  const filterFor = (targetId: string) => encodeURIComponent(`target.id eq "${targetId}"`);

  /** The `rel` links of a response, as path + query on the simulator. */
  function linksOf(headers: Headers): Record<string, string> {
    const links: Record<string, string> = {};
    for (const part of (headers.get('link') ?? '').split(/,\s*(?=<)/)) {
      const m = /^<([^>]+)>;\s*rel="(\w+)"$/.exec(part.trim());
      if (m) {
        const url = new URL(m[1] as string);
        links[m[2] as string] = `${url.pathname}${url.search}`;
      }
    }
    return links;
  }

  async function page(path: string) {
    const res = await h.api<LogEvent[]>('GET', path);
    expect(res.status).toBe(200);
    return { events: res.body, links: linksOf(res.headers), ids: res.body.map(targetOf) };
  }

  const targetOf = (event: LogEvent) =>
    (event.target as { alternateId: string; displayName: string }[])[0]?.displayName ?? '';

  describe('polling (no until, ascending)', () => {
    it('returns the events since `since` in persistence order with a next link', async () => {
      const target = newTarget();
      const written = ['one', 'two', 'three'].map((d) => logEvent(target, { displayName: d }));
      const first = await page(
        `/api/v1/logs?since=${iso(Date.now() - MINUTE)}&filter=${filterFor(target)}`,
      );
      expect(first.events).toEqual(written);
      expect(first.links.next).toMatch(/^\/api\/v1\/logs\?/);
    });

    it('follows next forever and picks up events written later', async () => {
      const target = newTarget();
      logEvent(target, { displayName: 'before' });
      const first = await page(`/api/v1/logs?filter=${filterFor(target)}`);
      expect(first.ids).toEqual(['before']);
      const quiet = await page(first.links.next as string);
      expect(quiet.ids).toEqual([]);
      logEvent(target, { displayName: 'later 1' });
      logEvent(target, { displayName: 'later 2' });
      const later = await page(quiet.links.next as string);
      expect(later.ids).toEqual(['later 1', 'later 2']);
      const after = await page(later.links.next as string);
      expect(after.ids).toEqual([]);
      expect(after.links.next).toBeDefined();
    });

    it('picks up the event of a user created through the Users API', async () => {
      const filter = encodeURIComponent('eventType eq "user.lifecycle.create"');
      let path = `/api/v1/logs?filter=${filter}`;
      for (let p = await page(path); p.events.length > 0; p = await page(path)) {
        path = p.links.next as string;
      }
      const drained = await page(path);
      const created = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: {
          profile: {
            firstName: 'Grace',
            lastName: 'Hopper',
            email: 'grace@example.com',
            login: 'grace@example.com',
          },
        },
      });
      expect(created.status).toBe(200);
      const next = await page(drained.links.next as string);
      expect(next.events.map((e) => (e.target as { id: string }[])[0]?.id)).toEqual([
        created.body.id,
      ]);
    });

    it('answers an empty page with a next link that continues from the same place', async () => {
      const target = newTarget();
      const empty = await page(`/api/v1/logs?filter=${filterFor(target)}`);
      expect(empty.events).toEqual([]);
      expect(Object.keys(empty.links)).toEqual(['self', 'next']);
      const again = await page(empty.links.next as string);
      expect(again.events).toEqual([]);
      logEvent(target, { displayName: 'arrived' });
      expect((await page(again.links.next as string)).ids).toEqual(['arrived']);
    });

    it('pages a backlog by limit, each page with a next link', async () => {
      const target = newTarget();
      for (const d of ['a', 'b', 'c', 'd', 'e']) logEvent(target, { displayName: d });
      const pages: string[][] = [];
      let path = `/api/v1/logs?limit=2&filter=${filterFor(target)}`;
      for (let i = 0; i < 4; i++) {
        const p = await page(path);
        pages.push(p.ids);
        expect(p.links.next).toBeDefined();
        path = p.links.next as string;
      }
      expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e'], []]);
    });

    it('keeps the other query parameters in the next link and puts the cursor in `after`', async () => {
      const target = newTarget();
      logEvent(target);
      const p = await page(`/api/v1/logs?limit=5&filter=${filterFor(target)}&q=test`);
      const next = new URL(p.links.next as string, h.sim.url).searchParams;
      expect(next.get('filter')).toBe(`target.id eq "${target}"`);
      expect(next.get('q')).toBe('test');
      expect(next.get('limit')).toBe('5');
      const seq = h.sim.org.log.at(-1)?.seq;
      expect(Buffer.from(next.get('after') ?? '', 'base64url').toString()).toBe(String(seq));
    });

    it('does not let `since` drop an event published earlier but persisted after the cursor', async () => {
      const target = newTarget();
      const start = await page(`/api/v1/logs?since=${iso(Date.now())}&filter=${filterFor(target)}`);
      logEvent(target, { displayName: 'late', published: iso(Date.now() - 10 * MINUTE) });
      expect((await page(start.links.next as string)).ids).toEqual(['late']);
    });
  });

  describe('bounded (until, or descending)', () => {
    it('pages events published in [since, until) and ends without a next link', async () => {
      const target = newTarget();
      const base = Date.now() - 3 * DAY;
      for (const [i, d] of ['a', 'b', 'c', 'd', 'e'].entries()) {
        logEvent(target, { displayName: d, published: iso(base + i * MINUTE) });
      }
      const window = `since=${iso(base - HOUR)}&until=${iso(base + HOUR)}`;
      const first = await page(`/api/v1/logs?${window}&limit=2&filter=${filterFor(target)}`);
      const second = await page(first.links.next as string);
      const third = await page(second.links.next as string);
      expect([first.ids, second.ids, third.ids]).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      expect(Object.keys(third.links)).toEqual(['self']);
    });

    it('gives no next link when the last page is exactly full', async () => {
      const target = newTarget();
      const base = Date.now() - 3 * DAY;
      for (const [i, d] of ['a', 'b', 'c', 'd'].entries())
        logEvent(target, { displayName: d, published: iso(base + i * MINUTE) });
      const until = iso(Date.now());
      const first = await page(`/api/v1/logs?until=${until}&limit=2&filter=${filterFor(target)}`);
      const second = await page(first.links.next as string);
      expect(second.ids).toEqual(['c', 'd']);
      expect(second.links.next).toBeUndefined();
    });

    it('orders by published, not by when the event was written', async () => {
      const target = newTarget();
      const base = Date.now() - 2 * DAY;
      logEvent(target, { displayName: 'written first', published: iso(base + 2 * MINUTE) });
      logEvent(target, { displayName: 'written second', published: iso(base + MINUTE) });
      const p = await page(`/api/v1/logs?until=${iso(Date.now())}&filter=${filterFor(target)}`);
      expect(p.ids).toEqual(['written second', 'written first']);
    });

    it('returns only events published at or after since and before until', async () => {
      const target = newTarget();
      const base = Date.now() - 5 * DAY;
      logEvent(target, { displayName: 'too early', published: iso(base - MINUTE) });
      logEvent(target, { displayName: 'at since', published: iso(base) });
      logEvent(target, { displayName: 'inside', published: iso(base + 30 * MINUTE) });
      logEvent(target, { displayName: 'at until', published: iso(base + HOUR) });
      const p = await page(
        `/api/v1/logs?since=${iso(base)}&until=${iso(base + HOUR)}&filter=${filterFor(target)}`,
      );
      expect(p.ids).toEqual(['at since', 'inside']);
    });

    it('defaults since to 7 days before until', async () => {
      const target = newTarget();
      const until = Date.now() - DAY;
      logEvent(target, { displayName: '8 days before until', published: iso(until - 8 * DAY) });
      logEvent(target, { displayName: '6 days before until', published: iso(until - 6 * DAY) });
      const p = await page(`/api/v1/logs?until=${iso(until)}&filter=${filterFor(target)}`);
      expect(p.ids).toEqual(['6 days before until']);
    });

    it('returns the newest first with sortOrder=DESCENDING, paging to the end', async () => {
      const target = newTarget();
      const base = Date.now() - DAY;
      for (const [i, d] of ['a', 'b', 'c'].entries())
        logEvent(target, { displayName: d, published: iso(base + i * MINUTE) });
      const first = await page(
        `/api/v1/logs?sortOrder=DESCENDING&limit=2&filter=${filterFor(target)}`,
      );
      const second = await page(first.links.next as string);
      expect([first.ids, second.ids]).toEqual([['c', 'b'], ['a']]);
      expect(second.links.next).toBeUndefined();
    });
  });

  describe('wire shape', () => {
    it('serves the event as written, leaving out what Okta’s document does not allow as null', async () => {
      const target = newTarget();
      const written = logEvent(target, { eventType: 'user.lifecycle.delete.completed' });
      const [event] = (await page(`/api/v1/logs?filter=${filterFor(target)}`)).events;
      expect(event).toEqual(written);
      expect(Object.keys(written)).not.toContain('legacyEventType');
      expect(written.outcome).toEqual({ result: 'SUCCESS' });
      expect(written.actor).toEqual({
        id: '00uadmin',
        type: 'User',
        alternateId: 'admin@example.com',
        displayName: 'Admin',
      });
      expect(Object.keys(written.client as object)).not.toContain('id');
      expect(written.authenticationContext).toEqual({
        authenticationStep: 0,
        externalSessionId: expect.stringMatching(/^102\w{22}$/),
      });
    });

    it('stores and serves an API change’s event with nulls only in securityContext, the one part Okta declares nullable', async () => {
      const created = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
        body: {
          profile: {
            firstName: 'Wire',
            lastName: 'Shape',
            email: 'wire.shape@example.com',
            login: 'wire.shape@example.com',
          },
        },
      });
      const [served] = (await page(`/api/v1/logs?filter=${filterFor(created.body.id)}`)).events;
      const written = h.sim.org.log.find(({ event }) => event.uuid === served?.uuid)?.event;
      expect(written?.eventType).toBe('user.lifecycle.create');
      expect(served).toEqual(written);
      const nullPaths: string[] = [];
      const walk = (value: unknown, path: string): void => {
        if (value === null) nullPaths.push(path);
        else if (typeof value === 'object') {
          for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
        }
      };
      walk(written, '');
      expect(nullPaths).toEqual([
        '.securityContext.asNumber',
        '.securityContext.asOrg',
        '.securityContext.isp',
        '.securityContext.domain',
        '.securityContext.isProxy',
      ]);
    });
  });

  describe('filter and q', () => {
    it('filters on eventType', async () => {
      const target = newTarget();
      logEvent(target, { eventType: 'user.lifecycle.create', displayName: 'create' });
      logEvent(target, { eventType: 'user.lifecycle.suspend', displayName: 'suspend' });
      const filter = encodeURIComponent(
        `eventType eq "user.lifecycle.suspend" and target.id eq "${target}"`,
      );
      expect((await page(`/api/v1/logs?filter=${filter}`)).ids).toEqual(['suspend']);
    });

    it('filters with not and sw', async () => {
      const target = newTarget();
      logEvent(target, { eventType: 'user.lifecycle.create', displayName: 'create' });
      logEvent(target, { eventType: 'group.lifecycle.create', displayName: 'group' });
      const filter = encodeURIComponent(`target.id eq "${target}" and not (eventType sw "user.")`);
      expect((await page(`/api/v1/logs?filter=${filter}`)).ids).toEqual(['group']);
    });

    it('answers a malformed filter with 400', async () => {
      const res = await h.api<OktaError>(
        'GET',
        `/api/v1/logs?filter=${encodeURIComponent('eventType eq')}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000031');
    });

    it('matches q keywords case-insensitively across text fields, all keywords required', async () => {
      const target = newTarget();
      logEvent(target, { displayName: 'Grace Hopper' });
      logEvent(target, { displayName: 'Grace Kelly' });
      const q = encodeURIComponent(`grace HOPPER ${target}`);
      expect((await page(`/api/v1/logs?q=${q}`)).ids).toEqual(['Grace Hopper']);
    });

    it('refuses more than 10 q keywords with 400 E0000001', async () => {
      const q = encodeURIComponent('a b c d e f g h i j k');
      const res = await h.api<OktaError>('GET', `/api/v1/logs?q=${q}`);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorCauses).toEqual([
        { errorSummary: 'q: At most 10 keywords are allowed' },
      ]);
    });

    it('refuses a q keyword longer than 40 characters with 400 E0000001', async () => {
      const res = await h.api<OktaError>('GET', `/api/v1/logs?q=${'x'.repeat(41)}`);
      expect(res.status).toBe(400);
      expect(res.body.errorCauses).toEqual([
        { errorSummary: 'q: A keyword can be at most 40 characters long' },
      ]);
    });
  });

  describe('parameters', () => {
    it('refuses a since older than the 90-day retention with 400 E0000001', async () => {
      const res = await h.api<OktaError>('GET', `/api/v1/logs?since=${iso(Date.now() - 91 * DAY)}`);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorSummary).toBe('Api validation failed: since');
    });

    it('refuses a since that is not an ISO 8601 timestamp', async () => {
      const res = await h.api<OktaError>('GET', '/api/v1/logs?since=yesterday');
      expect(res.status).toBe(400);
      expect(res.body.errorSummary).toBe('Api validation failed: since');
    });

    it('refuses an unknown sortOrder', async () => {
      const res = await h.api<OktaError>('GET', '/api/v1/logs?sortOrder=NEWEST');
      expect(res.status).toBe(400);
      expect(res.body.errorSummary).toBe('Api validation failed: sortOrder');
    });

    it('refuses a forged after cursor', async () => {
      const after = Buffer.from('999999999').toString('base64url');
      const res = await h.api<OktaError>('GET', `/api/v1/logs?after=${after}`);
      expect(res.status).toBe(400);
      expect(res.body.errorSummary).toBe('Api validation failed: after');
    });

    it('caps limit at 1000', async () => {
      const p = await page('/api/v1/logs?limit=5000');
      expect(new URL(p.links.next as string, h.sim.url).searchParams.get('limit')).toBe('1000');
    });

    it('returns 100 events by default', async () => {
      const target = newTarget();
      for (let i = 0; i < 101; i++) logEvent(target, { displayName: `e${i}` });
      const p = await page(`/api/v1/logs?filter=${filterFor(target)}`);
      expect(p.events).toHaveLength(100);
      expect(p.ids.at(-1)).toBe('e99');
    });

    it('sends self and next as separate Link header lines', async () => {
      const raw = await new Promise<string[]>((resolve, reject) => {
        get(
          `${h.sim.url}/api/v1/logs?limit=1`,
          { headers: { Authorization: `SSWS ${h.sim.apiToken}` } },
          (res) => {
            res.resume();
            resolve(res.rawHeaders.filter((_, i, all) => all[i - 1]?.toLowerCase() === 'link'));
          },
        ).on('error', reject);
      });
      expect(raw).toHaveLength(2);
      expect(raw[0]).toBe(`<${h.sim.url}/api/v1/logs?limit=1>; rel="self"`);
      expect(raw[1]).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/api\/v1\/logs\?limit=1&after=\w+>; rel="next"$/,
      );
    });
  });
});
