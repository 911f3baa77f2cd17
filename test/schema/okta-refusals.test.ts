import { describe, expect, it } from 'vitest';
import { useStack } from '../support/stack.ts';

const CREATE = /* GraphQL */ `
  mutation($input: CreateEventHookInput!) {
    createEventHook(input: $input) {
      __typename
      ... on Error { code message }
    }
  }
`;

describe('a write Okta refuses for the org (E0000006)', () => {
  // One active event hook at most in this org (Okta's real limit is 25).
  const stack = useStack({ sim: { size: 'empty', maxActiveEventHooks: 1 } });

  it("answers ForbiddenError carrying Okta's reason", async () => {
    const input = (name: string) => ({
      name,
      eventTypes: ['user.lifecycle.create'],
      uri: 'https://hooks.acme.example/okta',
    });
    const first = await stack.graphql(CREATE, { input: input('First') });
    expect(first.data).toEqual({
      createEventHook: { __typename: 'CreateEventHookPayload' },
    });
    const second = await stack.graphql(CREATE, { input: input('Second') });
    expect(second.data).toEqual({
      createEventHook: {
        __typename: 'ForbiddenError',
        code: 'FORBIDDEN',
        message:
          'Okta refused the gateway this operation: eventHook: The org already has the maximum of 1 active event hooks.',
      },
    });
  });
});
