/**
 * Which Okta operations each mutation makes, and so which scopes it requires: every scope Okta
 * itself would require for those operations (src/okta-reference/scopes.ts), so that a caller
 * never gets through the gateway a write its scopes would not get from Okta. A mutation's reads
 * count too (a `.manage` scope grants its `.read`). Rows with `when` apply only when the named
 * optional input is given: `createUser(input: { groupIds })` also adds to groups, so it also
 * needs okta.groups.manage. test/schema/mutation-operations.test.ts runs every mutation and
 * checks that each route it calls is in its row.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { OktaScope } from '../caller.ts';
import type { Context } from '../context.ts';
import { OKTA_ROUTE_SCOPES, type OktaOperation } from '../okta-reference/scopes.ts';

type Args = Record<string, unknown>;

interface Operations {
  calls: readonly OktaOperation[];
  /** Only when this argument path holds a value (a non-empty list, for a list). */
  when?: readonly string[];
}

const USER_READ = 'GET /api/v1/users/:userId';
const USER_LIST = 'GET /api/v1/users';
const GROUP_READ = 'GET /api/v1/groups/:groupId';
const APP_READ = 'GET /api/v1/apps/:appId';
// The general event-hook mutations list the hooks to tell the gateway's own hook apart.
const HOOK_READ = ['GET /api/v1/eventHooks', 'GET /api/v1/eventHooks/:eventHookId'] as const;
const lifecycle = (action: string) =>
  `POST /api/v1/users/:userId/lifecycle/${action}` as OktaOperation;

/** A user mutation: the user read (by id, or a search batch), then the write. */
const onUser = (...writes: OktaOperation[]): Operations[] => [
  { calls: [USER_READ, USER_LIST, ...writes] },
];

export const MUTATION_OPERATIONS = {
  createUser: [
    { calls: ['POST /api/v1/users'] },
    // Okta takes `groupIds` in the create call itself; what it does is add memberships.
    { when: ['input', 'groupIds'], calls: ['PUT /api/v1/groups/:groupId/users/:userId'] },
  ],
  updateUser: onUser('POST /api/v1/users/:userId', 'PUT /api/v1/users/:userId'),
  activateUser: onUser(lifecycle('activate')),
  reactivateUser: onUser(lifecycle('reactivate')),
  deactivateUser: onUser(lifecycle('deactivate')),
  suspendUser: onUser(lifecycle('suspend')),
  unsuspendUser: onUser(lifecycle('unsuspend')),
  unlockUser: onUser(lifecycle('unlock')),
  deleteUser: onUser(lifecycle('deactivate'), 'DELETE /api/v1/users/:userId'),
  changePassword: onUser('POST /api/v1/users/:userId/credentials/change_password'),
  changeRecoveryQuestion: onUser('POST /api/v1/users/:userId/credentials/change_recovery_question'),
  setPassword: onUser('PUT /api/v1/users/:userId', 'POST /api/v1/users/:userId'),
  resetPassword: onUser(lifecycle('reset_password')),
  expirePassword: onUser(
    lifecycle('expire_password'),
    lifecycle('expire_password_with_temp_password'),
  ),
  resetFactors: onUser(lifecycle('reset_factors')),
  clearUserSessions: onUser('DELETE /api/v1/users/:userId/sessions'),
  createGroup: [{ calls: ['POST /api/v1/groups'] }],
  updateGroup: [{ calls: [GROUP_READ, 'PUT /api/v1/groups/:groupId'] }],
  deleteGroup: [{ calls: [GROUP_READ, 'DELETE /api/v1/groups/:groupId'] }],
  addUserToGroup: [
    { calls: [GROUP_READ, USER_READ, USER_LIST, 'PUT /api/v1/groups/:groupId/users/:userId'] },
  ],
  removeUserFromGroup: [
    { calls: [GROUP_READ, USER_READ, USER_LIST, 'DELETE /api/v1/groups/:groupId/users/:userId'] },
  ],
  activateApplication: [{ calls: [APP_READ, 'POST /api/v1/apps/:appId/lifecycle/activate'] }],
  deactivateApplication: [{ calls: [APP_READ, 'POST /api/v1/apps/:appId/lifecycle/deactivate'] }],
  assignUserToApplication: [{ calls: [APP_READ, USER_READ, 'POST /api/v1/apps/:appId/users'] }],
  unassignUserFromApplication: [
    {
      calls: [
        APP_READ,
        USER_READ,
        'GET /api/v1/apps/:appId/users/:userId',
        'DELETE /api/v1/apps/:appId/users/:userId',
      ],
    },
  ],
  assignGroupToApplication: [
    { calls: [APP_READ, GROUP_READ, 'PUT /api/v1/apps/:appId/groups/:groupId'] },
  ],
  unassignGroupFromApplication: [
    { calls: [APP_READ, GROUP_READ, 'DELETE /api/v1/apps/:appId/groups/:groupId'] },
  ],
  createEventHook: [{ calls: ['POST /api/v1/eventHooks'] }],
  updateEventHook: [{ calls: [...HOOK_READ, 'PUT /api/v1/eventHooks/:eventHookId'] }],
  activateEventHook: [
    { calls: [...HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate'] },
  ],
  deactivateEventHook: [
    { calls: [...HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate'] },
  ],
  verifyEventHook: [
    { calls: [...HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify'] },
  ],
  deleteEventHook: [
    {
      calls: [
        ...HOOK_READ,
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate',
        'DELETE /api/v1/eventHooks/:eventHookId',
      ],
    },
  ],
  registerGatewayEventHook: [
    {
      calls: [
        'POST /api/v1/eventHooks',
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify',
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate',
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate',
        'DELETE /api/v1/eventHooks/:eventHookId',
      ],
    },
  ],
  onboardUser: [
    {
      calls: [
        USER_READ,
        USER_LIST,
        'POST /api/v1/users',
        lifecycle('activate'),
        // rollbackOnFailure
        lifecycle('deactivate'),
        'DELETE /api/v1/users/:userId',
      ],
    },
    {
      when: ['input', 'groupIds'],
      calls: ['GET /api/v1/groups', GROUP_READ, 'PUT /api/v1/groups/:groupId/users/:userId'],
    },
    {
      when: ['input', 'applications'],
      calls: ['GET /api/v1/apps', APP_READ, 'POST /api/v1/apps/:appId/users'],
    },
  ],
  offboardUser: [
    {
      calls: [
        USER_READ,
        USER_LIST,
        lifecycle('suspend'),
        lifecycle('deactivate'),
        'DELETE /api/v1/users/:userId/sessions',
        'GET /api/v1/users/:userId/groups',
        'DELETE /api/v1/groups/:groupId/users/:userId',
        'GET /api/v1/users/:userId/appLinks',
        'GET /api/v1/apps',
        'GET /api/v1/apps/:appId/users/:userId',
        'DELETE /api/v1/apps/:appId/users/:userId',
        'DELETE /api/v1/users/:userId',
      ],
    },
  ],
} as const satisfies Record<string, readonly Operations[]>;

export type MutationName = keyof typeof MUTATION_OPERATIONS;

function given(args: Args, path: readonly string[]): boolean {
  let value: unknown = args;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return false;
    value = (value as Args)[key];
  }
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** Every scope the Okta operations of this mutation, with these arguments, require. */
export function requiredScopes(mutation: MutationName, args: Args): OktaScope[] {
  const rows: readonly Operations[] = MUTATION_OPERATIONS[mutation];
  const scopes = new Set<OktaScope>();
  for (const row of rows) {
    if (row.when && !given(args, row.when)) continue;
    for (const call of row.calls) scopes.add(OKTA_ROUTE_SCOPES[call] as OktaScope);
  }
  // okta.x.manage grants okta.x.read: name the stronger one only.
  for (const scope of scopes) {
    if (scope.endsWith('.manage')) scopes.delete(scope.replace(/\.manage$/, '.read') as OktaScope);
  }
  return [...scopes].sort();
}

const isMutation = (name: string): name is MutationName => Object.hasOwn(MUTATION_OPERATIONS, name);

/**
 * The `authScopes` of every mutation field: the scopes its row derives for these arguments. A
 * mutation missing from the table is refused to everyone, so a new one cannot slip through.
 */
export const oktaOperationScopes = (
  _root: unknown,
  args: Args,
  ctx: Context,
  info: GraphQLResolveInfo,
): boolean =>
  isMutation(info.fieldName) &&
  requiredScopes(info.fieldName, args).every((scope) => ctx.caller.has(scope));
