import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepFunctionsService } from '../../src/service.js';
import { fakeCheckSize, sizegateService, STATE_MACHINE_ARN, type ObjectInput } from '../helpers/fixtures.js';
import { sdkRejection, serveStepFunctions, waitForClose, type ServedStepFunctions } from '../helpers/server.js';

// Every API error through the real SDK client: the exception's `name` is the AWS error code and
// its message is AWS's text (conformance: api-errors.json; the StartExecution name rules and
// idempotency from the StartExecution API reference).

const EXECUTION_PREFIX = 'arn:aws:states:us-east-1:000000000000:execution:sizegate:';
let service: StepFunctionsService;
let served: ServedStepFunctions;
/** Keeps CheckFileSize of keys starting with "slow/" running until released. */
let release: () => void;
const released = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  const checkSize = fakeCheckSize(() => 1);
  // Unscaled time (as in sfn-api-executions): the fixtures' 0.001 scale would time the held
  // CheckFileSize out after 60 ms, so on a busy machine the "running" execution could be closed
  // before the test starts it again.
  service = sizegateService(
    {
      checkSize: async (event: ObjectInput) => {
        if (String(event?.key).startsWith('slow/')) await released;
        return checkSize(event);
      },
    },
    { timeScale: 1 },
  );
  served = await serveStepFunctions(service);
});

afterAll(async () => {
  release();
  await service.close();
  await served.close();
});

describe('ARN errors', () => {
  it.each([
    ['DescribeExecution', (arn: string) => new DescribeExecutionCommand({ executionArn: arn })],
    ['GetExecutionHistory', (arn: string) => new GetExecutionHistoryCommand({ executionArn: arn })],
    ['StopExecution', (arn: string) => new StopExecutionCommand({ executionArn: arn })],
  ])('%s: ExecutionDoesNotExist, InvalidArn (prefix), InvalidArn (express)', async (_operation, command) => {
    // Prepare
    const missing = `${EXECUTION_PREFIX}no-such-execution`;
    const express = 'arn:aws:states:us-east-1:000000000000:express:sizegate:a:b';

    // Act
    const results = [
      await sdkRejection(served.sfn.send(command(missing) as never)),
      await sdkRejection(served.sfn.send(command('invalid_state_machine_arn') as never)),
      await sdkRejection(served.sfn.send(command(express) as never)),
    ];

    // Assess
    expect(results).toEqual([
      { name: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${missing}'`, status: 400 },
      { name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'", status: 400 },
      { name: 'InvalidArn', message: "Invalid Arn: 'Resource type not valid in this context: express'", status: 400 },
    ]);
  });

  it('StartExecution, ListExecutions, DescribeStateMachine: StateMachineDoesNotExist and InvalidArn', async () => {
    // Prepare
    const other = 'arn:aws:states:us-east-1:000000000000:stateMachine:other';

    // Act
    const results = [
      await sdkRejection(served.sfn.send(new StartExecutionCommand({ stateMachineArn: other }))),
      await sdkRejection(served.sfn.send(new ListExecutionsCommand({ stateMachineArn: other }))),
      await sdkRejection(served.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: other }))),
      await sdkRejection(served.sfn.send(new StartExecutionCommand({ stateMachineArn: 'not_a_valid_arn' }))),
      await sdkRejection(served.sfn.send(new ListExecutionsCommand({ stateMachineArn: 'not_a_valid_arn' }))),
      await sdkRejection(served.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' }))),
    ];

    // Assess
    const doesNotExist = { name: 'StateMachineDoesNotExist', message: `State Machine Does Not Exist: '${other}'`, status: 400 };
    const invalid = { name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'", status: 400 };
    expect(results).toEqual([doesNotExist, doesNotExist, doesNotExist, invalid, invalid, invalid]);
  });
});

describe('StartExecution input and name', () => {
  it.each([
    ['not some json', "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"],
    ["{'not': 'json'", "Unexpected character (''' (code 39)): was expecting double-quote to start field name"],
    ['', 'Invalid execution input.'],
    ['{"a": 1,}', undefined],
  ])('rejects input %j as InvalidExecutionInput', async (input, parserText) => {
    // Act
    const error = await sdkRejection(served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input })));

    // Assess
    expect(error.name).toBe('InvalidExecutionInput');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Invalid State Machine Execution Input: '.+'$/);
    if (parserText) expect(error.message).toBe(`Invalid State Machine Execution Input: '${parserText}'`);
  });

  it('rejects input over 256 KiB of UTF-8 and accepts input of exactly 256 KiB', async () => {
    // Prepare: 'é' is two bytes in UTF-8, so this is under the limit in characters but over it in bytes.
    const tooLarge = JSON.stringify({ bucket: 'b', key: 'slow/x', pad: 'é'.repeat(131_072) });
    const base = JSON.stringify({ bucket: 'b', key: 'k', pad: '' });
    const exact = JSON.stringify({ bucket: 'b', key: 'k', pad: 'a'.repeat(262_144 - base.length) });

    // Act
    const error = await sdkRejection(served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: tooLarge })));
    const accepted = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input: exact }));

    // Assess
    expect(tooLarge.length).toBeLessThan(262_144);
    expect(error.name).toBe('InvalidExecutionInput');
    expect(Buffer.byteLength(exact)).toBe(262_144);
    expect((await waitForClose(served.sfn, accepted.executionArn!)).status).toBe('SUCCEEDED');
  });

  it.each(['2', '"some text"', 'null'])('accepts the JSON value %s as input, as AWS does', async (input) => {
    // Act
    const started = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, input }));
    const execution = await waitForClose(served.sfn, started.executionArn!);

    // Assess: the input is kept as sent. With no bucket/key in it, NotifyFileTooSmall's
    // 'bucket.$' path has nothing to point at, which fails the execution with States.Runtime.
    expect(execution.input).toBe(input);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it.each(['has space', 'a/b', 'a:b', 'brace{', 'star*', 'tab\tname', 'ctl\u0001'])('rejects the name %j as InvalidName', async (name) => {
    // Act
    const error = await sdkRejection(served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name })));

    // Assess
    expect(error).toEqual({ name: 'InvalidName', message: `Invalid Name: '${name}'`, status: 400 });
  });

  it('rejects names outside 1–80 characters with the model validation error', async () => {
    // Act
    const tooLong = await sdkRejection(
      served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'n'.repeat(81) })),
    );
    const accepted = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'n'.repeat(80) }));

    // Assess
    expect(tooLong.name).toBe('ValidationException');
    expect(tooLong.message).toBe(
      `1 validation error detected: Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    );
    expect(accepted.executionArn).toBe(`${EXECUTION_PREFIX}${'n'.repeat(80)}`);
  });

  it('names an execution with a UUID when no name is given, and defaults the input to {}', async () => {
    // Act
    const started = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN }));
    const execution = await served.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Assess
    expect(execution.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(started.executionArn).toBe(`${EXECUTION_PREFIX}${execution.name}`);
    expect(execution.input).toBe('{}');
  });
});

describe('StartExecution with a name already used (STANDARD semantics)', () => {
  it('returns the running execution for the same input, ExecutionAlreadyExists for another input or once it closed', async () => {
    // Prepare
    const input = JSON.stringify({ bucket: 'b', key: 'slow/one' });
    const first = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'same-name', input }));

    // Act
    const again = await served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'same-name', input }));
    const otherInput = await sdkRejection(
      served.sfn.send(
        new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'same-name', input: '{"body":"different-data"}' }),
      ),
    );
    release();
    await waitForClose(served.sfn, first.executionArn!);
    const afterClose = await sdkRejection(
      served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 'same-name', input })),
    );

    // Assess
    expect(again).toMatchObject({ executionArn: first.executionArn, startDate: first.startDate });
    const exists = { name: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${EXECUTION_PREFIX}same-name'`, status: 400 };
    expect(otherInput).toEqual(exists);
    expect(afterClose).toEqual(exists);
  });
});

describe('request validation', () => {
  it('rejects maxResults over 1000, an unknown statusFilter and made-up page tokens', async () => {
    // Act
    const results = [
      await sdkRejection(served.sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, maxResults: 1001 }))),
      await sdkRejection(
        served.sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'succeeded' as ExecutionStatus })),
      ),
      await sdkRejection(served.sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, nextToken: 'garbage' }))),
      await sdkRejection(
        served.sfn.send(new GetExecutionHistoryCommand({ executionArn: `${EXECUTION_PREFIX}same-name`, nextToken: 'garbage' })),
      ),
    ];

    // Assess
    expect(results[0]).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
      status: 400,
    });
    expect(results[1]).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
      status: 400,
    });
    expect(results[2]).toMatchObject({ name: 'InvalidToken', status: 400 });
    expect(results[3]).toMatchObject({ name: 'InvalidToken', status: 400 });
  });

  it('answers an unknown X-Amz-Target with UnknownOperationException and malformed JSON with SerializationException', async () => {
    // Act
    const post = (target: string, body: string) =>
      fetch(served.endpoint, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body });
    const unknown = await post('AWSStepFunctions.Frobnicate', '{}');
    const malformed = await post('AWSStepFunctions.ListStateMachines', '{"maxResults": ');

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(unknown.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(((await unknown.json()) as { __type: string }).__type).toMatch(/#UnknownOperationException$/);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(((await malformed.json()) as { __type: string }).__type).toMatch(/#SerializationException$/);
  });

  it('sends modeled errors in the service namespace with a lowercase message', async () => {
    // Act
    const response = await fetch(served.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.DescribeExecution' },
      body: JSON.stringify({ executionArn: `${EXECUTION_PREFIX}missing` }),
    });

    // Assess
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist',
      message: `Execution Does Not Exist: '${EXECUTION_PREFIX}missing'`,
    });
  });
});
