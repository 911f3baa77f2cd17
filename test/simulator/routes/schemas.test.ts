import { describe, expect, it } from 'vitest';
import { defaultUserSchemaId } from '../../../src/simulator/profile.ts';
import { useSimulator } from '../../support/simulator.ts';

interface UserSchema {
  id: string;
  $schema: string;
  name: string;
  title: string;
  created: string;
  lastUpdated: string;
  type: string;
  definitions: {
    base: {
      id: string;
      type: string;
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    custom: {
      id: string;
      type: string;
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
  };
  properties: { profile: { allOf: { $ref: string }[] } };
  _links: Record<string, { href: string }>;
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const SCHEMA = '/api/v1/meta/schemas/user/default';

describe('user schema API', () => {
  const h = useSimulator({ size: 'empty' });

  it('serves the default schema with Okta base attributes and the four required ones', async () => {
    const res = await h.api<UserSchema>('GET', SCHEMA);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(`${h.sim.url}/meta/schemas/user/default`);
    expect(res.body.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(res.body.name).toBe('user');
    expect(res.body.type).toBe('object');
    expect(res.body.definitions.base.id).toBe('#base');
    expect(res.body.definitions.base.required).toEqual(['login', 'firstName', 'lastName', 'email']);
    expect(res.body.definitions.base.properties.login).toEqual({
      title: 'Username',
      type: 'string',
      required: true,
      mutability: 'READ_WRITE',
      scope: 'NONE',
      minLength: 5,
      maxLength: 100,
      permissions: [{ principal: 'SELF', action: 'READ_WRITE' }],
      master: { type: 'PROFILE_MASTER' },
    });
    expect(res.body.definitions.base.properties.email?.format).toBe('email');
    expect(Object.keys(res.body.definitions.base.properties)).toHaveLength(31);
    expect(res.body.properties.profile.allOf).toEqual([
      { $ref: '#/definitions/base' },
      { $ref: '#/definitions/custom' },
    ]);
  });

  it('serves the same schema by the default user type schema id', async () => {
    const schemaId = defaultUserSchemaId(h.sim.org);
    const res = await h.api<UserSchema>('GET', `/api/v1/meta/schemas/user/${schemaId}`);
    expect(res.status).toBe(200);
    expect(schemaId).toMatch(/^osc[0-9A-Za-z]{17}$/);
    expect(res.body.id).toBe(`${h.sim.url}/meta/schemas/user/${schemaId}`);
    expect(res.body._links.self?.href).toBe(`${h.sim.url}/api/v1/meta/schemas/user/${schemaId}`);
    expect(res.body._links.type?.href).toBe(
      `${h.sim.url}/api/v1/meta/types/user/${h.sim.org.defaultUserTypeId}`,
    );
  });

  it('answers an unknown schema id with 404 E0000007', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/meta/schemas/user/oscNope');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000007');
    expect(res.body.errorSummary).toBe('Not found: Resource not found: oscNope (UserSchema)');
  });

  it('adds a custom property with Okta defaults and advances lastUpdated', async () => {
    const before = await h.api<UserSchema>('GET', SCHEMA);
    const res = await h.api<UserSchema>('POST', SCHEMA, {
      body: {
        definitions: {
          custom: {
            id: '#custom',
            type: 'object',
            properties: {
              costCode: { title: 'Cost code', type: 'string', minLength: 2, maxLength: 8 },
            },
            required: [],
          },
        },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.definitions.custom.properties.costCode).toEqual({
      title: 'Cost code',
      type: 'string',
      minLength: 2,
      maxLength: 8,
      mutability: 'READ_WRITE',
      scope: 'NONE',
      permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
      master: { type: 'PROFILE_MASTER' },
    });
    expect(res.body.lastUpdated > before.body.lastUpdated).toBe(true);
    const again = await h.api<UserSchema>('GET', SCHEMA);
    expect(again.body.definitions.custom.properties.costCode?.title).toBe('Cost code');
  });

  it('lists a required custom property in the custom required list', async () => {
    const res = await h.api<UserSchema>('POST', SCHEMA, {
      body: {
        definitions: {
          custom: { properties: { badge: { title: 'Badge', type: 'integer', required: true } } },
        },
      },
    });
    expect(res.body.definitions.custom.required).toEqual(['badge']);
    await h.api('POST', SCHEMA, {
      body: { definitions: { custom: { properties: { badge: null } } } },
    });
  });

  it('validates user profiles against a custom property added through the API', async () => {
    await h.api('POST', SCHEMA, {
      body: {
        definitions: { custom: { properties: { level: { title: 'Level', type: 'integer' } } } },
      },
    });
    const profile = {
      login: 'typed@example.com',
      email: 'typed@example.com',
      firstName: 'Ty',
      lastName: 'Ped',
    };
    const bad = await h.api<OktaError>('POST', '/api/v1/users?activate=false', {
      body: { profile: { ...profile, level: 'three' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errorSummary).toBe('Api validation failed: level');
    expect(bad.body.errorCauses).toEqual([
      { errorSummary: 'level: The value must be of type integer' },
    ]);
    const good = await h.api<{ profile: Record<string, unknown> }>(
      'POST',
      '/api/v1/users?activate=false',
      {
        body: { profile: { ...profile, level: 3 } },
      },
    );
    expect(good.status).toBe(200);
    expect(good.body.profile.level).toBe(3);
  });

  it('removes a custom property set to null, and its values from every profile', async () => {
    await h.api('POST', SCHEMA, {
      body: {
        definitions: {
          custom: { properties: { nickCode: { title: 'Nick code', type: 'string' } } },
        },
      },
    });
    const created = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
      body: {
        profile: {
          login: 'nick.code@example.com',
          email: 'nick.code@example.com',
          firstName: 'Nick',
          lastName: 'Code',
          nickCode: 'nc',
        },
      },
    });
    const res = await h.api<UserSchema>('POST', SCHEMA, {
      body: { definitions: { custom: { properties: { nickCode: null } } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.definitions.custom.properties.nickCode).toBeUndefined();
    const user = await h.api<{ profile: Record<string, unknown> }>(
      'GET',
      `/api/v1/users/${created.body.id}`,
    );
    expect(user.body.profile).toEqual({
      login: 'nick.code@example.com',
      email: 'nick.code@example.com',
      firstName: 'Nick',
      lastName: 'Code',
    });
  });

  it('refuses a custom property of an unknown type with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', SCHEMA, {
      body: { definitions: { custom: { properties: { shoe: { title: 'Shoe', type: 'date' } } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('E0000001');
    expect(res.body.errorSummary).toBe('Api validation failed: shoe');
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'shoe: The type must be one of string, boolean, number, integer, array' },
    ]);
  });

  it('refuses a custom property without a title', async () => {
    const res = await h.api<OktaError>('POST', SCHEMA, {
      body: { definitions: { custom: { properties: { untitled: { type: 'string' } } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'untitled: The field cannot be left blank (title)' },
    ]);
  });

  it('refuses a custom property whose name clashes with a base property in any case', async () => {
    const res = await h.api<OktaError>('POST', SCHEMA, {
      body: {
        definitions: { custom: { properties: { FirstName: { title: 'F', type: 'string' } } } },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: FirstName');
  });

  it('refuses changing the type of an existing custom property', async () => {
    await h.api('POST', SCHEMA, {
      body: {
        definitions: { custom: { properties: { seat: { title: 'Seat', type: 'string' } } } },
      },
    });
    const res = await h.api<OktaError>('POST', SCHEMA, {
      body: { definitions: { custom: { properties: { seat: { type: 'integer' } } } } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorCauses).toEqual([
      { errorSummary: 'seat: The type of an existing property cannot be changed' },
    ]);
  });

  it('accepts the whole schema posted back unchanged', async () => {
    const current = await h.api<UserSchema>('GET', SCHEMA);
    const res = await h.api<UserSchema>('POST', SCHEMA, { body: current.body });
    expect(res.status).toBe(200);
    expect(res.body.definitions).toEqual(current.body.definitions);
  });

  it('refuses a change to a base property with 400 E0000001', async () => {
    const res = await h.api<OktaError>('POST', SCHEMA, {
      body: {
        definitions: {
          base: { properties: { firstName: { title: 'Given name', type: 'string' } } },
        },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errorSummary).toBe('Api validation failed: firstName');
  });
});
