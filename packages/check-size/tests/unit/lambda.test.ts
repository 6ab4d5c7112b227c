import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../src/index.js';

// The Lambda entry reads its settings once, on the first invocation, so the environment is set
// before any call and the module-level client is the one aws-sdk-client-mock intercepts.
const s3Mock = mockClient(S3Client);

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('SIZEGATE_BUCKET', '');
  vi.stubEnv('bucket', 'legacy-bucket');
  vi.stubEnv('SIZEGATE_KEY', 'env/key.bin');
  vi.stubEnv('file', 'legacy/file.bin');
});

afterAll(() => {
  vi.unstubAllEnvs();
  s3Mock.restore();
});

describe('the Lambda entry handler', () => {
  it('sizes the environment fallback object for an empty event, reusing one client', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 11 });

    // Act
    const first = await handler({});
    const second = await handler({ bucket: 'event-bucket', key: 'event/key' });

    // Assess
    expect(first).toMatchObject({ bucket: 'legacy-bucket', key: 'env/key.bin', size: 11 });
    expect(second).toMatchObject({ bucket: 'event-bucket', key: 'event/key', size: 11 });
    const calls = s3Mock.commandCalls(HeadObjectCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      { Bucket: 'legacy-bucket', Key: 'env/key.bin' },
      { Bucket: 'event-bucket', Key: 'event/key' },
    ]);
    expect(calls[0]!.thisValue).toBe(calls[1]!.thisValue);
  });
});
