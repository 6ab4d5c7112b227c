/**
 * `@sizegate/sfn-local/endpoint`: what a server needs of Step Functions before the service
 * exists — the HTTP endpoint (which requests are Step Functions calls, the wire protocol around
 * the service), the checks of the service's options and the state machine's ARN. Importing it
 * loads no engine, so a server that creates the service on first use (as `@sizegate/local` does)
 * starts without it. Everything here is also exported from `@sizegate/sfn-local`.
 */
export { createStepFunctionsEndpoint } from './http.js';
export type { StepFunctionsEndpoint, StepFunctionsEndpointOptions } from './http.js';
export { parseAccessKey } from '@sizegate/types/sigv4';
export type { AccessKey } from '@sizegate/types/sigv4';
export { MAX_REQUEST_BODY_BYTES } from '../protocol.js';
export type { StepFunctionsHandler, StepFunctionsResponse } from '../protocol.js';
export { checkClockMode, checkFaults, checkTimeScale, CLOCK_MODES, faultText } from '../faults.js';
export type { ClockMode, TaskFault } from '../faults.js';
export { stateMachineArnOf } from '../arns.js';
export type { ArnScope } from '../arns.js';
