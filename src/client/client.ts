import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode } from 'graphql';
import { ClientError, GraphQLClient, type RequestMiddleware } from 'graphql-request';
import { type GatewayGraphQLError, GatewayRequestError } from './errors.ts';
import { documentText, operationFields, type PersistedDocuments } from './persisted-documents.ts';
import { ResumePoint, subscribeOverEventStream } from './subscribe.ts';

/** What one operation answered when the gateway ran it: its data, and errors of failed fields. */
export interface GatewayResult<TResult> {
  data: TResult;
  errors: readonly GatewayGraphQLError[];
  /** The HTTP status (a field's error may set a 4xx status on an answer that still has data). */
  status: number;
}

export interface GatewayCallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Variables may be left out exactly when the operation declares none that are required. */
export type VariablesArgs<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: GatewayCallOptions]
    : [variables: TVariables, options?: GatewayCallOptions];

export interface GatewayClientOptions {
  /**
   * The caller's bearer token (a JWT the gateway accepts), or a function asked for one before
   * every request, so a service can hand out a refreshed token without making a new client.
   */
  token?: string | (() => string | Promise<string>);
  /** The fetch to send requests with (defaults to the global fetch). */
  fetch?: typeof fetch;
  /** Headers sent with every request (a trace id, a client name). */
  headers?: Record<string, string>;
  /**
   * How each operation is sent (`request`, `execute` and `subscribe` alike): `'text'` (the
   * default) sends the document's text, which every gateway runs; `'hash'` sends only the sha256
   * of that text, as Apollo's `extensions.persistedQuery`, the key `npm run codegen` gives the
   * document in the gateway's manifest (`schema/persisted-operations.json`). A gateway with
   * `GATEWAY_TRUSTED_DOCUMENTS=required` refuses the text of a caller whose token lacks
   * `gateway.documents.any` (403 PERSISTED_QUERY_REQUIRED), so such a caller needs `'hash'`;
   * a document the gateway's manifests do not hold (one not generated from
   * `schema/operations/`, or a client newer than the gateway) is refused by hash with
   * PERSISTED_QUERY_NOT_FOUND, and nothing falls back to the text. A gateway with trusted
   * documents `off` knows no hashes (400 PERSISTED_QUERY_NOT_SUPPORTED): keep `'text'` there. `'text'` stays the default because
   * `off` is the gateway's default.
   */
  persistedDocuments?: PersistedDocuments;
}

export interface GatewayClient {
  /**
   * Runs one generated operation and resolves with its data. Rejects with a
   * `GatewayRequestError` when the answer holds any error, including one field the caller lacks
   * the scope for.
   */
  request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): Promise<TResult>;
  /**
   * Runs one generated operation and keeps partial answers: resolves with the data and the
   * errors of fields that failed (e.g. FORBIDDEN on `User.groups` for a caller without
   * `okta.groups.read`). Rejects with a `GatewayRequestError` only when the gateway refused the
   * operation as a whole (an answer without data, whatever its HTTP status).
   */
  execute<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): Promise<GatewayResult<TResult>>;
  /**
   * Runs one generated subscription (`LogEventsLiveDocument`) over GraphQL over SSE and yields
   * each result's data as it arrives. The iterator throws a `GatewayRequestError` when the gateway
   * refuses the subscription (no token, a missing scope, a malformed filter) or a result carries
   * errors; `break` out of `for await`, or the call's signal, closes the stream. When the gateway
   * ends it because the token expired (TOKEN_EXPIRED), a subscription with a `since` variable
   * subscribes again by itself, with a fresh token and `since` a minute before its latest event,
   * yielding nothing twice (by `uuid`).
   */
  subscribe<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...args: VariablesArgs<TVariables>
  ): AsyncIterableIterator<TResult>;
}

function declaresVariable(document: DocumentNode, name: string): boolean {
  return document.definitions.some(
    (d) =>
      d.kind === 'OperationDefinition' &&
      (d.variableDefinitions ?? []).some((v) => v.variable.name.value === name),
  );
}

/**
 * The typed client for services that call the gateway: graphql-request over the documents that
 * `npm run codegen` generates from `schema/operations/*.graphql`.
 *
 * ```ts
 * const gateway = createGatewayClient('https://gateway.example.com/graphql', { token });
 * const { user } = await gateway.request(UserByLoginDocument, { login: 'ada@example.com' });
 * ```
 */
export function createGatewayClient(
  url: string,
  options: GatewayClientOptions = {},
): GatewayClient {
  const { token, persistedDocuments = 'text' } = options;
  const withToken: RequestMiddleware | undefined =
    token === undefined
      ? undefined
      : async (request) => {
          const headers = new Headers(request.headers);
          headers.set(
            'authorization',
            `Bearer ${typeof token === 'function' ? await token() : token}`,
          );
          return { ...request, headers };
        };
  // graphql-request always writes the text into the body as `query`; by hash, the body it wrote
  // is rewritten with the hash of that very text in its place (its variables and operationName
  // kept), so the id sent is the one the manifest has for what would have been sent.
  const byHash: RequestMiddleware | undefined =
    persistedDocuments === 'hash'
      ? async (request) => {
          const { query, ...rest } = JSON.parse(request.body as string) as { query: string };
          const fields = await operationFields(query, 'hash');
          return { ...request, body: JSON.stringify({ ...rest, ...fields }) };
        }
      : undefined;
  const middlewares = [withToken, byHash].filter((m): m is RequestMiddleware => m !== undefined);
  const client = new GraphQLClient(url, {
    // Errors come back beside the data; `request` decides whether they are fatal.
    errorPolicy: 'all',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(middlewares.length > 0
      ? {
          requestMiddleware: async (request) => {
            let next = request;
            for (const middleware of middlewares) next = await middleware(next);
            return next;
          },
        }
      : {}),
  });

  // graphql-request sends a document as text; print each generated document once.
  const printed = new WeakMap<DocumentNode, string>();
  const queryOf = (document: DocumentNode): string => {
    let query = printed.get(document);
    if (query === undefined) {
      query = documentText(document);
      printed.set(document, query);
    }
    return query;
  };

  const execute = async <TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables, call = {}]: VariablesArgs<TVariables>
  ): Promise<GatewayResult<TResult>> => {
    try {
      const response = await client.rawRequest<TResult>({
        query: queryOf(document),
        variables: (variables ?? undefined) as Record<string, unknown> | undefined,
        ...(call.headers ? { requestHeaders: call.headers } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      });
      // No `data` at all is an operation refused before it ran, whatever its status: the
      // gateway answers an unknown persisted-operation hash 200 (Apollo's convention), without
      // data.
      if (response.data === undefined) {
        throw new GatewayRequestError(
          response.status,
          (response.errors ?? []) as GatewayGraphQLError[],
          null,
        );
      }
      return {
        data: response.data,
        errors: (response.errors ?? []) as GatewayGraphQLError[],
        status: response.status,
      };
    } catch (error) {
      if (!(error instanceof ClientError)) throw error;
      const { status, errors = [], data } = error.response;
      // An answer with data is an operation that ran, whatever its status: yoga answers 403 when
      // one field was FORBIDDEN (its error's `extensions.http`), with every other field resolved.
      if (data !== undefined && data !== null) {
        return { data: data as TResult, errors: errors as GatewayGraphQLError[], status };
      }
      throw new GatewayRequestError(status, errors as GatewayGraphQLError[], null);
    }
  };

  return {
    execute,
    subscribe: (document, ...[variables, call = {}]) => {
      const given = (variables ?? {}) as Record<string, unknown>;
      // A subscription that can replay (`since`) carries on after its token expired.
      const resume = declaresVariable(document, 'since') ? new ResumePoint(given) : null;
      const stream = subscribeOverEventStream<never>({
        url,
        query: queryOf(document),
        persistedDocuments,
        variables: given,
        headers: async () => {
          const headers = new Headers({ ...options.headers, ...call.headers });
          if (token !== undefined) {
            headers.set(
              'authorization',
              `Bearer ${typeof token === 'function' ? await token() : token}`,
            );
          }
          return headers;
        },
        fetch: options.fetch ?? fetch,
        signal: call.signal,
        ...(resume ? { resumeAfterExpiry: () => resume.variables() } : {}),
      });
      return resume ? resume.watch(stream) : stream;
    },
    async request(document, ...args) {
      const result = await execute(document, ...args);
      if (result.errors.length > 0) {
        throw new GatewayRequestError(result.status, result.errors, result.data);
      }
      return result.data;
    },
  };
}
