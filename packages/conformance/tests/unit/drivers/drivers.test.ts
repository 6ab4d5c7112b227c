import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { httpDriver } from '../../../src/drivers/http.js';
import { inProcessDriver } from '../../../src/drivers/in-process.js';
import { ServeStartError, spawnServe } from '../../../src/drivers/serve-process.js';
import type { Driver, DriverStartOptions, LambdaSpec } from '../../../src/drivers/types.js';
import { createFakeService, loadFunctionsDirectory } from '../../fixtures/fake-service.mjs';

const FAKE_SERVE = fileURLToPath(new URL('../../fixtures/fake-serve.mjs', import.meta.url));
const ECHO: LambdaSpec = {
  name: 'lambda_func_a0000001',
  arn: 'arn:aws:lambda:us-east-1:111111111111:function:lambda_func_a0000001',
  source: 'export const handler = async (event) => ({ echoed: event });',
};
const RAISE: LambdaSpec = {
  name: 'fn-exception-a0000001',
  arn: 'arn:aws:lambda:us-east-1:111111111111:function:fn-exception-a0000001',
  source:
    'export const handler = async () => {\n  const err = new Error("Some exception was raised.");\n  err.name = "Exception";\n  throw err;\n};',
};
const START: DriverStartOptions = { region: 'us-east-1', accountId: '111111111111', lambdas: [ECHO, RAISE] };
const DEFINITION = (fn: LambdaSpec) =>
  JSON.stringify({ StartAt: 'Invoke', States: { Invoke: { Type: 'Task', Resource: fn.arn, End: true } } });

let opened: Driver[] = [];
afterEach(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  opened = [];
});

/** The calls every driver must answer alike: dates as Date, ResponseMetadata, `__type` codes, modeled error members. */
async function exercise(driver: Driver) {
  const created = await driver.call('CreateStateMachine', {
    name: 'sm',
    definition: DEFINITION(ECHO),
    roleArn: 'arn:aws:iam::111111111111:role/r',
  });
  const started = await driver.call('StartExecution', {
    stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm',
    input: '{"a":1}',
    name: 'e1',
  });
  const described = await driver.call('DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:sm:e1' });
  const missing = await driver.call('DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:sm:nope' });
  const invalid = await driver.call('ValidateStateMachineDefinition', { definition: '{}' });
  const unknown = await driver.call('NoSuchOperation', {});
  return { created, started, described, missing, invalid, unknown };
}

function assessExercise(outcome: Awaited<ReturnType<typeof exercise>>) {
  expect(outcome.created).toEqual({
    ok: true,
    response: {
      stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:sm',
      creationDate: new Date(1_700_000_000_500),
      ResponseMetadata: { HTTPHeaders: {}, HTTPStatusCode: 200 },
    },
  });
  expect(outcome.started).toMatchObject({
    ok: true,
    response: { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:sm:e1', startDate: new Date(1_700_000_001_000) },
  });
  expect(outcome.described).toMatchObject({
    ok: true,
    response: { status: 'SUCCEEDED', output: '{"echoed":{"a":1}}', stopDate: new Date(1_700_000_002_250) },
  });
  expect(outcome.missing).toEqual({
    ok: false,
    error: {
      code: 'ExecutionDoesNotExist',
      message: "Execution Does Not Exist: 'arn:aws:states:us-east-1:111111111111:execution:sm:nope'",
      httpStatus: 400,
    },
  });
  expect(outcome.invalid).toEqual({
    ok: false,
    error: { code: 'ValidationException', message: 'bad definition', httpStatus: 400, fields: { reason: 'INVALID_DEFINITION' } },
  });
  expect(outcome.unknown).toEqual({
    ok: false,
    error: { code: 'UnknownOperation', message: '@aws-sdk/client-sfn has no NoSuchOperationCommand', httpStatus: 0 },
  });
}

describe('inProcessDriver', () => {
  it("answers through the SDK's own awsJson1_0 parsing, with the case's Lambdas loaded as handlers", async () => {
    // Prepare
    const seen: Parameters<typeof createFakeService>[0][] = [];
    const factory = inProcessDriver((options) => {
      seen.push(options);
      return createFakeService(options);
    });

    // Act
    const driver = await factory.start(START);
    opened.push(driver);
    const outcome = await exercise(driver);

    // Assess
    assessExercise(outcome);
    expect(Object.keys(seen[0]?.lambdaFunctions ?? {})).toEqual([ECHO.name, RAISE.name]);
    expect(seen[0]).toMatchObject({ region: 'us-east-1', accountId: '111111111111' });
  });

  it("hands a handler's error over as the function threw it", async () => {
    const driver = await inProcessDriver(createFakeService).start(START);
    opened.push(driver);
    await driver.call('CreateStateMachine', { name: 'boom', definition: DEFINITION(RAISE), roleArn: 'arn:aws:iam::111111111111:role/r' });
    await driver.call('StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:boom', name: 'e1' });
    const described = await driver.call('DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:boom:e1' });
    expect(described).toMatchObject({
      ok: true,
      response: { status: 'FAILED', error: 'Exception', cause: '{"errorType":"Exception","errorMessage":"Some exception was raised."}' },
    });
  });
});

describe('httpDriver', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('talks HTTP with the real SDK client to the endpoint the factory starts, with the functions written as <name>.mjs', async () => {
    // Prepare: an endpoint factory serving the fake service from the functions directory it is given
    const directories: string[] = [];
    const factory = httpDriver({
      endpointFactory: async (options) => {
        directories.push(options.functionsDirectory);
        const service = createFakeService({ ...options, lambdaFunctions: await loadFunctionsDirectory(options.functionsDirectory) });
        server = createServer(async (request, response) => {
          let body = '';
          for await (const chunk of request) body += chunk;
          const answer = await service.handle(request.headers['x-amz-target'] as string, body);
          response.writeHead(answer.statusCode, answer.headers).end(answer.body);
        });
        await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
        return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: async () => undefined };
      },
    });

    // Act
    const driver = await factory.start(START);
    const files = await readdir(directories[0] as string);
    const outcome = await exercise(driver);
    await driver.close();

    // Assess
    assessExercise(outcome);
    expect(files.sort()).toEqual([`${RAISE.name}.mjs`, `${ECHO.name}.mjs`].sort());
    expect(existsSync(directories[0] as string)).toBe(false);
  });
});

describe('spawnServe', () => {
  const serve = { command: process.execPath, args: [FAKE_SERVE] };

  it('starts serve with the case flags, reads its ready line, and stops it on close', async () => {
    // Prepare
    const factory = httpDriver({ endpointFactory: spawnServe({ serve }) });

    // Act
    const driver = await factory.start({ ...START, mockConfig: { StateMachines: {} } });
    const outcome = await exercise(driver);
    const described = await driver.call('DescribeExecution', { executionArn: 'arn:aws:states:us-east-1:111111111111:execution:sm:e1' });
    await driver.close();

    // Assess: the fake serve only answers when --region, --account-id, --functions and --clock virtual arrived
    assessExercise(outcome);
    expect(described).toMatchObject({ ok: true, response: { traceHeader: 'mocked' } });
  });

  it('kills the process on close', async () => {
    // Prepare
    const factory = spawnServe({ serve });
    const functionsDirectory = await mkdtemp(join(tmpdir(), 'conformance-test-'));
    const handle = await factory({ region: 'us-east-1', accountId: '111111111111', functionsDirectory });
    const ready = await fetch(handle.endpoint, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.Nothing' }, body: '{}' });

    // Act
    await handle.close();

    // Assess
    expect(ready.status).toBe(400);
    await expect(fetch(handle.endpoint, { method: 'POST', body: '{}' })).rejects.toThrow();
    await rm(functionsDirectory, { recursive: true });
  });

  it('fails clearly when serve exits before it is ready, with its stderr', async () => {
    const factory = spawnServe({ serve: { ...serve, args: [FAKE_SERVE] } });
    process.env.FAKE_SERVE_MODE = 'exit';
    try {
      await expect(factory({ region: 'us-east-1', accountId: '111111111111', functionsDirectory: '/nonexistent' })).rejects.toThrow(
        /serve exited before it was ready \(code 3, signal null\)\nfake serve: --functions directory is missing/,
      );
    } finally {
      delete process.env.FAKE_SERVE_MODE;
    }
  });

  it('gives up on a serve that never prints its ready line', async () => {
    process.env.FAKE_SERVE_MODE = 'silent';
    try {
      const factory = spawnServe({ serve, readyTimeoutMs: 300 });
      await expect(factory({ region: 'us-east-1', accountId: '111111111111', functionsDirectory: '/tmp' })).rejects.toThrow(
        ServeStartError,
      );
    } finally {
      delete process.env.FAKE_SERVE_MODE;
    }
  });
});
