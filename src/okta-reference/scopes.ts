/**
 * The OAuth scope Okta requires for each management API operation: the `security` of each
 * operation in Okta's OpenAPI document (test/fixtures/okta-management-openapi.yaml), for the
 * operations the gateway and the simulator know. The one table the simulator answers by (403
 * `insufficient_scope`) and the gateway derives each mutation's scopes from. A fact about Okta's
 * API, so it imports neither side. A `.manage` scope also grants its `.read`.
 *
 * Keys are `METHOD template`, the path parameters named as the simulator names them (any name
 * matches: `/api/v1/users/:id` and `/api/v1/users/{userId}` are the same route).
 */
export const OKTA_ROUTE_SCOPES = Object.freeze({
  'GET /api/v1/users': 'okta.users.read',
  'POST /api/v1/users': 'okta.users.manage',
  'GET /api/v1/users/:userId': 'okta.users.read',
  'POST /api/v1/users/:userId': 'okta.users.manage',
  'PUT /api/v1/users/:userId': 'okta.users.manage',
  'DELETE /api/v1/users/:userId': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/activate': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/reactivate': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/deactivate': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/suspend': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/unsuspend': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/unlock': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/reset_password': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/expire_password': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/expire_password_with_temp_password': 'okta.users.manage',
  'POST /api/v1/users/:userId/lifecycle/reset_factors': 'okta.users.manage',
  'POST /api/v1/users/:userId/credentials/change_password': 'okta.users.manage',
  'POST /api/v1/users/:userId/credentials/change_recovery_question': 'okta.users.manage',
  'POST /api/v1/users/:userId/credentials/forgot_password': 'okta.users.manage',
  'DELETE /api/v1/users/:userId/sessions': 'okta.users.manage',
  'GET /api/v1/users/:userId/groups': 'okta.users.read',
  'GET /api/v1/users/:userId/appLinks': 'okta.users.read',
  'GET /api/v1/users/:userId/factors': 'okta.users.read',
  'GET /api/v1/users/:userId/factors/:factorId': 'okta.users.read',
  'DELETE /api/v1/users/:userId/factors/:factorId': 'okta.users.manage',
  'GET /api/v1/users/:userId/roles': 'okta.roles.read',
  'POST /api/v1/users/:userId/roles': 'okta.roles.manage',
  'GET /api/v1/users/:userId/roles/:roleAssignmentId': 'okta.roles.read',
  'DELETE /api/v1/users/:userId/roles/:roleAssignmentId': 'okta.roles.manage',
  'GET /api/v1/groups': 'okta.groups.read',
  'POST /api/v1/groups': 'okta.groups.manage',
  'GET /api/v1/groups/:groupId': 'okta.groups.read',
  'PUT /api/v1/groups/:groupId': 'okta.groups.manage',
  'DELETE /api/v1/groups/:groupId': 'okta.groups.manage',
  'GET /api/v1/groups/:groupId/users': 'okta.groups.read',
  'PUT /api/v1/groups/:groupId/users/:userId': 'okta.groups.manage',
  'DELETE /api/v1/groups/:groupId/users/:userId': 'okta.groups.manage',
  'GET /api/v1/groups/:groupId/apps': 'okta.groups.read',
  'GET /api/v1/groups/:groupId/roles': 'okta.roles.read',
  'POST /api/v1/groups/:groupId/roles': 'okta.roles.manage',
  'GET /api/v1/groups/:groupId/roles/:roleAssignmentId': 'okta.roles.read',
  'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId': 'okta.roles.manage',
  'GET /api/v1/groups/rules': 'okta.groups.read',
  'POST /api/v1/groups/rules': 'okta.groups.manage',
  'GET /api/v1/groups/rules/:groupRuleId': 'okta.groups.read',
  'PUT /api/v1/groups/rules/:groupRuleId': 'okta.groups.manage',
  'DELETE /api/v1/groups/rules/:groupRuleId': 'okta.groups.manage',
  'POST /api/v1/groups/rules/:groupRuleId/lifecycle/activate': 'okta.groups.manage',
  'POST /api/v1/groups/rules/:groupRuleId/lifecycle/deactivate': 'okta.groups.manage',
  'GET /api/v1/apps': 'okta.apps.read',
  'POST /api/v1/apps': 'okta.apps.manage',
  'GET /api/v1/apps/:appId': 'okta.apps.read',
  'PUT /api/v1/apps/:appId': 'okta.apps.manage',
  'DELETE /api/v1/apps/:appId': 'okta.apps.manage',
  'POST /api/v1/apps/:appId/lifecycle/activate': 'okta.apps.manage',
  'POST /api/v1/apps/:appId/lifecycle/deactivate': 'okta.apps.manage',
  'GET /api/v1/apps/:appId/users': 'okta.apps.read',
  'POST /api/v1/apps/:appId/users': 'okta.apps.manage',
  'GET /api/v1/apps/:appId/users/:userId': 'okta.apps.read',
  'POST /api/v1/apps/:appId/users/:userId': 'okta.apps.manage',
  'DELETE /api/v1/apps/:appId/users/:userId': 'okta.apps.manage',
  'GET /api/v1/apps/:appId/groups': 'okta.apps.read',
  'GET /api/v1/apps/:appId/groups/:groupId': 'okta.apps.read',
  'PUT /api/v1/apps/:appId/groups/:groupId': 'okta.apps.manage',
  'DELETE /api/v1/apps/:appId/groups/:groupId': 'okta.apps.manage',
  // The spec guards grants with their own scopes, not okta.apps.*.
  'GET /api/v1/apps/:appId/grants': 'okta.appGrants.read',
  'POST /api/v1/apps/:appId/grants': 'okta.appGrants.manage',
  'GET /api/v1/apps/:appId/grants/:grantId': 'okta.appGrants.read',
  'DELETE /api/v1/apps/:appId/grants/:grantId': 'okta.appGrants.manage',
  'GET /api/v1/eventHooks': 'okta.eventHooks.read',
  'POST /api/v1/eventHooks': 'okta.eventHooks.manage',
  'GET /api/v1/eventHooks/:eventHookId': 'okta.eventHooks.read',
  'PUT /api/v1/eventHooks/:eventHookId': 'okta.eventHooks.manage',
  'DELETE /api/v1/eventHooks/:eventHookId': 'okta.eventHooks.manage',
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate': 'okta.eventHooks.manage',
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate': 'okta.eventHooks.manage',
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify': 'okta.eventHooks.manage',
  'GET /api/v1/logs': 'okta.logs.read',
  'GET /api/v1/meta/schemas/user/:schemaId': 'okta.schemas.read',
  'POST /api/v1/meta/schemas/user/:schemaId': 'okta.schemas.manage',
} as const);

/** An operation of the table: `METHOD template`. */
export type OktaOperation = keyof typeof OKTA_ROUTE_SCOPES;
/** A scope some operation of the table requires. */
export type OktaRouteScope = (typeof OKTA_ROUTE_SCOPES)[OktaOperation];

/** `METHOD /a/:x/b` and `METHOD /a/{y}/b` are one operation: parameters compare by position. */
const shape = (operation: string) => operation.replace(/\/(?::[^/]+|\{[^/}]+\})/g, '/{}');

const BY_SHAPE: ReadonlyMap<string, OktaRouteScope> = new Map(
  Object.entries(OKTA_ROUTE_SCOPES).map(([operation, scope]) => [shape(operation), scope]),
);

/**
 * The scope Okta requires for `method` on a route template (parameters in any naming), or
 * undefined for an operation this table does not know.
 */
export function scopeOfOperation(method: string, template: string): OktaRouteScope | undefined {
  return BY_SHAPE.get(shape(`${method.toUpperCase()} ${template}`));
}

/** Whether `held` grants `scope`: itself, or for `okta.x.read`, `okta.x.manage`. */
export function scopeGranted(held: ReadonlySet<string>, scope: string): boolean {
  if (held.has(scope)) return true;
  return scope.endsWith('.read') && held.has(`${scope.slice(0, -'.read'.length)}.manage`);
}
