import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, type Collection } from '@okta/okta-sdk-nodejs';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHarness, useSimulator } from '../support/simulator.ts';

/**
 * The official Okta Node SDK (v8) as a client of the simulator: if the SDK can run the whole
 * lifecycle of users, groups, applications and event hooks against it, with an API token and
 * with OAuth 2.0 (private_key_jwt, Bearer and DPoP), the simulator speaks Okta's wire protocol.
 *
 * Pointing the SDK at http://127.0.0.1 needs no switch: v8 dropped the `isOktaDomain`/HTTPS
 * checks of earlier majors (`@okta/configuration-validation`, `testing.disableHttpsCheck`), and
 * builds every URL from `orgUrl` as given. What does reach into the test is the SDK's config
 * loader: it merges `OKTA_CLIENT_*` environment variables and `okta.yaml` files (./ and ~/.okta/)
 * under the explicit config, so this file clears those variables and passes every field.
 */

for (const name of Object.keys(process.env)) {
  if (name.startsWith('OKTA_CLIENT_')) delete process.env[name];
}

const MANAGE_SCOPES = [
  'okta.users.manage',
  'okta.groups.manage',
  'okta.apps.manage',
  'okta.eventHooks.manage',
  'okta.logs.read',
];

async function all<T>(collection: Collection<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item) items.push(item);
  return items;
}

/** The receiving end of an event hook: answers Okta's one-time verification challenge. */
async function startHookReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const challenge = req.headers['x-okta-verification-challenge'];
    if (req.method === 'GET' && typeof challenge === 'string') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ verification: challenge }));
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/okta/events` };
}

function sswsClient(h: SimHarness): Client {
  return new Client({ orgUrl: h.sim.url, authorizationMode: 'SSWS', token: h.sim.apiToken });
}

/**
 * Register an OAuth service app with the SDK itself (createApplication + grantConsentToScope),
 * then build a client that authenticates as that app with private_key_jwt.
 */
async function privateKeyClient(
  h: SimHarness,
  admin: Client,
  options: { dpop: boolean },
): Promise<{ client: Client; clientId: string }> {
  // The SDK signs DPoP proofs with RS256 whatever the key, so the key must be RSA.
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `sdk-${options.dpop ? 'dpop' : 'bearer'}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const app = await admin.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label: `SDK service app (${kid})`,
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
      settings: {
        oauthClient: {
          application_type: 'service',
          grant_types: ['client_credentials'],
          response_types: ['token'],
          jwks: { keys: [publicJwk] },
          ...(options.dpop ? { dpop_bound_access_tokens: true } : {}),
        },
      },
    } as never,
  });
  const clientId = (app as { credentials?: { oauthClient?: { client_id?: string } } }).credentials
    ?.oauthClient?.client_id;
  if (!app.id || !clientId) throw new Error('the service app has no client_id');
  for (const scopeId of MANAGE_SCOPES) {
    await admin.applicationApi.grantConsentToScope({
      appId: app.id,
      oAuth2ScopeConsentGrant: { issuer: h.sim.url, scopeId },
    });
  }
  const client = new Client({
    orgUrl: h.sim.url,
    authorizationMode: 'PrivateKey',
    clientId,
    scopes: MANAGE_SCOPES,
    privateKey: { ...(await exportJWK(privateKey)), kid },
    keyId: kid,
  });
  return { client, clientId };
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${++sequence}`;

/** How one suite authenticates: the SDK client, and the System Log actor id it acts as. */
interface Caller {
  client: () => Client;
  actorId: () => string;
}

/** The same lifecycle, whichever way the SDK authenticates. */
function lifecycleSuite(h: SimHarness, caller: Caller, hookReceiverUrl: () => string): void {
  const getClient = caller.client;

  it('creates, activates, updates, finds, suspends and deletes a user', async () => {
    const client = getClient();
    const login = `${unique('sdk.user.')}@example.com`;
    const created = await client.userApi.createUser({
      body: {
        profile: { firstName: 'Sdk', lastName: 'User', email: login, login },
        credentials: { password: { value: 'Sdk-Passw0rd-2024!' } },
      },
      activate: false,
    });
    expect(created.status).toBe('STAGED');
    const userId = created.id as string;

    await client.userApi.activateUser({ userId, sendEmail: false });
    expect((await client.userApi.getUser({ userId })).status).toBe('ACTIVE');

    const updated = await client.userApi.updateUser({
      userId,
      user: { profile: { nickName: 'sdk' } },
    });
    expect(updated.profile?.nickName).toBe('sdk');
    expect(updated.profile?.login).toBe(login);

    const found = await all(
      await client.userApi.listUsers({ search: `profile.login eq "${login}"` }),
    );
    expect(found.map((u) => u.id)).toEqual([userId]);

    await client.userApi.suspendUser({ userId });
    expect((await client.userApi.getUser({ userId })).status).toBe('SUSPENDED');
    await client.userApi.unsuspendUser({ userId });
    expect((await client.userApi.getUser({ userId })).status).toBe('ACTIVE');

    await client.userApi.deactivateUser({ userId, sendEmail: false });
    expect((await client.userApi.getUser({ userId })).status).toBe('DEPROVISIONED');
    await client.userApi.deleteUser({ userId });
    await expect(client.userApi.getUser({ userId })).rejects.toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('follows Okta Link headers through every page of a user search', async () => {
    const client = getClient();
    const lastName = unique('Paged');
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const login = `${unique(`sdk.page${n}.`)}@example.com`;
      const user = await client.userApi.createUser({
        body: { profile: { firstName: `Page${n}`, lastName, email: login, login } },
        activate: false,
      });
      ids.push(user.id as string);
    }
    const before = h.sim.requests.count('GET /api/v1/users');
    const found = await all(
      await client.userApi.listUsers({ search: `profile.lastName eq "${lastName}"`, limit: 2 }),
    );
    expect(found.map((u) => u.id).sort()).toEqual([...ids].sort());
    expect(h.sim.requests.count('GET /api/v1/users') - before).toBe(2);
  });

  it('reads the System Log entry of its own change, with itself as actor', async () => {
    const client = getClient();
    const since = new Date(Date.now() - 1000).toISOString();
    const group = await client.groupApi.createGroup({
      group: { profile: { name: unique('SDK Logged Group ') } },
    });
    // Bounded (since and until): Okta's polling mode always has a next link, and the SDK's
    // collection would follow it for ever.
    const until = new Date(Date.now() + 1000).toISOString();
    const events = await all(
      await client.systemLogApi.listLogEvents({
        since,
        until,
        filter: `eventType eq "group.lifecycle.create" and target.id eq "${group.id}"`,
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.actor?.id).toBe(caller.actorId());
    await client.groupApi.deleteGroup({ groupId: group.id as string });
  });

  it('creates a group, manages its members and deletes it', async () => {
    const client = getClient();
    const login = `${unique('sdk.member.')}@example.com`;
    const user = await client.userApi.createUser({
      body: { profile: { firstName: 'Group', lastName: 'Member', email: login, login } },
      activate: true,
    });
    const userId = user.id as string;
    const name = unique('SDK Group ');
    const group = await client.groupApi.createGroup({
      group: { profile: { name, description: 'made by the Okta SDK' } },
    });
    const groupId = group.id as string;
    expect(group.type).toBe('OKTA_GROUP');

    await client.groupApi.assignUserToGroup({ groupId, userId });
    const members = await all(await client.groupApi.listGroupUsers({ groupId }));
    expect(members.map((m) => m.id)).toEqual([userId]);
    const groupsOfUser = await all(await client.userApi.listUserGroups({ userId }));
    expect(groupsOfUser.map((g) => g.id)).toContain(groupId);

    const renamed = await client.groupApi.replaceGroup({
      groupId,
      group: { profile: { name: `${name} renamed`, description: 'renamed by the Okta SDK' } },
    });
    expect(renamed.profile?.name).toBe(`${name} renamed`);

    await client.groupApi.unassignUserFromGroup({ groupId, userId });
    expect(await all(await client.groupApi.listGroupUsers({ groupId }))).toEqual([]);

    await client.groupApi.deleteGroup({ groupId });
    await expect(client.groupApi.getGroup({ groupId })).rejects.toMatchObject({ status: 404 });
  });

  it('creates an application, assigns a user and a group, and deletes it', async () => {
    const client = getClient();
    const login = `${unique('sdk.app.')}@example.com`;
    const user = await client.userApi.createUser({
      body: { profile: { firstName: 'App', lastName: 'User', email: login, login } },
      activate: true,
    });
    const userId = user.id as string;
    const group = await client.groupApi.createGroup({
      group: { profile: { name: unique('SDK App Group ') } },
    });
    const groupId = group.id as string;

    const app = await client.applicationApi.createApplication({
      application: {
        name: 'bookmark',
        label: unique('SDK Bookmark '),
        signOnMode: 'BOOKMARK',
        settings: { app: { requestIntegration: false, url: 'https://example.com/bookmark' } },
      } as never,
    });
    const appId = app.id as string;
    expect(app.status).toBe('ACTIVE');
    expect((await client.applicationApi.getApplication({ appId })).signOnMode).toBe('BOOKMARK');

    const appUser = await client.applicationApi.assignUserToApplication({
      appId,
      appUser: { id: userId },
    });
    expect(appUser.scope).toBe('USER');
    const appUsers = await all(await client.applicationApi.listApplicationUsers({ appId }));
    expect(appUsers.map((u) => u.id)).toEqual([userId]);

    const assignment = await client.applicationApi.assignGroupToApplication({
      appId,
      groupId,
      applicationGroupAssignment: { priority: 0 },
    });
    expect(assignment.id).toBe(groupId);
    const assignments = await all(
      await client.applicationApi.listApplicationGroupAssignments({ appId }),
    );
    expect(assignments.map((a) => a.id)).toEqual([groupId]);

    await client.applicationApi.unassignUserFromApplication({ appId, userId, sendEmail: false });
    await client.applicationApi.unassignApplicationFromGroup({ appId, groupId });
    await client.applicationApi.deactivateApplication({ appId });
    expect((await client.applicationApi.getApplication({ appId })).status).toBe('INACTIVE');
    await client.applicationApi.deleteApplication({ appId });
    await expect(client.applicationApi.getApplication({ appId })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('creates, verifies, replaces, deactivates and deletes an event hook', async () => {
    const client = getClient();
    const name = unique('SDK hook ');
    const channel = {
      type: 'HTTP' as const,
      version: '1.0.0',
      config: {
        uri: hookReceiverUrl(),
        headers: [{ key: 'X-Sdk-Test', value: 'yes' }],
        authScheme: { type: 'HEADER' as const, key: 'Authorization', value: 'sdk-secret' },
      },
    };
    const hook = await client.eventHookApi.createEventHook({
      eventHook: {
        name,
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
        channel,
      } as never,
    });
    const eventHookId = hook.id as string;
    expect(hook.status).toBe('ACTIVE');
    expect(hook.verificationStatus).toBe('UNVERIFIED');

    const verified = await client.eventHookApi.verifyEventHook({ eventHookId });
    expect(verified.verificationStatus).toBe('VERIFIED');

    const listed = await all(await client.eventHookApi.listEventHooks());
    expect(listed.map((e) => e.id)).toContain(eventHookId);

    const replaced = await client.eventHookApi.replaceEventHook({
      eventHookId,
      eventHook: {
        name: `${name} replaced`,
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create', 'group.lifecycle.create'] },
        channel,
      } as never,
    });
    expect(replaced.name).toBe(`${name} replaced`);
    expect(replaced.events?.items).toEqual(['user.lifecycle.create', 'group.lifecycle.create']);

    const deactivated = await client.eventHookApi.deactivateEventHook({ eventHookId });
    expect(deactivated.status).toBe('INACTIVE');
    await client.eventHookApi.deleteEventHook({ eventHookId });
    await expect(client.eventHookApi.getEventHook({ eventHookId })).rejects.toMatchObject({
      status: 404,
    });
  });
}

describe('the official Okta Node SDK against the simulator', () => {
  const h = useSimulator({ size: 'empty' });
  let receiver: { server: Server; url: string };
  let ssws: Client;
  let bearer: { client: Client; clientId: string };
  let dpop: { client: Client; clientId: string };

  beforeAll(async () => {
    receiver = await startHookReceiver();
    ssws = sswsClient(h);
    bearer = await privateKeyClient(h, ssws, { dpop: false });
    dpop = await privateKeyClient(h, ssws, { dpop: true });
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  describe('with an API token (SSWS)', () => {
    lifecycleSuite(
      h,
      { client: () => ssws, actorId: () => h.sim.org.apiTokens.get(h.sim.apiToken)?.id ?? '' },
      () => receiver.url,
    );
  });

  describe('with OAuth 2.0 private_key_jwt and Bearer tokens', () => {
    lifecycleSuite(
      h,
      { client: () => bearer.client, actorId: () => bearer.clientId },
      () => receiver.url,
    );

    it('fetched one access token and reused it for every call', () => {
      const grants = h.sim.org.log.filter(
        (p) =>
          p.event.eventType === 'app.oauth2.as.token.grant.access_token' &&
          (p.event.actor as { id: string }).id === bearer.clientId,
      );
      expect(grants).toHaveLength(1);
    });
  });

  describe('with OAuth 2.0 private_key_jwt and DPoP-bound tokens', () => {
    lifecycleSuite(
      h,
      { client: () => dpop.client, actorId: () => dpop.clientId },
      () => receiver.url,
    );

    it('went through the use_dpop_nonce round trip and got a DPoP token', () => {
      const tokens = [...h.sim.org.accessTokens.values()].filter(
        (t) => t.clientId === dpop.clientId,
      );
      expect(tokens).toHaveLength(1);
      expect(tokens[0]?.jkt).toMatch(/^[\w-]{43}$/);
    });
  });
});

describe('the Okta Node SDK when its access token expires', () => {
  const h = useSimulator({ size: 'empty', accessTokenTtlSeconds: 1 });
  const grantsTo = (clientId: string) =>
    h.sim.org.log.filter(
      (p) =>
        p.event.eventType === 'app.oauth2.as.token.grant.access_token' &&
        (p.event.actor as { id: string }).id === clientId,
    ).length;

  it('gets a new Bearer token after the 401 and repeats the call', async () => {
    const admin = sswsClient(h);
    const { client, clientId } = await privateKeyClient(h, admin, { dpop: false });
    const name = unique('SDK Expiry Group ');
    await admin.groupApi.createGroup({ group: { profile: { name } } });
    await all(await client.groupApi.listGroups());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const groups = await all(await client.groupApi.listGroups({ q: name }));
    expect(groups.map((g) => g.profile?.name)).toEqual([name]);
    expect(grantsTo(clientId)).toBe(2);
  });

  it('gets a new DPoP token, nonce round trip included, after the 401', async () => {
    const admin = sswsClient(h);
    const { client, clientId } = await privateKeyClient(h, admin, { dpop: true });
    const name = unique('SDK Expiry Group ');
    await admin.groupApi.createGroup({ group: { profile: { name } } });
    await all(await client.groupApi.listGroups());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const groups = await all(await client.groupApi.listGroups({ q: name }));
    expect(groups.map((g) => g.profile?.name)).toEqual([name]);
    expect(grantsTo(clientId)).toBe(2);
  });
});
