import { HeadBucketCommand, HeadObjectCommand, NoSuchBucket, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { AccessDenied, ObjectNotFound, ObjectReadFailed } from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/index.js';
import { rejection, serviceErrorInit } from '@sizegate/testing';
import { s3Error } from '../helpers/errors.js';
import { RecordingLogger } from '@sizegate/testing';

const s3Mock = mockClient(S3Client);
const BUCKET = 'incoming';
const KEY = 'uploads/report.csv';

let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  logger = new RecordingLogger();
});

function handler(fallback?: { bucket?: string; key?: string }) {
  return createHandler({ s3: new S3Client({ region: 'us-east-1' }), logger, fallback });
}

describe('createHandler: S3 errors', () => {
  it('turns HeadObject 404 NotFound into ObjectNotFound naming bucket, key and version', async () => {
    // Prepare
    const sdkError = new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId: 'v1' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    const notFound = error as ObjectNotFound;
    expect(notFound.name).toBe('ObjectNotFound');
    expect(notFound.message).toContain(`bucket "${BUCKET}"`);
    expect(notFound.message).toContain(`key "${KEY}"`);
    expect(notFound.message).toContain('versionId "v1"');
    expect(notFound.cause).toBe(sdkError);
    expect(notFound).toMatchObject({ bucket: BUCKET, key: KEY, versionId: 'v1' });
  });

  it.each([
    ['NoSuchKey', 404],
    ['UnknownError', 404],
  ])('turns %s (HTTP %i) into ObjectNotFound', async (name, status) => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(s3Error(name, status));

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toContain(KEY);
  });

  it('missing bucket (HeadObject 404 NotFound, no error body) → HeadBucket 404 → ObjectNotFound saying the bucket does not exist, bucket/key in the message, the HeadObject error as cause', async () => {
    // Prepare: what S3 really answers: a HEAD has no error body, so the SDK says NotFound for bucket and key alike
    const headObjectError = new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } });
    const headBucketError = Object.assign(new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } }), {
      $response: { statusCode: 404, body: { signedRequest: 'Authorization: AWS4-HMAC-SHA256 Credential=AKID…' } },
    });
    s3Mock.on(HeadObjectCommand).rejects(headObjectError);
    s3Mock.on(HeadBucketCommand).rejects(headBucketError);

    // Act
    const error = await rejection(handler()({ bucket: 'no-such-bucket', key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toBe(`Object not found: the bucket does not exist (bucket "no-such-bucket", key "${KEY}")`);
    expect(error).toMatchObject({ bucket: 'no-such-bucket', key: KEY, versionId: null });
    expect((error as Error).cause).toBe(headObjectError);
    expect(s3Mock.commandCalls(HeadBucketCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: 'no-such-bucket' }]);
    expect(headBucketError.$response).toEqual({ statusCode: 404, body: undefined });
    expect(logger.at('error')[0]!.attributes).toMatchObject({ errorName: 'ObjectNotFound', sdkErrorName: 'NotFound', httpStatusCode: 404 });
  });

  it.each([
    [null, 'the key does not'],
    ['v7', 'the key or that version does not'],
  ])(
    'missing key (HeadObject 404 NotFound, versionId %s) in a bucket HeadBucket finds → ObjectNotFound saying the bucket exists',
    async (versionId, said) => {
      // Prepare
      const headObjectError = new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } });
      s3Mock.on(HeadObjectCommand).rejects(headObjectError);
      s3Mock.on(HeadBucketCommand).resolves({ $metadata: { httpStatusCode: 200 } });

      // Act
      const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId }));

      // Assess
      expect(error).toBeInstanceOf(ObjectNotFound);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Object not found: HeadObject answered 404; the bucket exists, ${said} \\(bucket "${BUCKET}", key "uploads/report.csv"`,
        ),
      );
      expect((error as Error).cause).toBe(headObjectError);
    },
  );

  it.each([
    ['403 (no s3:ListBucket)', () => new S3ServiceException(serviceErrorInit('Forbidden', 403, 'UnknownError'))],
    ['a 301 redirect (another region)', () => new S3ServiceException(serviceErrorInit('PermanentRedirect', 301, 'UnknownError'))],
    ['a timeout', () => Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' })],
  ])('HeadObject 404 and HeadBucket failing with %s → the plain ObjectNotFound for the key', async (_what, makeError) => {
    // Prepare
    const headObjectError = new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(HeadObjectCommand).rejects(headObjectError);
    s3Mock.on(HeadBucketCommand).rejects(makeError());

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toBe(`Object not found: HeadObject answered 404 (bucket "${BUCKET}", key "${KEY}")`);
    expect((error as Error).cause).toBe(headObjectError);
  });

  it('a NoSuchBucket that arrives with its name (a store that sends HEAD error bodies) → "the bucket does not exist" without asking HeadBucket', async () => {
    // Prepare
    const sdkError = new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } });
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: 'no-such-bucket', key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toMatch(/^Object not found: the bucket does not exist \(bucket "no-such-bucket"/);
    expect((error as Error).cause).toBe(sdkError);
    expect(s3Mock.commandCalls(HeadBucketCommand)).toHaveLength(0);
  });

  it('a versionId that is a delete marker (HeadObject 405, no error body: the SDK names it "Unknown") → ObjectNotFound naming bucket, key and versionId, saying it is a delete marker', async () => {
    // Prepare: as the SDK reports S3's 405 to a HEAD
    const sdkError = new S3ServiceException(serviceErrorInit('Unknown', 405, 'UnknownError'));
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId: 'marker-1' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toBe(
      `Object not found: that version is a delete marker (HeadObject answered 405 MethodNotAllowed) (bucket "${BUCKET}", key "${KEY}", versionId "marker-1")`,
    );
    expect(error).toMatchObject({ bucket: BUCKET, key: KEY, versionId: 'marker-1' });
    expect((error as Error).cause).toBe(sdkError);
    expect(s3Mock.commandCalls(HeadBucketCommand)).toHaveLength(0);
  });

  it('a MethodNotAllowed that arrives with its name, for a versionId → the same delete-marker ObjectNotFound', async () => {
    // Prepare
    s3Mock
      .on(HeadObjectCommand)
      .rejects(
        new S3ServiceException(serviceErrorInit('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.')),
      );

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId: 'marker-1' }));

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toMatch(/that version is a delete marker/);
  });

  it('a 405 without a versionId (no delete marker can be meant) propagates unchanged', async () => {
    // Prepare
    const sdkError = new S3ServiceException(serviceErrorInit('Unknown', 405, 'UnknownError'));
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBe(sdkError);
  });

  it.each([
    ['Forbidden', 403],
    ['AccessDenied', 403],
    ['UnknownError', 403],
  ])(
    'access denied (%s, HTTP %i) → AccessDenied naming bucket/key, with the ListBucket and KMS hints, the SDK error as cause',
    async (name, status) => {
      // Prepare
      const sdkError = s3Error(name, status);
      s3Mock.on(HeadObjectCommand).rejects(sdkError);

      // Act
      const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

      // Assess
      expect(error).toBeInstanceOf(AccessDenied);
      const message = (error as Error).message;
      expect(message).toContain('S3 answers 403 instead of 404 for a missing key when the caller lacks s3:ListBucket on the bucket');
      expect(message).toContain('kms:Decrypt');
      expect(message).toContain(`bucket "${BUCKET}"`);
      expect(message).toContain(`key "${KEY}"`);
      expect((error as Error).cause).toBe(sdkError);
    },
  );

  it.each([
    [
      'AccessDenied',
      403,
      'User: arn:aws:sts::111122223333:assumed-role/check-size/fn is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action',
    ],
    [
      'KMS.AccessDeniedException',
      403,
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    ],
    ['KMS.AccessDeniedException', 400, 'User is not authorized to perform: kms:Decrypt'],
  ])(
    'KMS key denied (%s, HTTP %i) → AccessDenied naming bucket/key and kms:Decrypt, the KMS error as cause',
    async (name, status, message) => {
      // Prepare
      const sdkError = new S3ServiceException(serviceErrorInit(name, status, message));
      s3Mock.on(HeadObjectCommand).rejects(sdkError);

      // Act
      const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId: 'v9' }));

      // Assess
      expect(error).toBeInstanceOf(AccessDenied);
      expect((error as AccessDenied).message).toContain(`(bucket "${BUCKET}", key "${KEY}", versionId "v9")`);
      expect((error as AccessDenied).message).toContain('kms:Decrypt on the encryption key');
      expect(error).toMatchObject({ bucket: BUCKET, key: KEY, versionId: 'v9' });
      expect((error as Error).cause).toBe(sdkError);
    },
  );

  it.each([
    ['InternalError', 500],
    ['SlowDown', 503],
  ])('lets %s (HTTP %s) propagate unchanged', async (name, status) => {
    // Prepare
    const sdkError = s3Error(name, status);
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBe(sdkError);
  });

  it.each([
    [
      'the SDK TimeoutError (request timeout)',
      () => Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
      /TimeoutError: Connection timed out after 10000 ms/,
    ],
    ['S3 RequestTimeout (HTTP 400)', () => s3Error('RequestTimeout', 400), /RequestTimeout: RequestTimeout from the mock/],
    [
      'an AbortError',
      () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }),
      /AbortError: The operation was aborted/,
    ],
    ['ECONNRESET', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), /Error ECONNRESET: read ECONNRESET/],
    ['EPIPE', () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), /Error EPIPE/],
    ['ETIMEDOUT', () => Object.assign(new Error('connect ETIMEDOUT 52.216.0.1:443'), { code: 'ETIMEDOUT' }), /Error ETIMEDOUT/],
    ['ECONNREFUSED', () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }), /Error ECONNREFUSED/],
    [
      'a DNS failure (EAI_AGAIN)',
      () => Object.assign(new Error('getaddrinfo EAI_AGAIN s3.amazonaws.com'), { code: 'EAI_AGAIN' }),
      /Error EAI_AGAIN/,
    ],
    ['a bare "aborted" (connection dropped)', () => new Error('aborted'), /\(Error: aborted\)/],
  ])(
    'HeadObject failing with %s → ObjectReadFailed naming bucket, key and version, the original as cause',
    async (_what, makeError, described) => {
      // Prepare
      const original = makeError();
      s3Mock.on(HeadObjectCommand).rejects(original);

      // Act
      const error = await rejection(handler()({ bucket: BUCKET, key: KEY, versionId: 'v3' }));

      // Assess
      expect(error).toBeInstanceOf(ObjectReadFailed);
      expect((error as Error).name).toBe('ObjectReadFailed');
      expect((error as Error).message).toMatch(/^HeadObject failed for a transient reason \(/);
      expect((error as Error).message).toMatch(described);
      expect((error as Error).message).toContain(`(bucket "${BUCKET}", key "${KEY}", versionId "v3")`);
      expect(error).toMatchObject({ bucket: BUCKET, key: KEY, versionId: 'v3' });
      expect((error as Error).cause).toBe(original);
    },
  );

  it("drops the raw HTTP response body of a RequestTimeout kept as ObjectReadFailed's cause", async () => {
    // Prepare: the SDK keeps the response, whose body references the signed request
    const sdkError = Object.assign(s3Error('RequestTimeout', 400), {
      $response: { statusCode: 400, body: { signedRequest: 'Authorization: AWS4-HMAC-SHA256 Credential=AKID…' } },
    });
    s3Mock.on(HeadObjectCommand).rejects(sdkError);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBeInstanceOf(ObjectReadFailed);
    expect((error as Error).cause).toBe(sdkError);
    expect(sdkError.$response).toEqual({ statusCode: 400, body: undefined });
  });

  it.each([
    ['a plain Error', () => new Error('something unexpected')],
    ['a TypeError', () => new TypeError('Cannot read properties of undefined')],
    [
      'an error with an unrelated code',
      () => Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
    ],
  ])('lets %s propagate unchanged (not a transient read failure)', async (_what, makeError) => {
    // Prepare
    const unrelated = makeError();
    s3Mock.on(HeadObjectCommand).rejects(unrelated);

    // Act
    const error = await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(error).toBe(unrelated);
  });

  it('logs a HeadObject timeout as ObjectReadFailed with the SDK error name, bucket and key', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));

    // Act
    await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(logger.at('error')[0]!.attributes).toMatchObject({
      bucket: BUCKET,
      key: KEY,
      errorName: 'ObjectReadFailed',
      sdkErrorName: 'TimeoutError',
    });
  });

  it('logs a failed HeadObject with bucket, key and the error names', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));

    // Act
    await rejection(handler()({ bucket: BUCKET, key: KEY }));

    // Assess
    expect(logger.at('error')).toHaveLength(1);
    expect(logger.at('error')[0]!.attributes).toMatchObject({
      bucket: BUCKET,
      key: KEY,
      versionId: null,
      errorName: 'AccessDenied',
      sdkErrorName: 'Forbidden',
      httpStatusCode: 403,
    });
    expect(logger.at('info')).toEqual([]);
  });
});
