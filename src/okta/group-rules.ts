import type { GroupRuleInput, ListGroupRulesParams, OktaGroupRule } from './access-models.ts';
import { requireOktaId } from './expression.ts';
import type { Page, PageOptions, PaginateOptions } from './http.ts';
import { OktaResource } from './resource.ts';

const RULES = '/api/v1/groups/rules';
/** Okta's default page of rules is 50; 200 is its maximum (the OpenAPI document). */
const PREFERRED_PAGE_SIZE = 200;

/** Rule ids are Okta ids (`0pr…`); anything else is refused before a request is made. */
const rulePath = (id: string, suffix = '') => `${RULES}/${requireOktaId('GroupRule', id)}${suffix}`;

/**
 * Okta's Group Rules API: rules that put users whose profile matches an expression in groups.
 * A rule is created INACTIVE; only an INACTIVE rule can be replaced, and never its groups.
 */
export class GroupRulesApi extends OktaResource {
  async get(id: string, options: { expandGroupNames?: boolean } = {}): Promise<OktaGroupRule> {
    return this.fetchOne('GroupRule', id, {
      method: 'GET',
      path: rulePath(id),
      query: { expand: options.expandGroupNames ? 'groupIdToGroupNameMap' : undefined },
    });
  }

  async list(params: ListGroupRulesParams = {}, page?: PageOptions): Promise<Page<OktaGroupRule>> {
    return this.page(
      { method: 'GET', path: RULES, query: listQuery(params) },
      page,
      PREFERRED_PAGE_SIZE,
    );
  }

  async *iterate(
    params: ListGroupRulesParams = {},
    options?: PaginateOptions,
  ): AsyncIterable<OktaGroupRule> {
    yield* this.each(
      { method: 'GET', path: RULES, query: listQuery(params) },
      options,
      PREFERRED_PAGE_SIZE,
    );
  }

  /** Every rule of the org (the gateway's `Group.rules` filters them by group). */
  async listAll(params: ListGroupRulesParams = {}): Promise<OktaGroupRule[]> {
    return this.all(
      { method: 'GET', path: RULES, query: listQuery(params) },
      {},
      PREFERRED_PAGE_SIZE,
    );
  }

  /** A new rule, INACTIVE; an expression outside Okta's language → 400 E0000001. */
  async create(input: GroupRuleInput): Promise<OktaGroupRule> {
    return this.send({ method: 'POST', path: RULES, body: ruleBody(input) });
  }

  /** Replace an INACTIVE rule's name, expression and exclusions (its groups cannot change). */
  async replace(id: string, input: GroupRuleInput): Promise<OktaGroupRule> {
    return this.send({
      method: 'PUT',
      path: rulePath(id),
      body: ruleBody(input),
      idempotent: true,
    });
  }

  /** Okta evaluates an activated rule for every user; matching users join its groups. */
  async activate(id: string): Promise<void> {
    await this.send({ method: 'POST', path: rulePath(id, '/lifecycle/activate') });
  }

  /** The memberships the rule made stay. */
  async deactivate(id: string): Promise<void> {
    await this.send({ method: 'POST', path: rulePath(id, '/lifecycle/deactivate') });
  }

  /** `removeUsers`: the users the rule added leave its groups too (Okta's default: they stay). */
  async delete(id: string, options: { removeUsers?: boolean } = {}): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: rulePath(id),
      query: { removeUsers: options.removeUsers },
    });
  }
}

function listQuery(params: ListGroupRulesParams) {
  return {
    search: params.search,
    expand: params.expandGroupNames ? 'groupIdToGroupNameMap' : undefined,
  };
}

function ruleBody(input: GroupRuleInput) {
  return {
    type: 'group_rule',
    name: input.name,
    conditions: {
      people: { users: { exclude: input.excludedUserIds ?? [] } },
      expression: { value: input.expression, type: 'urn:okta:expression:1.0' },
    },
    actions: { assignUserToGroups: { groupIds: input.groupIds } },
  };
}
