import { describe, expect, it } from 'vitest';
import { scopeOfOperation } from '../../../src/okta-reference/scopes.ts';
import { bucketFor } from '../../../src/simulator/rate-limit.ts';
import { groupRulesRoutes } from '../../../src/simulator/routes/group-rules.ts';
import type { LogEvent } from '../../../src/simulator/store.ts';
import { type SimHarness, useSimulator } from '../../support/simulator.ts';

interface GroupRule {
  type: string;
  id: string;
  status: string;
  name: string;
  created: string;
  lastUpdated: string;
  conditions: {
    people: { users: { exclude: string[] }; groups: { exclude: string[] } };
    expression: { value: string; type: string };
  };
  actions: { assignUserToGroups: { groupIds: string[] } };
  _embedded?: { groupIdToGroupNameMap: Record<string, string> };
}

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

const h: SimHarness = useSimulator();

let n = 0;
const unique = (prefix: string) => `${prefix}${++n}x${Date.now().toString(36)}`;

async function group(name = unique('Rule target ')): Promise<{ id: string }> {
  const res = await h.api<{ id: string }>('POST', '/api/v1/groups', {
    body: { profile: { name } },
  });
  expect(res.status).toBe(200);
  return res.body;
}

async function user(profile: Record<string, unknown> = {}): Promise<{ id: string }> {
  const login = `${unique('rule.user')}@example.com`;
  const res = await h.api<{ id: string }>('POST', '/api/v1/users?activate=false', {
    body: { profile: { firstName: 'Rule', lastName: 'Subject', email: login, login, ...profile } },
  });
  expect(res.status).toBe(200);
  return res.body;
}

function ruleBody(name: string, expression: string, groupIds: string[], exclude: string[] = []) {
  return {
    type: 'group_rule',
    name,
    conditions: {
      people: { users: { exclude } },
      expression: { value: expression, type: 'urn:okta:expression:1.0' },
    },
    actions: { assignUserToGroups: { groupIds } },
  };
}

async function createRule(expression: string, groupIds: string[], exclude: string[] = []) {
  const res = await h.api<GroupRule>('POST', '/api/v1/groups/rules', {
    body: ruleBody(unique('rule '), expression, groupIds, exclude),
  });
  expect(res.status).toBe(200);
  return res.body;
}

const lifecycle = (id: string, op: 'activate' | 'deactivate') =>
  h.api('POST', `/api/v1/groups/rules/${id}/lifecycle/${op}`);

const members = async (groupId: string) =>
  (await h.api<{ id: string }[]>('GET', `/api/v1/groups/${groupId}/users`)).body.map((u) => u.id);

const eventsAfter = (seq: number): LogEvent[] =>
  h.sim.org.log.filter((row) => row.seq > seq).map((row) => row.event);

describe('group rules', () => {
  it('creates a rule INACTIVE, in the shape of Okta’s GroupRule', async () => {
    const target = await group();
    const name = unique('Engineering rule ');
    const res = await h.api<GroupRule>('POST', '/api/v1/groups/rules', {
      body: ruleBody(name, 'user.department=="Engineering"', [target.id]),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      type: 'group_rule',
      id: expect.stringMatching(/^0pr[0-9A-Za-z]{17}$/),
      status: 'INACTIVE',
      name,
      created: res.body.created,
      lastUpdated: res.body.created,
      conditions: {
        people: { users: { exclude: [] }, groups: { exclude: [] } },
        expression: { value: 'user.department=="Engineering"', type: 'urn:okta:expression:1.0' },
      },
      actions: { assignUserToGroups: { groupIds: [target.id] } },
    });
    const got = await h.api<GroupRule>('GET', `/api/v1/groups/rules/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('puts a new matching user, and no other, in the group of a rule activated for user.department=="X"', async () => {
    const department = unique('Skunkworks');
    const target = await group();
    const rule = await createRule(`user.department=="${department}"`, [target.id]);
    expect((await lifecycle(rule.id, 'activate')).status).toBe(204);
    expect((await h.api<GroupRule>('GET', `/api/v1/groups/rules/${rule.id}`)).body.status).toBe(
      'ACTIVE',
    );
    const seq = h.sim.org.log.length;

    const matching = await user({ department });
    const other = await user({ department: 'Sales' });
    const noDepartment = await user();

    expect(await members(target.id)).toEqual([matching.id]);
    const groups = await h.api<{ id: string }[]>('GET', `/api/v1/users/${other.id}/groups`);
    expect(groups.body.map((g) => g.id)).not.toContain(target.id);
    expect(noDepartment.id).not.toBe(matching.id);

    const adds = eventsAfter(seq).filter(
      (e) =>
        e.eventType === 'group.user_membership.add' &&
        (e.target as { id: string }[]).some((t) => t.id === target.id),
    );
    expect(adds.map((e) => (e.target as { id: string }[]).map((t) => t.id))).toEqual([
      [matching.id, target.id],
    ]);
    expect(
      (adds[0]?.debugContext as { debugData: Record<string, unknown> } | undefined)?.debugData,
    ).toMatchObject({ groupRuleId: rule.id });
  });

  it('adds existing matching users when the rule is activated, and follows profile changes', async () => {
    const department = unique('Dept');
    const target = await group();
    const before = await user({ department });
    const excluded = await user({ department });
    const rule = await createRule(`user.department=="${department}"`, [target.id], [excluded.id]);
    expect(await members(target.id)).toEqual([]);
    await lifecycle(rule.id, 'activate');
    expect(await members(target.id)).toEqual([before.id]);

    // A user who comes to match joins; one who stops matching leaves the group the rule made.
    const later = await user({ department: 'Elsewhere' });
    await h.api('POST', `/api/v1/users/${later.id}`, { body: { profile: { department } } });
    expect((await members(target.id)).sort()).toEqual([before.id, later.id].sort());
    await h.api('POST', `/api/v1/users/${before.id}`, {
      body: { profile: { department: 'Gone' } },
    });
    expect(await members(target.id)).toEqual([later.id]);
  });

  it('leaves users a rule never matched alone, and does not evaluate an INACTIVE rule', async () => {
    const department = unique('Quiet');
    const target = await group();
    const rule = await createRule(`user.department=="${department}"`, [target.id]);
    await user({ department });
    expect(await members(target.id)).toEqual([]);
    await lifecycle(rule.id, 'activate');
    await lifecycle(rule.id, 'deactivate');
    expect((await h.api<GroupRule>('GET', `/api/v1/groups/rules/${rule.id}`)).body.status).toBe(
      'INACTIVE',
    );
    const seq = h.sim.org.log.length;
    await user({ department });
    // Deactivation keeps the memberships the rule made; a new user is not evaluated.
    expect((await members(target.id)).length).toBe(1);
    expect(eventsAfter(seq).map((e) => e.eventType)).toEqual(['user.lifecycle.create']);
  });

  it('writes group.user_membership.rule.deactivated when a rule is deactivated', async () => {
    const rule = await createRule('user.department=="Nobody"', [(await group()).id]);
    await lifecycle(rule.id, 'activate');
    const seq = h.sim.org.log.length;
    await lifecycle(rule.id, 'deactivate');
    const events = eventsAfter(seq);
    expect(events.map((e) => e.eventType)).toEqual(['group.user_membership.rule.deactivated']);
    expect(events[0]?.target).toEqual([
      { id: rule.id, type: 'GroupRule', alternateId: rule.name, displayName: rule.name },
    ]);
  });

  it('turns a rule INVALID when its group is deleted, and refuses to activate it', async () => {
    const target = await group();
    const rule = await createRule('user.department=="Engineering"', [target.id]);
    await lifecycle(rule.id, 'activate');
    const seq = h.sim.org.log.length;
    expect((await h.api('DELETE', `/api/v1/groups/${target.id}`)).status).toBe(204);
    const got = await h.api<GroupRule>('GET', `/api/v1/groups/rules/${rule.id}`);
    expect(got.body.status).toBe('INVALID');
    expect(eventsAfter(seq).map((e) => e.eventType)).toEqual([
      'group.lifecycle.delete',
      'group.user_membership.rule.invalidate',
    ]);
    const refused = await lifecycle(rule.id, 'activate');
    expect(refused.status).toBe(403);
    expect((refused.body as OktaError).errorCode).toBe('E0000006');
  });

  it('turns a rule INVALID when a group its expression names is deleted', async () => {
    const named = await group();
    const rule = await createRule(`isMemberOfAnyGroup("${named.id}")`, [(await group()).id]);
    await h.api('DELETE', `/api/v1/groups/${named.id}`);
    expect((await h.api<GroupRule>('GET', `/api/v1/groups/rules/${rule.id}`)).body.status).toBe(
      'INVALID',
    );
  });

  it('removes the memberships the rule made when deleted with removeUsers=true, and only those', async () => {
    const department = unique('Temp');
    const target = await group();
    const byHand = await user({ department });
    await h.api('PUT', `/api/v1/groups/${target.id}/users/${byHand.id}`);
    const rule = await createRule(`user.department=="${department}"`, [target.id]);
    await lifecycle(rule.id, 'activate');
    const byRule = await user({ department });
    expect((await members(target.id)).sort()).toEqual([byHand.id, byRule.id].sort());

    const seq = h.sim.org.log.length;
    const res = await h.api('DELETE', `/api/v1/groups/rules/${rule.id}?removeUsers=true`);
    expect(res.status).toBe(202);
    expect(await members(target.id)).toEqual([byHand.id]);
    expect(eventsAfter(seq).map((e) => e.eventType)).toEqual(['group.user_membership.remove']);
    expect((await h.api('GET', `/api/v1/groups/rules/${rule.id}`)).status).toBe(404);
  });

  it('keeps the memberships when deleted without removeUsers', async () => {
    const department = unique('Keep');
    const target = await group();
    const rule = await createRule(`user.department=="${department}"`, [target.id]);
    await lifecycle(rule.id, 'activate');
    const byRule = await user({ department });
    expect((await h.api('DELETE', `/api/v1/groups/rules/${rule.id}`)).status).toBe(202);
    expect(await members(target.id)).toEqual([byRule.id]);
  });

  it('evaluates the documented subset: string functions, logic and group membership', async () => {
    const tag = unique('Staff');
    const seedGroup = await group();
    const target = await group();
    const rule = await createRule(
      `(String.startsWith(user.title,"${tag}") AND String.stringContains(user.city,"ondo")) || (isMemberOfAnyGroup("${seedGroup.id}") && !(user.department=="Sales"))`,
      [target.id],
    );
    await lifecycle(rule.id, 'activate');
    const staffInLondon = await user({ title: `${tag} Engineer`, city: 'London' });
    const staffInParis = await user({ title: `${tag} Engineer`, city: 'Paris' });
    expect(await members(target.id)).toEqual([staffInLondon.id]);
    // Joining the named group does not re-evaluate rules; a profile change does.
    await h.api('PUT', `/api/v1/groups/${seedGroup.id}/users/${staffInParis.id}`);
    await h.api('POST', `/api/v1/users/${staffInParis.id}`, {
      body: { profile: { city: 'Lyon' } },
    });
    expect((await members(target.id)).sort()).toEqual([staffInLondon.id, staffInParis.id].sort());
  });

  it('refuses an expression outside the supported subset with 400 E0000001 and a cause', async () => {
    const target = await group();
    for (const [expression, cause] of [
      ['user.department=="A" ^ true', "Invalid expression: unexpected character '^'"],
      [
        'Groups.contains(user.department, "x")',
        'Invalid expression: unsupported function Groups.contains',
      ],
      [
        'user.noSuchAttribute=="x"',
        'Invalid property noSuchAttribute in expression user.noSuchAttribute',
      ],
      ['user.department=="A" &&', 'Invalid expression: the expression ends too early'],
      ['user.department', 'Invalid expression: the expression does not yield a Boolean'],
      ['"just a string"', 'Invalid expression: the expression does not yield a Boolean'],
    ] as const) {
      const res = await h.api<OktaError>('POST', '/api/v1/groups/rules', {
        body: ruleBody(unique('bad '), expression, [target.id]),
      });
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(res.body.errorSummary).toBe('Api validation failed: conditions.expression.value');
      expect(res.body.errorCauses).toEqual([
        { errorSummary: `conditions.expression.value: ${cause}` },
      ]);
    }
  });

  it('refuses a rule for a group that does not exist or is not an OKTA_GROUP, and a duplicate name', async () => {
    const missing = await h.api<OktaError>('POST', '/api/v1/groups/rules', {
      body: ruleBody(unique('r '), 'user.department=="x"', ['00gDoesNotExist000000']),
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errorCauses[0]?.errorSummary).toBe(
      "actions.assignUserToGroups.groupIds: Group '00gDoesNotExist000000' does not exist",
    );
    const everyone = await h.api<OktaError>('POST', '/api/v1/groups/rules', {
      body: ruleBody(unique('r '), 'user.department=="x"', [h.sim.org.everyoneGroupId]),
    });
    expect(everyone.status).toBe(400);
    const rule = await createRule('user.department=="x"', [(await group()).id]);
    const duplicate = await h.api<OktaError>('POST', '/api/v1/groups/rules', {
      body: ruleBody(rule.name.toUpperCase(), 'user.department=="x"', [(await group()).id]),
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errorCauses[0]?.errorSummary).toBe(
      'name: An object with this field already exists in the current organization',
    );
  });

  it('replaces an INACTIVE rule but not an ACTIVE one, and never its actions', async () => {
    const target = await group();
    const rule = await createRule('user.department=="a"', [target.id]);
    const replaced = await h.api<GroupRule>('PUT', `/api/v1/groups/rules/${rule.id}`, {
      body: ruleBody(rule.name, 'user.department=="b"', [target.id]),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.conditions.expression.value).toBe('user.department=="b"');
    const otherActions = await h.api<OktaError>('PUT', `/api/v1/groups/rules/${rule.id}`, {
      body: ruleBody(rule.name, 'user.department=="b"', [(await group()).id]),
    });
    expect(otherActions.status).toBe(400);
    await lifecycle(rule.id, 'activate');
    const active = await h.api<OktaError>('PUT', `/api/v1/groups/rules/${rule.id}`, {
      body: ruleBody(rule.name, 'user.department=="c"', [target.id]),
    });
    expect(active.status).toBe(400);
    expect(active.body.errorCode).toBe('E0000001');
  });

  it('lists rules with search by name, limit and a Link next page, and expands group names', async () => {
    const tag = unique('Listed');
    const target = await group(unique('Named target '));
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await createRule(`user.title=="${tag}${i}"`, [target.id]));
    for (const rule of made) {
      await h.api('PUT', `/api/v1/groups/rules/${rule.id}`, {
        body: ruleBody(`${tag} ${rule.id}`, rule.conditions.expression.value, [target.id]),
      });
    }
    const first = await h.api<GroupRule[]>(
      'GET',
      `/api/v1/groups/rules?search=${encodeURIComponent(tag.toLowerCase())}&limit=2`,
    );
    expect(first.status).toBe(200);
    const ids = made.map((r) => r.id).sort();
    expect(first.body.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBeDefined();
    const second = await h.api<GroupRule[]>(
      'GET',
      new URL(next as string).pathname + new URL(next as string).search,
    );
    expect(second.body.map((r) => r.id)).toEqual(ids.slice(2));
    expect(second.headers.get('link')).not.toContain('rel="next"');

    const expanded = await h.api<GroupRule>(
      'GET',
      `/api/v1/groups/rules/${made[0]?.id}?expand=groupIdToGroupNameMap`,
    );
    const name = (await h.api<{ profile: { name: string } }>('GET', `/api/v1/groups/${target.id}`))
      .body.profile.name;
    expect(expanded.body._embedded).toEqual({ groupIdToGroupNameMap: { [target.id]: name } });
  });

  it('answers 404 E0000007 for an unknown rule', async () => {
    const res = await h.api<OktaError>('GET', '/api/v1/groups/rules/0prNoSuchRule00000000');
    expect(res.status).toBe(404);
    expect(res.body.errorCode).toBe('E0000007');
  });

  it('counts rule, role and factor requests against the default rate-limit bucket', () => {
    for (const template of [
      '/api/v1/groups/rules',
      '/api/v1/groups/rules/:groupRuleId/lifecycle/activate',
      '/api/v1/users/:userId/roles',
      '/api/v1/groups/:groupId/roles/:roleAssignmentId',
      '/api/v1/users/:userId/factors/:factorId',
    ]) {
      expect(bucketFor('GET', template)).toBe('default');
    }
  });

  it('requires okta.groups.read to read rules and okta.groups.manage to change them', () => {
    expect(
      groupRulesRoutes.map((r) => `${r.method} ${r.path} ${scopeOfOperation(r.method, r.path)}`),
    ).toEqual([
      'GET /api/v1/groups/rules okta.groups.read',
      'POST /api/v1/groups/rules okta.groups.manage',
      'GET /api/v1/groups/rules/:groupRuleId okta.groups.read',
      'PUT /api/v1/groups/rules/:groupRuleId okta.groups.manage',
      'DELETE /api/v1/groups/rules/:groupRuleId okta.groups.manage',
      'POST /api/v1/groups/rules/:groupRuleId/lifecycle/activate okta.groups.manage',
      'POST /api/v1/groups/rules/:groupRuleId/lifecycle/deactivate okta.groups.manage',
    ]);
  });
});
