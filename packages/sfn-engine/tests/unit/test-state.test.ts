import { describe, expect, it } from 'vitest';
import { TestStateError, testState, type MockShape } from '../../src/index.js';

const task = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'f', 'Payload.$': '$' },
  Next: 'After',
};
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as TestStateError,
  );

describe('testState', () => {
  it('runs one state with a mocked result, names the next state, and shows no inspectionData at INFO', async () => {
    const result = await testState({
      state: { ...task, ResultSelector: { 'v.$': '$.Payload' } },
      input: '{"a":1}',
      mock: { result: '{"Payload": 7}' },
    });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"v":7}', nextState: 'After' });
  });

  it('shows the JSONPath data flow at DEBUG as AWS does (recorded IO_PASS_STATE)', async () => {
    const state = {
      Type: 'Pass',
      InputPath: '$.initialData',
      Parameters: { staticValue: 'some value', 'inputValue.$': '$.fieldFromInput' },
      ResultPath: '$.modifiedData',
      End: true,
    };
    const input =
      '{"initialData": {"fieldFromInput": "value from input", "otherField": "other"}, "unrelatedData": {"someOtherField": 1234}}';
    const result = await testState({ definition: state, input, inspectionLevel: 'DEBUG' });
    expect(result.inspectionData).toEqual({
      input,
      afterInputPath: '{"fieldFromInput":"value from input","otherField":"other"}',
      afterParameters: '{"staticValue":"some value","inputValue":"value from input"}',
      afterResultSelector: '{"staticValue":"some value","inputValue":"value from input"}',
      afterResultPath:
        '{"initialData":{"fieldFromInput":"value from input","otherField":"other"},"unrelatedData":{"someOtherField":1234},"modifiedData":{"staticValue":"some value","inputValue":"value from input"}}',
    });
  });

  it('is RETRIABLE while retrier attempts are left (with the backoff), FAILED with retryIndex after, CAUGHT_ERROR with catchIndex', async () => {
    const retry = { ...task, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 }] };
    const mock = { errorOutput: { error: 'Busy', cause: 'later' } };
    const left = await testState({
      definition: retry,
      roleArn: 'r',
      mock,
      stateConfiguration: { retrierRetryCount: 4 },
      inspectionLevel: 'DEBUG',
    });
    const spent = await testState({ definition: retry, mock, stateConfiguration: { retrierRetryCount: 5 }, inspectionLevel: 'DEBUG' });
    const caught = await testState({
      definition: {
        ...task,
        Catch: [
          { ErrorEquals: ['Other'], Next: 'X' },
          { ErrorEquals: ['Busy'], Next: 'Handler' },
        ],
      },
      mock,
      inspectionLevel: 'TRACE',
    });
    expect(left).toMatchObject({
      status: 'RETRIABLE',
      error: 'Busy',
      cause: 'later',
      inspectionData: { errorDetails: { retryIndex: 0, retryBackoffIntervalSeconds: 16 } },
    });
    expect(spent).toMatchObject({ status: 'FAILED', inspectionData: { errorDetails: { retryIndex: 0 } } });
    expect(caught).toMatchObject({
      status: 'CAUGHT_ERROR',
      nextState: 'Handler',
      output: '{"Error":"Busy","Cause":"later"}',
      inspectionData: { errorDetails: { catchIndex: 1 } },
    });
  });

  it('uses the mocked result for a Map, with its tolerated failure threshold checked against mapIterationFailureCount', async () => {
    const map = {
      Type: 'Map',
      QueryLanguage: 'JSONata',
      Items: '{% $states.input.Values %}',
      ToleratedFailureCount: 1,
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      End: true,
    };
    const below = await testState({
      definition: map,
      input: { Values: [1, 2, 3] },
      mock: { result: '[1, 1, 1]' },
      stateConfiguration: { mapIterationFailureCount: 1 },
      inspectionLevel: 'TRACE',
    });
    const above = await testState({
      definition: map,
      input: { Values: [1, 2, 3] },
      mock: { result: '[1, 1, 1]' },
      stateConfiguration: { mapIterationFailureCount: 2 },
    });
    expect(below).toEqual({
      status: 'SUCCEEDED',
      output: '[1, 1, 1]',
      inspectionData: { input: '{"Values":[1,2,3]}', maxConcurrency: 0, toleratedFailureCount: 1 },
    });
    expect(above).toEqual({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
  });

  it("builds AWS's TestState context (state named StateName, RoleArn from the request) unless one is given", async () => {
    const pass = { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.context %}', End: true };
    const result = await testState({ definition: pass, roleArn: 'arn:aws:iam::1:role/r' });
    const context = JSON.parse(result.output ?? '{}') as { Execution: Record<string, unknown>; State: Record<string, unknown> };
    expect(context.Execution).toMatchObject({ RoleArn: 'arn:aws:iam::1:role/r', Input: {} });
    expect(context.Execution.Id).toMatch(/^arn:aws:states:us-east-1:123456789012:express:/);
    expect(context.Execution).not.toHaveProperty('RedriveCount');
    expect(context.State).toEqual({ Name: 'StateName', EnteredTime: expect.any(String) });
    const given = await testState({ definition: pass, context: '{"Execution": {"Name": "n"}}' });
    expect(given.output).toBe('{"Execution":{"Name":"n"}}');
  });

  it('rejects requests as AWS does, with its codes and texts', async () => {
    const cases: [Parameters<typeof testState>[0], string, string][] = [
      [
        { definition: task, mock: { result: '{}', errorOutput: { error: 'E' } } },
        'ValidationException',
        'A test mock should have only one of the following fields: [result, errorOutput].',
      ],
      [
        { definition: { Type: 'Pass', End: true }, mock: { result: '{}' } },
        'ValidationException',
        "State type 'Pass' is not supported when a mock is specified",
      ],
      [
        { definition: { Type: 'Parallel', Branches: [], End: true } },
        'InvalidDefinition',
        'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
      ],
      [{ definition: task }, 'ValidationException', 'RoleArn must be specified when testing a Task state'],
      [
        { definition: task, mock: { result: '{}' }, context: '{"Map": {}}' },
        'ValidationException',
        "Invalid Context object provided: 'Map' field is not supported when mocking a Context object",
      ],
      [
        { definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, stateName: 'B' },
        'ValidationException',
        'State not found in definition',
      ],
    ];
    for (const [request, code, message] of cases) {
      const error = await rejection(testState(request));
      expect(error).toBeInstanceOf(TestStateError);
      expect([error?.code, error?.message]).toEqual([code, message]);
    }
  });

  it('checks a mocked Task result against the given API shape: STRICT required and types, PRESENT types only, NONE nothing', async () => {
    const shape: MockShape = {
      type: 'structure',
      members: { ExecutionArn: { type: 'string' }, StartDate: { type: 'timestamp' } },
      required: ['ExecutionArn', 'StartDate'],
    };
    const start = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution', End: true };
    const run = (result: string, fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE') =>
      rejection(
        testState({
          definition: start,
          mock: { result, ...(fieldValidationMode === undefined ? {} : { fieldValidationMode }) },
          mockResultShape: (resource) => (resource.endsWith(':startExecution') ? shape : undefined),
        }),
      );
    expect((await run('{}'))?.message).toBe("Mock result schema validation error: Required field 'ExecutionArn' is missing");
    expect((await run('{"ExecutionArn": 1}', 'PRESENT'))?.message).toBe(
      "Mock result schema validation error: Field 'ExecutionArn' must be a string",
    );
    expect(await run('{}', 'PRESENT')).toBeUndefined();
    expect(await run('{"StartDate": true}', 'NONE')).toBeUndefined();
  });

  it('picks a state nested in a Map of a definition and sees the given variables', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } },
          End: true,
        },
      },
    };
    const result = await testState({ definition, stateName: 'Inner', variables: '{"x": "from-variables"}', inspectionLevel: 'TRACE' });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"x":"from-variables"}',
      inspectionData: { variables: '{"x": "from-variables"}' },
    });
    expect(result.nextState).toBeUndefined();
  });
});
