/**
 * @sizegate/sfn-engine — an AWS Step Functions interpreter in TypeScript: no HTTP, no files.
 */
export { StatesError, isStatesError } from './errors.js';
export { LambdaError, isLambdaError } from './lambda-error.js';
export { InvalidDefinition, formatDiagnostic, type Diagnostic } from './definition/definition-error.js';
export { validateDefinition } from './definition/validate.js';
export { variableReferences } from './definition/variable-references.js';
export type { StateMachineDefinition, StateDefinition, QueryLanguage } from './definition/types.js';
export { realClock, virtualClock, type Clock, type ClockOptions } from './clock.js';
export type { HistoryEvent } from './history/events.js';
export { createStateMachine, DEFAULT_HISTORY_LIMIT, DEFAULT_PAYLOAD_LIMIT, type StateMachine } from './machine.js';
export { NOT_MOCKED_ERROR } from './task/invoke-lambda.js';
export type {
  Execution,
  ExecutionFacts,
  ExecutionResult,
  ExecutionStatus,
  Invoke,
  InvokeRequest,
  ItemReader,
  ItemReaderRequest,
  MapRunCounts,
  MapRunInfo,
  ResultWriter,
  Limits,
  MockedResponse,
  StartOptions,
  StateMachineOptions,
} from './options.js';
export { redrive, type RedriveOptions } from './redrive.js';
export { testState } from './test-state/index.js';
export { TestStateError, type TestStateErrorCode } from './test-state/errors.js';
export { checkMockShape, type MockShape } from './test-state/mock-shape.js';
export type {
  InspectionData,
  InspectionLevel,
  TestStateConfiguration,
  TestStateErrorDetails,
  TestStateMock,
  TestStateOptions,
  TestStateResult,
} from './test-state/types.js';
