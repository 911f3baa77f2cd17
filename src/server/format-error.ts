import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { maskError } from '../schema/errors.ts';
import { withoutFieldSuggestions } from './plugins/use-no-field-suggestions.ts';

/**
 * The one masking of what is thrown while an operation runs, over HTTP (yoga's `maskedErrors`)
 * and graphql-ws (an event stream failing part-way) alike: Okta's errors become their typed
 * GraphQL errors, the gateway's own pass as they are, anything else is "Unexpected error."
 * outside explicit development mode.
 */
export function gatewayMaskError(development: boolean): (error: unknown) => Error {
  return (error) => maskError(error, development);
}

/**
 * An error as the gateway writes it to a client, for graphql-ws, which writes its own messages:
 * what yoga writes over HTTP, i.e. without yoga's internal `http` and `unexpected` extensions
 * (yoga's result processor leaves them out) and, outside demo mode, without graphql-js's field
 * suggestions (use-no-field-suggestions.ts drops them over HTTP).
 */
export function formatError(
  error: GraphQLError,
  options: { fieldSuggestions: boolean },
): GraphQLFormattedError {
  const json = (options.fieldSuggestions ? error : withoutFieldSuggestions(error)).toJSON();
  const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions ?? {};
  const { extensions: _all, ...rest } = json;
  return Object.keys(extensions).length > 0 ? { ...rest, extensions } : rest;
}

/** An error's stable code (`extensions.code`), as the request log and metrics count outcomes. */
export function errorCodeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN_ERROR';
}
