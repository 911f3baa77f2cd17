/**
 * The typed client for the gateway: `createGatewayClient` and, from `npm run codegen`, one typed
 * document per operation in `schema/operations/` (`UserByIdDocument`, …) with its result and
 * variables types (`UserByIdQuery`, `UserByIdQueryVariables`, …).
 */
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
