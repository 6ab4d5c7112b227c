import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../src/index.js';

const s3Mock = mockClient(S3Client);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  s3Mock.reset();
});

describe('createHandler without a logger', () => {
  it('logs structured JSON through Powertools with the service name, bucket, key and size', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 123, VersionId: 'v7' });
    const handler = createHandler({ s3: new S3Client({ region: 'us-east-1' }) });

    // Act
    await handler({ bucket: 'logged-bucket', key: 'logged/key.bin' });

    // Assess
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'));
    const sized = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['message'] === 'Object sized');
    expect(sized).toMatchObject({
      level: 'INFO',
      service: 'sizegate-check-size',
      bucket: 'logged-bucket',
      key: 'logged/key.bin',
      versionId: 'v7',
      size: 123,
    });
  });
});
