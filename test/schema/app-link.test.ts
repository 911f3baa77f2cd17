import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../src/simulator/store.ts';
import { useStack } from '../support/stack.ts';

type Result = { __typename: string } & Record<string, unknown>;

const FORGOT = /* GraphQL */ `
  mutation($id: ID!, $sendEmail: Boolean) {
    forgotPassword(id: $id, sendEmail: $sendEmail) {
      __typename
      ... on ForgotPasswordPayload { resetPasswordUrl user { id status } }
      ... on Error { code message }
      ... on OktaError { errorCode }
      ... on NotFoundError { resource id }
    }
  }
`;

describe("a user's app links and forgot password through the graph", () => {
  const stack = useStack();
  beforeEach(() => stack.oktaCalls.reset());

  /** The ACTIVE apps a user is assigned to (directly or through a group), by id. */
  const appsOf = (userId: string) =>
    [...stack.sim.org.apps.values()]
      .filter((app) => app.status === 'ACTIVE' && app.users.has(userId))
      .sort((a, b) => (a.id < b.id ? -1 : 1));

  it('lists a link with its URL for every active app the user is assigned to', async () => {
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && appsOf(u.id).length >= 2,
    ) as UserRecord;
    const res = await stack.graphql<{ user: { appLinks: Record<string, unknown>[] } }>(
      /* GraphQL */ `query($id: ID!) {
        user(id: $id) {
          appLinks { label linkUrl logoUrl appName applicationId application { id label } hidden sortOrder }
        }
      }`,
      { id: user.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.user.appLinks).toEqual(
      appsOf(user.id).map((app, sortOrder) => ({
        label: app.label,
        linkUrl: `${stack.sim.url}/home/${app.name}/${app.id}/${app.name}`,
        logoUrl: `${stack.sim.url}/assets/img/logos/default.png`,
        appName: app.name,
        applicationId: app.id,
        application: { id: app.id, label: app.label },
        hidden:
          (app.body.visibility as { hide?: { web?: boolean } } | undefined)?.hide?.web === true,
        sortOrder,
      })),
    );
    expect(stack.oktaCalls.count('GET /api/v1/users/:userId/appLinks')).toBe(1);
  });

  it('starts forgot password and returns the link when asked not to email it', async () => {
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.recoveryQuestion !== undefined,
    ) as UserRecord;
    const res = await stack.graphql<{ forgotPassword: Result }>(FORGOT, {
      id: user.id,
      sendEmail: false,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data?.forgotPassword).toEqual({
      __typename: 'ForgotPasswordPayload',
      resetPasswordUrl: expect.stringMatching(new RegExp(`^${stack.sim.url}/reset_password/.+`)),
      user: { id: user.id, status: 'ACTIVE' },
    });
    const emailed = await stack.graphql<{ forgotPassword: Result }>(FORGOT, { id: user.id });
    expect(emailed.data?.forgotPassword).toMatchObject({ resetPasswordUrl: null });
  });

  it("answers Okta's refusal for a user without a recovery question as an OktaError", async () => {
    const user = [...stack.sim.org.users.values()].find(
      (u) => u.status === 'ACTIVE' && u.recoveryQuestion === undefined,
    ) as UserRecord;
    const res = await stack.graphql<{ forgotPassword: Result }>(FORGOT, { id: user.id });
    expect(res.data?.forgotPassword).toMatchObject({
      __typename: 'OktaError',
      code: 'OKTA_REFUSED',
      errorCode: 'E0000034',
    });
  });
});
