import { readGroupNow } from '../loaders/read-now.ts';
import {
  assignmentWritten,
  membershipWritten,
  userAndRelationsWritten,
  userGone,
  userRelationsChanged,
  userWritten,
} from '../loaders/stale.ts';
import { isOktaId } from '../okta/expression.ts';
import {
  type OktaApplication,
  type CreateUserInput as OktaCreateUserInput,
  type OktaGroup,
  OktaInvalidIdError,
  OktaNotFoundError,
} from '../okta/index.ts';
import { refuses } from './lifecycle.ts';
import {
  carryOut,
  dryRunReport,
  missing,
  onUser,
  type Step,
  type StepReport,
  type WorkflowScope,
  writing,
} from './plan.ts';

/**
 * Onboarding: createUser (STAGED), addToGroup for each group, assignApplication for each app,
 * then activateUser last, so the user can sign in (and the activation email leaves) only once
 * everything is in place. With `rollbackOnFailure`, a failure after createUser deletes the user.
 */

/** At most this many groups, and as many apps, in one onboarding (createUser's own limit). */
export const MAX_TARGETS = 20;

type Profile = OktaCreateUserInput['profile'];

export interface OnboardRequest {
  /**
   * The new user's profile, mapped from the caller's input once the ids are checked (so an input
   * wrong in both says what is wrong with the ids first).
   */
  profile: () => Profile;
  password?: string | null;
  recoveryQuestion?: { question: string; answer: string } | null;
  /** Activate at the end (the default), or leave the user STAGED. */
  activate?: boolean | null;
  sendEmail?: boolean | null;
  groupIds?: readonly string[] | null;
  applications?: readonly { applicationId: string; userName?: string | null }[] | null;
  rollbackOnFailure?: boolean | null;
  /** Okta's field names in a create's error causes → the caller's. */
  createFieldNames?: Readonly<Record<string, string>>;
}

export interface OnboardResult<P> {
  userId: string | null;
  steps: StepReport<P>[];
  completed: boolean;
  activationUrl: string | null;
  activationToken: string | null;
}

/** Ids that are Okta ids and appear once: anything else is refused before any call. */
function checkIds(
  list: string,
  ids: readonly string[],
  fieldOf: (index: number) => string,
  problems: { field: string; message: string }[],
): void {
  if (ids.length > MAX_TARGETS) problems.push({ field: list, message: `At most ${MAX_TARGETS}.` });
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!isOktaId(id)) problems.push({ field: fieldOf(i), message: 'Not an Okta id.' });
    else if (seen.has(id)) problems.push({ field: fieldOf(i), message: 'Given twice.' });
    seen.add(id);
  });
}

/**
 * The groups by id through the batched loader. Several ids go through Okta's group search, which
 * lags writes: an id the search misses is read by id before it is called missing, so a group
 * created moments ago is still found. (A lone id, and an id this gateway wrote just now, the
 * loader reads by id already: its 404 is the answer, not read twice.)
 */
async function groupsById<P extends Error>(
  scope: WorkflowScope<P>,
  ids: readonly string[],
): Promise<(OktaGroup | Error)[]> {
  const loaded = await scope.loaders.groupById.loadMany(ids);
  if (ids.length < 2) return loaded;
  return Promise.all(
    loaded.map(async (group, i) => {
      if (!(group instanceof OktaNotFoundError)) return group;
      if (scope.recentWrites.has(ids[i] as string)) return group;
      try {
        return await readGroupNow(scope, ids[i] as string);
      } catch (error) {
        if (error instanceof OktaNotFoundError) return error;
        throw error;
      }
    }),
  );
}

/**
 * Is the login free? Only a dry run asks: a real run's first step is createUser, and Okta's
 * own refusal of a taken login comes before anything is written.
 */
async function loginProblem<P extends Error>(
  scope: WorkflowScope<P>,
  login: string,
): Promise<P | undefined> {
  try {
    await scope.okta.users.getByLogin(login);
  } catch (error) {
    if (error instanceof OktaNotFoundError) return undefined;
    if (error instanceof OktaInvalidIdError) {
      return scope.problems.invalidInput('Okta cannot address this login.', [
        { field: 'profile.login', message: 'Not a login Okta accepts.' },
      ]);
    }
    throw error;
  }
  return scope.problems.conflict('An object with these values already exists in Okta.', [
    { field: 'profile.login', message: 'A user with this login already exists.' },
  ]);
}

/** Okta's create of the user, STAGED: nobody can sign in, and no email leaves, before the end. */
function createStep<P extends Error>(
  scope: WorkflowScope<P>,
  state: OnboardResult<P>,
  request: OnboardRequest,
  profile: Profile,
  loginTaken: P | undefined,
): Step<P> {
  const credentials: NonNullable<OktaCreateUserInput['credentials']> = {};
  if (request.password != null) credentials.password = { value: request.password };
  if (request.recoveryQuestion) credentials.recovery_question = request.recoveryQuestion;
  return {
    name: 'createUser',
    detail: `Create ${profile.login}, STAGED until the last step.`,
    problem: loginTaken,
    errors: { fieldNames: request.createFieldNames },
    run: async () => {
      const user = await scope.okta.users.create(
        { profile, ...(Object.keys(credentials).length > 0 ? { credentials } : {}) },
        { activate: false },
      );
      state.userId = user.id;
      userWritten(scope, user.id, user);
      userRelationsChanged(scope, user.id);
      return `Created ${profile.login} (${user.id}), STAGED.`;
    },
  };
}

function joinGroupStep<P extends Error>(
  scope: WorkflowScope<P>,
  state: OnboardResult<P>,
  id: string,
  group: OktaGroup | Error,
): Step<P> {
  const base = { name: `addToGroup:${id}`, errors: { target: { resource: 'Group', id } } };
  if (group instanceof Error) {
    return {
      ...base,
      detail: `Add the user to group ${id}.`,
      problem: missing(scope.problems, group, 'Group', id),
    };
  }
  return {
    ...base,
    detail: `Add the user to ${group.profile.name} (${group.type}).`,
    problem: refuses('CHANGE_MEMBERSHIP', group.type)
      ? scope.problems.readOnlyGroup(id, group.type, 'CHANGE_MEMBERSHIP')
      : undefined,
    run: () => {
      const userId = state.userId as string;
      return writing(
        () => scope.okta.groups.addMember(id, userId),
        () => membershipWritten(scope, id, userId),
      );
    },
  };
}

function assignApplicationStep<P extends Error>(
  scope: WorkflowScope<P>,
  state: OnboardResult<P>,
  id: string,
  userName: string | null | undefined,
  app: OktaApplication | Error,
): Step<P> {
  const base = {
    name: `assignApplication:${id}`,
    errors: { target: { resource: 'Application', id } },
  };
  if (app instanceof Error) {
    return {
      ...base,
      detail: `Assign the user to application ${id}.`,
      problem: missing(scope.problems, app, 'Application', id),
    };
  }
  return {
    ...base,
    detail: `Assign the user to ${app.label} directly${userName == null ? '' : ` as ${userName}`}.`,
    run: () =>
      writing(
        () =>
          scope.okta.applications.assignUser(id, {
            id: state.userId as string,
            scope: 'USER',
            ...(userName == null ? {} : { credentials: { userName } }),
          }),
        () => assignmentWritten(scope, id),
      ),
  };
}

function activateStep<P extends Error>(
  scope: WorkflowScope<P>,
  state: OnboardResult<P>,
  hasPassword: boolean,
  sendEmail: boolean,
): Step<P> {
  const becomes = hasPassword ? 'ACTIVE' : 'PROVISIONED until they complete activation';
  const link = sendEmail
    ? 'Okta emails the activation link'
    : 'the activation link comes back in the payload';
  return {
    name: 'activateUser',
    detail: `Activate the user (${becomes}); ${link}.`,
    // Known once createUser has run: the user's id. It is STAGED until this step.
    get errors() {
      return onUser(state.userId as string, 'ACTIVATE', 'STAGED');
    },
    run: () => {
      const id = state.userId as string;
      return writing(
        async () => {
          const token = await scope.okta.users.activate(id, { sendEmail });
          state.activationUrl = token.activationUrl ?? null;
          state.activationToken = token.activationToken ?? null;
        },
        () => userAndRelationsWritten(scope, id),
      );
    },
  };
}

/**
 * Undo an onboarding that failed part way: delete the new user, which takes its memberships and
 * assignments with it. Okta's first DELETE deactivates, the second deletes: each sent once.
 */
function rollback<P extends Error>(scope: WorkflowScope<P>, state: OnboardResult<P>): Step<P> {
  const id = state.userId as string;
  return {
    name: 'rollback:deleteUser',
    detail: `Delete the new user ${id}, and with it the memberships and assignments made above (deactivate, then delete).`,
    errors: onUser(id),
    run: async () => {
      try {
        await scope.okta.users.delete(id);
        await scope.okta.users.delete(id);
      } finally {
        userAndRelationsWritten(scope, id);
      }
      userGone(scope, id);
      state.userId = null;
      return undefined;
    },
  };
}

/** Plan the onboarding and, unless `dryRun`, carry it out. */
export async function onboard<P extends Error>(
  scope: WorkflowScope<P>,
  request: OnboardRequest,
  dryRun: boolean,
): Promise<OnboardResult<P>> {
  const groupIds = (request.groupIds ?? []).map(String);
  const apps = (request.applications ?? []).map((a) => ({ id: String(a.applicationId), ...a }));
  const appIds = apps.map((a) => a.id);
  const invalid: { field: string; message: string }[] = [];
  checkIds('groupIds', groupIds, (i) => `groupIds[${i}]`, invalid);
  checkIds('applications', appIds, (i) => `applications[${i}].applicationId`, invalid);
  if (invalid.length > 0) {
    throw scope.problems.invalidInput('The onboarding cannot run so.', invalid);
  }
  const profile = request.profile();

  const [groups, applications, loginTaken] = await Promise.all([
    groupsById(scope, groupIds),
    scope.loaders.applicationById.loadMany(appIds),
    dryRun ? loginProblem(scope, profile.login) : undefined,
  ]);
  const state: OnboardResult<P> = {
    userId: null,
    steps: [],
    completed: false,
    activationUrl: null,
    activationToken: null,
  };
  const steps: Step<P>[] = [
    createStep(scope, state, request, profile, loginTaken),
    ...groupIds.map((id, i) => joinGroupStep(scope, state, id, groups[i] as OktaGroup | Error)),
    ...apps.map(({ id, userName }, i) =>
      assignApplicationStep(scope, state, id, userName, applications[i] as OktaApplication | Error),
    ),
  ];
  // Last: the user can sign in, and the activation email leaves, once everything is in place.
  if (request.activate ?? true) {
    steps.push(activateStep(scope, state, request.password != null, request.sendEmail ?? false));
  }

  if (dryRun) return { ...state, steps: dryRunReport(steps) };
  const { reports, completed } = await carryOut(steps, scope.problems);
  if (!completed && state.userId && (request.rollbackOnFailure ?? false)) {
    reports.push(...(await carryOut([rollback(scope, state)], scope.problems)).reports);
  }
  return { ...state, steps: reports, completed };
}
