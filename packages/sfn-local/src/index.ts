/**
 * @sizegate/sfn-local — a local Step Functions service for tests and laptops: STANDARD state
 * machines (one given at start, more through CreateStateMachine) run in process on
 * @sizegate/sfn-engine, their Task states calling your Lambda handlers, served over the Step
 * Functions wire protocol (AWS JSON 1.0) with AWS's shapes, history events and error codes.
 * Everything can persist in a directory; faults, a time scale and a virtual clock test
 * Retry/Catch and long waits quickly.
 *
 * `startSfnLocal()` serves it alone on a port; `createStepFunctionsService()` and
 * `createStepFunctionsEndpoint()` give the parts to mount beside other services on one server.
 */
export { startSfnLocal } from './start.js';
export type { StartSfnLocalOptions, SfnLocal } from './start.js';
export { createStepFunctionsService } from './service.js';
export type { StepFunctionsService, StepFunctionsServiceOptions } from './service.js';
export { INTERRUPTED_ERROR } from './restore.js';
export * from './endpoint/index.js';
export { createLambdaContext } from './lambda/context.js';
export type { LambdaContext, LambdaContextOptions } from './lambda/context.js';
export { invokeLocalFunction } from './lambda/invoke.js';
export type { InvocationOutcome, LambdaErrorDocument, LocalFunctionHandler, LocalInvocation } from './lambda/invoke.js';
export { createFunctionRegistry, DEFAULT_FUNCTION_CONFIG } from './functions/registry.js';
export type {
  FunctionConfig,
  FunctionRegistry,
  FunctionRegistryOptions,
  LambdaFunctionSource,
  LocalLambdaFunction,
  ResolvedFunction,
} from './functions/registry.js';
