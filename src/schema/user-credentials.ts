import type { OktaUser } from '../okta/index.ts';
import * as users from '../workflows/users.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt } from './errors.ts';
import { oktaOperationScopes } from './mutation-operations.ts';
import { User } from './user.ts';
import { UserPayload } from './user-mutations.ts';
import { scopeOf } from './workflow-scope.ts';

// A user's credentials and sessions: passwords, the recovery question, MFA factors, sessions.
// Each is a lifecycle action (src/workflows/lifecycle.ts says from which statuses).

// ── Payloads ─────────────────────────────────────────────────────────────────────────────────

const SetPasswordPayload = UserPayload('SetPassword', 'The user with the password an admin set.');
const ChangePasswordPayload = UserPayload(
  'ChangePassword',
  'The user with the new password (ACTIVE again if it was in RECOVERY or PASSWORD_EXPIRED).',
);
const ChangeRecoveryQuestionPayload = UserPayload(
  'ChangeRecoveryQuestion',
  'The user with the new recovery question.',
);

const ExpirePasswordPayload = builder
  .objectRef<{ user: OktaUser; temporaryPassword: string | null }>('ExpirePasswordPayload')
  .implement({
    description: 'The user, PASSWORD_EXPIRED: they must change the password at the next sign-in.',
    fields: (t) => ({
      user: t.field({ type: User, resolve: (p) => p.user }),
      temporaryPassword: t.string({
        nullable: true,
        description:
          'The temporary password the user signs in with, when asked for (`temporaryPassword: true`).',
        resolve: (p) => p.temporaryPassword,
      }),
    }),
  });

const ResetPasswordPayload = builder
  .objectRef<{ user: OktaUser; resetPasswordUrl: string | null }>('ResetPasswordPayload')
  .implement({
    description: 'The user, in RECOVERY until they complete the reset.',
    fields: (t) => ({
      user: t.field({ type: User, resolve: (p) => p.user }),
      resetPasswordUrl: t.string({
        nullable: true,
        description: 'The one-time reset link; null when Okta emailed it (`sendEmail: true`).',
        resolve: (p) => p.resetPasswordUrl,
      }),
    }),
  });

const ResetFactorsPayload = UserPayload(
  'ResetFactors',
  'The user with every MFA factor unenrolled; the status does not change.',
);
const ClearUserSessionsPayload = UserPayload(
  'ClearUserSessions',
  'The user, signed out of every Okta session (and holding no OAuth tokens, if they were revoked).',
);

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

builder.mutationFields((t) => ({
  setPassword: t.field({
    type: SetPasswordPayload,
    description:
      "An admin sets the user's password (no old password needed); the password policy applies.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('SetPassword'),
    args: { id: t.arg.id({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transitionAnswered(scopeOf(ctx), String(args.id), 'SET_PASSWORD', (u) =>
          ctx.okta.users.setPassword(u.id, args.password),
        ),
      ),
  }),
  changePassword: t.field({
    type: ChangePasswordPayload,
    description:
      "Change the user's password, proven by the current one. `strict` also enforces the policy's history and minimum age.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ChangePassword'),
    args: {
      id: t.arg.id({ required: true }),
      oldPassword: t.arg.string({ required: true }),
      newPassword: t.arg.string({ required: true }),
      strict: t.arg.boolean({ defaultValue: false }),
      revokeSessions: t.arg.boolean({
        defaultValue: false,
        description: "Also end the user's other sessions.",
      }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const { user } = await users.transition(
            scopeOf(ctx),
            String(args.id),
            'CHANGE_PASSWORD',
            (u) =>
              ctx.okta.users.changePassword(u.id, {
                oldPassword: args.oldPassword,
                newPassword: args.newPassword,
                strict: args.strict ?? false,
                revokeSessions: args.revokeSessions ?? false,
              }),
          );
          return { user };
        },
        // Okta names the new password `password` when its policy refuses it.
        { fieldNames: { password: 'newPassword' } },
      ),
  }),
  changeRecoveryQuestion: t.field({
    type: ChangeRecoveryQuestionPayload,
    description: "Set the user's recovery question and answer, proven by the current password.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ChangeRecoveryQuestion'),
    args: {
      id: t.arg.id({ required: true }),
      password: t.arg.string({ required: true }),
      question: t.arg.string({ required: true }),
      answer: t.arg.string({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const { user } = await users.transition(
            scopeOf(ctx),
            String(args.id),
            'CHANGE_RECOVERY_QUESTION',
            (u) =>
              ctx.okta.users.changeRecoveryQuestion(u.id, {
                password: args.password,
                question: args.question,
                answer: args.answer,
              }),
          );
          return { user };
        },
        {
          fieldNames: {
            'recovery_question.question': 'question',
            'recovery_question.answer': 'answer',
          },
        },
      ),
  }),
  expirePassword: t.field({
    type: ExpirePasswordPayload,
    description:
      "Expire the user's password: they must change it at the next sign-in. With `temporaryPassword` Okta also sets a temporary password, returned here.",
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ExpirePassword'),
    args: {
      id: t.arg.id({ required: true }),
      temporaryPassword: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const id = String(args.id);
        if (!args.temporaryPassword) {
          const { user } = await users.transitionAnswered(
            scopeOf(ctx),
            id,
            'EXPIRE_PASSWORD',
            (u) => ctx.okta.users.expirePassword(u.id),
          );
          return { user, temporaryPassword: null };
        }
        const { user, result } = await users.transition(scopeOf(ctx), id, 'EXPIRE_PASSWORD', (u) =>
          ctx.okta.users.expirePasswordWithTempPassword(u.id),
        );
        return { user, temporaryPassword: result.tempPassword };
      }),
  }),
  resetPassword: t.field({
    type: ResetPasswordPayload,
    description:
      'Start a password reset (the user goes to RECOVERY): Okta emails the link, or (`sendEmail: false`) returns it.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ResetPassword'),
    args: { id: t.arg.id({ required: true }), sendEmail: t.arg.boolean({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const { user, result } = await users.transition(
          scopeOf(ctx),
          String(args.id),
          'RESET_PASSWORD',
          (u) => ctx.okta.users.resetPassword(u.id, { sendEmail: args.sendEmail }),
        );
        return { user, resetPasswordUrl: result.resetPasswordUrl ?? null };
      }),
  }),
  resetFactors: t.field({
    type: ResetFactorsPayload,
    description: 'Unenroll every MFA factor of the user; they enroll again at the next sign-in.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ResetFactors'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transition(scopeOf(ctx), String(args.id), 'RESET_FACTORS', (u) =>
          ctx.okta.users.resetFactors(u.id),
        ),
      ),
  }),
  clearUserSessions: t.field({
    type: ClearUserSessionsPayload,
    description:
      'End every Okta session of the user; `revokeOAuthTokens` also revokes the OAuth and OIDC tokens issued to them.',
    authScopes: oktaOperationScopes,
    errors: mutationErrors('ClearUserSessions'),
    args: {
      id: t.arg.id({ required: true }),
      revokeOAuthTokens: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      attempt(() =>
        users.transition(scopeOf(ctx), String(args.id), 'CLEAR_SESSIONS', (u) =>
          ctx.okta.users.clearSessions(u.id, { oauthTokens: args.revokeOAuthTokens ?? false }),
        ),
      ),
  }),
}));
