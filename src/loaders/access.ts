import type {
  AppLink,
  ApplicationGroupAssignment,
  AppUser,
  OktaApplication,
  OktaClient,
  OktaGroupRule,
  OktaUser,
  Page,
  PageOptions,
  RoleAssignment,
  UserFactor,
} from '../okta/index.ts';
import { perKey } from './per-key.ts';

/**
 * Loaders of the access graph. Okta lists a user's factors, roles and app links, and a group's
 * roles, in one unpaged call each and has no way to ask for several holders at once: each loader
 * makes that one call per holder, once per request, however many fields ask. Whole lists (every
 * app user, every member of a group) are what access paths need; they are loaded in the largest
 * pages Okta allows, so a list costs as few calls as it can.
 */

/** The largest pages Okta serves (its OpenAPI document and docs/okta-behaviour.md). */
const WHOLE_LIST_PAGE = {
  appUsers: 500,
  appGroups: 200,
  apps: 200,
  // Okta allows 10,000; 1,000 keeps one answer's size reasonable and most groups in one page.
  members: 1000,
} as const;

/** Every item of a paged list, one page after another. */
async function wholeList<T>(
  fetchPage: (page: PageOptions) => Promise<Page<T>>,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  do {
    const page: Page<T> = await fetchPage({ limit, after });
    items.push(...page.items);
    after = page.after;
  } while (after !== null);
  return items;
}

export function accessLoaders(okta: OktaClient) {
  return {
    /** A rule by id: Okta cannot read several rules by id at once. */
    groupRuleById: perKey<OktaGroupRule>('groupRuleById', (id) => okta.groupRules.get(id)),
    /** Every rule of the org, read once per request however many groups ask for theirs. */
    allGroupRules: perKey<OktaGroupRule[]>('allGroupRules', () => okta.groupRules.listAll()),
    factorsOfUser: perKey<UserFactor[]>('factorsOfUser', (id) => okta.factors.list(id)),
    /** The roles a user holds itself and through its groups. */
    rolesOfUser: perKey<RoleAssignment[]>('rolesOfUser', (id) => okta.roles.listForUser(id)),
    rolesOfGroup: perKey<RoleAssignment[]>('rolesOfGroup', (id) => okta.roles.listForGroup(id)),
    appLinksOfUser: perKey<AppLink[]>('appLinksOfUser', (id) => okta.users.listAppLinks(id)),
    /** Every member of a group. */
    allMembersOfGroup: perKey<OktaUser[]>('allMembersOfGroup', (id) =>
      wholeList((page) => okta.groups.listMembers(id, page), WHOLE_LIST_PAGE.members),
    ),
    /**
     * One user's assignment to an app (directly or through a group), with the user embedded:
     * Okta's 404 when the user does not reach the app, or either is missing.
     */
    applicationUser: perKey<AppUser, { applicationId: string; userId: string }, string>(
      'applicationUser',
      ({ applicationId, userId }) =>
        okta.applications.getUser(applicationId, userId, { expandUser: true }),
      ({ applicationId, userId }) => `${applicationId}/${userId}`,
    ),
    /** One group's assignment to an app, with the group embedded: Okta's 404 when it has none. */
    applicationGroup: perKey<
      ApplicationGroupAssignment,
      { applicationId: string; groupId: string },
      string
    >(
      'applicationGroup',
      ({ applicationId, groupId }) =>
        okta.applications.getGroup(applicationId, groupId, { expandGroup: true }),
      ({ applicationId, groupId }) => `${applicationId}/${groupId}`,
    ),
    /** Every user assigned to an app, each with its scope and the user embedded. */
    allUsersOfApplication: perKey<AppUser[]>('allUsersOfApplication', (id) =>
      wholeList(
        (page) => okta.applications.listUsers(id, { expandUser: true }, page),
        WHOLE_LIST_PAGE.appUsers,
      ),
    ),
    /** Every group assigned to an app, each with the group embedded. */
    allGroupsOfApplication: perKey<ApplicationGroupAssignment[]>('allGroupsOfApplication', (id) =>
      wholeList(
        (page) => okta.applications.listGroups(id, { expandGroup: true }, page),
        WHOLE_LIST_PAGE.appGroups,
      ),
    ),
    /** Every app a user reaches, each with the user's assignment (and its scope) embedded. */
    allApplicationsOfUser: perKey<OktaApplication[]>('allApplicationsOfUser', (id) =>
      wholeList(
        (page) => okta.applications.listForUser(id, { expandAppUser: true }, page),
        WHOLE_LIST_PAGE.apps,
      ),
    ),
    /** Every app assigned to a group. */
    allApplicationsOfGroup: perKey<OktaApplication[]>('allApplicationsOfGroup', (id) =>
      wholeList((page) => okta.applications.listForGroup(id, page), WHOLE_LIST_PAGE.apps),
    ),
  };
}
