import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AccessDenied,
  ConfigurationError,
  DEFAULT_OUTPUT_PREFIX,
  InvalidInput,
  MANIFEST_SUFFIX,
  ObjectChanged,
  ObjectNotFound,
  ObjectReadFailed,
  outputPrefixProblem,
} from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandler, ManifestWriteFailed, ManifestWriteThrottled } from '../../src/index.js';
import { trackedBody } from '../helpers/bodies.js';
import { RecordingLogger } from '@sizegate/testing';
import { s3Error, sha256Hex, sizedEvent } from '../helpers/s3-fixtures.js';

const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const PROCESSED_AT = new Date('2024-05-01T12:34:56.789Z');
const SECRET = 'password=hunter2';

let logger: RecordingLogger;

beforeEach(() => {
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).resolves({});
  logger = new RecordingLogger();
});

afterEach(() => {
  s3Mock.reset();
});

function handlerWith(options: Partial<Parameters<typeof createHandler>[0]> = {}) {
  return createHandler({ s3, logger, now: () => PROCESSED_AT, ...options });
}

/** Makes GetObject answer with `chunks` as the body and the given ETag (default: the sized one). */
function serve(chunks: ReadonlyArray<Buffer | string>, response: { ETag?: string; ContentLength?: number; VersionId?: string } = {}) {
  const tracked = trackedBody(chunks);
  s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag, ...response });
  return tracked;
}

function storedManifest(): unknown {
  const [call] = s3Mock.commandCalls(PutObjectCommand);
  return JSON.parse(String(call!.args[0].input.Body));
}

describe('process-file input validation', () => {
  it('names every bad field at once and calls S3 not at all', async () => {
    // Prepare
    const handler = handlerWith();
    const event = { bucket: '', key: 42, size: -1, etag: null, versionId: 7 } as never;

    // Act
    const error = await handler(event).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    const message = (error as Error).message;
    expect(message).toContain('bucket must be a non-empty string, got an empty string');
    expect(message).toContain('key must be a non-empty string, got number');
    expect(message).toContain('size must be a non-negative integer, got -1');
    expect(message).toContain('etag must be a non-empty string, got null');
    expect(message).toContain('versionId must be a non-empty string, null or absent, got number');
    expect(s3Mock.calls()).toHaveLength(0);
    expect(logger.at('error')).toHaveLength(1);
  });

  it.each([
    ['a fractional size', { size: 1.5 }, 'size must be a non-negative integer, got 1.5'],
    ['a string size', { size: '12' }, 'size must be a non-negative integer, got string'],
    ['a null size', { size: null }, 'size must be a non-negative integer, got null'],
    ['a missing etag', { etag: undefined }, 'etag must be a non-empty string, got nothing'],
    ['an empty versionId', { versionId: '' }, 'versionId must be a non-empty string, null or absent, got an empty string'],
  ])('rejects %s, naming the bucket and key', async (_name, overrides, expected) => {
    // Prepare
    const handler = handlerWith();

    // Act
    const error = await handler(sizedEvent(overrides)).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).message).toContain(expected);
    expect((error as Error).message).toContain('bucket "incoming", key "reports/2024/data.csv"');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'incoming/key'],
    ['nothing', undefined],
  ])('rejects %s as the event', async (_name, event) => {
    // Prepare
    const handler = handlerWith();

    // Act
    const error = await handler(event as never).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as Error).message).toMatch(/the event must be check-size's result/);
  });
});

describe('process-file GetObject request', () => {
  it('asks for exactly the sized version, with If-Match on the sized ETag', async () => {
    // Prepare
    serve(['abc']);

    // Act
    await handlerWith()(sizedEvent({ size: 3 }));

    // Assess
    const [call] = s3Mock.commandCalls(GetObjectCommand);
    expect(call!.args[0].input).toEqual({
      Bucket: 'incoming',
      Key: 'reports/2024/data.csv',
      VersionId: 'v-1',
      IfMatch: '"0123456789abcdef0123456789abcdef"',
    });
  });

  it.each([
    ['null', null],
    ['absent', undefined],
  ])('sends no VersionId when versionId is %s, and quotes an unquoted ETag', async (_name, versionId) => {
    // Prepare
    serve(['abc'], { ETag: '"abc123"' });

    // Act
    await handlerWith()(sizedEvent({ size: 3, versionId, etag: 'abc123' }));

    // Assess
    const [call] = s3Mock.commandCalls(GetObjectCommand);
    expect(call!.args[0].input).toEqual({ Bucket: 'incoming', Key: 'reports/2024/data.csv', IfMatch: '"abc123"' });
  });
});

describe('process-file S3 errors', () => {
  it.each([
    ['PreconditionFailed', 412, ObjectChanged, /Object changed since it was sized: GetObject If-Match answered 412/],
    ['NoSuchKey', 404, ObjectNotFound, /Object not found: GetObject answered 404/],
    ['NoSuchBucket', 404, ObjectNotFound, /the bucket does not exist/],
    ['NoSuchVersion', 404, ObjectNotFound, /the sized version does not exist/],
    [
      'MethodNotAllowed',
      405,
      ObjectNotFound,
      /^Object not found: that version is a delete marker \(GetObject answered 405 MethodNotAllowed\)/,
    ],
    ['UnknownError', 404, ObjectNotFound, /GetObject answered 404/],
    ['AccessDenied', 403, AccessDenied, /GetObject answered 403; .*kms:Decrypt/],
    ['Forbidden', 403, AccessDenied, /s3:GetObjectVersion/],
    ['UnknownError', 403, AccessDenied, /kms:Decrypt/],
  ])('GetObject %s (%i) → %o, naming the object and keeping the cause', async (name, status, errorClass, message) => {
    // Prepare
    const sdkError = s3Error(name, status);
    s3Mock.on(GetObjectCommand).rejects(sdkError);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('(bucket "incoming", key "reports/2024/data.csv", versionId "v-1")');
    expect((error as Error).cause).toBe(sdkError);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(logger.at('error')[0]?.attributes).toMatchObject({
      bucket: 'incoming',
      key: 'reports/2024/data.csv',
      versionId: 'v-1',
      errorName: (error as Error).name,
      sdkErrorName: name,
      httpStatusCode: status,
    });
  });

  it.each([
    ['AccessDenied', 403],
    ['Forbidden', 403],
  ])(
    'access denied (GetObject %s, HTTP %i) → AccessDenied naming bucket/key, the SDK error as cause, no manifest',
    async (name, status) => {
      // Prepare
      const sdkError = s3Error(name, status);
      s3Mock.on(GetObjectCommand).rejects(sdkError);

      // Act
      const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(AccessDenied);
      expect(error).toMatchObject({ bucket: 'incoming', key: 'reports/2024/data.csv', versionId: 'v-1' });
      expect((error as Error).message).toContain('(bucket "incoming", key "reports/2024/data.csv", versionId "v-1")');
      expect((error as Error).cause).toBe(sdkError);
      expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    },
  );

  it('missing bucket (GetObject NoSuchBucket) → ObjectNotFound naming bucket/key, the SDK error as cause, no manifest', async () => {
    // Prepare
    const sdkError = s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
    s3Mock.on(GetObjectCommand).rejects(sdkError);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3, bucket: 'gone-bucket' })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectNotFound);
    expect((error as Error).message).toMatch(
      /^Object not found: the bucket does not exist \(bucket "gone-bucket", key "reports\/2024\/data.csv"/,
    );
    expect((error as Error).cause).toBe(sdkError);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it.each([
    [
      'GetObject',
      'AccessDenied',
      403,
      'User: arn:aws:sts::111122223333:assumed-role/process-file/fn is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext',
    ],
    ['GetObject', 'KMS.AccessDeniedException', 400, 'User is not authorized to perform: kms:Decrypt'],
    [
      'PutObject',
      'AccessDenied',
      403,
      'User: arn:aws:sts::111122223333:assumed-role/process-file/fn is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-1:111122223333:key/1234',
    ],
    ['PutObject', 'KMS.AccessDeniedException', 400, 'User is not authorized to perform: kms:GenerateDataKey'],
  ])(
    'KMS key denied (%s %s, HTTP %i) → AccessDenied naming bucket/key and the KMS action to grant, the KMS error as cause',
    async (command, name, status, message) => {
      // Prepare
      const sdkError = s3Error(name, status, message);
      if (command === 'GetObject') s3Mock.on(GetObjectCommand).rejects(sdkError);
      else {
        serve(['abc']);
        s3Mock.on(PutObjectCommand).rejects(sdkError);
      }

      // Act
      const error = await handlerWith({ outputBucket: 'manifests' })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(AccessDenied);
      expect((error as Error).cause).toBe(sdkError);
      if (command === 'GetObject') {
        expect((error as Error).message).toContain('kms:Decrypt on the encryption key');
        expect((error as Error).message).toContain('(bucket "incoming", key "reports/2024/data.csv", versionId "v-1")');
      } else {
        expect((error as Error).message).toContain('kms:GenerateDataKey on its key');
        expect((error as Error).message).toContain(`(bucket "manifests", key "processed/reports/2024/data.csv${MANIFEST_SUFFIX}")`);
      }
    },
  );

  it.each([
    ['SlowDown', 503],
    ['InternalError', 500],
  ])('GetObject %s propagates unchanged', async (name, status) => {
    // Prepare
    const sdkError = s3Error(name, status);
    s3Mock.on(GetObjectCommand).rejects(sdkError);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBe(sdkError);
  });

  it.each([
    ['AccessDenied', 403, AccessDenied, /writing the manifest.*s3:PutObject/],
    ['NoSuchBucket', 404, ObjectNotFound, /the output bucket does not exist/],
  ])('PutObject %s → %o naming the manifest location', async (name, status, errorClass, message) => {
    // Prepare
    serve(['abc']);
    s3Mock.on(PutObjectCommand).rejects(s3Error(name, status));

    // Act
    const error = await handlerWith({ outputBucket: 'manifests' })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(errorClass);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(`bucket "manifests", key "processed/reports/2024/data.csv${MANIFEST_SUFFIX}"`);
  });

  it.each([
    ['SlowDown', 503, 'with HTTP 503 (SlowDown: SlowDown from S3)'],
    ['TooManyRequests', 429, 'with HTTP 429 (TooManyRequests: TooManyRequests from S3)'],
    ['InternalError', 500, 'with HTTP 500 (InternalError: InternalError from S3)'],
    ['BadGateway', 502, 'with HTTP 502 (BadGateway: BadGateway from S3)'],
    ['ServiceUnavailable', 503, 'with HTTP 503 (ServiceUnavailable: ServiceUnavailable from S3)'],
    ['GatewayTimeout', 504, 'with HTTP 504 (GatewayTimeout: GatewayTimeout from S3)'],
    ['RequestTimeout', 400, 'with HTTP 400 (RequestTimeout: RequestTimeout from S3)'],
  ])(
    'PutObject %s (%i), a transient cause → ManifestWriteThrottled naming the manifest bucket/key, the SDK error as cause',
    async (name, status, said) => {
      // Prepare
      serve(['abc']);
      const sdkError = s3Error(name, status);
      s3Mock.on(PutObjectCommand).rejects(sdkError);

      // Act
      const error = await handlerWith({ outputBucket: 'manifests' })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ManifestWriteThrottled);
      expect((error as Error).name).toBe('ManifestWriteThrottled');
      expect((error as Error).message).toBe(
        `Cannot write the manifest for now: PutObject failed ${said} (bucket "manifests", key "processed/reports/2024/data.csv${MANIFEST_SUFFIX}")`,
      );
      expect((error as Error).cause).toBe(sdkError);
      expect(logger.at('error')[0]?.attributes).toMatchObject({
        errorName: 'ManifestWriteThrottled',
        sdkErrorName: name,
        httpStatusCode: status,
      });
    },
  );

  it.each([
    ['KeyTooLongError', 400, 'with HTTP 400 (KeyTooLongError: KeyTooLongError from S3)'],
    ['InvalidArgument', 400, 'with HTTP 400 (InvalidArgument: InvalidArgument from S3)'],
    ['EntityTooLarge', 400, 'with HTTP 400 (EntityTooLarge: EntityTooLarge from S3)'],
    ['NotImplemented', 501, 'with HTTP 501 (NotImplemented: NotImplemented from S3)'],
  ])(
    'PutObject %s (%i), a permanent cause → ManifestWriteFailed naming the manifest bucket/key, the SDK error as cause',
    async (name, status, said) => {
      // Prepare
      serve(['abc']);
      const sdkError = s3Error(name, status);
      s3Mock.on(PutObjectCommand).rejects(sdkError);

      // Act
      const error = await handlerWith({ outputBucket: 'manifests' })(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ManifestWriteFailed);
      expect((error as Error).name).toBe('ManifestWriteFailed');
      expect((error as Error).message).toBe(
        `Cannot write the manifest: PutObject failed ${said} (bucket "manifests", key "processed/reports/2024/data.csv${MANIFEST_SUFFIX}")`,
      );
      expect((error as Error).cause).toBe(sdkError);
      expect(logger.at('error')[0]?.attributes).toMatchObject({
        errorName: 'ManifestWriteFailed',
        sdkErrorName: name,
        httpStatusCode: status,
      });
    },
  );

  it.each([
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'Error ECONNRESET: socket hang up'],
    [
      'an SDK timeout',
      Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
      'TimeoutError: Connection timed out after 5000 ms',
    ],
  ])('PutObject failing without an HTTP answer (%s) → ManifestWriteThrottled saying what failed', async (_case, cause, said) => {
    // Prepare
    serve(['abc']);
    s3Mock.on(PutObjectCommand).rejects(cause);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ManifestWriteThrottled);
    expect((error as Error).message).toBe(
      `Cannot write the manifest for now: PutObject failed (${said}) (bucket "incoming", key "processed/reports/2024/data.csv${MANIFEST_SUFFIX}")`,
    );
    expect((error as Error).cause).toBe(cause);
  });

  it('PutObject failing with a TypeError (a bug, not S3) → ManifestWriteFailed: another attempt would fail alike', async () => {
    // Prepare
    serve(['abc']);
    s3Mock.on(PutObjectCommand).rejects(new TypeError('body.pipe is not a function'));

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ManifestWriteFailed);
    expect((error as Error).message).toContain('PutObject failed (TypeError: body.pipe is not a function)');
  });
});

describe('process-file object checks', () => {
  it('an ETag other than the sized one → ObjectChanged, the body destroyed unread, no manifest', async () => {
    // Prepare
    const tracked = serve(['new content'], { ETag: '"ffffffffffffffffffffffffffffffff"' });

    // Act
    const error = await handlerWith()(sizedEvent({ size: 11 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect((error as Error).message).toContain('ETag "ffffffffffffffffffffffffffffffff" is not the sized ETag');
    expect(tracked.stream.destroyed).toBe(true);
    expect(tracked.pulled()).toBe(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('the same ETag with or without quotes is a match', async () => {
    // Prepare
    serve(['abc'], { ETag: '0123456789abcdef0123456789abcdef' });

    // Act
    const manifest = await handlerWith()(sizedEvent({ size: 3 }));

    // Assess
    expect(manifest.sha256).toBe(sha256Hex('abc'));
  });

  it('a Content-Length other than the sized size → ObjectChanged before reading', async () => {
    // Prepare
    const tracked = serve(['abcd'], { ContentLength: 4 });

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect((error as Error).message).toContain('GetObject reports 4 bytes, check-size saw 3');
    expect(tracked.stream.destroyed).toBe(true);
    expect(tracked.pulled()).toBe(0);
  });

  it('fewer bytes than sized → ObjectChanged, no manifest', async () => {
    // Prepare
    serve(['ab', 'c']);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 4 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect((error as Error).message).toContain('read 3 bytes, check-size saw 4');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('more bytes than sized → ObjectChanged as soon as the size is passed, the rest unread', async () => {
    // Prepare
    const tracked = serve(['ab', 'cd', 'ef', 'gh']);

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectChanged);
    expect((error as Error).message).toContain('more than the sized 3 bytes');
    expect(tracked.pulled()).toBe(2);
    expect(tracked.stream.destroyed).toBe(true);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('a body that fails mid-stream (connection reset) → ObjectReadFailed naming the object, the reset as cause, the body destroyed, no manifest', async () => {
    // Prepare
    const tracked = trackedBody(['ab', 'cd', 'ef'], { failAfter: 1 });
    s3Mock.on(GetObjectCommand).resolves({ Body: tracked.body, ETag: sizedEvent().etag });

    // Act
    const error = await handlerWith()(sizedEvent({ size: 6 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ObjectReadFailed);
    expect((error as Error).message).toContain('(bucket "incoming", key "reports/2024/data.csv", versionId "v-1")');
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(tracked.stream.destroyed).toBe(true);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(logger.at('error')[0]?.attributes).toMatchObject({ bucket: 'incoming', key: 'reports/2024/data.csv' });
  });

  it('a response without a body is a clear TypeError naming the object', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ ETag: sizedEvent().etag });

    // Act
    const error = await handlerWith()(sizedEvent({ size: 3 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('bucket "incoming", key "reports/2024/data.csv"');
  });
});

describe('process-file manifest', () => {
  it('returns and stores the manifest of what was read', async () => {
    // Prepare
    const chunks = [Buffer.from('id,name\n1,a'), Buffer.from('lice\n2,bob')];
    serve(chunks);

    // Act
    const manifest = await handlerWith()(sizedEvent({ size: 21 }));

    // Assess
    expect(manifest).toEqual({
      bucket: 'incoming',
      key: 'reports/2024/data.csv',
      versionId: 'v-1',
      etag: '"0123456789abcdef0123456789abcdef"',
      size: 21,
      sha256: sha256Hex(...chunks),
      lines: 3,
      contentType: 'text/plain',
      processedAt: PROCESSED_AT.toISOString(),
      manifestBucket: 'incoming',
      manifestKey: `${DEFAULT_OUTPUT_PREFIX}reports/2024/data.csv${MANIFEST_SUFFIX}`,
    });
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({
      Bucket: 'incoming',
      Key: 'processed/reports/2024/data.csv.manifest.json',
      ContentType: 'application/json',
    });
    expect(storedManifest()).toEqual(manifest);
  });

  it.each([
    [{ outputBucket: 'manifests' }, 'manifests', 'processed/reports/2024/data.csv.manifest.json'],
    [{ outputPrefix: 'out/sizegate-' }, 'incoming', 'out/sizegate-reports/2024/data.csv.manifest.json'],
    [{ outputBucket: 'manifests', outputPrefix: 'm/' }, 'manifests', 'm/reports/2024/data.csv.manifest.json'],
  ])('with %o writes to %s / %s', async (options, bucket, key) => {
    // Prepare
    serve(['x']);

    // Act
    const manifest = await handlerWith(options)(sizedEvent({ size: 1 }));

    // Assess
    expect(manifest).toMatchObject({ manifestBucket: bucket, manifestKey: key, bucket: 'incoming' });
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    expect(put!.args[0].input).toMatchObject({ Bucket: bucket, Key: key });
  });

  it('a 1,024-byte key gets a shortened manifest key (<= 1,024 bytes, under the prefix), the manifest naming the full key', async () => {
    // Prepare
    const key = `uploads/${'é'.repeat(508)}`;
    serve(['x']);

    // Act
    const manifest = await handlerWith()(sizedEvent({ key, size: 1 }));

    // Assess
    expect(Buffer.byteLength(key)).toBe(1024);
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    const written = put!.args[0].input.Key!;
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(1024);
    expect(written).toMatch(/^processed\/uploads\/é+~[0-9a-f]{16}\.manifest\.json$/);
    expect(manifest).toMatchObject({ key, manifestBucket: 'incoming', manifestKey: written });
    expect(storedManifest()).toEqual(manifest);
  });

  it('an output prefix that leaves no room for a long key → ConfigurationError naming SIZEGATE_OUTPUT_PREFIX, bucket and key, the object never read', async () => {
    // Prepare
    const key = 'k'.repeat(200);
    serve(['x']);

    // Act
    const error = await handlerWith({ outputPrefix: 'p'.repeat(1000) })(sizedEvent({ key, size: 1 })).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/SIZEGATE_OUTPUT_PREFIX, 1000 bytes.*\(bucket "incoming", key "k{200}", versionId "v-1"\)$/);
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(logger.at('error')[0]?.attributes).toMatchObject({ bucket: 'incoming', key, errorName: 'ConfigurationError' });
  });

  it('records the version GetObject read when the event named none', async () => {
    // Prepare
    serve(['x'], { VersionId: 'read-version' });

    // Act
    const manifest = await handlerWith()(sizedEvent({ size: 1, versionId: null }));

    // Assess
    expect(manifest.versionId).toBe('read-version');
  });

  it('has versionId null for an unversioned object, and handles an empty object', async () => {
    // Prepare
    serve([]);

    // Act
    const manifest = await handlerWith()(sizedEvent({ size: 0, versionId: null }));

    // Assess
    expect(manifest).toMatchObject({ versionId: null, size: 0, lines: 0, sha256: sha256Hex() });
  });

  it('takes processedAt from the injected clock, and the real clock by default', async () => {
    // Prepare
    serve(['x']);
    const before = Date.now();

    // Act
    const manifest = await createHandler({ s3, logger })(sizedEvent({ size: 1 }));

    // Assess
    const processedAt = Date.parse(manifest.processedAt);
    expect(processedAt).toBeGreaterThanOrEqual(before);
    expect(processedAt).toBeLessThanOrEqual(Date.now());
  });

  it('rejects an empty outputBucket when the handler is created', () => {
    // Act
    const create = () => createHandler({ s3, logger, outputBucket: '' });

    // Assess
    expect(create).toThrow(ConfigurationError);
  });

  it.each([
    ['in the gated bucket', {}],
    ['in another bucket', { outputBucket: 'manifests' }],
  ])(
    'rejects an empty outputPrefix %s when the handler is created, with the message of @sizegate/types (start-execution shares the rule)',
    (_case, options) => {
      // Act
      const create = () => createHandler({ s3, logger, outputPrefix: '', ...options });

      // Assess
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(new ConfigurationError(outputPrefixProblem('')!));
    },
  );
});

describe('process-file logs', () => {
  it('logs never contain object contents: start and finish lines carry bucket, key, versionId, size and sha256, not the bytes', async () => {
    // Prepare
    serve([`user=alice\n${SECRET}\n`]);
    const size = Buffer.byteLength(`user=alice\n${SECRET}\n`);

    // Act
    const manifest = await handlerWith()(sizedEvent({ size }));

    // Assess
    const where = { bucket: 'incoming', key: 'reports/2024/data.csv', versionId: 'v-1', size };
    expect(logger.lines.map((line) => line.message)).toEqual(['Processing object', 'Object processed']);
    expect(logger.lines[0]!.attributes).toMatchObject(where);
    expect(logger.lines[1]!.attributes).toMatchObject({ ...where, sha256: manifest.sha256 });
    expect(JSON.stringify(logger.lines)).not.toContain('hunter2');
  });
});
