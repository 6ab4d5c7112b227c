import {
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { executionNameFor } from '@sizegate/start-execution';
import { MESSAGES, type Manifest } from '@sizegate/types';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { clientsFor, listAllExecutions, waitForExecutionOf } from '../helpers/local-clients.js';
import { RecordingLogger } from '@sizegate/testing';
import { S3_TEMPLATE } from '../helpers/templates.js';

// The runtime delivering notifications the way S3 may (every one twice, held and shuffled) must
// still end with exactly one execution per upload: deterministic execution names per ETag make
// the second delivery meet the first execution (named after the ETag, or on a versioned bucket
// the versionId).
const MIN = 40;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Waits (bounded) for every pending notification and execution of the runtime. */
async function settled(local: LocalRuntime, timeoutMs = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`runtime not idle within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([local.idle(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('startLocal with delivery { duplicate, reorder }', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    local = await startLocal({ port: 0, minSizeBytes: MIN, delivery: { duplicate: true, reorder: true }, logger });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('20 uploads with overwrites: exactly one execution per upload, each SUCCEEDED or (overwritten meanwhile) ObjectChanged', async () => {
    const overwritten = ['in/overwritten-a.txt', 'in/overwritten b%.txt'];
    // Prepare: 14 keys written once and 2 keys written 3 times each (6 overwrites with new content, so new ETags)
    const uploads: { key: string; body: string }[] = [];
    for (let index = 0; index < 14; index++) {
      const key = index % 2 === 0 ? `in/file ${index}+x.txt` : `in/ü/${index}.bin`;
      uploads.push({
        key,
        body: index % 3 === 0 ? `small ${index}` : `a body over the threshold, number ${index}, padded`.padEnd(MIN + index, '.'),
      });
    }
    for (const key of overwritten) {
      for (let version = 1; version <= 3; version++) uploads.push({ key, body: `version ${version} of ${key}`.padEnd(version * 30, '#') });
    }
    expect(uploads).toHaveLength(20);

    // Act: sequential puts, so each overwrite is a distinct upload the runtime notifies
    for (const { key, body } of uploads) await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: body }));
    await settled(local);
    const executions = await listAllExecutions(sfn, local.stateMachineArn);

    // Assess: one execution per upload, none for processed/ manifests, none doubled by the duplicate deliveries
    expect(executions).toHaveLength(20);
    expect(new Set(executions.map((execution) => execution.name)).size).toBe(20);
    const keysStarted: string[] = [];
    for (const item of executions) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      const { key } = JSON.parse(execution.input!) as { key: string };
      keysStarted.push(key);
      if (overwritten.includes(key)) {
        // A held or reordered notification of an earlier write may run after the overwrite: the
        // object then changes between CheckFileSize and ProcessFile, which must fail the execution
        // with ObjectChanged (never a manifest for the wrong bytes); otherwise it succeeds.
        expect(
          execution.status === 'SUCCEEDED' || (execution.status === 'FAILED' && execution.error === 'ObjectChanged'),
          `${key}: ${execution.status} ${execution.error ?? ''}`,
        ).toBe(true);
      } else {
        expect(execution.status, key).toBe('SUCCEEDED');
      }
    }
    expect(keysStarted.sort()).toEqual(uploads.map((upload) => upload.key).sort());
    // ...although start-execution did receive every notification at least twice (its one line per
    // record; a delivery that failed under load and was retried adds a line, as at-least-once allows)
    const handled = logger.lines.filter(
      (line) => line.attributes['executionName'] !== undefined && !String(line.attributes['key']).startsWith('processed/'),
    );
    for (const key of new Set(uploads.map((upload) => upload.key))) {
      const uploadsOfKey = uploads.filter((upload) => upload.key === key).length;
      expect(handled.filter((line) => line.attributes['key'] === key).length, key).toBeGreaterThanOrEqual(2 * uploadsOfKey);
    }
  });
});

describe('startLocal with delivery { duplicate, reorder } on a bucket with versioning enabled', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    local = await startLocal({ port: 0, minSizeBytes: MIN, delivery: { duplicate: true, reorder: true }, logger });
    ({ s3, sfn } = clientsFor(local));
    await s3.send(new PutBucketVersioningCommand({ Bucket: local.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('4 overwrites of one key: exactly one execution per version, named after its versionId, each processing the version it names', async () => {
    // Prepare: four versions of the same size, so only their bytes (sha256) tell them apart
    const key = 'in/versioned report.csv';
    const bodies = [1, 2, 3, 4].map((version) => `version ${version} of the report`.padEnd(MIN * 2, '#'));

    // Act: sequential puts, each a new version the runtime notifies (twice, held and shuffled)
    const versions: { versionId: string; sha256: string }[] = [];
    for (const body of bodies) {
      const put = await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: body }));
      versions.push({ versionId: put.VersionId!, sha256: sha256(body) });
    }
    await settled(local);
    const executions = await listAllExecutions(sfn, local.stateMachineArn);

    // Assess: four distinct versions; one execution each, under the name the versionId gives
    expect(new Set(versions.map((version) => version.versionId)).size).toBe(4);
    expect(executions.map((execution) => execution.name).sort()).toEqual(
      versions.map(({ versionId }) => executionNameFor({ bucket: local.bucket, key, versionId })).sort(),
    );
    // Assess: each read the version it names, even when a later version was current by then
    // (process-file reads by VersionId, so no overwrite can fail it with ObjectChanged)
    for (const item of executions) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      const input = JSON.parse(execution.input!) as { key: string; versionId: string };
      const version = versions.find(({ versionId }) => versionId === input.versionId);
      expect(version, execution.name).toBeDefined();
      expect(item.name).toBe(executionNameFor({ bucket: local.bucket, key, versionId: input.versionId }));
      expect(execution.status, execution.name).toBe('SUCCEEDED');
      const { manifest } = JSON.parse(execution.output!) as { manifest: Manifest };
      expect(manifest).toMatchObject({ key, versionId: input.versionId, size: MIN * 2, sha256: version!.sha256 });
    }
    // Assess: the manifest key is one per object, so its versions hold one manifest per object version
    const manifestKey = `processed/${key}.manifest.json`;
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: local.bucket, Prefix: manifestKey }));
    const stored: { versionId: string; sha256: string }[] = [];
    for (const { VersionId } of listed.Versions ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: manifestKey, VersionId }));
      const manifest = JSON.parse(await object.Body!.transformToString()) as Manifest;
      stored.push({ versionId: manifest.versionId!, sha256: manifest.sha256 });
    }
    const byVersionId = (a: { versionId: string }, b: { versionId: string }) => a.versionId.localeCompare(b.versionId);
    expect(stored.sort(byVersionId)).toEqual([...versions].sort(byVersionId));
    // ...although start-execution received every notification at least twice
    const handled = logger.lines.filter((line) => line.attributes['executionName'] !== undefined && line.attributes['key'] === key);
    expect(handled.length).toBeGreaterThanOrEqual(2 * versions.length);
  });
});

describe('startLocal with eventShape "eventbridge"', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;

  beforeAll(async () => {
    local = await startLocal({ port: 0, minSizeBytes: MIN, eventShape: 'eventbridge', logger: silentLogger });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('starts executions from EventBridge events that succeed, keys with +, % and spaces used as stored', async () => {
    // Prepare
    const small = 'eb/a+b 100%.txt';
    const large = 'eb/grüße c++.bin';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: small, Body: 'tiny' }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: large, Body: 'x'.repeat(MIN * 2) }));
    const smallExecution = await waitForExecutionOf(sfn, local.stateMachineArn, small);
    const largeExecution = await waitForExecutionOf(sfn, local.stateMachineArn, large);

    // Assess
    expect(smallExecution.status).toBe('SUCCEEDED');
    expect(JSON.parse(smallExecution.output!)).toMatchObject({ Message: MESSAGES.notBigEnough, key: small, size: 4 });
    expect(largeExecution.status).toBe('SUCCEEDED');
    expect(JSON.parse(largeExecution.output!)).toMatchObject({ Message: MESSAGES.processedOk, key: large, size: MIN * 2 });
  });
});

describe('startLocal({ template, eventShape }) — an explicit shape wins over the template trigger', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    local = await startLocal({ port: 0, template: S3_TEMPLATE, eventShape: 'eventbridge', logger });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    await local?.close();
  });

  it('an S3-notification template with eventShape eventbridge: start-execution gets EventBridge events, the key filter still applies', async () => {
    // Prepare
    const key = 'incoming/shape+test.txt';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'elsewhere/ignored.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: 'x' }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, key);
    await settled(local);

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    const processed = logger.lines.filter((line) => line.message === 'Event processed');
    expect(processed.map((line) => line.attributes['source'])).toEqual(['eventbridge']);
    expect((await listAllExecutions(sfn, local.stateMachineArn)).length).toBe(1);
  });
});
