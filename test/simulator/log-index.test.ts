import { describe, expect, it } from 'vitest';
import { useSimulator } from '../support/simulator.ts';

type Event = { uuid: string };

describe('System Log filters on one person (actor.id or target.id)', () => {
  const h = useSimulator();

  /** The person the seeded history names most often. */
  const busiest = () => {
    const counts = new Map<string, number>();
    for (const { event } of h.sim.org.log) {
      const actor = (event.actor as { id: string }).id;
      counts.set(actor, (counts.get(actor) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
  };

  const pages = async (filter: string, sortOrder: string) => {
    const uuids: string[] = [];
    let path: string | null =
      `/api/v1/logs?since=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}` +
      `&until=${encodeURIComponent(new Date().toISOString())}&limit=50&sortOrder=${sortOrder}` +
      `&filter=${encodeURIComponent(filter)}`;
    while (path) {
      const res: { status: number; body: Event[]; headers: Headers } = await h.api<Event[]>(
        'GET',
        path,
      );
      expect(res.status).toBe(200);
      uuids.push(...res.body.map((e) => e.uuid));
      const next: string | undefined = /<([^>]+)>; rel="next"/.exec(
        res.headers.get('link') ?? '',
      )?.[1];
      path = next ? new URL(next).pathname + new URL(next).search : null;
    }
    return uuids;
  };

  it.each(['ASCENDING', 'DESCENDING'])(
    'answers from the index exactly what testing every event answers (%s, every page)',
    async (sortOrder) => {
      const id = busiest();
      const indexed = await pages(`actor.id eq "${id}" or target.id eq "${id}"`, sortOrder);
      // The same question in a shape the index does not serve: every event is tested.
      const scanned = await pages(
        `(actor.id eq "${id}" or target.id eq "${id}") and eventType pr`,
        sortOrder,
      );
      expect(indexed.length).toBeGreaterThan(50);
      expect(indexed).toEqual(scanned);
    },
  );

  it('finds an event written after the seed, by its target', async () => {
    const group = await h.api<{ id: string }>('POST', '/api/v1/groups', {
      body: { profile: { name: 'Indexed later' } },
    });
    const ids = await pages(`target.id eq "${group.body.id}"`, 'ASCENDING');
    expect(ids).toHaveLength(1);
    expect(h.sim.org.log.at(-1)?.event.uuid).toBe(ids[0]);
  });
});
