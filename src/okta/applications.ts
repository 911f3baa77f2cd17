import { eq, idBatches, requireOktaId } from './expression.ts';
import type { Page, PageOptions, PaginateOptions } from './http.ts';
import type {
  ApplicationGroupAssignment,
  AppUser,
  AssignGroupToApplicationInput,
  AssignUserToApplicationInput,
  ListApplicationsParams,
  OktaApplication,
  UpdateApplicationUserInput,
} from './models.ts';
import { OktaResource } from './resource.ts';

const APPS = '/api/v1/apps';

const appPath = (id: string, suffix = '') => `${APPS}/${requireOktaId('Application', id)}${suffix}`;
const appUserPath = (appId: string, userId: string) =>
  appPath(appId, `/users/${requireOktaId('User', userId)}`);
const appGroupPath = (appId: string, groupId: string) =>
  appPath(appId, `/groups/${requireOktaId('Group', groupId)}`);

/** Okta's Applications API: apps, their lifecycle, and who is assigned to them. */
export class ApplicationsApi extends OktaResource {
  async get(id: string, options: { expand?: string } = {}): Promise<OktaApplication> {
    return this.fetchOne('Application', id, {
      method: 'GET',
      path: appPath(id),
      query: { expand: options.expand },
    });
  }

  async list(
    params: ListApplicationsParams = {},
    page?: PageOptions,
  ): Promise<Page<OktaApplication>> {
    return this.page({ method: 'GET', path: APPS, query: listQuery(params) }, page);
  }

  async *iterate(
    params: ListApplicationsParams = {},
    options?: PaginateOptions,
  ): AsyncIterable<OktaApplication> {
    yield* this.each({ method: 'GET', path: APPS, query: listQuery(params) }, options);
  }

  /**
   * Apps by id in `filter=id eq "…" or id eq "…"` calls (the Apps API has `filter` but no
   * `search`); the caller maps the ids not found. Assumed (Okta documents no lag for it): an app
   * `filter` is not served from the search index that makes user and group `search` lag writes.
   */
  async searchByIds(ids: Iterable<string>): Promise<OktaApplication[]> {
    const pages = await Promise.all(
      idBatches('Application', ids).map((batch) =>
        this.all<OktaApplication>(
          { method: 'GET', path: APPS, query: { filter: batch.search } },
          { pageSize: batch.ids.length },
        ),
      ),
    );
    return pages.flat();
  }

  /**
   * The apps a user is assigned to, directly or through a group (`filter=user.id eq "…"`).
   * `expandAppUser` embeds the user's assignment in each app's `_embedded.user`.
   */
  async listForUser(
    userId: string,
    options: { expandAppUser?: boolean } = {},
    page?: PageOptions,
  ): Promise<Page<OktaApplication>> {
    return this.list(forUser(userId, options.expandAppUser), page);
  }

  async *iterateForUser(
    userId: string,
    options: { expandAppUser?: boolean } & PaginateOptions = {},
  ): AsyncIterable<OktaApplication> {
    const { expandAppUser, ...paging } = options;
    yield* this.iterate(forUser(userId, expandAppUser), paging);
  }

  /** The apps assigned to a group (`filter=group.id eq "…"`). */
  async listForGroup(groupId: string, page?: PageOptions): Promise<Page<OktaApplication>> {
    return this.list({ filter: eq('group.id', requireOktaId('Group', groupId)) }, page);
  }

  /** INACTIVE → ACTIVE. */
  async activate(id: string): Promise<void> {
    await this.send({ method: 'POST', path: appPath(id, '/lifecycle/activate') });
  }

  /** ACTIVE → INACTIVE (only INACTIVE apps can be deleted). */
  async deactivate(id: string): Promise<void> {
    await this.send({ method: 'POST', path: appPath(id, '/lifecycle/deactivate') });
  }

  /** One page of the app's users; `expandUser` embeds each user in `_embedded.user`. */
  async listUsers(
    appId: string,
    params: { q?: string; expandUser?: boolean } = {},
    page?: PageOptions,
  ): Promise<Page<AppUser>> {
    return this.page(
      { method: 'GET', path: appPath(appId, '/users'), query: appUsersQuery(params) },
      page,
    );
  }

  async *iterateUsers(
    appId: string,
    params: { q?: string; expandUser?: boolean } = {},
    options?: PaginateOptions,
  ): AsyncIterable<AppUser> {
    yield* this.each(
      { method: 'GET', path: appPath(appId, '/users'), query: appUsersQuery(params) },
      options,
    );
  }

  async getUser(
    appId: string,
    userId: string,
    options: { expandUser?: boolean } = {},
  ): Promise<AppUser> {
    return this.fetchOne('ApplicationUser', `${appId}/${userId}`, {
      method: 'GET',
      path: appUserPath(appId, userId),
      query: { expand: options.expandUser ? 'user' : undefined },
    });
  }

  /** Assign a user directly (scope USER): Okta's assign is a POST to the collection. */
  async assignUser(appId: string, input: AssignUserToApplicationInput): Promise<AppUser> {
    requireOktaId('User', input.id);
    return this.send({ method: 'POST', path: appPath(appId, '/users'), body: input });
  }

  /** Change the assignment's app credentials or app profile. */
  async updateUser(
    appId: string,
    userId: string,
    input: UpdateApplicationUserInput,
  ): Promise<AppUser> {
    return this.send({
      method: 'POST',
      path: appUserPath(appId, userId),
      body: input,
      idempotent: input.credentials?.password === undefined,
    });
  }

  /**
   * Remove a direct assignment (its app profile is lost). An assignment through a group stays
   * until the group's is removed.
   */
  async unassignUser(
    appId: string,
    userId: string,
    options: { sendEmail?: boolean } = {},
  ): Promise<void> {
    await this.send({
      method: 'DELETE',
      path: appUserPath(appId, userId),
      query: { sendEmail: options.sendEmail },
    });
  }

  /** One page of the app's group assignments; `expandGroup` embeds each group. */
  async listGroups(
    appId: string,
    params: { q?: string; expandGroup?: boolean } = {},
    page?: PageOptions,
  ): Promise<Page<ApplicationGroupAssignment>> {
    return this.page(
      { method: 'GET', path: appPath(appId, '/groups'), query: appGroupsQuery(params) },
      page,
    );
  }

  async *iterateGroups(
    appId: string,
    params: { q?: string; expandGroup?: boolean } = {},
    options?: PaginateOptions,
  ): AsyncIterable<ApplicationGroupAssignment> {
    yield* this.each(
      { method: 'GET', path: appPath(appId, '/groups'), query: appGroupsQuery(params) },
      options,
    );
  }

  async getGroup(
    appId: string,
    groupId: string,
    options: { expandGroup?: boolean } = {},
  ): Promise<ApplicationGroupAssignment> {
    return this.fetchOne('ApplicationGroup', `${appId}/${groupId}`, {
      method: 'GET',
      path: appGroupPath(appId, groupId),
      query: { expand: options.expandGroup ? 'group' : undefined },
    });
  }

  /**
   * Assign a group (a PUT of the assignment, which also replaces an existing one): its members
   * get the app with scope GROUP.
   */
  async assignGroup(
    appId: string,
    groupId: string,
    input: AssignGroupToApplicationInput = {},
  ): Promise<ApplicationGroupAssignment> {
    return this.send({
      method: 'PUT',
      path: appGroupPath(appId, groupId),
      body: input,
      idempotent: true,
    });
  }

  async unassignGroup(appId: string, groupId: string): Promise<void> {
    await this.send({ method: 'DELETE', path: appGroupPath(appId, groupId) });
  }
}

function forUser(userId: string, expandAppUser: boolean | undefined): ListApplicationsParams {
  const id = requireOktaId('User', userId);
  return { filter: eq('user.id', id), expand: expandAppUser ? `user/${id}` : undefined };
}

function listQuery(params: ListApplicationsParams) {
  return {
    q: params.q,
    filter: params.filter,
    expand: params.expand,
    includeNonDeleted: params.includeNonDeleted,
  };
}

const appUsersQuery = (params: { q?: string; expandUser?: boolean }) => ({
  q: params.q,
  expand: params.expandUser ? 'user' : undefined,
});

const appGroupsQuery = (params: { q?: string; expandGroup?: boolean }) => ({
  q: params.q,
  expand: params.expandGroup ? 'group' : undefined,
});
