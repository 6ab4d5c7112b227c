import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, StartExecutionCommand, DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { MAX_REQUEST_BODY_BYTES as MAX_STEP_FUNCTIONS_BODY_BYTES } from '@sizegate/sfn-local';
import { MAX_S3_XML_BODY_BYTES } from '@sizegate/s3-local';
import { clientsFor, sdkRejection } from '../helpers/local-clients.js';
import { rawRequest, type RawResponse } from '@sizegate/testing';

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
  const { stateMachines, body, key } = await stillServes();
  expect(stateMachines).toEqual([local.stateMachineArn]);
  expect(body).toBe(key);
}

/** How long a test waits for an answer the server should give at once (a bound against hanging, not a speed target). */
const ANSWER_TIMEOUT_MS = 15_000;

/**
 * Sends the headers and `sent`, but never the rest of the body the headers announce: the answer,
 * and whether it came while the request was still open. A server that waits for the whole body
 * (to read or buffer it) never answers, and this rejects after ANSWER_TIMEOUT_MS.
 */
function answerBeforeBodyEnds(method: string, path: string, headers: Record<string, string | number>, sent: Buffer) {
  return new Promise<{ response: RawResponse; requestStillOpen: boolean }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`No answer within ${ANSWER_TIMEOUT_MS} ms while the body was incomplete`));
    }, ANSWER_TIMEOUT_MS);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        const requestStillOpen = !req.writableEnded && !req.destroyed;
        req.destroy();
        resolve({
          response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') },
          requestStillOpen,
        });
      });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.write(sent);
  });
}

describe('endpoint failure behaviour', () => {
  it('malformed JSON: 400 SerializationException, then still serves', async () => {
    // Act
    const response = await rawRequest(
      port,
      'POST',
      '/',
      { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      '{"maxResults": ',
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(JSON.parse(response.body).__type).toMatch(/#SerializationException$/);
    await expectStillServes();
  });

  it('wrong content type: 400 UnknownOperationException, then still serves', async () => {
    // Act
    const plain = await rawRequest(
      port,
      'POST',
      '/',
      { 'content-type': 'text/plain', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      '{}',
    );
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
    expect(JSON.parse(unknown.body)).toMatchObject({
      __type: expect.stringMatching(/#UnknownOperationException$/),
      message: 'Unknown operation: AWSStepFunctions.Frobnicate',
    });
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

  it('oversize Step Functions body: 413 ValidationException answered before the body is complete, then still serves', async () => {
    // Prepare: the body announced is twice the limit; only the limit plus one byte is ever sent.
    const headers = {
      ...JSON_HEADERS,
      'x-amz-target': 'AWSStepFunctions.StartExecution',
      'content-length': 2 * MAX_STEP_FUNCTIONS_BODY_BYTES,
    };

    // Act
    const answered = await answerBeforeBodyEnds('POST', '/', headers, Buffer.alloc(MAX_STEP_FUNCTIONS_BODY_BYTES + 1, 'a'));

    // Assess: a server that read (or buffered) the whole body would still be waiting for the rest.
    expect(answered.requestStillOpen).toBe(true);
    expect(answered.response.status).toBe(413);
    expect(JSON.parse(answered.response.body)).toEqual({
      __type: 'com.amazonaws.swf.service.v2.model#ValidationException',
      message: `Request body exceeds ${MAX_STEP_FUNCTIONS_BODY_BYTES} bytes`,
    });
    await expectStillServes();
  });

  it('oversize Step Functions body sent whole: 413 ValidationException, the rest drained, and the next request on that connection served', async () => {
    // Prepare: one keep-alive connection for both requests: left unread, the body would be parsed as the next request.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let connections = 0;
    const connect = agent.createConnection.bind(agent);
    agent.createConnection = (...args: Parameters<typeof connect>) => {
      connections++;
      return connect(...args);
    };

    // Act
    const oversize = await rawRequest(
      port,
      'POST',
      '/',
      { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      Buffer.alloc(MAX_STEP_FUNCTIONS_BODY_BYTES + 1, 'a'),
      agent,
    );
    const next = await rawRequest(
      port,
      'POST',
      '/',
      { ...JSON_HEADERS, 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      '{}',
      agent,
    );
    agent.destroy();

    // Assess
    expect(oversize.status).toBe(413);
    expect(next.status).toBe(200);
    expect(connections).toBe(1);
    expect(JSON.parse(next.body).stateMachines.map((machine: { stateMachineArn: string }) => machine.stateMachineArn)).toEqual([
      local.stateMachineArn,
    ]);
    await expectStillServes();
  });

  it('oversize S3 XML body (DeleteObjects): 400 MaxMessageLengthExceeded before the body is complete, nothing deleted, then still serves', async () => {
    // Prepare: a DeleteObjects body naming a real object, padded past the limit; the body announced is larger still.
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: 'kept.txt', Body: 'kept' }));
    const xml = Buffer.from(`<Delete><Object><Key>kept.txt</Key></Object>${' '.repeat(MAX_S3_XML_BODY_BYTES)}</Delete>`);

    // Act
    const answered = await answerBeforeBodyEnds(
      'POST',
      `/${local.bucket}?delete`,
      { 'content-type': 'application/xml', 'content-length': 2 * MAX_S3_XML_BODY_BYTES },
      xml,
    );
    const kept = await (await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: 'kept.txt' }))).Body!.transformToString();

    // Assess
    expect(answered.requestStillOpen).toBe(true);
    expect(answered.response.status).toBe(400);
    expect(answered.response.headers['content-type']).toBe('application/xml');
    expect(answered.response.body).toContain('<Code>MaxMessageLengthExceeded</Code><Message>Your request was too big.</Message>');
    expect(kept).toBe('kept');
    await expectStillServes();
  });

  it('oversize S3 XML body (CompleteMultipartUpload): 400 MaxMessageLengthExceeded, the upload left open and completable, then still serves', async () => {
    // Prepare
    const key = 'multipart-oversize.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: local.bucket, Key: key }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: local.bucket, Key: key, UploadId, PartNumber: 1, Body: 'part one' }));
    const part = `<Part><PartNumber>1</PartNumber><ETag>${ETag}</ETag></Part>`;
    const xml = `<CompleteMultipartUpload>${part.repeat(Math.ceil(MAX_S3_XML_BODY_BYTES / part.length) + 1)}</CompleteMultipartUpload>`;

    // Act
    const refused = await rawRequest(
      port,
      'POST',
      `/${local.bucket}/${key}?uploadId=${UploadId}`,
      { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) },
      xml,
    );
    const missing = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: local.bucket, Key: key })));
    const parts = await s3.send(new ListPartsCommand({ Bucket: local.bucket, Key: key, UploadId }));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: local.bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
      }),
    );
    const completed = await (await s3.send(new GetObjectCommand({ Bucket: local.bucket, Key: key }))).Body!.transformToString();

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<Code>MaxMessageLengthExceeded</Code>');
    expect(missing).toMatchObject({ name: 'NotFound', status: 404 });
    expect(parts.Parts?.map((listed) => listed.PartNumber)).toEqual([1]);
    expect(completed).toBe('part one');
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
