import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import type { StepFunctionsService } from '../../src/service.js';
import { fakeCheckSize, sizegateService, STATE_MACHINE_ARN, type ObjectInput } from '../helpers/fixtures.js';
import { eventChain, historyOf, serveStepFunctions, waitForClose, type ServedStepFunctions } from '../helpers/server.js';

// ListExecutions, StopExecution, GetExecutionHistory paging, idle() and close(), through the SDK.

let service: StepFunctionsService;
let served: ServedStepFunctions;
let release: () => void = () => undefined;
const processed: unknown[] = [];

/** Sizes: key "big/..." → 42 (processed), "small/..." → 3, "none/..." → no size; "slow/..." waits for release(). */
async function start() {
  const released = new Promise<void>((resolve) => (release = resolve));
  const sizes: Record<string, number | null> = { big: 42, small: 3, none: null, slow: 42 };
  const checkSize = fakeCheckSize((event) => sizes[event.key.split('/')[0]!] ?? null);
  service = sizegateService(
    {
      checkSize: async (event: ObjectInput) => {
        if (event.key.startsWith('slow/')) await released;
        return checkSize(event);
      },
      processFile: async (event: ObjectInput) => processed.push(event.key),
      // Real time: "slow/" executions are held open for as long as a test needs, which a scaled
      // TimeoutSeconds (60 s × 0.001 = 60 ms) would cut short with States.Timeout.
    },
    { timeScale: 1 },
  );
  served = await serveStepFunctions(service);
  return served.sfn;
}

afterEach(async () => {
  release();
  await service.close();
  await served.close();
  processed.length = 0;
});

const startFor = (key: string, name?: string) =>
  served.sfn.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name, input: JSON.stringify({ bucket: 'b', key }) }));

describe('ListExecutions', () => {
  it('lists newest first, filters by status and pages with nextToken', async () => {
    // Prepare
    const sfn = await start();
    const keys = ['big/1', 'small/2', 'none/3', 'big/4', 'small/5', 'slow/6'];
    const arns: string[] = [];
    for (const [index, key] of keys.entries()) arns.push((await startFor(key, `exec-${index + 1}`)).executionArn!);
    for (const arn of arns.slice(0, 5)) await waitForClose(sfn, arn);

    // Act
    const pages: string[][] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, maxResults: 4, nextToken }));
      pages.push((response.executions ?? []).map((execution) => execution.name!));
      nextToken = response.nextToken;
      if (!nextToken) break;
    }
    const succeeded = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'SUCCEEDED', maxResults: 2 }),
    );
    const succeededRest = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: STATE_MACHINE_ARN,
        statusFilter: 'SUCCEEDED',
        maxResults: 2,
        nextToken: succeeded.nextToken,
      }),
    );
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'FAILED' }));
    const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'RUNNING' }));
    const wrongScope = await sfn
      .send(new ListExecutionsCommand({ stateMachineArn: STATE_MACHINE_ARN, statusFilter: 'FAILED', nextToken: succeeded.nextToken }))
      .catch((error: Error) => error);

    // Assess
    expect(pages).toEqual([
      ['exec-6', 'exec-5', 'exec-4', 'exec-3'],
      ['exec-2', 'exec-1'],
    ]);
    expect(succeeded.executions!.map((execution) => execution.name)).toEqual(['exec-5', 'exec-4']);
    expect(succeededRest.executions!.map((execution) => execution.name)).toEqual(['exec-2', 'exec-1']);
    expect(succeededRest.nextToken).toBeUndefined();
    expect(failed.executions!.map((execution) => execution.name)).toEqual(['exec-3']);
    expect(running.executions).toEqual([
      {
        executionArn: arns[5],
        stateMachineArn: STATE_MACHINE_ARN,
        name: 'exec-6',
        status: 'RUNNING',
        startDate: expect.any(Date),
        redriveCount: 0,
      },
    ]);
    expect(failed.executions![0]).toMatchObject({ status: 'FAILED', stopDate: expect.any(Date), redriveCount: 0 });
    expect((wrongScope as Error).name).toBe('InvalidToken');
  });
});

describe('StopExecution', () => {
  it('aborts a running execution: ABORTED, error and cause kept, history ends with ExecutionAborted', async () => {
    // Prepare
    const sfn = await start();
    const { executionArn } = await startFor('slow/stop-me');

    // Act
    const stopped = await sfn.send(new StopExecutionCommand({ executionArn, error: 'Manual', cause: 'probe' }));
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const stoppedAgain = await sfn.send(new StopExecutionCommand({ executionArn }));
    release();
    await service.idle();
    const events = await historyOf(sfn, executionArn!);
    const after = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'probe', redriveStatus: 'REDRIVABLE' });
    expect(execution.output).toBeUndefined();
    expect(execution.stopDate).toEqual(stopped.stopDate);
    expect(stoppedAgain.stopDate).toEqual(stopped.stopDate);
    expect(eventChain(events)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 2, 'TaskScheduled'],
      [4, 3, 'TaskStarted'],
      [5, 0, 'ExecutionAborted'],
    ]);
    expect(events[4]!.executionAbortedEventDetails).toEqual({ error: 'Manual', cause: 'probe' });
    // The handler finishing later changes nothing, and no further state runs.
    expect(after.status).toBe('ABORTED');
    expect(processed).toEqual([]);
  });

  it('records an empty ExecutionAborted details object when no error or cause is given', async () => {
    // Prepare
    const sfn = await start();
    const { executionArn } = await startFor('slow/plain-stop');

    // Act
    await sfn.send(new StopExecutionCommand({ executionArn }));
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const events = await historyOf(sfn, executionArn!);

    // Assess
    expect(execution.status).toBe('ABORTED');
    expect(execution.error).toBeUndefined();
    expect(execution.cause).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'ExecutionAborted', previousEventId: 0, executionAbortedEventDetails: {} });
  });
});

describe('GetExecutionHistory options', () => {
  it('pages with maxResults/nextToken, reverses with reverseOrder and drops data with includeExecutionData false', async () => {
    // Prepare
    const sfn = await start();
    const { executionArn } = await startFor('big/history');
    await waitForClose(sfn, executionArn!);
    const all = await historyOf(sfn, executionArn!);

    // Act
    const ids: number[][] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 5, reverseOrder: true, nextToken }));
      ids.push((response.events ?? []).map((event) => event.id!));
      nextToken = response.nextToken;
      if (!nextToken) break;
    }
    const lean = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));

    // Assess
    expect(all).toHaveLength(16);
    expect(ids).toEqual([[16, 15, 14, 13, 12], [11, 10, 9, 8, 7], [6, 5, 4, 3, 2], [1]]);
    expect(lean.events![0]!.executionStartedEventDetails).toEqual({ roleArn: 'arn:aws:iam::000000000000:role/sizegate-local' });
    expect(lean.events![1]!.stateEnteredEventDetails).toEqual({ name: 'CheckFileSize' });
    expect(lean.events![2]!.taskScheduledEventDetails!.parameters).toBeDefined();
  });
});

describe('idle() and close()', () => {
  it('idle resolves once running executions end; close aborts the rest and takes no new executions', async () => {
    // Prepare
    const sfn = await start();
    const quick = await startFor('big/quick');
    const slow = await startFor('slow/closing');

    // Act
    const idleBeforeRelease = await Promise.race([
      service.idle().then(() => 'idle'),
      new Promise((resolve) => setTimeout(() => resolve('busy'), 50)),
    ]);
    const quickState = await sfn.send(new DescribeExecutionCommand({ executionArn: quick.executionArn }));
    // Released in the same tick as close(), which aborts before the handler's result arrives;
    // close() then only waits for the handler to settle.
    release();
    await service.close();
    const slowState = await sfn.send(new DescribeExecutionCommand({ executionArn: slow.executionArn }));
    const refused = await startFor('big/after-close').catch((error: Error) => error);

    // Assess
    expect(idleBeforeRelease).toBe('busy');
    expect(quickState.status).toBe('SUCCEEDED');
    expect(slowState.status).toBe('ABORTED');
    expect((refused as Error).name).toBe('StateMachineDeleting');
    await expect(service.idle()).resolves.toBeUndefined();
  });
});
