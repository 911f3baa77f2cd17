/**
 * The System Log week: sign-ins, MFA and SSO by most people from their browsers and phones at
 * the office, at home and travelling; failed sign-ins, lockouts and a password spray; the HR
 * sync service's token grants and user changes; the changes of three admins. Every event is
 * planned first, then written in time order:
 * history-admin.ts and history-sign-ins.ts plan them through history-plan.ts.
 */
import { iso } from '../store.ts';
import { writeLogEvent } from '../system-log.ts';
import { shuffle } from './choose.ts';
import { planAdminStories } from './history-admin.ts';
import { historyBudget } from './history-plan.ts';
import { planPasswordSpray, planTokenGrants, planWeekOfSignIns } from './history-sign-ins.ts';
import type { SeedState } from './state.ts';

export function writeHistory(state: SeedState): void {
  planAdminStories(state);
  planTokenGrants(state);
  planPasswordSpray(state);
  // People sign in, in random order, until the history is as long as the org deserves.
  const budget = historyBudget(state);
  const eligible = state.people.filter(
    (p) => p.activatedAt !== null && p.activeUntil > state.windowStart,
  );
  for (const person of shuffle(state.rng, eligible)) {
    if (state.plans.length >= budget) break;
    planWeekOfSignIns(state, person);
  }

  state.plans.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const plan of state.plans) {
    const event = writeLogEvent(state.org, { ...plan.input, published: iso(new Date(plan.at)) });
    if (plan.authentication) {
      Object.assign(event.authenticationContext as Record<string, unknown>, plan.authentication);
    }
    if (plan.debugData) {
      const debug = event.debugContext as { debugData: Record<string, unknown> };
      Object.assign(debug.debugData, plan.debugData);
    }
  }
}
