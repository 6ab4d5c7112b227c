import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../src/index.js';
import { S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS } from '../../src/lambda.js';

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

  it('SDK request and connection timeouts are set on the client the Lambda entry builds', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ ContentLength: 1 });
    await handler({ bucket: 'b', key: 'k' });
    const client = s3Mock.commandCalls(HeadObjectCommand).at(-1)!.thisValue as S3Client;

    // Act
    const config = await requestHandlerConfig(client);

    // Assess
    expect(config).toMatchObject({ connectionTimeout: S3_CONNECTION_TIMEOUT_MS, requestTimeout: S3_REQUEST_TIMEOUT_MS });
    expect([S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS]).toEqual([5_000, 10_000]);
  });
});

/** What the SDK's Node.js request handler was configured with (resolved from the client's requestHandler option). */
async function requestHandlerConfig(client: { config: { requestHandler: unknown } }): Promise<Record<string, unknown>> {
  const { configProvider } = client.config.requestHandler as { configProvider?: Promise<Record<string, unknown>> };
  if (configProvider === undefined) throw new Error('the client has no Node.js HTTP request handler');
  return configProvider;
}
