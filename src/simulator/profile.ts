import { type OktaSimError, oktaErrors } from './errors.ts';
import type { Org, Profile } from './store.ts';

/**
 * The user profile schema: Okta's base attributes (fixed) and the org's custom attributes
 * (`org.customSchema`), and the validation of a profile against both
 * (docs/okta-behaviour.md §1.1 and §6).
 */

/** A property of the user schema, as `GET /api/v1/meta/schemas/user/default` shows it. */
export type SchemaAttribute = Record<string, unknown> & {
  title: string;
  type: AttributeType;
};

export const ATTRIBUTE_TYPES = ['string', 'boolean', 'number', 'integer', 'array'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

const SELF_READ_WRITE = [{ principal: 'SELF', action: 'READ_WRITE' }];

function base(
  title: string,
  extra: { required?: boolean; minLength?: number; maxLength?: number; format?: string } = {},
): SchemaAttribute {
  return {
    title,
    type: 'string',
    ...(extra.required ? { required: true } : {}),
    ...(extra.format ? { format: extra.format } : {}),
    mutability: 'READ_WRITE',
    scope: 'NONE',
    ...(extra.minLength !== undefined ? { minLength: extra.minLength } : {}),
    ...(extra.maxLength !== undefined ? { maxLength: extra.maxLength } : {}),
    permissions: SELF_READ_WRITE,
    master: { type: 'PROFILE_MASTER' },
  };
}

/**
 * Okta's `#base` subschema of the default user type, in Okta's order: the four required
 * attributes first, then the SCIM core attributes (titles and limits as the Okta Admin Console
 * and the OpenAPI `UserProfile` schema give them).
 */
export const BASE_ATTRIBUTES: Readonly<Record<string, SchemaAttribute>> = {
  login: base('Username', { required: true, minLength: 5, maxLength: 100 }),
  firstName: base('First name', { required: true, minLength: 1, maxLength: 50 }),
  lastName: base('Last name', { required: true, minLength: 1, maxLength: 50 }),
  middleName: base('Middle name'),
  honorificPrefix: base('Honorific prefix'),
  honorificSuffix: base('Honorific suffix'),
  email: base('Primary email', { required: true, format: 'email', minLength: 5, maxLength: 100 }),
  title: base('Title'),
  displayName: base('Display name'),
  nickName: base('Nickname'),
  profileUrl: base('Profile Url', { format: 'uri' }),
  secondEmail: base('Secondary email', { format: 'email' }),
  mobilePhone: base('Mobile phone', { maxLength: 100 }),
  primaryPhone: base('Primary phone', { maxLength: 100 }),
  streetAddress: base('Street address', { maxLength: 1024 }),
  city: base('City', { maxLength: 128 }),
  state: base('State', { maxLength: 128 }),
  zipCode: base('Zip code', { maxLength: 50 }),
  countryCode: base('Country code', { format: 'country-code', maxLength: 2 }),
  postalAddress: base('Postal Address', { maxLength: 4096 }),
  preferredLanguage: base('Preferred language', { format: 'language-code' }),
  locale: base('Locale', { format: 'locale' }),
  timezone: base('Time zone', { format: 'timezone' }),
  userType: base('User type'),
  employeeNumber: base('Employee number'),
  costCenter: base('Cost center'),
  organization: base('Organization'),
  division: base('Division'),
  department: base('Department'),
  managerId: base('ManagerId'),
  manager: base('Manager'),
};

export const BASE_REQUIRED = Object.keys(BASE_ATTRIBUTES).filter(
  (name) => BASE_ATTRIBUTES[name]?.required === true,
);

/**
 * The causes Okta gives when a profile fails validation. "cannot be left blank", the login
 * format, the unknown-property and the uniqueness messages are Okta's own words (seen in real
 * answers: rapid7/insightconnect-plugins#315, pulumi/pulumi-okta#388, docs/okta-behaviour.md §0.6); the others
 * are [obs]-grade guesses kept here so that they are easy to correct.
 */
export const PROFILE_MESSAGES = {
  blank: (name: string) => `${name}: The field cannot be left blank`,
  loginFormat: () => 'login: Username must be in the form of an email address',
  pattern: (name: string) => `${name}: Does not match required pattern`,
  tooShort: (name: string, n: number) => `${name}: The field must be at least ${n} characters`,
  tooLong: (name: string, n: number) => `${name}: The field cannot exceed ${n} characters`,
  wrongType: (name: string, type: string) => `${name}: The value must be of type ${type}`,
  notAllowedValue: (name: string) => `${name}: Does not match one of the allowed values`,
  unknown: (name: string) => `Property name '${name}' is not defined in profile`,
  duplicate: (name: string) =>
    `${name}: An object with this field already exists in the current organization`,
} as const;

/** `errorSummary` field name of an unknown-property answer ("Api validation failed: newUser"). */
const UNKNOWN_PROPERTY_SUMMARY = { create: 'newUser', update: 'user' } as const;

// RFC 5322 in full is not what Okta checks either; a local part, an '@' and a dotted domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The default user type's schema id (`osc…`), derived from the type id so it is stable. */
export function defaultUserSchemaId(org: Org): string {
  return `osc${org.defaultUserTypeId.slice(3)}`;
}

/** The schema id a request names: `default` or the default type's `osc…` id; otherwise null. */
export function resolveUserSchemaId(org: Org, schemaId: string): string | null {
  if (schemaId === 'default' || schemaId === defaultUserSchemaId(org)) return schemaId;
  return null;
}

/** The whole attribute set: base then custom, each with its definition. */
export function profileAttributes(org: Org): Map<string, SchemaAttribute> {
  const all = new Map<string, SchemaAttribute>(Object.entries(BASE_ATTRIBUTES));
  for (const [name, definition] of org.customSchema) all.set(name, definition as SchemaAttribute);
  return all;
}

/** The `UserSchema` wire shape (OpenAPI `UserSchema`). */
export function renderUserSchema(org: Org, schemaId: string) {
  const custom: Record<string, unknown> = {};
  const customRequired: string[] = [];
  for (const [name, definition] of org.customSchema) {
    custom[name] = structuredClone(definition);
    if (definition.required === true) customRequired.push(name);
  }
  return {
    id: `${org.baseUrl}/meta/schemas/user/${schemaId}`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    name: 'user',
    title: 'Default Okta user',
    lastUpdated: org.schemaLastUpdated,
    created: org.schemaCreated,
    definitions: {
      base: {
        id: '#base',
        type: 'object',
        properties: structuredClone(BASE_ATTRIBUTES),
        required: [...BASE_REQUIRED],
      },
      custom: { id: '#custom', type: 'object', properties: custom, required: customRequired },
    },
    type: 'object',
    properties: {
      profile: { allOf: [{ $ref: '#/definitions/base' }, { $ref: '#/definitions/custom' }] },
    },
    _links: {
      self: {
        href: `${org.baseUrl}/api/v1/meta/schemas/user/${defaultUserSchemaId(org)}`,
        method: 'GET',
        rel: 'self',
      },
      type: { href: `${org.baseUrl}/api/v1/meta/types/user/${org.defaultUserTypeId}` },
    },
  };
}

export interface ProfileInput {
  /** What the request sent as `profile`. */
  sent: unknown;
  /** The stored profile a partial update (POST) starts from; null for create and replace. */
  current: Profile | null;
  /** `create` or `update`: only the wording of an unknown-property answer differs. */
  operation: 'create' | 'update';
  /** The user being updated: its own login and unique values do not collide with itself. */
  userId?: string;
}

/**
 * Validate a profile against base + custom schema and return the profile to store. Okta checks
 * the whole resulting profile, even attributes that a partial update leaves alone. Throws Okta's
 * 400 E0000001 with one cause per problem, in Okta's order: blank required attributes, then
 * formats, lengths and types; unknown attributes (only once the rest passed); uniqueness last.
 */
export function validateProfile(org: Org, input: ProfileInput): Profile {
  if (input.sent === null || typeof input.sent !== 'object' || Array.isArray(input.sent)) {
    throw oktaErrors.validation('profile', ['profile: The field cannot be left blank']);
  }
  const sent = input.sent as Record<string, unknown>;
  const profile: Profile = input.current ? { ...input.current } : {};
  for (const [name, value] of Object.entries(sent)) {
    // `null` clears an attribute (and on create or replace, it is simply absent).
    if (value === null) delete profile[name];
    else profile[name] = value;
  }
  const attributes = profileAttributes(org);
  const problems: { field: string; cause: string }[] = [];

  for (const [name, definition] of attributes) {
    if (definition.required === true && isBlank(profile[name])) {
      problems.push({ field: name, cause: PROFILE_MESSAGES.blank(name) });
    }
  }
  for (const [name, definition] of attributes) {
    const value = profile[name];
    if (name === 'login' && (typeof value !== 'string' || !EMAIL.test(value))) {
      // Okta reports the login format even for a blank login (rapid7/insightconnect-plugins#315).
      problems.push({ field: name, cause: PROFILE_MESSAGES.loginFormat() });
      continue;
    }
    if (value === undefined || isBlank(value)) continue;
    const cause = checkValue(name, definition, value);
    if (cause) problems.push({ field: name, cause });
  }
  if (problems.length > 0) throw profileError(problems);

  const unknown = Object.keys(sent).filter((name) => sent[name] !== null && !attributes.has(name));
  if (unknown.length > 0) {
    throw oktaErrors.validation(
      UNKNOWN_PROPERTY_SUMMARY[input.operation],
      unknown.map((name) => PROFILE_MESSAGES.unknown(name)),
    );
  }

  const duplicates = uniquenessProblems(org, profile, attributes, input.userId);
  if (duplicates.length > 0) throw profileError(duplicates);
  return profile;
}

function profileError(problems: { field: string; cause: string }[]): OktaSimError {
  return oktaErrors.validation(
    (problems[0] as { field: string }).field,
    problems.map((p) => p.cause),
  );
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value === '');
}

/** One attribute's value against its definition; the cause when it fails. */
function checkValue(name: string, definition: SchemaAttribute, value: unknown): string | null {
  const type = definition.type;
  if (type === 'array') {
    if (!Array.isArray(value)) return PROFILE_MESSAGES.wrongType(name, 'array');
    const itemType = (definition.items as { type?: AttributeType } | undefined)?.type ?? 'string';
    for (const item of value) {
      if (!hasType(item, itemType)) return PROFILE_MESSAGES.wrongType(name, `array of ${itemType}`);
      if (!inEnum(definition, item)) return PROFILE_MESSAGES.notAllowedValue(name);
    }
    return null;
  }
  if (!hasType(value, type)) return PROFILE_MESSAGES.wrongType(name, type);
  if (!inEnum(definition, value)) return PROFILE_MESSAGES.notAllowedValue(name);
  if (typeof value !== 'string') return null;
  const minLength = definition.minLength;
  const maxLength = definition.maxLength;
  if (typeof minLength === 'number' && value.length < minLength) {
    return PROFILE_MESSAGES.tooShort(name, minLength);
  }
  if (typeof maxLength === 'number' && value.length > maxLength) {
    return PROFILE_MESSAGES.tooLong(name, maxLength);
  }
  if (definition.format === 'email' && !EMAIL.test(value)) return PROFILE_MESSAGES.pattern(name);
  if (
    typeof definition.pattern === 'string' &&
    !new RegExp(`^(?:${definition.pattern})$`).test(value)
  ) {
    return PROFILE_MESSAGES.pattern(name);
  }
  return null;
}

export function hasType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
  }
}

function inEnum(definition: SchemaAttribute, value: unknown): boolean {
  const allowed = definition.enum;
  return !Array.isArray(allowed) || allowed.includes(value);
}

/** Logins are unique org-wide, case-insensitively; so is any custom attribute marked unique. */
function uniquenessProblems(
  org: Org,
  profile: Profile,
  attributes: Map<string, SchemaAttribute>,
  userId: string | undefined,
): { field: string; cause: string }[] {
  const problems: { field: string; cause: string }[] = [];
  const owner = org.loginIndex.get(String(profile.login).toLowerCase());
  if (owner !== undefined && owner !== userId) {
    problems.push({ field: 'login', cause: PROFILE_MESSAGES.duplicate('login') });
  }
  for (const [name, definition] of attributes) {
    if (!isUnique(definition) || profile[name] === undefined) continue;
    const wanted = normalize(profile[name]);
    for (const other of org.users.values()) {
      if (other.id !== userId && normalize(other.profile[name]) === wanted) {
        problems.push({ field: name, cause: PROFILE_MESSAGES.duplicate(name) });
        break;
      }
    }
  }
  return problems;
}

// The spec types `unique` as a boolean; real orgs answer "UNIQUE_VALIDATED" / "NOT_UNIQUE".
function isUnique(definition: SchemaAttribute): boolean {
  return definition.unique === true || definition.unique === 'UNIQUE_VALIDATED';
}

function normalize(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value);
}

/**
 * A custom attribute definition sent to `POST /api/v1/meta/schemas/user/{schemaId}`, merged over
 * the stored one (if any) and completed with Okta's defaults. Returns the definition or the
 * causes that reject it.
 */
export function customAttributeDefinition(
  name: string,
  sent: unknown,
  existing: Record<string, unknown> | undefined,
): { definition: SchemaAttribute } | { causes: string[] } {
  if (sent === null || typeof sent !== 'object' || Array.isArray(sent)) {
    return { causes: [`${name}: The property definition must be an object`] };
  }
  const merged: Record<string, unknown> = {
    mutability: 'READ_WRITE',
    scope: 'NONE',
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
    master: { type: 'PROFILE_MASTER' },
    ...existing,
    ...(sent as Record<string, unknown>),
  };
  const causes: string[] = [];
  if (typeof merged.title !== 'string' || merged.title === '') {
    causes.push(`${name}: The field cannot be left blank (title)`);
  }
  const type = merged.type;
  if (!ATTRIBUTE_TYPES.includes(type as AttributeType)) {
    causes.push(`${name}: The type must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
  } else if (existing && existing.type !== type) {
    causes.push(`${name}: The type of an existing property cannot be changed`);
  }
  if (type === 'array') {
    const itemType = (merged.items as { type?: unknown } | undefined)?.type;
    if (!ATTRIBUTE_TYPES.includes(itemType as AttributeType) || itemType === 'array') {
      causes.push(
        `${name}: An array property needs items of type string, number, integer or boolean`,
      );
    }
  }
  for (const bound of ['minLength', 'maxLength'] as const) {
    const n = merged[bound];
    if (n !== undefined && n !== null && (!Number.isInteger(n) || (n as number) < 0)) {
      causes.push(`${name}: ${bound} must be a non-negative integer`);
    }
  }
  if (
    typeof merged.minLength === 'number' &&
    typeof merged.maxLength === 'number' &&
    merged.minLength > merged.maxLength
  ) {
    causes.push(`${name}: minLength cannot be greater than maxLength`);
  }
  if (causes.length === 0 && merged.enum !== undefined && merged.enum !== null) {
    const itemType = type === 'array' ? (merged.items as { type: AttributeType }).type : type;
    if (
      !Array.isArray(merged.enum) ||
      merged.enum.length === 0 ||
      merged.enum.some((v) => !hasType(v, itemType as AttributeType))
    ) {
      causes.push(`${name}: Each enum value must be of the property's type`);
    }
  }
  if (causes.length > 0) return { causes };
  return { definition: merged as SchemaAttribute };
}
