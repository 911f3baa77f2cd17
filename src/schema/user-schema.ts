import type {
  UserSchema as OktaUserSchema,
  UserSchemaAttribute as OktaUserSchemaAttribute,
  UserSchemaDefinition,
} from '../okta/index.ts';
import { builder } from './builder.ts';
import { orNull } from './not-found-as-null.ts';

export const UserSchemaAttributeType = builder.enumType('UserSchemaAttributeType', {
  description: "The JSON type of a profile attribute (Okta's `type`, lower-case on the wire).",
  values: {
    STRING: { value: 'string' },
    BOOLEAN: { value: 'boolean' },
    INTEGER: { value: 'integer' },
    NUMBER: { value: 'number' },
    ARRAY: { value: 'array' },
  } as const,
});

export const UserSchemaAttributeMutability = builder.enumType('UserSchemaAttributeMutability', {
  description:
    'Who may change the attribute: READ_ONLY attributes are set by Okta or a profile source.',
  values: ['READ_WRITE', 'READ_ONLY', 'IMMUTABLE', 'WRITE_ONLY'] as const,
});

export const UserSchemaAttributeScope = builder.enumType('UserSchemaAttributeScope', {
  description: 'SELF: the attribute belongs to the user alone; NONE: it may be shared.',
  values: ['NONE', 'SELF'] as const,
});

export const UserSchemaAttributeMasterType = builder.enumType('UserSchemaAttributeMasterType', {
  description:
    "Where the attribute's value is mastered: the profile source (PROFILE_MASTER), Okta (OKTA), or the priority list (OVERRIDE).",
  values: ['PROFILE_MASTER', 'OKTA', 'OVERRIDE'] as const,
});

export const UserSchemaAttributeOrigin = builder.enumType('UserSchemaAttributeOrigin', {
  description: 'BASE: defined by Okta (`#base`); CUSTOM: added by the org (`#custom`).',
  values: ['BASE', 'CUSTOM'] as const,
});

/** One attribute with what its place in the schema says about it. */
interface AttributeEntry {
  name: string;
  origin: 'BASE' | 'CUSTOM';
  /** Listed in its definition's `required` array. */
  listedRequired: boolean;
  attribute: OktaUserSchemaAttribute;
}

function entriesOf(definition: UserSchemaDefinition, origin: AttributeEntry['origin']) {
  const required = new Set(definition.required ?? []);
  return Object.entries(definition.properties ?? {}).map(
    ([name, attribute]): AttributeEntry => ({
      name,
      origin,
      listedRequired: required.has(name),
      attribute,
    }),
  );
}

const allEntries = (schema: OktaUserSchema) => [
  ...entriesOf(schema.definitions.base, 'BASE'),
  ...entriesOf(schema.definitions.custom, 'CUSTOM'),
];

type OktaEnumOption = NonNullable<OktaUserSchemaAttribute['oneOf']>[number];
type OktaPermission = NonNullable<OktaUserSchemaAttribute['permissions']>[number];
type OktaMaster = NonNullable<OktaUserSchemaAttribute['master']>;
type OktaMasterPriority = NonNullable<OktaMaster['priority']>[number];
type OktaItems = NonNullable<OktaUserSchemaAttribute['items']>;

const UserSchemaEnumOption = builder.objectRef<OktaEnumOption>('UserSchemaEnumOption').implement({
  description: 'An allowed value and its display name (`oneOf`).',
  fields: (t) => ({
    const: t.exposeString('const'),
    title: t.exposeString('title'),
  }),
});

const UserSchemaAttributePermission = builder
  .objectRef<OktaPermission>('UserSchemaAttributePermission')
  .implement({
    description: 'What a principal (SELF: the user) may do with the attribute.',
    fields: (t) => ({
      principal: t.exposeString('principal'),
      action: t.exposeString('action', { description: 'READ_WRITE, READ_ONLY or HIDE.' }),
    }),
  });

const UserSchemaAttributeMasterPriority = builder
  .objectRef<OktaMasterPriority>('UserSchemaAttributeMasterPriority')
  .implement({
    description: 'One source in the OVERRIDE priority list.',
    fields: (t) => ({ type: t.exposeString('type'), value: t.exposeString('value') }),
  });

const UserSchemaAttributeMaster = builder
  .objectRef<OktaMaster>('UserSchemaAttributeMaster')
  .implement({
    description: "Where the attribute's value comes from.",
    fields: (t) => ({
      type: t.field({
        type: UserSchemaAttributeMasterType,
        nullable: true,
        resolve: (m) => m.type ?? null,
      }),
      priority: t.field({
        type: [UserSchemaAttributeMasterPriority],
        resolve: (m) => m.priority ?? [],
      }),
    }),
  });

const UserSchemaAttributeItems = builder
  .objectRef<OktaItems>('UserSchemaAttributeItems')
  .implement({
    description: 'What an array attribute holds.',
    fields: (t) => ({
      type: t.exposeString('type', { nullable: true }),
      enum: t.field({ type: ['JSON'], nullable: true, resolve: (i) => i.enum ?? null }),
      oneOf: t.field({ type: ['JSON'], nullable: true, resolve: (i) => i.oneOf ?? null }),
    }),
  });

export const UserSchemaAttribute = builder
  .objectRef<AttributeEntry>('UserSchemaAttribute')
  .implement({
    description: 'One profile attribute of the user schema: its type, constraints and permissions.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The profile property name, e.g. `login`.' }),
      origin: t.field({ type: UserSchemaAttributeOrigin, resolve: (e) => e.origin }),
      title: t.string({ nullable: true, resolve: (e) => e.attribute.title ?? null }),
      description: t.string({ nullable: true, resolve: (e) => e.attribute.description ?? null }),
      type: t.field({
        type: UserSchemaAttributeType,
        nullable: true,
        resolve: (e) => e.attribute.type ?? null,
      }),
      items: t.field({
        type: UserSchemaAttributeItems,
        nullable: true,
        resolve: (e) => e.attribute.items ?? null,
      }),
      format: t.string({
        nullable: true,
        description: '`email`, `uri`, `country-code`, `locale`, `timezone`, …',
        resolve: (e) => e.attribute.format ?? null,
      }),
      enum: t.field({
        type: ['JSON'],
        nullable: true,
        description: 'The only values allowed (strings or integers).',
        resolve: (e) => e.attribute.enum ?? null,
      }),
      oneOf: t.field({
        type: [UserSchemaEnumOption],
        nullable: true,
        resolve: (e) => e.attribute.oneOf ?? null,
      }),
      pattern: t.string({ nullable: true, resolve: (e) => e.attribute.pattern ?? null }),
      minLength: t.int({ nullable: true, resolve: (e) => e.attribute.minLength ?? null }),
      maxLength: t.int({ nullable: true, resolve: (e) => e.attribute.maxLength ?? null }),
      required: t.boolean({
        description: "Required on every user: the attribute's own flag or its definition's list.",
        resolve: (e) => e.attribute.required === true || e.listedRequired,
      }),
      unique: t.boolean({
        nullable: true,
        // Okta writes `true`, or the state of its uniqueness check (UNIQUE_VALIDATED,
        // PENDING_UNIQUENESS) for attributes declared unique, NOT_UNIQUE otherwise.
        description: 'Whether values must be unique across users.',
        resolve: (e) => {
          const unique = e.attribute.unique;
          if (unique === undefined || unique === null) return null;
          return typeof unique === 'string' ? unique !== 'NOT_UNIQUE' : unique;
        },
      }),
      mutability: t.field({
        type: UserSchemaAttributeMutability,
        nullable: true,
        resolve: (e) => e.attribute.mutability ?? null,
      }),
      scope: t.field({
        type: UserSchemaAttributeScope,
        nullable: true,
        resolve: (e) => e.attribute.scope ?? null,
      }),
      permissions: t.field({
        type: [UserSchemaAttributePermission],
        resolve: (e) => e.attribute.permissions ?? [],
      }),
      master: t.field({
        type: UserSchemaAttributeMaster,
        nullable: true,
        resolve: (e) => e.attribute.master ?? null,
      }),
      externalName: t.string({ nullable: true, resolve: (e) => e.attribute.externalName ?? null }),
      externalNamespace: t.string({
        nullable: true,
        resolve: (e) => e.attribute.externalNamespace ?? null,
      }),
      default: t.field({
        type: 'JSON',
        nullable: true,
        description: 'The value a user gets when none is given.',
        resolve: (e) => e.attribute.default ?? null,
      }),
    }),
  });

/** User schemas by schema id (`default` or `osc…`): one GET per schema per request. */
export const UserSchema = builder.loadableObjectRef<OktaUserSchema, string>('UserSchema', {
  load: (schemaIds, ctx) =>
    Promise.all(
      schemaIds.map((id) => ctx.okta.schemas.getUserSchema(id).catch((error: Error) => error)),
    ),
});

UserSchema.implement({
  description:
    "A user type's profile schema: the attributes of `User.profile`, Okta's (base) and the org's (custom).",
  authScopes: { okta: 'okta.schemas.read' },
  fields: (t) => ({
    id: t.exposeString('id', { description: "Okta's URI of the schema." }),
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    created: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.created ?? null }),
    lastUpdated: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (s) => s.lastUpdated ?? null,
    }),
    base: t.field({
      type: [UserSchemaAttribute],
      description: "Okta's standard attributes (`#base`), in Okta's order.",
      resolve: (s) => entriesOf(s.definitions.base, 'BASE'),
    }),
    custom: t.field({
      type: [UserSchemaAttribute],
      description:
        "The org's custom attributes (`#custom`): `UserProfile.custom` holds their values.",
      resolve: (s) => entriesOf(s.definitions.custom, 'CUSTOM'),
    }),
    attribute: t.field({
      type: UserSchemaAttribute,
      nullable: true,
      description: 'One attribute, base or custom, by name; null when the schema has none.',
      args: { name: t.arg.string({ required: true }) },
      resolve: (s, args) => allEntries(s).find((e) => e.name === args.name) ?? null,
    }),
  }),
});

builder.queryFields((t) => ({
  userSchema: t.field({
    type: UserSchema,
    nullable: true,
    description:
      "The profile schema of a user type: the default type's unless `schemaId` (osc…) names another; null when there is none.",
    authScopes: { okta: 'okta.schemas.read' },
    args: { schemaId: t.arg.id() },
    resolve: (_root, args, ctx) =>
      orNull(UserSchema.getDataloader(ctx).load(String(args.schemaId ?? 'default'))),
  }),
}));
