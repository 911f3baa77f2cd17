/**
 * The client's errors: what the gateway answered when it refused an operation or reported errors
 * beside its data.
 */

/** One error of a gateway answer, as the GraphQL response carries it. */
export interface GatewayGraphQLError {
  message: string;
  path?: readonly (string | number)[];
  /** `code` is the gateway's stable code: UNAUTHENTICATED, FORBIDDEN, LIMIT_EXCEEDED, … */
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The gateway refused the operation (`status` 4xx/5xx: unauthenticated, over a limit, invalid),
 * or ran it and reported errors beside what resolved (`status` 200, `data` partial).
 */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError';

  constructor(
    readonly status: number,
    readonly errors: readonly GatewayGraphQLError[],
    readonly data: unknown,
  ) {
    super(
      errors.length > 0
        ? errors
            .map((e) => (e.extensions?.code ? `${e.extensions.code}: ` : '') + e.message)
            .join('; ')
        : `The gateway answered HTTP ${status} without a GraphQL result.`,
    );
  }

  /** The distinct `extensions.code`s of the errors, in order of appearance. */
  get codes(): string[] {
    return [
      ...new Set(this.errors.flatMap((e) => (e.extensions?.code ? [e.extensions.code] : []))),
    ];
  }
}

/** @deprecated The earlier name of `GatewayRequestError`, kept for existing callers. */
export const GatewayError = GatewayRequestError;
/** @deprecated The earlier name of `GatewayRequestError`, kept for existing callers. */
export type GatewayError = GatewayRequestError;
