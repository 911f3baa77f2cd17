import { eq, idBatches, requireOktaId } from './expression.ts';
import type { Page, PageOptions, PaginateOptions } from './http.ts';
import type {
  GroupExpand,
  GroupProfileInput,
  ListGroupsParams,
  OktaApplication,
  OktaGroup,
  OktaUser,
} from './models.ts';
import { OktaResource } from './resource.ts';

const GROUPS = '/api/v1/groups';
/**
 * Asked for when the caller names no page size: Okta sends up to 10,000 groups, or 1,000 full
 * members, per page by default; 200 is the size it advises.
 */
const PREFERRED_PAGE_SIZE = 200;

const groupPath = (id: string, suffix = '') => `${GROUPS}/${requireOktaId('Group', id)}${suffix}`;

/** Okta's Groups API: groups, their members and their apps. */
export class GroupsApi extends OktaResource {
  async get(id: string): Promise<OktaGroup> {
    return this.fetchOne('Group', id, { method: 'GET', path: groupPath(id) });
  }

  /** One page of groups; `expand: ['stats']` embeds member and app counts. */
  async list(params: ListGroupsParams = {}, page?: PageOptions): Promise<Page<OktaGroup>> {
    return this.page(
      { method: 'GET', path: GROUPS, query: listQuery(params) },
      page,
      PREFERRED_PAGE_SIZE,
    );
  }

  async *iterate(
    params: ListGroupsParams = {},
    options?: PaginateOptions,
  ): AsyncIterable<OktaGroup> {
    yield* this.each(
      { method: 'GET', path: GROUPS, query: listQuery(params) },
      options,
      PREFERRED_PAGE_SIZE,
    );
  }

  /**
   * Groups by id in `search=id eq "…" or …` calls (see UsersApi.searchByIds); the caller maps
   * the ids not found. Like all group search, it lags writes by a few seconds.
   */
  async searchByIds(
    ids: Iterable<string>,
    options: { expand?: readonly GroupExpand[] } = {},
  ): Promise<OktaGroup[]> {
    const pages = await Promise.all(
      idBatches('Group', ids).map((batch) =>
        this.all<OktaGroup>(
          {
            method: 'GET',
            path: GROUPS,
            query: { search: batch.search, expand: expandOf(options.expand) },
          },
          { pageSize: batch.ids.length },
        ),
      ),
    );
    return pages.flat();
  }

  /**
   * The groups named exactly `name` (`search=profile.name eq "…"`, the name escaped). Okta
   * compares search values ignoring case, and an imported APP_GROUP may share an OKTA_GROUP's
   * name, so there can be more than one; those spelled exactly as asked come first.
   */
  async findByName(name: string): Promise<OktaGroup[]> {
    const found = await this.all<OktaGroup>(
      { method: 'GET', path: GROUPS, query: { search: eq('profile.name', name) } },
      {},
      PREFERRED_PAGE_SIZE,
    );
    const exact = (g: OktaGroup) => (g.profile.name === name ? 0 : 1);
    return found.sort((a, b) => exact(a) - exact(b));
  }

  /** A new OKTA_GROUP; a name already taken → 400 E0000001. */
  async create(profile: GroupProfileInput): Promise<OktaGroup> {
    return this.send({ method: 'POST', path: GROUPS, body: { profile } });
  }

  /** Replace the profile of an OKTA_GROUP (APP_GROUP and BUILT_IN are read-only). */
  async replace(id: string, profile: GroupProfileInput): Promise<OktaGroup> {
    return this.send({ method: 'PUT', path: groupPath(id), body: { profile }, idempotent: true });
  }

  async delete(id: string): Promise<void> {
    await this.send({ method: 'DELETE', path: groupPath(id) });
  }

  /** One page of the group's members (full user objects, only their `self` link). */
  async listMembers(id: string, page?: PageOptions): Promise<Page<OktaUser>> {
    return this.page({ method: 'GET', path: groupPath(id, '/users') }, page, PREFERRED_PAGE_SIZE);
  }

  async *iterateMembers(id: string, options?: PaginateOptions): AsyncIterable<OktaUser> {
    yield* this.each(
      { method: 'GET', path: groupPath(id, '/users') },
      options,
      PREFERRED_PAGE_SIZE,
    );
  }

  /** 204 whether or not the user was already a member. */
  async addMember(groupId: string, userId: string): Promise<void> {
    await this.send({ method: 'PUT', path: memberPath(groupId, userId), idempotent: true });
  }

  /** 204 whether or not the user was a member. */
  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.send({ method: 'DELETE', path: memberPath(groupId, userId), idempotent: true });
  }

  /** One page of the apps assigned to the group. */
  async listApps(id: string, page?: PageOptions): Promise<Page<OktaApplication>> {
    return this.page({ method: 'GET', path: groupPath(id, '/apps') }, page);
  }

  async *iterateApps(id: string, options?: PaginateOptions): AsyncIterable<OktaApplication> {
    yield* this.each({ method: 'GET', path: groupPath(id, '/apps') }, options);
  }
}

const memberPath = (groupId: string, userId: string) =>
  groupPath(groupId, `/users/${requireOktaId('User', userId)}`);

const expandOf = (expand: readonly GroupExpand[] | undefined) =>
  expand && expand.length > 0 ? expand.join(',') : undefined;

function listQuery(params: ListGroupsParams) {
  return {
    q: params.q,
    filter: params.filter,
    search: params.search,
    expand: expandOf(params.expand),
    sortBy: params.sortBy,
    sortOrder: params.sortOrder,
  };
}
