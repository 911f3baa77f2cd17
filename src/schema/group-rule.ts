import type { Context } from '../context.ts';
import {
  groupRuleDeleted,
  groupRuleMembershipsChanged,
  groupRuleWritten,
} from '../loaders/stale.ts';
import { type OktaGroupRule, OktaNotFoundError } from '../okta/index.ts';
import { builder } from './builder.ts';
import { pageOptions, toConnection } from './connection.ts';
import { mutationErrors } from './error-types.ts';
import { attempt, InvalidTransitionError } from './errors.ts';
import { Group } from './group.ts';
import { nodeTypeOf } from './id-prefixes.ts';
import { orNull } from './not-found-as-null.ts';
import { User } from './user.ts';

// Group rules: Okta puts users whose profile matches a rule's expression in the rule's groups.
// Okta's lifecycle, which the graph follows: created INACTIVE; only activate and deactivate
// change that; an ACTIVE rule is evaluated for every user when activated and for a user when
// they are created or their profile changes; a rule naming a deleted group is INVALID.

export const GroupRuleStatus = builder.enumType('GroupRuleStatus', {
  description:
    'ACTIVE: evaluated as users are created and change. INACTIVE: kept but not evaluated (a new rule starts so). INVALID: a group it names was deleted; it cannot be activated.',
  values: ['ACTIVE', 'INACTIVE', 'INVALID'] as const,
});

export const GroupRule = builder.loadableNodeRef<OktaGroupRule>('GroupRule', {
  id: { resolve: (r) => r.id },
  load: (ids: string[], ctx) => ctx.loaders.groupRuleById.loadMany(ids),
});

export const GroupRuleConnection = builder.connectionObject(
  { type: GroupRule, name: 'GroupRuleConnection' },
  { name: 'GroupRuleEdge' },
);

/** Objects by id through a loader, leaving out those that are gone (a rule outlives its groups). */
async function existing<T>(loads: Promise<(T | Error)[]>): Promise<T[]> {
  const out: T[] = [];
  for (const value of await loads) {
    if (value instanceof OktaNotFoundError) continue;
    if (value instanceof Error) throw value;
    out.push(value);
  }
  return out;
}

GroupRule.implement({
  description:
    "An Okta group rule: users whose profile matches `expression` (Okta's expression language) join `groups`.",
  isTypeOf: (value) => nodeTypeOf((value as { id?: string }).id ?? '') === 'GroupRule',
  authScopes: { okta: 'okta.groups.read' },
  fields: (t) => ({
    name: t.string({ resolve: (r) => r.name }),
    status: t.field({ type: GroupRuleStatus, resolve: (r) => r.status }),
    expression: t.string({
      description: 'E.g. `user.department=="Sales"`.',
      resolve: (r) => r.conditions.expression.value,
    }),
    groupIds: t.idList({
      description: 'The ids of the groups the rule assigns to, deleted ones included.',
      resolve: (r) => r.actions.assignUserToGroups.groupIds,
    }),
    groups: t.field({
      type: [Group],
      description: 'The groups the rule assigns to that still exist.',
      resolve: (r, _args, ctx) =>
        existing(ctx.loaders.groupById.loadMany(r.actions.assignUserToGroups.groupIds)),
    }),
    excludedUsers: t.field({
      type: [User],
      description: 'Users the rule never adds (those that still exist).',
      authScopes: { okta: 'okta.users.read' },
      resolve: (r, _args, ctx) =>
        existing(ctx.loaders.userById.loadMany(r.conditions.people?.users?.exclude ?? [])),
    }),
    created: t.field({ type: 'DateTime', resolve: (r) => r.created }),
    lastUpdated: t.field({ type: 'DateTime', resolve: (r) => r.lastUpdated }),
  }),
});

builder.objectFields(Group, (t) => ({
  rules: t.field({
    type: [GroupRule],
    description:
      'The rules that assign users to this group (Okta lists rules org-wide: one list per request, however many groups ask).',
    authScopes: { okta: 'okta.groups.read' },
    resolve: async (group, _args, ctx) => {
      const rules = await ctx.loaders.allGroupRules.load('all');
      if (rules instanceof Error) throw rules;
      for (const rule of rules) ctx.loaders.groupRuleById.prime(rule.id, rule);
      return rules.filter((r) => r.actions.assignUserToGroups.groupIds.includes(group.id));
    },
  }),
}));

builder.queryFields((t) => ({
  groupRule: t.field({
    type: GroupRule,
    nullable: true,
    description: 'One group rule by id; null when there is none.',
    authScopes: { okta: 'okta.groups.read' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => orNull(ctx.loaders.groupRuleById.load(String(args.id))),
  }),
  groupRules: t.connection(
    {
      type: GroupRule,
      description: "The org's group rules. `search`: a keyword the rule's name contains.",
      authScopes: { okta: 'okta.groups.read' },
      args: { search: t.arg.string() },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.okta.groupRules.list(
          { search: args.search ?? undefined },
          pageOptions(args, ctx),
        );
        for (const rule of page.items) ctx.loaders.groupRuleById.prime(rule.id, rule);
        return toConnection(page);
      },
    },
    GroupRuleConnection,
  ),
}));

// ── Mutations ────────────────────────────────────────────────────────────────────────────────

const CreateGroupRuleInput = builder.inputType('CreateGroupRuleInput', {
  description: 'A new rule; Okta creates it INACTIVE.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique among rules, ignoring case; ≤ 50.' }),
    expression: t.string({
      required: true,
      description: 'In Okta\'s expression language, e.g. `user.department=="Sales"`.',
    }),
    groupIds: t.idList({ required: true, description: 'OKTA_GROUPs; cannot change later.' }),
    excludedUserIds: t.idList({ description: 'Users the rule never adds.' }),
  }),
});

const UpdateGroupRuleInput = builder.inputType('UpdateGroupRuleInput', {
  description:
    "A rule's new name, expression and exclusions (Okta's PUT: exclusions left out are removed). Its groups cannot change.",
  fields: (t) => ({
    name: t.string({ required: true }),
    expression: t.string({ required: true }),
    excludedUserIds: t.idList(),
  }),
});

const GroupRulePayload = (name: string, description: string) =>
  builder.objectRef<{ groupRuleId: string }>(`${name}Payload`).implement({
    description,
    fields: (t) => ({ groupRule: t.field({ type: GroupRule, resolve: (p) => p.groupRuleId }) }),
  });

const CreateGroupRulePayload = GroupRulePayload('CreateGroupRule', 'The new rule, INACTIVE.');
const UpdateGroupRulePayload = GroupRulePayload('UpdateGroupRule', 'The rule as replaced.');
const ActivateGroupRulePayload = GroupRulePayload(
  'ActivateGroupRule',
  'The rule, ACTIVE: matching users are in its groups.',
);
const DeactivateGroupRulePayload = GroupRulePayload(
  'DeactivateGroupRule',
  'The rule, INACTIVE: the memberships it made stay.',
);

const DeleteGroupRulePayload = builder
  .objectRef<{ deletedGroupRuleId: string }>('DeleteGroupRulePayload')
  .implement({
    description: 'The rule is gone (and, with `removeUsers`, the memberships it made).',
    fields: (t) => ({ deletedGroupRuleId: t.exposeID('deletedGroupRuleId') }),
  });

const ids = (values: readonly (string | number)[] | null | undefined) =>
  (values ?? []).map((v) => String(v));

/** Okta's field names in a rule's error causes → the input's. */
const RULE_FIELD_NAMES = {
  'conditions.expression.value': 'expression',
  'actions.assignUserToGroups.groupIds': 'groupIds',
  'conditions.people.users.exclude': 'excludedUserIds',
} as const;

const ruleTarget = (id: string) => ({ target: { resource: 'GroupRule', id } });

/** Read a rule by id now (mutations act on Okta's state, not the request's cache). */
async function readRuleNow(ctx: Context, id: string): Promise<OktaGroupRule> {
  const rule = await ctx.okta.groupRules.get(id);
  groupRuleWritten(ctx, rule.id, rule);
  return rule;
}

builder.mutationFields((t) => ({
  createGroupRule: t.field({
    type: CreateGroupRulePayload,
    description:
      "Create a group rule, INACTIVE as Okta creates it. An expression outside Okta's language, or a name taken, is refused with a ValidationError or ConflictError.",
    authScopes: { okta: 'okta.groups.manage' },
    errors: mutationErrors('CreateGroupRule'),
    args: { input: t.arg({ type: CreateGroupRuleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      attempt(
        async () => {
          const rule = await ctx.okta.groupRules.create({
            name: input.name,
            expression: input.expression,
            groupIds: ids(input.groupIds),
            excludedUserIds: ids(input.excludedUserIds),
          });
          groupRuleWritten(ctx, rule.id, rule);
          return { groupRuleId: rule.id };
        },
        { fieldNames: RULE_FIELD_NAMES },
      ),
  }),
  updateGroupRule: t.field({
    type: UpdateGroupRulePayload,
    description:
      "Replace an INACTIVE (or INVALID) rule's name, expression and exclusions; an ACTIVE rule must be deactivated first (InvalidTransitionError).",
    authScopes: { okta: 'okta.groups.manage' },
    errors: mutationErrors('UpdateGroupRule'),
    args: {
      id: t.arg.id({ required: true }),
      input: t.arg({ type: UpdateGroupRuleInput, required: true }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const before = await readRuleNow(ctx, String(args.id));
          if (before.status === 'ACTIVE') {
            throw new InvalidTransitionError(
              'updateGroupRule',
              'ACTIVE',
              ['INACTIVE', 'INVALID'],
              'a group rule',
            );
          }
          const rule = await ctx.okta.groupRules.replace(before.id, {
            name: args.input.name,
            expression: args.input.expression,
            groupIds: before.actions.assignUserToGroups.groupIds,
            excludedUserIds: ids(args.input.excludedUserIds),
          });
          groupRuleWritten(ctx, rule.id, rule);
          return { groupRuleId: rule.id };
        },
        { ...ruleTarget(String(args.id)), fieldNames: RULE_FIELD_NAMES },
      ),
  }),
  activateGroupRule: t.field({
    type: ActivateGroupRulePayload,
    description:
      'Activate a rule: Okta evaluates it for every user at once, and matching users join its groups. An INVALID rule is refused (ForbiddenError).',
    authScopes: { okta: 'okta.groups.manage' },
    errors: mutationErrors('ActivateGroupRule'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const id = String(args.id);
          await ctx.okta.groupRules.activate(id);
          groupRuleWritten(ctx, id);
          const rule = await ctx.loaders.groupRuleById.load(id);
          groupRuleMembershipsChanged(
            ctx,
            rule instanceof Error ? [] : rule.actions.assignUserToGroups.groupIds,
          );
          return { groupRuleId: id };
        },
        ruleTarget(String(args.id)),
      ),
  }),
  deactivateGroupRule: t.field({
    type: DeactivateGroupRulePayload,
    description: 'Deactivate a rule; the memberships it made stay (as in Okta).',
    authScopes: { okta: 'okta.groups.manage' },
    errors: mutationErrors('DeactivateGroupRule'),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const id = String(args.id);
          await ctx.okta.groupRules.deactivate(id);
          groupRuleWritten(ctx, id);
          return { groupRuleId: id };
        },
        ruleTarget(String(args.id)),
      ),
  }),
  deleteGroupRule: t.field({
    type: DeleteGroupRulePayload,
    description:
      "Delete a rule. `removeUsers`: the users it added leave its groups too (Okta's default, false, leaves them).",
    authScopes: { okta: 'okta.groups.manage' },
    errors: mutationErrors('DeleteGroupRule'),
    args: {
      id: t.arg.id({ required: true }),
      removeUsers: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      attempt(
        async () => {
          const id = String(args.id);
          const removeUsers = args.removeUsers === true;
          const rule = removeUsers ? await readRuleNow(ctx, id) : undefined;
          await ctx.okta.groupRules.delete(id, { removeUsers });
          groupRuleDeleted(ctx, id);
          if (rule) groupRuleMembershipsChanged(ctx, rule.actions.assignUserToGroups.groupIds);
          return { deletedGroupRuleId: id };
        },
        ruleTarget(String(args.id)),
      ),
  }),
}));
