import { Kind, valueFromASTUntyped } from 'graphql';
import { builder } from './builder.ts';
import { BadUserInputError } from './graphql-errors.ts';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BadUserInputError(
      'DateTime must be an ISO-8601 date-time such as 2024-05-01T12:00:00.000Z',
    );
  }
  return new Date(value).toISOString();
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC, as Okta writes them (2024-05-01T12:00:00.000Z).',
  serialize: (value) => String(value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value (custom profile attributes, Okta detail maps).',
  serialize: (value) => value,
  parseValue: (value) => value,
  // Written inline (as in GraphiQL), any literal is its JSON value: objects, lists, strings,
  // numbers, booleans, null, an enum-like name as its string, and variables inside literals.
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
