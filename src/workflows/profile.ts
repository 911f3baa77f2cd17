import type { Problems } from './plan.ts';

// A user's profile as Okta takes it, from the attributes a caller gives: the one mapping of
// profiles, used by the user mutations and by onboarding.

/** Okta's standard profile attributes; anything else on a profile is a custom attribute. */
export const STANDARD_ATTRIBUTES = [
  'login',
  'email',
  'secondEmail',
  'firstName',
  'lastName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'title',
  'displayName',
  'nickName',
  'profileUrl',
  'mobilePhone',
  'primaryPhone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'countryCode',
  'postalAddress',
  'preferredLanguage',
  'locale',
  'timezone',
  'userType',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerId',
  'manager',
] as const;
const STANDARD = new Set<string>(STANDARD_ATTRIBUTES);

/** A profile as a caller gives it: standard attributes by name, custom ones in `custom`. */
export interface ProfileInput {
  custom?: unknown;
  [attribute: string]: unknown;
}

/**
 * Okta's profile from the input: standard attributes by name, custom ones from `custom`. With
 * `keepNulls` (a partial update) a `null` is sent, so Okta clears the attribute; otherwise
 * it is left out.
 */
export function profileFrom<P extends Error>(
  problems: Pick<Problems<P>, 'invalidInput'>,
  input: ProfileInput,
  keepNulls: boolean,
): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  const take = (name: string, value: unknown) => {
    if (value === undefined || (value === null && !keepNulls)) return;
    profile[name] = value;
  };
  for (const name of STANDARD_ATTRIBUTES) take(name, input[name]);
  const custom = input.custom;
  if (custom === undefined || custom === null) return profile;
  if (typeof custom !== 'object' || Array.isArray(custom)) {
    throw problems.invalidInput('Custom attributes must be a JSON object.', [
      { field: 'profile.custom', message: 'Must be a JSON object of attribute names to values.' },
    ]);
  }
  const standard = Object.keys(custom).filter((name) => STANDARD.has(name));
  if (standard.length > 0) {
    throw problems.invalidInput(
      'Standard attributes are set by name on the profile, not in `custom`.',
      standard.map((name) => ({
        field: `profile.custom.${name}`,
        message: `A standard attribute: set it as profile.${name}.`,
      })),
    );
  }
  for (const [name, value] of Object.entries(custom)) take(name, value);
  return profile;
}
