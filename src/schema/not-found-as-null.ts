import { OktaNotFoundError } from '../okta/index.ts';

/** A single lookup whose absence is an answer (null), not an error. */
export async function orNull<T>(lookup: Promise<T | Error>): Promise<T | null> {
  try {
    const value = await lookup;
    if (value instanceof OktaNotFoundError) return null;
    if (value instanceof Error) throw value;
    return value;
  } catch (error) {
    if (error instanceof OktaNotFoundError) return null;
    throw error;
  }
}
