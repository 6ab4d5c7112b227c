export { CORPUS_DIRECTORY, loadCases, loadCategory, UnknownCategoryError } from './corpus/load.js';
export { CATEGORIES, testFunctionOf } from './corpus/types.js';
export type { Category, CorpusCase, NormaliseRule, RecordedLink, Step } from './corpus/types.js';
export { firstDifference, type Difference } from './compare/compare.js';
export { normaliseObserved, type NormaliseOptions } from './normalise/pipeline.js';
export { runCase, judge, CASE_ACCOUNT_ID, CASE_REGION, type RunCaseOptions } from './runner/run-case.js';
export { runCases, type RunCasesOptions } from './runner/run-cases.js';
export type { CaseResult, CaseStatus, KeyDifference } from './runner/result.js';
export type {
  CallPurpose,
  CallResult,
  Driver,
  DriverError,
  DriverFactory,
  DriverResponse,
  DriverStartOptions,
  LambdaSpec,
} from './drivers/types.js';
export {
  inProcessDriver,
  type CreateLocalService,
  type LocalServiceOptions,
  type LocalStepFunctionsService,
} from './drivers/in-process.js';
export { httpDriver, type EndpointFactory, type EndpointHandle, type EndpointOptions } from './drivers/http.js';
export { spawnServe, serveArguments, ServeStartError, type ServeCommand, type SpawnServeOptions } from './drivers/serve-process.js';
export { replayDriver, type ReplayDriverOptions } from './drivers/replay.js';
export { renderConformance } from './report/markdown.js';
export { renderTable } from './report/console.js';
export { checkTargets, missedTargets, TARGETS, type Target, type TargetOutcome } from './report/targets.js';
export { summarise } from './report/summary.js';
