import { randomInt } from 'node:crypto';
import { BASE62 } from './random.ts';

/** An Okta error answer: the status and Okta's error object. Thrown by route handlers. */
export class OktaSimError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: string[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(`${errorCode}: ${errorSummary}`);
    this.name = 'OktaSimError';
  }

  toBody(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: errorId(),
      errorCauses: this.causes.map((errorSummary) => ({ errorSummary })),
    };
  }
}

/** Okta's error ids are `oae` and 22 letters or digits (`oaeHfmOAx1iRLa0H10DeMz5fQ`); never `-` or `_`. */
function errorId(): string {
  let id = 'oae';
  for (let i = 0; i < 22; i++) id += BASE62[randomInt(BASE62.length)];
  return id;
}

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

/** An OAuth 2.0 error answer of the token endpoint: `{error, error_description}`, not Okta's object. */
export class OAuthSimError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthSimError';
  }
}

// The catalogue of Okta errors the simulator answers with (docs/okta-behaviour.md §0.6).
export const oktaErrors = {
  validation: (summary: string, causes: string[] = []) =>
    new OktaSimError(400, 'E0000001', `Api validation failed: ${summary}`, causes),
  invalidRequest: (detail: string) =>
    new OktaSimError(400, 'E0000002', `The request was not valid: ${detail}`),
  malformedBody: () => new OktaSimError(400, 'E0000003', 'The request body was not well-formed.'),
  forbidden: (headers: Record<string, string> = {}) =>
    new OktaSimError(
      403,
      'E0000006',
      'You do not have permission to perform the requested action',
      [],
      headers,
    ),
  notFound: (id: string, type: string) =>
    new OktaSimError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  pathNotFound: () => new OktaSimError(404, 'E0000008', 'The requested path was not found'),
  internal: () => new OktaSimError(500, 'E0000009', 'Internal Server Error'),
  invalidToken: (headers: Record<string, string> = {}) =>
    new OktaSimError(401, 'E0000011', 'Invalid token provided', [], headers),
  credentialsUpdateFailed: (causes: string[]) =>
    new OktaSimError(403, 'E0000014', 'Update of credentials failed', causes),
  alreadyActive: () =>
    new OktaSimError(403, 'E0000016', 'Activation failed because the user is already active'),
  resetPasswordFailed: () => new OktaSimError(403, 'E0000017', 'Reset password failed'),
  methodNotAllowed: () =>
    new OktaSimError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  missingParameter: (name: string) =>
    new OktaSimError(400, 'E0000028', 'The request is missing a required parameter.', [
      `${name}: The parameter is required.`,
    ]),
  invalidSearch: (cause?: string) =>
    new OktaSimError(400, 'E0000031', 'Invalid search criteria.', cause ? [cause] : []),
  forgotPasswordNotAllowed: () =>
    new OktaSimError(403, 'E0000034', 'Forgot password not allowed on specified user.'),
  statusNotAllowed: () =>
    new OktaSimError(
      403,
      'E0000038',
      "This operation is not allowed in the user's current status.",
    ),
  rateLimited: (headers: Record<string, string> = {}) =>
    new OktaSimError(
      429,
      'E0000047',
      'API call exceeded rate limit due to too many requests.',
      [],
      headers,
    ),
  deleteAppForbidden: () => new OktaSimError(403, 'E0000056', 'Delete application forbidden.'),
  serviceUnavailable: () =>
    new OktaSimError(503, 'E0000010', 'Service is temporarily unavailable. Please try again.'),
} as const;
