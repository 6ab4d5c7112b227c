import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../src/index.js';
import { S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS, S3_SOCKET_TIMEOUT_MS } from '../../src/lambda.js';
import { trackedBody } from '../helpers/bodies.js';
import { sha256Hex, sizedEvent } from '../helpers/s3-fixtures.js';

// The Lambda entry reads its settings once, on the first invocation, so the environment is set
// before any call and the module-level client is the one aws-sdk-client-mock intercepts.
const s3Mock = mockClient(S3Client);

beforeAll(() => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('SIZEGATE_OUTPUT_BUCKET', 'manifests');
  vi.stubEnv('SIZEGATE_OUTPUT_PREFIX', 'env-prefix/');
});

afterAll(() => {
  vi.unstubAllEnvs();
  s3Mock.restore();
});

describe('the Lambda entry handler', () => {
  it('writes manifests where the environment says, reusing one client', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).callsFake(() => ({ Body: trackedBody(['hello']).body, ETag: sizedEvent().etag }));
    s3Mock.on(PutObjectCommand).resolves({});

    // Act
    const first = await handler(sizedEvent({ size: 5, key: 'a.txt' }));
    const second = await handler(sizedEvent({ size: 5, key: 'b.txt' }));

    // Assess
    expect(first).toMatchObject({ manifestBucket: 'manifests', manifestKey: 'env-prefix/a.txt.manifest.json', sha256: sha256Hex('hello') });
    expect(second).toMatchObject({ manifestBucket: 'manifests', manifestKey: 'env-prefix/b.txt.manifest.json' });
    const calls = s3Mock.commandCalls(GetObjectCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.thisValue).toBe(calls[1]!.thisValue);
  });

  it('SDK request and connection timeouts are set on the client the Lambda entry builds', async () => {
    // Prepare: the first test already invoked the entry, so its client exists
    const client = s3Mock.commandCalls(GetObjectCommand).at(-1)!.thisValue as S3Client;

    // Act
    const config = await requestHandlerConfig(client);

    // Assess
    expect(config).toMatchObject({
      connectionTimeout: S3_CONNECTION_TIMEOUT_MS,
      requestTimeout: S3_REQUEST_TIMEOUT_MS,
      socketTimeout: S3_SOCKET_TIMEOUT_MS,
    });
    expect([S3_CONNECTION_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS, S3_SOCKET_TIMEOUT_MS]).toEqual([5_000, 30_000, 30_000]);
  });
});

/** What the SDK's Node.js request handler was configured with (resolved from the client's requestHandler option). */
async function requestHandlerConfig(client: { config: { requestHandler: unknown } }): Promise<Record<string, unknown>> {
  const { configProvider } = client.config.requestHandler as { configProvider?: Promise<Record<string, unknown>> };
  if (configProvider === undefined) throw new Error('the client has no Node.js HTTP request handler');
  return configProvider;
}
