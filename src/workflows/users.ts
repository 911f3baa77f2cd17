import { readUserNow } from '../loaders/read-now.ts';
import {
  userAndRelationsWritten,
  userGone,
  userRelationsChanged,
  userWritten,
} from '../loaders/stale.ts';
import {
  OktaApiError,
  type CreateUserInput as OktaCreateUserInput,
  type OktaUser,
} from '../okta/index.ts';
import { isAllowed, USER_ACTIONS, type UserAction } from './lifecycle.ts';
import type { WorkflowScope } from './plan.ts';

/**
 * The writes of one user, each read first and checked against the lifecycle rules
 * (lifecycle.ts) before Okta is called, and followed by what it makes stale (stale.ts). The
 * mutations map their arguments to these and their answers to payloads.
 */

/** After a write: the user as Okta has it now, read by id. */
export async function userAfterWrite<P extends Error>(
  scope: WorkflowScope<P>,
  id: string,
): Promise<OktaUser> {
  userWritten(scope, id);
  return readUserNow(scope, id);
}

/**
 * Load the user, refuse an illegal action before calling Okta, and act. Okta may still refuse
 * for the status (E0000016, E0000038): the status changed since it was read (another admin, a
 * lockout at sign-in), or Okta's rules are stricter than USER_ACTIONS. The invalid transition
 * then names the status read again, and leaves it out of `allowedFrom`, since Okta has just
 * refused it. Every other Okta error is left to the caller, which knows its argument names.
 */
async function act<P extends Error, R>(
  scope: WorkflowScope<P>,
  id: string,
  action: UserAction,
  work: (user: OktaUser) => Promise<R>,
): Promise<{ before: OktaUser; result: R }> {
  const { problems } = scope;
  const before = await readUserNow(scope, id);
  const allowedFrom: readonly string[] = USER_ACTIONS[action];
  if (!isAllowed(action, before.status)) {
    throw problems.invalidTransition(action, before.status, allowedFrom);
  }
  try {
    return { before, result: await work(before) };
  } catch (error) {
    // A failed write may still have changed the user (a 5xx or a timeout after Okta acted).
    userWritten(scope, before.id);
    const mapped = problems.fromOkta(error, {
      target: { resource: 'User', id: before.id },
      transition: { action, currentStatus: before.status, allowedFrom },
    });
    if (problems.isA(mapped, 'notFound')) throw mapped;
    if (!problems.isA(mapped, 'invalidTransition')) throw error;
    const now = await readUserNow(scope, before.id);
    throw problems.invalidTransition(
      action,
      now.status,
      allowedFrom.filter((status) => status !== now.status),
    );
  }
}

/**
 * A lifecycle action: load the user, refuse an illegal transition before calling Okta, act,
 * and answer with the user as Okta has it afterwards.
 */
export async function transition<P extends Error, R>(
  scope: WorkflowScope<P>,
  id: string,
  action: UserAction,
  work: (user: OktaUser) => Promise<R>,
): Promise<{ user: OktaUser; result: R }> {
  const { before, result } = await act(scope, id, action, work);
  return { user: await userAfterWrite(scope, before.id), result };
}

/** A transition whose Okta answer is the whole user: no second read. */
export async function transitionAnswered<P extends Error>(
  scope: WorkflowScope<P>,
  id: string,
  action: UserAction,
  work: (user: OktaUser) => Promise<OktaUser>,
): Promise<{ user: OktaUser }> {
  const { result } = await act(scope, id, action, work);
  userWritten(scope, result.id, result);
  return { user: result };
}

/** Deactivation: a transition that also takes the user out of what it belonged to. */
export async function deactivateUser<P extends Error>(
  scope: WorkflowScope<P>,
  id: string,
  sendEmail: boolean,
): Promise<{ user: OktaUser }> {
  const { user } = await transition(scope, id, 'DEACTIVATE', (u) =>
    scope.okta.users.deactivate(u.id, { sendEmail }),
  );
  userRelationsChanged(scope, user.id);
  return { user };
}

/** Okta's create, and what a new user (in its groups) makes stale. */
export async function createUser<P extends Error>(
  scope: WorkflowScope<P>,
  body: OktaCreateUserInput,
  options: Parameters<WorkflowScope<P>['okta']['users']['create']>[1],
): Promise<{ user: OktaUser }> {
  const user = await scope.okta.users.create(body, options);
  userRelationsChanged(scope, user.id, body.groupIds ?? []);
  userWritten(scope, user.id, user);
  return { user };
}

/**
 * Okta's first DELETE of a user not yet DEPROVISIONED deactivates it and the second deletes it,
 * so the gateway sends the first only when the user it read needs it, and never repeats one.
 */
export async function deleteUser<P extends Error>(
  scope: WorkflowScope<P>,
  id: string,
  sendEmail: boolean,
): Promise<{ deletedUserId: string; deactivatedFirst: boolean }> {
  const before = await readUserNow(scope, id);
  if (!isAllowed('DELETE', before.status)) {
    throw scope.problems.invalidTransition('DELETE', before.status, USER_ACTIONS.DELETE);
  }
  let deactivatedFirst = before.status !== 'DEPROVISIONED';
  try {
    if (deactivatedFirst) await scope.okta.users.delete(before.id, { sendEmail });
    await scope.okta.users.delete(before.id, { sendEmail }).catch((error: unknown) => {
      // Someone deactivated the user between our read and our first DELETE, which then deleted
      // it for good: it is gone, as asked, and this mutation did not deactivate it.
      const gone = error instanceof OktaApiError && error.status === 404;
      if (!(deactivatedFirst && gone)) throw error;
      deactivatedFirst = false;
    });
  } finally {
    // Even a failed call may have changed the user in Okta: read it by id from now on.
    userAndRelationsWritten(scope, before.id);
  }
  userGone(scope, before.id);
  return { deletedUserId: before.id, deactivatedFirst };
}
