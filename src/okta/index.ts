import { ApplicationsApi } from './applications.ts';
import { EventHooksApi } from './event-hooks.ts';
import { GroupsApi } from './groups.ts';
import type { OktaTransport } from './http.ts';
import { SystemLogApi } from './logs.ts';
import type { RequestScope } from './resource.ts';
import { SchemasApi } from './schemas.ts';
import { UsersApi } from './users.ts';

export * from './errors.ts';
export type * from './http.ts';
export type { LogPoll, LogPollStart } from './logs.ts';
export type * from './models.ts';
export type { RequestScope } from './resource.ts';
export { ApplicationsApi, EventHooksApi, GroupsApi, SchemasApi, SystemLogApi, UsersApi };

/** The Okta client: one module per Okta resource over one transport. */
export interface OktaClient {
  users: UsersApi;
  groups: GroupsApi;
  applications: ApplicationsApi;
  eventHooks: EventHooksApi;
  logs: SystemLogApi;
  schemas: SchemasApi;
  transport: OktaTransport;
  /** The same client with every call bound to one caller's deadline and cancellation. */
  scoped(scope: RequestScope): OktaClient;
}

export interface OktaClientOptions {
  transport: OktaTransport;
}

export function createOktaClient(options: OktaClientOptions): OktaClient {
  return clientOver(options.transport, {});
}

function clientOver(transport: OktaTransport, scope: RequestScope): OktaClient {
  return {
    users: new UsersApi(transport, scope),
    groups: new GroupsApi(transport, scope),
    applications: new ApplicationsApi(transport, scope),
    eventHooks: new EventHooksApi(transport, scope),
    logs: new SystemLogApi(transport, scope),
    schemas: new SchemasApi(transport, scope),
    transport,
    scoped: (next) => clientOver(transport, { ...scope, ...next }),
  };
}
