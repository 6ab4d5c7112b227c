import { ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepFunctionsEndpoint, parseAccessKey, startSfnLocal, type SfnLocal } from '../../src/index.js';
import { rawRequest } from '../helpers/raw-request.js';
import { sdkRejection, waitForClose } from '../helpers/server.js';

// verifySignatures: SigV4 against the configured access keys, with the errors AWS's JSON services
// answer. Real SDK clients sign; raw requests show the wire shape.

const DEFINITION = {
  StartAt: 'Echo',
  States: {
    Echo: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'echo', 'Payload.$': '$' }, End: true },
  },
};
const KEY = { accessKeyId: 'AKIDSFNLOCAL', secretAccessKey: 'sfn-local-secret' };
const LIST = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' };

let sfnLocal: SfnLocal | undefined;
const clients: SFNClient[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  await sfnLocal?.close();
  sfnLocal = undefined;
});

/** A real SDK client for `endpoint`; one attempt, so a refusal is not retried (the SDK retries signature errors as clock skew). */
function client(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): SFNClient {
  const created = new SFNClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  clients.push(created);
  return created;
}

const start = (verifySignatures: boolean) =>
  startSfnLocal({
    port: 0,
    definition: DEFINITION,
    functions: { Echo: async (event: unknown) => event },
    verifySignatures,
    accessKeys: [KEY],
  });

describe('startSfnLocal with verifySignatures', () => {
  it('an SDK client with a configured key lists, starts and describes; the execution SUCCEEDS', async () => {
    // Prepare
    sfnLocal = await start(true);
    const sfn = client(sfnLocal.endpoint, KEY);

    // Act
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sfnLocal.stateMachineArn, input: '{"a":1}' }));
    const execution = await waitForClose(sfn, executionArn!);

    // Assess
    expect(listed.stateMachines?.map((machine) => machine.stateMachineArn)).toEqual([sfnLocal.stateMachineArn]);
    expect(execution.status).toBe('SUCCEEDED');
  });

  it("a wrong secret → 400 InvalidSignatureException; an unknown key → 400 UnrecognizedClientException (AWS's messages)", async () => {
    // Prepare
    sfnLocal = await start(true);

    // Act
    const wrongSecret = await sdkRejection(
      client(sfnLocal.endpoint, { ...KEY, secretAccessKey: 'not-the-secret' }).send(new ListStateMachinesCommand({})),
    );
    const unknownKey = await sdkRejection(
      client(sfnLocal.endpoint, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }).send(new ListStateMachinesCommand({})),
    );

    // Assess
    expect(wrongSecret).toEqual({
      name: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      status: 400,
    });
    expect(unknownKey).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
  });

  it("an unsigned request → 400 MissingAuthenticationTokenException in the JSON protocol's shape; nothing reaches the service", async () => {
    // Prepare
    sfnLocal = await start(true);
    const port = Number(new URL(sfnLocal.endpoint).port);

    // Act
    const unsigned = await rawRequest(port, 'POST', '/', LIST, '{}');
    const otherScheme = await rawRequest(port, 'POST', '/', { ...LIST, authorization: 'AWS AKIDSFNLOCAL:c2lnbmF0dXJl' }, '{}');

    // Assess
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(unsigned.body)).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    expect(otherScheme.status).toBe(400);
    expect(JSON.parse(otherScheme.body).__type).toBe('com.amazon.coral.service#IncompleteSignatureException');
  });

  it('off (the default), unsigned requests and any key are served', async () => {
    // Prepare
    sfnLocal = await start(false);
    const port = Number(new URL(sfnLocal.endpoint).port);

    // Act
    const unsigned = await rawRequest(port, 'POST', '/', LIST, '{}');
    const anyKey = await client(sfnLocal.endpoint, { accessKeyId: 'anything', secretAccessKey: 'anything' }).send(
      new ListStateMachinesCommand({}),
    );

    // Assess
    expect(unsigned.status).toBe(200);
    expect(anyKey.stateMachines).toHaveLength(1);
  });

  it('refuses to start without a key, or with a key that is not valid, naming it', async () => {
    // Act
    const noKey = startSfnLocal({ port: 0, definition: DEFINITION, functions: { Echo: async () => ({}) }, verifySignatures: true });
    const badKey = startSfnLocal({
      port: 0,
      definition: DEFINITION,
      functions: { Echo: async () => ({}) },
      verifySignatures: true,
      accessKeys: [parseAccessKey('AKIDONE:one'), parseAccessKey('AKIDONE:two')],
    });

    // Assess
    await expect(noKey).rejects.toThrow('verifySignatures needs at least one access key');
    await expect(badKey).rejects.toThrow('Access key AKIDONE is given twice');
  });
});

describe('createStepFunctionsEndpoint with verifySignatures', () => {
  it('a request dated more than 5 minutes from the clock → InvalidSignatureException "Signature expired: … (… - 5 min.)"; within 5 minutes it is served', async () => {
    // Prepare: the endpoint's clock runs 6 minutes, then 4 minutes, ahead of the client's
    let offsetMs = 6 * 60_000;
    const endpoint = createStepFunctionsEndpoint({
      service: {
        handle: async () => ({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{"stateMachines":[]}' }),
      },
      verifySignatures: true,
      accessKeys: [KEY],
      clock: () => Date.now() + offsetMs,
    });
    const server = createServer((req, res) => endpoint.handle(req, res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sfn = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, KEY);

    // Act
    const late = await sdkRejection(sfn.send(new ListStateMachinesCommand({})));
    offsetMs = 4 * 60_000;
    const inTime = await sfn.send(new ListStateMachinesCommand({}));

    // Assess
    expect(late.name).toBe('InvalidSignatureException');
    expect(late.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    expect(inTime.stateMachines).toEqual([]);
  });
});
