import { brandWithType } from '@pothos/core';
import type { CreateUserInput as OktaCreateUserInput } from '../okta/index.ts';
import {
  type OffboardMode as OffboardModeValue,
  type OffboardResult,
  offboard,
} from '../workflows/offboard.ts';
import { MAX_TARGETS, type OnboardResult, onboard } from '../workflows/onboard.ts';
import type { StepReport as PlanStepReport, StepOutcome } from '../workflows/plan.ts';
import { profileFrom, STANDARD_ATTRIBUTES } from '../workflows/profile.ts';
import { builder } from './builder.ts';
import { ErrorInterface, mutationErrors } from './error-types.ts';
import { attempt, type GatewayError } from './errors.ts';
import { oktaOperationScopes } from './mutation-operations.ts';
import { User } from './user.ts';
import { CreateUserProfileInput, RecoveryQuestionInput } from './user-mutations.ts';
import { scopeOf, workflowProblems } from './workflow-scope.ts';

type StepReport = PlanStepReport<GatewayError>;

// ── Step report in GraphQL ───────────────────────────────────────────────────────────────────

const WorkflowStepOutcome = builder.enumType('WorkflowStepOutcome', {
  description: 'How a workflow step went.',
  values: {
    DONE: { description: 'Carried out.' },
    SKIPPED: {
      description:
        'Not carried out: it does not apply (`detail` says why), or the workflow stopped before it.',
    },
    FAILED: { description: 'Failed, or (in a dry run) would fail: `error` says why.' },
    WOULD_DO: { description: 'A dry run: the step would be carried out.' },
  } satisfies Record<StepOutcome, { description: string }>,
});

/**
 * An error as a field value. graphql-js treats an Error that a resolver returns as thrown, so the
 * step's error goes out as a plain copy of its fields, branded with its class so that the `Error`
 * interface resolves to the error's own object type.
 */
function asErrorValue(error: GatewayError): GatewayError {
  const value = { ...error, code: error.code, message: error.message };
  brandWithType(value, error.constructor as new (...args: never[]) => GatewayError);
  return value as GatewayError;
}

const WorkflowStep = builder.objectRef<StepReport>('WorkflowStep').implement({
  description: 'One step of a workflow and how it went.',
  fields: (t) => ({
    name: t.exposeString('name', {
      nullable: false,
      description:
        'The step, with the object it acts on: `createUser`, `addToGroup:00g…`, `assignApplication:0oa…`, `removeFromGroup:00g…`, `unassignApplication:0oa…`, …',
    }),
    outcome: t.field({ type: WorkflowStepOutcome, nullable: false, resolve: (s) => s.outcome }),
    error: t.field({
      type: ErrorInterface,
      nullable: true,
      description:
        'Why the step failed (or would fail). An OktaError with `outcomeUnknown` means Okta may have applied the write before failing: check before running it again.',
      resolve: (s) => s.error && asErrorValue(s.error),
    }),
    detail: t.string({
      nullable: true,
      description: 'What the step does, or why it was skipped.',
      resolve: (s) => s.detail,
    }),
  }),
});

// ── onboardUser ──────────────────────────────────────────────────────────────────────────────

const OnboardApplicationInput = builder.inputType('OnboardApplicationInput', {
  description: 'An app to assign the new user to directly (scope USER).',
  fields: (t) => ({
    applicationId: t.id({ required: true }),
    userName: t.string({
      description: "The user's name in the app (unset: the app's user name template decides).",
    }),
  }),
});

const OnboardUserInput = builder.inputType('OnboardUserInput', {
  description: 'A new user, the groups they join and the apps they get.',
  fields: (t) => ({
    profile: t.field({ type: CreateUserProfileInput, required: true }),
    password: t.string({ description: "Checked against the org's password policy." }),
    recoveryQuestion: t.field({ type: RecoveryQuestionInput }),
    activate: t.boolean({
      defaultValue: true,
      description:
        'Activate the user once groups and apps are in place (ACTIVE with a password, PROVISIONED until the user completes activation without one), or leave them STAGED.',
    }),
    sendEmail: t.boolean({
      defaultValue: false,
      description:
        'Okta emails the activation link; otherwise it comes back in the payload (`activationUrl`).',
    }),
    groupIds: t.idList({ description: `At most ${MAX_TARGETS} OKTA_GROUPs the user joins.` }),
    applications: t.field({
      type: [OnboardApplicationInput],
      description: `At most ${MAX_TARGETS} apps the user is assigned to directly.`,
    }),
    rollbackOnFailure: t.boolean({
      defaultValue: false,
      description:
        'When a step after createUser fails, delete the new user, and with it the memberships and assignments made (the report adds a `rollback:deleteUser` step). The user was never activated, so nobody has signed in as them.',
    }),
  }),
});

/** Okta's field names in a create's error causes → the input's. */
const CREATE_FIELD_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(STANDARD_ATTRIBUTES.map((name) => [name, `profile.${name}`])),
  'recovery_question.question': 'recoveryQuestion.question',
  'recovery_question.answer': 'recoveryQuestion.answer',
};

type OnboardShape = OnboardResult<GatewayError>;

const OnboardUserPayload = builder.objectRef<OnboardShape>('OnboardUserPayload').implement({
  description: 'What the onboarding did, step by step.',
  fields: (t) => ({
    user: t.field({
      type: User,
      nullable: true,
      description:
        'The new user as Okta has it now; null on a dry run, when creation failed, or after a rollback.',
      resolve: (p) => p.userId,
    }),
    steps: t.field({ type: [WorkflowStep], nullable: false, resolve: (p) => p.steps }),
    completed: t.boolean({
      nullable: false,
      description:
        'Every step was carried out (or did not apply). Always false for a dry run, which carries out nothing.',
      resolve: (p) => p.completed,
    }),
    activationUrl: t.string({
      nullable: true,
      description:
        'The link that completes activation, when the user was activated without `sendEmail`.',
      resolve: (p) => p.activationUrl,
    }),
    activationToken: t.string({
      nullable: true,
      description: 'The one-time token of that link.',
      resolve: (p) => p.activationToken,
    }),
  }),
});

// ── offboardUser ─────────────────────────────────────────────────────────────────────────────

const OffboardMode = builder.enumType('OffboardMode', {
  description: 'How an offboarding cuts sign-in.',
  values: {
    SUSPEND: { description: 'Suspend (an ACTIVE user): reversible with unsuspendUser.' },
    DEACTIVATE: { description: 'Deactivate (DEPROVISIONED): needed to delete the user.' },
  } as const satisfies Record<OffboardModeValue, { description: string }>,
});

type OffboardShape = OffboardResult<GatewayError>;

const OffboardUserPayload = builder.objectRef<OffboardShape>('OffboardUserPayload').implement({
  description: 'What the offboarding did, step by step.',
  fields: (t) => ({
    user: t.field({
      type: User,
      nullable: true,
      description: 'The user as Okta has it now; null once deleted.',
      resolve: (p) => p.userId,
    }),
    steps: t.field({ type: [WorkflowStep], nullable: false, resolve: (p) => p.steps }),
    completed: t.boolean({
      nullable: false,
      description:
        'Every step was carried out (or did not apply: `detail` says what access remains). Always false for a dry run.',
      resolve: (p) => p.completed,
    }),
  }),
});

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

const STEP_RULES =
  'A failure stops the workflow: the steps before it stay DONE (nothing already done is silently undone), the failing step is FAILED with its typed error, the rest SKIPPED. Before any write the workflow reads and checks what it can; when a check fails, nothing is written. `dryRun: true` makes only those reads and reports each step as WOULD_DO, SKIPPED or FAILED with the error it would hit, changing nothing.';

builder.mutationFields((t) => ({
  onboardUser: t.field({
    type: OnboardUserPayload,
    description: `Onboard a user: createUser (STAGED), addToGroup for each group, assignApplication for each app, then activateUser last, so the user can sign in (and the activation email leaves) only once everything is in place. ${STEP_RULES} The checks: the groups exist and are OKTA_GROUPs, the apps exist, and (dry run) the login is free. \`rollbackOnFailure\` deletes the new user when a later step fails. Needs okta.users.manage, and okta.groups.manage / okta.apps.manage when groups / apps are given: a caller without one is refused (FORBIDDEN) before anything is read or written.`,
    authScopes: oktaOperationScopes,
    errors: mutationErrors('OnboardUser'),
    args: {
      input: t.arg({ type: OnboardUserInput, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { input, dryRun }, ctx) =>
      attempt(() =>
        onboard(
          scopeOf(ctx),
          {
            ...input,
            groupIds: input.groupIds?.map(String),
            applications: input.applications?.map((a) => ({
              ...a,
              applicationId: String(a.applicationId),
            })),
            profile: () =>
              profileFrom(workflowProblems, input.profile, false) as OktaCreateUserInput['profile'],
            createFieldNames: CREATE_FIELD_NAMES,
          },
          dryRun ?? false,
        ),
      ),
  }),
  offboardUser: t.field({
    type: OffboardUserPayload,
    description: `Offboard a user, cutting sign-in first: suspendUser or deactivateUser, then clearSessions (ending sessions and revoking OAuth tokens), then removeFromGroup for each OKTA_GROUP (APP_GROUP and BUILT_IN memberships are SKIPPED: they are managed elsewhere), which takes the apps granted through those groups (reported per app), then unassignApplication for each direct assignment (after the groups, as Okta refuses to remove a direct assignment while a group grants the app), and deleteUser last when asked (needs mode DEACTIVATE). ${STEP_RULES} Needs okta.users.manage, okta.groups.manage and okta.apps.manage: a caller without one is refused (FORBIDDEN) before anything is read or written.`,
    authScopes: oktaOperationScopes,
    errors: mutationErrors('OffboardUser'),
    args: {
      id: t.arg.id({ required: true }),
      mode: t.arg({ type: OffboardMode, required: true }),
      delete: t.arg.boolean({
        defaultValue: false,
        description: 'Delete the user for good at the end (mode DEACTIVATE only).',
      }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        offboard(
          scopeOf(ctx),
          { id: String(args.id), mode: args.mode, delete: args.delete ?? false },
          args.dryRun ?? false,
        ),
      ),
  }),
}));
