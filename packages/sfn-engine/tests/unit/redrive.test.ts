import { describe, expect, it } from 'vitest';
import { LambdaError, redrive, virtualClock, type Invoke } from '../../src/index.js';
import { EXECUTION_ARN, runToEnd } from '../helpers/run.js';

const definition = {
  StartAt: 'Count',
  States: {
    Count: { Type: 'Pass', Assign: { seen: 1 }, Next: 'Call' },
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:111111111111:function:f',
      Parameters: { 'seen.$': '$seen', 'redrives.$': '$$.Execution.RedriveCount' },
      End: true,
    },
  },
};

describe('redrive', () => {
  it('resumes a FAILED execution at the state that failed, with its variables, continuing the history', async () => {
    // Prepare: the first run fails in Call
    let healthy = false;
    const invoke: Invoke = async (request) => {
      if (!healthy) throw new LambdaError({ errorType: 'Down', errorMessage: 'not yet' });
      return request.payload;
    };
    const first = await runToEnd(definition, {}, { invoke });
    expect(first.result.status).toBe('FAILED');
    healthy = true;
    // Act
    const execution = redrive(first.history, { definition, invoke, clock: virtualClock(), executionArn: EXECUTION_ARN });
    const result = await execution.result;
    // Assess
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"seen":1,"redrives":1}' });
    const types = execution.history.map((event) => event.type);
    expect(types.slice(first.history.length)).toEqual([
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(execution.history[first.history.length]).toMatchObject({
      id: first.history.length + 1,
      previousEventId: first.history.length,
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
  });

  it('refuses an execution that succeeded', async () => {
    const done = await runToEnd({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, {});
    expect(() => redrive(done.history, { definition, executionArn: EXECUTION_ARN })).toThrow(
      'Only a FAILED, TIMED_OUT or ABORTED execution can be redriven',
    );
  });
});
