import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalRuntime } from '../../src/index.js';
import { rawRequest, RecordingLogger, type LogLine } from '@sizegate/testing';

// "Errors never echo credentials", for the local runtime: requests signed with distinctive
// credentials (SigV4 sends the access key id in Authorization and the session token in
// X-Amz-Security-Token; the secret key itself never leaves the client) are driven into the S3
// and Step Functions error paths. No response (status line, headers, body) and no log line of
// the runtime may contain them.
const ACCESS_KEY_ID = 'AKIASIZEGATECANARY02';
const SECRET_ACCESS_KEY = 'sizegateCanarySecret/Local+Runtime/0123456789abcdef';
const SESSION_TOKEN = 'sizegateCanarySessionTokenLocalRuntime0123456789';
const CANARIES = [ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN];

let local: LocalRuntime;
let port: number;
let logger: RecordingLogger;

beforeAll(async () => {
  logger = new RecordingLogger();
  local = await startLocal({ port: 0, logger });
  port = Number(new URL(local.endpoint).port);
});

afterAll(async () => {
  await local?.close();
});

/** Headers of a SigV4-signed request made with the canary credentials (the runtime does not verify signatures). */
function signedHeaders(service: 's3' | 'states'): Record<string, string> {
  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/20260101/${local.region}/${service}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=${'0'.repeat(64)}`,
    'x-amz-date': '20260101T000000Z',
    'x-amz-security-token': SESSION_TOKEN,
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

const echoed = (text: string): string[] => CANARIES.filter((canary) => text.includes(canary));
const logText = (lines: readonly LogLine[]): string => JSON.stringify(lines);

/** [case, method, path, S3 flavour or X-Amz-Target, body, expected status] */
type BadRequest = [string, string, () => string, string, string | (() => string) | undefined, number];

describe('errors never echo credentials: the local runtime', () => {
  it.each<BadRequest>([
    ['S3 GetObject of a missing key', 'GET', () => `/${local.bucket}/no-such-key.txt`, 's3', undefined, 404],
    ['S3 GetObject in a missing bucket', 'GET', () => '/no-such-bucket/key.txt', 's3', undefined, 404],
    [
      'S3 PutObject for another Host (refused: DNS rebinding guard)',
      'PUT',
      () => `/${local.bucket}/rebound.txt`,
      's3-other-host',
      'x',
      403,
    ],
    ['Step Functions malformed JSON', 'POST', () => '/', 'AWSStepFunctions.StartExecution', '{"stateMachineArn": ', 400],
    ['Step Functions unknown X-Amz-Target', 'POST', () => '/', 'AWSStepFunctions.NoSuchOperation', '{}', 400],
    ['Step Functions invalid ARN', 'POST', () => '/', 'AWSStepFunctions.DescribeExecution', '{"executionArn":"not-an-arn"}', 400],
    [
      'Step Functions invalid execution name',
      'POST',
      () => '/',
      'AWSStepFunctions.StartExecution',
      () => JSON.stringify({ stateMachineArn: local.stateMachineArn, name: 'has space' }),
      400,
    ],
  ])(
    'errors never echo credentials: %s signed with the canary → an error response without them',
    async (_case, method, path, target, body, status) => {
      // Prepare
      const headers =
        target === 's3'
          ? signedHeaders('s3')
          : target === 's3-other-host'
            ? { ...signedHeaders('s3'), host: 'attacker.example:80' }
            : { ...signedHeaders('states'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target };
      const linesBefore = logger.lines.length;

      // Act
      const response = await rawRequest(port, method, path(), headers, typeof body === 'function' ? body() : body);

      // Assess
      expect(response.status).toBe(status);
      expect(echoed(`${JSON.stringify(response.headers)}\n${response.body}`)).toEqual([]);
      expect(echoed(logText(logger.lines.slice(linesBefore)))).toEqual([]);
    },
  );

  it('errors never echo credentials: SDK clients signing with the canary get S3 and Step Functions errors that do not contain them', async () => {
    // Prepare
    const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN };
    const s3 = new S3Client({ endpoint: local.endpoint, region: local.region, forcePathStyle: true, credentials, maxAttempts: 1 });
    const sfn = new SFNClient({ endpoint: local.endpoint, region: local.region, credentials, maxAttempts: 1 });

    // Act
    const errors = await Promise.all([
      s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'missing.txt' })).catch((error: unknown) => error),
      sfn.send(new DescribeExecutionCommand({ executionArn: 'invalid' })).catch((error: unknown) => error),
      sfn
        .send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: 'bad name', input: '{}' }))
        .catch((error: unknown) => error),
    ]);
    s3.destroy();
    sfn.destroy();

    // Assess
    expect(errors.map((error) => (error as Error).name)).toEqual(['NoSuchKey', 'InvalidArn', 'InvalidName']);
    // What the runtime sent back: message, code, metadata and the parsed error fields (the SDK's own
    // hidden raw response references the client's signed request and is not the runtime's doing).
    for (const error of errors) expect(echoed(`${(error as Error).message}\n${inspect(error, { depth: 6 })}`)).toEqual([]);
    expect(echoed(logText(logger.lines))).toEqual([]);
  });
});
