import { OktaInvalidIdError } from './errors.ts';
import { isOktaId } from './expression.ts';
import type { UserSchema } from './models.ts';
import { OktaResource } from './resource.ts';

/** Okta's Schemas API, the part the gateway reads: user profile attribute metadata. */
export class SchemasApi extends OktaResource {
  /**
   * The user schema of a user type: `default` (the default type) or a schema id (`osc…`). Its
   * `definitions.custom.properties` are the org's custom profile attributes.
   */
  async getUserSchema(schemaId = 'default'): Promise<UserSchema> {
    if (schemaId !== 'default' && !isOktaId(schemaId)) {
      throw new OktaInvalidIdError('UserSchema', schemaId);
    }
    return this.fetchOne('UserSchema', schemaId, {
      method: 'GET',
      path: `/api/v1/meta/schemas/user/${schemaId}`,
    });
  }
}
