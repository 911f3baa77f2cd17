/**
 * The typed client for the gateway: `createGatewayClient` and, from `npm run codegen`, one typed
 * document per operation in `schema/operations/` (`UserByIdDocument`, …) with its result and
 * variables types (`UserByIdQuery`, `UserByIdQueryVariables`, …).
 */
import possibleTypesResult from './generated/possible-types.ts';

export {
  createGatewayClient,
  type GatewayCallOptions,
  type GatewayClient,
  type GatewayClientOptions,
  type GatewayResult,
  type VariablesArgs,
} from './client.ts';
export { GatewayError, type GatewayGraphQLError, GatewayRequestError } from './errors.ts';
export * from './generated/graphql.ts';
export type { PersistedDocuments } from './persisted-documents.ts';

/**
 * The members of each union and interface of the schema (from `npm run codegen`), for normalised
 * caches: `new InMemoryCache({ possibleTypes })` (Apollo Client) or `cacheExchange({
 * possibleTypes })` (urql Graphcache). Without it they cannot tell which member a fragment such as
 * `... on Error` inside a mutation's result matches.
 */
export const possibleTypes = possibleTypesResult.possibleTypes;
