import { S3Client } from '@aws-sdk/client-s3';
import {
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
  vi.stubEnv('SIZEGATE_BUCKET', '');
  vi.stubEnv('SIZEGATE_KEY', '');
  vi.stubEnv('bucket', '');
  vi.stubEnv('file', '');
});

afterAll(() => vi.unstubAllEnvs());

afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

describe('errors never echo credentials', () => {
  it.each([
    // HEAD responses carry no body: the SDK names the error from the status alone.
    ['access denied', s3ErrorAnswer(403, 'AccessDenied', 'Access Denied'), 'AccessDenied'],
    ['a missing bucket or key', s3ErrorAnswer(404, 'NoSuchBucket', 'The specified bucket does not exist'), 'ObjectNotFound'],
    ['an S3 internal error (propagated unchanged)', s3ErrorAnswer(500, 'InternalError', 'We encountered an internal error'), 'Unknown'],
  ])(
    'errors never echo credentials: HeadObject %s, with a client signing with the environment credentials',
    async (_case, answer, expectedName) => {
      // Prepare
      server = await startAnsweringServer(() => answer);
      const logger = new RecordingLogger();
      const s3 = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, maxAttempts: 1 });
      const handler = createHandler({ s3, logger });

      // Act
      const error = await rejection(handler({ bucket: 'incoming', key: 'secret-report.csv' }));
      s3.destroy();

      // Assess
      expect((error as Error).name, String((error as Error).stack)).toBe(expectedName);
      expect(server.authorizations.join('\n')).toContain(`Credential=${CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID}/`);
      expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_SESSION_TOKEN);
      expect(echoedCredentials(everythingIn(error))).toEqual([]);
      expect(echoedCredentials(JSON.stringify(logger.lines))).toEqual([]);
      expect(logger.at('error')).toHaveLength(1);
    },
  );

  it('errors never echo credentials: a network failure (nothing listening)', async () => {
    // Prepare
    server = await startAnsweringServer(() => ({ status: 200 }));
    const endpoint = server.endpoint;
    await server.close();
    server = undefined;
    const logger = new RecordingLogger();
    const s3 = new S3Client({ endpoint, forcePathStyle: true, maxAttempts: 1 });

    // Act
    const error = await rejection(createHandler({ s3, logger })({ bucket: 'incoming', key: 'k.csv' }));
    s3.destroy();

    // Assess
    expect(everythingIn(error)).toMatch(/ECONNREFUSED/);
    expect(echoedCredentials(everythingIn(error))).toEqual([]);
    expect(echoedCredentials(JSON.stringify(logger.lines))).toEqual([]);
  });

  it('errors never echo credentials: the Lambda entry with bad config (no object in the event or the environment) and with S3 errors', async () => {
    // Prepare: the entry builds its own client from the environment; AWS_ENDPOINT_URL_S3 points it at the local server
    server = await startAnsweringServer(() => s3ErrorAnswer(403, 'AccessDenied', 'Access Denied'));
    vi.stubEnv('AWS_ENDPOINT_URL_S3', server.endpoint);
    vi.resetModules();
    const { handler } = await import('../../src/lambda.js');
    const output = captureProcessOutput();
    let badConfig: unknown;
    let denied: unknown;

    // Act
    try {
      badConfig = await rejection(handler({}));
      denied = await rejection(handler({ bucket: 'incoming', key: 'secret-report.csv' }));
    } finally {
      output.restore();
    }

    // Assess
    expect([(badConfig as Error).name, (denied as Error).name]).toEqual(['InvalidInput', 'AccessDenied']);
    expect(server.authorizations.join('\n')).toContain(CANARY_CREDENTIALS.AWS_ACCESS_KEY_ID);
    expect(output.text()).toContain('secret-report.csv');
    expect(echoedCredentials(everythingIn(badConfig))).toEqual([]);
    expect(echoedCredentials(everythingIn(denied))).toEqual([]);
    expect(echoedCredentials(output.text())).toEqual([]);
  });
});
