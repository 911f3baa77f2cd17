import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import type { Config } from '../config.ts';

/**
 * The header GraphiQL adds to every request it sends. Any of the CSRF prevention headers would
 * do; this one also names the client in the gateway's logs.
 */
export const GRAPHIQL_CLIENT_HEADER = { 'x-graphql-client-name': 'GraphiQL' } as const;

/**
 * GraphiQL asks for every operation's Okta plan, planned against called, bucket by bucket: the
 * answer's `extensions.oktaPlan` shows what a query costs Okta (use-okta-plan.ts). A header of
 * the editor overrides it (`"x-okta-plan": "only"` plans without running).
 */
export const GRAPHIQL_PLAN_HEADER = { 'x-okta-plan': 'include' } as const;

/** The tabs a first visit opens with: the three reads people come to the gateway for. */
export const GRAPHIQL_EXAMPLES: readonly { name: string; query: string }[] = [
  {
    name: 'UsersWithGroups',
    query: /* GraphQL */ `# Users with the groups each belongs to.
query UsersWithGroups {
  users(first: 10) {
    nodes {
      id
      status
      profile { login firstName lastName email }
      groups(first: 10) { nodes { id name type } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    name: 'GroupsWithMembers',
    query: /* GraphQL */ `# Groups with their member count and first members.
query GroupsWithMembers {
  groups(first: 10) {
    nodes {
      id
      name
      type
      memberCount
      members(first: 10) { nodes { id status profile { login } } }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
  },
  {
    name: 'LogEventsWithActors',
    query: /* GraphQL */ `# System Log events, each actor resolved to its Okta user
# (one batched lookup for all of them).
query LogEventsWithActors {
  logEvents(first: 20) {
    nodes {
      uuid
      published
      eventType
      displayMessage
      outcome { result }
      actor { alternateId displayName user { id status profile { login } } }
    }
  }
}
`,
  },
];

/**
 * GraphiQL as the gateway serves it on `GET /graphql`: self-contained (every script, style and
 * worker inlined by `@graphql-yoga/render-graphiql`; nothing from a CDN, so it works on admin
 * networks without internet), the examples preloaded, and a header editor for the caller's
 * bearer token when caller authentication is on. Headers are not kept in the browser's storage.
 */
export function graphiqlOptions(config: Readonly<Config>): GraphiQLOptions {
  const needsToken = config.callerAuth.mode === 'jwt';
  return {
    title: 'Okta GraphQL Gateway',
    defaultTabs: GRAPHIQL_EXAMPLES.map((example) => ({
      query: example.query,
      headers: needsToken ? tokenHeaders : null,
    })),
    headers: needsToken ? tokenHeaders : '{}',
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: needsToken ? 'headers' : false,
    additionalHeaders: { ...GRAPHIQL_CLIENT_HEADER, ...GRAPHIQL_PLAN_HEADER },
    method: 'POST',
    subscriptionsProtocol: 'SSE',
  };
}

const tokenHeaders = JSON.stringify({ Authorization: 'Bearer <paste an access token>' }, null, 2);

/** The page is ~9 MB of inlined JavaScript: rendered once per set of options, not per request. */
const rendered = new Map<string, string>();
export function renderSelfContainedGraphiQL(options: GraphiQLOptions): string {
  const key = JSON.stringify(options);
  let page = rendered.get(key);
  if (page === undefined) {
    page = renderGraphiQL(options);
    if (rendered.size >= 4) rendered.clear();
    rendered.set(key, page);
  }
  return page;
}
