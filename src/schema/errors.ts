import { GraphQLError } from 'graphql';
import {
  OktaApiError,
  OktaAuthError,
  OktaError,
  OktaInvalidIdError,
  OktaNetworkError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaTimeoutError,
} from '../okta/index.ts';

/**
 * The only mapping from the Okta client's errors to what a GraphQL client sees: a stable code
 * and a message in our words. Nothing upstream leaks: no token, no URL, no stack.
 */
export function mapOktaError(error: OktaError): GraphQLError {
  const fail = (message: string, code: string, extra: Record<string, unknown> = {}) =>
    new GraphQLError(message, { extensions: { code, ...extra } });
  if (error instanceof OktaNotFoundError) {
    return fail(`${error.resource} ${error.id} was not found.`, 'NOT_FOUND');
  }
  if (error instanceof OktaInvalidIdError) return fail(error.message, 'BAD_USER_INPUT');
  if (error instanceof OktaRateLimitError) {
    return fail('Okta rate limit reached; try again later.', 'RATE_LIMITED', {
      retryAt: new Date(error.retryAt).toISOString(),
    });
  }
  if (error instanceof OktaTimeoutError) {
    return fail('Okta did not answer in time.', 'UPSTREAM_TIMEOUT', {
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  if (error instanceof OktaNetworkError) {
    return fail('Okta could not be reached.', 'UPSTREAM_UNAVAILABLE', {
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  if (error instanceof OktaAuthError) {
    return fail('The gateway could not authenticate to Okta.', 'UPSTREAM_AUTH');
  }
  if (error instanceof OktaApiError) {
    const okta = { oktaErrorCode: error.oktaCode, oktaCauses: error.causes };
    if (error.status === 404) return fail('Not found in Okta.', 'NOT_FOUND', okta);
    if (error.status === 429) {
      return fail('Okta rate limit reached; try again later.', 'RATE_LIMITED', okta);
    }
    if (error.status === 400) return fail(error.summary, 'BAD_USER_INPUT', okta);
    if (error.status === 403) {
      return fail('Okta refused the gateway this operation.', 'UPSTREAM_FORBIDDEN', okta);
    }
    return fail('Okta failed to answer the request.', 'UPSTREAM_ERROR', {
      ...okta,
      outcomeUnknown: error.outcomeUnknown,
    });
  }
  return fail('Okta failed to answer the request.', 'UPSTREAM_ERROR');
}

/** The error a client sees for anything thrown while executing (yoga's `maskError`). */
export function maskError(error: unknown, development: boolean): Error {
  const original =
    error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (original instanceof OktaError) {
    const mapped = mapOktaError(original);
    return error instanceof GraphQLError
      ? new GraphQLError(mapped.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: mapped.extensions,
        })
      : mapped;
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (original instanceof GraphQLError) return original;
  if (development && error instanceof Error) return error;
  return new GraphQLError('Unexpected error.', {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
