/** TestState's request errors, with AWS's codes and texts (recorded in the test-state corpus). */
export type TestStateErrorCode = 'ValidationException' | 'InvalidDefinition';

export class TestStateError extends Error {
  override readonly name = 'TestStateError';

  constructor(
    readonly code: TestStateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const testStateErrors = {
  mockHasBoth: () =>
    new TestStateError('ValidationException', 'A test mock should have only one of the following fields: [result, errorOutput].'),
  revealSecretsWithMock: () =>
    new TestStateError('ValidationException', 'TestState does not support RevealSecrets when a mock is specified.'),
  stateNotFound: () => new TestStateError('ValidationException', 'State not found in definition'),
  mockNotSupported: (type: string) =>
    new TestStateError('ValidationException', `State type '${type}' is not supported when a mock is specified`),
  mapOrParallelWithoutMock: () =>
    new TestStateError(
      'InvalidDefinition',
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    ),
  failureCountWithoutMock: () =>
    new TestStateError('ValidationException', 'TestState does not support MapIterationFailureCount when a mock is not specified.'),
  failureCountTooHigh: () =>
    new TestStateError('ValidationException', 'Map iteration failure count must be less than or equal to the number of Map iterations'),
  mockNotArray: () => new TestStateError('ValidationException', 'Mocked result must be an array.'),
  mockBranchCount: () =>
    new TestStateError('ValidationException', 'Mocked result must contain the same number of items as number of Parallel branches.'),
  mockNotObject: () => new TestStateError('ValidationException', 'Mocked result must be a JSON object.'),
  roleArnRequired: () => new TestStateError('ValidationException', 'RoleArn must be specified when testing a Task state'),
  contextField: (field: string) =>
    new TestStateError('ValidationException', `Invalid Context object provided: Field '${field}' is not allowed`),
  contextMap: () =>
    new TestStateError(
      'ValidationException',
      "Invalid Context object provided: 'Map' field is not supported when mocking a Context object",
    ),
  mockSchema: (message: string) => new TestStateError('ValidationException', `Mock result schema validation error: ${message}`),
};
