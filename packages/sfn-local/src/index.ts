/**
 * @sizegate/sfn-local — a local Step Functions service for tests and laptops: one STANDARD state
 * machine whose Task states run your Lambda handlers in process, served over the Step Functions
 * wire protocol (AWS JSON 1.0) with AWS's shapes, history events and error codes. Executions can
 * persist in a directory; faults and a time scale test Retry/Catch quickly.
 *
 * `startSfnLocal()` serves it alone on a port; `createStepFunctionsService()` and
 * `createStepFunctionsEndpoint()` give the parts to mount beside other services on one server.
 */
export { startSfnLocal } from './start.js';
export type { StartSfnLocalOptions, SfnLocal } from './start.js';
export { createStepFunctionsService, INTERRUPTED_ERROR } from './service.js';
export type { StepFunctionsService, StepFunctionsServiceOptions } from './service.js';
export * from './endpoint/index.js';
export { createLambdaContext } from './lambda/context.js';
export type { LambdaContext, LambdaContextOptions } from './lambda/context.js';
export type { LocalFunctionHandler } from './lambda/invoke.js';
