import { describe, expect, it } from 'vitest';
import { detailsOf, runToEnd, skeleton } from '../helpers/run.js';

describe('inline Map', () => {
  it('writes the recorded MapIteration* history with AWS event pointers (MaxConcurrency 1)', async () => {
    // Prepare: the corpus case test_map_state_config_inline_parameters
    const definition = {
      StartAt: 'MapState',
      States: {
        MapState: {
          Type: 'Map',
          MaxConcurrency: 1,
          Parameters: { constantValue: 'constant', 'mapValue.$': '$$.Map.Item.Value', 'fromInput.$': '$' },
          ItemProcessor: {
            StartAt: 'IteratorInner',
            States: { IteratorInner: { Type: 'Pass', End: true } },
            ProcessorConfig: { Mode: 'INLINE' },
          },
          Next: 'Finish',
        },
        Finish: { Type: 'Succeed' },
      },
    };
    // Act
    const { result, history } = await runToEnd(definition, '["Hello", "World"]');
    // Assess
    expect(skeleton(history)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'MapStateEntered'],
      [3, 2, 'MapStateStarted'],
      [4, 3, 'MapIterationStarted'],
      [5, 4, 'PassStateEntered'],
      [6, 5, 'PassStateExited'],
      [7, 6, 'MapIterationSucceeded'],
      [8, 6, 'MapIterationStarted'],
      [9, 8, 'PassStateEntered'],
      [10, 9, 'PassStateExited'],
      [11, 10, 'MapIterationSucceeded'],
      [12, 11, 'MapStateSucceeded'],
      [13, 11, 'MapStateExited'],
      [14, 13, 'SucceedStateEntered'],
      [15, 14, 'SucceedStateExited'],
      [16, 15, 'ExecutionSucceeded'],
    ]);
    expect(detailsOf(history[1])).toMatchObject({ input: '["Hello", "World"]' });
    expect(detailsOf(history[3])).toEqual({ index: 0, name: 'MapState' });
    expect(result.output).toBe(
      '[{"constantValue":"constant","mapValue":"Hello","fromInput":["Hello","World"]},{"constantValue":"constant","mapValue":"World","fromInput":["Hello","World"]}]',
    );
  });

  it('fails with the iteration error after MapIterationFailed and MapStateFailed', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: { Type: 'Map', ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'SomeFailure', Cause: 'why' } } }, End: true },
      },
    };
    const { result, history } = await runToEnd(definition, [1]);
    expect(result).toEqual({ status: 'FAILED', error: 'SomeFailure', cause: 'why' });
    expect(skeleton(history).slice(4)).toEqual([
      [5, 4, 'FailStateEntered'],
      [6, 5, 'MapIterationFailed'],
      [7, 5, 'MapStateFailed'],
      [8, 7, 'ExecutionFailed'],
    ]);
  });

  it('runs every item at once with MaxConcurrency 0 and keeps the order of results', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 0,
          ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$', End: true } } },
          End: true,
        },
      },
    };
    const { result, history } = await runToEnd(definition, [3, 1, 2]);
    expect(result.output).toBe('[3,1,2]');
    expect(history.filter((event) => event.type === 'MapIterationStarted').map((event) => event.previousEventId)).toEqual([3, 3, 3]);
  });
});

describe('distributed Map', () => {
  it('writes MapRun events only and fails past the tolerated failure count', async () => {
    const processor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 0, Next: 'Bad' }], Default: 'Ok' },
        Bad: { Type: 'Fail', Error: 'E' },
        Ok: { Type: 'Pass', End: true },
      },
    };
    const tolerant = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: processor, ToleratedFailureCount: 1, Label: 'L', End: true } },
    };
    const strict = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: processor, End: true } } };
    const ok = await runToEnd(tolerant, [0, 1]);
    const failed = await runToEnd(strict, [0, 1]);
    expect(skeleton(ok.history).map(([, , type]) => type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(detailsOf(ok.history[3]).mapRunArn).toMatch(/^arn:aws:states:us-east-1:111111111111:mapRun:machine\/L:[0-9a-f-]{36}$/);
    expect(failed.result).toEqual({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    expect(failed.history.map((event) => event.type).slice(4)).toEqual(['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });

  it('reads its items from the injected itemReader', async () => {
    const definition = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'b', Key: 'k' },
          },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const seen: unknown[] = [];
    const { result } = await runToEnd(
      definition,
      {},
      {
        itemReader: async (config) => {
          seen.push(config.parameters);
          return ['a', 'b'];
        },
      },
    );
    expect(result.output).toBe('["a","b"]');
    expect(seen).toEqual([{ Bucket: 'b', Key: 'k' }]);
  });
});

describe('Parallel', () => {
  it('gives each branch the input and outputs the branch outputs in order', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [0, 1, 2].map((n) => ({ StartAt: 'B', States: { B: { Type: 'Pass', Result: { branch: n }, End: true } } })),
          End: true,
        },
      },
    };
    const { result, history } = await runToEnd(definition, {});
    expect(result.output).toBe('[{"branch":0},{"branch":1},{"branch":2}]');
    expect(history.map((event) => event.type)).toContain('ParallelStateSucceeded');
    expect(history.at(-2)?.type).toBe('ParallelStateExited');
  });

  it('is retried as a whole, writing ParallelStateStarted again', async () => {
    const definition = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1, IntervalSeconds: 1 }],
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'c' } } }],
          End: true,
        },
      },
    };
    const { result, history } = await runToEnd(definition, {});
    expect(result.error).toBe('E');
    expect(skeleton(history)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'ParallelStateEntered'],
      [3, 2, 'ParallelStateStarted'],
      [4, 3, 'FailStateEntered'],
      [5, 4, 'ParallelStateStarted'],
      [6, 5, 'FailStateEntered'],
      [7, 6, 'ParallelStateFailed'],
      [8, 7, 'ExecutionFailed'],
    ]);
  });
});
