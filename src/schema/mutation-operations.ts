/**
 * Which Okta operations each mutation makes, and so which scopes it requires: every scope Okta
 * itself would require for those operations (src/okta-reference/scopes.ts), so that a caller
 * never gets through the gateway a write its scopes would not get from Okta. A mutation's reads
 * count too (a `.manage` scope grants its `.read`). Rows with `when` apply only when the named
 * optional input is given: `createUser(input: { groupIds })` also adds to groups, so it also
 * needs okta.groups.manage.
 *
 * The one table of a mutation's calls: how many times each operation is made at most (`times`)
 * is also what the planner plans for it (src/planner/costs.ts maps each route to its bucket). It
 * is the most the mutation's code can call on any of its paths (a refusal read again, a rollback,
 * a failed step's clean-up), bucket by bucket, and no more: a row counts what the resolver and its
 * workflow call, not what a former table allowed. Retries are not counted (no plan counts them).
 * What a dry run leaves out (`unless`) and a payload read the selection does not ask for
 * (`payload`) are not planned. test/schema/mutation-operations.test.ts runs every mutation and
 * checks that each route it calls is in its row and that it calls no bucket more than its row
 * plans; test/planner/ does the same for the example operations, payloads included.
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
  /**
   * Only when this argument path holds a value: a non-empty list, `true` for a flag
   * (`removeUsers`, `deactivateFirst`), anything but null otherwise.
   */
  when?: readonly string[];
  /**
   * Not made when this argument path holds a value (`dryRun`: a dry run writes nothing), so not
   * planned then. Its scopes are still required: a dry run is refused where the real run would
   * be, and so says truly whether the caller could carry it out.
   */
  unless?: readonly string[];
  /**
   * The payload's field whose object is read again after the write, when the selection asks for
   * it (the field resolves an id through a loader the write made stale): planned only then, and
   * no scope of the mutation's (the payload's fields answer by the caller's read scopes).
   */
  payload?: string;
}

const USER_READ = 'GET /api/v1/users/:userId';
const GROUP_READ = 'GET /api/v1/groups/:groupId';
const APP_READ = 'GET /api/v1/apps/:appId';
const RULE_READ = 'GET /api/v1/groups/rules/:groupRuleId';
/**
 * The general event-hook mutations read the hook through the request's one list of hooks
 * (src/loaders/event-hooks.ts: Okta lists them all in one answer), which also tells the
 * gateway's own hook apart.
 */
const HOOK_READ = 'GET /api/v1/eventHooks';
const lifecycle = (action: string) =>
  `POST /api/v1/users/:userId/lifecycle/${action}` as OktaOperation;
/**
 * The user read by id (never through the search, whose index lags writes: src/loaders/read-now.ts)
 * before the write, and once more: after the write for the payload (unless Okta answered the
 * write with the user), or, when Okta refuses the write for the user's status, for the status the
 * refusal names (src/workflows/users.ts). Never both: a refused write has no payload.
 */
const USER_READS: Operation = { op: USER_READ, times: 2 };

/** A user mutation: the user read (twice at most), then the write (several listed: one of them). */
const onUser = (...writes: Call[]): Operations[] => [{ calls: [USER_READS, ...writes] }];

/**
 * How many items a list input holds. A single value where a list is expected is a list of one
 * (GraphQL's input coercion), as the planner may see it raw in a variable.
 */
const count =
  (...path: string[]) =>
  (args: Args): number => {
    const value = valueAt(args, path);
    return Array.isArray(value) ? value.length : value == null ? 0 : 1;
  };

/**
 * [obs] How many groups and apps the plan assumes a user being offboarded has. The one plan that
 * rests on Okta's data rather than the operation's arguments: a user with more makes more calls
 * than planned (each step still waits for the governor's budget, and the report says which ran).
 * Generous numbers would refuse offboarding whenever the 100-a-minute apps bucket is half spent.
 */
export const OFFBOARD_ASSUMED = 5;

const onboardGroups = count('input', 'groupIds');
const onboardApps = count('input', 'applications');

export const MUTATION_OPERATIONS = {
  // Okta answers with the new user, which is the payload's: no read.
  createUser: [
    { calls: ['POST /api/v1/users'] },
    // Okta takes `groupIds` in the create call itself; what it does is add memberships, which
    // need their scope but cost no call of the gateway's.
    {
      when: ['input', 'groupIds'],
      calls: [{ op: 'PUT /api/v1/groups/:groupId/users/:userId', times: 0 }],
    },
  ],
  // Okta answers these writes with the user: no read after them (but a refused one reads again).
  updateUser: onUser({ op: ['POST /api/v1/users/:userId', 'PUT /api/v1/users/:userId'] }),
  setPassword: onUser({ op: ['PUT /api/v1/users/:userId', 'POST /api/v1/users/:userId'] }),
  // The lifecycle actions: the user read, the one call, the user read again.
  activateUser: onUser(lifecycle('activate')),
  reactivateUser: onUser(lifecycle('reactivate')),
  deactivateUser: onUser(lifecycle('deactivate')),
  suspendUser: onUser(lifecycle('suspend')),
  unsuspendUser: onUser(lifecycle('unsuspend')),
  unlockUser: onUser(lifecycle('unlock')),
  // Okta's first DELETE of a user not yet DEPROVISIONED deactivates it, the second deletes it;
  // the payload is the id alone, so the user is read only before.
  deleteUser: [{ calls: [USER_READ, { op: 'DELETE /api/v1/users/:userId', times: 2 }] }],
  changePassword: onUser('POST /api/v1/users/:userId/credentials/change_password'),
  changeRecoveryQuestion: onUser('POST /api/v1/users/:userId/credentials/change_recovery_question'),
  resetPassword: onUser(lifecycle('reset_password')),
  // With `temporaryPassword`, the one that sets it.
  expirePassword: onUser({
    op: [lifecycle('expire_password'), lifecycle('expire_password_with_temp_password')],
  }),
  resetFactors: onUser(lifecycle('reset_factors')),
  clearUserSessions: onUser('DELETE /api/v1/users/:userId/sessions'),
  // Okta answers a group's create and replace with the group: no read after them.
  createGroup: [{ calls: ['POST /api/v1/groups'] }],
  updateGroup: [{ calls: [GROUP_READ, 'PUT /api/v1/groups/:groupId'] }],
  deleteGroup: [{ calls: [GROUP_READ, 'DELETE /api/v1/groups/:groupId'] }],
  // Both read first; the group is read again for the payload (its members changed), the user not.
  addUserToGroup: [
    { calls: [GROUP_READ, USER_READ, 'PUT /api/v1/groups/:groupId/users/:userId'] },
    { payload: 'group', calls: [GROUP_READ] },
  ],
  removeUserFromGroup: [
    { calls: [GROUP_READ, USER_READ, 'DELETE /api/v1/groups/:groupId/users/:userId'] },
    { payload: 'group', calls: [GROUP_READ] },
  ],
  // Okta answers `{}`: the app is read after the write, for the payload, and not before.
  activateApplication: [
    { calls: ['POST /api/v1/apps/:appId/lifecycle/activate'] },
    { payload: 'application', calls: [APP_READ] },
  ],
  deactivateApplication: [
    { calls: ['POST /api/v1/apps/:appId/lifecycle/deactivate'] },
    { payload: 'application', calls: [APP_READ] },
  ],
  // The app and the user (or group) read first, then the one write; the payload's objects are
  // the ones just read. An unassign leaves to Okta whether a group grants the app (E0000046).
  assignUserToApplication: [{ calls: [APP_READ, USER_READ, 'POST /api/v1/apps/:appId/users'] }],
  unassignUserFromApplication: [
    { calls: [APP_READ, USER_READ, 'DELETE /api/v1/apps/:appId/users/:userId'] },
  ],
  assignGroupToApplication: [
    { calls: [APP_READ, GROUP_READ, 'PUT /api/v1/apps/:appId/groups/:groupId'] },
  ],
  unassignGroupFromApplication: [
    { calls: [APP_READ, GROUP_READ, 'DELETE /api/v1/apps/:appId/groups/:groupId'] },
  ],
  // The access graph.
  createGroupRule: [{ calls: ['POST /api/v1/groups/rules'] }],
  updateGroupRule: [{ calls: [RULE_READ, 'PUT /api/v1/groups/rules/:groupRuleId'] }],
  // The rule is read after activating: its groups' members changed.
  activateGroupRule: [
    { calls: ['POST /api/v1/groups/rules/:groupRuleId/lifecycle/activate', RULE_READ] },
  ],
  // Okta answers `{}`: the rule is read again for the payload.
  deactivateGroupRule: [
    { calls: ['POST /api/v1/groups/rules/:groupRuleId/lifecycle/deactivate'] },
    { payload: 'groupRule', calls: [RULE_READ] },
  ],
  // With `removeUsers` the rule is read first, for the groups whose members change.
  deleteGroupRule: [
    { calls: ['DELETE /api/v1/groups/rules/:groupRuleId'] },
    { when: ['removeUsers'], calls: [RULE_READ] },
  ],
  resetFactor: onUser('DELETE /api/v1/users/:userId/factors/:factorId'),
  assignAdminRole: [{ calls: [USER_READ, 'POST /api/v1/users/:userId/roles'] }],
  unassignAdminRole: [
    { calls: ['DELETE /api/v1/users/:userId/roles/:roleAssignmentId'] },
    { payload: 'user', calls: [USER_READ] },
  ],
  assignAdminRoleToGroup: [{ calls: [GROUP_READ, 'POST /api/v1/groups/:groupId/roles'] }],
  unassignAdminRoleFromGroup: [
    { calls: ['DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId'] },
    { payload: 'group', calls: [GROUP_READ] },
  ],
  forgotPassword: [
    { calls: ['POST /api/v1/users/:userId/credentials/forgot_password'] },
    { payload: 'user', calls: [USER_READ] },
  ],
  // Okta answers every hook write with the hook: no read after them.
  createEventHook: [{ calls: ['POST /api/v1/eventHooks'] }],
  updateEventHook: [{ calls: [HOOK_READ, 'PUT /api/v1/eventHooks/:eventHookId'] }],
  // Activating reads nothing first: it cannot take the gateway's own hook anywhere.
  activateEventHook: [{ calls: ['POST /api/v1/eventHooks/:eventHookId/lifecycle/activate'] }],
  deactivateEventHook: [
    { calls: [HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate'] },
  ],
  verifyEventHook: [
    { calls: [HOOK_READ, 'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify'] },
  ],
  // An ACTIVE hook is deactivated first only when asked (`deactivateFirst`).
  deleteEventHook: [
    { calls: [HOOK_READ, 'DELETE /api/v1/eventHooks/:eventHookId'] },
    {
      when: ['deactivateFirst'],
      calls: ['POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate'],
    },
  ],
  // The hooks are listed for one already delivering to the gateway, which is replaced (PUT);
  // otherwise a new one is created (POST). Then it is verified, and activated if verification
  // left it inactive; a new hook whose verification or activation fails is deactivated and
  // deleted again: six calls on that path, the longest.
  registerGatewayEventHook: [
    {
      calls: [
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
    // A dry run looks the login up; a real run reads the new user again for the payload once
    // activation (or a failed step) made it stale (src/workflows/onboard.ts).
    { when: ['dryRun'], calls: [USER_READ] },
    { unless: ['dryRun'], payload: 'user', calls: [USER_READ] },
    {
      unless: ['dryRun'],
      calls: [
        'POST /api/v1/users',
        // Activated last, unless `activate: false` leaves the user STAGED.
        {
          op: lifecycle('activate'),
          times: (args) => (valueAt(args, ['input', 'activate']) === false ? 0 : 1),
        },
      ],
    },
    // rollbackOnFailure: the new user deleted (Okta's first DELETE deactivates, the second
    // deletes), taking its memberships and assignments with it.
    {
      when: ['input', 'rollbackOnFailure'],
      unless: ['dryRun'],
      calls: [{ op: 'DELETE /api/v1/users/:userId', times: 2 }],
    },
    // The groups by id through the batched loader: two or more in one search, but each one
    // written just now (Okta's search lags writes) or a lone one by id; with two or more, each
    // the search misses is read by id once more: each group read by id once at most.
    {
      when: ['input', 'groupIds'],
      calls: [
        { op: 'GET /api/v1/groups', times: (args) => (onboardGroups(args) > 1 ? 1 : 0) },
        { op: GROUP_READ, times: onboardGroups },
      ],
    },
    {
      when: ['input', 'groupIds'],
      unless: ['dryRun'],
      calls: [{ op: 'PUT /api/v1/groups/:groupId/users/:userId', times: onboardGroups }],
    },
    // The apps by id: one filter for all (even a lone one), each written just now by id.
    {
      when: ['input', 'applications'],
      calls: ['GET /api/v1/apps', { op: APP_READ, times: onboardApps }],
    },
    {
      when: ['input', 'applications'],
      unless: ['dryRun'],
      calls: [{ op: 'POST /api/v1/apps/:appId/users', times: onboardApps }],
    },
  ],
  // The user's groups and apps are Okta's answer, unknown before it: OFFBOARD_ASSUMED of each.
  offboardUser: [
    {
      calls: [
        // The user; its groups (one unpaged list); its apps (a page of 200) and, when it has
        // apps, each of its groups' (a page each), to tell which apps the groups grant.
        USER_READ,
        'GET /api/v1/users/:userId/groups',
        { op: 'GET /api/v1/apps', times: 1 + OFFBOARD_ASSUMED },
      ],
    },
    {
      unless: ['dryRun'],
      calls: [
        { op: [lifecycle('suspend'), lifecycle('deactivate')] },
        'DELETE /api/v1/users/:userId/sessions',
        { op: 'DELETE /api/v1/groups/:groupId/users/:userId', times: OFFBOARD_ASSUMED },
        { op: 'DELETE /api/v1/apps/:appId/users/:userId', times: OFFBOARD_ASSUMED },
      ],
    },
    // The user read again for the payload, after the writes (not after a deletion that worked).
    { unless: ['dryRun'], payload: 'user', calls: [USER_READ] },
    // `delete`: the user read once more (someone may have activated it since), then one DELETE.
    {
      when: ['delete'],
      unless: ['dryRun'],
      calls: [USER_READ, 'DELETE /api/v1/users/:userId'],
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
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'boolean') return value;
  return value !== undefined && value !== null;
}

/** Whether the row is made with these arguments (its `when` given, its `unless` not). */
const applies = (row: Operations, args: Args): boolean =>
  (!row.when || given(args, row.when)) && !(row.unless && given(args, row.unless));

/** An operation of a mutation for these arguments: one of `routes`, at most `times` times. */
export interface PlannedOperation {
  routes: readonly OktaOperation[];
  times: number;
}

/**
 * The operations this mutation makes with these arguments, and the payload's reads of the fields
 * `selected` answers true for (every one, unless told).
 */
export function operationsOf(
  mutation: MutationName,
  args: Args,
  selected: (payloadField: string) => boolean = () => true,
): PlannedOperation[] {
  const rows: readonly Operations[] = MUTATION_OPERATIONS[mutation];
  return rows
    .filter((row) => applies(row, args) && (row.payload === undefined || selected(row.payload)))
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

/**
 * Every scope the Okta operations of this mutation, with these arguments, require. Rows a dry run
 * leaves out (`unless`) count all the same: a dry run needs the scopes of the real run.
 */
export function requiredScopes(mutation: MutationName, args: Args): OktaScope[] {
  const rows: readonly Operations[] = MUTATION_OPERATIONS[mutation];
  const scopes = new Set<OktaScope>();
  for (const row of rows) {
    if (row.payload !== undefined || (row.when && !given(args, row.when))) continue;
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
