import { describe, expect, it } from 'vitest';
import { profileFrom } from '../../src/workflows/profile.ts';

class Invalid extends Error {
  constructor(
    message: string,
    readonly fields: { field: string; message: string }[],
  ) {
    super(message);
  }
}
const problems = {
  invalidInput: (message: string, fields: Invalid['fields']) => new Invalid(message, fields),
};

describe("profile mapping (src/workflows/profile.ts): the caller's attributes as Okta's profile", () => {
  it('takes standard attributes by name and custom ones from `custom`', () => {
    expect(
      profileFrom(
        problems,
        { login: 'a@example.com', title: null, custom: { isContractor: true } },
        false,
      ),
    ).toEqual({ login: 'a@example.com', isContractor: true });
  });

  it('keeps a null in a partial update, so that Okta clears the attribute', () => {
    expect(profileFrom(problems, { title: null }, true)).toEqual({ title: null });
  });

  it('refuses a standard attribute given in `custom`, naming the field', () => {
    expect(() => profileFrom(problems, { custom: { email: 'x@example.com' } }, false)).toThrow(
      expect.objectContaining({
        fields: [
          {
            field: 'profile.custom.email',
            message: 'A standard attribute: set it as profile.email.',
          },
        ],
      }),
    );
  });
});
