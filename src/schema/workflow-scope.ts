import type { Context } from '../context.ts';
import {
  mayHaveApplied,
  type Step as PlanStep,
  type Problems,
  type WorkflowScope,
} from '../workflows/plan.ts';
import { AssignedThroughGroupError } from './application-mutations.ts';
import {
  ConflictError,
  GatewayError,
  InvalidTransitionError,
  NotFoundError,
  toMutationError,
  UpstreamOktaError,
  ValidationError,
} from './errors.ts';
import { ReadOnlyGroupError } from './group-mutations.ts';

// What src/workflows/ works with in a GraphQL request: the request's Okta client and loaders,
// and the typed errors of mutation payloads as the problems it reports.

/**
 * A failed step's error, typed; anything else (a bug, a cancelled request) is not a report. A
 * write Okta may have applied before failing says so (`outcomeUnknown`), whatever the client's
 * retry rules made of it.
 */
function stepError(step: Step, error: unknown): GatewayError {
  const refined = step.refine?.(error);
  if (refined) return refined;
  const mapped = toMutationError(error, step.errors);
  if (!(mapped instanceof GatewayError)) throw error;
  if (mapped instanceof UpstreamOktaError && !mapped.outcomeUnknown && mayHaveApplied(error)) {
    const { message, code, errorCode, causes } = mapped;
    return new UpstreamOktaError(message, code, errorCode, causes, true);
  }
  return mapped;
}

/** What the workflows report, in this schema's typed errors. */
export const workflowProblems: Problems<GatewayError> = {
  ofFailure: stepError,
  fromOkta: toMutationError,
  isA: (problem, kind) =>
    kind === 'notFound'
      ? problem instanceof NotFoundError
      : problem instanceof InvalidTransitionError,
  notFound: (resource, id) => new NotFoundError(resource, id),
  invalidInput: (message, fields) => new ValidationError(message, fields),
  conflict: (message, fields) => new ConflictError(message, fields),
  invalidTransition: (action, status, allowedFrom) =>
    new InvalidTransitionError(action, status, allowedFrom),
  readOnlyGroup: (groupId, groupType, write) => new ReadOnlyGroupError(groupId, groupType, write),
  assignedThroughGroup: (applicationId, userId) =>
    new AssignedThroughGroupError(applicationId, userId),
};

type Step = PlanStep<GatewayError>;

/** What a workflow works with in this request, and the errors it reports in. */
export const scopeOf = (ctx: Context): WorkflowScope<GatewayError> => ({
  okta: ctx.okta,
  loaders: ctx.loaders,
  recentWrites: ctx.recentWrites,
  problems: workflowProblems,
});
