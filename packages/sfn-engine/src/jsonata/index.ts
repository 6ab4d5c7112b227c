/**
 * JSONata for `QueryLanguage: JSONata` states, with the `jsonata` package pinned to 2.0.6 (the
 * version AWS documents): evaluation with `$states`, variables and AWS's functions, and the
 * expression analysis the definition validator and DescribeStateMachine need.
 */
export {
  DEFAULT_JSONATA_LIMITS,
  evaluateJsonataExpression,
  evaluateJsonataField,
  isJsonataExpression,
  jsonataExpressionText,
  jsonTypeOf,
  type JsonataBindings,
  type JsonataEvaluationOptions,
  type JsonataLimits,
  type JsonTypeName,
} from './evaluate.js';
export {
  checkJsonataExpression,
  jsonataStatesReferences,
  jsonataVariableReferences,
  parseJsonata,
  type JsonataDiagnostic,
} from './analysis.js';
export { stateVariableReferences } from './variable-references.js';
