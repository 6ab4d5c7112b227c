import { describe, expect, it } from 'vitest';
import type { TaskStateInfo } from '../../src/definition.js';
import { ExecutionHistory, serializeEvent } from '../../src/history.js';

const invokeTask: TaskStateInfo = {
  name: 'CheckFileSize',
  resource: { kind: 'lambda-invoke', resourceType: 'lambda', resource: 'invoke' },
  timeoutSeconds: 60,
  heartbeatSeconds: undefined,
  retry: [],
};
const functionTask: TaskStateInfo = {
  name: 'Echo',
  resource: { kind: 'lambda-function', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:echo' },
  timeoutSeconds: undefined,
  heartbeatSeconds: undefined,
  retry: [],
};

describe('ExecutionHistory ids and previousEventId', () => {
  it('points ExecutionStarted and the first StateEntered at 0 and every later event at the one before', () => {
    // Prepare
    const history = new ExecutionHistory();

    // Act
    history.executionStarted('{}', 'role', 1);
    history.stateEntered('Pass', 'A', {}, 2);
    history.stateExited('Pass', 'A', {}, 3);
    history.stateEntered('Pass', 'B', {}, 4);
    history.stateExited('Pass', 'B', {}, 5);
    history.executionSucceeded({}, 6);

    // Assess
    expect(history.events.map((event) => [event.id, event.previousEventId, event.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  it('points ExecutionAborted and ExecutionTimedOut at 0, as AWS records them', () => {
    // Prepare
    const aborted = new ExecutionHistory();
    const timedOut = new ExecutionHistory();
    for (const history of [aborted, timedOut]) {
      history.executionStarted('{}', 'role', 1);
      history.stateEntered('Wait', 'W', {}, 2);
    }

    // Act
    aborted.executionAborted(undefined, undefined, 3);
    timedOut.executionTimedOut(3);

    // Assess
    expect(aborted.events[2]).toMatchObject({
      id: 3,
      previousEventId: 0,
      type: 'ExecutionAborted',
      details: { key: 'executionAbortedEventDetails', value: {} },
    });
    expect(timedOut.events[2]).toMatchObject({ id: 3, previousEventId: 0, details: { value: { error: 'States.Timeout' } } });
  });
});

describe('Task events', () => {
  it('lambda:invoke: TaskScheduled {parameters, region, resource, resourceType, timeoutInSeconds}, TaskStarted, TaskSucceeded/TaskFailed/TaskTimedOut', () => {
    // Prepare
    const history = new ExecutionHistory();

    // Act
    history.taskStarted(invokeTask, { FunctionName: 'f', Payload: { a: 1 } }, 'us-east-1', 1);
    history.taskSucceeded(invokeTask, { Payload: 1 }, 2);
    history.taskFailed(invokeTask, 'Boom', '{"errorMessage":"x"}', 3);
    history.taskTimedOut(invokeTask, 4);

    // Assess
    expect(history.events.map((event) => [event.type, event.details?.key, event.details?.value])).toEqual([
      [
        'TaskScheduled',
        'taskScheduledEventDetails',
        {
          parameters: '{"FunctionName":"f","Payload":{"a":1}}',
          region: 'us-east-1',
          resource: 'invoke',
          resourceType: 'lambda',
          timeoutInSeconds: 60,
        },
      ],
      ['TaskStarted', 'taskStartedEventDetails', { resource: 'invoke', resourceType: 'lambda' }],
      [
        'TaskSucceeded',
        'taskSucceededEventDetails',
        { output: '{"Payload":1}', outputDetails: { truncated: false }, resource: 'invoke', resourceType: 'lambda' },
      ],
      [
        'TaskFailed',
        'taskFailedEventDetails',
        { cause: '{"errorMessage":"x"}', error: 'Boom', resource: 'invoke', resourceType: 'lambda' },
      ],
      ['TaskTimedOut', 'taskTimedOutEventDetails', { error: 'States.Timeout', resource: 'invoke', resourceType: 'lambda' }],
    ]);
  });

  it('function ARN: LambdaFunctionScheduled {input, inputDetails, resource}, LambdaFunctionStarted without details, then Succeeded/Failed/TimedOut', () => {
    // Prepare
    const history = new ExecutionHistory();

    // Act
    history.taskStarted(functionTask, 'HelloWorld', 'us-east-1', 1);
    history.taskSucceeded(functionTask, 'HelloWorld', 2);
    history.taskFailed(functionTask, 'Exception', '{}', 3);
    history.taskTimedOut(functionTask, 4);

    // Assess
    expect(history.events.map((event) => [event.type, event.details?.key, event.details?.value])).toEqual([
      [
        'LambdaFunctionScheduled',
        'lambdaFunctionScheduledEventDetails',
        {
          input: '"HelloWorld"',
          inputDetails: { truncated: false },
          resource: functionTask.resource.kind === 'lambda-function' ? functionTask.resource.functionArn : '',
        },
      ],
      ['LambdaFunctionStarted', undefined, undefined],
      ['LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', { output: '"HelloWorld"', outputDetails: { truncated: false } }],
      ['LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', { cause: '{}', error: 'Exception' }],
      ['LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails', { error: 'States.Timeout' }],
    ]);
  });
});

describe('execution end events', () => {
  it('ExecutionFailed carries only the error and cause that are set', () => {
    // Prepare
    const history = new ExecutionHistory();

    // Act
    history.executionFailed(undefined, undefined, 1);
    history.executionFailed('E', undefined, 2);
    history.executionFailed('E', 'C', 3);

    // Assess
    expect(history.events.map((event) => event.details?.value)).toEqual([{}, { error: 'E' }, { error: 'E', cause: 'C' }]);
  });
});

describe('serializeEvent', () => {
  it('sends epoch seconds with a fraction and the details under their key', () => {
    // Prepare
    const history = new ExecutionHistory();
    history.executionStarted('{"a":1}', 'arn:aws:iam::0:role/r', 1_700_000_000_123);

    // Act
    const wire = serializeEvent(history.events[0]!, true);

    // Assess
    expect(wire).toEqual({
      timestamp: 1_700_000_000.123,
      type: 'ExecutionStarted',
      id: 1,
      previousEventId: 0,
      executionStartedEventDetails: { input: '{"a":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::0:role/r' },
    });
  });

  it('leaves input and output (and their details) out when includeExecutionData is false', () => {
    // Prepare
    const history = new ExecutionHistory();
    history.stateExited('Task', 'T', { a: 1 }, 1);
    history.taskFailed(invokeTask, 'E', 'C', 2);

    // Act
    const wire = history.events.map((event) => serializeEvent(event, false));

    // Assess
    expect(wire[0]!.stateExitedEventDetails).toEqual({ name: 'T' });
    expect(wire[1]!.taskFailedEventDetails).toEqual({ cause: 'C', error: 'E', resource: 'invoke', resourceType: 'lambda' });
  });
});
