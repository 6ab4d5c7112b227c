import { SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  createHandler,
  InvalidEvent,
  StartExecutionFailed,
  type StartExecutionDeps,
  type StartExecutionFailure,
} from '../../src/index.js';
import { rejection } from '@sizegate/testing';
import { executionAlreadyExists, sfnError } from '../helpers/errors.js';
import { notification, notificationRecord } from '../helpers/events.js';
import { RecordingLogger } from '@sizegate/testing';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';
const sfnMock = mockClient(SFNClient);

function build(overrides: Partial<StartExecutionDeps> = {}): { handler: ReturnType<typeof createHandler>; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  const handler = createHandler({ sfn: new SFNClient({ region: 'us-east-1' }), stateMachineArn: STATE_MACHINE_ARN, logger, ...overrides });
  return { handler, logger };
}

/** Fails StartExecution for inputs whose key is in `failures`, with the given error; starts the rest. */
function failFor(failures: Record<string, Error>): void {
  sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
    const { key } = JSON.parse(input.input ?? '{}') as { key: string };
    const error = failures[key];
    if (error !== undefined) throw error;
    return { executionArn: `arn:aws:states:us-east-1:111122223333:execution:sizegate:${input.name}`, startDate: new Date(0) };
  });
}

function startedKeys(): string[] {
  return sfnMock.commandCalls(StartExecutionCommand).map((call) => (JSON.parse(call.args[0].input.input ?? '{}') as { key: string }).key);
}

beforeEach(() => sfnMock.reset());
afterEach(() => sfnMock.reset());

describe('start-execution StartExecution errors', () => {
  it('counts ExecutionAlreadyExists as already-started, not as an error', async () => {
    // Prepare
    failFor({ 'again.txt': executionAlreadyExists('again') });
    const { handler, logger } = build();

    // Act
    const { results } = await handler(notification(notificationRecord({ key: 'again.txt' }), notificationRecord({ key: 'new.txt' })));

    // Assess
    expect(results.map((result) => [result.key, result.status])).toEqual([
      ['again.txt', 'already-started'],
      ['new.txt', 'started'],
    ]);
    expect(results[0]!.executionName).not.toBeNull();
    expect(logger.at('error')).toHaveLength(0);
  });

  it('starts the other records, then throws StartExecutionFailed naming the failed key', async () => {
    // Prepare
    const throttled = sfnError('ThrottlingException', 400);
    failFor({ 'in/b.txt': throttled });
    const { handler, logger } = build();
    const event = notification(
      notificationRecord({ bucket: 'uploads', key: 'in/a.txt' }),
      notificationRecord({ bucket: 'uploads', key: 'in/b.txt' }),
      notificationRecord({ bucket: 'uploads', key: 'in/c.txt' }),
    );

    // Act
    const error = await rejection(handler(event));

    // Assess
    expect(startedKeys().sort()).toEqual(['in/a.txt', 'in/b.txt', 'in/c.txt']);
    expect(error).toBeInstanceOf(StartExecutionFailed);
    const failure = error as StartExecutionFailure;
    expect(failure.name).toBe('StartExecutionFailed');
    expect(failure.message).toContain('1 of 3 records');
    expect(failure.message).toContain('key "in/b.txt"');
    expect(failure.message).toContain('bucket "uploads"');
    expect(failure.message).toContain('ThrottlingException');
    expect(failure.cause).toBe(throttled);
    expect(failure.results.map((result) => [result.key, result.status])).toEqual([
      ['in/a.txt', 'started'],
      ['in/b.txt', 'failed'],
      ['in/c.txt', 'started'],
    ]);
    const failedLine = logger.at('error').find((line) => line.attributes['key'] === 'in/b.txt');
    expect(failedLine?.attributes).toMatchObject({ status: 'failed', errorName: 'ThrottlingException', httpStatusCode: 400 });
  });

  it.each([
    ['a 5xx', sfnError('ServiceUnavailable', 503)],
    ['access denied', sfnError('AccessDeniedException', 400)],
    ['a network error', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
    ['a missing state machine', sfnError('StateMachineDoesNotExist', 400)],
  ])('treats %s as failed', async (_case, cause) => {
    // Prepare
    failFor({ 'x.txt': cause });
    const { handler } = build();

    // Act
    const error = await rejection(handler(notification(notificationRecord({ key: 'x.txt' }))));

    // Assess
    expect(error).toBeInstanceOf(StartExecutionFailed);
    expect((error as StartExecutionFailure).results[0]).toMatchObject({
      key: 'x.txt',
      status: 'failed',
      reason: `${cause.name}: ${cause.message}`,
    });
  });

  it('lists every failed bucket/key when several fail', async () => {
    // Prepare
    failFor({ 'a.txt': sfnError('ThrottlingException', 400), 'c.txt': sfnError('InternalServerError', 500) });
    const { handler } = build();
    const event = notification(
      notificationRecord({ bucket: 'b1', key: 'a.txt' }),
      notificationRecord({ bucket: 'b1', key: 'b.txt' }),
      notificationRecord({ bucket: 'b2', key: 'c.txt' }),
    );

    // Act
    const error = (await rejection(handler(event))) as StartExecutionFailure;

    // Assess
    expect(error.message).toContain('2 of 3 records');
    expect(error.message).toContain('bucket "b1" key "a.txt"');
    expect(error.message).toContain('bucket "b2" key "c.txt"');
    expect(error.message).not.toContain('b.txt');
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect((error.cause as AggregateError).errors.map((cause: Error) => cause.name)).toEqual([
      'ThrottlingException',
      'InternalServerError',
    ]);
  });
});

describe('start-execution invalid records and events', () => {
  it('reports an invalid record among valid ones without throwing, logged at error level', async () => {
    // Prepare
    failFor({});
    const { handler, logger } = build();
    const event = notification(
      notificationRecord({ bucket: 'uploads', key: 'ok1.txt' }),
      notificationRecord({ bucket: 'uploads', key: 'bad%E0%A4%A.txt' }),
      notificationRecord({ bucket: 'uploads', key: 'ok2.txt' }),
    );

    // Act
    const { results } = await handler(event);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['started', 'invalid', 'started']);
    expect(results[1]).toMatchObject({ bucket: 'uploads', key: 'bad%E0%A4%A.txt', executionName: null });
    expect(results[1]!.reason).toContain('s3.object.key');
    expect(startedKeys().sort()).toEqual(['ok1.txt', 'ok2.txt']);
    const errorLine = logger.at('error')[0];
    expect(errorLine?.attributes).toMatchObject({ bucket: 'uploads', key: 'bad%E0%A4%A.txt', status: 'invalid' });
  });

  it('throws InvalidEvent for an unknown shape, logged, without calling Step Functions', async () => {
    // Prepare
    const { handler, logger } = build();

    // Act
    const error = await rejection(handler({ detail: { something: 'else' } }));

    // Assess
    expect(error).toBeInstanceOf(InvalidEvent);
    expect((error as Error).message).toContain('S3 event notification');
    expect(logger.at('error')[0]?.message).toBe('Unsupported event');
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('createHandler settings', () => {
  it.each([
    ['an empty state machine ARN', { stateMachineArn: ' ' }, /stateMachineArn/],
    ['a zero concurrency', { concurrency: 0 }, /concurrency must be a positive integer, got 0/],
    ['a fractional concurrency', { concurrency: 1.5 }, /concurrency/],
    ['an empty output bucket', { outputBucket: '' }, /outputBucket/],
    ['an empty prefix without an output bucket', { outputPrefix: '' }, /every object would be skipped/],
  ])('rejects %s with ConfigurationError', (_case, overrides, message) => {
    // Act / Assess
    expect(() => build(overrides as Partial<StartExecutionDeps>)).toThrow(ConfigurationError);
    expect(() => build(overrides as Partial<StartExecutionDeps>)).toThrow(message);
  });

  it('accepts an empty prefix with an output bucket: the whole output bucket is skipped', async () => {
    // Prepare
    failFor({});
    const { handler } = build({ outputPrefix: '', outputBucket: 'results' });

    // Act
    const { results } = await handler(
      notification(notificationRecord({ bucket: 'results', key: 'a.txt' }), notificationRecord({ bucket: 'uploads', key: 'a.txt' })),
    );

    // Assess
    expect(results.map((result) => result.status)).toEqual(['skipped', 'started']);
  });
});
