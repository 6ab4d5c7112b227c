import { describe, expect, it } from 'vitest';
import { testState } from '../../src/index.js';

const task = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, Next: 'After' };

describe('testState', () => {
  it('runs one state with a mocked result and names the next state', async () => {
    const result = await testState({ state: { ...task, ResultSelector: { 'v.$': '$.Payload' } }, input: '{"a":1}', mock: { result: '{"Payload": 7}' } });
    expect(result).toEqual({ status: 'SUCCEEDED', output: '{"v":7}', nextState: 'After', inspectionData: { input: '{"a":1}' } });
  });

  it('reports RETRIABLE when a retrier matches a mocked error, and CAUGHT_ERROR when a catcher takes it', async () => {
    const retrying = await testState({ state: { ...task, Retry: [{ ErrorEquals: ['Busy'] }] }, mock: { errorOutput: { error: 'Busy', cause: 'later' } } });
    expect(retrying).toMatchObject({ status: 'RETRIABLE', error: 'Busy', cause: 'later' });
    const caught = await testState({ state: { ...task, Catch: [{ ErrorEquals: ['Busy'], Next: 'Handler' }] }, mock: { errorOutput: { error: 'Busy', cause: 'later' } } });
    expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handler', output: '{"Error":"Busy","Cause":"later"}' });
  });

  it('picks a state from a definition and sees the given variables', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } };
    const result = await testState({ definition, stateName: 'B', variables: { x: 'from-variables' } });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"x":"from-variables"}' });
    expect(result.nextState).toBeUndefined();
  });
});
