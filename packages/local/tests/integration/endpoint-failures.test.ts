import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, StartExecutionCommand, DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { MAX_STEP_FUNCTIONS_BODY_BYTES } from '../../src/http-server.js';
import { clientsFor, sdkRejection } from '../helpers/local-clients.js';
import { rawRequest } from '../helpers/s3-server.js';

// The endpoint's failure behaviour through the real front server (startLocal): each bad request
// gets an AWS-shaped error, and a normal request right after it proves the server still serves.
let local: LocalRuntime;
let port: number;
let s3: S3Client;
let sfn: SFNClient;
let round = 0;
const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

beforeAll(async () => {
  local = await startLocal({ port: 0, logger: silentLogger });
  port = Number(new URL(local.endpoint).port);
  ({ s3, sfn } = clientsFor(local));
});

afterAll(async () => {
  s3?.destroy();
  sfn?.destroy();
  await local?.close();
});

/** A Step Functions call and an S3 round trip with the real SDK clients: what they returned. */
async function stillServes() {
  const key = `after-error-${++round}.txt`;
  const machines = await sfn.send(new ListStateMachinesCommand({}));
  await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: key }));
  const body = await (await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: key }))).Body!.transformToString();
  return { stateMachines: machines.stateMachines?.map((machine) => machine.stateMachineArn), body, key };
}

async function expectStillServes() {
  const result = await stillServes();
  expect(result).toEqual({ stateMachines: [local.stateMachineArn], body: result.key, key: result.key });
}

describe('endpoint failure behaviour', () => {
  it('malformed JSON: 400 SerializationException, then still serves', async () => {
    // Act
    const response = await rawRequest(port, 'POST', '/', { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, '{"maxResults": ');

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(JSON.parse(response.body).__type).toMatch(/#SerializationException$/);
    await expectStillServes();
  });

  it('wrong content type: 400 UnknownOperationException, then still serves', async () => {
    // Act
    const plain = await rawRequest(port, 'POST', '/', { 'content-type': 'text/plain', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, '{}');
    const missing = await rawRequest(port, 'POST', '/', { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, '{}');

    // Assess
    for (const response of [plain, missing]) {
      expect(response.status).toBe(400);
      expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
      expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    }
    expect(JSON.parse(plain.body)).toEqual({
      __type: 'com.amazon.coral.service#UnknownOperationException',
      message: 'Unsupported Content-Type "text/plain": Step Functions requests are application/x-amz-json-1.0',
    });
    await expectStillServes();
  });

  it('unknown X-Amz-Target: 400 UnknownOperationException, then still serves', async () => {
    // Act
    const unknown = await rawRequest(port, 'POST', '/', { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.Frobnicate' }, '{}');
    const noTarget = await rawRequest(port, 'POST', '/', JSON_HEADERS, '{}');

    // Assess
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: expect.stringMatching(/#UnknownOperationException$/), message: 'Unknown operation: AWSStepFunctions.Frobnicate' });
    expect(noTarget.status).toBe(400);
    expect(noTarget.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    await expectStillServes();
  });

  it('execution input over 256 KiB: InvalidExecutionInput, then still serves', async () => {
    // Prepare
    const input = JSON.stringify({ bucket: local.bucket, key: 'k', pad: 'a'.repeat(262_144) });

    // Act
    const error = await sdkRejection(sfn.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, input })));

    // Assess
    expect(error).toMatchObject({ name: 'InvalidExecutionInput', status: 400 });
    await expectStillServes();
  });

  it('invalid ARNs and names: InvalidArn and InvalidName, then still serves', async () => {
    // Act
    const badArn = await sdkRejection(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })));
    const badName = await sdkRejection(sfn.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArn, name: 'has space' })));

    // Assess
    expect(badArn).toEqual({ name: 'InvalidArn', message: "Invalid Arn: 'Invalid ARN prefix: not-an-arn'", status: 400 });
    expect(badName).toEqual({ name: 'InvalidName', message: "Invalid Name: 'has space'", status: 400 });
    await expectStillServes();
  });

  it('oversize body: 413 ValidationException without buffering it, then still serves', async () => {
    // Act
    const response = await rawRequest(
      port,
      'POST',
      '/',
      { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      Buffer.alloc(MAX_STEP_FUNCTIONS_BODY_BYTES + 1, 'a'),
    );

    // Assess
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#ValidationException',
      message: `Request body exceeds ${MAX_STEP_FUNCTIONS_BODY_BYTES} bytes`,
    });
    await expectStillServes();
  });

  it('an S3 key over 1,024 bytes: 400 KeyTooLongError XML, then still serves', async () => {
    // Act
    const response = await rawRequest(port, 'PUT', `/${local.bucket}/${'k'.repeat(1025)}`, { 'content-length': 1 }, 'x');

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.body).toContain('<Code>KeyTooLongError</Code>');
    await expectStillServes();
  });
});
