import type { Page } from '../okta/index.ts';
import { perKey } from './per-key.ts';

/** One page of an Okta list: what a connection asks for. */
export interface PageKey {
  limit: number;
  after: string | null;
}

/**
 * A loader of list pages. Okta cannot batch list calls, so each distinct page is one call; the
 * loader makes a page asked for twice in one request (aliases, the same app reached twice, a
 * field started early beside its parent's fetch and resolved later) one call. A failed page is
 * an Error for that key, as DataLoader wants.
 */
export function pageLoader<Key extends PageKey, T>(
  name: string,
  fetchPage: (key: Key) => Promise<Page<T>>,
) {
  return perKey(name, fetchPage, (key) => JSON.stringify(Object.entries(key).sort()));
}
