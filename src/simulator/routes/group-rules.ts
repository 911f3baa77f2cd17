import { OktaSimError, oktaErrors } from '../errors.ts';
import {
  type CompiledRuleExpression,
  compileRuleExpression,
  UnsupportedExpression,
} from '../group-rule-expression.ts';
import { paginate } from '../pagination.ts';
import { profileAttributes } from '../profile.ts';
import { noContent, ok, type Route, type SimContext, type SimReply } from '../router.ts';
import type { GroupRecord, GroupRuleRecord, Org, UserRecord } from '../store.ts';
import { groupTarget, type LogTarget, userTarget } from '../system-log.ts';
import { appAccessOf, applyGroupProfile, logAppAccessChanges } from './app-access.ts';

/**
 * The Group Rules API (`/api/v1/groups/rules`): rules that put users in groups when an expression
 * over their profile holds (the expression subset is in group-rule-expression.ts).
 *
 * Lifecycle, as Okta's OpenAPI document states it: a rule is created INACTIVE; only the
 * activate/deactivate operations change that; only an INACTIVE rule can be replaced, and its
 * `actions` cannot change. An ACTIVE rule is evaluated for every user when it is activated, and
 * for a user when they are created or their profile changes; a user it matches joins its groups.
 * A rule becomes INVALID when a group it names (in its actions or its expression) is deleted.
 *
 * [obs] What the simulator assumes where Okta's documents are silent:
 * - users who no longer match an ACTIVE rule after a profile change leave the groups the rule put
 *   them in (not groups they were added to by hand, nor groups another rule also put them in);
 * - a membership change through the Groups API does not re-evaluate rules (an expression's
 *   `isMemberOf…` is read when the user is created or their profile changes), and a membership a
 *   rule makes does not trigger other rules;
 * - deactivating a rule leaves the memberships it made; deleting it removes them only with
 *   `removeUsers=true`; an ACTIVE rule can be deleted;
 * - DEPROVISIONED users are never evaluated; excluded users (`conditions.people.users.exclude`)
 *   are never added;
 * - names are unique among rules, ignoring case; a rule assigns only to OKTA_GROUPs;
 * - activating an INVALID rule answers 403 (the only refusal the document lists for the
 *   operation), with a cause naming the reason;
 * - an expression outside the subset answers 400 E0000001 with the cause
 *   `conditions.expression.value: Invalid expression: <reason>`;
 * - rate limits: Okta's table names no bucket for `/api/v1/groups/rules*`, so its requests count
 *   against "most other API actions" (`default`), like the groups' other sub-resources;
 * - System Log: the memberships a rule makes or undoes are `group.user_membership.add` /
 *   `.remove` events (with the rule's id as `debugData.groupRuleId`); a deactivation writes
 *   `group.user_membership.rule.deactivated` and an invalidation
 *   `group.user_membership.rule.invalidate` (both in Okta's event catalogue). The catalogue names
 *   no event for creating, replacing, activating or deleting a rule, so none is written.
 */

const EXPRESSION_TYPE = 'urn:okta:expression:1.0';

/** `limit`: default 50, at most 200 (the OpenAPI document). */
const PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

/** A rule's target in the System Log [obs: Okta's type name for it is not documented]. */
const ruleTarget = (rule: GroupRuleRecord): LogTarget => ({
  id: rule.id,
  type: 'GroupRule',
  alternateId: rule.name,
  displayName: rule.name,
});

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function findRule(org: Org, id: string): GroupRuleRecord {
  const rule = org.groupRules.get(id);
  if (!rule) throw oktaErrors.notFound(id, 'GroupRule');
  return rule;
}

function compile(org: Org, expression: string): CompiledRuleExpression {
  const attributes = profileAttributes(org);
  return compileRuleExpression(expression, (name) => {
    const definition = attributes.get(name);
    return definition ? String(definition.type ?? 'string') : null;
  });
}

const compiled = new WeakMap<GroupRuleRecord, { source: string; rule: CompiledRuleExpression }>();

/** The rule's compiled expression (compiled once per expression text). */
function expressionOf(org: Org, rule: GroupRuleRecord): CompiledRuleExpression | null {
  const cached = compiled.get(rule);
  if (cached?.source === rule.expression) return cached.rule;
  try {
    const compiledRule = compile(org, rule.expression);
    compiled.set(rule, { source: rule.expression, rule: compiledRule });
    return compiledRule;
  } catch {
    // An attribute the expression read was removed from the schema since: it matches nobody.
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The wire shape

export function renderGroupRule(org: Org, rule: GroupRuleRecord, expandNames = false) {
  const out: Record<string, unknown> = {
    type: 'group_rule',
    id: rule.id,
    status: rule.status,
    name: rule.name,
    created: rule.created,
    lastUpdated: rule.lastUpdated,
    conditions: {
      people: { users: { exclude: [...rule.excludedUserIds] }, groups: { exclude: [] } },
      expression: { value: rule.expression, type: EXPRESSION_TYPE },
    },
    actions: { assignUserToGroups: { groupIds: [...rule.groupIds] } },
  };
  if (expandNames) {
    const names: Record<string, string> = {};
    for (const id of rule.groupIds) {
      const group = org.groups.get(id);
      if (group) names[id] = String(group.profile.name);
    }
    out._embedded = { groupIdToGroupNameMap: names };
  }
  return out;
}

const expandsNames = (ctx: SimContext) =>
  (ctx.query.get('expand') ?? '').split(',').includes('groupIdToGroupNameMap');

// ---------------------------------------------------------------------------------------------
// Reading a create or replace body

interface RuleInput {
  name: string;
  expression: string;
  excludedUserIds: string[];
  groupIds: string[];
}

const blank = (field: string) =>
  oktaErrors.validation(field, [`${field}: The field cannot be left blank`]);

function ruleInput(org: Org, body: unknown, self?: GroupRuleRecord): RuleInput {
  const sent = asObject(body);
  if (!sent) throw oktaErrors.malformedBody();
  if (sent.type !== undefined && sent.type !== 'group_rule') {
    throw oktaErrors.validation('type', ["type: The only supported type is 'group_rule'"]);
  }

  const name = sent.name;
  if (typeof name !== 'string' || name.trim() === '') throw blank('name');
  if (name.length > 50) {
    throw oktaErrors.validation('name', ['name: The field cannot exceed 50 characters']);
  }
  for (const other of org.groupRules.values()) {
    if (other !== self && other.name.toLowerCase() === name.toLowerCase()) {
      throw oktaErrors.validation('name', [
        'name: An object with this field already exists in the current organization',
      ]);
    }
  }

  const conditions = asObject(sent.conditions);
  const expression = asObject(conditions?.expression);
  const value = expression?.value;
  if (typeof value !== 'string' || value.trim() === '') throw blank('conditions.expression.value');
  if (expression?.type !== undefined && expression.type !== EXPRESSION_TYPE) {
    throw oktaErrors.validation('conditions.expression.type', [
      `conditions.expression.type: The only supported type is '${EXPRESSION_TYPE}'`,
    ]);
  }
  let rule: CompiledRuleExpression;
  try {
    rule = compile(org, value);
  } catch (error) {
    if (!(error instanceof UnsupportedExpression)) throw error;
    // An unknown attribute gets Okta's own wording; anything else names what is not understood.
    const reason = error.reason.startsWith('Invalid property')
      ? error.reason
      : `Invalid expression: ${error.reason}`;
    throw oktaErrors.validation('conditions.expression.value', [
      `conditions.expression.value: ${reason}`,
    ]);
  }
  for (const id of rule.groupIds) {
    if (!org.groups.has(id)) {
      throw oktaErrors.validation('conditions.expression.value', [
        `conditions.expression.value: Group '${id}' does not exist`,
      ]);
    }
  }

  const people = asObject(conditions?.people);
  const exclude = asObject(people?.users)?.exclude ?? [];
  if (!Array.isArray(exclude) || exclude.some((id) => typeof id !== 'string')) {
    throw oktaErrors.validation('conditions.people.users.exclude', [
      'conditions.people.users.exclude: The field must be an array of user ids',
    ]);
  }

  const groupIds = asObject(asObject(sent.actions)?.assignUserToGroups)?.groupIds;
  if (!Array.isArray(groupIds) || groupIds.length === 0) {
    throw blank('actions.assignUserToGroups.groupIds');
  }
  for (const id of groupIds) {
    const group = typeof id === 'string' ? org.groups.get(id) : undefined;
    if (!group) {
      throw oktaErrors.validation('actions.assignUserToGroups.groupIds', [
        `actions.assignUserToGroups.groupIds: Group '${String(id)}' does not exist`,
      ]);
    }
    if (group.type !== 'OKTA_GROUP') {
      throw oktaErrors.validation('actions.assignUserToGroups.groupIds', [
        `actions.assignUserToGroups.groupIds: Group '${group.id}' is not an OKTA_GROUP; rules assign users only to Okta groups`,
      ]);
    }
  }
  return {
    name,
    expression: value,
    excludedUserIds: [...new Set(exclude as string[])],
    groupIds: [...new Set(groupIds as string[])],
  };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** Make `user` a member of `group` because of `rule`, as a membership change through the API. */
function join(ctx: SimContext, rule: GroupRuleRecord, group: GroupRecord, user: UserRecord): void {
  const { org } = ctx;
  const before = appAccessOf(org, user.id);
  if (!org.addMember(group, user.id)) return;
  org.saveGroup(group);
  let added = rule.added.get(user.id);
  if (!added) {
    added = new Set();
    rule.added.set(user.id, added);
  }
  added.add(group.id);
  for (const app of org.apps.values())
    if (app.groups.has(group.id)) applyGroupProfile(app, user.id);
  ctx.log({
    eventType: 'group.user_membership.add',
    targets: [userTarget(user), groupTarget(group)],
    debugData: { groupRuleId: rule.id },
  });
  logAppAccessChanges(ctx, user.id, before);
}

/** Undo a membership `rule` made, unless another ACTIVE rule made it too. */
function leave(ctx: SimContext, rule: GroupRuleRecord, groupId: string, user: UserRecord): void {
  const { org } = ctx;
  rule.added.get(user.id)?.delete(groupId);
  if (rule.added.get(user.id)?.size === 0) rule.added.delete(user.id);
  for (const other of org.groupRules.values()) {
    if (other !== rule && other.status === 'ACTIVE' && other.added.get(user.id)?.has(groupId)) {
      return;
    }
  }
  const group = org.groups.get(groupId);
  if (!group) return;
  const before = appAccessOf(org, user.id);
  if (!org.removeMember(group, user.id)) return;
  org.saveGroup(group);
  for (const app of org.apps.values()) applyGroupProfile(app, user.id);
  ctx.log({
    eventType: 'group.user_membership.remove',
    targets: [userTarget(user), groupTarget(group)],
    debugData: { groupRuleId: rule.id },
  });
  logAppAccessChanges(ctx, user.id, before);
}

function matches(org: Org, rule: GroupRuleRecord, user: UserRecord): boolean {
  if (user.status === 'DEPROVISIONED' || rule.excludedUserIds.includes(user.id)) return false;
  const expression = expressionOf(org, rule);
  if (!expression) return false;
  const groups = org.userGroups.get(user.id);
  return expression.matches({
    profile: user.profile,
    isMemberOf: (groupId) => groups?.has(groupId) ?? false,
  });
}

function evaluate(ctx: SimContext, rule: GroupRuleRecord, user: UserRecord): void {
  if (matches(ctx.org, rule, user)) {
    for (const groupId of rule.groupIds) {
      const group = ctx.org.groups.get(groupId);
      if (group && !group.members.has(user.id)) join(ctx, rule, group, user);
    }
    return;
  }
  for (const groupId of [...(rule.added.get(user.id) ?? [])]) leave(ctx, rule, groupId, user);
}

/**
 * Evaluate every ACTIVE rule for one user: called when the user is created and when their
 * profile changes (routes/users.ts).
 */
export function applyGroupRules(ctx: SimContext, user: UserRecord): void {
  const rules = [...ctx.org.groupRules.values()].filter((r) => r.status === 'ACTIVE').sort(byId);
  for (const rule of rules) evaluate(ctx, rule, user);
}

/**
 * A group is gone (routes/groups.ts): every rule that names it becomes INVALID, and forgets the
 * memberships it had made in it.
 */
export function invalidateGroupRules(ctx: SimContext, groupId: string): void {
  for (const rule of [...ctx.org.groupRules.values()].sort(byId)) {
    for (const groups of rule.added.values()) groups.delete(groupId);
    const named =
      rule.groupIds.includes(groupId) ||
      (expressionOf(ctx.org, rule)?.groupIds.includes(groupId) ?? false);
    if (!named || rule.status === 'INVALID') continue;
    rule.status = 'INVALID';
    rule.lastUpdated = ctx.org.now();
    ctx.log({ eventType: 'group.user_membership.rule.invalidate', targets: [ruleTarget(rule)] });
  }
}

// ---------------------------------------------------------------------------------------------
// Handlers

function listRules(ctx: SimContext): SimReply {
  const { org } = ctx;
  const search = ctx.query.get('search');
  let rules = [...org.groupRules.values()].sort(byId);
  if (search !== null && search !== '') {
    // [obs] "the keyword to search rules for": matched against the rule's name, ignoring case.
    const keyword = search.toLowerCase();
    rules = rules.filter((r) => r.name.toLowerCase().includes(keyword));
  }
  const { page, headers } = paginate(ctx, rules, { ...PAGE, cursor: (r) => r.id });
  const expand = expandsNames(ctx);
  return ok(
    page.map((r) => renderGroupRule(org, r, expand)),
    headers,
  );
}

function createRule(ctx: SimContext): SimReply {
  const { org } = ctx;
  const input = ruleInput(org, ctx.body);
  const now = org.now();
  const rule: GroupRuleRecord = {
    id: org.prng.id('0pr'),
    status: 'INACTIVE',
    created: now,
    lastUpdated: now,
    added: new Map(),
    ...input,
  };
  org.groupRules.set(rule.id, rule);
  return ok(renderGroupRule(org, rule));
}

function getRule(ctx: SimContext): SimReply {
  const rule = findRule(ctx.org, ctx.params.groupRuleId as string);
  return ok(renderGroupRule(ctx.org, rule, expandsNames(ctx)));
}

function replaceRule(ctx: SimContext): SimReply {
  const { org } = ctx;
  const rule = findRule(org, ctx.params.groupRuleId as string);
  if (rule.status === 'ACTIVE') {
    throw oktaErrors.validation('groupRule', [
      'status: An ACTIVE rule cannot be updated; deactivate it first',
    ]);
  }
  const input = ruleInput(org, ctx.body, rule);
  const sameActions =
    input.groupIds.length === rule.groupIds.length &&
    input.groupIds.every((id) => rule.groupIds.includes(id));
  if (!sameActions) {
    throw oktaErrors.validation('actions', ['actions: The actions of a rule cannot be updated']);
  }
  Object.assign(rule, input, { lastUpdated: org.now() });
  return ok(renderGroupRule(org, rule));
}

function deleteRule(ctx: SimContext): SimReply {
  const { org } = ctx;
  const rule = findRule(org, ctx.params.groupRuleId as string);
  const removeUsers = (ctx.query.get('removeUsers') ?? '').toLowerCase() === 'true';
  org.groupRules.delete(rule.id);
  if (removeUsers) {
    for (const [userId, groups] of [...rule.added].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const user = org.users.get(userId);
      if (user) for (const groupId of [...groups]) leave(ctx, rule, groupId, user);
    }
  }
  return { status: 202 };
}

function activateRule(ctx: SimContext): SimReply {
  const { org } = ctx;
  const rule = findRule(org, ctx.params.groupRuleId as string);
  if (rule.status === 'INVALID') {
    throw new OktaSimError(
      403,
      'E0000006',
      'You do not have permission to perform the requested action',
      ['groupRule: An INVALID rule cannot be activated: a group it names no longer exists'],
    );
  }
  if (rule.status === 'ACTIVE') return noContent();
  rule.status = 'ACTIVE';
  rule.lastUpdated = org.now();
  const users = [...org.users.values()].sort(byId);
  for (const user of users) evaluate(ctx, rule, user);
  return noContent();
}

function deactivateRule(ctx: SimContext): SimReply {
  const { org } = ctx;
  const rule = findRule(org, ctx.params.groupRuleId as string);
  if (rule.status !== 'ACTIVE') return noContent();
  rule.status = 'INACTIVE';
  rule.lastUpdated = org.now();
  ctx.log({ eventType: 'group.user_membership.rule.deactivated', targets: [ruleTarget(rule)] });
  return noContent();
}

const ONE = '/api/v1/groups/rules/:groupRuleId';

export const groupRulesRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/groups/rules', handler: listRules },
  { method: 'POST', path: '/api/v1/groups/rules', handler: createRule },
  { method: 'GET', path: ONE, handler: getRule },
  { method: 'PUT', path: ONE, handler: replaceRule },
  { method: 'DELETE', path: ONE, handler: deleteRule },
  {
    method: 'POST',
    path: `${ONE}/lifecycle/activate`,
    handler: activateRule,
  },
  {
    method: 'POST',
    path: `${ONE}/lifecycle/deactivate`,
    handler: deactivateRule,
  },
];
