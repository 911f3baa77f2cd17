import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { OktaScope } from '../caller.ts';
import type { Context } from '../context.ts';
import { isOktaId } from '../okta/expression.ts';
import { OktaInvalidIdError } from '../okta/index.ts';
import ForwardConnectionsPlugin, { BACKWARD_PAGING } from './forward-connections.ts';
import { MissingScopeError } from './graphql-errors.ts';
import { startIdOnlyFields } from './id-only-fields.ts';
import { nodeTypeOf, parsePairId } from './id-prefixes.ts';
import { orNull } from './not-found-as-null.ts';

// Workflows read the scope type from here.

/** The scopes Okta requires to read each node type (an access path reads memberships too). */
const NODE_READ_SCOPES: Record<string, readonly OktaScope[]> = {
  User: ['okta.users.read'],
  Group: ['okta.groups.read'],
  Application: ['okta.apps.read'],
  EventHook: ['okta.eventHooks.read'],
  GroupRule: ['okta.groups.read'],
  ApplicationUser: ['okta.apps.read'],
  ApplicationGroup: ['okta.apps.read'],
  AccessPath: ['okta.apps.read', 'okta.groups.read'],
};

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { okta: OktaScope };
  Scalars: {
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // scope-auth wraps every resolver first, so nothing (no loader, no Okta call) runs for a caller
  // without the scope; errors must wrap dataloader's loads; forwardConnections only edits the
  // schema (connection arguments). What an operation may cost is its Okta plan (src/planner/),
  // checked before it runs.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin, ForwardConnectionsPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ okta: (scope: OktaScope) => ctx.caller.has(scope) }),
    // A field-level refusal: the rest of the answer stands, so the response stays 200.
    unauthorizedError: (_parent, _ctx, info) => new MissingScopeError(info.fieldName),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Okta pages forward only: forward-connections.ts takes these two off every connection.
    beforeArgOptions: { extensions: { [BACKWARD_PAGING]: true } },
    lastArgOptions: { extensions: { [BACKWARD_PAGING]: true } },
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    // Okta ids are GraphQL ids as they are; the prefix (00u, 00g, 0oa, who) tells the type. An
    // assignment, which Okta names by a pair, has an id the graph mints (id-prefixes.ts).
    encodeGlobalID: (_typename, id) => String(id),
    // A value that is neither an Okta id nor a pair id is refused before any lookup
    // (BAD_USER_INPUT).
    decodeGlobalID: (globalID) => {
      if (isOktaId(globalID)) return { typename: nodeTypeOf(globalID), id: globalID };
      const pair = parsePairId(globalID);
      if (!pair) throw new OktaInvalidIdError('id', globalID);
      return { typename: pair.typename, id: globalID };
    },
    // `node(id)` checks the type's read scope before loading, so a caller without it costs no
    // Okta call (type-level scopes would only run after the load).
    nodeQueryOptions: {
      resolve: (_root, { id }, ctx, info, resolveNode) => {
        // An Okta id of a kind the graph does not serve (a policy, a factor…) names no node.
        if (!id.typename) return null;
        const scopes = NODE_READ_SCOPES[id.typename] ?? [];
        if (!scopes.every((scope) => ctx.caller.has(scope))) throw new MissingScopeError('node');
        // What needs only the id starts now, beside the node's own fetch (id-only-fields.ts).
        startIdOnlyFields(id.id, id.typename, info, ctx);
        // A well-formed id that names nothing is an answer (null), as user(id) and the other
        // single lookups answer it; a malformed id was refused by decodeGlobalID above.
        return orNull(Promise.resolve(resolveNode(id)));
      },
    },
    nodesQueryOptions: false,
    nodesOnConnection: true,
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});
