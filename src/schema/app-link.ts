import { userWritten } from '../loaders/stale.ts';
import type { AppLink as OktaAppLink } from '../okta/index.ts';
import { Application } from './application.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt } from './errors.ts';
import { orNull } from './not-found-as-null.ts';
import { User } from './user.ts';

// The user's app launcher (Okta's app links), and the forgot-password flow.

export const AppLink = builder.objectRef<OktaAppLink>('AppLink').implement({
  description: "An entry of the user's app launcher: one per active app they are assigned to.",
  fields: (t) => ({
    label: t.exposeString('label'),
    linkUrl: t.exposeString('linkUrl', { description: 'Where the tile signs the user in.' }),
    logoUrl: t.exposeString('logoUrl'),
    appName: t.exposeString('appName', { description: "The app's definition key." }),
    applicationId: t.exposeID('appInstanceId'),
    application: t.field({
      type: Application,
      nullable: true,
      authScopes: { okta: 'okta.apps.read' },
      resolve: (l, _args, ctx) => orNull(ctx.loaders.applicationById.load(l.appInstanceId)),
    }),
    appAssignmentId: t.exposeID('appAssignmentId'),
    credentialsSetup: t.exposeBoolean('credentialsSetup'),
    hidden: t.exposeBoolean('hidden'),
    sortOrder: t.exposeInt('sortOrder'),
  }),
});

builder.objectFields(User, (t) => ({
  appLinks: t.field({
    type: [AppLink],
    description:
      "The user's app launcher: a link for each active app they are assigned to, directly or through a group.",
    authScopes: { okta: 'okta.users.read' },
    resolve: async (user, _args, ctx) => {
      const links = await ctx.loaders.appLinksOfUser.load(user.id);
      if (links instanceof Error) throw links;
      return links;
    },
  }),
}));

const ForgotPasswordPayload = builder
  .objectRef<{ userId: string; resetPasswordUrl: string | null }>('ForgotPasswordPayload')
  .implement({
    description:
      'The forgot-password flow has started; the user answers their recovery question to reset the password. The status does not change.',
    fields: (t) => ({
      resetPasswordUrl: t.string({
        nullable: true,
        description: 'The one-time link; null when Okta emailed it (`sendEmail: true`).',
        resolve: (p) => p.resetPasswordUrl,
      }),
      user: t.field({ type: User, resolve: (p) => p.userId }),
    }),
  });

builder.mutationFields((t) => ({
  forgotPassword: t.field({
    type: ForgotPasswordPayload,
    description:
      "Start the forgot-password flow for an ACTIVE user with a recovery question: Okta emails the link, or (`sendEmail: false`) returns it. Okta's refusal (no recovery question, another status) is an OktaError.",
    authScopes: { okta: 'okta.users.manage' },
    errors: mutationErrors('ForgotPassword'),
    args: {
      id: t.arg.id({ required: true }),
      sendEmail: t.arg.boolean({ defaultValue: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const id = String(args.id);
          const answer = await ctx.okta.users.forgotPassword(id, {
            sendEmail: args.sendEmail ?? true,
          });
          userWritten(ctx, id);
          return { userId: id, resetPasswordUrl: answer.resetPasswordUrl ?? null };
        },
        { target: { resource: 'User', id: String(args.id) } },
      ),
  }),
}));
