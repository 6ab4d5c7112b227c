import { describe, expect, it } from 'vitest';
import { boto3ErrorResponse, boto3ErrorText, boto3WrappedError } from '../../../src/normalise/boto3.js';
import { caseById, recordedValue } from '../../helpers/corpus.js';
import { inputsOf, normalise } from '../../helpers/normalise.js';

const EXEC_ARN =
  'arn:aws:states:us-east-1:111111111111:execution:statemachine_create_and_record_execution_a0000003:9c4c7c2e-0d6b-4f39-9a55-0b8f6a1e2d3c';

/** A lambda:invoke result as AWS sends it (a JSON string), with live header values. */
function invokeOutput(requestId: string, payload: unknown, contentLength: string): string {
  return JSON.stringify({
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Length': [contentLength],
        Date: ['Wed, 06 Nov 2025 12:31:50 GMT'],
        'X-Amzn-Trace-Id': ['Root=1-672b5e36-1a2b3c4d5e6f;Parent=abc;Sampled=0'],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': contentLength,
        'Content-Type': 'application/json',
        Date: 'Wed, 06 Nov 2025 12:31:50 GMT',
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
        'X-Amzn-Trace-Id': 'Root=1-672b5e36-1a2b3c4d5e6f;Parent=abc;Sampled=0',
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  });
}

function taskSucceeded(output: string): Record<string, unknown> {
  return {
    events: [
      {
        id: 5,
        previousEventId: 4,
        type: 'TaskSucceeded',
        timestamp: new Date(),
        taskSucceededEventDetails: { resourceType: 'lambda', resource: 'invoke', output, outputDetails: { truncated: false } },
      },
    ],
    ResponseMetadata: {
      HTTPHeaders: { 'content-type': 'application/x-amz-json-1.0' },
      HTTPStatusCode: 200,
      RequestId: 'c6f2',
      RetryAttempts: 0,
    },
  };
}

describe('step 1: errors shaped as boto3 shows them', () => {
  it('gives the ClientError response the recordings hold (test_create_delete_invalid_sm)', async () => {
    // Prepare
    const recorded = await recordedValue('api', 'test_sfn_api.py::TestSnfApi::test_create_delete_invalid_sm', 'invalid_definition_1');
    const message = "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'";

    // Act
    const shaped = boto3ErrorResponse({ code: 'InvalidDefinition', message, httpStatus: 400 });

    // Assess
    expect(normalise({ invalid_definition_1: shaped }).invalid_definition_1).toEqual(recorded);
  });

  it("gives str(ClientError) and a test's {exception_typename, exception_value}", async () => {
    // Prepare
    const asText = await recordedValue('api', 'test_sfn_api.py::TestSnfApi::test_describe_nonexistent_sm', 'describe_nonexistent_sm');
    const wrapped = await recordedValue('api', 'test_sfn_api.py::TestSnfApi::test_describe_invalid_arn_sm', 'exception');
    const notFound = {
      code: 'StateMachineDoesNotExist',
      message: "State Machine Does Not Exist: 'arn:aws:states:us-east-1:111111111111:stateMachine:statemachine_a0000003'",
      httpStatus: 400,
    };
    const invalid = { code: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", httpStatus: 400 };
    const testCase = await caseById('api', 'test_sfn_api.py::TestSnfApi::test_describe_nonexistent_sm');

    // Act
    const text = normalise(
      { describe_nonexistent_sm: boto3ErrorText('DescribeStateMachine', notFound) },
      inputsOf(testCase),
    ).describe_nonexistent_sm;
    const object = boto3WrappedError('DescribeStateMachine', invalid);

    // Assess
    expect(text).toEqual(asText);
    expect(object).toEqual(wrapped);
  });
});

describe('step 2: JSON strings that are object values are decoded', () => {
  it('decodes `{`-strings at keys, not strings in arrays, not strings inside a decoded value, not invalid JSON', () => {
    // Prepare: a Catch output keeps its Cause as a string (history-lambda-arn-failure)
    const observed = {
      r: {
        output: '{"Error":"Exception","Cause":"{\\"errorMessage\\": \\"Some exception was raised.\\"}"}',
        input: '"HelloWorld"',
        list: ['{"a":1}'],
        broken: '{not json',
      },
    };

    // Act
    const result = normalise(observed).r;

    // Assess
    expect(result).toEqual({
      broken: '{not json',
      input: '"HelloWorld"',
      list: ['{"a":1}'],
      output: { Error: 'Exception', Cause: '{"errorMessage": "Some exception was raised."}' },
    });
  });
});

describe('step 3: path replacements, in the version the recording was made with', () => {
  it('2025 recordings: RequestId and x-amzn-RequestId become their names (test_lambda_task_service test_invoke)', async () => {
    // Prepare
    const testCase = await caseById('engine-jsonpath', 'services/test_lambda_task_service.py::TestTaskServiceLambda::test_invoke');
    const recorded = (testCase.recorded.get_execution_history as { events: Record<string, unknown>[] }).events.find(
      (event) => event.type === 'TaskSucceeded',
    );
    const observed = taskSucceeded(invokeOutput('5e1f0c3a-2b4d-4c6e-8f9a-0123456789ab', {}, '2'));

    // Act
    const result = normalise({ get_execution_history: observed }, { ...inputsOf(testCase), variables: { exec0: EXEC_ARN } })
      .get_execution_history as { events: unknown[] };

    // Assess
    expect(result.events[0]).toEqual({ ...recorded, id: 5, previousEventId: 4 });
  });

  it('2024 recordings: the request id stays a <uuid:N> (test_context_object test_result_selector)', async () => {
    // Prepare
    const testCase = await caseById('engine-jsonpath', 'context_object/test_context_object.py::TestSnfBase::test_result_selector');
    const recorded = (Object.values(testCase.recorded)[0] as { events: Record<string, unknown>[] }).events.find(
      (event) => event.type === 'TaskSucceeded',
    );
    const payload = { Input: { FunctionName: 'lambda_func_a0000001', Payload: { 'input-value': 0 } } };
    const observed = taskSucceeded(invokeOutput('0d0e2c6a-7f4b-4a55-9c1e-3b2a1f0e9d8c', payload, '82'));

    // Act
    const result = normalise({ key: observed }, { ...inputsOf(testCase), variables: { exec0: EXEC_ARN } }).key as { events: unknown[] };

    // Assess
    expect(result.events[0]).toEqual(recorded);
  });

  it('a cause quoting the input gets <json-input:N> (test_invalid_jsonpath[INVALID_JSONPATH_IN_ERRORPATH])', async () => {
    // Prepare
    const id = 'scenarios/test_base_scenarios.py::TestBaseScenarios::test_invalid_jsonpath[INVALID_JSONPATH_IN_ERRORPATH]';
    const testCase = await caseById('engine-jsonpath', id);
    const cause =
      "An error occurred while executing the state 'fail' (entered at the event id #4). The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"Error\":\"Error\"}'";

    // Act
    const result = normalise({ k: { executionFailedEventDetails: { cause, error: 'States.Runtime' } } }, inputsOf(testCase)).k;

    // Assess
    expect(result).toEqual({
      executionFailedEventDetails: { cause: cause.replace('{"Error":"Error"}', '<json-input:1>'), error: 'States.Runtime' },
    });
  });

  it('custom: sorts the variableReferences name lists (test_sfn_api_variable_references)', async () => {
    // Prepare
    const testCase = await caseById(
      'variables',
      'test_sfn_api_variable_references.py::TestSfnApiVariableReferences::test_base_variable_references_in_assign_templates[BASE_REFERENCE_IN_PARAMETERS]',
    );
    const rules = (testCase.normalise ?? []).filter((rule) => rule.kind === 'custom');

    // Act
    const result = normalise({ d: { variableReferences: { State0: ['zeta', 'alpha', 'mu'], State1: ['b', 'a'] } } }, { rules }).d;

    // Assess
    expect(result).toEqual({ variableReferences: { State0: ['alpha', 'mu', 'zeta'], State1: ['a', 'b'] } });
  });

  it("custom: decodes each event's output, any JSON, and stops at the first in an object, as the test's helper did", async () => {
    // Prepare
    const testCase = await caseById(
      'variables',
      'assign/test_assign_reference_variables.py::TestAssignReferenceVariables::test_reference_in_map_state[MAP_STATE_REFERENCE_IN_ITEMS_PATH]',
    );
    const rules = (testCase.normalise ?? []).filter((rule) => rule.kind === 'custom');
    const events = [
      { stateExitedEventDetails: { name: 'A', output: '[1,2]' }, type: 'PassStateExited' },
      { executionSucceededEventDetails: { output: '"done"' }, type: 'ExecutionSucceeded' },
    ];

    // Act
    const result = normalise({ h: { events } }, { rules }).h as { events: Record<string, Record<string, unknown>>[] };

    // Assess
    expect(result.events[0]?.stateExitedEventDetails?.output).toEqual([1, 2]);
    expect(result.events[1]?.executionSucceededEventDetails?.output).toBe('done');
  });
});

describe('step 4: ResponseMetadata, datetimes and timestamps', () => {
  it('empties HTTPHeaders, keeps the status, and writes datetime / timestamp', () => {
    // Prepare: a DescribeStateMachine-like response as the SDK gives it
    const observed = {
      d: {
        creationDate: new Date(),
        redriveDate: new Date(),
        events: [{ timestamp: new Date(), id: 1 }],
        output: '{"event_timestamp": 1717171717, "creationTime": "x", "Timestamp": "2024-05-01T12:00:00Z and more"}',
        ResponseMetadata: { HTTPHeaders: { 'content-type': 'application/x-amz-json-1.0' }, HTTPStatusCode: 200, RequestId: 'abc' },
      },
    };

    // Act
    const result = normalise(observed).d;

    // Assess
    expect(result).toEqual({
      creationDate: 'datetime',
      events: [{ id: 1, timestamp: 'timestamp' }],
      output: { event_timestamp: 'timestamp', creationTime: 'timestamp', Timestamp: 'date and more' },
      redriveDate: 'datetime',
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 },
    });
  });
});

describe('step 5: text replacements in order, then region, partition, UUIDs and dates', () => {
  it('numbers reference placeholders across the whole case in key order (nextToken, test_list_executions_pagination)', async () => {
    // Prepare
    const testCase = await caseById('api', 'test_sfn_api.py::TestSnfApi::test_list_executions_pagination');
    const rules = (testCase.normalise ?? []).filter((rule) => rule.kind === 'key_value');

    // Act
    const result = normalise({ page1: { nextToken: 'AAAA' }, page2: { nextToken: 'BBBB', again: 'AAAA' } }, { rules });

    // Assess
    expect(result).toEqual({ page1: { nextToken: '<next-token:1>' }, page2: { nextToken: '<next-token:2>', again: '<next-token:1>' } });
  });

  it('gives resource names of ARNs <resource:N> (resource_name rule, test-state)', async () => {
    // Prepare
    const testCase = await caseById(
      'test-state',
      'test_state/test_state_configuration.py::TestStateConfiguration::test_map_state_failure_count[DEBUG-BASE_MAP_STATE]',
    );
    const rules = (testCase.normalise ?? []).filter((rule) => rule.kind === 'resource_name');

    // Act
    const result = normalise(
      {
        r: {
          fn: 'arn:aws:lambda:us-east-1:111111111111:function:my-fn:$LATEST',
          sm: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm-1',
          text: 'calls my-fn',
        },
      },
      { rules },
    );

    // Assess
    expect(result.r).toEqual({
      fn: 'arn:<partition>:lambda:<region>:111111111111:function:<resource:1>:$LATEST',
      sm: 'arn:<partition>:states:<region>:111111111111:stateMachine:<resource:2>',
      text: 'calls <resource:1>',
    });
  });

  it('replaces a bound name, the region, the partition, UUIDs under *id keys everywhere, and ISO date-times', async () => {
    // Prepare
    const testCase = await caseById('engine-jsonpath', 'services/test_lambda_task_service.py::TestTaskServiceLambda::test_invoke');
    const uuid = '0d0e2c6a-7f4b-4a55-9c1e-3b2a1f0e9d8c';
    const observed = {
      d: {
        executionArn: EXEC_ARN,
        output: `{"requestId": "${uuid}", "echo": "${uuid}", "at": "2025-11-06T12:31:47.123Z", "arn": "arn:aws:lambda:us-east-1:111111111111:function:lambda_func_a0000001"}`,
      },
    };

    // Act
    const result = normalise(observed, { ...inputsOf(testCase), variables: { exec0: EXEC_ARN } }).d;

    // Assess
    expect(result).toEqual({
      executionArn: 'arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>',
      output: {
        requestId: '<uuid:1>',
        echo: '<uuid:1>',
        at: 'date',
        arn: 'arn:<partition>:lambda:<region>:111111111111:function:<lambda_function_name>',
      },
    });
  });

  it('gives LogResult a reference placeholder (jsonpath rule with replace_references)', async () => {
    // Prepare
    const testCase = await caseById(
      'engine-jsonpath',
      'services/test_lambda_task_service.py::TestTaskServiceLambda::test_invoke_unsupported_param',
    );
    const rules = (testCase.normalise ?? []).filter((rule) => rule.kind === 'jsonpath');

    // Act
    const result = normalise({ o: { output: '{"LogResult": "U1RBUlQ=", "copy": "U1RBUlQ="}' } }, { rules }).o;

    // Assess
    expect(result).toEqual({ output: { LogResult: '<LogResult:1>', copy: '<LogResult:1>' } });
  });
});

describe('step 6: Parallel blocks sorted as the source transformer did, nesting quirk included', () => {
  it('reproduces test_parallel_state_nested from the history AWS sent', async () => {
    // Prepare: the nested Parallel's full history (12 events); the recording shows what is left after the transformer
    const testCase = await caseById('map-parallel', 'scenarios/test_base_scenarios.py::TestBaseScenarios::test_parallel_state_nested');
    const types = [
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ];
    const events = types.map((type, index) => ({
      id: index + 1,
      previousEventId: index,
      type,
      timestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
    }));
    const recorded = testCase.recorded.get_execution_history as { events: { id: unknown; type: string }[] };

    // Act
    const result = normalise({ get_execution_history: { events } }, { rules: [{ kind: 'parallel_events_sorted' }] })
      .get_execution_history as { events: { id: unknown; type: string }[] };

    // Assess
    expect(result.events.map((event) => [event.type, event.id])).toEqual(recorded.events.map((event) => [event.type, event.id]));
  });
});

describe('step 7: map run ARNs', () => {
  it('replaces the run id, and the label when it is a UUID', () => {
    // Prepare
    const withUuidLabel =
      'arn:aws:states:us-east-1:111111111111:mapRun:sm/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b:7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
    const withName = 'arn:aws:states:us-east-1:111111111111:mapRun:sm/TestMap:1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';

    // Act
    const uuidLabel = normalise({ h: { mapRunArn: withUuidLabel } }, { mapRunArns: [withUuidLabel] }).h;
    const named = normalise({ h: { mapRunArn: withName } }, { mapRunArns: [withName] }).h;

    // Assess
    expect(uuidLabel).toEqual({
      mapRunArn: 'arn:<partition>:states:<region>:111111111111:mapRun:sm/<MapRunArnPart0_0idx>:<MapRunArnPart1_0idx>',
    });
    expect(named).toEqual({ mapRunArn: 'arn:<partition>:states:<region>:111111111111:mapRun:sm/TestMap:<MapRunArnPart1_0idx>' });
  });
});
