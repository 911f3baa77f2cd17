import { describe, expect, it } from 'vitest';
import { OktaApiError, OktaNetworkError } from '../../src/okta/index.ts';
import { carryOut, dryRunReport, mayHaveApplied, type Step } from '../../src/workflows/plan.ts';

/** A problem as the engine sees one: any Error the caller's vocabulary makes. */
class Problem extends Error {}

const problems = {
  ofFailure: (_step: Step<Problem>, error: unknown) => {
    if (error instanceof Problem) return error;
    throw error;
  },
};

/** Steps that record which of them ran. */
function steps(ran: string[], failing?: string): Step<Problem>[] {
  return ['one', 'two', 'three'].map((name) => ({
    name,
    detail: `Do ${name}.`,
    run: async () => {
      ran.push(name);
      if (name === failing) throw new Problem(`${name} failed`);
      return undefined;
    },
  }));
}

describe('the plan/check/carry-out engine (src/workflows/plan.ts), without GraphQL', () => {
  it('carries the steps out in order and reports each DONE', async () => {
    const ran: string[] = [];
    const { reports, completed } = await carryOut(steps(ran), problems);
    expect(ran).toEqual(['one', 'two', 'three']);
    expect(completed).toBe(true);
    expect(reports.map((r) => r.outcome)).toEqual(['DONE', 'DONE', 'DONE']);
  });

  it('stops at the first failure: what was done stays DONE, the rest is SKIPPED', async () => {
    const ran: string[] = [];
    const { reports, completed } = await carryOut(steps(ran, 'two'), problems);
    expect(ran).toEqual(['one', 'two']);
    expect(completed).toBe(false);
    expect(reports.map((r) => [r.name, r.outcome])).toEqual([
      ['one', 'DONE'],
      ['two', 'FAILED'],
      ['three', 'SKIPPED'],
    ]);
    expect(reports[1]?.error?.message).toBe('two failed');
    expect(reports[2]?.detail).toBe('Not run: two failed.');
  });

  it('writes nothing when planning found a problem, and says where', async () => {
    const ran: string[] = [];
    const planned = steps(ran);
    planned[2] = { ...(planned[2] as Step<Problem>), problem: new Problem('not there') };
    const { reports, completed } = await carryOut(planned, problems);
    expect(ran).toEqual([]);
    expect(completed).toBe(false);
    expect(reports.map((r) => r.outcome)).toEqual(['SKIPPED', 'SKIPPED', 'FAILED']);
    expect(reports[0]?.detail).toBe(
      'Not run: the checks before any write failed at three; nothing was changed.',
    );
  });

  it('throws what is no problem of a step (a bug), instead of reporting it', async () => {
    const bug: Step<Problem> = {
      name: 'bug',
      detail: 'Fail oddly.',
      run: async () => {
        throw new TypeError('a bug');
      },
    };
    await expect(carryOut([bug], problems)).rejects.toThrow('a bug');
  });

  it('reports a dry run as WOULD_DO, SKIPPED (not applicable) or FAILED, running nothing', () => {
    const ran: string[] = [];
    const planned: Step<Problem>[] = [
      ...steps(ran).slice(0, 1),
      { name: 'skip', detail: 'Skip.', notApplicable: 'Already so.' },
      { name: 'fail', detail: 'Fail.', problem: new Problem('no') },
    ];
    expect(dryRunReport(planned).map((r) => [r.outcome, r.detail])).toEqual([
      ['WOULD_DO', 'Do one.'],
      ['SKIPPED', 'Already so.'],
      ['FAILED', 'Fail.'],
    ]);
    expect(ran).toEqual([]);
  });

  it('counts a 5xx other than 503 and a broken connection as a write Okta may have applied', () => {
    const api = (status: number) =>
      Object.assign(Object.create(OktaApiError.prototype), { status }) as OktaApiError;
    expect(mayHaveApplied(api(500))).toBe(true);
    expect(mayHaveApplied(api(503))).toBe(false);
    expect(mayHaveApplied(api(400))).toBe(false);
    expect(mayHaveApplied(Object.create(OktaNetworkError.prototype))).toBe(true);
    expect(mayHaveApplied(new Error('other'))).toBe(false);
  });
});
