import { factorsWritten } from '../loaders/stale.ts';
import { KNOWN_FACTOR_TYPES, type UserFactor } from '../okta/index.ts';
import * as users from '../workflows/users.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './error-types.ts';
import { attempt } from './errors.ts';
import { User } from './user.ts';
import { UserPayload } from './user-mutations.ts';
import { scopeOf } from './workflow-scope.ts';

// A user's enrolled MFA factors. Okta adds factor types (and new ones broke every Okta SDK's
// models): `factorType` names the types the graph knows, UNKNOWN for the others, and
// `factorTypeRaw` is Okta's value as it came, so a factor of any type still reads.

const UNKNOWN = 'UNKNOWN';

/** Okta's factor type → its GraphQL enum value (`token:software:totp` → TOKEN_SOFTWARE_TOTP). */
const ENUM_OF = new Map<string, string>(
  KNOWN_FACTOR_TYPES.map((raw) => [raw, raw.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()]),
);

/** The enum value of a factor type Okta sends: UNKNOWN for a type the graph does not know yet. */
export const factorTypeOf = (raw: string): string => ENUM_OF.get(raw) ?? UNKNOWN;

export const FactorType = builder.enumType('FactorType', {
  description:
    "Okta's factor types (`token:software:totp` is TOKEN_SOFTWARE_TOTP). UNKNOWN: a type Okta added since (its value is in `factorTypeRaw`).",
  values: [...ENUM_OF.values(), UNKNOWN],
});

export const Factor = builder.objectRef<UserFactor>('Factor').implement({
  description: 'An MFA factor the user enrolled.',
  fields: (t) => ({
    id: t.exposeID('id'),
    factorType: t.field({ type: FactorType, resolve: (f) => factorTypeOf(f.factorType) as never }),
    factorTypeRaw: t.string({
      description: "Okta's factor type as it sent it (e.g. `token:software:totp`).",
      resolve: (f) => f.factorType,
    }),
    provider: t.string({ description: 'OKTA, GOOGLE, FIDO, …', resolve: (f) => f.provider }),
    vendorName: t.string({ nullable: true, resolve: (f) => f.vendorName ?? null }),
    status: t.string({
      description: 'ACTIVE, PENDING_ACTIVATION, NOT_SETUP, … (as Okta sends it).',
      resolve: (f) => f.status,
    }),
    created: t.field({ type: 'DateTime', resolve: (f) => f.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (f) => f.lastUpdated }),
    profile: t.field({
      type: 'JSON',
      description: "The type's own profile (phone number, device, authenticator name…).",
      resolve: (f) => f.profile ?? {},
    }),
  }),
});

builder.objectFields(User, (t) => ({
  factors: t.field({
    type: [Factor],
    description: 'The MFA factors the user enrolled (one Okta call per user, however many ask).',
    authScopes: { okta: 'okta.users.read' },
    resolve: async (user, _args, ctx) => {
      const factors = await ctx.loaders.factorsOfUser.load(user.id);
      if (factors instanceof Error) throw factors;
      return factors;
    },
  }),
}));

const ResetFactorPayload = UserPayload(
  'ResetFactor',
  'The user without the factor (unenrolling Okta Verify push also unenrolls its TOTP).',
);

builder.mutationFields((t) => ({
  resetFactor: t.field({
    type: ResetFactorPayload,
    description:
      'Unenroll one MFA factor of the user; they enroll it again at the next sign-in. A deactivated user is refused (InvalidTransitionError).',
    authScopes: { okta: 'okta.users.manage' },
    errors: mutationErrors('ResetFactor'),
    args: { userId: t.arg.id({ required: true }), factorId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(async () => {
        const factorId = String(args.factorId);
        const { user } = await users.transition(
          scopeOf(ctx),
          String(args.userId),
          'RESET_FACTORS',
          async (u) => {
            try {
              await ctx.okta.factors.unenroll(u.id, factorId);
            } finally {
              factorsWritten(ctx, u.id);
            }
          },
        );
        return { user };
      }),
  }),
}));
