import type { Context } from '../context.ts';
import type { Page, PageOptions } from '../okta/index.ts';
import { BadUserInputError } from './graphql-errors.ts';

/** Items a connection returns when the client gives no `first`. */
export const DEFAULT_FIRST = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

/**
 * Okta's page options from a connection's arguments. Okta pages forward only, with its own
 * `after` cursor, which is the connection's cursor as it is; connections offer no `last` or
 * `before` (forward-connections.ts).
 */
export function pageOptions(args: ConnectionArgs, ctx: Context): PageOptions {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > ctx.maxFirst) {
    throw new BadUserInputError(`first must be from 1 to ${ctx.maxFirst}.`);
  }
  return { limit: first, after: args.after ?? null };
}

/**
 * A Relay connection over one Okta page. `endCursor` is Okta's `after` for the next page. Edge
 * cursors are the item's own position where Okta's cursor is the item id (users, groups,
 * members, apps); otherwise each edge carries the page's end cursor.
 */
export function toConnection<T>(page: Page<T>, cursorOf?: (item: T) => string) {
  const endCursor = page.after;
  const edges = page.items.map((node) => ({
    node,
    cursor: cursorOf ? cursorOf(node) : (endCursor ?? ''),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.after !== null,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: endCursor ?? edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
