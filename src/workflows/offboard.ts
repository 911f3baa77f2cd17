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
  OktaGatewayPrincipalError,
  type OktaGroup,
  type OktaUser,
} from '../okta/index.ts';
import { USER_ACTIONS } from './lifecycle.ts';
import {
  carryOut,
  dryRunReport,
  onUser,
  type Step,
  type StepReport,
  type WorkflowScope,
  writing,
} from './plan.ts';

/**
 * Offboarding, cutting sign-in first: suspend or deactivate, clear sessions, leave each
 * OKTA_GROUP (which takes the apps granted through it), remove each direct app assignment, and
 * delete the user last when asked.
 */

export type OffboardMode = 'SUSPEND' | 'DEACTIVATE';

export interface OffboardRequest {
  id: string;
  mode: OffboardMode;
  /** Delete the user for good at the end (mode DEACTIVATE only). */
  delete: boolean;
}

export interface OffboardResult<P> {
  userId: string | null;
  steps: StepReport<P>[];
  completed: boolean;
}

/** Okta's answer to a direct unassign while a group grants the app. */
const GROUP_SOURCED_UNASSIGN = 'E0000046';

const describeGroups = (groups: readonly OktaGroup[]) =>
  groups.map((g) => `${g.profile.name} (${g.id}, ${g.type})`).join(', ');

/** Every page of the apps assigned to a group. */
async function appIdsOfGroup<P extends Error>(
  scope: WorkflowScope<P>,
  groupId: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | null = null;
  do {
    const page = await scope.okta.applications.listForGroup(groupId, { limit: 200, after });
    for (const app of page.items) ids.add(app.id);
    after = page.after;
  } while (after);
  return ids;
}

/** The user's apps, each with the user's assignment (`_embedded.user`: its scope). */
async function appsOfUser<P extends Error>(
  scope: WorkflowScope<P>,
  userId: string,
): Promise<OktaApplication[]> {
  const apps: OktaApplication[] = [];
  for await (const app of scope.okta.applications.iterateForUser(userId, {
    expandAppUser: true,
    pageSize: 200,
  })) {
    apps.push(app);
  }
  return apps;
}

function cutSignIn<P extends Error>(
  scope: WorkflowScope<P>,
  user: OktaUser,
  mode: OffboardMode,
): Step<P> {
  if (mode === 'SUSPEND') {
    return {
      name: 'suspendUser',
      detail: 'Suspend the user: no sign-in from now on.',
      notApplicable: user.status === 'SUSPENDED' ? 'Already SUSPENDED.' : undefined,
      problem:
        user.status === 'SUSPENDED' || user.status === 'ACTIVE'
          ? undefined
          : scope.problems.invalidTransition('SUSPEND', user.status, USER_ACTIONS.SUSPEND),
      errors: onUser(user.id, 'SUSPEND', user.status),
      run: () =>
        writing(
          () => scope.okta.users.suspend(user.id),
          () => userAndRelationsWritten(scope, user.id),
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
        () => scope.okta.users.deactivate(user.id, { sendEmail: false }),
        () => userAndRelationsWritten(scope, user.id),
      ),
  };
}

function clearSessionsStep<P extends Error>(scope: WorkflowScope<P>, user: OktaUser): Step<P> {
  return {
    name: 'clearSessions',
    detail: "End the user's Okta sessions and revoke the OAuth tokens issued to them.",
    errors: onUser(user.id),
    run: () =>
      writing(
        () => scope.okta.users.clearSessions(user.id, { oauthTokens: true }),
        () => userAndRelationsWritten(scope, user.id),
      ),
  };
}

function leaveGroupStep<P extends Error>(
  scope: WorkflowScope<P>,
  user: OktaUser,
  group: OktaGroup,
): Step<P> {
  const name = `removeFromGroup:${group.id}`;
  if (group.type !== 'OKTA_GROUP') {
    return {
      name,
      detail: `Leave ${group.profile.name} (${group.type}).`,
      notApplicable: scope.problems.readOnlyGroup(group.id, group.type, 'CHANGE_MEMBERSHIP')
        .message,
    };
  }
  return {
    name,
    detail: `Remove the user from ${group.profile.name} (OKTA_GROUP).`,
    errors: { target: { resource: 'Group', id: group.id } },
    run: () =>
      writing(
        () => scope.okta.groups.removeMember(group.id, user.id),
        () => membershipWritten(scope, group.id, user.id),
      ),
  };
}

/** The step of one app the user has: a direct assignment to remove, or access through groups. */
function appStep<P extends Error>(
  scope: WorkflowScope<P>,
  user: OktaUser,
  app: OktaApplication,
  granting: readonly OktaGroup[],
): Step<P> {
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
      error.oktaCode === GROUP_SOURCED_UNASSIGN &&
      error.status !== 404 &&
      error.status !== 429
        ? scope.problems.assignedThroughGroup(app.id, user.id)
        : undefined,
    run: () =>
      writing(
        () => scope.okta.applications.unassignUser(app.id, user.id, { sendEmail: false }),
        () => assignmentWritten(scope, app.id),
      ),
  };
}

function deleteStep<P extends Error>(
  scope: WorkflowScope<P>,
  user: OktaUser,
  state: OffboardResult<P>,
): Step<P> {
  return {
    name: 'deleteUser',
    detail: 'Delete the deactivated user for good (one DELETE, never repeated).',
    errors: onUser(user.id),
    run: async () => {
      // Okta's DELETE of a user that is not DEPROVISIONED only deactivates it: if someone
      // activated the user since, say so instead of reporting a deletion that did not happen.
      const now = await scope.okta.users.get(user.id);
      if (now.status !== 'DEPROVISIONED') {
        throw scope.problems.invalidTransition('DELETE', now.status, ['DEPROVISIONED']);
      }
      try {
        await scope.okta.users.delete(user.id);
      } finally {
        userAndRelationsWritten(scope, user.id);
      }
      userGone(scope, user.id);
      state.userId = null;
      return undefined;
    },
  };
}

/** Plan the offboarding and, unless `dryRun`, carry it out. */
export async function offboard<P extends Error>(
  scope: WorkflowScope<P>,
  request: OffboardRequest,
  dryRun: boolean,
): Promise<OffboardResult<P>> {
  if (request.delete && request.mode !== 'DEACTIVATE') {
    throw scope.problems.invalidInput('The offboarding cannot run so.', [
      {
        field: 'delete',
        message: 'Deleting needs mode: DEACTIVATE (Okta deletes only deactivated users).',
      },
    ]);
  }
  const user = await readUserNow(scope, request.id).catch((error: unknown) => {
    throw scope.problems.fromOkta(error, onUser(request.id));
  });
  // A dry run makes no write for the client to refuse: refuse the gateway's own admin here.
  if (user.id === (await scope.okta.gatewayPrincipal())) {
    throw scope.problems.fromOkta(new OktaGatewayPrincipalError(user.id), onUser(user.id));
  }
  const [groups, apps] = await Promise.all([
    scope.loaders.groupsOfUser.load(user.id).then((groups) => {
      if (groups instanceof Error) throw groups;
      return groups;
    }),
    appsOfUser(scope, user.id),
  ]);
  // Which of the user's groups grant each app: needed only when the user has apps.
  const appsOfGroups =
    apps.length === 0 ? [] : await Promise.all(groups.map((g) => appIdsOfGroup(scope, g.id)));

  const state: OffboardResult<P> = { userId: user.id, steps: [], completed: false };
  const steps: Step<P>[] = [
    cutSignIn(scope, user, request.mode),
    clearSessionsStep(scope, user),
    ...groups.map((group) => leaveGroupStep(scope, user, group)),
    ...apps.map((app) =>
      appStep(
        scope,
        user,
        app,
        groups.filter((_g, i) => appsOfGroups[i]?.has(app.id)),
      ),
    ),
  ];
  if (request.delete) steps.push(deleteStep(scope, user, state));

  if (dryRun) return { ...state, steps: dryRunReport(steps) };
  const { reports, completed } = await carryOut(steps, scope.problems);
  return { ...state, steps: reports, completed };
}
