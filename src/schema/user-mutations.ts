import type { Context } from '../context.ts';
import type {
  AuthenticationProviderType,
  CreateUserInput as OktaCreateUserInput,
  OktaUser,
  UserActivationToken,
  UserProfilePatch,
} from '../okta/index.ts';
import { allowedActions, USER_ACTIONS, type UserAction } from '../workflows/lifecycle.ts';
import { type ProfileInput, profileFrom, STANDARD_ATTRIBUTES } from '../workflows/profile.ts';
import * as users from '../workflows/users.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import {
  attempt,
  type FieldProblem,
  type MutationErrorContext,
  ValidationError,
} from './errors.ts';
import { oktaOperationScopes } from './mutation-operations.ts';
import { User } from './user.ts';
import { scopeOf, workflowProblems } from './workflow-scope.ts';

export const UserActionEnum = builder.enumType('UserAction', {
  description: 'An action on a user; `User.allowedTransitions` lists those legal from its status.',
  values: Object.keys(USER_ACTIONS) as UserAction[],
});

builder.objectField(User, 'allowedTransitions', (t) =>
  t.field({
    type: [UserActionEnum],
    description: "The actions Okta allows from the user's current status.",
    resolve: (user) => allowedActions(user.status),
  }),
);

// ── Profiles and credentials in ──────────────────────────────────────────────────────────────

/** Okta's default user schema requires these four. */
const REQUIRED_ON_CREATE = new Set(['login', 'email', 'firstName', 'lastName']);

const profileInput = (name: string, description: string, required: ReadonlySet<string>) =>
  builder.inputRef<ProfileInput>(name).implement({
    description,
    fields: (t) => ({
      ...Object.fromEntries(
        STANDARD_ATTRIBUTES.map((attribute) => [
          attribute,
          t.string({ required: required.has(attribute) }),
        ]),
      ),
      custom: t.field({
        type: 'JSON',
        description:
          'Custom attributes (the user schema\'s custom definitions) by name, e.g. `{"isContractor": true}`.',
      }),
    }),
  });

export const CreateUserProfileInput = profileInput(
  'CreateUserProfileInput',
  "A new user's profile: Okta's standard attributes by name, custom attributes in `custom`.",
  REQUIRED_ON_CREATE,
);

const UserProfileInput = profileInput(
  'UserProfileInput',
  'Profile attributes to write. In a partial update (the default) only the attributes given change and `null` clears one; in a full replace the attributes left out are removed.',
  new Set(),
);

export const RecoveryQuestionInput = builder.inputType('RecoveryQuestionInput', {
  description: 'A recovery question and its answer (at least 4 characters).',
  fields: (t) => ({
    question: t.string({ required: true }),
    answer: t.string({ required: true }),
  }),
});

const AuthenticationProviderTypeEnum = builder.enumType('AuthenticationProviderType', {
  description: "Who validates the user's password: Okta, a directory, or an identity provider.",
  values: [
    'ACTIVE_DIRECTORY',
    'FEDERATION',
    'IMPORT',
    'LDAP',
    'OKTA',
    'SOCIAL',
  ] as const satisfies readonly AuthenticationProviderType[],
});

const AuthenticationProviderInput = builder.inputType('AuthenticationProviderInput', {
  description:
    "The provider that validates the new user's credentials. FEDERATION and SOCIAL users sign in through an identity provider and have no Okta password.",
  fields: (t) => ({
    type: t.field({ type: AuthenticationProviderTypeEnum, required: true }),
    name: t.string({ description: "The provider's name (default: its type)." }),
  }),
});

const NextLoginEnum = builder.enumType('NextLogin', {
  description: 'What the new user must do at the first sign-in.',
  values: { CHANGE_PASSWORD: { value: 'changePassword' } } as const,
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  description: 'A new Okta user.',
  fields: (t) => ({
    profile: t.field({ type: CreateUserProfileInput, required: true }),
    password: t.string({ description: "Checked against the org's password policy." }),
    recoveryQuestion: t.field({ type: RecoveryQuestionInput }),
    groupIds: t.idList({ description: 'At most 20 OKTA_GROUPs the user joins.' }),
    activate: t.boolean({
      defaultValue: true,
      description:
        'Activate at once (ACTIVE with a password or a provider, PROVISIONED without), or leave STAGED.',
    }),
    provider: t.field({ type: AuthenticationProviderInput }),
    nextLogin: t.field({
      type: NextLoginEnum,
      description: 'CHANGE_PASSWORD: created PASSWORD_EXPIRED; needs `password` and `activate`.',
    }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  description: "Changes to a user's profile.",
  fields: (t) => ({ profile: t.field({ type: UserProfileInput, required: true }) }),
});

/** Okta's documented limit on `groupIds` at create. */
const MAX_GROUP_IDS = 20;

type CreateUserArgs = typeof CreateUserInput.$inferInput;

/** What Okta would refuse in the input, refused before calling it (in the input's names). */
function checkCreateInput(input: CreateUserArgs): void {
  const problems: FieldProblem[] = [];
  if ((input.groupIds?.length ?? 0) > MAX_GROUP_IDS) {
    problems.push({ field: 'groupIds', message: `At most ${MAX_GROUP_IDS} groups.` });
  }
  if (input.nextLogin === 'changePassword') {
    if (input.password == null) {
      problems.push({ field: 'nextLogin', message: 'CHANGE_PASSWORD needs a password.' });
    }
    if (input.activate === false) {
      problems.push({ field: 'nextLogin', message: 'CHANGE_PASSWORD needs activate: true.' });
    }
  }
  if (problems.length > 0)
    throw new ValidationError('The new user cannot be created so.', problems);
}

/** Okta's field names in a create's error causes → the input's. */
const CREATE_FIELD_NAMES = {
  'recovery_question.question': 'recoveryQuestion.question',
  'recovery_question.answer': 'recoveryQuestion.answer',
} as const;

async function createUser(ctx: Context, input: CreateUserArgs): Promise<{ user: OktaUser }> {
  checkCreateInput(input);
  const groupIds = (input.groupIds ?? []).map(String);
  const credentials: NonNullable<OktaCreateUserInput['credentials']> = {};
  if (input.password != null) credentials.password = { value: input.password };
  if (input.recoveryQuestion) credentials.recovery_question = input.recoveryQuestion;
  if (input.provider) {
    credentials.provider = { type: input.provider.type, name: input.provider.name ?? undefined };
  }
  const body: OktaCreateUserInput = {
    profile: profileFrom(workflowProblems, input.profile, false) as OktaCreateUserInput['profile'],
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
    ...(groupIds.length > 0 ? { groupIds } : {}),
  };
  return users.createUser(scopeOf(ctx), body, {
    activate: input.activate ?? true,
    provider: input.provider ? true : undefined,
    nextLogin: input.nextLogin ?? undefined,
  });
}

/**
 * A partial update (POST) or, with `replace`, a full replace of the profile (PUT). The profile
 * is checked before any Okta call.
 */
function updateUser(
  ctx: Context,
  id: string,
  input: typeof UpdateUserInput.$inferInput,
  replace: boolean,
) {
  const profile = profileFrom(workflowProblems, input.profile, !replace);
  return users.transitionAnswered(scopeOf(ctx), id, 'UPDATE_PROFILE', (user) =>
    replace
      ? ctx.okta.users.replace(user.id, { profile: profile as OktaUser['profile'] })
      : ctx.okta.users.update(user.id, { profile: profile as UserProfilePatch }),
  );
}

// ── Payloads ─────────────────────────────────────────────────────────────────────────────────

/** A payload that is the user as Okta has it after the write. */
export const UserPayload = (name: string, description: string) =>
  builder.objectRef<{ user: OktaUser }>(`${name}Payload`).implement({
    description,
    fields: (t) => ({ user: t.field({ type: User, resolve: (p) => p.user }) }),
  });

interface ActivationShape {
  user: OktaUser;
  activationUrl: string | null;
  activationToken: string | null;
}

const ActivationPayload = (name: string, description: string) =>
  builder.objectRef<ActivationShape>(`${name}Payload`).implement({
    description,
    fields: (t) => ({
      user: t.field({ type: User, resolve: (p) => p.user }),
      activationUrl: t.string({
        nullable: true,
        description: 'The link that completes activation; null when Okta emailed it.',
        resolve: (p) => p.activationUrl,
      }),
      activationToken: t.string({
        nullable: true,
        description: 'The one-time token of that link; null when Okta emailed it.',
        resolve: (p) => p.activationToken,
      }),
    }),
  });

const activation = ({ user, result }: { user: OktaUser; result: UserActivationToken }) => ({
  user,
  activationUrl: result.activationUrl ?? null,
  activationToken: result.activationToken ?? null,
});

const CreateUserPayload = UserPayload(
  'CreateUser',
  'The new user, in the status it was created in.',
);
const UpdateUserPayload = UserPayload('UpdateUser', 'The user with its new profile.');
const ActivateUserPayload = ActivationPayload(
  'ActivateUser',
  'The activated user: ACTIVE with a password (or a provider), PROVISIONED until the user completes activation without one.',
);
const ReactivateUserPayload = ActivationPayload(
  'ReactivateUser',
  'The user with activation restarted: a new activation link, the old one no longer works.',
);
const DeactivateUserPayload = UserPayload(
  'DeactivateUser',
  'The deactivated user (DEPROVISIONED).',
);
const SuspendUserPayload = UserPayload('SuspendUser', 'The suspended user (status SUSPENDED).');
const UnsuspendUserPayload = UserPayload('UnsuspendUser', 'The unsuspended user (status ACTIVE).');
const UnlockUserPayload = UserPayload('UnlockUser', 'The unlocked user (status ACTIVE).');

const DeleteUserPayload = builder
  .objectRef<{ deletedUserId: string; deactivatedFirst: boolean }>('DeleteUserPayload')
  .implement({
    description: 'The user is gone for good.',
    fields: (t) => ({
      deletedUserId: t.exposeID('deletedUserId'),
      deactivatedFirst: t.exposeBoolean('deactivatedFirst', {
        description:
          'Whether the user had to be deactivated first (it was not DEPROVISIONED): two Okta calls.',
      }),
    }),
  });

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

/** The user a mutation acts on, for Okta's 404s on writes. */
const onUser = (id: string | number): MutationErrorContext => ({
  target: { resource: 'User', id: String(id) },
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: CreateUserPayload,
    description:
      'Create a user: STAGED (`activate: false`), ACTIVE (with a password or a provider), PROVISIONED (activation pending), or PASSWORD_EXPIRED (`nextLogin: CHANGE_PASSWORD`).',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('CreateUser'),
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() => createUser(ctx, args.input), { fieldNames: CREATE_FIELD_NAMES }),
  }),
  updateUser: t.field({
    type: UpdateUserPayload,
    description:
      "Change a user's profile: only the attributes given (the default), or replace the whole profile (`replace: true`). Not for DEPROVISIONED users.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('UpdateUser'),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateUserInput, required: true }),
      replace: t.arg.boolean({
        defaultValue: false,
        description: 'Replace the whole profile: attributes left out are removed.',
      }),
    },
    resolve: (_root, args, ctx) =>
      attempt(() => updateUser(ctx, String(args.id), args.input, args.replace ?? false)),
  }),
  activateUser: t.field({
    type: ActivateUserPayload,
    description:
      'Activate a STAGED or DEPROVISIONED user. Without `sendEmail` the activation link comes back instead of being emailed.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ActivateUser'),
    args: { id: t.arg.id({ required: true }), sendEmail: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) =>
      attempt(async () =>
        activation(
          await users.transition(scopeOf(ctx), String(args.id), 'ACTIVATE', (u) =>
            ctx.okta.users.activate(u.id, { sendEmail: args.sendEmail ?? false }),
          ),
        ),
      ),
  }),
  reactivateUser: t.field({
    type: ReactivateUserPayload,
    description:
      "Restart the activation of a user who never completed it (PROVISIONED; Okta's documentation also allows RECOVERY): a new link, emailed or returned.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ReactivateUser'),
    args: { id: t.arg.id({ required: true }), sendEmail: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) =>
      attempt(async () =>
        activation(
          await users.transition(scopeOf(ctx), String(args.id), 'REACTIVATE', (u) =>
            ctx.okta.users.reactivate(u.id, { sendEmail: args.sendEmail ?? false }),
          ),
        ),
      ),
  }),
  deactivateUser: t.field({
    type: DeactivateUserPayload,
    description:
      'Deactivate a user (DEPROVISIONED): no sign-in, sessions ended; the user can be activated again or deleted.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('DeactivateUser'),
    args: { id: t.arg.id({ required: true }), sendEmail: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) =>
      attempt(() => users.deactivateUser(scopeOf(ctx), String(args.id), args.sendEmail ?? false)),
  }),
  suspendUser: t.field({
    type: SuspendUserPayload,
    description: 'Suspend an ACTIVE user: they cannot sign in until unsuspended.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('SuspendUser'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transition(scopeOf(ctx), String(args.id), 'SUSPEND', (u) =>
          ctx.okta.users.suspend(u.id),
        ),
      ),
  }),
  unsuspendUser: t.field({
    type: UnsuspendUserPayload,
    description: 'Return a SUSPENDED user to ACTIVE.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('UnsuspendUser'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transition(scopeOf(ctx), String(args.id), 'UNSUSPEND', (u) =>
          ctx.okta.users.unsuspend(u.id),
        ),
      ),
  }),
  unlockUser: t.field({
    type: UnlockUserPayload,
    description: 'Unlock a LOCKED_OUT user: ACTIVE again, with the same password.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('UnlockUser'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transition(scopeOf(ctx), String(args.id), 'UNLOCK', (u) =>
          ctx.okta.users.unlock(u.id),
        ),
      ),
  }),
  deleteUser: t.field({
    type: DeleteUserPayload,
    description:
      'Delete a user for good, deactivating it first when it is not DEPROVISIONED (the payload says so).',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('DeleteUser'),
    args: { id: t.arg.id({ required: true }), sendEmail: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) =>
      attempt(
        () => users.deleteUser(scopeOf(ctx), String(args.id), args.sendEmail ?? false),
        onUser(args.id),
      ),
  }),
}));
