import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES, callerWithScopes } from '../../src/caller.ts';
import type { UserSchema } from '../../src/okta/index.ts';
import { useStack } from '../support/stack.ts';

/** `Authorization: Scopes a b` makes a caller with exactly those scopes; no header, every scope. */
const authenticate = async (authorization: string | null) =>
  authorization?.startsWith('Scopes ')
    ? callerWithScopes('tester', authorization.slice('Scopes '.length).split(' '), true)
    : callerWithScopes(null, ALL_SCOPES, false);

const ATTRIBUTE_FIELDS = `
  name origin title description type items { type enum oneOf } format enum
  oneOf { const title } pattern minLength maxLength required unique mutability scope
  permissions { principal action } master { type priority { type value } }
  externalName externalNamespace default`;

interface Attribute {
  name: string;
  origin: string;
  required: boolean;
  [field: string]: unknown;
}

describe('the user schema in the graph', () => {
  const stack = useStack({ authenticate });
  let okta: UserSchema;

  beforeAll(async () => {
    okta = await stack.okta.schemas.getUserSchema();
  });
  beforeEach(() => stack.oktaCalls.reset());
  afterEach(() => {
    expect(stack.violations.splice(0)).toEqual([]);
  });

  it("lists the base and custom attributes in Okta's order", async () => {
    const res = await stack.graphql<{
      userSchema: {
        id: string;
        name: string;
        title: string;
        base: Attribute[];
        custom: Attribute[];
      };
    }>('{ userSchema { id name title base { name origin } custom { name origin } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.userSchema).toEqual({
      id: okta.id,
      name: 'user',
      title: 'Default Okta user',
      base: Object.keys(okta.definitions.base.properties).map((name) => ({ name, origin: 'BASE' })),
      custom: ['isContractor', 'startDate', 'securityClearance', 'badgeNumber', 'skills'].map(
        (name) => ({ name, origin: 'CUSTOM' }),
      ),
    });
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/meta/schemas/user/:schemaId': 1,
    });
  });

  it('types a base attribute: required from the definition, lengths, permissions, master', async () => {
    const res = await stack.graphql<{ userSchema: { attribute: Attribute } }>(
      `{ userSchema { attribute(name: "login") { ${ATTRIBUTE_FIELDS} } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.userSchema.attribute).toEqual({
      name: 'login',
      origin: 'BASE',
      title: 'Username',
      description: null,
      type: 'STRING',
      items: null,
      format: null,
      enum: null,
      oneOf: null,
      pattern: null,
      minLength: 5,
      maxLength: 100,
      required: true,
      unique: null,
      mutability: 'READ_WRITE',
      scope: 'NONE',
      permissions: [{ principal: 'SELF', action: 'READ_WRITE' }],
      master: { type: 'PROFILE_MASTER', priority: [] },
      externalName: null,
      externalNamespace: null,
      default: null,
    });
  });

  it('types custom attributes: enum with display names, arrays and their items', async () => {
    const res = await stack.graphql<{
      userSchema: { clearance: Attribute; skills: Attribute; badge: Attribute };
    }>(
      `{ userSchema {
        clearance: attribute(name: "securityClearance") { ${ATTRIBUTE_FIELDS} }
        skills: attribute(name: "skills") { name type items { type } scope required }
        badge: attribute(name: "badgeNumber") { name type required description }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.userSchema).toEqual({
      clearance: {
        name: 'securityClearance',
        origin: 'CUSTOM',
        title: 'Data access clearance',
        description: 'The most sensitive data classification the person may handle',
        type: 'STRING',
        items: null,
        format: null,
        enum: ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'],
        oneOf: [
          { const: 'PUBLIC', title: 'Public' },
          { const: 'INTERNAL', title: 'Internal' },
          { const: 'CONFIDENTIAL', title: 'Confidential' },
          { const: 'RESTRICTED', title: 'Restricted' },
        ],
        pattern: null,
        minLength: null,
        maxLength: null,
        required: false,
        unique: null,
        mutability: 'READ_WRITE',
        scope: 'NONE',
        permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
        master: { type: 'PROFILE_MASTER', priority: [] },
        externalName: null,
        externalNamespace: null,
        default: null,
      },
      skills: {
        name: 'skills',
        type: 'ARRAY',
        items: { type: 'string' },
        scope: 'SELF',
        required: false,
      },
      badge: {
        name: 'badgeNumber',
        type: 'INTEGER',
        required: false,
        description: 'Number printed on the building access badge',
      },
    });
  });

  it('shows a custom attribute added through the schema API, required and unique', async () => {
    await stack.okta.transport.request({
      method: 'POST',
      path: '/api/v1/meta/schemas/user/default',
      body: {
        definitions: {
          custom: {
            id: '#custom',
            type: 'object',
            properties: {
              employeeBadgeId: {
                title: 'Employee badge id',
                type: 'string',
                required: true,
                unique: true,
                minLength: 6,
                maxLength: 12,
                permissions: [{ principal: 'SELF', action: 'HIDE' }],
              },
            },
          },
        },
      },
    });
    stack.oktaCalls.reset();
    const res = await stack.graphql<{ userSchema: { attribute: Attribute } }>(
      `{ userSchema { attribute(name: "employeeBadgeId") {
        name origin type required unique minLength maxLength permissions { principal action }
      } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.userSchema.attribute).toEqual({
      name: 'employeeBadgeId',
      origin: 'CUSTOM',
      type: 'STRING',
      required: true,
      unique: true,
      minLength: 6,
      maxLength: 12,
      permissions: [{ principal: 'SELF', action: 'HIDE' }],
    });
    await stack.okta.transport.request({
      method: 'POST',
      path: '/api/v1/meta/schemas/user/default',
      body: { definitions: { custom: { properties: { employeeBadgeId: null } } } },
    });
  });

  it('reads the schema once for every userSchema field of a request', async () => {
    const res = await stack.graphql<{ a: { name: string }; b: { title: string } }>(
      '{ a: userSchema { name } b: userSchema { title } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: { name: 'user' }, b: { title: 'Default Okta user' } });
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/meta/schemas/user/:schemaId': 1,
    });
  });

  it('reads a schema by its osc id, and answers null for an unknown one', async () => {
    const self = okta._links?.self;
    const schemaId = new URL((self as { href: string }).href).pathname.split('/').at(-1);
    expect(schemaId).toMatch(/^osc[A-Za-z0-9]{17}$/);
    const res = await stack.graphql<{ known: { id: string }; unknown: null }>(
      `query($id: ID) {
        known: userSchema(schemaId: $id) { id }
        unknown: userSchema(schemaId: "osc00000000000000000") { id }
      }`,
      { id: schemaId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      known: { id: `${new URL(okta.id).origin}/meta/schemas/user/${schemaId}` },
      unknown: null,
    });
  });

  it('refuses a schema id that is no Okta id, without an Okta call', async () => {
    const res = await stack.graphql('{ userSchema(schemaId: "../../users") { id } }');
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('refuses the schema to a caller without okta.schemas.read, without an Okta call', async () => {
    const res = await stack.graphql(
      '{ userSchema { name } }',
      {},
      { authorization: 'Scopes okta.users.read' },
    );
    expect(res.data).toEqual({ userSchema: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(stack.oktaCalls.total()).toBe(0);
  });
});
