/**
 * `npx tsx bench/search-by-ids.ts`: what the simulator spends answering a batched
 * `GET /api/v1/users?search=id eq "…" or …` (100 ids, the gateway's batch), before and after the
 * search index looked ids up instead of testing every user. "Before" is the same request with the
 * index made to hand search every record, which is what it did then. In-process, no latency
 * injected, one request at a time; it prints and asserts nothing.
 *
 *   BENCH_SEARCH_SIZES   users per org to measure, e.g. "2000,50000" (the default)
 */
import { type Simulator, startSimulator } from '../src/simulator/index.ts';
import { percentile } from './measure.ts';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '2000,50000').split(',').map(Number);
const IDS = 100;
const WARM_UP = 3;

async function timeRequests(sim: Simulator, path: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + count; i++) {
    const started = performance.now();
    const res = await fetch(`${sim.url}${path}`, {
      headers: { authorization: `SSWS ${sim.apiToken}`, accept: 'application/json' },
    });
    const body = (await res.json()) as unknown[];
    if (res.status !== 200 || body.length !== IDS) {
      throw new Error(`${path.slice(0, 60)}…: ${res.status}, ${body.length} users`);
    }
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function measureSize(users: number): Promise<string> {
  const sim = await startSimulator({ size: { users, groups: 60 } });
  try {
    // Spread over the org, so the batch is not one corner of the id space.
    const all = [...sim.org.users.keys()];
    const step = Math.floor(all.length / IDS);
    const ids = Array.from({ length: IDS }, (_, i) => all[i * step] as string);
    const search = ids.map((id) => `id eq "${id}"`).join(' or ');
    const path = `/api/v1/users?search=${encodeURIComponent(search)}`;
    const index = sim.org.userIndex;
    // A scan is slow at 50,000 users: fewer samples, so the run stays under a minute.
    const samples = users > 10_000 ? 5 : 20;

    const candidates = index.candidates.bind(index);
    index.candidates = () => index.snapshot();
    const before = await timeRequests(sim, path, samples);
    index.candidates = candidates;
    const after = await timeRequests(sim, path, 20);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    return (
      `| ${users.toLocaleString('en')} | ${ms(percentile(before, 0.5))} (${samples}) ` +
      `| ${ms(percentile(after, 0.5))} (20) | ${(percentile(before, 0.5) / percentile(after, 0.5)).toFixed(0)}× |`
    );
  } finally {
    await sim.close();
  }
}

console.log(
  `GET /api/v1/users?search= with ${IDS} id eq terms, in-process, p50 of one request at a time (samples)\n`,
);
console.log('| users | every user tested (before) | ids looked up (after) | before / after |');
console.log('|---|---|---|---|');
for (const users of SIZES) console.log(await measureSize(users));
