import { isDeepStrictEqual } from 'node:util';
import { oktaErrors } from '../errors.ts';
import {
  BASE_ATTRIBUTES,
  customAttributeDefinition,
  renderUserSchema,
  resolveUserSchemaId,
  type SchemaAttribute,
} from '../profile.ts';
import { ok, type Route, type SimContext } from '../router.ts';

/**
 * The user schema API (docs/okta-behaviour.md §6): the default user type's profile schema,
 * Okta's fixed `#base` attributes plus the org's `#custom` ones.
 */

function schemaIdOf(ctx: SimContext): string {
  const schemaId = resolveUserSchemaId(ctx.org, ctx.params.schemaId as string);
  if (!schemaId) throw oktaErrors.notFound(ctx.params.schemaId as string, 'UserSchema');
  return schemaId;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

export const schemasRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/meta/schemas/user/:schemaId',
    handler: (ctx) => ok(renderUserSchema(ctx.org, schemaIdOf(ctx))),
  },
  {
    method: 'POST',
    path: '/api/v1/meta/schemas/user/:schemaId',
    handler(ctx) {
      const schemaId = schemaIdOf(ctx);
      const body = asObject(ctx.body);
      if (!body) throw oktaErrors.malformedBody();
      const definitions = asObject(body.definitions) ?? {};

      // Base properties are Okta's: a request may carry them back unchanged (a client that
      // GETs, edits custom and POSTs the whole document), but the simulator keeps them fixed.
      const baseSent = asObject(asObject(definitions.base)?.properties) ?? {};
      for (const [name, sent] of Object.entries(baseSent)) {
        const known = BASE_ATTRIBUTES[name];
        if (!known || !isDeepStrictEqual(sent, known)) {
          throw oktaErrors.validation(name, [
            `${name}: Base properties of the user schema cannot be changed`,
          ]);
        }
      }

      // Validate every change first, so that a rejected request changes nothing.
      const customSent = asObject(asObject(definitions.custom)?.properties) ?? {};
      const changes = new Map<string, SchemaAttribute | null>();
      for (const [name, sent] of Object.entries(customSent)) {
        if (sent === null) {
          changes.set(name, null);
          continue;
        }
        const clash = Object.keys(BASE_ATTRIBUTES).find(
          (b) => b.toLowerCase() === name.toLowerCase(),
        );
        if (clash) {
          throw oktaErrors.validation(name, [
            `${name}: A property with this name already exists in the base schema`,
          ]);
        }
        const result = customAttributeDefinition(name, sent, ctx.org.customSchema.get(name));
        if ('causes' in result) throw oktaErrors.validation(name, result.causes);
        changes.set(name, result.definition);
      }

      for (const [name, definition] of changes) {
        if (definition) {
          ctx.org.customSchema.set(name, definition);
          continue;
        }
        if (!ctx.org.customSchema.delete(name)) continue;
        // Removing a property removes its values from every profile.
        for (const user of ctx.org.users.values()) {
          if (!(name in user.profile)) continue;
          delete user.profile[name];
          ctx.org.saveUser(user);
        }
      }
      if (changes.size > 0) ctx.org.schemaLastUpdated = ctx.org.now();
      return ok(renderUserSchema(ctx.org, schemaId));
    },
  },
];
