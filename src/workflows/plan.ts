import type { Loaders, RecentWrites } from '../loaders/index.ts';
import {
  OktaApiError,
  type OktaClient,
  OktaNetworkError,
  OktaNotFoundError,
  OktaTimeoutError,
} from '../okta/index.ts';
import {
  type GroupWrite,
  type ReadOnlyGroupType,
  USER_ACTIONS,
  type UserAction,
} from './lifecycle.ts';

// ── Steps and their report ───────────────────────────────────────────────────────────────────
//
// A workflow reads first and plans every step; a dry run reports the plan. A real run refuses
// to write anything when the plan found a problem, and otherwise carries the steps out in order
// and stops at the first that fails: what was done stays done (nothing is silently undone), and
// the report says which steps were done, which failed, and which were not run.
//
// The workflows know no GraphQL. What a step's problem is (a typed error of the API that runs
// the workflow) is the caller's: `P`, made by the `Problems` it passes in.

export const STEP_OUTCOMES = ['DONE', 'SKIPPED', 'FAILED', 'WOULD_DO'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export interface StepReport<P> {
  name: string;
  outcome: StepOutcome;
  error: P | null;
  detail: string | null;
}

/**
 * What a step knows about its Okta errors that Okta's error body does not say: how the input
 * names Okta's fields, what it acted on (Okta's 404 on a write names it), and which lifecycle
 * action it tried (Okta's status refusals are an invalid transition).
 */
export interface StepErrorContext {
  fieldNames?: Readonly<Record<string, string>>;
  target?: { resource: string; id: string };
  transition?: { action: string; currentStatus: string; allowedFrom: readonly string[] };
}

export interface Step<P> {
  /** `createUser`, `addToGroup:00g…`, `unassignApplication:0oa…`, … */
  name: string;
  /** What the step does, in words that read for a dry run and a real one alike. */
  detail: string;
  /** Found while planning: the step cannot succeed, so a real run writes nothing at all. */
  problem?: P;
  /** The step does not apply (the user is already SUSPENDED, a group is read-only): why. */
  notApplicable?: string;
  /**
   * The Okta work. A step without it is carried out by earlier ones (an app reached through a
   * group goes with the membership). It may return what was done, when that says more.
   */
  run?: () => Promise<string | undefined>;
  /** The step's Okta errors as typed problems (its 404 target, its lifecycle action). */
  errors?: StepErrorContext;
  /** A problem the general mapping does not know of (Okta's E0000046 on an unassign). */
  refine?: (error: unknown) => P | undefined;
}

/**
 * The problems a workflow can report, in the vocabulary of the API that runs it (the GraphQL
 * schema's typed errors): the workflow decides when, the caller what they are.
 */
export interface Problems<P extends Error> {
  /**
   * A failed step's error as its problem. Anything that is no problem of the step (a bug, a
   * cancelled request) is thrown, and the workflow with it.
   */
  ofFailure(step: Step<P>, error: unknown): P;
  /** An Okta error as the problem `context` makes of it; anything else as it is. */
  fromOkta(error: unknown, context?: StepErrorContext): unknown;
  /** Whether what `fromOkta` made is a problem of this kind. */
  isA(problem: unknown, kind: 'notFound' | 'invalidTransition'): boolean;
  notFound(resource: string, id: string): P;
  invalidInput(message: string, fields: { field: string; message: string }[]): P;
  conflict(message: string, fields: { field: string; message: string }[]): P;
  invalidTransition(action: string, currentStatus: string, allowedFrom: readonly string[]): P;
  readOnlyGroup(groupId: string, groupType: ReadOnlyGroupType, write: GroupWrite): P;
  assignedThroughGroup(applicationId: string, userId: string): P;
}

/**
 * What a workflow works with: the request's Okta client and loaders (read through them, written
 * through the client, what is stale said by src/loaders/stale.ts) and its problem vocabulary.
 */
export interface WorkflowScope<P extends Error> {
  okta: OktaClient;
  loaders: Loaders;
  recentWrites: RecentWrites;
  problems: Problems<P>;
}

/**
 * Whether Okta may have applied a write that failed. The client's `outcomeUnknown` answers
 * "may the call be sent again?", so it is false for an idempotent write (a membership PUT or
 * DELETE) even when Okta failed after acting; a step report says what may have happened, so a
 * 500, 502 or 504, or a timeout after the request was sent, counts for every write. A broken
 * connection does not say whether the request was sent: unknown.
 */
export function mayHaveApplied(error: unknown): boolean {
  if (error instanceof OktaApiError) return error.status >= 500 && error.status !== 503;
  if (error instanceof OktaTimeoutError) return error.phase !== 'connect';
  return error instanceof OktaNetworkError;
}

const report = <P>(
  step: Step<P>,
  outcome: StepOutcome,
  detail: string | null = step.detail,
  error: P | null = null,
): StepReport<P> => ({ name: step.name, outcome, error, detail });

/** The plan as a dry run reports it: each step as it would go. */
export function dryRunReport<P>(steps: readonly Step<P>[]): StepReport<P>[] {
  return steps.map((step) =>
    step.problem
      ? report(step, 'FAILED', step.detail, step.problem)
      : step.notApplicable
        ? report(step, 'SKIPPED', step.notApplicable)
        : report(step, 'WOULD_DO'),
  );
}

export interface Outcome<P> {
  reports: StepReport<P>[];
  /** Every step was carried out or did not apply. */
  completed: boolean;
}

/** Carry the plan out, in order, stopping at the first failure. */
export async function carryOut<P extends Error>(
  steps: readonly Step<P>[],
  problems: Pick<Problems<P>, 'ofFailure'>,
): Promise<Outcome<P>> {
  const blocked = steps.filter((step) => step.problem).map((step) => step.name);
  if (blocked.length > 0) {
    const notRun = `Not run: the checks before any write failed at ${blocked.join(', ')}; nothing was changed.`;
    const reports = steps.map((step) =>
      step.problem
        ? report(step, 'FAILED', step.detail, step.problem)
        : report(step, 'SKIPPED', step.notApplicable ?? notRun),
    );
    return { reports, completed: false };
  }
  const reports: StepReport<P>[] = [];
  let failed: string | null = null;
  for (const step of steps) {
    if (step.notApplicable) {
      reports.push(report(step, 'SKIPPED', step.notApplicable));
    } else if (failed) {
      reports.push(report(step, 'SKIPPED', `Not run: ${failed} failed.`));
    } else {
      try {
        const done = await step.run?.();
        reports.push(report(step, 'DONE', done ?? step.detail));
      } catch (error) {
        reports.push(report(step, 'FAILED', step.detail, problems.ofFailure(step, error)));
        failed = step.name;
      }
    }
  }
  return { reports, completed: failed === null };
}

// ── What steps share ─────────────────────────────────────────────────────────────────────────

/** A lookup's error as a planning problem; an Okta failure (5xx, rate limit) stops planning. */
export function missing<P extends Error>(
  problems: Problems<P>,
  error: Error,
  resource: string,
  id: string,
): P {
  if (error instanceof OktaNotFoundError) return problems.notFound(resource, id);
  throw error;
}

/**
 * A write, then what it makes stale forgotten, even when it failed: Okta may have acted before
 * failing, so the payload and later reads must not trust what this request loaded before.
 */
export async function writing(work: () => Promise<unknown>, after: () => void): Promise<undefined> {
  try {
    await work();
  } finally {
    after();
  }
  return undefined;
}

/** The error context of a step on a user, with the lifecycle action it tries, if any. */
export const onUser = (id: string, action?: UserAction, currentStatus?: string) => ({
  target: { resource: 'User', id },
  ...(action && currentStatus
    ? { transition: { action, currentStatus, allowedFrom: USER_ACTIONS[action] } }
    : {}),
});
