import { S3Client } from '@aws-sdk/client-s3';
import {
  type Answer,
  type AnsweringServer,
  CANARY_CREDENTIALS,
  captureProcessOutput,
  echoedCredentials,
  everythingIn,
  RecordingLogger,
  rejection,
  s3ErrorAnswer,
  startAnsweringServer,
} from '@sizegate/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../src/index.js';

// "Errors never echo credentials": the SDK reads distinctive credentials from the environment
// (as in Lambda) and signs real requests with them; the handler is driven into each error path
// and neither the thrown error (message, cause chain, every property) nor any log line may
// contain them.
let server: AnsweringServer | undefined;

beforeAll(() => {
  for (const [name, value] of Object.entries(CANARY_CREDENTIALS)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.stubEnv('SIZEGATE_OUTPUT_BUCKET', '');
});

afterAll(() => vi.unstubAllEnvs());

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const OBJECT_BYTES = 'sizegate-canary-object-bytes: do not log me\n';
const sized = (key: string) => ({ bucket: 'incoming', key, versionId: null, size: Buffer.byteLength(OBJECT_BYTES), etag: '"e"' });

/** GetObject answers `get`; PutObject (the manifest) answers `put`. */
function s3Answers(get: Answer | 'object', put: Answer | 'ok' = 'ok'): (request: { method?: string | undefined }) => Answer {
  return (request) => {
    if (request.method === 'PUT') return put === 'ok' ? { status: 200, headers: { etag: '"m"' } } : put;
    return get === 'object' ? { status: 200, headers: { etag: '"e"', 'content-type': 'text/plain' }, body: OBJECT_BYTES } : get;
  };
}

describe('errors never echo credentials', () => {
  it.each([
    ['GetObject access denied', s3Answers(s3ErrorAnswer(403, 'AccessDenied', 'Access Denied')), 'AccessDenied'],
    [
      'GetObject KMS key denied',
      s3Answers(s3ErrorAnswer(403, 'AccessDenied', 'User is not authorized to perform: kms:Decrypt')),
      'AccessDenied',
    ],
    [
      'GetObject of a missing bucket',
      s3Answers(s3ErrorAnswer(404, 'NoSuchBucket', 'The specified bucket does not exist')),
      'ObjectNotFound',
    ],
    [
      'GetObject object changed',
      s3Answers(s3ErrorAnswer(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold')),
      'ObjectChanged',
    ],
    [
      'GetObject internal error (propagated unchanged)',
      s3Answers(s3ErrorAnswer(500, 'InternalError', 'We encountered an internal error')),
      'InternalError',
    ],
    ['PutObject (the manifest) access denied', s3Answers('object', s3ErrorAnswer(403, 'AccessDenied', 'Access Denied')), 'AccessDenied'],
    [
      'PutObject (the manifest) internal error',
      s3Answers('object', s3ErrorAnswer(500, 'InternalError', 'We encountered an internal error')),
      'ManifestWriteThrottled',
    ],
    [
      'PutObject (the manifest) refused for good',
      s3Answers('object', s3ErrorAnswer(400, 'InvalidArgument', 'Invalid Argument')),
      'ManifestWriteFailed',
    ],
  ])('errors never echo credentials: %s, with a client signing with the environment credentials', async (_case, answer, expectedName) => {
    // Prepare
    server = await startAnsweringServer(answer);
    const logger = new RecordingLogger();
    const s3 = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, maxAttempts: 1 });
    const handler = createHandler({ s3, logger });

    // Act
    const error = await rejection(handler(sized('secret-report.txt')));
    s3.destroy();

    // Assess
    expect((error as Error).name, String((error as Error).stack)).toBe(expectedName);
    expect(server.authorizations.join('\n')).toContain(`Credential=${CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID}/`);
    expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_SESSION_TOKEN);
    expect(echoedCredentials(everythingIn(error))).toEqual([]);
    expect(echoedCredentials(JSON.stringify(logger.lines))).toEqual([]);
    // Logs never contain object contents, on the error paths either.
    expect(JSON.stringify(logger.lines)).not.toContain('sizegate-canary-object-bytes');
    expect(logger.at('error')).toHaveLength(1);
  });

  it('errors never echo credentials: the Lambda entry with bad input and with S3 errors', async () => {
    // Prepare: the entry builds its own client from the environment; AWS_ENDPOINT_URL_S3 points it at the local server
    server = await startAnsweringServer(s3Answers(s3ErrorAnswer(403, 'AccessDenied', 'Access Denied')));
    vi.stubEnv('AWS_ENDPOINT_URL_S3', server.endpoint);
    vi.resetModules();
    const { handler } = await import('../../src/lambda.js');
    const output = captureProcessOutput();
    let badInput: unknown;
    let denied: unknown;

    // Act
    try {
      badInput = await rejection(handler({} as never));
      denied = await rejection(handler(sized('secret-report.txt')));
    } finally {
      output.restore();
    }

    // Assess
    expect([(badInput as Error).name, (denied as Error).name]).toEqual(['InvalidInput', 'AccessDenied']);
    expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID);
    expect(output.text()).toContain('secret-report.txt');
    expect(echoedCredentials(everythingIn(badInput))).toEqual([]);
    expect(echoedCredentials(everythingIn(denied))).toEqual([]);
    expect(echoedCredentials(output.text())).toEqual([]);
  });
});
