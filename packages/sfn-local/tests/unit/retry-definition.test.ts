import { afterEach, describe, expect, it, vi } from 'vitest';
import { analyzeDefinition, scaledWaitOverrides, type AslRetrier } from '../../src/definition.js';
import { scaledRetryOverrides } from '../../src/retry-timing.js';
import { TaskTracker, type TaskAttempt } from '../../src/task-tracker.js';
import { sizegateDefinition } from '../helpers/fixtures.js';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

function definitionWith(retry: AslRetrier[]) {
  return { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: retry, End: true } } };
}

/** Runs one attempt of T through the tracker and ends it with `outcome`. */
async function attempt(tracker: TaskTracker, outcome: TaskAttempt['outcome'], newEntry = false): Promise<void> {
  if (newEntry) tracker.entered('T');
  else tracker.retried('T');
  const started = await tracker.begin('T');
  started!.outcome = outcome;
}

const failed = (error: string) => ({ kind: 'failed' as const, error, cause: '{}', at: 0 });

afterEach(() => vi.restoreAllMocks());

describe('scaledRetryOverrides', () => {
  it('is not used at timeScale 1 (the engine times retries itself)', () => {
    // Prepare
    const info = analyzeDefinition(definitionWith([{ ErrorEquals: ['States.ALL'] }]), ['T']);

    // Act + Assess
    expect(scaledRetryOverrides(info, new TaskTracker(), 1)).toBeUndefined();
  });

  it('gives each retrier IntervalSeconds × BackoffRate^retries × timeScale ms, capped by MaxDelaySeconds', async () => {
    // Prepare
    const info = analyzeDefinition(
      definitionWith([
        { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 10 },
        { ErrorEquals: ['States.ALL'] }, // defaults: 1 s, rate 2, 3 attempts
      ]),
      ['T'],
    );
    const tracker = new TaskTracker();
    const overrides = scaledRetryOverrides(info, tracker, 0.01)!;
    const delays: number[][] = [];

    // Act: the engine reads the entry (several times) after each failure.
    await attempt(tracker, failed('Lambda.ServiceException'), true);
    for (let failure = 0; failure < 4; failure++) {
      delays.push(overrides.T!, overrides.T!);
      await attempt(tracker, failed(failure < 3 ? 'Lambda.ServiceException' : 'Other'));
    }
    delays.push(overrides.T!);
    await attempt(tracker, failed('Other'));
    delays.push(overrides.T!);

    // Assess: 2 s, 4 s, 8 s, then 10 s (capped) at 1/100; the second retrier counts on its own.
    expect(delays.filter((_, index) => index % 2 === 0 || index === 9)).toEqual([
      [20, 10],
      [40, 10],
      [80, 10],
      [100, 10],
      [100, 10],
      [100, 20],
    ]);
    expect(delays[0]).toBe(delays[1]);
  });

  it('starts counting again when the state is entered again, and counts a timeout as States.Timeout', async () => {
    // Prepare
    const info = analyzeDefinition(definitionWith([{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, BackoffRate: 3 }]), ['T']);
    const tracker = new TaskTracker();
    const overrides = scaledRetryOverrides(info, tracker, 0.001)!;
    const seen: number[] = [];

    // Act
    await attempt(tracker, { kind: 'pending' }, true);
    seen.push(overrides.T![0]!);
    await attempt(tracker, { kind: 'pending' });
    seen.push(overrides.T![0]!);
    await attempt(tracker, { kind: 'pending' }, true);
    seen.push(overrides.T![0]!);

    // Assess
    expect(seen).toEqual([1, 3, 1]);
  });

  it('draws FULL jitter between 0 and the back-off delay', async () => {
    // Prepare
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const info = analyzeDefinition(definitionWith([{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, JitterStrategy: 'FULL' }]), ['T']);
    const tracker = new TaskTracker();
    const overrides = scaledRetryOverrides(info, tracker, 0.5)!;

    // Act
    await attempt(tracker, failed('X'), true);
    const delay = overrides.T![0];

    // Assess
    expect(delay).toBe(500); // 0.25 × (4 s × 0.5 → 2000 ms)
  });
});

describe('analyzeDefinition', () => {
  it('reads the Task states of the sizegate definition: lambda:invoke, timeouts and Retry', () => {
    // Act
    const info = analyzeDefinition(sizegateDefinition(), ['CheckFileSize', 'ProcessFile']);

    // Assess
    expect([...info.tasks.keys()]).toEqual(['CheckFileSize', 'ProcessFile']);
    expect(info.tasks.get('CheckFileSize')).toMatchObject({
      resource: { kind: 'lambda-invoke', resource: 'invoke', resourceType: 'lambda' },
      timeoutSeconds: 60,
    });
    expect(info.tasks.get('ProcessFile')!.timeoutSeconds).toBe(900);
    expect(info.tasks.get('ProcessFile')!.retry[0]!.ErrorEquals).toContain('Lambda.ServiceException');
    expect(info.states.get('DefaultState')).toMatchObject({ Type: 'Fail', Error: 'DefaultStateError' });
  });

  it('finds Task states inside Parallel branches and Map iterators, and classifies function ARNs', () => {
    // Prepare
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'A', States: { A: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } }],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Task', Resource: `${FUNCTION_ARN}:live`, End: true } } },
          End: true,
        },
      },
    };

    // Act
    const info = analyzeDefinition(definition, ['A', 'B']);

    // Assess
    expect(info.tasks.get('A')!.resource).toEqual({ kind: 'lambda-function', functionArn: FUNCTION_ARN });
    expect(info.tasks.get('B')!.resource).toEqual({ kind: 'lambda-function', functionArn: `${FUNCTION_ARN}:live` });
  });

  it('refuses Tasks without a function, functions without a Task, and other integrations', () => {
    // Prepare
    const sqs = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } } };

    // Act + Assess
    expect(() => analyzeDefinition(sizegateDefinition(), ['CheckFileSize'])).toThrow('Task state "ProcessFile" has no local function');
    expect(() => analyzeDefinition(sizegateDefinition(), ['CheckFileSize', 'ProcessFile', 'NotifyOk'])).toThrow(
      '"functions" names "NotifyOk"',
    );
    expect(() => analyzeDefinition(sqs, ['T'])).toThrow(/Resource "arn:aws:states:::sqs:sendMessage"/);
  });

  it('scales Wait Seconds into ms overrides only when timeScale is not 1', () => {
    // Prepare
    const info = analyzeDefinition(
      {
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: 60, Next: 'X' }, X: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true } },
      },
      [],
    );

    // Act + Assess
    expect(scaledWaitOverrides(info, 0.001)).toEqual({ W: 60 });
    expect(scaledWaitOverrides(info, 1)).toBeUndefined();
  });
});

describe('TaskTracker', () => {
  it('lets an attempt start only after its StateEntered/StateRetried was read, and ends attempts per entry', async () => {
    // Prepare
    const tracker = new TaskTracker();
    let started = false;

    // Act
    const waiting = tracker.begin('T').then((attempt) => {
      started = true;
      return attempt;
    });
    await Promise.resolve();
    const beforeEntered = started;
    tracker.entered('T');
    const first = await waiting;
    tracker.retried('T');
    const second = await tracker.begin('T');

    // Assess
    expect(beforeEntered).toBe(false);
    expect([first!.entry, second!.entry]).toEqual([1, 1]);
    expect(tracker.takeAttempt('T')).toBe(first);
    expect(tracker.takeAttempt('T')).toBe(second);
    expect(tracker.takeAttempt('T')).toBeUndefined();
    expect(tracker.latestAttempt('T')).toBe(second);
  });

  it('releases waiting attempts with nothing once closed', async () => {
    // Prepare
    const tracker = new TaskTracker();
    const waiting = tracker.begin('T');

    // Act
    tracker.close();

    // Assess
    await expect(waiting).resolves.toBeUndefined();
    await expect(tracker.begin('T')).resolves.toBeUndefined();
    expect(tracker.isClosed).toBe(true);
  });
});
