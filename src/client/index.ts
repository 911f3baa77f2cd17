/**
 * The typed client for the gateway: `createGatewayClient` and, from `npm run codegen`, one typed
 * document per operation in `schema/operations/` (`UserByIdDocument`, …) with its result and
 * variables types (`UserByIdQuery`, `UserByIdQueryVariables`, …); and what normalised caches
 * (Apollo Client, urql Graphcache) need to give back what the gateway sent: `possibleTypes`,
 * `typePolicies`, `graphcacheKeys`.
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

/**
 * The System Log's value types that carry an Okta `id` without being an entity of the graph:
 * each object is a snapshot written with its event (the actor's `alternateId`, `displayName` and
 * `detailEntry` as they were when the event was written, a target's `changeDetails`, a
 * behaviour's `result` for that event). A normalised cache keys any object with an `id` by
 * `__typename:id`, and would merge the snapshots of one actor or target across all the events
 * that name it into one entry: every event would show the values of one of them (after a user's
 * login changed, the older events the new login, or the newer ones the old).
 * `test/client/cache-settings.test.ts` checks that these are the object types with an `id` under
 * `LogEvent` (down to the first `Node`).
 */
const LOG_SNAPSHOT_TYPES = [
  'LogActor',
  'LogClient',
  'LogIssuer',
  'LogTarget',
  'LogTransaction',
  'LogUserBehavior',
] as const;
type LogSnapshotType = (typeof LOG_SNAPSHOT_TYPES)[number];

/**
 * Apollo Client's type policies that keep the System Log's snapshots (`LogActor`, `LogTarget`,
 * …, see above) inside their event instead of normalising them by `id`: `new InMemoryCache({
 * possibleTypes, typePolicies })`. Without them the cache shows, for every event that names one
 * actor or target, the values of one of those events (the first in an answer, or a later
 * answer's). The entities with an `id` (the `Node` types, `Factor`, `RoleAssignment`, …) stay
 * normalised. Spread them into an app's own policies (`{ ...typePolicies, User: { … } }`) when it
 * has some.
 */
export const typePolicies = Object.fromEntries(
  LOG_SNAPSHOT_TYPES.map((typename) => [typename, { keyFields: false }]),
) as Record<LogSnapshotType, { keyFields: false }>;

/**
 * The same for urql Graphcache: `cacheExchange({ possibleTypes, keys: graphcacheKeys })`, a key
 * of `null` for each System Log snapshot type, which embeds it in its event (and tells Graphcache
 * that this is meant, so it gives no "Invalid key" warning for them).
 */
export const graphcacheKeys = Object.fromEntries(
  LOG_SNAPSHOT_TYPES.map((typename) => [typename, () => null]),
) as Record<LogSnapshotType, () => null>;
