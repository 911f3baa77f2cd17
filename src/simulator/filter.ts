import {
  attributeOf,
  compileFilter,
  type Expression,
  excerpt,
  FilterSyntaxError,
  type Operator,
  type Predicate,
  parseFilter,
} from '../okta-filter/index.ts';
import { type OktaSimError, oktaErrors } from './errors.ts';

/**
 * Okta's `filter` / `search` expression language (docs/okta-behaviour.md §0.4) as each
 * endpoint speaks it: the language itself (parser and evaluation) is src/okta-filter/; each
 * endpoint's dialect here says which attributes and operators it accepts, whether string values
 * compare case-insensitively, and how Okta words its refusal.
 */

export type { Expression, Literal, Operator, Predicate, Resolve } from '../okta-filter/index.ts';
export { attributeOf };

export interface Dialect {
  /** The operators this endpoint accepts on an attribute; null when it cannot query it at all. */
  operatorsFor(attr: string): readonly Operator[] | null;
  /** `search` on users and groups folds case on string values; `filter` does not. */
  valuesCaseInsensitive: boolean;
  /** Only the System Log filter accepts `not (…)`. */
  allowNot: boolean;
  error(detail: string): OktaSimError;
}

/**
 * How Okta answers an expression it cannot run [obs]: 400 E0000031 "Invalid search criteria."
 * for `search` (okta-powershell-cli#48: groups, cause "Invalid search syntax."; okta-sdk-dotnet#323:
 * users) AND for `filter` (okta-sdk-java#587: apps `filter=user.id eq <unquoted>`;
 * okta-sdk-dotnet#484: unsupported filter on app users; airbytehq/airbyte#7054: groups
 * `filter=lastUpdated gt <unquoted date>` also came back as E0000031). docs/okta-behaviour.md §0.4 guessed
 * E0000001 for `filter`; these reports of real answers say otherwise. Change it here if a real org
 * disagrees.
 */
const EXPRESSION_ERROR = {
  search: (detail: string) => oktaErrors.invalidSearch(detail),
  filter: (detail: string) => oktaErrors.invalidSearch(detail),
} as const;

// Nesting deeper than this is refused rather than risking the parser's stack.
const MAX_DEPTH = 64;

const EQ: readonly Operator[] = ['eq'];
const EQ_AND_ORDER: readonly Operator[] = ['eq', 'gt', 'ge', 'lt', 'le'];
const SEARCH_OPS: readonly Operator[] = ['eq', 'sw', 'gt', 'ge', 'lt', 'le', 'pr'];
const SEARCH_OPS_WITH_CO: readonly Operator[] = [...SEARCH_OPS, 'co'];
const ALL_OPS: readonly Operator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'pr'];

function fromTable(table: Record<string, readonly Operator[]>) {
  const fields = new Map(Object.entries(table));
  return (attr: string) => fields.get(attr) ?? null;
}

/** `GET /api/v1/users?filter=`: a fixed list of properties, `eq` (and ordering on lastUpdated). */
export const USER_FILTER: Dialect = {
  operatorsFor: fromTable({
    status: EQ,
    lastUpdated: EQ_AND_ORDER,
    id: EQ,
    'profile.login': EQ,
    'profile.email': EQ,
    'profile.firstName': EQ,
    'profile.lastName': EQ,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

const USER_SEARCH_TOP = new Set([
  'id',
  'status',
  'created',
  'activated',
  'statusChanged',
  'lastUpdated',
  'type.id',
]);
const USER_SEARCH_CO = new Set([
  'profile.firstName',
  'profile.lastName',
  'profile.email',
  'profile.login',
]);

/**
 * `GET /api/v1/users?search=`: any profile attribute and the top-level dates, status, id and
 * type.id; no `ne` (Okta suggests `lt … or … gt`); `co` only on four profile attributes.
 */
export const USER_SEARCH: Dialect = {
  operatorsFor(attr) {
    if (USER_SEARCH_CO.has(attr)) return SEARCH_OPS_WITH_CO;
    if (USER_SEARCH_TOP.has(attr) || isProfileAttribute(attr)) return SEARCH_OPS;
    return null;
  },
  valuesCaseInsensitive: true,
  allowNot: false,
  error: EXPRESSION_ERROR.search,
};

/** `GET /api/v1/groups?filter=`: id and type by `eq`, the two dates by `eq` or ordering. */
export const GROUP_FILTER: Dialect = {
  operatorsFor: fromTable({
    id: EQ,
    type: EQ,
    lastUpdated: EQ_AND_ORDER,
    lastMembershipUpdated: EQ_AND_ORDER,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

const GROUP_SEARCH_TOP = new Set([
  'id',
  'created',
  'lastMembershipUpdated',
  'lastUpdated',
  'type',
  'source.id',
]);
const GROUP_SEARCH_CO = new Set(['profile.name', 'profile.description']);

/** `GET /api/v1/groups?search=`: any profile attribute and the top-level properties; `co` only on name and description. */
export const GROUP_SEARCH: Dialect = {
  operatorsFor(attr) {
    if (GROUP_SEARCH_CO.has(attr)) return SEARCH_OPS_WITH_CO;
    if (GROUP_SEARCH_TOP.has(attr) || isProfileAttribute(attr)) return SEARCH_OPS;
    return null;
  },
  // The spec states case-insensitive values for user search only; group search answers the same
  // way in practice [obs], since both run on the same search index.
  valuesCaseInsensitive: true,
  allowNot: false,
  error: EXPRESSION_ERROR.search,
};

/**
 * `GET /api/v1/apps?filter=`: the spec's five properties plus `user.id` and `group.id`, which
 * Okta has long accepted (the spec's `expand=user/{userId}` needs them). `eq` only.
 */
export const APP_FILTER: Dialect = {
  operatorsFor: fromTable({
    id: EQ,
    status: EQ,
    name: EQ,
    'user.id': EQ,
    'group.id': EQ,
    'credentials.signing.kid': EQ,
    'settings.slo.enabled': EQ,
  }),
  valuesCaseInsensitive: false,
  allowNot: false,
  error: EXPRESSION_ERROR.filter,
};

// Okta's System Log reference: `co` on these two answers 400, and `published` cannot be filtered
// on because it would fight the since/until/after window.
const LOG_NO_CO = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);
const LOG_NOT_FILTERABLE = new Set(['published']);
const ALL_OPS_BUT_CO = ALL_OPS.filter((op) => op !== 'co');

/** `GET /api/v1/logs?filter=`: any LogEvent attribute, every operator, and `not`. */
export const LOG_FILTER: Dialect = {
  operatorsFor(attr) {
    if (LOG_NOT_FILTERABLE.has(attr)) return null;
    return LOG_NO_CO.has(attr) ? ALL_OPS_BUT_CO : ALL_OPS;
  },
  valuesCaseInsensitive: false,
  allowNot: true,
  error: EXPRESSION_ERROR.filter,
};

function isProfileAttribute(attr: string): boolean {
  return attr.startsWith('profile.') && attr.length > 'profile.'.length;
}

/** Okta's answer to a refused expression: the cause worded as the simulator words it. */
function refusal(error: FilterSyntaxError, dialect: Dialect): OktaSimError {
  const { problem } = error;
  switch (problem.kind) {
    case 'unsupported-attribute':
      return dialect.error(`Unsupported attribute: ${excerpt(problem.attr)}`);
    case 'unsupported-operator':
      return dialect.error(
        `Unsupported operator ${problem.op} on attribute ${excerpt(problem.attr)}`,
      );
    default:
      return dialect.error(`Invalid search syntax: ${error.message}`);
  }
}

/** Parse an expression into its tree; throws `dialect.error(…)` for anything Okta would refuse. */
export function parseExpression(text: string, dialect: Dialect): Expression {
  try {
    return parseFilter(text, {
      operatorsFor: (attr) => dialect.operatorsFor(attr),
      allowNot: dialect.allowNot,
      maxDepth: MAX_DEPTH,
    });
  } catch (error) {
    throw error instanceof FilterSyntaxError ? refusal(error, dialect) : error;
  }
}

/**
 * The ids of an expression made only of `id eq "…"` terms joined by `or` (in any grouping): the
 * idiom every batching client uses to read many users or groups in one search. Null for any other
 * expression. The ids come back as written, repeats included; throws `dialect.error(…)` when the
 * text is invalid, as compileExpression does.
 */
export function idsOfIdDisjunction(
  text: string,
  dialect: Dialect,
  attributes: readonly string[] = ['id'],
): string[] | null {
  const ids: string[] = [];
  const collect = (expression: Expression): boolean => {
    if (expression.kind === 'or') return expression.operands.every(collect);
    if (
      expression.kind !== 'compare' ||
      !attributes.includes(expression.attr) ||
      expression.op !== 'eq'
    ) {
      return false;
    }
    if (typeof expression.value !== 'string') return false;
    ids.push(expression.value);
    return true;
  };
  return collect(parseExpression(text, dialect)) ? ids : null;
}

/** Compile an expression once, then test many records; throws `dialect.error(…)` when invalid. */
export function compileExpression(text: string, dialect: Dialect): Predicate {
  return compileFilter(parseExpression(text, dialect), {
    foldCase: dialect.valuesCaseInsensitive,
  });
}
