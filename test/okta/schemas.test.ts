import { describe, expect, it } from 'vitest';
import { OktaInvalidIdError, type OktaNotFoundError } from '../../src/okta/errors.ts';
import { rejectionOf, useOktaClient } from './support.ts';

const t = useOktaClient({ size: 'empty' });

describe('schemas.getUserSchema', () => {
  it("reads the default user schema with Okta's base attributes", async () => {
    const schema = await t.okta.schemas.getUserSchema();
    expect([
      schema.id,
      schema.name,
      schema.definitions.base.required,
      schema.definitions.base.properties.login?.type,
      schema.properties.profile.allOf,
    ]).toEqual([
      `${t.h.sim.url}/meta/schemas/user/default`,
      'user',
      ['login', 'firstName', 'lastName', 'email'],
      'string',
      [{ $ref: '#/definitions/base' }, { $ref: '#/definitions/custom' }],
    ]);
  });

  it('lists the custom profile attributes of the org', async () => {
    await t.h.api('POST', '/api/v1/meta/schemas/user/default', {
      body: {
        definitions: {
          custom: {
            id: '#custom',
            type: 'object',
            properties: {
              costCenterCode: {
                title: 'Cost center code',
                description: 'Finance cost center',
                type: 'string',
                maxLength: 20,
                permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
              },
            },
          },
        },
      },
    });
    const schema = await t.okta.schemas.getUserSchema();
    expect(
      Object.entries(schema.definitions.custom.properties).map(([name, attribute]) => [
        name,
        attribute.title,
        attribute.type,
        attribute.maxLength,
      ]),
    ).toEqual([['costCenterCode', 'Cost center code', 'string', 20]]);
  });

  it('reads the schema by its osc… id', async () => {
    const byDefault = await t.okta.schemas.getUserSchema();
    const self = byDefault._links?.self as { href: string } | undefined;
    const schemaId = new URL(self?.href ?? 'http://missing/').pathname.split('/').at(-1) as string;
    const byId = await t.okta.schemas.getUserSchema(schemaId);
    expect([schemaId.slice(0, 3), byId.definitions]).toEqual(['osc', byDefault.definitions]);
  });

  it('throws OktaNotFoundError for a schema Okta does not know', async () => {
    const error = (await rejectionOf(
      t.okta.schemas.getUserSchema('oscNOSUCHSCHEMA00000'),
    )) as OktaNotFoundError;
    expect([error.resource, error.id]).toEqual(['UserSchema', 'oscNOSUCHSCHEMA00000']);
  });

  it('refuses a schema id that is neither default nor an Okta id, before any call', async () => {
    const before = t.h.sim.requests.total();
    const error = await rejectionOf(t.okta.schemas.getUserSchema('default/../../../users'));
    expect([error instanceof OktaInvalidIdError, t.h.sim.requests.total()]).toEqual([true, before]);
  });
});
