import { describe, expect, it } from 'vitest';
import { LambdaError, NOT_MOCKED_ERROR, type Invoke } from '../../src/index.js';
import { detailsOf, runToEnd, skeleton } from '../helpers/run.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:echo';
const echo: Invoke = async (request) => request.payload;

describe('Task with a plain Lambda function ARN', () => {
  it('writes LambdaFunction* events and passes the bare result on', async () => {
    // Prepare
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } };
    // Act
    const { result, history } = await runToEnd(definition, { n: 1 }, { invoke: echo });
    // Assess
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"n":1}' });
    expect(skeleton(history).map(([, , type]) => type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(detailsOf(history[2])).toEqual({ input: '{"n":1}', inputDetails: { truncated: false }, resource: FUNCTION_ARN });
    expect(Object.keys(history[3] ?? {})).toEqual(['type', 'id', 'previousEventId', 'timestamp']);
  });

  it('fails with the errorType as error and the error document as cause, straight to ExecutionFailed', async () => {
    const failing: Invoke = async () => {
      throw new LambdaError({
        errorType: 'Exception',
        errorMessage: 'boom',
        document: '{"errorMessage": "boom", "errorType": "Exception"}',
      });
    };
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } };
    const { result, history } = await runToEnd(definition, {}, { invoke: failing });
    expect(result).toEqual({ status: 'FAILED', error: 'Exception', cause: '{"errorMessage": "boom", "errorType": "Exception"}' });
    expect(history.at(-2)?.type).toBe('LambdaFunctionFailed');
  });
});

describe('Task with arn:aws:states:::lambda:invoke', () => {
  const definition = {
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'echo', 'Payload.$': '$' }, End: true },
    },
  };

  it('writes Task* events and wraps the result in the Payload envelope', async () => {
    const { result, history } = await runToEnd(definition, { n: 2 }, { invoke: echo });
    const output = JSON.parse(result.output ?? '');
    expect(output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { n: 2 },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(output.SdkHttpMetadata.HttpHeaders['Content-Length']).toBe('7');
    expect(detailsOf(history[2])).toEqual({
      parameters: '{"FunctionName":"echo","Payload":{"n":2}}',
      region: 'us-east-1',
      resource: 'invoke',
      resourceType: 'lambda',
    });
    expect(detailsOf(history[3])).toEqual({ resource: 'invoke', resourceType: 'lambda' });
  });

  it('reports a missing function as Lambda.ResourceNotFoundException with AWS text', async () => {
    const missing: Invoke = async (request) => {
      throw LambdaError.functionNotFound(request.functionName);
    };
    const { result } = await runToEnd(definition, {}, { invoke: missing });
    expect(result.error).toBe('Lambda.ResourceNotFoundException');
    expect(result.cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:111111111111:function:echo:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
  });

  it('times out after TimeoutSeconds with States.Timeout and no cause, aborting the invocation', async () => {
    let aborted = false;
    const slow: Invoke = (_request, { signal }) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        }),
      );
    const timed = { StartAt: 'T', States: { T: { ...definition.States.T, TimeoutSeconds: 1 } } };
    const { result, history } = await runToEnd(
      timed,
      {},
      { invoke: slow, clock: (await import('../../src/clock.js')).virtualClock({ scale: 0.001 }) },
    );
    expect(result).toEqual({ status: 'FAILED', error: 'States.Timeout' });
    expect(detailsOf(history[2])).toMatchObject({ timeoutInSeconds: 1 });
    expect(detailsOf(history[4])).toEqual({ error: 'States.Timeout', resource: 'invoke', resourceType: 'lambda' });
    expect(aborted).toBe(true);
  });
});

describe('mocks', () => {
  it('answer per attempt, so a Retry path can be tested without a function', async () => {
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: FUNCTION_ARN, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1 }], End: true } },
    };
    const mocks = { T: [{ Throw: { Error: 'Busy', Cause: 'try again' } }, { Return: { ok: true } }] };
    const { result, history } = await runToEnd(definition, {}, { mocks });
    expect(result.output).toBe('{"ok":true}');
    expect(history.filter((event) => event.type === 'LambdaFunctionScheduled')).toHaveLength(2);
  });

  it('leave an unmocked integration failing with one local error that names it', async () => {
    const definition = {
      StartAt: 'Q',
      States: {
        Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true },
      },
    };
    const { result } = await runToEnd(definition, {});
    expect(result.error).toBe(NOT_MOCKED_ERROR);
    expect(result.cause).toContain('arn:aws:states:::sqs:sendMessage');
    expect(result.cause).toContain("mocks: { 'Q': [{ Return: ... }] }");
  });
});
