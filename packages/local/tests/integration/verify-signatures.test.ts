import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ConfigurationError, MESSAGES } from '@sizegate/types';
import { rawRequest } from '@sizegate/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { listAllExecutions, sdkRejection, waitForExecutionOf } from '../helpers/local-clients.js';

// startLocal({ verifySignatures, accessKeys }): every service on the endpoint checks SigV4. Real SDK
// clients sign; raw requests show what an unsigned caller (and the console's page) gets.

const KEY = { accessKeyId: 'AKIDLOCALOWNER000000', secretAccessKey: 'local-owner-secret', displayName: 'owner' };
const OTHER = { accessKeyId: 'AKIDLOCALOTHER000000', secretAccessKey: 'local-other-secret' };

const runtimes: LocalRuntime[] = [];
const clients: { destroy(): void }[] = [];
let directory: string | undefined;

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const runtime of runtimes.splice(0)) await runtime.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

async function start(options: Parameters<typeof startLocal>[0] = {}): Promise<LocalRuntime> {
  const local = await startLocal({
    port: 0,
    minSizeBytes: 1000,
    verifySignatures: true,
    accessKeys: [KEY, OTHER],
    logger: silentLogger,
    ...options,
  });
  runtimes.push(local);
  return local;
}

/** SDK clients signing as `key`; one attempt each, so a refusal is not retried (the SDK retries signature errors as clock skew). */
function clientsAs(local: LocalRuntime, key: { accessKeyId: string; secretAccessKey: string }) {
  const config = { endpoint: local.endpoint, region: local.region, credentials: key, maxAttempts: 1 };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sfn = new SFNClient(config);
  clients.push(s3, sfn);
  return { s3, sfn };
}

const portOf = (local: LocalRuntime) => Number(new URL(local.endpoint).port);

describe('startLocal with verifySignatures', () => {
  it('SDK clients with an accepted key upload and read executions; the workflow (whose functions sign as the first key) SUCCEEDS', async () => {
    // Prepare
    const local = await start();
    const { s3, sfn } = clientsAs(local, KEY);

    // Act
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'big.bin', Body: Buffer.alloc(4096, 1) }));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'big.bin');

    // Assess
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '{}')).toMatchObject({ Message: MESSAGES.processedOk, key: 'big.bin', size: 4096 });
  });

  it('a wrong secret: S3 403 SignatureDoesNotMatch, Step Functions 400 InvalidSignatureException; an unknown key: InvalidAccessKeyId, UnrecognizedClientException', async () => {
    // Prepare
    const local = await start();
    const wrong = clientsAs(local, { ...KEY, secretAccessKey: 'not-the-secret' });
    const unknown = clientsAs(local, { accessKeyId: 'AKIDNOBODY0000000000', secretAccessKey: 'x' });
    const list = () => new ListExecutionsCommand({ stateMachineArn: local.stateMachineArn });

    // Act
    const s3WrongSecret = await sdkRejection(wrong.s3.send(new ListObjectsV2Command({ Bucket: local.bucket })));
    const sfnWrongSecret = await sdkRejection(wrong.sfn.send(list()));
    const s3Unknown = await sdkRejection(unknown.s3.send(new ListObjectsV2Command({ Bucket: local.bucket })));
    const sfnUnknown = await sdkRejection(unknown.sfn.send(list()));

    // Assess
    expect(s3WrongSecret).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(sfnWrongSecret).toMatchObject({
      name: 'InvalidSignatureException',
      status: 400,
      message: expect.stringMatching(/^The request signature we calculated does not match the signature you provided\./),
    });
    expect(s3Unknown).toMatchObject({ name: 'InvalidAccessKeyId', status: 403 });
    expect(sfnUnknown).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  it('unsigned requests: Step Functions 400 MissingAuthenticationTokenException, an S3 upload 403 AccessDenied; nothing stored or started', async () => {
    // Prepare
    const local = await start();
    const { s3, sfn } = clientsAs(local, KEY);

    // Act
    const sfnUnsigned = await rawRequest(
      portOf(local),
      'POST',
      '/',
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
      JSON.stringify({ stateMachineArn: local.stateMachineArn }),
    );
    const s3Unsigned = await rawRequest(portOf(local), 'PUT', `/${local.bucket}/unsigned.bin`, {}, Buffer.alloc(4096, 2));

    // Assess
    expect(sfnUnsigned.status).toBe(400);
    expect(JSON.parse(sfnUnsigned.body).__type).toBe('com.amazon.coral.service#MissingAuthenticationTokenException');
    expect(s3Unsigned.status).toBe(403);
    expect(s3Unsigned.body).toContain('<Code>AccessDenied</Code>');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: local.bucket }))).KeyCount).toBe(0);
    expect(await listAllExecutions(sfn, local.stateMachineArn)).toEqual([]);
  });

  it('the console keeps working: its API needs no signature, and an upload from its own page (same Origin) is stored and starts an execution', async () => {
    // Prepare
    const local = await start();
    const { sfn } = clientsAs(local, KEY);
    const origin = new URL(local.endpoint).origin;

    // Act: what the console page sends (a browser adds Origin to every PUT)
    const uploaded = await rawRequest(portOf(local), 'PUT', `/${local.bucket}/from-console.bin`, { origin }, Buffer.alloc(4096, 3));
    const execution = await waitForExecutionOf(sfn, local.stateMachineArn, 'from-console.bin');
    const listed = await rawRequest(portOf(local), 'GET', '/_sizegate/api/executions');
    const otherOrigin = await rawRequest(portOf(local), 'PUT', `/${local.bucket}/csrf.bin`, { origin: 'http://evil.example' }, 'x');

    // Assess
    expect(uploaded.status).toBe(200);
    expect(execution.status).toBe('SUCCEEDED');
    expect(listed.status).toBe(200);
    expect(JSON.stringify(JSON.parse(listed.body))).toContain('from-console.bin');
    expect(otherOrigin.status).toBe(403);
  });

  it('a restart on the same data dir still starts executions for objects that have none (the start-up probe signs as the first key)', async () => {
    // Prepare: an object stored, then its executions lost (as if the process stopped before the notification)
    directory = mkdtempSync(join(tmpdir(), 'sizegate-verify-restart-'));
    const first = await start({ dataDir: directory });
    await clientsAs(first, KEY).s3.send(new PutObjectCommand({ Bucket: first.bucket, Key: 'kept.bin', Body: Buffer.alloc(2048, 4) }));
    await first.idle();
    await first.close();
    runtimes.splice(0);
    rmSync(join(directory, 'stepfunctions'), { recursive: true, force: true });

    // Act
    const second = await start({ dataDir: directory });
    await second.idle();
    const executions = await listAllExecutions(clientsAs(second, KEY).sfn, second.stateMachineArn);

    // Assess
    expect(executions.map((execution) => [execution.name?.startsWith('kept.bin-'), execution.status])).toEqual([[true, 'SUCCEEDED']]);
  });

  it('refuses to start without an access key, with a key that is not valid, or with keys but verification off (ConfigurationError)', async () => {
    // Act
    const none = startLocal({ port: 0, verifySignatures: true, logger: silentLogger });
    const twice = startLocal({ port: 0, verifySignatures: true, accessKeys: [KEY, KEY], logger: silentLogger });
    const keysOnly = startLocal({ port: 0, accessKeys: [KEY], logger: silentLogger });

    // Assess
    await expect(none).rejects.toThrow(new ConfigurationError('verifySignatures needs at least one access key (accessKeys)'));
    await expect(twice).rejects.toThrow(`Access key ${KEY.accessKeyId} is given twice`);
    await expect(keysOnly).rejects.toThrow('accessKeys are only used with verifySignatures: true');
  });
});

describe('startLocal without verifySignatures (the default)', () => {
  it('unsigned requests and any key are served on both services', async () => {
    // Prepare
    const local = await startLocal({ port: 0, logger: silentLogger });
    runtimes.push(local);
    const { sfn } = clientsAs(local, { accessKeyId: 'anything', secretAccessKey: 'at all' });

    // Act
    const unsignedPut = await rawRequest(portOf(local), 'PUT', `/${local.bucket}/note.txt`, {}, 'small');
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: local.stateMachineArn }));

    // Assess
    expect(unsignedPut.status).toBe(200);
    expect(listed.$metadata.httpStatusCode).toBe(200);
  });
});
