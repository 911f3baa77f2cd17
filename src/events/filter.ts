import type { LogEvent } from '../okta/index.ts';
import {
  attributeOf,
  compileFilter,
  type Expression,
  FilterSyntaxError,
  OPERATORS,
  type Operator,
  parseFilter,
} from '../okta-filter/index.ts';
import { LogFilterError } from './errors.ts';

/**
 * Okta's System Log `filter` language (docs/okta-behaviour.md §0.4), evaluated by the gateway
 * on live events, so that a subscriber gets exactly what the same filter asks Okta for when its
 * history is replayed: `attr op "value"` and `attr pr` on any LogEvent attribute (`eventType`,
 * `actor.id`, `target.id`, `outcome.result`, `client.geographicalContext.country`, …), joined
 * with `and` / `or`, negated with `not (…)`, grouped with parentheses. Operators and keywords are
 * case-insensitive, attribute names and values are not (Okta's `filter`, unlike `search`, does
 * not fold case). Precedence: comparisons, then parentheses, then `and`, then `or`.
 */

export type LogEventPredicate = (event: LogEvent) => boolean;

/**
 * What Okta's System Log reference refuses, in one place so it is easy to correct: `published`
 * cannot be filtered on (it would fight the since/until window), and `co` is refused on the two
 * URL attributes of the debug context.
 */
const NOT_FILTERABLE = new Set(['published']);
const NO_CONTAINS = new Set(['debugContext.debugData.url', 'debugContext.debugData.requestUri']);
const ALL_BUT_CONTAINS: readonly Operator[] = OPERATORS.filter((op) => op !== 'co');

/** A filter longer than this is refused: it is evaluated on every live event. */
export const MAX_FILTER_LENGTH = 4_000;
const MAX_DEPTH = 32;

const LOG_FILTER = {
  operatorsFor(attr: string): readonly Operator[] | null {
    if (NOT_FILTERABLE.has(attr)) return null;
    return NO_CONTAINS.has(attr) ? ALL_BUT_CONTAINS : OPERATORS;
  },
  allowNot: true,
  maxDepth: MAX_DEPTH,
};

/** The subscriber's error for a refused filter, in the gateway's words. */
function refusal(error: FilterSyntaxError): LogFilterError {
  const { problem } = error;
  switch (problem.kind) {
    case 'empty':
      return new LogFilterError('the filter is empty');
    case 'incomplete':
      return new LogFilterError(`expected ${problem.expected} at the end of the filter`);
    case 'too-deep':
      return new LogFilterError(`the filter nests deeper than ${problem.maxDepth} levels`);
    case 'unsupported-attribute':
      return new LogFilterError(`${problem.attr} cannot be filtered on; use since instead`);
    case 'unsupported-operator':
      return new LogFilterError(`the ${problem.op} operator is not supported on ${problem.attr}`);
    default:
      return new LogFilterError(error.message);
  }
}

/**
 * Compile a System Log filter once, then test many events. Throws a `LogFilterError` saying
 * what is wrong for anything Okta would refuse.
 */
export function compileLogFilter(text: string): LogEventPredicate {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new LogFilterError(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  let expression: Expression;
  try {
    expression = parseFilter(text, LOG_FILTER);
  } catch (error) {
    throw error instanceof FilterSyntaxError ? refusal(error) : error;
  }
  const predicate = compileFilter(expression, { foldCase: false });
  return (event) => predicate((attr) => attributeOf(event, attr));
}
