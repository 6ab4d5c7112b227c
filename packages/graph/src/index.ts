export { pathFromHistory } from './history.js';
export { describeChoiceRule } from './choice-rule.js';
export { toMermaid } from './mermaid.js';
export { toDot } from './dot.js';
export { toSvg } from './svg.js';
export type { ExecutionPath, ExecutionStatus, GraphOptions, HistoryEventLike } from './types.js';
