/**
 * Which Okta operations each mutation makes, and so which scopes it requires: every scope Okta
 * itself would require for those operations (src/okta-reference/scopes.ts), so that a caller
 * never gets through the gateway a write its scopes would not get from Okta. A mutation's reads
 * count too (a `.manage` scope grants its `.read`). Rows with `when` apply only when the named
 * optional input is given: `createUser(input: { groupIds })` also adds to groups, so it also
 * needs okta.groups.manage. test/schema/mutation-operations.test.ts runs every mutation and
 * checks that each route it calls is in its row.
 *
 * The one table of a mutation's calls: how many times each operation is made at most (`times`)
 * is also what the planner plans for it (src/planner/costs.ts maps each route to its bucket), and
 * test/planner/ checks that no mutation calls more.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { OktaScope } from '../caller.ts';
import type { Context } from '../context.ts';
import { OKTA_ROUTE_SCOPES, type OktaOperation } from '../okta-reference/scopes.ts';

type Args = Readonly<Record<string, unknown>>;

/**
 * An operation the mutation makes, `times` times at most (default once; a function of the
 * arguments where a list input repeats it). An `op` that lists several routes makes one of them
 * each time (a full or a partial update: PUT or POST); the planner counts it in the bucket of
 * each, the most the mutation can make there.
 */
export interface Operation {
  op: OktaOperation | readonly OktaOperation[];
  times?: number | ((args: Args) => number);
}

export type Call = OktaOperation | Operation;

interface Operations {
  calls: readonly Call[];
  /** Only when this argument path holds a value (a non-empty list, for a list). */
  when?: readonly string[];
  /**
   * The payload's object, read again after the write for its selection: planned, but no scope of
   * the mutation's (the payload's fields answer by the caller's read scopes).
   */
  payload?: true;
}

const USER_READ = 'GET /api/v1/users/:userId';
const GROUP_READ = 'GET /api/v1/groups/:groupId';
const APP_READ = 'GET /api/v1/apps/:appId';
const RULE_READ = 'GET /api/v1/groups/rules/:groupRuleId';
// The general event-hook mutations list the hooks to tell the gateway's own hook apart.
const HOOK_READ: Operation = {
  op: ['GET /api/v1/eventHooks', 'GET /api/v1/eventHooks/:eventHookId'],
};
const lifecycle = (action: string) =>
  `POST /api/v1/users/:userId/lifecycle/${action}` as OktaOperation;
/**
 * Made at most twice: a read before the write and again after it for the payload, and the writes
 * the planner's former table allowed twice (it was generous where a path varies).
 */
const twice = (op: Operation['op']): Operation => ({ op, times: 2 });
/**
 * The user read before the write and after it: by id, never through the search, whose index lags
 * writes (src/loaders/read-now.ts).
 */
const USER_READS = twice(USER_READ);

/** A user mutation: the user read, then the write (several listed: one of them). */
const onUser = (...writes: Call[]): Operations[] => [{ calls: [USER_READS, ...writes] }];

/** How many items a list input holds. */
const count =
  (...path: string[]) =>
  (args: Args): number => {
    const value = valueAt(args, path);
    return Array.isArray(value) ? value.length : 0;
  };

/**
 * [obs] How many groups and apps the plan assumes a user being offboarded has. The one plan that
 * rests on Okta's data rather than the operation's arguments: a user with more makes more calls
 * than planned (each step still waits for the governor's budget, and the report says which ran).
 * Generous numbers would refuse offboarding whenever the 100-a-minute apps bucket is half spent.
 */
export const OFFBOARD_ASSUMED = 5;

export const MUTATION_OPERATIONS = {
  createUser: [
    { calls: ['POST /api/v1/users'] },
    // Okta takes `groupIds` in the create call itself; what it does is add memberships, which
    // need their scope but cost no call of the gateway's.
    {
      when: ['input', 'groupIds'],
      calls: [{ op: 'PUT /api/v1/groups/:groupId/users/:userId', times: 0 }],
    },
    { payload: true, calls: [USER_READ] },
  ],
  updateUser: onUser({ op: ['POST /api/v1/users/:userId', 'PUT /api/v1/users/:userId'] }),
  activateUser: onUser(twice(lifecycle('activate'))),
  reactivateUser: onUser(twice(lifecycle('reactivate'))),
  deactivateUser: onUser(twice(lifecycle('deactivate'))),
  suspendUser: onUser(twice(lifecycle('suspend'))),
  unsuspendUser: onUser(twice(lifecycle('unsuspend'))),
  unlockUser: onUser(twice(lifecycle('unlock'))),
  // A user not yet deprovisioned is deactivated first, by the delete itself or the lifecycle call.
  deleteUser: onUser(lifecycle('deactivate'), twice('DELETE /api/v1/users/:userId')),
  changePassword: onUser(twice('POST /api/v1/users/:userId/credentials/change_password')),
  changeRecoveryQuestion: onUser('POST /api/v1/users/:userId/credentials/change_recovery_question'),
  setPassword: onUser({ op: ['PUT /api/v1/users/:userId', 'POST /api/v1/users/:userId'] }),
  resetPassword: onUser(twice(lifecycle('reset_password'))),
  expirePassword: onUser(
    twice([lifecycle('expire_password'), lifecycle('expire_password_with_temp_password')]),
  ),
  resetFactors: onUser(twice(lifecycle('reset_factors'))),
  clearUserSessions: onUser('DELETE /api/v1/users/:userId/sessions'),
  createGroup: [{ calls: ['POST /api/v1/groups'] }],
  updateGroup: [{ calls: [GROUP_READ, 'PUT /api/v1/groups/:groupId'] }],
  deleteGroup: [{ calls: [GROUP_READ, 'DELETE /api/v1/groups/:groupId'] }],
  addUserToGroup: [
    { calls: [twice(GROUP_READ), USER_READS, 'PUT /api/v1/groups/:groupId/users/:userId'] },
  ],
  removeUserFromGroup: [
    { calls: [twice(GROUP_READ), USER_READS, 'DELETE /api/v1/groups/:groupId/users/:userId'] },
  ],
  activateApplication: [
    { calls: [twice(APP_READ), 'POST /api/v1/apps/:appId/lifecycle/activate'] },
  ],
  deactivateApplication: [
    { calls: [twice(APP_READ), 'POST /api/v1/apps/:appId/lifecycle/deactivate'] },
  ],
  assignUserToApplication: [
    { calls: [twice(APP_READ), twice(USER_READ), twice('POST /api/v1/apps/:appId/users')] },
  ],
  unassignUserFromApplication: [
    {
      calls: [
        twice(APP_READ),
        twice(USER_READ),
        'GET /api/v1/apps/:appId/users/:userId',
        'DELETE /api/v1/apps/:appId/users/:userId',
      ],
    },
  ],
  assignGroupToApplication: [
    {
      calls: [twice(APP_READ), twice(GROUP_READ), twice('PUT /api/v1/apps/:appId/groups/:groupId')],
    },
  ],
  unassignGroupFromApplication: [
    {
      calls: [
        twice(APP_READ),
        twice(GROUP_READ),
        twice('DELETE /api/v1/apps/:appId/groups/:groupId'),
      ],
    },
  ],
  // The access graph.
  createGroupRule: [{ calls: ['POST /api/v1/groups/rules'] }],
  updateGroupRule: [{ calls: [RULE_READ, 'PUT /api/v1/groups/rules/:groupRuleId'] }],
  // The rule is read after activating: its groups' members changed.
  activateGroupRule: [
    { calls: ['POST /api/v1/groups/rules/:groupRuleId/lifecycle/activate', RULE_READ] },
  ],
  deactivateGroupRule: [
    { calls: [twice('POST /api/v1/groups/rules/:groupRuleId/lifecycle/deactivate')] },
  ],
  // With `removeUsers` the rule is read first, for the groups whose members change.
  deleteGroupRule: [{ calls: [RULE_READ, 'DELETE /api/v1/groups/rules/:groupRuleId'] }],
  resetFactor: onUser('DELETE /api/v1/users/:userId/factors/:factorId'),
  assignAdminRole: [{ calls: [USER_READ, 'POST /api/v1/users/:userId/roles'] }],
  unassignAdminRole: [
    { calls: ['DELETE /api/v1/users/:userId/roles/:roleAssignmentId'] },
    { payload: true, calls: [USER_READ] },
  ],
  assignAdminRoleToGroup: [{ calls: [GROUP_READ, 'POST /api/v1/groups/:groupId/roles'] }],
  unassignAdminRoleFromGroup: [
    { calls: ['DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId'] },
    { payload: true, calls: [GROUP_READ] },
  ],
  forgotPassword: [
    { calls: ['POST /api/v1/users/:userId/credentials/forgot_password'] },
    { payload: true, calls: [USER_READ] },
  ],
  createEventHook: [{ calls: ['POST /api/v1/eventHooks'] }],
  updateEventHook: [{ calls: [HOOK_READ, 'PUT /api/v1/eventHooks/:eventHookId'] }],
  activateEventHook: [
    { calls: [HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate'] },
  ],
  deactivateEventHook: [
    { calls: [HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate'] },
  ],
  verifyEventHook: [
    { calls: [HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify'] },
  ],
  deleteEventHook: [
    {
      calls: [
        HOOK_READ,
        'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate',
        'DELETE /api/v1/eventHooks/:eventHookId',
      ],
    },
  ],
  registerGatewayEventHook: [
    {
      calls: [
        // The hooks are listed for one already delivering to the gateway, which is replaced.
        'GET /api/v1/eventHooks',
        { op: ['PUT /api/v1/eventHooks/:eventHookId', 'POST /api/v1/eventHooks'] },
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
        USER_READS,
        'POST /api/v1/users',
        lifecycle('activate'),
        // rollbackOnFailure
        lifecycle('deactivate'),
        'DELETE /api/v1/users/:userId',
      ],
    },
    // Each membership and assignment, and their undoing on rollback.
    {
      when: ['input', 'groupIds'],
      calls: [
        'GET /api/v1/groups',
        { op: GROUP_READ, times: count('input', 'groupIds') },
        {
          op: 'PUT /api/v1/groups/:groupId/users/:userId',
          times: (args) => 2 * count('input', 'groupIds')(args),
        },
      ],
    },
    {
      when: ['input', 'applications'],
      calls: [
        'GET /api/v1/apps',
        { op: APP_READ, times: count('input', 'applications') },
        {
          op: 'POST /api/v1/apps/:appId/users',
          times: (args) => 2 * count('input', 'applications')(args),
        },
      ],
    },
  ],
  // The user's groups and apps are Okta's answer, unknown before it: OFFBOARD_ASSUMED of each.
  offboardUser: [
    {
      calls: [
        USER_READS,
        { op: [lifecycle('suspend'), lifecycle('deactivate')] },
        'DELETE /api/v1/users/:userId/sessions',
        'GET /api/v1/users/:userId/groups',
        { op: 'DELETE /api/v1/groups/:groupId/users/:userId', times: OFFBOARD_ASSUMED },
        'GET /api/v1/users/:userId/appLinks',
        // The apps listed, and a page of them per group (one spare).
        { op: 'GET /api/v1/apps', times: OFFBOARD_ASSUMED + 2 },
        {
          op: ['GET /api/v1/apps/:appId/users/:userId', 'DELETE /api/v1/apps/:appId/users/:userId'],
          times: OFFBOARD_ASSUMED,
        },
        twice('DELETE /api/v1/users/:userId'),
      ],
    },
  ],
} as const satisfies Record<string, readonly Operations[]>;

export type MutationName = keyof typeof MUTATION_OPERATIONS;

function valueAt(args: Args, path: readonly string[]): unknown {
  let value: unknown = args;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Args)[key];
  }
  return value;
}

function given(args: Args, path: readonly string[]): boolean {
  const value = valueAt(args, path);
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** An operation of a mutation for these arguments: one of `routes`, at most `times` times. */
export interface PlannedOperation {
  routes: readonly OktaOperation[];
  times: number;
}

/** The operations this mutation makes with these arguments, payload reads included. */
export function operationsOf(mutation: MutationName, args: Args): PlannedOperation[] {
  const rows: readonly Operations[] = MUTATION_OPERATIONS[mutation];
  return rows
    .filter((row) => !row.when || given(args, row.when))
    .flatMap((row) => row.calls.map((call) => planned(call, args)));
}

/** Every route any row of this mutation names, whatever the arguments. */
export const routesOf = (mutation: MutationName): OktaOperation[] =>
  (MUTATION_OPERATIONS[mutation] as readonly Operations[]).flatMap((row) =>
    row.calls.flatMap((call) => planned(call, {}).routes),
  );

function planned(call: Call, args: Args): PlannedOperation {
  if (typeof call === 'string') return { routes: [call], times: 1 };
  const routes = typeof call.op === 'string' ? [call.op] : call.op;
  const times = typeof call.times === 'function' ? call.times(args) : (call.times ?? 1);
  return { routes, times };
}

/** Every scope the Okta operations of this mutation, with these arguments, require. */
export function requiredScopes(mutation: MutationName, args: Args): OktaScope[] {
  const rows: readonly Operations[] = MUTATION_OPERATIONS[mutation];
  const scopes = new Set<OktaScope>();
  for (const row of rows) {
    if (row.payload || (row.when && !given(args, row.when))) continue;
    for (const call of row.calls) {
      for (const route of planned(call, args).routes) {
        scopes.add(OKTA_ROUTE_SCOPES[route] as OktaScope);
      }
    }
  }
  // okta.x.manage grants okta.x.read: name the stronger one only.
  for (const scope of scopes) {
    if (scope.endsWith('.manage')) scopes.delete(scope.replace(/\.manage$/, '.read') as OktaScope);
  }
  return [...scopes].sort();
}

export const isMutation = (name: string): name is MutationName =>
  Object.hasOwn(MUTATION_OPERATIONS, name);

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
