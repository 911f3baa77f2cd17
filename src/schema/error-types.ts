import { builder } from './builder.ts';
import {
  ConflictError,
  ForbiddenError,
  type GatewayError,
  GatewayOwnedHookError,
  GatewayPrincipalError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UpstreamOktaError,
  ValidationError,
} from './errors.ts';

/** `interface Error { code message }`: every typed error of a mutation payload implements it. */
export const ErrorInterface = builder.interfaceRef<GatewayError>('Error').implement({
  description:
    'A typed, expected failure of a mutation. `code` is stable; `message` is for people.',
  fields: (t) => ({
    code: t.string({ resolve: (e) => e.code }),
    message: t.exposeString('message'),
  }),
});

const FieldProblem = builder
  .objectRef<{ field: string; message: string }>('FieldProblem')
  .implement({
    fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
  });

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ resource: t.exposeString('resource'), id: t.exposeString('id') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldProblem], resolve: (e) => e.fields }) }),
});

builder.objectType(InvalidTransitionError, {
  name: 'InvalidTransitionError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    action: t.exposeString('action'),
    currentStatus: t.exposeString('currentStatus'),
    allowedFrom: t.stringList({ resolve: (e) => [...e.allowedFrom] }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldProblem], resolve: (e) => e.fields }) }),
});

builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface] });

builder.objectType(GatewayOwnedHookError, {
  name: 'GatewayOwnedHookError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ eventHookId: t.exposeID('eventHookId') }),
});

builder.objectType(GatewayPrincipalError, {
  name: 'GatewayPrincipalError',
  description:
    'The write names the Okta admin the gateway acts as: refused, so that no caller can cut the gateway off its org.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ userId: t.exposeID('userId') }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAt: t.field({ type: 'DateTime', resolve: (e) => e.retryAt }) }),
});

builder.objectType(UpstreamOktaError, {
  name: 'OktaError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    errorCode: t.string({ nullable: true, resolve: (e) => e.errorCode }),
    causes: t.stringList({ resolve: (e) => e.causes }),
    outcomeUnknown: t.exposeBoolean('outcomeUnknown'),
  }),
});

/** The errors every mutation can answer with. */
export const MUTATION_ERRORS = [
  NotFoundError,
  ValidationError,
  InvalidTransitionError,
  ConflictError,
  ForbiddenError,
  GatewayPrincipalError,
  RateLimitedError,
  UpstreamOktaError,
] as const;

/**
 * The `errors` option of a mutation field: its result is the union `<Name>Result` of its payload
 * type `<Name>Payload` and the typed errors.
 */
export const mutationErrors = (
  name: string,
  /** Errors of this mutation's own besides the common ones. */
  own: readonly (typeof GatewayOwnedHookError)[] = [],
) => ({
  types: [...MUTATION_ERRORS, ...own],
  directResult: true as const,
  union: { name: `${name}Result` },
});
