import type { Context } from '../context.ts';
import { readApplicationNow, readGroupNow, readUserNow } from '../loaders/read-now.ts';
import { applicationWritten, assignmentWritten } from '../loaders/stale.ts';
import type {
  ApplicationGroupAssignment,
  AppUser,
  AssignUserToApplicationInput,
} from '../okta/index.ts';
import { Application } from './application.ts';
import { ApplicationGroup, ApplicationUser } from './application-assignments.ts';
import { builder } from './builder.ts';
import { ErrorInterface, MUTATION_ERRORS, mutationErrors } from './error-types.ts';
import { attempt, GatewayError, UpstreamOktaError } from './errors.ts';
import { Group } from './group.ts';
import { oktaOperationScopes } from './mutation-operations.ts';
import { User } from './user.ts';

// ── Access through a group ───────────────────────────────────────────────────────────────────

/**
 * The user reaches the app through a group assignment, which Okta does not let a direct unassign
 * take away (403 E0000046): the access goes when the user leaves the group or the group is
 * unassigned.
 */
export class AssignedThroughGroupError extends GatewayError {
  readonly code = 'ASSIGNED_THROUGH_GROUP';
  constructor(
    readonly applicationId: string,
    readonly userId: string,
  ) {
    super(
      `User ${userId} has application ${applicationId} through a group: remove them from that group, or unassign the group from the application.`,
    );
  }
}

builder.objectType(AssignedThroughGroupError, {
  name: 'AssignedThroughGroupError',
  description:
    'The user has the application through a group assignment, which an unassign of the user cannot take away.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    applicationId: t.exposeID('applicationId'),
    userId: t.exposeID('userId'),
  }),
});

/** Okta's answer to unassigning a user whose access a group grants. */
const GROUP_SOURCED_UNASSIGN = 'E0000046';

/**
 * Run an unassign: Okta's 404 names the assignment, and its E0000046 becomes the typed error.
 * The gateway leaves that check to Okta: knowing beforehand would take a GET of the assignment
 * on every unassign, to save a DELETE only when Okta refuses (a user both assigned directly and
 * through a group has scope USER, so the assignment's scope alone would not tell).
 */
async function unassigningUser<T>(
  applicationId: string,
  userId: string,
  work: () => Promise<T>,
): Promise<T> {
  const target = { resource: 'ApplicationUser', id: `${applicationId}/${userId}` };
  return attempt(work, { target }).catch((error: unknown) => {
    throw error instanceof UpstreamOktaError && error.errorCode === GROUP_SOURCED_UNASSIGN
      ? new AssignedThroughGroupError(applicationId, userId)
      : error;
  });
}

// ── Payloads ─────────────────────────────────────────────────────────────────────────────────

const ApplicationPayload = (name: string, description: string) =>
  builder.objectRef<{ applicationId: string }>(`${name}Payload`).implement({
    description,
    fields: (t) => ({
      application: t.field({ type: Application, resolve: (p) => p.applicationId }),
    }),
  });

const ActivateApplicationPayload = ApplicationPayload(
  'ActivateApplication',
  'The app, ACTIVE: its assigned users can sign in to it.',
);
const DeactivateApplicationPayload = ApplicationPayload(
  'DeactivateApplication',
  'The app, INACTIVE: nobody can sign in to it, and it can be deleted. Its assignments stay.',
);

interface UserAssignmentShape {
  applicationId: string;
  assignment: AppUser;
}

const AssignUserToApplicationPayload = builder
  .objectRef<UserAssignmentShape>('AssignUserToApplicationPayload')
  .implement({
    description: "The user's direct assignment (scope USER) to the app.",
    fields: (t) => ({
      assignment: t.field({ type: ApplicationUser, resolve: (p) => p }),
      application: t.field({ type: Application, resolve: (p) => p.applicationId }),
      user: t.field({ type: User, resolve: (p) => p.assignment.id }),
    }),
  });

const UnassignUserFromApplicationPayload = builder
  .objectRef<{ applicationId: string; userId: string }>('UnassignUserFromApplicationPayload')
  .implement({
    description: 'The app and the user, who no longer has it (their app profile is gone).',
    fields: (t) => ({
      application: t.field({ type: Application, resolve: (p) => p.applicationId }),
      user: t.field({ type: User, resolve: (p) => p.userId }),
    }),
  });

interface GroupAssignmentShape {
  applicationId: string;
  assignment: ApplicationGroupAssignment;
}

const AssignGroupToApplicationPayload = builder
  .objectRef<GroupAssignmentShape>('AssignGroupToApplicationPayload')
  .implement({
    description: "The group's assignment to the app: its members have the app (scope GROUP).",
    fields: (t) => ({
      assignment: t.field({ type: ApplicationGroup, resolve: (p) => p }),
      application: t.field({ type: Application, resolve: (p) => p.applicationId }),
      group: t.field({ type: Group, resolve: (p) => p.assignment.id }),
    }),
  });

const UnassignGroupFromApplicationPayload = builder
  .objectRef<{ applicationId: string; groupId: string }>('UnassignGroupFromApplicationPayload')
  .implement({
    description:
      'The app and the group, no longer assigned: members lose the app unless another assignment grants it.',
    fields: (t) => ({
      application: t.field({ type: Application, resolve: (p) => p.applicationId }),
      group: t.field({ type: Group, resolve: (p) => p.groupId }),
    }),
  });

const AssignUserToApplicationInputRef = builder.inputType('AssignUserToApplicationInput', {
  description: "The user's account in the app: both optional.",
  fields: (t) => ({
    userName: t.string({
      description: "The user's name in the app (unset: the app's user name template decides).",
    }),
    profile: t.field({
      type: 'JSON',
      description: 'App profile attributes sent to the app, e.g. a role or a license.',
    }),
  }),
});

function assignmentOf(
  userId: string,
  input: { userName?: string | null; profile?: unknown } | null | undefined,
): AssignUserToApplicationInput {
  const body: AssignUserToApplicationInput = { id: userId, scope: 'USER' };
  if (input?.userName != null) body.credentials = { userName: input.userName };
  if (input?.profile != null) body.profile = input.profile as Record<string, unknown>;
  return body;
}

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

/**
 * Activate or deactivate. Okta answers `{}` (and changes nothing when the app already has the
 * status), so the payload reads the app again; Okta's 404 names the app.
 */
function setApplicationStatus(
  ctx: Context,
  id: string,
  act: (id: string) => Promise<void>,
): Promise<{ applicationId: string }> {
  return attempt(
    async () => {
      await act(id);
      applicationWritten(ctx, id);
      return { applicationId: id };
    },
    { target: { resource: 'Application', id } },
  );
}

builder.mutationFields((t) => ({
  activateApplication: t.field({
    type: ActivateApplicationPayload,
    description: 'Activate an INACTIVE app (an ACTIVE one stays as it is).',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ActivateApplication'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      setApplicationStatus(ctx, String(args.id), (id) => ctx.okta.applications.activate(id)),
  }),
  deactivateApplication: t.field({
    type: DeactivateApplicationPayload,
    description: 'Deactivate an ACTIVE app (an INACTIVE one stays as it is).',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('DeactivateApplication'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      setApplicationStatus(ctx, String(args.id), (id) => ctx.okta.applications.deactivate(id)),
  }),
  assignUserToApplication: t.field({
    type: AssignUserToApplicationPayload,
    description:
      'Give a user the app directly (scope USER). Assigning again updates the assignment; a user who has the app through a group keeps that too.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('AssignUserToApplication'),
    args: {
      applicationId: t.arg.id({ required: true }),
      userId: t.arg.id({ required: true }),
      input: t.arg({ type: AssignUserToApplicationInputRef }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const [app, user] = await Promise.all([
          readApplicationNow(ctx, String(args.applicationId)),
          readUserNow(ctx, String(args.userId)),
        ]);
        const assignment = await ctx.okta.applications.assignUser(
          app.id,
          assignmentOf(user.id, args.input),
        );
        assignmentWritten(ctx, app.id);
        return { applicationId: app.id, assignment };
      }),
  }),
  unassignUserFromApplication: t.field({
    type: UnassignUserFromApplicationPayload,
    description:
      "Revoke a user's direct assignment to the app; their app profile is lost. Access through a group cannot be revoked this way: AssignedThroughGroupError.",
    authScopes: oktaOperationScopes,
    errors: {
      ...mutationErrors('UnassignUserFromApplication'),
      types: [...MUTATION_ERRORS, AssignedThroughGroupError],
    },
    args: {
      applicationId: t.arg.id({ required: true }),
      userId: t.arg.id({ required: true }),
      sendEmail: t.arg.boolean({
        defaultValue: false,
        description: 'Email the admins that the user was deprovisioned from the app.',
      }),
    },
    resolve: (_root, args, ctx) => {
      const applicationId = String(args.applicationId);
      const userId = String(args.userId);
      return unassigningUser(applicationId, userId, async () => {
        const [app, user] = await Promise.all([
          readApplicationNow(ctx, applicationId),
          readUserNow(ctx, userId),
        ]);
        await ctx.okta.applications.unassignUser(app.id, user.id, {
          sendEmail: args.sendEmail ?? false,
        });
        assignmentWritten(ctx, app.id);
        return { applicationId: app.id, userId: user.id };
      });
    },
  }),
  assignGroupToApplication: t.field({
    type: AssignGroupToApplicationPayload,
    description:
      'Give the members of a group the app (scope GROUP). Assigning again updates the priority.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('AssignGroupToApplication'),
    args: {
      applicationId: t.arg.id({ required: true }),
      groupId: t.arg.id({ required: true }),
      priority: t.arg.int({
        description:
          "Which group's app profile a user in several assigned groups gets (lowest first); unset: after the others.",
      }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const [app, group] = await Promise.all([
          readApplicationNow(ctx, String(args.applicationId)),
          readGroupNow(ctx, String(args.groupId)),
        ]);
        const assignment = await ctx.okta.applications.assignGroup(
          app.id,
          group.id,
          args.priority == null ? {} : { priority: args.priority },
        );
        assignmentWritten(ctx, app.id, { groupId: group.id });
        return { applicationId: app.id, assignment };
      }),
  }),
  unassignGroupFromApplication: t.field({
    type: UnassignGroupFromApplicationPayload,
    description:
      'Take the app from a group: members lose it unless they have it directly or through another group.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('UnassignGroupFromApplication'),
    args: {
      applicationId: t.arg.id({ required: true }),
      groupId: t.arg.id({ required: true }),
    },
    resolve: (_root, args, ctx) => {
      const applicationId = String(args.applicationId);
      const groupId = String(args.groupId);
      // App and group exist (read first), so Okta's 404 means the group is not assigned.
      const target = { resource: 'ApplicationGroup', id: `${applicationId}/${groupId}` };
      return attempt(
        async () => {
          const [app, group] = await Promise.all([
            readApplicationNow(ctx, applicationId),
            readGroupNow(ctx, groupId),
          ]);
          await ctx.okta.applications.unassignGroup(app.id, group.id);
          assignmentWritten(ctx, app.id, { groupId: group.id });
          return { applicationId: app.id, groupId: group.id };
        },
        { target },
      );
    },
  }),
}));
