/** Okta id prefixes and the GraphQL types they name (Okta mints ids as prefix + base62). */
const PREFIXES: Record<string, string> = {
  '00u': 'User',
  '00g': 'Group',
  '0oa': 'Application',
  who: 'EventHook',
  '0pr': 'GroupRule',
};

/** The GraphQL type an Okta id belongs to; '' when the id is not one the graph serves. */
export function nodeTypeOf(id: string): string {
  if (!/^[A-Za-z0-9]{20}$/.test(id)) return '';
  return PREFIXES[id.slice(0, 3)] ?? '';
}
