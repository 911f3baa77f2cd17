import { defaultUserSchemaId } from './profile.ts';
import type {
  AppGroupRecord,
  AppRecord,
  AppUserRecord,
  GroupRecord,
  Org,
  UserRecord,
  UserStatus,
} from './store.ts';

/**
 * The wire shapes of Okta's resources. Collections carry only the `self` link; a single GET
 * carries the full link set that the resource's state allows (docs/okta-behaviour.md §1.1).
 */
export type LinkMode = 'self' | 'full';

const post = (href: string) => ({ href, method: 'POST' });

/** Lifecycle links a single GET of a user carries in each status. */
const USER_LINKS: Record<UserStatus, readonly string[]> = {
  STAGED: ['activate', 'deactivate'],
  PROVISIONED: ['reactivate', 'resetPassword', 'deactivate'],
  ACTIVE: ['suspend', 'deactivate', 'resetPassword', 'expirePassword', 'resetFactors'],
  RECOVERY: ['resetPassword', 'expirePassword', 'deactivate'],
  PASSWORD_EXPIRED: ['resetPassword', 'expirePassword', 'deactivate'],
  LOCKED_OUT: ['unlock', 'resetPassword', 'deactivate'],
  SUSPENDED: ['unsuspend', 'deactivate'],
  DEPROVISIONED: ['activate'],
};

const LIFECYCLE_PATH: Record<string, string> = {
  activate: 'lifecycle/activate',
  reactivate: 'lifecycle/reactivate',
  deactivate: 'lifecycle/deactivate',
  suspend: 'lifecycle/suspend',
  unsuspend: 'lifecycle/unsuspend',
  unlock: 'lifecycle/unlock',
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  resetFactors: 'lifecycle/reset_factors',
  forgotPassword: 'credentials/forgot_password',
  changePassword: 'credentials/change_password',
  changeRecoveryQuestion: 'credentials/change_recovery_question',
};

export function userLinks(org: Org, user: UserRecord, mode: LinkMode): Record<string, unknown> {
  const self = `${org.baseUrl}/api/v1/users/${user.id}`;
  if (mode === 'self') return { self: { href: self } };
  const links: Record<string, unknown> = {
    self: { href: self },
    // The user type's schema has its own `osc…` id (GET /api/v1/meta/schemas/user/{schemaId}).
    schema: { href: `${org.baseUrl}/api/v1/meta/schemas/user/${defaultUserSchemaId(org)}` },
    type: { href: `${org.baseUrl}/api/v1/meta/types/user/${user.typeId}` },
  };
  // "This link is present only if the user is currently enrolled in one or more MFA factors."
  const names = USER_LINKS[user.status].filter(
    (name) => name !== 'resetFactors' || user.factorsEnrolled > 0,
  );
  if (
    user.status === 'ACTIVE' ||
    user.status === 'RECOVERY' ||
    user.status === 'PASSWORD_EXPIRED'
  ) {
    if (user.password) names.push('changePassword');
    if (user.recoveryQuestion) names.push('forgotPassword', 'changeRecoveryQuestion');
  }
  for (const name of names) links[name] = post(`${self}/${LIFECYCLE_PATH[name]}`);
  return links;
}

export function renderUserCredentials(user: UserRecord): Record<string, unknown> {
  const credentials: Record<string, unknown> = { provider: { ...user.provider } };
  if (user.password) credentials.password = {};
  if (user.recoveryQuestion) {
    credentials.recovery_question = { question: user.recoveryQuestion.question };
  }
  return credentials;
}

export function renderUser(org: Org, user: UserRecord, mode: LinkMode = 'full') {
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: user.typeId },
    profile: { ...user.profile },
    credentials: renderUserCredentials(user),
    _links: userLinks(org, user, mode),
  };
}

/**
 * A group. `expandStats` embeds `_embedded.stats` (`expand=stats`); `expandApp` embeds the source
 * app of an APP_GROUP as `_embedded.app` (`expand=app`).
 */
export function renderGroup(org: Org, group: GroupRecord, expandStats = false, expandApp = false) {
  const self = `${org.baseUrl}/api/v1/groups/${group.id}`;
  const links: Record<string, unknown> = {
    logo: [
      {
        name: 'medium',
        href: `${org.baseUrl}/assets/img/logos/groups/okta-medium.png`,
        type: 'image/png',
      },
      {
        name: 'large',
        href: `${org.baseUrl}/assets/img/logos/groups/okta-large.png`,
        type: 'image/png',
      },
    ],
    users: { href: `${self}/users` },
    apps: { href: `${self}/apps` },
  };
  if (group.sourceAppId) links.source = { href: `${org.baseUrl}/api/v1/apps/${group.sourceAppId}` };
  const out: Record<string, unknown> = {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: [
      group.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group',
    ],
    type: group.type,
    profile: { ...group.profile },
    _links: links,
  };
  const embedded: Record<string, unknown> = {};
  if (expandStats) {
    let appsCount = 0;
    for (const app of org.apps.values()) if (app.groups.has(group.id)) appsCount++;
    embedded.stats = {
      usersCount: group.members.size,
      appsCount,
      groupPushMappingsCount: 0,
      hasAdminPrivilege: [...org.roleAssignments.values()].some(
        (a) => a.assignee.kind === 'GROUP' && a.assignee.id === group.id,
      ),
    };
  }
  const source = group.sourceAppId ? org.apps.get(group.sourceAppId) : undefined;
  if (expandApp && source) {
    embedded.app = {
      id: source.id,
      name: source.name,
      label: source.label,
      signOnMode: source.signOnMode,
    };
  }
  if (Object.keys(embedded).length > 0) out._embedded = embedded;
  return out;
}

export function renderApp(org: Org, app: AppRecord) {
  const self = `${org.baseUrl}/api/v1/apps/${app.id}`;
  return {
    ...app.body,
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    signOnMode: app.signOnMode,
    created: app.created,
    lastUpdated: app.lastUpdated,
    _links: {
      self: { href: self },
      appLinks: [
        {
          name: app.name,
          href: `${org.baseUrl}/home/${app.name}/${app.id}/${app.name}`,
          type: 'text/html',
        },
      ],
      groups: { href: `${self}/groups` },
      users: { href: `${self}/users` },
      logo: [
        { name: 'medium', href: `${org.baseUrl}/assets/img/logos/default.png`, type: 'image/png' },
      ],
      ...(app.status === 'ACTIVE'
        ? { deactivate: post(`${self}/lifecycle/deactivate`) }
        : { activate: post(`${self}/lifecycle/activate`) }),
    },
  };
}

export function renderAppUser(org: Org, app: AppRecord, appUser: AppUserRecord) {
  const links: Record<string, unknown> = {
    app: { href: `${org.baseUrl}/api/v1/apps/${app.id}` },
    user: { href: `${org.baseUrl}/api/v1/users/${appUser.id}` },
  };
  const viaGroup = [...appUser.viaGroups][0];
  if (!appUser.direct && viaGroup) {
    // Okta names the link after the group that grants the assignment.
    const name = org.groups.get(viaGroup)?.profile.name;
    links.group = {
      href: `${org.baseUrl}/api/v1/groups/${viaGroup}`,
      name: typeof name === 'string' ? name : viaGroup,
    };
  }
  return {
    id: appUser.id,
    // Okta's spec types externalId as a string; SSO-only assignments have none, so it is left out.
    ...(appUser.externalId === null ? {} : { externalId: appUser.externalId }),
    created: appUser.created,
    lastUpdated: appUser.lastUpdated,
    scope: appUser.direct ? 'USER' : 'GROUP',
    status: appUser.status,
    statusChanged: appUser.statusChanged,
    passwordChanged: appUser.passwordChanged,
    syncState: appUser.syncState,
    credentials: appUser.credentials ? { ...appUser.credentials } : undefined,
    profile: { ...appUser.profile },
    _links: links,
  };
}

export function renderAppGroup(org: Org, app: AppRecord, assignment: AppGroupRecord) {
  return {
    id: assignment.id,
    priority: assignment.priority,
    profile: { ...assignment.profile },
    lastUpdated: assignment.lastUpdated,
    _links: {
      app: { href: `${org.baseUrl}/api/v1/apps/${app.id}` },
      self: { href: `${org.baseUrl}/api/v1/apps/${app.id}/groups/${assignment.id}` },
      group: { href: `${org.baseUrl}/api/v1/groups/${assignment.id}` },
    },
  };
}
