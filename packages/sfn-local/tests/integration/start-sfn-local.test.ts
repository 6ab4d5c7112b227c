import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepFunctionsEndpoint, MAX_REQUEST_BODY_BYTES, startSfnLocal, type SfnLocal } from '../../src/index.js';
import { recordingLogger } from '../helpers/fixtures.js';
import { waitForClose } from '../helpers/server.js';
import { rawRequest } from '../helpers/raw-request.js';

// The service on its own, as a user's test suite runs it: startSfnLocal, a tiny definition and a
// real SDK client.

const DEFINITION = {
  StartAt: 'Greet',
  States: {
    Greet: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'greet', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      Next: 'Done',
    },
    Done: { Type: 'Pass', Parameters: { 'greeting.$': '$.greeting', done: true }, End: true },
  },
};
const SFN_HEADERS = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' };

let sfnLocal: SfnLocal | undefined;
let client: SFNClient | undefined;

afterEach(async () => {
  client?.destroy();
  await sfnLocal?.close();
  client = undefined;
  sfnLocal = undefined;
});

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe('startSfnLocal', () => {
  it('serves one state machine alone: an SDK client starts an execution, the Task runs the handler, the execution SUCCEEDS with its output', async () => {
    // Prepare
    const seen: unknown[] = [];
    sfnLocal = await startSfnLocal({
      port: 0,
      definition: DEFINITION,
      functions: {
        Greet: async (event: { name: string }) => {
          seen.push(event);
          return { greeting: `hello ${event.name}` };
        },
      },
    });
    client = new SFNClient({
      endpoint: sfnLocal.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });

    // Act
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: sfnLocal.stateMachineArn, input: JSON.stringify({ name: 'world' }) }),
    );
    const execution = await waitForClose(client, executionArn!);

    // Assess
    expect(sfnLocal.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:local');
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ greeting: 'hello world', done: true });
    expect(seen).toEqual([{ name: 'world' }]);
    expect((await client.send(new DescribeExecutionCommand({ executionArn }))).stateMachineArn).toBe(sfnLocal.stateMachineArn);
  });

  it('refuses a request for another Host (DNS rebinding) with 403 AccessDeniedException JSON, and logs why', async () => {
    // Prepare
    const logger = recordingLogger();
    sfnLocal = await startSfnLocal({ port: 0, definition: DEFINITION, functions: { Greet: async () => ({}) }, logger });
    const port = portOf(sfnLocal.endpoint);

    // Act
    const refused = await rawRequest(port, 'POST', '/', { ...SFN_HEADERS, host: 'evil.example' }, '{}');
    const served = await rawRequest(port, 'POST', '/', SFN_HEADERS, '{}');

    // Assess
    expect(refused.status).toBe(403);
    expect(refused.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(JSON.parse(refused.body)).toMatchObject({
      message: expect.stringContaining('Host "evil.example" is not an address this runtime serves'),
    });
    expect(served.status).toBe(200);
    expect(JSON.parse(served.body).stateMachines).toHaveLength(1);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.attributes['reason'])).toEqual([
      'Host "evil.example" is not an address this runtime serves',
    ]);
  });

  it('answers a body over the limit with 413 ValidationException, and a non-JSON content type with UnknownOperationException', async () => {
    // Prepare
    sfnLocal = await startSfnLocal({ port: 0, definition: DEFINITION, functions: { Greet: async () => ({}) } });
    const port = portOf(sfnLocal.endpoint);

    // Act
    const tooBig = await rawRequest(port, 'POST', '/', SFN_HEADERS, 'x'.repeat(MAX_REQUEST_BODY_BYTES + 1));
    const wrongType = await rawRequest(port, 'POST', '/', { ...SFN_HEADERS, 'content-type': 'text/plain' }, '{}');

    // Assess
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.body)).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
  });
});

describe('createStepFunctionsEndpoint', () => {
  it('claims Step Functions targets and AWS JSON 1.0 POSTs, nothing else, without creating the service', () => {
    // Prepare
    let asked = 0;
    const endpoint = createStepFunctionsEndpoint({
      service: () => {
        asked++;
        return undefined;
      },
    });
    const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as IncomingMessage;

    // Act
    const claimed = [
      endpoint.claims(request('POST', SFN_HEADERS)),
      endpoint.claims(request('GET', { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' })),
      endpoint.claims(request('POST', { 'content-type': 'application/x-amz-json-1.0' })),
      endpoint.claims(request('POST', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' })),
      endpoint.claims(request('GET', {})),
      endpoint.claims(request('PUT', { 'content-type': 'application/octet-stream' })),
      endpoint.claims(request('POST', { 'x-amz-target': 'DynamoDB_20120810.GetItem' })),
    ];

    // Assess
    expect(claimed).toEqual([true, true, true, true, false, false, false]);
    expect(asked).toBe(0);
  });
});
