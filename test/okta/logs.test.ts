import { beforeAll, describe, expect, it } from 'vitest';
import { OktaInvalidIdError } from '../../src/okta/errors.ts';
import { and, eq } from '../../src/okta/expression.ts';
import type { OktaUser } from '../../src/okta/models.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

let serial = 0;

/** A STAGED user: Okta writes one `user.lifecycle.create` event for it. */
async function newUser(): Promise<OktaUser> {
  serial++;
  return t.okta.users.create(
    {
      profile: {
        firstName: `Logged${serial}`,
        lastName: 'Person',
        email: `logged${serial}@example.com`,
        login: `logged${serial}@example.com`,
      },
    },
    { activate: false },
  );
}

/** The uuids of the org's log events, oldest first, that satisfy `keep`. */
const uuidsWhere = (keep: (event: { eventType: string; target?: unknown }) => boolean) =>
  t.h.sim.org.log
    .map((p) => p.event)
    .filter(keep)
    .map((e) => e.uuid);

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const inAMinute = () => new Date(Date.now() + 60_000);

describe('logs.list (bounded)', () => {
  const users: OktaUser[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) users.push(await newUser());
  });

  it('lists the events of a window that match a filter, oldest first', async () => {
    const page = await t.okta.logs.list({
      since: minutesAgo(5),
      until: inAMinute(),
      filter: eq('eventType', 'user.lifecycle.create'),
    });
    expect([page.items.map((e) => e.uuid), page.next]).toEqual([
      uuidsWhere((e) => e.eventType === 'user.lifecycle.create'),
      null,
    ]);
  });

  it('lists newest first with DESCENDING', async () => {
    const page = await t.okta.logs.list({
      since: minutesAgo(5),
      until: inAMinute(),
      filter: eq('eventType', 'user.lifecycle.create'),
      sortOrder: 'DESCENDING',
    });
    expect(page.items.map((e) => e.uuid)).toEqual(
      uuidsWhere((e) => e.eventType === 'user.lifecycle.create').reverse(),
    );
  });

  it('returns full LogEvents with the actor, outcome and target Okta recorded', async () => {
    const user = users[0] as OktaUser;
    const page = await t.okta.logs.list({
      since: minutesAgo(5),
      until: inAMinute(),
      filter: and(eq('eventType', 'user.lifecycle.create'), eq('target.id', user.id)),
    });
    const event = page.items[0];
    expect([
      page.items.length,
      event?.actor.type,
      event?.outcome?.result,
      event?.target?.map((target) => [target.id, target.type, target.alternateId]),
      event?.severity,
      event?.version,
    ]).toEqual([1, 'User', 'SUCCESS', [[user.id, 'User', user.profile.login]], 'INFO', '0']);
  });

  it('pages a bounded window with the after cursor until the last page', async () => {
    const window = {
      since: minutesAgo(5),
      until: inAMinute(),
      filter: eq('eventType', 'user.lifecycle.create'),
    };
    const uuids: string[] = [];
    let after: string | null = null;
    let calls = 0;
    do {
      const page = await t.okta.logs.list(window, { limit: 2, after });
      uuids.push(...page.items.map((e) => e.uuid));
      after = page.after;
      calls++;
    } while (after !== null);
    expect([uuids, calls]).toEqual([uuidsWhere((e) => e.eventType === 'user.lifecycle.create'), 3]);
  });

  it('iterates every event of a bounded window', async () => {
    const seen: string[] = [];
    for await (const event of t.okta.logs.iterate(
      {
        since: minutesAgo(5),
        until: inAMinute(),
        filter: eq('eventType', 'user.lifecycle.create'),
      },
      { pageSize: 2 },
    )) {
      seen.push(event.uuid);
    }
    expect(seen).toEqual(uuidsWhere((e) => e.eventType === 'user.lifecycle.create'));
  });

  it('finds events by keyword with q', async () => {
    const user = users[1] as OktaUser;
    const page = await t.okta.logs.list({
      since: minutesAgo(5),
      until: inAMinute(),
      q: user.profile.login,
    });
    expect(page.items.map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
  });

  it('sends Date bounds as ISO-8601 timestamps', async () => {
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    const [since, until] = [minutesAgo(2), minutesAgo(1)];
    await t.okta.logs.list({ since, until });
    stop();
    const query = new URL(urls[0] as string).searchParams;
    expect([query.get('since'), query.get('until')]).toEqual([
      since.toISOString(),
      until.toISOString(),
    ]);
  });
});

describe('logs.poll', () => {
  it('starts from since and returns a cursor on the System Log path', async () => {
    const user = await newUser();
    const poll = await t.okta.logs.poll({
      since: minutesAgo(1),
      filter: eq('target.id', user.id),
    });
    expect([
      poll.events.map((e) => e.eventType),
      poll.cursor.startsWith('/api/v1/logs?'),
      poll.more,
    ]).toEqual([['user.lifecycle.create'], true, false]);
  });

  it('keeps answering with a cursor when nothing new happened', async () => {
    const user = await newUser();
    const first = await t.okta.logs.poll({
      since: minutesAgo(1),
      filter: eq('target.id', user.id),
    });
    const second = await t.okta.logs.poll({ cursor: first.cursor });
    expect([second.events, second.cursor.startsWith('/api/v1/logs?'), second.more]).toEqual([
      [],
      true,
      false,
    ]);
  });

  it('delivers each later event exactly once, keeping the filter across polls', async () => {
    const user = await newUser();
    const first = await t.okta.logs.poll({
      since: minutesAgo(1),
      filter: eq('target.id', user.id),
    });
    await t.okta.users.activate(user.id, { sendEmail: false });
    await newUser(); // another user's events must not pass the filter
    const second = await t.okta.logs.poll({ cursor: first.cursor });
    const third = await t.okta.logs.poll({ cursor: second.cursor });
    expect([second.events.map((e) => e.eventType), third.events]).toEqual([
      ['user.lifecycle.activate'],
      [],
    ]);
  });

  it('says more are waiting when a page is full', async () => {
    const since = new Date();
    for (let i = 0; i < 3; i++) await newUser();
    const filter = eq('eventType', 'user.lifecycle.create');
    const first = await t.okta.logs.poll({ since, filter, limit: 2 });
    const second = await t.okta.logs.poll({ cursor: first.cursor });
    expect([first.events.length, first.more, second.events.length, second.more]).toEqual([
      2,
      true,
      1,
      false,
    ]);
  });

  it('accepts the absolute next link as a cursor', async () => {
    const user = await newUser();
    const first = await t.okta.logs.poll({
      since: minutesAgo(1),
      filter: eq('target.id', user.id),
    });
    await t.okta.users.activate(user.id, { sendEmail: false });
    const second = await t.okta.logs.poll({ cursor: `${t.h.sim.url}${first.cursor}` });
    expect(second.events.map((e) => e.eventType)).toEqual(['user.lifecycle.activate']);
  });

  it('refuses a cursor that names another path, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.logs.poll({ cursor: '/api/v1/users?limit=200' }));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });

  it('refuses a cursor of a bounded query, which would end', async () => {
    const error = await rejectionOf(
      t.okta.logs.poll({ cursor: '/api/v1/logs?until=2024-01-01T00:00:00.000Z' }),
    );
    expect(error).toBeInstanceOf(OktaInvalidIdError);
  });

  it('polls in ascending order without until', async () => {
    const urls: string[] = [];
    const stop = t.h.sim.onExchange((exchange) => urls.push(exchange.url));
    await t.okta.logs.poll({ since: minutesAgo(1) });
    stop();
    const query = new URL(urls[0] as string).searchParams;
    expect([query.get('sortOrder'), query.get('until'), query.get('limit')]).toEqual([
      'ASCENDING',
      null,
      '100',
    ]);
  });
});
