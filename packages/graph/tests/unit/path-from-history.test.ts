import { describe, expect, it } from 'vitest';
import { pathFromHistory } from '../../src/index.js';
import { awsCase } from '../helpers/fixtures.js';

describe('pathFromHistory on histories recorded against AWS', () => {
  it('retries: a Task retried 3 times is one entry, then the Catch leads to the handler', () => {
    // Prepare: 4 LambdaFunctionScheduled/Failed pairs inside one TaskStateEntered
    const { events } = awsCase('retry-then-catch');
    const attempts = events.filter((event) => event.type === 'LambdaFunctionScheduled').length;

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(attempts).toBe(4);
    expect(path).toEqual({
      entered: ['InvokeLambdaWithRetry', 'HandleError'],
      transitions: [{ from: 'InvokeLambdaWithRetry', to: 'HandleError' }],
      status: 'SUCCEEDED',
    });
  });

  it('a failed task (retries exhausted, no Catch): failedState is the task', () => {
    // Prepare
    const { events } = awsCase('retry-exhausted-failed');

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(path).toEqual({ entered: ['LambdaTask'], transitions: [], status: 'FAILED', failedState: 'LambdaTask' });
  });

  it('a Choice: the branch taken is the transition out of the Choice', () => {
    // Prepare
    const { events } = awsCase('choice');

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(path.transitions).toEqual([{ from: 'ChoiceStateX', to: 'ValueInTwenties' }]);
    expect(path.status).toBe('SUCCEEDED');
    expect(path.failedState).toBeUndefined();
  });

  it('a stopped execution is ABORTED in the state it was waiting in', () => {
    // Prepare
    const { events } = awsCase('stopped-while-waiting');

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(path).toEqual({ entered: ['State_1'], transitions: [], status: 'ABORTED', failedState: 'State_1' });
  });

  it('reads the same path from a history given newest first (reverseOrder)', () => {
    // Prepare
    const { events } = awsCase('retry-then-catch');

    // Act
    const forward = pathFromHistory(events);
    const backward = pathFromHistory([...events].reverse());

    // Assess
    expect(backward).toEqual(forward);
  });

  it('a RUNNING execution: currentState is the state entered and not exited', () => {
    // Prepare: the first events of the retry history, cut while the task is still being retried
    const { events } = awsCase('retry-then-catch');
    const running = events.slice(0, 6);

    // Act
    const path = pathFromHistory(running);

    // Assess
    expect(path).toEqual({ entered: ['InvokeLambdaWithRetry'], transitions: [], status: 'RUNNING', currentState: 'InvokeLambdaWithRetry' });
  });

  it('a RUNNING execution between states has no currentState', () => {
    // Prepare
    const { events } = awsCase('choice');
    const betweenStates = events.filter(
      (event) => event.type !== 'ExecutionSucceeded' && event.type !== 'PassStateEntered' && event.type !== 'PassStateExited',
    );

    // Act
    const path = pathFromHistory(betweenStates);

    // Assess
    expect(path.status).toBe('RUNNING');
    expect(path.currentState).toBeUndefined();
  });

  it('a state entered twice (a loop) appears twice, with each transition', () => {
    // Prepare
    const enter = (id: number, name: string) => ({ id, type: 'PassStateEntered', stateEnteredEventDetails: { name } });
    const exit = (id: number, name: string) => ({ id, type: 'PassStateExited', stateExitedEventDetails: { name } });
    const events = [
      enter(1, 'A'),
      exit(2, 'A'),
      enter(3, 'B'),
      exit(4, 'B'),
      enter(5, 'A'),
      exit(6, 'A'),
      { id: 7, type: 'ExecutionSucceeded' },
    ];

    // Act
    const path = pathFromHistory(events);

    // Assess
    expect(path.entered).toEqual(['A', 'B', 'A']);
    expect(path.transitions).toEqual([
      { from: 'A', to: 'B' },
      { from: 'B', to: 'A' },
    ]);
  });

  it('an empty history is a RUNNING execution that entered nothing', () => {
    // Prepare / Act
    const path = pathFromHistory([]);

    // Assess
    expect(path).toEqual({ entered: [], transitions: [], status: 'RUNNING' });
  });
});
