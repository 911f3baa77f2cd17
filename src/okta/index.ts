/**
 * The Okta client's public surface, for the floors above: the client (client.ts), its transport
 * (transport.ts), the OktaError family, Okta's models and the expression builder.
 */
export * from './access-models.ts';
export { ApplicationsApi } from './applications.ts';
export type { OktaCredentials } from './auth.ts';
export { createOktaClient, type OktaClient } from './client.ts';
export * from './errors.ts';
export { EventHooksApi } from './event-hooks.ts';
/** Search and filter expressions with values escaped: `expression.eq('profile.login', login)`. */
export * as expression from './expression.ts';
export { FactorsApi } from './factors.ts';
export { GroupRulesApi } from './group-rules.ts';
export { GroupsApi } from './groups.ts';
export type * from './http.ts';
export { type LogPoll, type LogPollStart, SystemLogApi } from './logs.ts';
export * from './models.ts';
export { callerSpender, SYSTEM_SPENDERS } from './rate-limit.ts';
export type { RequestScope } from './resource.ts';
export { RolesApi } from './roles.ts';
export { SchemasApi } from './schemas.ts';
export {
  createOktaTransport,
  type OktaClientTransport,
  type OktaTransportOptions,
} from './transport.ts';
export { UsersApi } from './users.ts';
