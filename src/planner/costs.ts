/**
 * What each GraphQL field costs Okta: the one table the planner reads, keyed by `Type.field`.
 *
 * One table rather than a cost beside each field definition: the costs are a fact about the
 * loaders and Okta's buckets (src/loaders/, src/okta/routes.ts), read and reviewed side by side
 * like Okta's own rate-limit table, and the schema's domain files stay about the graph. A field
 * that reaches Okta and is missing here shows up in the planner's tests, which run every
 * operation of schema/operations/ and random ones against the simulator and compare.
 */
import { bucketOf, type OktaBucket } from '../okta-reference/rate-limit-buckets.ts';
import { nodeTypeOf, parsePairId } from '../schema/id-prefixes.ts';
import { isMutation, operationsOf } from '../schema/mutation-operations.ts';

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
  /**
   * The most Okta calls the field makes for `parents` parent objects asking with `args`. The
   * parents arrive in at most `arrivals` groups (one per Okta answer that listed them): a
   * batched load is dispatched once per group that arrives apart, not once for all.
   */
  calls(args: Args, parents: number, org: OrgSizes, arrivals: number): Calls;
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
 * to hold several ids may hold one. Ids whose parents arrive apart (each user's groups, listed
 * one call per user) are batched apart: up to a batch more, and a lone GET, per group of parents.
 */
const byId =
  (search: OktaBucket, get: OktaBucket): FieldCost['calls'] =>
  (_args, n, _org, arrivals = 1) => {
    if (n === 0) return {};
    const groups = Math.max(1, Math.min(n, arrivals));
    const searches = Math.min(n, batches(n) + groups - 1);
    return search === get ? { [search]: searches } : { [search]: searches, [get]: groups };
  };

const userById = byId('users.collection', 'users.get');
const groupById = byId('groups.collection', 'groups.item');
// Apps go through the filter even for a lone id; a group's stats through a one-id filter.
const applicationById = byId('apps.collection', 'apps.collection');
const groupWithStatsById = byId('groups.collection', 'groups.collection');
// Okta lists an org's hooks in one unpaged answer; one call per request serves every hook.
const eventHooks: FieldCost['calls'] = (_args, n) => (n === 0 ? {} : { default: 1 });
/** Read from the parent's object (an embedded or primed one): no Okta call. */
const free: FieldCost['calls'] = () => ({});

/**
 * [obs] What the access graph's plans assume of Okta's data, which no argument bounds (Okta
 * documents none of these limits): a plan is an upper bound for an org within them, and each
 * read past them still waits for the governor's budget.
 */
export const ACCESS_ASSUMED = {
  /** Group rules in the org: `Group.rules` reads them all, 200 a page, once per request. */
  groupRules: 1000,
  /** Rules that assign to one group. */
  rulesPerGroup: 10,
  /** Groups one rule assigns to, and users one rule excludes. */
  groupsPerRule: 20,
  excludedPerRule: 20,
  /**
   * Groups assigned to one app (its groups in one page of 200), and users assigned to it (one
   * page of 500; a group's members that reach an app are its users, so one page each too).
   */
  appGroups: 20,
  appUsers: 500,
  /**
   * Apps a user reaches (one page of 200, and one app link each), and groups a user is in (Okta
   * lists them unpaged).
   */
  userApps: 20,
} as const;

/** Whole lists read in pages (src/loaders/access.ts): the pages of `items`. */
const pages = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));

/**
 * `Application.access` (src/loaders/access-paths.ts), per app: its users and its groups, a page
 * each; then the memberships from the cheaper side, the members of each app group (a page each:
 * they are app users) or the groups of each app user (one call each), so at most min(groups,
 * users) calls, that is at most the app's groups. Okta embeds each user and group, so the paths'
 * users and groups cost nothing more.
 */
const applicationAccess: FieldCost['calls'] = (_args, apps) =>
  apps === 0
    ? {}
    : {
        'apps.collection':
          apps * (pages(ACCESS_ASSUMED.appUsers, 500) + pages(ACCESS_ASSUMED.appGroups, 200)),
        default:
          apps *
          Math.min(ACCESS_ASSUMED.appGroups, ACCESS_ASSUMED.appUsers) *
          pages(ACCESS_ASSUMED.appUsers, 1000),
      };

/**
 * `User.access`, per user: its apps (a page) and its groups (one unpaged call); then the groups
 * of each of its apps or the apps of each of its groups, whichever is fewer calls (both in the
 * apps bucket, a page each: an app's groups are within ACCESS_ASSUMED.appGroups, and the apps
 * of a group the user is in are apps the user reaches), so at most min(apps, groups) ≤ the
 * user's apps.
 */
const userAccess: FieldCost['calls'] = (_args, users) =>
  users === 0
    ? {}
    : {
        'apps.collection': users * (pages(ACCESS_ASSUMED.userApps, 200) + ACCESS_ASSUMED.userApps),
        default: users,
      };

/** The fields that reach Okta, by `Type.field`. Every other field reads its parent's object. */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  // Queries: each a call (or a batched load by id).
  'Query.user': {
    calls: (args, n, _org, a) =>
      args.login != null ? { 'users.get': n } : userById(args, n, {}, a),
  },
  'Query.users': { calls: perParent('users.collection') },
  'Query.group': {
    calls: (args, n, _org, a) =>
      args.name != null ? { 'groups.collection': n } : groupById(args, n, {}, a),
  },
  'Query.groups': { calls: perParent('groups.collection') },
  'Query.application': { calls: applicationById },
  'Query.applications': { calls: perParent('apps.collection') },
  'Query.eventHook': { calls: eventHooks },
  'Query.eventHooks': { calls: eventHooks },
  'Query.logEvents': { calls: perParent('logs') },
  'Query.userSchema': { calls: perParent('default') },
  'Query.node': {
    calls: (args, n, _org, a) => {
      const loads = NODE_LOADS[typeOfId(String(args.id ?? ''))];
      return loads ? loads(args, n, {}, a) : {};
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
  // The access graph (src/loaders/access.ts): Okta lists a user's factors, roles and app links,
  // and a group's roles, in one unpaged call each, per holder (all in the default bucket).
  'Query.groupRule': { calls: perParent('default') },
  'Query.groupRules': { calls: perParent('default') },
  // Every rule of the org, once per request however many groups ask.
  'Group.rules': {
    calls: (_args, n) => (n === 0 ? {} : { default: pages(ACCESS_ASSUMED.groupRules, 200) }),
  },
  'Group.adminRoles': { calls: perParent('default') },
  // A rule's groups and excluded users, by id in one batch across the rules: distinct groups at
  // most the org's.
  'GroupRule.groups': {
    calls: (args, rules, org, a) =>
      groupById(
        args,
        Math.min(rules * ACCESS_ASSUMED.groupsPerRule, org.groups ?? Infinity),
        {},
        a,
      ),
    perDistinct: 'groups',
  },
  'GroupRule.excludedUsers': {
    calls: (args, rules, _org, a) => userById(args, rules * ACCESS_ASSUMED.excludedPerRule, {}, a),
  },
  'User.factors': { calls: perParent('default') },
  'User.adminRoles': { calls: perParent('default') },
  'User.appLinks': { calls: perParent('default') },
  'AppLink.application': { calls: applicationById },
  'Application.access': { calls: applicationAccess },
  'User.access': { calls: userAccess },
  // Okta embeds an app user's user and an app group's group (`expand`); the other side is the
  // parent, or an object its list answered.
  'AccessPath.user': { calls: free },
  'AccessPath.application': { calls: free },
  'AccessPath.viaGroups': { calls: free },
};

/**
 * What `node(id)` loads, by the GraphQL type its id names. An assignment by its pair is one GET
 * (`/apps/{app}/users/{user}`, `/apps/{app}/groups/{group}`); an access path reads the user's
 * assignment, the app's groups (a page) and the user's groups at once (src/loaders/
 * access-paths.ts), plus the app by id should `application` be asked for (its user and groups
 * come embedded).
 */
const NODE_LOADS: Readonly<Record<string, FieldCost['calls']>> = {
  User: userById,
  Group: groupById,
  Application: applicationById,
  EventHook: eventHooks,
  GroupRule: perParent('default'),
  ApplicationUser: perParent('apps.collection'),
  ApplicationGroup: perParent('apps.collection'),
  AccessPath: (_args, n) => ({
    'apps.collection': n * (2 + pages(ACCESS_ASSUMED.appGroups, 200)),
    default: n,
  }),
};

/** The type an id names: an Okta id's by its prefix, a pair id's by the type it encodes. */
const typeOfId = (id: string): string => nodeTypeOf(id) || (parsePairId(id)?.typename ?? '');

/**
 * Lists that are not connections and have no `first`: how many items the planner assumes per
 * parent, where a field below them reaches Okta. [obs] Okta's events name a handful of targets.
 */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'LogEvent.target': 10,
  'GroupRule.groups': ACCESS_ASSUMED.groupsPerRule,
  'GroupRule.excludedUsers': ACCESS_ASSUMED.excludedPerRule,
  'AccessPath.viaGroups': ACCESS_ASSUMED.appGroups,
  'Group.rules': ACCESS_ASSUMED.rulesPerGroup,
  'User.appLinks': ACCESS_ASSUMED.userApps,
};
/** Any other plain list, should a costed field ever sit below one. */
export const DEFAULT_LIST_SIZE = 100;

/**
 * The Okta calls of a mutation itself (its payload's selection is planned as a query), from the
 * one table of its operations (src/schema/mutation-operations.ts): each operation's route in its
 * bucket, as many times as the table says for these arguments. An operation made by one of several
 * routes counts in each of their buckets (a full or a partial update): the most the mutation can
 * make. A read of the payload's object after the write counts only when `payload` (the fields the
 * selection asks of the payload) names its field. Undefined for a field that is no mutation of
 * the table.
 */
export function mutationCalls(
  mutation: string,
  args: Args,
  payload: ReadonlySet<string>,
): Calls | undefined {
  if (!isMutation(mutation)) return undefined;
  const calls: Calls = {};
  for (const { routes, times } of operationsOf(mutation, args, (field) => payload.has(field))) {
    if (times === 0) continue;
    const buckets = new Set(routes.map((route) => bucketOf(...splitRoute(route))));
    for (const bucket of buckets) calls[bucket] = (calls[bucket] ?? 0) + times;
  }
  return calls;
}

/** `GET /api/v1/users/:userId` → its method and template. */
const splitRoute = (route: string): [string, string] => {
  const [method = '', template = ''] = route.split(' ');
  return [method, template];
};
