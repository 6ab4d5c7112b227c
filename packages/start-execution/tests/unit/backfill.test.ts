import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client, S3ServiceException, type _Object } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { RecordingLogger, rejection, serviceErrorInit } from '@sizegate/testing';
import { isOwnOutput, outputPrefixProblem, ownOutputReason } from '@sizegate/types';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backfill,
  ConfigurationError,
  executionNameFor,
  StartExecutionFailed,
  type BackfillOptions,
  type BackfillProgress,
} from '../../src/index.js';
import { executionAlreadyExists, sfnError } from '../helpers/errors.js';

const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';
const BUCKET = 'uploads';
const s3Mock = mockClient(S3Client);
const sfnMock = mockClient(SFNClient);

function object(key: string, size = 10, etag = `"etag-${key}"`): _Object {
  return { Key: key, Size: size, ETag: etag };
}

function run(overrides: Partial<BackfillOptions> = {}) {
  const logger = new RecordingLogger();
  const summary = backfill({
    s3: new S3Client({ region: 'us-east-1' }),
    sfn: new SFNClient({ region: 'us-east-1' }),
    bucket: BUCKET,
    stateMachineArn: STATE_MACHINE_ARN,
    logger,
    ...overrides,
  });
  return { summary, logger };
}

/** StartExecution succeeds, except for keys mapped to an error. */
function startExecutionFailsFor(failures: Record<string, Error> = {}): void {
  sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
    const error = failures[(JSON.parse(input.input ?? '{}') as { key: string }).key];
    if (error !== undefined) throw error;
    return { executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${input.name}`, startDate: new Date(0) };
  });
}

const startCalls = () => sfnMock.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

beforeEach(() => {
  s3Mock.reset();
  sfnMock.reset();
});
afterEach(() => {
  s3Mock.reset();
  sfnMock.reset();
});

describe('backfill', () => {
  it('pages ListObjectsV2 and starts one execution per object, with the handler input and deterministic name', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ Contents: [object('a.csv'), object('b.csv')], IsTruncated: true, NextContinuationToken: 'page-2' })
      .on(ListObjectsV2Command, { ContinuationToken: 'page-2' })
      .resolves({ Contents: [object('c.csv')], IsTruncated: false });
    startExecutionFailsFor();

    // Act
    const { summary } = run({ pageSize: 2 });

    // Assess
    expect(await summary).toEqual({ bucket: BUCKET, prefix: '', listed: 3, started: 3, alreadyStarted: 0, skipped: 0, failed: [] });
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: BUCKET, Prefix: undefined, MaxKeys: 2, ContinuationToken: undefined },
      { Bucket: BUCKET, Prefix: undefined, MaxKeys: 2, ContinuationToken: 'page-2' },
    ]);
    expect(startCalls()).toEqual(
      ['a.csv', 'b.csv', 'c.csv'].map((key) => ({
        stateMachineArn: STATE_MACHINE_ARN,
        name: executionNameFor({ bucket: BUCKET, key, etag: `etag-${key}` }),
        input: JSON.stringify({ bucket: BUCKET, key, versionId: null }),
      })),
    );
  });

  it('reports its progress: the counts after each list page and after each object, ending at the summary', async () => {
    // Prepare: two pages, one object of each outcome, one at a time so the order is the listing's
    s3Mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ Contents: [object('new.csv'), object('old.csv')], IsTruncated: true, NextContinuationToken: 'page-2' })
      .on(ListObjectsV2Command, { ContinuationToken: 'page-2' })
      .resolves({ Contents: [object('processed/x.manifest.json'), object('denied.csv')], IsTruncated: false });
    startExecutionFailsFor({ 'old.csv': executionAlreadyExists('old'), 'denied.csv': sfnError('AccessDeniedException', 403) });
    const reports: BackfillProgress[] = [];

    // Act
    const { summary } = run({ pageSize: 2, concurrency: 1, onProgress: (progress) => reports.push(progress) });
    const result = await summary;

    // Assess
    const at = (listed: number, started: number, alreadyStarted: number, skipped: number, failed: number) => ({
      listed,
      started,
      alreadyStarted,
      skipped,
      failed,
    });
    expect(reports).toEqual([
      at(2, 0, 0, 0, 0),
      at(2, 1, 0, 0, 0),
      at(2, 1, 1, 0, 0),
      at(4, 1, 1, 0, 0),
      at(4, 1, 1, 1, 0),
      at(4, 1, 1, 1, 1),
    ]);
    const { listed, started, alreadyStarted, skipped, failed } = result;
    expect(reports.at(-1)).toEqual({ listed, started, alreadyStarted, skipped, failed: failed.length });
  });

  it('counts ExecutionAlreadyExists as already started, not as a failure', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [object('old.csv'), object('new.csv')], IsTruncated: false });
    startExecutionFailsFor({ 'old.csv': executionAlreadyExists('old') });

    // Act
    const { summary, logger } = run();

    // Assess
    expect(await summary).toMatchObject({ listed: 2, started: 1, alreadyStarted: 1, failed: [] });
    expect(logger.at('error')).toHaveLength(0);
  });

  it('names every failed object with bucket and key (throttling and other errors), and starts the rest', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolves({ Contents: [object('ok.csv'), object('throttled.csv'), object('denied.csv')], IsTruncated: false });
    startExecutionFailsFor({
      'throttled.csv': sfnError('ThrottlingException', 400),
      'denied.csv': sfnError('AccessDeniedException', 403),
    });

    // Act
    const { summary, logger } = run();

    // Assess
    const result = await summary;
    expect(result).toMatchObject({ listed: 3, started: 1, alreadyStarted: 0, skipped: 0 });
    expect(result.failed).toEqual([
      {
        bucket: BUCKET,
        key: 'throttled.csv',
        versionId: null,
        executionName: executionNameFor({ bucket: BUCKET, key: 'throttled.csv', etag: 'etag-throttled.csv' }),
        error: 'ThrottlingException: ThrottlingException from the mock',
      },
      {
        bucket: BUCKET,
        key: 'denied.csv',
        versionId: null,
        executionName: executionNameFor({ bucket: BUCKET, key: 'denied.csv', etag: 'etag-denied.csv' }),
        error: 'AccessDeniedException: AccessDeniedException from the mock',
      },
    ]);
    expect(logger.at('error').map((line) => [line.attributes['bucket'], line.attributes['key']])).toEqual([
      [BUCKET, 'throttled.csv'],
      [BUCKET, 'denied.csv'],
    ]);
  });

  it('skips the output prefix, manifest keys, keys the filter rejects and objects below minSizeBytes', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({
      Contents: [
        object('processed/a.csv.manifest.json'),
        object('processed/other.bin'),
        object('elsewhere/b.manifest.json'),
        object('notes.txt'),
        object('small.csv', 5),
        object('big.csv', 50),
      ],
      IsTruncated: false,
    });
    startExecutionFailsFor();

    // Act
    const { summary } = run({ include: (key) => key.endsWith('.csv'), minSizeBytes: 10 });

    // Assess
    expect(await summary).toMatchObject({ listed: 6, started: 1, skipped: 5, failed: [] });
    expect(startCalls().map((call) => JSON.parse(call.input ?? '{}').key)).toEqual(['big.csv']);
  });

  it('applies the output prefix only in the output bucket when one is given', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [object('processed/upload.csv')], IsTruncated: false });
    startExecutionFailsFor();

    // Act
    const { summary } = run({ outputBucket: 'manifests' });

    // Assess
    expect(await summary).toMatchObject({ listed: 1, started: 1, skipped: 0 });
  });

  it('skips what isOwnOutput of @sizegate/types calls sizegate output, with its reason, and refuses an empty output prefix with its message', async () => {
    // Prepare
    const keys = ['processed/upload.csv', 'out/upload.csv', 'upload.csv'];
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: keys.map((key) => object(key)), IsTruncated: false });
    startExecutionFailsFor();
    const output = { outputBucket: BUCKET, outputPrefix: 'out/' };

    // Act
    const { summary, logger } = run(output);
    const { skipped } = await summary;
    const refused = await rejection(run({ outputPrefix: '' }).summary);

    // Assess
    const own = keys.filter((key) => isOwnOutput({ bucket: BUCKET, key }, output));
    expect(own).toEqual(['out/upload.csv']);
    expect(startCalls().map((call) => JSON.parse(call.input ?? '{}').key)).toEqual(keys.filter((key) => !own.includes(key)));
    expect(skipped).toBe(1);
    expect(logger.at('debug').map((line) => line.attributes['reason'])).toEqual([ownOutputReason(output)]);
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect((refused as Error).message).toBe(outputPrefixProblem(''));
  });

  it('passes the prefix to ListObjectsV2', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });

    // Act
    const { summary } = run({ prefix: 'incoming/' });

    // Assess
    expect(await summary).toMatchObject({ prefix: 'incoming/', listed: 0, started: 0 });
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix).toBe('incoming/');
  });

  it('with versioned, names executions after the latest version id and skips keys whose latest entry is a delete marker', async () => {
    // Prepare
    s3Mock
      .on(ListObjectVersionsCommand, { KeyMarker: undefined })
      .resolves({
        Versions: [
          { Key: 'a.csv', VersionId: 'v2', IsLatest: true, Size: 10, ETag: '"e2"' },
          { Key: 'a.csv', VersionId: 'v1', IsLatest: false, Size: 10, ETag: '"e1"' },
          { Key: 'deleted.csv', VersionId: 'v9', IsLatest: false, Size: 10, ETag: '"e9"' },
        ],
        DeleteMarkers: [{ Key: 'deleted.csv', VersionId: 'dm', IsLatest: true }],
        IsTruncated: true,
        NextKeyMarker: 'deleted.csv',
        NextVersionIdMarker: 'v9',
      })
      .on(ListObjectVersionsCommand, { KeyMarker: 'deleted.csv' })
      .resolves({
        Versions: [{ Key: 'pre-versioning.csv', VersionId: 'null', IsLatest: true, Size: 10, ETag: '"e0"' }],
        IsTruncated: false,
      });
    startExecutionFailsFor();

    // Act
    const { summary } = run({ versioned: true });

    // Assess
    expect(await summary).toMatchObject({ listed: 2, started: 2, failed: [] });
    expect(s3Mock.commandCalls(ListObjectVersionsCommand)[1]!.args[0].input).toMatchObject({
      KeyMarker: 'deleted.csv',
      VersionIdMarker: 'v9',
    });
    expect(startCalls()).toEqual([
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: executionNameFor({ bucket: BUCKET, key: 'a.csv', versionId: 'v2' }),
        input: JSON.stringify({ bucket: BUCKET, key: 'a.csv', versionId: 'v2' }),
      },
      {
        stateMachineArn: STATE_MACHINE_ARN,
        name: executionNameFor({ bucket: BUCKET, key: 'pre-versioning.csv', etag: 'e0' }),
        input: JSON.stringify({ bucket: BUCKET, key: 'pre-versioning.csv', versionId: null }),
      },
    ]);
  });

  it('throws StartExecutionFailed naming the bucket when the listing fails', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).rejects(new S3ServiceException(serviceErrorInit('NoSuchBucket', 404)));

    // Act
    const error = await rejection(run().summary);

    // Assess
    expect(error).toBeInstanceOf(StartExecutionFailed);
    expect((error as Error).message).toContain('NoSuchBucket');
    expect((error as Error).message).toContain(`"${BUCKET}"`);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it('keeps at most `concurrency` StartExecution calls in flight', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolves({ Contents: Array.from({ length: 12 }, (_, index) => object(`f${index}.csv`)), IsTruncated: false });
    let inFlight = 0;
    let peak = 0;
    sfnMock.on(StartExecutionCommand).callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { executionArn: 'arn', startDate: new Date(0) };
    });

    // Act
    const { summary } = run({ concurrency: 3 });

    // Assess
    expect(await summary).toMatchObject({ started: 12 });
    expect(peak).toBe(3);
  });

  it.each([
    ['an empty bucket', { bucket: '' }],
    ['an empty state machine ARN', { stateMachineArn: ' ' }],
    ['a concurrency of 0', { concurrency: 0 }],
    ['a page size over 1000', { pageSize: 1001 }],
    ['a negative minSizeBytes', { minSizeBytes: -1 }],
  ])('rejects %s with ConfigurationError', async (_case, overrides) => {
    // Prepare / Act
    const error = await rejection(run(overrides as Partial<BackfillOptions>).summary);

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
