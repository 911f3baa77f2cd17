import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind } from 'graphql';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as exported from 'okta-graphql-gateway/client';
import {
  ApplicationsDocument,
  ApplicationWithGroupsDocument,
  ApplicationWithUsersDocument,
  createGatewayClient,
  EventHookByIdDocument,
  EventHooksDocument,
  GatewayRequestError,
  GroupByIdDocument,
  GroupByNameDocument,
  GroupsWithMembersDocument,
  IsUserMemberOfDocument,
  LogEventsDocument,
  NodeDocument,
  RateLimitsDocument,
  UserActivityDocument,
  UserByIdDocument,
  UserByLoginDocument,
  UserSchemaAttributeDocument,
  UserSchemaDocument,
  UsersWithGroupsDocument,
} from 'okta-graphql-gateway/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALL_SCOPES } from '../../src/caller.ts';
import { pairId } from '../../src/schema/id-prefixes.ts';
import type { AppRecord, GroupRecord, UserRecord } from '../../src/simulator/store.ts';
import { type Stack, startStack } from '../support/stack.ts';

/**
 * The typed client as an internal service uses it (imported as the package exports it), over real
 * HTTP to a listening gateway that verifies the caller's JWT against a JWKS, over the simulator's
 * seeded demo org.
 */
describe('the typed gateway client', () => {
  const issuer = 'https://idp.example.com';
  const audience = 'api://okta-gateway';
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let jwksServer: Server;
  let gatewayServer: Server;
  let stack: Stack;
  let url: string;

  const listen = async (server: Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const close = (server: Server | undefined) =>
    new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

  const token = (scopes: readonly string[]) =>
    new SignJWT({ scp: [...scopes] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('provisioning-service')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys.privateKey);

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' }] };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(jwks));
    });
    const jwksPort = await listen(jwksServer);
    stack = await startStack({
      env: {
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: audience,
        AUTH_JWKS_URL: `http://127.0.0.1:${jwksPort}/keys`,
      },
    });
    gatewayServer = createServer(stack.gateway);
    url = `http://127.0.0.1:${await listen(gatewayServer)}/graphql`;
  });
  afterAll(async () => {
    await close(gatewayServer);
    await stack?.close();
    await close(jwksServer);
  });
  beforeEach(() => stack.oktaCalls.reset());

  const admin = () => createGatewayClient(url, { token: () => token(ALL_SCOPES) });

  const byId = <T extends { id: string }>(items: Iterable<T>) =>
    [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const users = () => byId(stack.sim.org.users.values());
  const groupsOf = (user: UserRecord) =>
    byId(
      [...(stack.sim.org.userGroups.get(user.id) ?? [])].map(
        (id) => stack.sim.org.groups.get(id) as GroupRecord,
      ),
    );
  const groupNamed = (name: string) =>
    [...stack.sim.org.groups.values()].find((g) => g.profile.name === name) as GroupRecord;
  /** A user with at least one group, and a group it is not a member of. */
  const memberAndOutsider = () => {
    const user = users().find((u) => groupsOf(u).length > 0) as UserRecord;
    const outside = byId(stack.sim.org.groups.values()).find((g) => !g.members.has(user.id));
    return { user, member: groupsOf(user)[0] as GroupRecord, outside: outside as GroupRecord };
  };

  describe('users', () => {
    it('lists the first users with their groups: one users call and one groups call per user', async () => {
      const { users: page } = await admin().request(UsersWithGroupsDocument, { first: 5 });
      // Okta lists every user but the DEPROVISIONED ones when no filter or search is given.
      const expected = users()
        .filter((u) => u.status !== 'DEPROVISIONED')
        .slice(0, 5);
      expect(page?.nodes.map((u) => [u.id, u.profile?.login, u.status])).toEqual(
        expected.map((u) => [u.id, u.profile.login, u.status]),
      );
      expect(page?.nodes.map((u) => u.groups?.nodes.map((g) => g.id).sort())).toEqual(
        expected.map((u) => groupsOf(u).map((g) => g.id)),
      );
      expect(page?.pageInfo).toEqual({ endCursor: expected[4]?.id, hasNextPage: true });
      expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(1);
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId/groups')).toBe(5);
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
    });

    it('reads one user by id with its profile, credentials summary and groups', async () => {
      const { user: expected } = memberAndOutsider();
      const { user } = await admin().request(UserByIdDocument, { id: expected.id });
      expect(user).toMatchObject({
        id: expected.id,
        status: expected.status,
        created: expected.created,
        lastUpdated: expected.lastUpdated,
        typeId: expected.typeId,
        profile: {
          login: expected.profile.login,
          email: expected.profile.email,
          firstName: expected.profile.firstName,
          lastName: expected.profile.lastName,
        },
        credentials: {
          hasPassword: expected.password !== undefined,
          providerType: expected.provider.type,
          providerName: expected.provider.name,
        },
      });
      expect(user?.groups?.nodes.map((g) => [g.id, g.name, g.type]).sort()).toEqual(
        groupsOf(expected).map((g) => [g.id, g.profile.name, g.type]),
      );
      expect(user?.groups?.pageInfo.hasNextPage).toBe(false);
    });

    it('reads the same user by login', async () => {
      const { user: expected } = memberAndOutsider();
      const { user } = await admin().request(UserByLoginDocument, {
        login: String(expected.profile.login),
      });
      expect(user?.id).toBe(expected.id);
      expect(user?.groups?.nodes.map((g) => g.id).sort()).toEqual(
        groupsOf(expected).map((g) => g.id),
      );
    });

    it('answers null for a login no user has', async () => {
      const { user } = await admin().request(UserByLoginDocument, {
        login: 'nobody@acme.example',
      });
      expect(user).toBeNull();
    });

    it('tells whether a user is a member of a group', async () => {
      const { user, member, outside } = memberAndOutsider();
      const client = admin();
      const yes = await client.request(IsUserMemberOfDocument, {
        userId: user.id,
        groupId: member.id,
      });
      const no = await client.request(IsUserMemberOfDocument, {
        userId: user.id,
        groupId: outside.id,
      });
      expect([yes.user?.isMemberOf, no.user?.isMemberOf]).toEqual([true, false]);
    });
  });

  describe('groups', () => {
    it('lists groups with their member counts and members: one groups call, one members call per group', async () => {
      const { groups } = await admin().request(GroupsWithMembersDocument, {
        first: 3,
        membersFirst: 50,
      });
      const expected = byId(stack.sim.org.groups.values()).slice(0, 3);
      expect(groups?.nodes.map((g) => [g.id, g.name, g.memberCount])).toEqual(
        expected.map((g) => [g.id, g.profile.name, g.members.size]),
      );
      expect(groups?.nodes.map((g) => g.members?.nodes.map((u) => u.id).sort())).toEqual(
        expected.map((g) => [...g.members].sort()),
      );
      expect(stack.oktaCalls.count('GET /api/v1/groups')).toBe(1);
      expect(stack.oktaCalls.count('GET /api/v1/groups/:groupId/users')).toBe(3);
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
    });

    it('reads a group by its exact name with its members', async () => {
      const expected = groupNamed('Security Champions');
      const { group } = await admin().request(GroupByNameDocument, { name: 'Security Champions' });
      expect(group).toMatchObject({
        id: expected.id,
        name: 'Security Champions',
        type: expected.type,
        memberCount: expected.members.size,
        lastMembershipUpdated: expected.lastMembershipUpdated,
      });
      expect(group?.members?.nodes.map((u) => u.id).sort()).toEqual([...expected.members].sort());
    });

    it('pages a group by id through its members with Okta cursors', async () => {
      const expected = groupNamed('Operations');
      const client = admin();
      const first = await client.request(GroupByIdDocument, { id: expected.id, membersFirst: 10 });
      const rest = await client.request(GroupByIdDocument, {
        id: expected.id,
        membersFirst: 200,
        membersAfter: first.group?.members?.pageInfo.endCursor,
      });
      const ids = [...(first.group?.members?.nodes ?? []), ...(rest.group?.members?.nodes ?? [])];
      expect(first.group?.members?.pageInfo.hasNextPage).toBe(true);
      expect(rest.group?.members?.pageInfo.hasNextPage).toBe(false);
      expect(ids.map((u) => u.id).sort()).toEqual([...expected.members].sort());
    });
  });

  describe('applications', () => {
    const apps = () => byId(stack.sim.org.apps.values());
    /** The app with the most users assigned that still fit on one page of 200. */
    const busiestApp = () =>
      apps()
        .filter((app) => app.users.size <= 200)
        .reduce((best, app) => (app.users.size > best.users.size ? app : best)) as AppRecord;

    it('lists the applications in one apps call', async () => {
      const { applications } = await admin().request(ApplicationsDocument, { first: 200 });
      expect(
        applications?.nodes.map((a) => [a.id, a.name, a.label, a.status, a.signOnMode]),
      ).toEqual(apps().map((a) => [a.id, a.name, a.label, a.status, a.signOnMode]));
      expect(applications?.pageInfo.hasNextPage).toBe(false);
      expect(stack.oktaCalls.snapshot()).toEqual({ 'GET /api/v1/apps': 1 });
    });

    it("reads an application's assigned users with their profiles, and no user GET", async () => {
      const app = busiestApp();
      const { application } = await admin().request(ApplicationWithUsersDocument, {
        id: app.id,
        usersFirst: 200,
      });
      const assigned = byId(app.users.values());
      expect(application?.users?.nodes.map((a) => [a.user?.id, a.scope, a.id]).sort()).toEqual(
        assigned.map((a) => [
          a.id,
          a.direct ? 'USER' : 'GROUP',
          pairId('ApplicationUser', { applicationId: app.id, memberId: a.id }),
        ]),
      );
      expect(application?.users?.nodes.map((a) => a.user?.profile?.email).sort()).toEqual(
        assigned.map((a) => stack.sim.org.users.get(a.id)?.profile.email).sort(),
      );
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
      expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(0);
    });

    it("reads an application's assigned groups with their names", async () => {
      const app = apps().find((a) => a.groups.size > 0) as AppRecord;
      const { application } = await admin().request(ApplicationWithGroupsDocument, {
        id: app.id,
      });
      expect(
        application?.groups?.nodes.map((g) => [g.group?.id, g.id, g.group?.name]).sort(),
      ).toEqual(
        byId(app.groups.values()).map((g) => [
          g.id,
          pairId('ApplicationGroup', { applicationId: app.id, memberId: g.id }),
          stack.sim.org.groups.get(g.id)?.profile.name,
        ]),
      );
    });

    it("reads a user's applications with each assignment", async () => {
      const app = busiestApp();
      const assignment = byId(app.users.values())[0] as { id: string };
      const user = stack.sim.org.users.get(assignment.id) as UserRecord;
      const { user: found } = await admin().request(UserByIdDocument, { id: user.id });
      const expected = apps().filter((a) => a.users.has(user.id));
      expect(found?.applications?.edges.map((e) => [e.node.id, e.assignment?.id]).sort()).toEqual(
        expected.map((a) => [
          a.id,
          pairId('ApplicationUser', { applicationId: a.id, memberId: user.id }),
        ]),
      );
    });
  });

  describe('log events', () => {
    const history = () => stack.sim.org.log.map((row) => row.event);

    it("reads a window of events with each actor's login in one logs call and one users search", async () => {
      const since = history()[0]?.published as string;
      const until = new Date().toISOString();
      const { logEvents } = await admin().request(LogEventsDocument, {
        since,
        until,
        sortOrder: 'ASCENDING',
        first: 50,
      });
      const expected = history()
        .filter((e) => e.published >= since && e.published < until)
        .slice(0, 50);
      expect(logEvents?.nodes.map((e) => [e.uuid, e.published, e.eventType])).toEqual(
        expected.map((e) => [e.uuid, e.published, e.eventType]),
      );
      expect(
        logEvents?.nodes.map((e) => [e.actor?.id, e.actor?.user?.profile?.login ?? null]),
      ).toEqual(
        expected.map((e) => {
          const actor = e.actor as { id: string; type: string };
          const user = actor.type === 'User' ? stack.sim.org.users.get(actor.id) : undefined;
          return [actor.id, user?.profile.login ?? null];
        }),
      );
      expect(stack.oktaCalls.count('GET /api/v1/logs')).toBe(1);
      expect(stack.oktaCalls.count('GET /api/v1/users')).toBe(1);
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId')).toBe(0);
    });

    it("reads a user's latest events, newest first", async () => {
      const actor = history().at(-1)?.actor as { id: string; type: string };
      const { user } = await admin().request(UserActivityDocument, { id: actor.id, first: 5 });
      const published = user?.logEvents?.nodes.map((e) => e.published) ?? [];
      expect(published).toHaveLength(5);
      expect(published).toEqual([...published].sort().reverse());
      expect(user?.logEvents?.nodes[0]?.uuid).toBe(history().at(-1)?.uuid);
    });
  });

  describe('event hooks', () => {
    it('lists and reads event hooks without ever returning a header or auth secret', async () => {
      const created = await stack.okta.eventHooks.create({
        name: 'SIEM forwarder',
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: 'https://siem.acme.example/okta',
            headers: [{ key: 'X-Forwarder', value: 'header-secret-value' }],
            authScheme: { type: 'HEADER', key: 'Authorization', value: 'auth-secret-value' },
          },
        },
      });
      const bodies: string[] = [];
      const client = createGatewayClient(url, {
        token: () => token(ALL_SCOPES),
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          bodies.push(await res.clone().text());
          return res;
        },
      });
      const { eventHooks } = await client.request(EventHooksDocument);
      const { eventHook } = await client.request(EventHookByIdDocument, { id: created.id });
      expect(eventHooks?.nodes.map((h) => h.id)).toEqual(
        byId(stack.sim.org.eventHooks.values()).map((h) => h.id),
      );
      expect(eventHooks?.nodes.map((h) => h.id)).toContain(created.id);
      expect(eventHook).toMatchObject({
        id: created.id,
        name: 'SIEM forwarder',
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
        channel: {
          uri: 'https://siem.acme.example/okta',
          headers: [{ key: 'X-Forwarder' }],
          authScheme: { type: 'HEADER', key: 'Authorization' },
        },
      });
      expect(bodies).toHaveLength(2);
      expect(bodies.join('\n')).not.toMatch(/header-secret-value|auth-secret-value/);
    });
  });

  describe('user schema', () => {
    it("lists the org's custom attributes in Okta's order beside the base ones", async () => {
      const { userSchema } = await admin().request(UserSchemaDocument);
      expect(userSchema?.custom?.map((a) => a.name)).toEqual([
        ...stack.sim.org.customSchema.keys(),
      ]);
      expect(userSchema?.base?.find((a) => a.name === 'login')).toMatchObject({
        title: 'Username',
        origin: 'BASE',
        type: 'STRING',
        required: true,
        minLength: 5,
        maxLength: 100,
        mutability: 'READ_WRITE',
      });
    });

    it('reads one custom attribute with its allowed values', async () => {
      const { userSchema } = await admin().request(UserSchemaAttributeDocument, {
        name: 'securityClearance',
      });
      expect(userSchema?.attribute).toMatchObject({
        name: 'securityClearance',
        title: 'Data access clearance',
        origin: 'CUSTOM',
        type: 'STRING',
        required: false,
        enum: ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'],
        oneOf: [
          { const: 'PUBLIC', title: 'Public' },
          { const: 'INTERNAL', title: 'Internal' },
          { const: 'CONFIDENTIAL', title: 'Confidential' },
          { const: 'RESTRICTED', title: 'Restricted' },
        ],
        permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
        master: { type: 'PROFILE_MASTER' },
      });
    });
  });

  describe('rate limits', () => {
    it('shows the users bucket after a users call, with the share left to other clients', async () => {
      const client = admin();
      await client.request(UsersWithGroupsDocument, { first: 1 });
      const { rateLimits } = await client.request(RateLimitsDocument);
      const users = rateLimits?.find((b) => b.bucket === 'users.collection');
      expect(users).toMatchObject({ limit: 600, reserved: 120, inFlight: 0, queued: 0 });
      expect(users?.remaining).toBeLessThan(600);
      expect(users?.available).toBe((users?.remaining ?? 0) - 120);
    });
  });

  describe('node', () => {
    it('resolves a user id and a group id to their types', async () => {
      const { user, member } = memberAndOutsider();
      const client = admin();
      const asUser = await client.request(NodeDocument, { id: user.id });
      const asGroup = await client.request(NodeDocument, { id: member.id });
      expect(asUser.node).toMatchObject({ __typename: 'User', id: user.id, status: user.status });
      expect(asGroup.node).toMatchObject({
        __typename: 'Group',
        id: member.id,
        name: member.profile.name,
      });
    });
  });

  // Example mutations are run by the mutation tests of their domain (test/schema/*-mutations).
  describe('every example query', () => {
    let hookId: string;
    beforeAll(async () => {
      const hook = await stack.okta.eventHooks.create({
        name: 'Audit forwarder',
        events: { type: 'EVENT_TYPE', items: ['group.user_membership.add'] },
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://audit.acme.example/' } },
      });
      hookId = hook.id;
    });

    /** The variables each operation requires; the rest keep the operation's defaults. */
    const required = (): Record<string, Record<string, unknown>> => {
      const { user, member } = memberAndOutsider();
      const app = byId(stack.sim.org.apps.values())[0] as AppRecord;
      return {
        Applications: {},
        ApplicationWithUsers: { id: app.id },
        ApplicationWithGroups: { id: app.id },
        EventHooks: {},
        EventHookById: { id: hookId },
        GroupsWithMembers: {},
        GroupById: { id: member.id },
        GroupByName: { name: member.profile.name },
        LogEvents: {},
        UserActivity: { id: user.id },
        Node: { id: user.id },
        UsersWithGroups: {},
        UserById: { id: user.id },
        UserByLogin: { login: user.profile.login },
        IsUserMemberOf: { userId: user.id, groupId: member.id },
        UserSchema: {},
        UserSchemaAttribute: { name: 'login' },
        RateLimits: {},
        // The access graph (schema/operations/access.graphql)
        GroupRules: {},
        GroupRule: { id: [...stack.sim.org.groupRules.keys()][0] },
        GroupAccess: { id: member.id },
        UserAccess: { id: user.id },
        ApplicationAccess: { id: app.id },
      };
    };
    const operations = Object.values(exported).flatMap((document) => {
      const definition = (document as TypedDocumentNode).definitions?.[0];
      return definition?.kind === Kind.OPERATION_DEFINITION &&
        definition.operation === 'query' &&
        definition.name
        ? [[definition.name.value, document as TypedDocumentNode<unknown, object>] as const]
        : [];
    });

    it('has its variables listed here', () => {
      expect(operations.map(([name]) => name).sort()).toEqual(Object.keys(required()).sort());
    });

    it.each(operations)(
      '%s runs within the default limits with its default variables, without errors',
      async (name, document) => {
        const result = await admin().execute(document, required()[name] as object);
        expect(result.errors).toEqual([]);
        expect(result.status).toBe(200);
      },
    );
  });

  describe('callers', () => {
    it('asks its token function for a token before every request', async () => {
      let asked = 0;
      const client = createGatewayClient(url, {
        token: () => {
          asked++;
          return token(ALL_SCOPES);
        },
      });
      await client.request(NodeDocument, { id: memberAndOutsider().user.id });
      await client.request(NodeDocument, { id: memberAndOutsider().member.id });
      expect(asked).toBe(2);
    });

    it("sends the client's headers and a call's own headers beside the bearer token", async () => {
      const sent: Headers[] = [];
      const client = createGatewayClient(url, {
        token: await token(ALL_SCOPES),
        headers: { 'x-client-name': 'provisioning-service' },
        fetch: (input, init) => {
          sent.push(new Headers(init?.headers));
          return fetch(input, init);
        },
      });
      await client.request(
        NodeDocument,
        { id: memberAndOutsider().user.id },
        { headers: { 'x-request-id': 'req-1' } },
      );
      expect(sent.map((h) => [h.get('x-client-name'), h.get('x-request-id')])).toEqual([
        ['provisioning-service', 'req-1'],
      ]);
      expect(sent[0]?.get('authorization')).toMatch(/^Bearer eyJ/);
    });

    it("stops a call when the caller's signal aborts", async () => {
      const error = await admin()
        .request(NodeDocument, { id: memberAndOutsider().user.id }, { signal: AbortSignal.abort() })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe('AbortError');
    });

    it('rejects with a 401 GatewayRequestError when it has no token, before any Okta call', async () => {
      const error = await createGatewayClient(url)
        .request(UsersWithGroupsDocument, { first: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayRequestError);
      expect((error as GatewayRequestError).status).toBe(401);
      expect((error as GatewayRequestError).codes).toEqual(['UNAUTHENTICATED']);
      expect(stack.oktaCalls.total()).toBe(0);
    });

    it('still exports GatewayRequestError under its earlier name, GatewayError', () => {
      expect(exported.GatewayError).toBe(GatewayRequestError);
    });

    it('keeps the partial data of a caller without a scope, with a FORBIDDEN error on each such field', async () => {
      const { user } = memberAndOutsider();
      const client = createGatewayClient(url, { token: await token(['okta.users.read']) });
      const result = await client.execute(UserByIdDocument, { id: user.id });
      expect(result.data.user?.profile?.login).toBe(user.profile.login);
      expect([result.data.user?.groups, result.data.user?.applications]).toEqual([null, null]);
      expect(result.errors.map((e) => [e.extensions?.code, e.path])).toEqual([
        ['FORBIDDEN', ['user', 'groups']],
        ['FORBIDDEN', ['user', 'applications']],
      ]);
      expect(stack.oktaCalls.count('GET /api/v1/users/:userId/groups')).toBe(0);
      expect(stack.oktaCalls.count('GET /api/v1/apps')).toBe(0);
    });

    it('rejects a request whose answer holds a FORBIDDEN field, keeping the partial data on the error', async () => {
      const { user } = memberAndOutsider();
      const client = createGatewayClient(url, { token: await token(['okta.users.read']) });
      const error = await client
        .request(UserByIdDocument, { id: user.id })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayRequestError);
      expect((error as GatewayRequestError).codes).toEqual(['FORBIDDEN']);
      expect((error as GatewayRequestError).data).toMatchObject({
        user: { id: user.id, groups: null },
      });
    });
  });
});
