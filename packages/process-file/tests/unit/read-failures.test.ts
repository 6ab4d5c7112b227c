import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { RecordingLogger } from '@sizegate/testing';
import { ObjectChanged, ObjectReadFailed } from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler, ProcessorError, type Processor } from '../../src/index.js';
import { trackedBody } from '../helpers/bodies.js';
import { s3Error, sizedEvent } from '../helpers/s3-fixtures.js';

// Transient read failures (timeouts, resets, refused or unreachable connections) of the GetObject
// request or of its body become ObjectReadFailed, which the state machine retries; every other
// error keeps its meaning.
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const LOCATION = '(bucket "incoming", key "reports/2024/data.csv", versionId "v-1")';

let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
  logger = new RecordingLogger();
});

afterEach(() => {
  s3Mock.reset();
});

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

/** Each transient failure as Node.js or the SDK raises it, and how ObjectReadFailed's message describes it. */
const TRANSIENT_FAILURES: Array<[string, () => Error, RegExp]> = [
  [
    'the SDK TimeoutError (socket timeout)',
    () => named('socket timed out after 150 ms of inactivity', 'TimeoutError'),
    /\(TimeoutError: socket timed out after 150 ms of inactivity\)/,
  ],
  [
    'S3 RequestTimeout (HTTP 400)',
    () => s3Error('RequestTimeout', 400, 'Your socket connection to the server was not read from or written to within the timeout period.'),
    /\(RequestTimeout: Your socket connection/,
  ],
  ['an AbortError', () => named('The operation was aborted', 'AbortError'), /\(AbortError: The operation was aborted\)/],
  ['ECONNRESET', () => withCode('read ECONNRESET', 'ECONNRESET'), /\(Error ECONNRESET: read ECONNRESET\)/],
  ['EPIPE', () => withCode('write EPIPE', 'EPIPE'), /\(Error EPIPE: write EPIPE\)/],
  ['ETIMEDOUT', () => withCode('connect ETIMEDOUT 52.216.0.1:443', 'ETIMEDOUT'), /\(Error ETIMEDOUT: connect ETIMEDOUT/],
  ['ECONNREFUSED', () => withCode('connect ECONNREFUSED 127.0.0.1:443', 'ECONNREFUSED'), /\(Error ECONNREFUSED: connect ECONNREFUSED/],
  ['ENOTFOUND', () => withCode('getaddrinfo ENOTFOUND incoming.s3.amazonaws.com', 'ENOTFOUND'), /\(Error ENOTFOUND: getaddrinfo/],
  ['a bare "aborted" (Node.js, connection dropped)', () => new Error('aborted'), /\(Error: aborted\)/],
];

/** Errors that are not transient read failures: they must come out exactly as they went in. */
const UNRELATED_FAILURES: Array<[string, () => Error]> = [
  ['a plain Error', () => new Error('something unexpected')],
  ['a TypeError', () => new TypeError('Cannot read properties of undefined')],
  ['an error with an unrelated code', () => withCode('unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')],
];

function handler(processors: Processor[] = []) {
  return createHandler({ s3, logger, processors });
}

describe('process-file: the GetObject request fails for a transient reason', () => {
  it.each(TRANSIENT_FAILURES)(
    '%s → ObjectReadFailed naming bucket, key and version, the original as cause, no manifest',
    async (_what, makeError, described) => {
      // Prepare
      const original = makeError();
      s3Mock.on(GetObjectCommand).rejects(original);

      // Act
      const error = await handler()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ObjectReadFailed);
      expect((error as Error).name).toBe('ObjectReadFailed');
      expect((error as Error).message).toMatch(/^Reading the object failed: the GetObject request failed \(/);
      expect((error as Error).message).toMatch(described);
      expect((error as Error).message).toContain(LOCATION);
      expect(error).toMatchObject({ bucket: 'incoming', key: 'reports/2024/data.csv', versionId: 'v-1' });
      expect((error as Error).cause).toBe(original);
      expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
      expect(logger.at('error')[0]?.attributes).toMatchObject({
        bucket: 'incoming',
        key: 'reports/2024/data.csv',
        errorName: 'ObjectReadFailed',
        sdkErrorName: original.name,
      });
    },
  );

  it.each(UNRELATED_FAILURES)('%s is not a read failure: it propagates unchanged', async (_what, makeError) => {
    // Prepare
    const unrelated = makeError();
    s3Mock.on(GetObjectCommand).rejects(unrelated);

    // Act
    const error = await handler()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBe(unrelated);
  });

  it('drops the raw HTTP response body of a RequestTimeout kept as the cause', async () => {
    // Prepare: the SDK keeps the response, whose body references the signed request
    const sdkError = Object.assign(s3Error('RequestTimeout', 400), {
      $response: { statusCode: 400, body: { signedRequest: 'Authorization: AWS4-HMAC-SHA256 Credential=AKID…' } },
    });
    s3Mock.on(GetObjectCommand).rejects(sdkError);

    // Act
    const error = await handler()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectReadFailed);
    expect((error as Error).cause).toBe(sdkError);
    expect(sdkError.$response).toEqual({ statusCode: 400, body: undefined });
  });

  it('a 412 keeps meaning ObjectChanged, whatever else the error carries', async () => {
    // Prepare: a precondition failure never becomes a read failure
    s3Mock.on(GetObjectCommand).rejects(s3Error('PreconditionFailed', 412));

    // Act
    const error = await handler()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
  });
});

describe('process-file: the GetObject body fails mid-way for a transient reason', () => {
  it.each(TRANSIENT_FAILURES)(
    '%s → ObjectReadFailed saying how far the read got, the original as cause, the body destroyed, no manifest',
    async (_what, makeError, described) => {
      // Prepare: two of three 2-byte chunks arrive, then the body fails
      const original = makeError();
      const tracked = trackedBody(['ab', 'cd', 'ef'], { failAfter: 2, failWith: () => original });
      s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });

      // Act
      const error = await handler()(sizedEvent({ size: 6 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ObjectReadFailed);
      expect((error as Error).message).toMatch(/^Reading the object failed mid-way: the GetObject body failed after 4 of 6 bytes \(/);
      expect((error as Error).message).toMatch(described);
      expect((error as Error).message).toContain(LOCATION);
      expect((error as Error).cause).toBe(original);
      expect(tracked.stream.destroyed).toBe(true);
      expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    },
  );

  it('a body ended before its last byte (ERR_STREAM_PREMATURE_CLOSE) → ObjectReadFailed', async () => {
    // Prepare
    const premature = withCode('Premature close', 'ERR_STREAM_PREMATURE_CLOSE');
    const tracked = trackedBody(['ab', 'cd'], { failAfter: 1, failWith: () => premature });
    s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });

    // Act
    const error = await handler()(sizedEvent({ size: 4 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectReadFailed);
    expect((error as Error).cause).toBe(premature);
  });

  it.each(UNRELATED_FAILURES)(
    '%s from the body is not a read failure: it propagates unchanged, the body destroyed',
    async (_what, makeError) => {
      // Prepare
      const unrelated = makeError();
      const tracked = trackedBody(['ab', 'cd'], { failAfter: 1, failWith: () => unrelated });
      s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });

      // Act
      const error = await handler()(sizedEvent({ size: 4 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBe(unrelated);
      expect(tracked.stream.destroyed).toBe(true);
    },
  );
});

describe('process-file: errors of the code reading the body are never read failures', () => {
  it('a processor failing with ECONNRESET (its own connection) → ProcessorError, not ObjectReadFailed', async () => {
    // Prepare
    const ownReset = withCode('read ECONNRESET', 'ECONNRESET');
    const uploader: Processor = {
      name: 'uploader',
      start: () => ({
        update: () => {
          throw ownReset;
        },
        finish: () => ({}),
      }),
    };
    serveBody(['ab', 'cd']);

    // Act
    const error = await handler([uploader])(sizedEvent({ size: 4 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ProcessorError);
    expect((error as Error).cause).toBe(ownReset);
  });

  it('more bytes than sized → ObjectChanged, although reading stops (and the body is destroyed) mid-way', async () => {
    // Prepare
    const tracked = serveBody(['ab', 'cd', 'ef']);

    // Act
    const error = await handler()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect(tracked.stream.destroyed).toBe(true);
  });
});

function serveBody(chunks: string[]) {
  const tracked = trackedBody(chunks);
  s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });
  return tracked;
}
