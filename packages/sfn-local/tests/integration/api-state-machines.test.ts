import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStepFunctionsService, type StepFunctionsService } from '../../src/service.js';
import { call, runToEnd, type WireEvent } from '../helpers/direct.js';
import { recordingLogger } from '../helpers/fixtures.js';
import { sdkRejection, serveStepFunctions, type ServedStepFunctions, waitForClose } from '../helpers/server.js';

// State machines created through the API: CreateStateMachine (idempotency, AWS's errors),
// DescribeStateMachine, ListStateMachines, DeleteStateMachine (DELETING while executions close),
// DescribeStateMachineForExecution, executions of any of them, and all of it kept in a data directory.

const REGION = 'us-east-1';
const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/test-role`;
const arnOf = (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { done: true }, End: true } } });

let services: StepFunctionsService[] = [];
let served: ServedStepFunctions | undefined;
let directories: string[] = [];

function service(options: Partial<Parameters<typeof createStepFunctionsService>[0]> = {}): StepFunctionsService {
  const created = createStepFunctionsService({ region: REGION, accountId: ACCOUNT, logger: recordingLogger(), ...options });
  services.push(created);
  return created;
}

async function client(options: Partial<Parameters<typeof createStepFunctionsService>[0]> = {}): Promise<SFNClient> {
  served = await serveStepFunctions(service(options));
  return served.sfn;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sizegate-sfn-machines-'));
  directories.push(dir);
  return dir;
}

afterEach(async () => {
  await served?.close();
  served = undefined;
  await Promise.all(services.map((each) => each.close()));
  services = [];
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  directories = [];
});

describe('CreateStateMachine and DescribeStateMachine', () => {
  it('creates a STANDARD state machine that DescribeStateMachine reports as AWS does, with variableReferences', async () => {
    // Prepare
    const sfn = await client();
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { factor: 2 }, Next: 'Use' },
        Use: { Type: 'Pass', Output: '{% $states.input.n * $factor %}', End: true },
      },
    });

    // Act
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'doubler', definition, roleArn: ROLE }));
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));

    // Assess
    expect(created.stateMachineArn).toBe(arnOf('doubler'));
    expect(created.creationDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      stateMachineArn: arnOf('doubler'),
      name: 'doubler',
      status: 'ACTIVE',
      type: 'STANDARD',
      definition,
      roleArn: ROLE,
      creationDate: created.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
      variableReferences: { Use: ['factor'] },
    });
  });

  it('is idempotent for the same request (a different roleArn is ignored, as on AWS), StateMachineAlreadyExists otherwise', async () => {
    // Prepare
    const sfn = await client();
    const first = await sfn.send(new CreateStateMachineCommand({ name: 'once', definition: PASS, roleArn: ROLE }));

    // Act
    const again = await sfn.send(new CreateStateMachineCommand({ name: 'once', definition: PASS, roleArn: ROLE }));
    const otherRole = await sfn.send(new CreateStateMachineCommand({ name: 'once', definition: PASS, roleArn: `${ROLE}-2` }));
    const otherDefinition = await sdkRejection(
      sfn.send(new CreateStateMachineCommand({ name: 'once', definition: PASS.replace('true', 'false'), roleArn: ROLE })),
    );
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));

    // Assess
    expect(again).toMatchObject({ stateMachineArn: first.stateMachineArn, creationDate: first.creationDate });
    expect(otherRole).toMatchObject({ stateMachineArn: first.stateMachineArn, creationDate: first.creationDate });
    expect(otherDefinition).toEqual({
      name: 'StateMachineAlreadyExists',
      message: `State Machine Already Exists: '${arnOf('once')}'`,
      status: 400,
    });
    expect(described.roleArn).toBe(ROLE);
  });

  it("answers a bad definition with AWS's InvalidDefinition text, and bad names, types and missing members with AWS's errors", async () => {
    // Prepare
    const sfn = await client();
    const create = (input: { name?: string; definition?: string; roleArn?: string; type?: string }) =>
      sdkRejection(sfn.send(new CreateStateMachineCommand({ name: 'm', definition: PASS, roleArn: ROLE, ...input } as never)));

    // Act
    const results = [
      await create({ definition: JSON.stringify({ StartAt: 'A' }) }),
      await create({ name: 'has space' }),
      await create({ type: 'EXPRESS' }),
      await create({ type: 'OTHER' }),
      await create({ roleArn: undefined }),
    ];

    // Assess: the InvalidDefinition text is the one recorded (conformance corpus, test_create_delete_invalid_sm)
    expect(results[0]).toEqual({
      name: 'InvalidDefinition',
      message: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
      status: 400,
    });
    expect(results[1]).toEqual({ name: 'InvalidName', message: "Invalid Name: 'has space'", status: 400 });
    expect(results[2]).toMatchObject({ name: 'StateMachineTypeNotSupported', status: 400 });
    expect(results[2]!.message).toContain('create the state machine with type STANDARD');
    expect(results[3]).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(results[3]!.message).toContain('Member must satisfy enum value set: [STANDARD, EXPRESS]');
    expect(results[4]).toMatchObject({ name: 'ValidationException', status: 400 });
  });
});

describe('executions of a created state machine', () => {
  it('runs them with their Lambda functions by name; DescribeStateMachineForExecution names the machine that ran', async () => {
    // Prepare
    const svc = service({ lambdaFunctions: { double: async (event: { n: number }) => ({ n: event.n * 2 }) } });
    const definition = JSON.stringify({
      StartAt: 'Double',
      States: { Double: { Type: 'Task', Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:double`, End: true } },
    });
    await call(svc, 'CreateStateMachine', { name: 'with-lambda', definition, roleArn: ROLE });

    // Act
    const { executionArn, execution, events } = await runToEnd(svc, arnOf('with-lambda'), { n: 21 }, 'first');
    const forExecution = await call(svc, 'DescribeStateMachineForExecution', { executionArn });
    const listed = await call<{ executions: { name: string }[] }>(svc, 'ListExecutions', { stateMachineArn: arnOf('with-lambda') });

    // Assess
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"n":42}', stateMachineArn: arnOf('with-lambda') });
    expect(events.map((event) => event.type)).toContain('LambdaFunctionSucceeded');
    expect(forExecution).toMatchObject({ stateMachineArn: arnOf('with-lambda'), name: 'with-lambda', definition, roleArn: ROLE });
    expect(forExecution).toHaveProperty('updateDate');
    expect(listed.executions.map((item) => item.name)).toEqual(['first']);
  });

  it('on the virtual clock, ends a one-year Wait at once with the history a year apart', async () => {
    // Prepare
    const svc = service({ clock: 'virtual' });
    const year = 365 * 24 * 3600;
    await call(svc, 'CreateStateMachine', {
      name: 'patient',
      definition: JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: year, End: true } } }),
      roleArn: ROLE,
    });
    const started = Date.now();

    // Act
    const { execution, events } = await runToEnd(svc, arnOf('patient'), {});

    // Assess
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(execution.status).toBe('SUCCEEDED');
    const [entered, exited] = [events[1] as WireEvent, events[2] as WireEvent];
    expect([entered.type, exited.type]).toEqual(['WaitStateEntered', 'WaitStateExited']);
    expect(exited.timestamp - entered.timestamp).toBeGreaterThanOrEqual(year);
    expect(exited.timestamp - entered.timestamp).toBeLessThan(year + 1);
  });
});

describe('ListStateMachines and DeleteStateMachine', () => {
  it('lists in pages; deleting is DELETING while an execution still runs (it is stopped), then the machine is gone and its executions stay', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const sfn = await client({
      lambdaFunctions: { hold: () => new Promise((resolve) => (release = () => resolve('released'))) },
    });
    const holding = JSON.stringify({
      StartAt: 'H',
      States: { H: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'hold' }, End: true } },
    });
    for (const name of ['a', 'b', 'c']) {
      await sfn.send(new CreateStateMachineCommand({ name, definition: name === 'b' ? holding : PASS, roleArn: ROLE }));
    }
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf('b'), name: 'held' }));

    // Act
    const page1 = await sfn.send(new ListStateMachinesCommand({ maxResults: 2 }));
    const page2 = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken: page1.nextToken }));
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arnOf('b') }));
    const whileDeleting = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arnOf('b') })).catch((error: Error) => error);
    const startWhileDeleting = await sdkRejection(sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf('b') })));
    const stopped = await waitForClose(sfn, executionArn!);
    release();
    const deleteMissing = await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arnOf('never-was') }));
    let listedAfter: string[] = [];
    for (let round = 0; round < 100; round++) {
      listedAfter = ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((machine) => machine.name!);
      if (!listedAfter.includes('b')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const describeGone = await sdkRejection(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arnOf('b') })));
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(page1.stateMachines?.map((machine) => machine.name)).toEqual(['a', 'b']);
    expect(page2.stateMachines?.map((machine) => machine.name)).toEqual(['c']);
    expect(page2.nextToken).toBeUndefined();
    // Either DELETING (the execution is still closing) or already gone: never ACTIVE.
    if (!(whileDeleting instanceof Error)) expect(whileDeleting.status).toBe('DELETING');
    expect(['StateMachineDeleting', 'StateMachineDoesNotExist']).toContain(startWhileDeleting.name);
    expect(stopped.status).toBe('ABORTED');
    expect(deleteMissing.$metadata.httpStatusCode).toBe(200);
    expect(listedAfter).toEqual(['a', 'c']);
    expect(describeGone).toEqual({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arnOf('b')}'`,
      status: 400,
    });
    expect(execution.status).toBe('ABORTED');
  });
});

describe('a data directory', () => {
  it('keeps created state machines and their executions: a new service on it serves both, and restarts what was running', async () => {
    // Prepare
    const dir = dataDir();
    let release: () => void = () => undefined;
    const first = service({
      persistDirectory: dir,
      lambdaFunctions: { hold: () => new Promise((resolve) => (release = () => resolve(1))) },
    });
    const holding = JSON.stringify({
      StartAt: 'H',
      States: { H: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'hold' }, End: true } },
    });
    await call(first, 'CreateStateMachine', { name: 'kept', definition: PASS, roleArn: ROLE });
    await call(first, 'CreateStateMachine', { name: 'held', definition: holding, roleArn: ROLE });
    const done = await runToEnd(first, arnOf('kept'), { a: 1 }, 'done');
    await call(first, 'StartExecution', { stateMachineArn: arnOf('held'), name: 'interrupted' });
    // The first service is left as a killed process leaves it: not closed, its execution RUNNING on disk.
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Act
    const second = service({ persistDirectory: dir, lambdaFunctions: { hold: async () => 'now it returns' } });
    const machines = await call<{ stateMachines: { name: string }[] }>(second, 'ListStateMachines');
    const described = await call(second, 'DescribeStateMachine', { stateMachineArn: arnOf('kept') });
    const doneAgain = await call(second, 'DescribeExecution', { executionArn: done.executionArn });
    const history = await call<{ events: WireEvent[] }>(second, 'GetExecutionHistory', { executionArn: done.executionArn });
    await second.idle();
    release();
    const held = await call<{ executions: { name: string; status: string }[] }>(second, 'ListExecutions', {
      stateMachineArn: arnOf('held'),
    });

    // Assess
    expect(machines.stateMachines.map((machine) => machine.name).sort()).toEqual(['held', 'kept']);
    expect(described).toMatchObject({ name: 'kept', definition: PASS, roleArn: ROLE, status: 'ACTIVE' });
    expect(doneAgain).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    expect(history.events.map((event) => event.type)).toEqual(done.events.map((event) => event.type));
    expect(held.executions).toEqual([
      expect.objectContaining({ name: 'interrupted-restart-1', status: 'SUCCEEDED' }),
      expect.objectContaining({ name: 'interrupted', status: 'ABORTED' }),
    ]);
  });
});
