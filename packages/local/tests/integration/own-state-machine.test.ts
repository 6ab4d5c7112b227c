import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type ServeProcess, startServeProcess } from '../helpers/serve-process.js';

// The root README's "run your own state machine" journey, end to end: `serve --functions DIR`,
// a JSONata state machine with Assign, a Map and a Lambda from that directory, created and run
// with the real SDK and with awscli v2 (`--endpoint-url`), its history read back.

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/my-role`;

/** The README's definition: Assign a factor, Map over the values, each item through the `multiply` function. */
const DEFINITION = {
  QueryLanguage: 'JSONata',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { factor: '{% $states.input.factor %}' }, Next: 'Scale' },
    Scale: {
      Type: 'Map',
      Items: '{% $states.input.values %}',
      ItemProcessor: {
        StartAt: 'Multiply',
        States: {
          Multiply: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'multiply', Payload: { value: '{% $states.input %}', factor: '{% $factor %}' } },
            Output: '{% $states.result.Payload %}',
            End: true,
          },
        },
      },
      Output: '{% { "factor": $factor, "scaled": $states.result } %}',
      End: true,
    },
  },
};

// Unmodified awscli v2 (Debian's package, /usr/bin/aws), as in awscli-e2e.test.ts.
const AWS = ['/usr/bin/aws', 'aws'].find((candidate) => {
  const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return version.status === 0 && /^aws-cli\/2\./.test(version.stdout);
});
if (!AWS) console.warn('SKIPPED awscli part of the own-state-machine journey: awscli v2 not found (apt-get install awscli)');

let dir: string;
let functions: string;
let serve: ServeProcess;
let sfn: SFNClient;

/** Writes the `multiply` function; a later mtime makes sure a rewrite counts as a change. */
function writeMultiply(body: string, secondsAhead = 0): void {
  const path = join(functions, 'multiply.mjs');
  writeFileSync(path, `export const handler = async ({ value, factor }) => ${body};\n`);
  const when = new Date(Date.now() + secondsAhead * 1000);
  utimesSync(path, when, when);
}

async function waitForEnd(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let round = 0; round < 400; round++) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${executionArn} still RUNNING`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sizegate-own-machine-'));
  functions = join(dir, 'functions');
  mkdirSync(functions);
  writeMultiply('value * factor');
  writeFileSync(join(dir, 'definition.json'), JSON.stringify(DEFINITION));
  serve = await startServeProcess(['--functions', functions, '--region', REGION, '--account-id', ACCOUNT, '--clock', 'virtual']);
  sfn = new SFNClient({ endpoint: serve.ready.endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(async () => {
  sfn?.destroy();
  await serve?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('your own state machine on sizegate-local serve --functions', () => {
  it('with the SDK: creates a JSONata state machine (Assign, Map, a Lambda from the directory), runs it and reads its history', async () => {
    // Act
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'scale-sdk', definition: JSON.stringify(DEFINITION), roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ factor: 3, values: [1, 2, 4] }) }),
    );
    const execution = await waitForEnd(executionArn!);
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));

    // Assess
    expect(serve.ready).toMatchObject({ region: REGION, stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:sizegate` });
    expect(stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:scale-sdk`);
    expect(stateMachines.map((machine) => machine.name)).toEqual(['sizegate', 'scale-sdk']);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toEqual({ factor: 3, scaled: [3, 6, 12] });
    const types = events.map((event: HistoryEvent) => event.type);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(3);
    expect(types.filter((type) => type === 'TaskSucceeded')).toHaveLength(3);
    const prepared = events.find((event) => event.type === 'PassStateExited');
    expect(prepared?.stateExitedEventDetails?.assignedVariables).toEqual({ factor: '3' });
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resource: 'invoke',
      resourceType: 'lambda',
      region: REGION,
    });
  });

  it('uses a changed function file from the next execution on', async () => {
    // Prepare
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'scale-edit', definition: JSON.stringify(DEFINITION), roleArn: ROLE }),
    );
    const run = async () => {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"factor":2,"values":[5]}' }));
      return JSON.parse((await waitForEnd(executionArn!)).output!) as { scaled: number[] };
    };
    const before = await run();

    // Act
    writeMultiply('value * factor + 1', 5);
    const after = await run();

    // Assess
    expect(before.scaled).toEqual([10]);
    expect(after.scaled).toEqual([11]);
    writeMultiply('value * factor', 10);
  });

  it.skipIf(!AWS)(
    'with awscli v2 (--endpoint-url): create-state-machine, start-execution, describe-execution, get-execution-history',
    async () => {
      // Prepare
      const aws = (...args: string[]) =>
        JSON.parse(
          execFileSync(AWS!, [...args, '--endpoint-url', serve.ready.endpoint, '--output', 'json'], {
            encoding: 'utf8',
            timeout: 30_000,
            env: {
              PATH: process.env.PATH,
              HOME: dir,
              AWS_ACCESS_KEY_ID: 'test',
              AWS_SECRET_ACCESS_KEY: 'test',
              AWS_DEFAULT_REGION: REGION,
              AWS_PAGER: '',
              AWS_EC2_METADATA_DISABLED: 'true',
            },
          }),
        ) as Record<string, unknown>;

      // Act
      const created = aws(
        'stepfunctions',
        'create-state-machine',
        '--name',
        'scale-cli',
        '--definition',
        `file://${join(dir, 'definition.json')}`,
        '--role-arn',
        ROLE,
      );
      const started = aws(
        'stepfunctions',
        'start-execution',
        '--state-machine-arn',
        String(created.stateMachineArn),
        '--input',
        '{"factor":10,"values":[1,2]}',
      );
      const execution = await waitForEnd(String(started.executionArn));
      const described = aws('stepfunctions', 'describe-execution', '--execution-arn', String(started.executionArn));
      const history = aws('stepfunctions', 'get-execution-history', '--execution-arn', String(started.executionArn)) as {
        events: { type: string }[];
      };

      // Assess
      expect(created.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:scale-cli`);
      expect(execution.status).toBe('SUCCEEDED');
      expect(described.status).toBe('SUCCEEDED');
      expect(JSON.parse(String(described.output))).toEqual({ factor: 10, scaled: [10, 20] });
      expect(history.events[0]?.type).toBe('ExecutionStarted');
      expect(history.events.filter((event) => event.type === 'MapIterationSucceeded')).toHaveLength(2);
      expect(history.events.at(-1)?.type).toBe('ExecutionSucceeded');
    },
  );
});

describe('serve options for your own state machines', () => {
  const serveExpectingExit = (args: string[]) =>
    spawnSync(process.execPath, [CLI, 'serve', '--port', '0', ...args], { encoding: 'utf8', timeout: 20_000 });

  it('refuses a --functions directory with two files for one name, naming both, with exit code 2', () => {
    // Prepare
    const twice = join(dir, 'twice');
    mkdirSync(twice);
    writeFileSync(join(twice, 'same.mjs'), 'export const handler = () => 1;');
    writeFileSync(join(twice, 'same.cjs'), 'exports.handler = () => 1;');

    // Act
    const result = serveExpectingExit(['--functions', twice]);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${join(twice, 'same.cjs')} and ${join(twice, 'same.mjs')}`);
    expect(result.stderr).not.toContain('    at ');
  });

  it.each([
    [['--clock', 'fast'], '--clock must be real or virtual'],
    [['--region', 'moon'], '--region must be a region name'],
    [['--account-id', '123'], '--account-id must be 12 digits'],
    [['--map-state-exited-after', 'MapRunFailed'], '--map-state-exited-after must be'],
  ])('rejects %j with exit code 2 naming the flag', (args, message) => {
    // Act
    const result = serveExpectingExit(args);

    // Assess
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
