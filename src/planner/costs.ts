/**
 * What each GraphQL field costs Okta: the one table the planner reads, keyed by `Type.field`.
 *
 * One table rather than a cost beside each field definition: the costs are a fact about the
 * loaders and Okta's buckets (src/loaders/, src/okta/routes.ts), read and reviewed side by side
 * like Okta's own rate-limit table, and the schema's domain files stay about the graph. A field
 * that reaches Okta and is missing here shows up in the planner's tests, which run every
 * operation of schema/operations/ and random ones against the simulator and compare.
 */
import type { OktaBucket } from '../okta-reference/rate-limit-buckets.ts';

/** Okta calls by bucket. */
export type Calls = Partial<Record<OktaBucket, number>>;

export type Args = Readonly<Record<string, unknown>>;

/**
 * How many objects of a kind the org has, where the gateway knows it (src/server/plugins/
 * use-okta-plan.ts asks Okta when it matters): a read made once per distinct object is made at
 * most that many times, however many parents name one.
 */
export interface OrgSizes {
  groups?: number;
}

export interface FieldCost {
  /** The most Okta calls the field makes for `parents` parent objects asking with `args`. */
  calls(args: Args, parents: number, org: OrgSizes): Calls;
  /** The org size that bounds the calls (the read is deduplicated per object of that kind). */
  perDistinct?: keyof OrgSizes;
}

/** Okta searches by id take this many ids per call (the loaders' `maxBatchSize`). */
export const IDS_PER_SEARCH = 100;

const batches = (n: number) => Math.ceil(n / IDS_PER_SEARCH);

/** One call per parent object: Okta cannot batch the read (a user's groups, a group's members). */
const perParent =
  (bucket: OktaBucket): FieldCost['calls'] =>
  (_args, parents) => ({ [bucket]: parents });

/**
 * Objects by id through a batched loader (src/loaders/by-id.ts): one search per 100 ids, and a
 * lone id read by id (a GET, in the item's bucket). Both are counted: a batch the plan expects
 * to hold several ids may hold one.
 */
const byId =
  (search: OktaBucket, get: OktaBucket): FieldCost['calls'] =>
  (_args, n) =>
    n === 0 ? {} : search === get ? { [search]: batches(n) } : { [search]: batches(n), [get]: 1 };

const userById = byId('users.collection', 'users.get');
const groupById = byId('groups.collection', 'groups.item');
// Apps go through the filter even for a lone id; a group's stats through a one-id filter.
const applicationById = byId('apps.collection', 'apps.collection');
const groupWithStatsById = byId('groups.collection', 'groups.collection');
// Okta lists an org's hooks in one unpaged answer; one call per request serves every hook.
const eventHooks: FieldCost['calls'] = (_args, n) => (n === 0 ? {} : { default: 1 });

/** The fields that reach Okta, by `Type.field`. Every other field reads its parent's object. */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  // Queries: each a call (or a batched load by id).
  'Query.user': {
    calls: (args, n) => (args.login != null ? { 'users.get': n } : userById(args, n, {})),
  },
  'Query.users': { calls: perParent('users.collection') },
  'Query.group': {
    calls: (args, n) => (args.name != null ? { 'groups.collection': n } : groupById(args, n, {})),
  },
  'Query.groups': { calls: perParent('groups.collection') },
  'Query.application': { calls: applicationById },
  'Query.applications': { calls: perParent('apps.collection') },
  'Query.eventHook': { calls: eventHooks },
  'Query.eventHooks': { calls: eventHooks },
  'Query.logEvents': { calls: perParent('logs') },
  'Query.userSchema': { calls: perParent('default') },
  'Query.node': {
    calls: (args, n) => {
      const loads = NODE_LOADS[nodeTypeOf(String(args.id ?? ''))];
      return loads ? loads(args, n, {}) : {};
    },
  },
  // A user's relations: Okta lists them per user.
  'User.groups': { calls: perParent('default') },
  'User.isMemberOf': { calls: perParent('default') },
  'User.applications': { calls: perParent('apps.collection') },
  'User.logEvents': { calls: perParent('logs') },
  // A group's: members per group; apps per distinct group (the loader's key), so at most one per
  // group of the org;
  // the member count from a batched search with stats, unless the group came with them.
  'Group.members': { calls: perParent('default') },
  'Group.applications': {
    calls: (_args, parents, org) => ({
      'apps.collection': Math.min(parents, org.groups ?? parents),
    }),
    perDistinct: 'groups',
  },
  'Group.memberCount': { calls: groupWithStatsById },
  // An app's assignments, one page per app.
  'Application.users': { calls: perParent('apps.collection') },
  'Application.groups': { calls: perParent('apps.collection') },
  // Objects named by id in another object: loaded in one batch (usually primed already).
  'ApplicationUser.user': { calls: userById },
  'ApplicationUser.application': { calls: applicationById },
  'ApplicationGroup.group': { calls: groupById },
  'ApplicationGroup.application': { calls: applicationById },
  'LogActor.user': { calls: userById },
  'LogTarget.user': { calls: userById },
  'LogTarget.group': { calls: groupById },
  'LogTarget.application': { calls: applicationById },
};

/** What `node(id)` loads, by the GraphQL type its id's prefix names. */
const NODE_LOADS: Readonly<Record<string, FieldCost['calls']>> = {
  User: userById,
  Group: groupById,
  Application: applicationById,
  EventHook: eventHooks,
};

/**
 * Okta id prefixes (as src/schema/id-prefixes.ts reads them); a copy, so that the table stays a
 * leaf the planner and its tests read without the schema.
 */
function nodeTypeOf(id: string): string {
  if (!/^[A-Za-z0-9]{20}$/.test(id)) return '';
  return (
    { '00u': 'User', '00g': 'Group', '0oa': 'Application', who: 'EventHook' }[id.slice(0, 3)] ?? ''
  );
}

/**
 * Lists that are not connections and have no `first`: how many items the planner assumes per
 * parent, where a field below them reaches Okta. [obs] Okta's events name a handful of targets.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'LogEvent.target': 10,
};
/** Any other plain list, should a costed field ever sit below one. */
export const DEFAULT_LIST_SIZE = 100;

const user = { 'users.get': 1 };
/**
 * [obs] How many groups and apps the planner assumes a user being offboarded has. The one plan
 * that rests on Okta's data rather than the operation's arguments: a user with more makes more
 * calls than planned (each step still waits for the governor's budget, and the report says which
 * ran). Generous numbers would refuse offboarding whenever the 100-a-minute apps bucket is half
 * spent.
 */
const OFFBOARD_ASSUMED = 5;
const lifecycle = { 'users.get': 2, default: 2 };

/**
 * The Okta calls of each mutation itself (its payload's selection is planned as a query): the
 * reads by id before and after the write, and the writes. Generous where a path varies (a user
 * not yet deactivated costs a deactivation before the delete).
 */
export const MUTATION_COSTS: Readonly<Record<string, FieldCost>> = {
  createUser: { calls: () => ({ 'users.collection': 1, 'users.get': 1 }) },
  updateUser: { calls: () => ({ ...user, 'users.write': 1, 'users.get': 2 }) },
  activateUser: { calls: () => lifecycle },
  reactivateUser: { calls: () => lifecycle },
  deactivateUser: { calls: () => lifecycle },
  suspendUser: { calls: () => lifecycle },
  unsuspendUser: { calls: () => lifecycle },
  unlockUser: { calls: () => lifecycle },
  deleteUser: { calls: () => ({ 'users.get': 2, default: 1, 'users.write': 2 }) },
  setPassword: { calls: () => ({ 'users.get': 2, 'users.write': 1 }) },
  changePassword: { calls: () => ({ 'users.get': 2, default: 2 }) },
  changeRecoveryQuestion: { calls: () => ({ 'users.get': 2, default: 1 }) },
  expirePassword: { calls: () => lifecycle },
  resetPassword: { calls: () => lifecycle },
  resetFactors: { calls: () => lifecycle },
  clearUserSessions: { calls: () => ({ 'users.get': 2, default: 1 }) },
  createGroup: { calls: () => ({ 'groups.collection': 1 }) },
  updateGroup: { calls: () => ({ 'groups.item': 2 }) },
  deleteGroup: { calls: () => ({ 'groups.item': 2 }) },
  addUserToGroup: { calls: () => ({ 'groups.item': 2, 'users.get': 2, default: 1 }) },
  removeUserFromGroup: { calls: () => ({ 'groups.item': 2, 'users.get': 2, default: 1 }) },
  activateApplication: { calls: () => ({ 'apps.item': 2, 'apps.collection': 1 }) },
  deactivateApplication: { calls: () => ({ 'apps.item': 2, 'apps.collection': 1 }) },
  assignUserToApplication: {
    calls: () => ({ 'apps.item': 2, 'users.get': 2, 'apps.collection': 2 }),
  },
  unassignUserFromApplication: {
    calls: () => ({ 'apps.item': 2, 'users.get': 2, 'apps.collection': 2 }),
  },
  assignGroupToApplication: {
    calls: () => ({ 'apps.item': 2, 'groups.item': 2, 'apps.collection': 2 }),
  },
  unassignGroupFromApplication: {
    calls: () => ({ 'apps.item': 2, 'groups.item': 2, 'apps.collection': 2 }),
  },
  createEventHook: { calls: () => ({ default: 1 }) },
  updateEventHook: { calls: () => ({ default: 2 }) },
  activateEventHook: { calls: () => ({ default: 2 }) },
  deactivateEventHook: { calls: () => ({ default: 2 }) },
  verifyEventHook: { calls: () => ({ default: 2 }) },
  deleteEventHook: { calls: () => ({ default: 3 }) },
  registerGatewayEventHook: { calls: () => ({ default: 6 }) },
  onboardUser: {
    calls: (args) => {
      const input = (args.input ?? {}) as { groupIds?: unknown[]; applications?: unknown[] };
      const groups = input.groupIds?.length ?? 0;
      const apps = input.applications?.length ?? 0;
      // Create, activate, each membership and assignment, and their undoing on rollback.
      return {
        'users.collection': 1,
        'users.get': 2,
        'users.write': 1,
        default: 2 + 2 * groups,
        'groups.item': groups,
        'groups.collection': 1,
        'apps.collection': 1 + 2 * apps,
        'apps.item': apps,
      };
    },
  },
  offboardUser: {
    // The user's groups and apps are Okta's answer, unknown before it: OFFBOARD_ASSUMED of each,
    // a membership removal and an apps page per group, an unassignment per app, beside reading
    // the user, listing its groups and apps and cutting sign-in.
    calls: () => ({
      'users.get': 2,
      'users.write': 2,
      default: 4 + OFFBOARD_ASSUMED,
      'apps.collection': 2 + 2 * OFFBOARD_ASSUMED,
    }),
  },
};
