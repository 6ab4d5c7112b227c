import { describe, expect, it } from 'vitest';
import type { LambdaContext } from '../../src/lambda/context.js';
import { createStepFunctionsService } from '../../src/service.js';
import { recordingLogger } from '../helpers/fixtures.js';
import { runToEnd } from '../helpers/direct.js';

// Definitions other than sizegate's, to check how engine events become AWS history events:
// plain Lambda ARN Tasks (LambdaFunction* events, bare result), Catch, Task timeouts, an empty
// Fail state, Wait and Succeed states, and the Lambda context handlers get.

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:echo';
const chain = (events: { id: number; previousEventId: number; type: string }[]) => events.map((e) => [e.id, e.previousEventId, e.type]);

function serviceFor(definition: object, functions: Record<string, (event: never, context: LambdaContext) => unknown>, timeScale = 0.001) {
  const service = createStepFunctionsService({
    region: 'us-east-1',
    accountId: '000000000000',
    stateMachineName: 'engine',
    definition,
    functions: Object.fromEntries(Object.entries(functions).map(([state, handler]) => [state, { functionName: 'echo', handler }])),
    logger: recordingLogger(),
    timeScale,
  });
  return { service, arn: service.stateMachineArn };
}

describe('a Task with a plain Lambda function ARN', () => {
  it('writes LambdaFunctionScheduled/Started/Succeeded and passes the bare result on', async () => {
    // Prepare
    const seen: { event: unknown; context: LambdaContext }[] = [];
    const { service, arn } = serviceFor(
      { StartAt: 'step1', States: { step1: { Type: 'Task', Resource: FUNCTION_ARN, TimeoutSeconds: 30, End: true } } },
      {
        step1: async (event: never, context) => {
          seen.push({ event, context });
          return { Return: 'HelloWorld', remaining: context.getRemainingTimeInMillis() };
        },
      },
      1, // real time
    );

    // Act
    const { execution, events } = await runToEnd(service, arn, { in: 1 });

    // Assess
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'LambdaFunctionScheduled'],
      [4, 3, 'LambdaFunctionStarted'],
      [5, 4, 'LambdaFunctionSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ExecutionSucceeded'],
    ]);
    expect(events[2]!.lambdaFunctionScheduledEventDetails).toEqual({
      input: '{"in":1}',
      inputDetails: { truncated: false },
      resource: FUNCTION_ARN,
      timeoutInSeconds: 30,
    });
    expect(Object.keys(events[3]!).sort()).toEqual(['id', 'previousEventId', 'timestamp', 'type']);
    const output = JSON.parse(execution.output as string);
    expect(output.Return).toBe('HelloWorld');
    // As in Lambda, the context counts down from the function's own timeout (a function bound to a
    // Task state by `functions` has Lambda's longest, 900 s), not from the Task's TimeoutSeconds.
    expect(output.remaining).toBeGreaterThan(899_000);
    expect(output.remaining).toBeLessThanOrEqual(900_000);
    expect(seen[0]!.event).toEqual({ in: 1 });
    expect(seen[0]!.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: FUNCTION_ARN,
      memoryLimitInMB: '128',
    });
    await service.close();
  });

  it('writes LambdaFunctionFailed, and a Catch exits the Task with {Error, Cause}', async () => {
    // Prepare
    const { service, arn } = serviceFor(
      {
        StartAt: 'InvokeLambda',
        States: {
          InvokeLambda: {
            Type: 'Task',
            Resource: FUNCTION_ARN,
            Next: 'ProcessResult',
            Catch: [{ ErrorEquals: ['CustomException'], Next: 'ErrorMatched' }],
          },
          ProcessResult: { Type: 'Pass', End: true },
          ErrorMatched: { Type: 'Pass', End: true },
        },
      },
      {
        InvokeLambda: async () => {
          throw Object.assign(new Error(''), { name: 'CustomException' });
        },
      },
    );

    // Act
    const { execution, events } = await runToEnd(service, arn, {});

    // Assess
    expect(chain(events).map(([, , type]) => type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const failed = events[4]!.lambdaFunctionFailedEventDetails as { error: string; cause: string };
    expect(failed.error).toBe('CustomException');
    expect(JSON.parse(failed.cause)).toMatchObject({ errorType: 'CustomException', errorMessage: '' });
    expect(JSON.parse(execution.output as string)).toEqual({ Error: 'CustomException', Cause: failed.cause });
    await service.close();
  });
});

describe('a Task that runs longer than its TimeoutSeconds', () => {
  it('writes TaskTimedOut (States.Timeout, no cause) and fails with States.Timeout', async () => {
    // Prepare
    let stop: () => void = () => undefined;
    const { service, arn } = serviceFor(
      {
        StartAt: 'Slow',
        States: {
          Slow: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'slow', 'Payload.$': '$' },
            TimeoutSeconds: 1,
            End: true,
          },
        },
      },
      { Slow: () => new Promise((resolve) => (stop = () => resolve('late'))) },
      0.05, // TimeoutSeconds 1 → 50 ms: short, yet long enough for the attempt to be in the history first
    );

    // Act
    const { execution, events } = await runToEnd(service, arn, {});
    stop();

    // Assess
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskTimedOut'],
      [6, 5, 'ExecutionFailed'],
    ]);
    expect(events[4]!.taskTimedOutEventDetails).toEqual({ error: 'States.Timeout', resource: 'invoke', resourceType: 'lambda' });
    expect(events[5]!.executionFailedEventDetails).toEqual({ error: 'States.Timeout' });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(execution.cause).toBeUndefined();
    await service.close();
  });
});

describe('a Task without TimeoutSeconds', () => {
  it('has no timeout of its own (AWS has none): it waits for its function past the 60 s the earlier engine applied × timeScale', async () => {
    // Prepare: 60 s × 0.002 = 120 ms was the earlier default; the function takes 300 ms
    const { service, arn } = serviceFor(
      { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } },
      { Slow: () => new Promise((resolve) => setTimeout(() => resolve('done'), 300)) },
      0.002,
    );

    // Act
    const { execution, events } = await runToEnd(service, arn, {});

    // Assess
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
    expect(events[2]!.lambdaFunctionScheduledEventDetails).not.toHaveProperty('timeoutInSeconds');
    await service.close();
  });
});

describe('Fail, Wait and Succeed states', () => {
  it('an empty Fail state gives ExecutionFailed {} and no error/cause on the execution', async () => {
    // Prepare
    const { service, arn } = serviceFor({ StartAt: 'FailState', States: { FailState: { Type: 'Fail' } } }, {});

    // Act
    const { execution, events } = await runToEnd(service, arn, {});

    // Assess
    expect(chain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'FailStateEntered'],
      [3, 2, 'ExecutionFailed'],
    ]);
    expect(events[2]!.executionFailedEventDetails).toEqual({});
    expect(execution.status).toBe('FAILED');
    expect(execution).not.toHaveProperty('error');
    expect(execution).not.toHaveProperty('cause');
    await service.close();
  });

  it('a Wait of 60 s takes 60 ms at timeScale 0.001 and shows 60 s in the history, then Succeed exits', async () => {
    // Prepare
    const { service, arn } = serviceFor(
      { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Succeed' } } },
      {},
    );
    const started = Date.now();

    // Act
    const { execution, events } = await runToEnd(service, arn, { a: 1 });

    // Assess
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    // The history shows the wait as AWS would record it: 60 s, however fast it passed (plus the
    // timer's own lateness, itself scaled: 1 ms late at 0.001 is 1 s more in the history).
    expect(events[2]!.timestamp - events[1]!.timestamp).toBeGreaterThanOrEqual(60);
    expect(execution.output).toBe('{"a":1}');
    await service.close();
  });
});

describe('the service options', () => {
  it('runs a Task state without a local function on the function its Resource names, failing as on AWS when there is none', async () => {
    // Prepare
    const definition = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } };
    const { service, arn } = serviceFor(definition, {});

    // Act
    const { execution, events } = await runToEnd(service, arn, {});

    // Assess
    expect(events.map((event) => event.type)).toContain('LambdaFunctionFailed');
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    expect(execution.cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:000000000000:function:echo:\$LATEST \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;/,
    );
    await service.close();
  });

  it('refuses functions for states that are not Task states calling Lambda', () => {
    // Prepare
    const definition = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: FUNCTION_ARN, Next: 'Q' },
        Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true },
      },
    };

    // Act
    const unknownState = () => serviceFor(definition, { T: async () => 1, Other: async () => 2 });
    const notLambda = () => serviceFor(definition, { Q: async () => 1 });

    // Assess
    expect(unknownState).toThrow('"functions" names "Other", which is not a Task state');
    expect(notLambda).toThrow('"functions" names "Q", whose Resource "arn:aws:states:::sqs:sendMessage" does not call Lambda');
  });
});
