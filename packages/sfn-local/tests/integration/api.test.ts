import { DescribeStateMachineCommand, ListStateMachinesCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepFunctionsService } from '../../src/service.js';
import { fakeCheckSize, fakeProcessFile, sizegateService, STATE_MACHINE_ARN, type ObjectInput } from '../helpers/fixtures.js';
import { eventChain, historyOf, serveStepFunctions, waitForClose, type ServedStepFunctions } from '../helpers/server.js';

// The sizegate definition on the local API, driven by a real SFNClient over HTTP. Event order,
// ids and previousEventId are the ones AWS records (conformance: history-lambda-invoke-*.json,
// history-choice.json, history-pass.json, history-fail.json): ExecutionStarted and the first
// StateEntered point at 0, every later event at the one before it.

let service: StepFunctionsService;
let served: ServedStepFunctions;

async function start(handlers: Parameters<typeof sizegateService>[0]) {
  service = sizegateService(handlers);
  served = await serveStepFunctions(service);
  return served.sfn;
}

afterEach(async () => {
  await service?.close();
  await served?.close();
});

const object = { bucket: 'incoming', key: 'docs/report.txt' };

describe('a processed object (size >= minSizeBytes)', () => {
  it('runs CheckFileSize → ChoiceState → ProcessFile → NotifyOk and reports the output', async () => {
    // Prepare
    const sfn = await start({ checkSize: fakeCheckSize(() => 42) });

    // Act
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'ok-1', input: JSON.stringify(object) }),
    );
    const execution = await waitForClose(sfn, started.executionArn!);

    // Assess
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:sizegate:ok-1');
    expect(started.startDate).toBeInstanceOf(Date);
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      name: 'ok-1',
      stateMachineArn: STATE_MACHINE_ARN,
      input: JSON.stringify(object),
    });
    expect(execution.inputDetails).toEqual({ included: true });
    expect(execution.outputDetails).toEqual({ included: true });
    expect(execution).toMatchObject({
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    expect(execution.stopDate!.getTime()).toBeGreaterThanOrEqual(execution.startDate!.getTime());
    expect(JSON.parse(execution.output!)).toEqual({
      Message: 'File processed OK',
      bucket: 'incoming',
      key: 'docs/report.txt',
      versionId: null,
      size: 42,
      manifest: await fakeProcessFile({ ...object, size: 42 }),
    });
  });

  it('writes the AWS history: lambda:invoke Task events, Choice and Pass events, ids chained', async () => {
    // Prepare
    const sfn = await start({ checkSize: fakeCheckSize(() => 42) });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(object) }),
    );
    await waitForClose(sfn, executionArn!);

    // Act
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(eventChain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskSucceeded'],
      [6, 5, 'TaskStateExited'],
      [7, 6, 'ChoiceStateEntered'],
      [8, 7, 'ChoiceStateExited'],
      [9, 8, 'TaskStateEntered'],
      [10, 9, 'TaskScheduled'],
      [11, 10, 'TaskStarted'],
      [12, 11, 'TaskSucceeded'],
      [13, 12, 'TaskStateExited'],
      [14, 13, 'PassStateEntered'],
      [15, 14, 'PassStateExited'],
      [16, 15, 'ExecutionSucceeded'],
    ]);
    const [startedEvent, entered, scheduled, taskStarted, succeeded, exited] = events;
    expect(startedEvent!.executionStartedEventDetails).toEqual({
      input: JSON.stringify(object),
      inputDetails: { truncated: false },
      roleArn: 'arn:aws:iam::000000000000:role/sizegate-local',
    });
    expect(entered!.stateEnteredEventDetails).toEqual({
      name: 'CheckFileSize',
      input: JSON.stringify(object),
      inputDetails: { truncated: false },
    });
    expect(scheduled!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      timeoutInSeconds: 60,
    });
    expect(JSON.parse(scheduled!.taskScheduledEventDetails!.parameters!)).toEqual({
      FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:check-size',
      Payload: object,
    });
    expect(taskStarted!.taskStartedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke' });
    // lambda:invoke's result is the Invoke envelope; OutputPath $.Payload lifts the handler's result out.
    const envelope = JSON.parse(succeeded!.taskSucceededEventDetails!.output!);
    expect(envelope).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { ...object, size: 42 } });
    expect(envelope.SdkHttpMetadata.HttpStatusCode).toBe(200);
    expect(envelope.SdkResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(succeeded!.taskSucceededEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      outputDetails: { truncated: false },
    });
    expect(JSON.parse(exited!.stateExitedEventDetails!.output!)).toEqual(envelope.Payload);
    expect(events[7]!.stateExitedEventDetails!.output).toBe(events[6]!.stateEnteredEventDetails!.input); // Choice output = input
    for (const event of events) expect(event.timestamp).toBeInstanceOf(Date);
  });
});

describe('an object below the threshold', () => {
  it('ends in NotifyFileTooSmall without running ProcessFile', async () => {
    // Prepare
    const processed: unknown[] = [];
    const sfn = await start({ checkSize: fakeCheckSize(() => 3), processFile: async (event: unknown) => processed.push(event) });

    // Act
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(object) }),
    );
    const execution = await waitForClose(sfn, executionArn!);
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({
      Message: 'File not big enough',
      bucket: 'incoming',
      key: 'docs/report.txt',
      versionId: null,
      size: 3,
    });
    expect(processed).toEqual([]);
    expect(events.map((event) => event.type).slice(6)).toEqual([
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.find((event) => event.type === 'PassStateEntered')!.stateEnteredEventDetails!.name).toBe('NotifyFileTooSmall');
  });
});

describe('a size that is missing', () => {
  it('fails in DefaultState: FailStateEntered, then ExecutionFailed with DefaultStateError', async () => {
    // Prepare
    const sfn = await start({ checkSize: fakeCheckSize(() => null) });

    // Act
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(object) }),
    );
    const execution = await waitForClose(sfn, executionArn!);
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(execution).toMatchObject({ status: 'FAILED', error: 'DefaultStateError', cause: 'No Matches!', redriveStatus: 'REDRIVABLE' });
    expect(execution.output).toBeUndefined();
    expect(execution.redriveStatusReason).toBeUndefined();
    expect(eventChain(events).slice(-3)).toEqual([
      [8, 7, 'ChoiceStateExited'],
      [9, 8, 'FailStateEntered'],
      [10, 9, 'ExecutionFailed'],
    ]);
    expect(events.at(-1)!.executionFailedEventDetails).toEqual({ error: 'DefaultStateError', cause: 'No Matches!' });
  });
});

describe('a handler that throws', () => {
  it('fails the execution with the error name and the Lambda error document as cause', async () => {
    // Prepare
    class ObjectNotFound extends Error {
      override readonly name = 'ObjectNotFound';
    }
    const sfn = await start({
      checkSize: async (event: ObjectInput) => {
        throw new ObjectNotFound(`Object not found (bucket "${event.bucket}", key "${event.key}")`);
      },
    });

    // Act
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(object) }),
    );
    const execution = await waitForClose(sfn, executionArn!);
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('ObjectNotFound');
    const cause = JSON.parse(execution.cause!);
    expect(cause).toMatchObject({
      errorType: 'ObjectNotFound',
      errorMessage: 'Object not found (bucket "incoming", key "docs/report.txt")',
    });
    expect(cause.trace[0]).toBe('ObjectNotFound: Object not found (bucket "incoming", key "docs/report.txt")');
    // No retry (not a Lambda service error) and no TaskStateExited: TaskFailed → ExecutionFailed.
    expect(eventChain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskFailed'],
      [6, 5, 'ExecutionFailed'],
    ]);
    expect(events[4]!.taskFailedEventDetails).toEqual({
      error: 'ObjectNotFound',
      cause: execution.cause,
      resource: 'invoke',
      resourceType: 'lambda',
    });
    expect(events[5]!.executionFailedEventDetails).toEqual({ error: 'ObjectNotFound', cause: execution.cause });
  });
});

describe('a transient Lambda service error', () => {
  it('is retried (TaskFailed → TaskScheduled again) and the execution succeeds', async () => {
    // Prepare
    let calls = 0;
    const checkSize = fakeCheckSize(() => 42);
    const sfn = await start({
      checkSize: async (event: ObjectInput) => {
        calls += 1;
        if (calls <= 2) throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.ServiceException' });
        return checkSize(event);
      },
    });

    // Act
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: JSON.stringify(object) }),
    );
    const execution = await waitForClose(sfn, executionArn!);
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(calls).toBe(3);
    expect(eventChain(events).slice(0, 12)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 4, 'TaskFailed'],
      [6, 5, 'TaskScheduled'],
      [7, 6, 'TaskStarted'],
      [8, 7, 'TaskFailed'],
      [9, 8, 'TaskScheduled'],
      [10, 9, 'TaskStarted'],
      [11, 10, 'TaskSucceeded'],
      [12, 11, 'TaskStateExited'],
    ]);
    expect(events[4]!.taskFailedEventDetails!.error).toBe('Lambda.ServiceException');
    expect(JSON.parse(events[4]!.taskFailedEventDetails!.cause!).errorMessage).toBe('Rate exceeded');
  });
});

describe('the state machine itself', () => {
  it('is described and listed as one ACTIVE STANDARD machine with its definition', async () => {
    // Prepare
    const sfn = await start({ checkSize: fakeCheckSize(() => 1) });

    // Act
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: STATE_MACHINE_ARN }));
    const listed = await sfn.send(new ListStateMachinesCommand({}));

    // Assess
    expect(described).toMatchObject({ stateMachineArn: STATE_MACHINE_ARN, name: 'sizegate', status: 'ACTIVE', type: 'STANDARD' });
    expect(described.roleArn).toBe('arn:aws:iam::000000000000:role/sizegate-local');
    expect(described.creationDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.definition!).StartAt).toBe('CheckFileSize');
    expect(listed.stateMachines).toEqual([
      { stateMachineArn: STATE_MACHINE_ARN, name: 'sizegate', type: 'STANDARD', creationDate: described.creationDate },
    ]);
  });
});
