// Runs in a temp project where the @sizegate packages were installed from their tarballs with npm.
// Uses each handler package the two ways the READMEs document: `createHandler` with injected
// clients, and the pre-built Lambda bundle (`<pkg>/bundle` + index.mjs, handler "index.handler").
// Prints its observations as one JSON line; the test (apps/pack-test/tests) judges them.
// Usage: node handlers.mjs <file to upload>
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { silentLogger, startLocal } from '@sizegate/local';
import { createHandler as createCheckSize, ObjectNotFound } from '@sizegate/check-size';
import { createHandler as createProcessFile } from '@sizegate/process-file';
import { createHandler as createStartExecution } from '@sizegate/start-execution';
import { bundleDir as checkSizeBundle } from '@sizegate/check-size/bundle';
import { bundleDir as processFileBundle } from '@sizegate/process-file/bundle';
import { bundleDir as startExecutionBundle } from '@sizegate/start-execution/bundle';
import { buildDefinition } from '@sizegate/state-machine';
import { STATE_NAMES } from '@sizegate/types';

const file = process.argv[2];
if (!file) throw new Error('usage: node handlers.mjs <file>');
const body = await readFile(file);

const local = await startLocal({ port: 0, minSizeBytes: 1024, logger: silentLogger });
try {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const clientConfig = { endpoint: local.endpoint, region: local.region, credentials };
  const s3 = new S3Client({ ...clientConfig, forcePathStyle: true });
  const sfn = new SFNClient(clientConfig);

  // A bucket of our own: uploads into it start no execution by themselves, so every execution
  // below was started by the start-execution handler.
  const bucket = 'pack-test';
  const key = 'data/upload.csv';
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

  const checkSize = createCheckSize({ s3, logger: silentLogger });
  const sized = await checkSize({ bucket, key });
  const missing = await checkSize({ bucket, key: 'no/such-key' }).then(
    () => 'resolved',
    (error) => (error instanceof ObjectNotFound ? error.name : `unexpected ${error?.name}: ${error?.message}`),
  );

  const processFile = createProcessFile({ s3, logger: silentLogger });
  const manifest = await processFile(sized);
  const stored = await s3.send(new GetObjectCommand({ Bucket: manifest.manifestBucket, Key: manifest.manifestKey }));
  const storedManifest = JSON.parse(await stored.Body.transformToString());

  const startExecution = createStartExecution({ sfn, stateMachineArn: local.stateMachineArn, logger: silentLogger });
  const started = await startExecution(s3Event(bucket, key, '0001'));
  const execution = await waitForExecution(sfn, started.results[0]?.executionArn);

  // The Lambda bundle of start-execution, configured the way Lambda would: environment only.
  Object.assign(process.env, {
    SIZEGATE_STATE_MACHINE_ARN: local.stateMachineArn,
    AWS_ENDPOINT_URL: local.endpoint,
    AWS_REGION: local.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const bundled = await import(pathToFileURL(join(startExecutionBundle, 'index.mjs')).href);
  const bundleStarted = await bundled.handler(s3Event(bucket, key, '0002'), undefined);
  const bundleExecution = await waitForExecution(sfn, bundleStarted.results[0]?.executionArn);
  const otherBundles = {};
  for (const [name, dir] of Object.entries({ 'check-size': checkSizeBundle, 'process-file': processFileBundle })) {
    otherBundles[name] = typeof (await import(pathToFileURL(join(dir, 'index.mjs')).href)).handler;
  }

  console.log(
    JSON.stringify({
      sized,
      missing,
      manifest,
      storedManifest,
      startStatus: started.results[0]?.status,
      execution,
      bundleStartStatus: bundleStarted.results[0]?.status,
      bundleExecution,
      otherBundles,
      definitionStates: Object.keys(buildDefinition().States),
      definitionJsonStates: Object.keys(createRequire(import.meta.url)('@sizegate/state-machine/definition.json').States),
      stateNames: STATE_NAMES,
    }),
  );
} finally {
  await local.close();
}

/** An S3 ObjectCreated notification as S3 sends it (keys URL-encoded). */
function s3Event(bucketName, objectKey, sequencer) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: local.region,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucketName, arn: `arn:aws:s3:::${bucketName}` },
          object: { key: encodeURIComponent(objectKey).replace(/%2F/g, '/'), size: body.length, sequencer },
        },
      },
    ],
  };
}

/** Polls until the execution leaves RUNNING; bounded. */
async function waitForExecution(client, executionArn) {
  if (!executionArn) return { status: 'NOT_STARTED' };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status, output } = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') return { status, output: output === undefined ? undefined : JSON.parse(output) };
    if (Date.now() > deadline) return { status: 'TIMED_OUT_WAITING' };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
