import { beforeEach, describe, expect, it } from 'vitest';
import { callerWithScopes } from '../../src/caller.ts';
import { applicationLoaders } from '../../src/loaders/applications.ts';
import { MemoryRecentWrites } from '../../src/loaders/index.ts';
import { withoutSecrets } from '../../src/schema/application.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
import type { AppRecord } from '../../src/simulator/store.ts';
import { type Stack, useStack } from '../support/stack.ts';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The seeded app with this label. */
function appLabelled(stack: Stack, label: string): AppRecord {
  const app = [...stack.sim.org.apps.values()].find((a) => a.label === label);
  if (!app) throw new Error(`The demo seed has no app labelled ${label}`);
  return app;
}

/** Zoom's first user and first group assignment, as pairs, and their graph ids. */
function zoomAssignments(stack: Stack) {
  const app = appLabelled(stack, 'Zoom');
  const appUser = [...app.users.values()].sort(byId)[0];
  const appGroup = [...app.groups.values()].sort(byId)[0];
  const userPair = { applicationId: app.id, memberId: appUser?.id ?? '' };
  const groupPair = { applicationId: app.id, memberId: appGroup?.id ?? '' };
  return {
    app,
    appUser,
    appGroup,
    userPair,
    groupPair,
    ids: { u: pairId('ApplicationUser', userPair), g: pairId('ApplicationGroup', groupPair) },
  };
}

/** A call to the simulator with the org's API token, for setting up what a test needs. */
async function simApi(stack: Stack, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.sim.url}${path}`, {
    method,
    headers: {
      authorization: `SSWS ${stack.sim.apiToken}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
}

describe('applications in the graph', () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  it('answers application(id) with the app as Okta holds it, in one filter call', async () => {
    const app = appLabelled(stack, 'Benefits Portal');
    const res = await stack.graphql(
      `query($id: ID!) { application(id: $id) {
        id name label status signOnMode created lastUpdated features
        accessibility { selfService errorRedirectUrl loginRedirectUrl }
        visibility { autoLaunch autoSubmitToolbar hide { iOS web } appLinks }
        credentials { scheme userName userNameTemplate { template type } signingKid oauthClient { clientId } }
        settings
      } }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.application).toEqual({
      id: app.id,
      name: 'template_swa',
      label: 'Benefits Portal',
      status: 'ACTIVE',
      signOnMode: 'BROWSER_PLUGIN',
      created: app.created,
      lastUpdated: app.lastUpdated,
      features: [],
      accessibility: { selfService: true, errorRedirectUrl: null, loginRedirectUrl: null },
      visibility: {
        autoLaunch: null,
        autoSubmitToolbar: false,
        hide: { iOS: false, web: false },
        appLinks: { login: true },
      },
      credentials: {
        scheme: 'EDIT_USERNAME_AND_PASSWORD',
        userName: null,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Okta Expression Language
        userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
        signingKid: null,
        oauthClient: null,
      },
      settings: {
        app: {
          url: 'https://benefits.example.net/login',
          usernameField: '#email',
          passwordField: '#password',
          buttonField: '#sign-in',
          loginUrlRegex: '^https://benefits\\.example\\.net/login$',
        },
        notifications: { vpn: { network: { connection: 'DISABLED' } } },
      },
    });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 1 });
  });

  it('answers application(id) for an unknown id with null', async () => {
    const res = await stack.graphql('{ application(id: "0oa00000000000000000") { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ application: null });
  });

  it('refuses application(id) for a string that is no Okta id with BAD_USER_INPUT and no Okta call', async () => {
    const res = await stack.graphql('{ application(id: "../users/me") { id } }');
    expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['Not a valid Okta Application id: "../users/me"', 'BAD_USER_INPUT'],
    ]);
    expect(res.data).toEqual({ application: null });
    expect(stack.oktaCalls.total()).toBe(0);
  });

  it('loads several applications by id in one Okta filter call', async () => {
    const apps = [...stack.sim.org.apps.values()].slice(0, 4);
    const res = await stack.graphql<Record<string, { label: string }>>(
      `query($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
        a: application(id: $a) { label } b: application(id: $b) { label }
        c: application(id: $c) { label } d: application(id: $d) { label }
      }`,
      { a: apps[0]?.id, b: apps[1]?.id, c: apps[2]?.id, d: apps[3]?.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { label: apps[0]?.label },
      b: { label: apps[1]?.label },
      c: { label: apps[2]?.label },
      d: { label: apps[3]?.label },
    });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 1 });
  });

  it('answers a known and an unknown application id from the same batch', async () => {
    const app = appLabelled(stack, 'Slack');
    const res = await stack.graphql(
      'query($id: ID!) { known: application(id: $id) { label } unknown: application(id: "0oa00000000000000000") { label } }',
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ known: { label: 'Slack' }, unknown: null });
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 1 });
  });

  it('reads an application this gateway has just written by id, the others in one filter call', async () => {
    const [written, other] = [...stack.sim.org.apps.values()];
    const recent = new MemoryRecentWrites();
    recent.mark(written?.id ?? '');
    const { applicationById } = applicationLoaders(stack.okta, recent);
    const apps = await applicationById.loadMany([written?.id ?? '', other?.id ?? '']);
    expect(apps.map((a) => (a instanceof Error ? a : a.label))).toEqual([
      written?.label,
      other?.label,
    ]);
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId': 1,
    });
  });

  it('resolves node(id) for an application id', async () => {
    const app = appLabelled(stack, 'Salesforce');
    const res = await stack.graphql(
      'query($id: ID!) { node(id: $id) { __typename id ... on Application { label signOnMode } } }',
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      node: { __typename: 'Application', id: app.id, label: 'Salesforce', signOnMode: 'SAML_2_0' },
    });
  });

  it('gives each assignment an id of its own, which node(id) resolves with one Okta GET', async () => {
    const { app, appUser, appGroup, ids } = zoomAssignments(stack);
    stack.oktaCalls.reset();
    const res = await stack.graphql(
      `query($u: ID!, $g: ID!) {
        u: node(id: $u) { __typename id ... on ApplicationUser { scope user { id } application { id } } }
        g: node(id: $g) { __typename id ... on ApplicationGroup { priority group { id } application { id } } }
      }`,
      ids,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      u: {
        __typename: 'ApplicationUser',
        id: ids.u,
        scope: appUser?.direct ? 'USER' : 'GROUP',
        user: { id: appUser?.id },
        application: { id: app.id },
      },
      g: {
        __typename: 'ApplicationGroup',
        id: ids.g,
        priority: appGroup?.priority,
        group: { id: appGroup?.id },
        application: { id: app.id },
      },
    });
    expect(stack.oktaCalls.count('GET /api/v1/apps/:appId/users/:userId')).toBe(1);
    expect(stack.oktaCalls.count('GET /api/v1/apps/:appId/groups/:groupId')).toBe(1);
  });

  it("reads an assignment's user or group from Okta's embedded copy: node(id) with the member's profile is one call", async () => {
    const { userPair, groupPair, ids } = zoomAssignments(stack);
    stack.oktaCalls.reset();
    const res = await stack.graphql(
      `query($u: ID!, $g: ID!) {
        u: node(id: $u) { ... on ApplicationUser { user { profile { login } } } }
        g: node(id: $g) { ... on ApplicationGroup { group { name } } }
      }`,
      ids,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      u: {
        user: { profile: { login: stack.sim.org.users.get(userPair.memberId)?.profile.login } },
      },
      g: { group: { name: stack.sim.org.groups.get(groupPair.memberId)?.profile.name } },
    });
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps/:appId/users/:userId': 1,
      'GET /api/v1/apps/:appId/groups/:groupId': 1,
    });
  });

  it('answers node(id) for the id of an assignment that does not exist with null', async () => {
    const app = appLabelled(stack, 'Zoom');
    const outsider = [...stack.sim.org.users.keys()].find((id) => !app.users.has(id)) ?? '';
    const res = await stack.graphql('query($id: ID!) { node(id: $id) { id } }', {
      id: pairId('ApplicationUser', { applicationId: app.id, memberId: outsider }),
    });
    expect(res).toMatchObject({ data: { node: null } });
    expect(res.errors).toBeUndefined();
  });

  it('refuses a pair id whose parts are not the ids its type names, and calls no Okta', async () => {
    const app = appLabelled(stack, 'Zoom');
    const group = [...stack.sim.org.groups.keys()][0] ?? '';
    const forged = Buffer.from(`ApplicationUser:${app.id}:${group}`).toString('base64url');
    stack.oktaCalls.reset();
    const res = await stack.graphql('query($id: ID!) { node(id: $id) { id } }', { id: forged });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(stack.oktaCalls.snapshot()).toEqual({});
  });

  it("pages the org's ten applications with Okta's cursors", async () => {
    type Page = {
      applications: {
        nodes: { id: string }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const query =
      'query($after: String) { applications(first: 6, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }';
    const first = await stack.graphql<Page>(query);
    const second = await stack.graphql<Page>(query, {
      after: first.data?.applications.pageInfo.endCursor,
    });
    expect(first.data?.applications.pageInfo.hasNextPage).toBe(true);
    const all = [...stack.sim.org.apps.values()].sort(byId).map((a) => a.id);
    expect(first.data?.applications.pageInfo.endCursor).toBe(all[5]);
    expect(second.data?.applications.pageInfo).toEqual({ hasNextPage: false, endCursor: all[9] });
    const ids = [
      ...(first.data?.applications.nodes ?? []),
      ...(second.data?.applications.nodes ?? []),
    ];
    expect(ids.map((a) => a.id)).toEqual(all);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 2 });
  });

  it("passes Okta's filter and q through to the apps list", async () => {
    const res = await stack.graphql(
      `{ inactive: applications(filter: "status eq \\"INACTIVE\\"") { nodes { label status } }
         named: applications(q: "Sal") { nodes { label } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      inactive: { nodes: [{ label: 'Jenkins Build Server', status: 'INACTIVE' }] },
      named: { nodes: [{ label: 'Salesforce' }] },
    });
  });

  it("loads an application's 50 users with their emails in one Okta call and no user lookup", async () => {
    const app = appLabelled(stack, 'Slack');
    const res = await stack.graphql<{
      application: { users: { nodes: { id: string; user: { profile: { email: string } } }[] } };
    }>(
      'query($id: ID!) { application(id: $id) { users(first: 50) { nodes { id user { profile { email } } } } } }',
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    const expected = [...app.users.values()]
      .sort(byId)
      .slice(0, 50)
      .map((u) => ({
        id: pairId('ApplicationUser', { applicationId: app.id, memberId: u.id }),
        user: { profile: { email: stack.sim.org.users.get(u.id)?.profile.email } },
      }));
    expect(res.data?.application.users.nodes).toEqual(expected);
    expect(stack.oktaCalls.count('GET /api/v1/apps/:appId/users')).toBe(1);
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
    expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(0);
    // Okta's 404 on the app's users would say the app is missing: the app itself is not read.
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps/:appId/users': 1 });
  });

  it("returns an app user's assignment: scope, status, sync state, user name, profile", async () => {
    const app = appLabelled(stack, 'Zoom');
    const appUser = [...app.users.values()].sort(byId)[0];
    const res = await stack.graphql<{ application: { users: { nodes: unknown[] } } }>(
      `query($id: ID!) { application(id: $id) { users(first: 1) { nodes {
        id externalId scope status syncState created lastUpdated statusChanged passwordChanged
        credentials { userName } profile application { label }
      } } } }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.application.users.nodes).toEqual([
      {
        id: pairId('ApplicationUser', { applicationId: app.id, memberId: appUser?.id ?? '' }),
        externalId: appUser?.externalId,
        scope: appUser?.direct ? 'USER' : 'GROUP',
        status: 'PROVISIONED',
        syncState: 'SYNCHRONIZED',
        created: appUser?.created,
        lastUpdated: appUser?.lastUpdated,
        statusChanged: appUser?.statusChanged,
        passwordChanged: null,
        credentials: { userName: stack.sim.org.users.get(appUser?.id ?? '')?.profile.login },
        profile: appUser?.profile,
        application: { label: 'Zoom' },
      },
    ]);
    // The app user's application is the app already loaded.
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId/users': 1,
    });
  });

  it('pages app users with the user id as cursor and narrows them with q', async () => {
    const app = appLabelled(stack, 'Salesforce');
    const sorted = [...app.users.values()].sort(byId);
    const paged = await stack.graphql<{
      application: { users: { nodes: { user: { id: string } }[] } };
    }>(
      'query($id: ID!, $after: String) { application(id: $id) { users(first: 3, after: $after) { nodes { user { id } } } } }',
      {
        id: app.id,
        after: sorted[2]?.id,
      },
    );
    expect(paged.data?.application.users.nodes.map((u) => u.user.id)).toEqual(
      sorted.slice(3, 6).map((u) => u.id),
    );
    const someone = stack.sim.org.users.get(sorted[0]?.id ?? '');
    const lastName = String(someone?.profile.lastName);
    const narrowed = await stack.graphql<{
      application: { users: { nodes: { user: { profile: { lastName: string } } }[] } };
    }>(
      'query($id: ID!, $q: String) { application(id: $id) { users(q: $q, first: 50) { nodes { user { profile { lastName } } } } } }',
      { id: app.id, q: lastName },
    );
    expect(narrowed.errors).toBeUndefined();
    const lastNames = narrowed.data?.application.users.nodes.map((n) => n.user.profile.lastName);
    expect(lastNames?.length).toBeGreaterThan(0);
    expect(lastNames?.every((n) => n.toLowerCase().startsWith(lastName.toLowerCase()))).toBe(true);
  });

  it("loads an application's group assignments with their groups in one Okta call", async () => {
    const app = appLabelled(stack, 'Zoom');
    const res = await stack.graphql<{ application: { groups: { nodes: unknown[] } } }>(
      `query($id: ID!) { application(id: $id) { groups { nodes {
        id priority profile lastUpdated group { name type } application { label }
      } } } }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.application.groups.nodes).toEqual(
      [...app.groups.values()].sort(byId).map((a) => {
        const group = stack.sim.org.groups.get(a.id);
        return {
          id: pairId('ApplicationGroup', { applicationId: app.id, memberId: a.id }),
          priority: a.priority,
          profile: a.profile,
          lastUpdated: a.lastUpdated,
          group: { name: group?.profile.name, type: group?.type },
          application: { label: 'Zoom' },
        };
      }),
    );
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/apps': 1,
      'GET /api/v1/apps/:appId/groups': 1,
    });
  });

  it('returns `first` app groups though Okta pages them at least 20 at a time, then the rest after the cursor', async () => {
    const app = appLabelled(stack, 'Zoom');
    const ids = [...app.groups.keys()].sort();
    type Answer = {
      application: {
        groups: {
          nodes: { group: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const query =
      'query($id: ID!, $after: String) { application(id: $id) { groups(first: 2, after: $after) { nodes { group { id } } pageInfo { hasNextPage endCursor } } } }';
    const first = await stack.graphql<Answer>(query, { id: app.id });
    expect(first.data?.application.groups).toEqual({
      nodes: ids.slice(0, 2).map((id) => ({ group: { id } })),
      pageInfo: { hasNextPage: true, endCursor: ids[1] },
    });
    const rest = await stack.graphql<Answer>(query, {
      id: app.id,
      after: first.data?.application.groups.pageInfo.endCursor,
    });
    expect(rest.data?.application.groups).toEqual({
      nodes: ids.slice(2, 4).map((id) => ({ group: { id } })),
      pageInfo: { hasNextPage: false, endCursor: ids[3] },
    });
  });

  it("reads a user's assignment and its application from the one apps call", async () => {
    const app = appLabelled(stack, 'Benefits Portal');
    const appUser = [...app.users.values()].find((u) => u.direct);
    const res = await stack.graphql<{
      user: {
        applications: {
          edges: { assignment: { scope: string; application: { label: string } } }[];
        };
      };
    }>(
      'query($id: ID!) { user(id: $id) { applications { edges { assignment { scope application { label } } } } } }',
      { id: appUser?.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.applications.edges).toContainEqual({
      assignment: { scope: 'USER', application: { label: 'Benefits Portal' } },
    });
    expect(stack.oktaCalls.snapshot()).toEqual({
      'GET /api/v1/users/:userId': 1,
      'GET /api/v1/apps': 1,
    });
  });

  it("loads 10 users' applications with their assignments in one Okta call per user", async () => {
    const res = await stack.graphql<{
      users: {
        nodes: {
          id: string;
          applications: { edges: { node: { label: string }; assignment: { scope: string } }[] };
        }[];
      };
    }>(
      `{ users(first: 10) { nodes { id applications(first: 20) {
        edges { node { label } assignment { scope } }
      } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.users.nodes ?? [];
    expect(nodes).toHaveLength(10);
    for (const user of nodes) {
      const expected = [...stack.sim.org.apps.values()]
        .filter((a) => a.users.has(user.id))
        .sort(byId)
        .map((a) => ({
          node: { label: a.label },
          assignment: { scope: a.users.get(user.id)?.direct ? 'USER' : 'GROUP' },
        }));
      expect(user.applications.edges).toEqual(expected);
    }
    expect(nodes.some((u) => u.applications.edges.length > 1)).toBe(true);
    expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/users': 1, 'GET /api/v1/apps': 10 });
  });

  it('returns the apps assigned to each group', async () => {
    const res = await stack.graphql<{
      groups: { nodes: { id: string; applications: { nodes: { id: string }[] } }[] };
    }>('{ groups(first: 25) { nodes { id applications { nodes { id } } } } }');
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.groups.nodes ?? [];
    for (const group of nodes) {
      const expected = [...stack.sim.org.apps.values()]
        .filter((a) => a.groups.has(group.id))
        .sort(byId)
        .map((a) => ({ id: a.id }));
      expect(group.applications.nodes).toEqual(expected);
    }
    expect(nodes.filter((g) => g.applications.nodes.length > 0).length).toBeGreaterThan(5);
    expect(stack.oktaCalls.count('GET /api/v1/apps')).toBe(nodes.length);
    expect(stack.oktaCalls.count('GET /api/v1/apps/:appId')).toBe(0);
  });

  it('makes a page asked for twice in one request one Okta call', async () => {
    const app = appLabelled(stack, 'GitHub Enterprise');
    const res = await stack.graphql(
      `query($id: ID!) { application(id: $id) {
        a: users(first: 5) { nodes { id } } b: users(first: 5) { nodes { status } }
      } }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(stack.oktaCalls.count('GET /api/v1/apps/:appId/users')).toBe(1);
  });

  it('answers node(id) for an unknown application id with a plain null, as application(id) does', async () => {
    const res = await stack.graphql(
      '{ node(id: "0oa00000000000000000") { ... on Application { label } } }',
    );
    expect(res.data).toEqual({ node: null });
    expect(res.errors).toBeUndefined();
  });
});

describe('application secrets', () => {
  const stack = useStack({ sim: { size: 'empty' } });

  it("never returns an OIDC app's client secret, though Okta does", async () => {
    const created = JSON.parse(
      await simApi(stack, 'POST', '/api/v1/apps', {
        name: 'oidc_client',
        label: 'Secret Keeper',
        signOnMode: 'OPENID_CONNECT',
        credentials: {
          oauthClient: {
            token_endpoint_auth_method: 'client_secret_post',
            client_secret: 'do-not-leak-this-secret-42',
          },
        },
        settings: {
          oauthClient: {
            grant_types: ['client_credentials'],
            application_type: 'service',
            response_types: ['token'],
          },
        },
      }),
    ) as { id: string };
    const fromOkta = await simApi(stack, 'GET', `/api/v1/apps/${created.id}`);
    expect(fromOkta).toContain('do-not-leak-this-secret-42');

    const res = await stack.graphql(
      `query($id: ID!) { application(id: $id) {
        label settings profile
        credentials { scheme userName userNameTemplate { template type } signingKid
          oauthClient { clientId tokenEndpointAuthMethod pkceRequired autoKeyRotation } }
      } applications { nodes { settings credentials { oauthClient { clientId } } } } }`,
      { id: created.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      application: {
        label: 'Secret Keeper',
        credentials: {
          oauthClient: {
            clientId: created.id,
            tokenEndpointAuthMethod: 'client_secret_post',
            autoKeyRotation: true,
          },
        },
      },
    });
    expect(JSON.stringify(res)).not.toContain('do-not-leak-this-secret-42');
    expect(JSON.stringify(res)).not.toContain('client_secret"');
  });

  it("never returns an app user's password, set when they were assigned", async () => {
    const app = JSON.parse(
      await simApi(stack, 'POST', '/api/v1/apps', {
        name: 'template_swa',
        label: 'Vaulted Portal',
        signOnMode: 'BROWSER_PLUGIN',
        credentials: { scheme: 'EDIT_USERNAME_AND_PASSWORD' },
        settings: {
          app: {
            url: 'https://vault.example.net/login',
            usernameField: '#user',
            passwordField: '#pass',
            buttonField: '#go',
          },
        },
      }),
    ) as { id: string };
    const user = JSON.parse(
      await simApi(stack, 'POST', '/api/v1/users?activate=false', {
        profile: {
          login: 'vault.user@example.com',
          email: 'vault.user@example.com',
          firstName: 'Vault',
          lastName: 'User',
        },
      }),
    ) as { id: string };
    await simApi(stack, 'POST', `/api/v1/apps/${app.id}/users`, {
      id: user.id,
      scope: 'USER',
      credentials: { userName: 'vault.user', password: { value: 'app-password-not-returned-7' } },
    });

    const res = await stack.graphql(
      `query($id: ID!) { application(id: $id) { settings users { nodes {
        scope credentials { userName } profile user { profile { login } }
      } } } }`,
      { id: app.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      application: {
        settings: {
          app: {
            url: 'https://vault.example.net/login',
            usernameField: '#user',
            passwordField: '#pass',
            buttonField: '#go',
          },
          // What Okta adds to every app's settings.
          implicitAssignment: false,
          manualProvisioning: false,
          notes: {},
          notifications: { vpn: { network: { connection: 'DISABLED' } } },
        },
        users: {
          nodes: [
            {
              scope: 'USER',
              credentials: { userName: 'vault.user' },
              profile: {},
              user: { profile: { login: 'vault.user@example.com' } },
            },
          ],
        },
      },
    });
    expect(JSON.stringify(res)).not.toContain('app-password-not-returned-7');
  });
});

describe('withoutSecrets', () => {
  it('leaves out members named as secrets at any depth, and keeps field selectors', () => {
    expect(
      withoutSecrets({
        app: { passwordField: '#pw', apiToken: 't', nested: [{ clientSecret: 's', url: 'u' }] },
        password: { value: 'p' },
        private_key: 'k',
      }),
    ).toEqual({ app: { passwordField: '#pw', nested: [{ url: 'u' }] } });
  });

  it('leaves out the private members of a JSON Web Key and keeps its public ones', () => {
    expect(
      withoutSecrets({
        jwks: { keys: [{ kty: 'RSA', kid: 'k1', n: 'N', e: 'AQAB', d: 'D', p: 'P' }] },
      }),
    ).toEqual({ jwks: { keys: [{ kty: 'RSA', kid: 'k1', n: 'N', e: 'AQAB' }] } });
  });
});

/** The message of a scope refusal on a field. */
const refused = (field: string) => `The caller lacks the scope this field requires (${field}).`;

describe('application scopes', () => {
  describe('a caller with okta.users.read only', () => {
    const stack = useStack({
      authenticate: async () => callerWithScopes('t', ['okta.users.read'], true),
    });
    beforeEach(() => stack.oktaCalls.reset());

    it('is refused application(id) and applications with FORBIDDEN, and Okta is not called', async () => {
      const res = await stack.graphql(
        '{ application(id: "0oa00000000000000000") { id } applications { nodes { id } } }',
      );
      expect(res.data).toEqual({ application: null, applications: null });
      expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        [refused('application'), 'FORBIDDEN'],
        [refused('applications'), 'FORBIDDEN'],
      ]);
      expect(stack.oktaCalls.total()).toBe(0);
    });

    it("is refused a user's applications with FORBIDDEN and no apps call", async () => {
      const user = [...stack.sim.org.users.values()][0];
      const res = await stack.graphql<{ user: { id: string } }>(
        'query($id: ID!) { user(id: $id) { id applications { nodes { id } } } }',
        { id: user?.id },
      );
      expect(res.data).toEqual({ user: { id: user?.id, applications: null } });
      expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        [refused('applications'), 'FORBIDDEN'],
      ]);
      expect(stack.oktaCalls.count('GET /api/v1/apps')).toBe(0);
    });
  });

  describe('a caller with okta.apps.read only', () => {
    const stack = useStack({
      authenticate: async () => callerWithScopes('t', ['okta.apps.read'], true),
    });
    beforeEach(() => stack.oktaCalls.reset());

    it('reads app users but is refused their Okta users and groups with FORBIDDEN', async () => {
      const app = appLabelled(stack, 'Salesforce');
      const firstGroup = [...app.groups.values()].sort(byId)[0];
      const res = await stack.graphql<{
        application: {
          users: { nodes: { scope: string; user: null }[] };
          groups: { nodes: { priority: number; group: null }[] };
        };
      }>(
        `query($id: ID!) { application(id: $id) {
          users(first: 1) { nodes { scope user { id } } }
          groups(first: 1) { nodes { priority group { id } } }
        } }`,
        { id: app.id },
      );
      expect(res.data?.application).toEqual({
        users: { nodes: [{ scope: 'GROUP', user: null }] },
        groups: { nodes: [{ priority: firstGroup?.priority, group: null }] },
      });
      expect(res.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
        [refused('user'), 'FORBIDDEN'],
        [refused('group'), 'FORBIDDEN'],
      ]);
      expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(0);
      expect(stack.oktaCalls.count('GET /api/v1/groups')).toBe(0);
    });
  });
});
