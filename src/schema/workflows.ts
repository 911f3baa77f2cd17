import { brandWithType } from '@pothos/core';
import type { Context } from '../context.ts';
import { readUserNow } from '../loaders/read-now.ts';
import {
  assignmentWritten,
  membershipWritten,
  userAndRelationsWritten,
  userGone,
} from '../loaders/stale.ts';
import {
  type AppUser,
  OktaApiError,
  type OktaApplication,
  type CreateUserInput as OktaCreateUserInput,
  type OktaGroup,
  type OktaUser,
} from '../okta/index.ts';
import { USER_ACTIONS } from '../workflows/lifecycle.ts';
import { MAX_TARGETS, type OnboardResult, onboard } from '../workflows/onboard.ts';
import {
  carryOut,
  dryRunReport,
  mayHaveApplied,
  onUser,
  type Step as PlanStep,
  type StepReport as PlanStepReport,
  type Problems,
  type STEP_OUTCOMES,
  type WorkflowScope,
  writing,
} from '../workflows/plan.ts';
import { AssignedThroughGroupError } from './application-mutations.ts';
import { builder, type OktaScope } from './builder.ts';
import { ErrorInterface, mutationErrors } from './error-types.ts';
import {
  attempt,
  ConflictError,
  GatewayError,
  InvalidTransitionError,
  NotFoundError,
  toMutationError,
  UpstreamOktaError,
  ValidationError,
} from './errors.ts';
import { ReadOnlyGroupError } from './group-mutations.ts';
import { STANDARD_ATTRIBUTES, User } from './user.ts';
import { CreateUserProfileInput, profileFrom, RecoveryQuestionInput } from './user-mutations.ts';

// ── The step engine's problems: the typed errors of mutation payloads ─────────────────────────

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
const workflowProblems: Problems<GatewayError> = {
  ofFailure: stepError,
  fromOkta: toMutationError,
  notFound: (resource, id) => new NotFoundError(resource, id),
  invalidInput: (message, fields) => new ValidationError(message, fields),
  conflict: (message, fields) => new ConflictError(message, fields),
  invalidTransition: (action, status, allowedFrom) =>
    new InvalidTransitionError(action, status, allowedFrom),
  readOnlyGroup: (groupId, groupType, write) => new ReadOnlyGroupError(groupId, groupType, write),
  assignedThroughGroup: (applicationId, userId) =>
    new AssignedThroughGroupError(applicationId, userId),
};

type StepReport = PlanStepReport<GatewayError>;
type Step = PlanStep<GatewayError>;

// ── Reading, and what a write makes stale ────────────────────────────────────────────────────

const describeGroups = (groups: readonly OktaGroup[]) =>
  groups.map((g) => `${g.profile.name} (${g.id}, ${g.type})`).join(', ');

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
  } satisfies Record<(typeof STEP_OUTCOMES)[number], { description: string }>,
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

/** What a workflow works with in this request, and the errors it reports in. */
const scopeOf = (ctx: Context): WorkflowScope<GatewayError> => ({
  okta: ctx.okta,
  loaders: ctx.loaders,
  recentWrites: ctx.recentWrites,
  problems: workflowProblems,
});

/** The scopes a workflow needs: all of them are checked before anything is read or written. */
const hasAll = (ctx: Context, scopes: readonly OktaScope[]) =>
  scopes.every((scope) => ctx.caller.has(scope));

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
  } as const,
});

type OffboardModeValue = 'SUSPEND' | 'DEACTIVATE';

interface OffboardShape {
  userId: string | null;
  steps: StepReport[];
  completed: boolean;
}

/** Every page of the apps assigned to a group. */
async function appIdsOfGroup(ctx: Context, groupId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  do {
    const page = await ctx.okta.applications.listForGroup(groupId, { limit: 200, after });
    for (const app of page.items) ids.add(app.id);
    after = page.after;
  } while (after);
  return ids;
}

/** The user's apps, each with the user's assignment (`_embedded.user`: its scope). */
async function appsOfUser(ctx: Context, userId: string): Promise<OktaApplication[]> {
  const apps: OktaApplication[] = [];
  for await (const app of ctx.okta.applications.iterateForUser(userId, {
    expandAppUser: true,
    pageSize: 200,
  })) {
    apps.push(app);
  }
  return apps;
}

function cutSignIn(ctx: Context, user: OktaUser, mode: OffboardModeValue): Step {
  if (mode === 'SUSPEND') {
    return {
      name: 'suspendUser',
      detail: 'Suspend the user: no sign-in from now on.',
      notApplicable: user.status === 'SUSPENDED' ? 'Already SUSPENDED.' : undefined,
      problem:
        user.status === 'SUSPENDED' || user.status === 'ACTIVE'
          ? undefined
          : new InvalidTransitionError('SUSPEND', user.status, USER_ACTIONS.SUSPEND),
      errors: onUser(user.id, 'SUSPEND', user.status),
      run: () =>
        writing(
          () => ctx.okta.users.suspend(user.id),
          () => userAndRelationsWritten(ctx, user.id),
        ),
    };
  }
  return {
    name: 'deactivateUser',
    detail: 'Deactivate the user (DEPROVISIONED): no sign-in from now on.',
    notApplicable: user.status === 'DEPROVISIONED' ? 'Already DEPROVISIONED.' : undefined,
    errors: onUser(user.id, 'DEACTIVATE', user.status),
    run: () =>
      writing(
        () => ctx.okta.users.deactivate(user.id, { sendEmail: false }),
        () => userAndRelationsWritten(ctx, user.id),
      ),
  };
}

/** The step of one app the user has: a direct assignment to remove, or access through groups. */
function appStep(
  ctx: Context,
  user: OktaUser,
  app: OktaApplication,
  granting: readonly OktaGroup[],
): Step {
  const kept = granting.filter((g) => g.type !== 'OKTA_GROUP');
  const leaving = granting.filter((g) => g.type === 'OKTA_GROUP');
  const name = `unassignApplication:${app.id}`;
  const assignment: AppUser | undefined = app._embedded?.user;
  if (assignment?.scope === 'GROUP') {
    if (kept.length > 0) {
      return {
        name,
        detail: `${app.label}: access through groups.`,
        notApplicable: `${app.label}: assigned through ${describeGroups(kept)}, which this workflow cannot leave: the access remains.`,
      };
    }
    if (leaving.length === 0) {
      return {
        name,
        detail: `${app.label}: access through a group.`,
        notApplicable: `${app.label}: assigned through a group that is not among the user's groups as Okta listed them: the access may remain.`,
      };
    }
    return {
      name,
      detail: `${app.label}: assigned through ${describeGroups(leaving)}; the access goes with those memberships (no call of its own).`,
    };
  }
  if (kept.length > 0) {
    return {
      name,
      detail: `${app.label}: direct assignment.`,
      notApplicable: `${app.label}: assigned directly and through ${describeGroups(kept)}, which this workflow cannot leave; Okta keeps a direct assignment while a group grants the app, so the access remains.`,
    };
  }
  const alsoThrough =
    leaving.length > 0
      ? `; the access through ${describeGroups(leaving)} went with those memberships`
      : '';
  return {
    name,
    detail: `Remove the direct assignment to ${app.label} (its app profile is lost)${alsoThrough}.`,
    errors: { target: { resource: 'ApplicationUser', id: `${app.id}/${user.id}` } },
    refine: (error) =>
      error instanceof OktaApiError &&
      error.oktaCode === 'E0000046' &&
      error.status !== 404 &&
      error.status !== 429
        ? new AssignedThroughGroupError(app.id, user.id)
        : undefined,
    run: () =>
      writing(
        () => ctx.okta.applications.unassignUser(app.id, user.id, { sendEmail: false }),
        () => assignmentWritten(ctx, app.id),
      ),
  };
}

function deleteStep(ctx: Context, user: OktaUser, state: OffboardShape): Step {
  return {
    name: 'deleteUser',
    detail: 'Delete the deactivated user for good (one DELETE, never repeated).',
    errors: onUser(user.id),
    run: async () => {
      // Okta's DELETE of a user that is not DEPROVISIONED only deactivates it: if someone
      // activated the user since, say so instead of reporting a deletion that did not happen.
      const now = await ctx.okta.users.get(user.id);
      if (now.status !== 'DEPROVISIONED') {
        throw new InvalidTransitionError('DELETE', now.status, ['DEPROVISIONED']);
      }
      try {
        await ctx.okta.users.delete(user.id);
      } finally {
        userAndRelationsWritten(ctx, user.id);
      }
      userGone(ctx, user.id);
      state.userId = null;
      return undefined;
    },
  };
}

async function offboard(
  ctx: Context,
  id: string,
  mode: OffboardModeValue,
  deleteUser: boolean,
  dryRun: boolean,
): Promise<OffboardShape> {
  if (deleteUser && mode !== 'DEACTIVATE') {
    throw new ValidationError('The offboarding cannot run so.', [
      {
        field: 'delete',
        message: 'Deleting needs mode: DEACTIVATE (Okta deletes only deactivated users).',
      },
    ]);
  }
  const user = await attempt(() => readUserNow(ctx, id), onUser(id));
  const [groups, apps] = await Promise.all([
    ctx.loaders.groupsOfUser.load(user.id).then((groups) => {
      if (groups instanceof Error) throw groups;
      return groups;
    }),
    appsOfUser(ctx, user.id),
  ]);
  // Which of the user's groups grant each app: needed only when the user has apps.
  const appsOfGroups =
    apps.length === 0 ? [] : await Promise.all(groups.map((g) => appIdsOfGroup(ctx, g.id)));

  const state: OffboardShape = { userId: user.id, steps: [], completed: false };
  const steps: Step[] = [
    cutSignIn(ctx, user, mode),
    {
      name: 'clearSessions',
      detail: "End the user's Okta sessions and revoke the OAuth tokens issued to them.",
      errors: onUser(user.id),
      run: () =>
        writing(
          () => ctx.okta.users.clearSessions(user.id, { oauthTokens: true }),
          () => userAndRelationsWritten(ctx, user.id),
        ),
    },
    ...groups.map((group): Step => {
      const name = `removeFromGroup:${group.id}`;
      if (group.type !== 'OKTA_GROUP') {
        return {
          name,
          detail: `Leave ${group.profile.name} (${group.type}).`,
          notApplicable: new ReadOnlyGroupError(group.id, group.type, 'CHANGE_MEMBERSHIP').message,
        };
      }
      return {
        name,
        detail: `Remove the user from ${group.profile.name} (OKTA_GROUP).`,
        errors: { target: { resource: 'Group', id: group.id } },
        run: () =>
          writing(
            () => ctx.okta.groups.removeMember(group.id, user.id),
            () => membershipWritten(ctx, group.id, user.id),
          ),
      };
    }),
    ...apps.map((app) =>
      appStep(
        ctx,
        user,
        app,
        groups.filter((_g, i) => appsOfGroups[i]?.has(app.id)),
      ),
    ),
  ];
  if (deleteUser) steps.push(deleteStep(ctx, user, state));

  if (dryRun) return { ...state, steps: dryRunReport(steps) };
  const { reports, completed } = await carryOut(steps, workflowProblems);
  return { ...state, steps: reports, completed };
}

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
    authScopes: (_root, args, ctx) =>
      hasAll(ctx, [
        'okta.users.manage',
        ...((args.input.groupIds?.length ?? 0) > 0 ? (['okta.groups.manage'] as const) : []),
        ...((args.input.applications?.length ?? 0) > 0 ? (['okta.apps.manage'] as const) : []),
      ]),
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
            profile: () => profileFrom(input.profile, false) as OktaCreateUserInput['profile'],
            createFieldNames: CREATE_FIELD_NAMES,
          },
          dryRun ?? false,
        ),
      ),
  }),
  offboardUser: t.field({
    type: OffboardUserPayload,
    description: `Offboard a user, cutting sign-in first: suspendUser or deactivateUser, then clearSessions (ending sessions and revoking OAuth tokens), then removeFromGroup for each OKTA_GROUP (APP_GROUP and BUILT_IN memberships are SKIPPED: they are managed elsewhere), which takes the apps granted through those groups (reported per app), then unassignApplication for each direct assignment (after the groups, as Okta refuses to remove a direct assignment while a group grants the app), and deleteUser last when asked (needs mode DEACTIVATE). ${STEP_RULES} Needs okta.users.manage, okta.groups.manage and okta.apps.manage: a caller without one is refused (FORBIDDEN) before anything is read or written.`,
    authScopes: (_root, _args, ctx) =>
      hasAll(ctx, ['okta.users.manage', 'okta.groups.manage', 'okta.apps.manage']),
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
        offboard(ctx, String(args.id), args.mode, args.delete ?? false, args.dryRun ?? false),
      ),
  }),
}));
