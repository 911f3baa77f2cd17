/**
 * Okta's filter / search expression language, once: the events floor matches live System Log
 * events with it, the simulator answers `filter` and `search` with it. It imports neither.
 */
export {
  attributeOf,
  compileFilter,
  type EvaluateOptions,
  type Predicate,
  type Resolve,
} from './evaluate.ts';
export {
  type Expression,
  excerpt,
  type FilterProblem,
  FilterSyntaxError,
  type Literal,
  OPERATORS,
  type Operator,
  type ParseOptions,
  parseFilter,
} from './syntax.ts';
