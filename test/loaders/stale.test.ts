import { describe, expect, it } from 'vitest';
import { createLoaders, MemoryRecentWrites } from '../../src/loaders/index.ts';
import {
  eventReceived,
  membershipWritten,
  userGone,
  userWritten,
} from '../../src/loaders/stale.ts';
import {
  type LogEvent,
  type OktaClient,
  OktaNotFoundError,
  type OktaUser,
} from '../../src/okta/index.ts';

const USER = '00u0000000000000000a';
const GROUP = '00g0000000000000000a';

/** Loaders over an Okta client that only counts the calls these tests make. */
function caches() {
  const calls = { listGroups: 0, getUser: 0, listMembers: 0, listLogs: 0 };
  const page = { items: [], after: null, next: null };
  const okta = {
    groups: {
      listMembers: async () => {
        calls.listMembers++;
        return page;
      },
    },
    logs: {
      list: async () => {
        calls.listLogs++;
        return page;
      },
    },
    users: {
      listGroups: async () => {
        calls.listGroups++;
        return [];
      },
      get: async (id: string) => {
        calls.getUser++;
        return { id, status: 'ACTIVE' } as OktaUser;
      },
    },
  } as unknown as OktaClient;
  const recentWrites = new MemoryRecentWrites();
  return { calls, recentWrites, loaders: createLoaders(okta, recentWrites) };
}

describe('stale.ts: what a write or an event makes stale', () => {
  it('marks the targets of an incoming event that the loaders read, and no other', () => {
    const { recentWrites } = caches();
    const event = {
      target: [
        { id: USER, type: 'User' },
        { id: GROUP, type: 'UserGroup' },
        { id: 'pol0000000000000000a', type: 'Policy' },
      ],
    } as unknown as LogEvent;
    eventReceived(recentWrites, event);
    expect(recentWrites.has(USER)).toBe(true);
    expect(recentWrites.has(GROUP)).toBe(true);
    expect(recentWrites.has('pol0000000000000000a')).toBe(false);
  });

  it("forgets the user's groups after a membership write, and marks the group and the user", async () => {
    const c = caches();
    await c.loaders.groupsOfUser.load(USER);
    await c.loaders.groupsOfUser.load(USER);
    expect(c.calls.listGroups).toBe(1);
    membershipWritten(c, GROUP, USER);
    await c.loaders.groupsOfUser.load(USER);
    expect(c.calls.listGroups).toBe(2);
    expect(c.recentWrites.has(GROUP)).toBe(true);
    expect(c.recentWrites.has(USER)).toBe(true);
  });

  it('primes the user with the answer of a write, and with NotFound once it is gone', async () => {
    const c = caches();
    userWritten(c, USER, { id: USER, status: 'SUSPENDED' } as OktaUser);
    expect(await c.loaders.userById.load(USER)).toMatchObject({ status: 'SUSPENDED' });
    userGone(c, USER);
    // DataLoader answers a primed Error by rejecting, as a failed load would.
    await expect(c.loaders.userById.load(USER)).rejects.toBeInstanceOf(OktaNotFoundError);
    expect(c.calls.getUser).toBe(0);
  });

  it("forgets a group's member pages after a membership write, and a user's events after a write of the user", async () => {
    const c = caches();
    const members = { groupId: GROUP, limit: 20, after: null };
    const userEvents = {
      userId: USER,
      since: null,
      until: null,
      sortOrder: 'DESCENDING' as const,
      limit: 20,
      after: null,
    };
    await c.loaders.membersOfGroup.load(members);
    await c.loaders.logEventsOfUser.load(userEvents);
    await c.loaders.membersOfGroup.load(members);
    await c.loaders.logEventsOfUser.load(userEvents);
    expect(c.calls).toMatchObject({ listMembers: 1, listLogs: 1 });
    membershipWritten(c, GROUP, USER);
    await c.loaders.membersOfGroup.load(members);
    userWritten(c, USER);
    await c.loaders.logEventsOfUser.load(userEvents);
    expect(c.calls).toMatchObject({ listMembers: 2, listLogs: 2 });
  });
});
