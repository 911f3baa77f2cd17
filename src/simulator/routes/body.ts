/** Reading the JSON bodies the Apps API receives. */
import { oktaErrors } from '../errors.ts';
import type { Profile } from '../store.ts';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const objectAt = (value: unknown): Json => (isObject(value) ? value : {});

export const blank = (field: string) =>
  oktaErrors.validation(field, [`${field}: The field cannot be left blank`]);

/** An app or app user `profile`: absent, or an object taken as sent. */
export function profileOf(raw: unknown): Profile | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw oktaErrors.validation('profile', ['profile: Must be an object']);
  return { ...raw };
}
