/**
 * The Okta client: one module per Okta resource (users.ts, groups.ts, …) over one transport
 * (transport.ts), and the same client bound to one caller's deadline and cancellation.
 */
import { ApplicationsApi } from './applications.ts';
import { EventHooksApi } from './event-hooks.ts';
import { FactorsApi } from './factors.ts';
import { GroupRulesApi } from './group-rules.ts';
import { GroupsApi } from './groups.ts';
import type { OktaTransport } from './http.ts';
import { SystemLogApi } from './logs.ts';
import { type GatewayPrincipal, gatewayPrincipal } from './principal.ts';
import type { RequestScope } from './resource.ts';
import { RolesApi } from './roles.ts';
import { SchemasApi } from './schemas.ts';
import {
  createOktaTransport,
  type OktaClientTransport,
  type OktaTransportOptions,
} from './transport.ts';
import { UsersApi } from './users.ts';

/** The Okta client: one module per Okta resource over one transport. */
export interface OktaClient<Transport extends OktaTransport = OktaClientTransport> {
  users: UsersApi;
  groups: GroupsApi;
  applications: ApplicationsApi;
  eventHooks: EventHooksApi;
  logs: SystemLogApi;
  schemas: SchemasApi;
  groupRules: GroupRulesApi;
  roles: RolesApi;
  factors: FactorsApi;
  /** Instrumentation (`onCall`), the rate-limit view (`rateLimits`) and `close`. */
  transport: Transport;
  /** The same client with every call bound to one caller's deadline and cancellation. */
  scoped(scope: RequestScope): OktaClient<Transport>;
  /**
   * The Okta user the gateway acts as (the API token's admin), null with a service app; writes
   * naming it are refused (OktaGatewayPrincipalError).
   */
  gatewayPrincipal(): Promise<string | null>;
}

/**
 * A client for one Okta org: from the org URL and credential (the transport is built here), or
 * over a transport built elsewhere.
 */
export function createOktaClient(options: OktaTransportOptions): OktaClient<OktaClientTransport>;
export function createOktaClient<Transport extends OktaTransport>(options: {
  transport: Transport;
}): OktaClient<Transport>;
export function createOktaClient(
  options: OktaTransportOptions | { transport: OktaTransport },
): OktaClient<OktaTransport> {
  const transport = 'transport' in options ? options.transport : createOktaTransport(options);
  const isApiToken = 'credentials' in options && 'apiToken' in options.credentials;
  const principal = gatewayPrincipal(transport, isApiToken);
  return clientOver(principal.guard(transport), {}, principal);
}

function clientOver<Transport extends OktaTransport>(
  transport: Transport,
  scope: RequestScope,
  principal: GatewayPrincipal,
): OktaClient<Transport> {
  return {
    users: new UsersApi(transport, scope),
    groups: new GroupsApi(transport, scope),
    applications: new ApplicationsApi(transport, scope),
    eventHooks: new EventHooksApi(transport, scope),
    logs: new SystemLogApi(transport, scope),
    schemas: new SchemasApi(transport, scope),
    groupRules: new GroupRulesApi(transport, scope),
    roles: new RolesApi(transport, scope),
    factors: new FactorsApi(transport, scope),
    transport,
    scoped: (next) => clientOver(transport, { ...scope, ...next }, principal),
    gatewayPrincipal: principal.userId,
  };
}
