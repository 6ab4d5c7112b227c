import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../src/index.js';
import { notification, notificationRecord } from '../helpers/events.js';

const sfnMock = mockClient(SFNClient);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  sfnMock.reset();
});

describe('createHandler without a logger', () => {
  it('logs structured JSON through Powertools with the service name and the record', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution:x', startDate: new Date(0) });
    const handler = createHandler({
      sfn: new SFNClient({ region: 'us-east-1' }),
      stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:s',
    });

    // Act
    const { results } = await handler(
      notification(notificationRecord({ bucket: 'logged-bucket', key: 'logged/key.bin', versionId: 'v7' })),
    );

    // Assess
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'));
    const started = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['message'] === 'Execution started');
    expect(started).toMatchObject({
      level: 'INFO',
      service: 'sizegate-start-execution',
      bucket: 'logged-bucket',
      key: 'logged/key.bin',
      versionId: 'v7',
      executionName: results[0]!.executionName,
      status: 'started',
      executionArn: 'arn:execution:x',
    });
  });
});
