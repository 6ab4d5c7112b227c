/**
 * Step Functions API errors as AWS sends them over AWS JSON 1.0: HTTP 400, a JSON body
 * `{"__type": "<namespace>#<Code>", "message": "..."}` and an `x-amzn-errortype` header. The SDK
 * v3 client takes the part after '#' as the exception's `name`. The message texts follow the
 * recordings in the conformance references (e.g. `Execution Does Not Exist: '<arn>'`).
 */

/** Every error code this API answers with. */
export type StepFunctionsErrorCode =
  | 'ExecutionDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'StateMachineDeleting'
  | 'StateMachineAlreadyExists'
  | 'StateMachineTypeNotSupported'
  | 'InvalidDefinition'
  | 'ValidationException'
  | 'UnknownOperationException'
  | 'SerializationException';

/** Modeled Step Functions errors live in the service's namespace; protocol-level ones in Coral's. */
const NAMESPACES: Partial<Record<StepFunctionsErrorCode, string>> = {
  UnknownOperationException: 'com.amazon.coral.service',
  SerializationException: 'com.amazon.coral.service',
  ValidationException: 'com.amazon.coral.validate',
};
const SERVICE_NAMESPACE = 'com.amazonaws.swf.service.v2.model';

export class StepFunctionsApiError extends Error {
  override readonly name = 'StepFunctionsApiError';
  readonly code: StepFunctionsErrorCode;
  readonly statusCode: number;

  constructor(code: StepFunctionsErrorCode, message: string, statusCode = 400) {
    super(message);
    this.code = code;
    this.statusCode = statusCode;
  }

  /** The `__type` member of the error body. */
  get type(): string {
    return `${NAMESPACES[this.code] ?? SERVICE_NAMESPACE}#${this.code}`;
  }
}

export const executionDoesNotExist = (executionArn: string) =>
  new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);

export const executionAlreadyExists = (executionArn: string) =>
  new StepFunctionsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);

export const stateMachineDoesNotExist = (stateMachineArn: string) =>
  new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);

export const stateMachineAlreadyExists = (stateMachineArn: string) =>
  new StepFunctionsApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${stateMachineArn}'`);

/** DeleteStateMachine was called and the state machine's executions are still closing (or the local runtime is shutting down). */
export const stateMachineDeleting = (stateMachineArn: string) =>
  new StepFunctionsApiError('StateMachineDeleting', `State Machine Is Being Deleted: '${stateMachineArn}'`);

/** `reason` as AWS words it, e.g. `Invalid ARN prefix: <value>`. */
export const invalidArn = (reason: string) => new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${reason}'`);

export const invalidExecutionInput = (detail: string) =>
  new StepFunctionsApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`);

export const invalidName = (name: string) => new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);

export const invalidToken = (detail: string) => new StepFunctionsApiError('InvalidToken', `Invalid Token: '${detail}'`);

/** A request member breaks a model constraint, worded as AWS's request validation does. */
export function validationError(member: string, value: unknown, constraint: string): StepFunctionsApiError {
  const shown = value === null || value === undefined ? 'null' : `'${String(value)}'`;
  return new StepFunctionsApiError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export const unknownOperation = (target: string | undefined) =>
  new StepFunctionsApiError(
    'UnknownOperationException',
    target ? `Unknown operation: ${target}` : 'Missing X-Amz-Target header: no operation to call',
  );

export const serializationError = (detail: string) => new StepFunctionsApiError('SerializationException', detail);
