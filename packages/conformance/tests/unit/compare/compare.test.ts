import { describe, expect, it } from 'vitest';
import { ABSENT, firstDifference } from '../../../src/compare/compare.js';
import { recordedValue } from '../../helpers/corpus.js';
import { normalise } from '../../helpers/normalise.js';

type History = { events: Record<string, unknown>[] };

const NODE_CAUSE = {
  errorType: 'Exception',
  errorMessage: 'Some exception was raised.',
  trace: ['Exception: Some exception was raised.', '    at handler (file:///var/task/index.mjs:2:15)'],
};

describe('firstDifference', () => {
  it('ignores key order and nothing else', () => {
    expect(firstDifference({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBeUndefined();
    expect(firstDifference({ a: 1 }, { a: '1' })).toEqual({ path: '$.a', expected: 1, actual: '1' });
    expect(firstDifference([1, 2], [2, 1])).toEqual({ path: '$[0]', expected: 1, actual: 2 });
  });

  it('names a missing key, an unexpected key and a length difference', () => {
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toEqual({ path: '$.b', expected: 2, actual: ABSENT, note: 'key missing' });
    expect(firstDifference({ a: 1 }, { a: 1, 'x-y': 2 })).toEqual({
      path: '$["x-y"]',
      expected: ABSENT,
      actual: 2,
      note: 'unexpected key',
    });
    expect(firstDifference({ e: [1] }, { e: [1, 2] })).toMatchObject({ path: '$.e[1]', expected: ABSENT, actual: 2 });
  });

  it('compares a decoded Lambda cause on errorType and errorMessage only (test_no_such_function)', async () => {
    // Prepare: the recording holds Python's document; a Node handler's has `trace` and no requestId
    const recorded = (await recordedValue(
      'errors-retry-catch',
      'error_handling/test_task_lambda.py::TestTaskLambda::test_no_such_function',
      'get_execution_history',
    )) as History;
    const actual = structuredClone(recorded);
    for (const event of actual.events) {
      const details = (event.lambdaFunctionFailedEventDetails ?? event.executionFailedEventDetails) as Record<string, unknown> | undefined;
      if (details) details.cause = { ...NODE_CAUSE };
    }
    const wrongMessage = structuredClone(actual);
    (wrongMessage.events[4] as Record<string, Record<string, Record<string, unknown>>>).lambdaFunctionFailedEventDetails!
      .cause!.errorMessage = 'other';

    // Act
    const same = firstDifference(recorded, actual);
    const differs = firstDifference(recorded, wrongMessage);

    // Assess
    expect(same).toBeUndefined();
    expect(differs).toMatchObject({
      path: '$.events[4].lambdaFunctionFailedEventDetails.cause.errorMessage',
      expected: 'Some exception was raised.',
      actual: 'other',
    });
  });

  it("passes a Node handler's Catch output through normalisation and the relaxed compare (test_no_such_function_catch)", async () => {
    // Prepare: the history AWS would send for a Node function, event 6 as on the wire
    const recorded = (await recordedValue(
      'errors-retry-catch',
      'error_handling/test_task_lambda.py::TestTaskLambda::test_no_such_function_catch',
      'get_execution_history',
    )) as History;
    const exited = recorded.events[5] as { stateExitedEventDetails: { output: { Error: string; Cause: string } } };
    const onTheWire = {
      id: 6,
      previousEventId: 5,
      timestamp: new Date(),
      type: 'TaskStateExited',
      stateExitedEventDetails: {
        name: 'Start',
        output: JSON.stringify({ Error: 'Exception', Cause: JSON.stringify(NODE_CAUSE) }),
        outputDetails: { truncated: false },
      },
    };

    // Act
    const normalised = normalise({ h: { events: [onTheWire] } }).h as History;
    const difference = firstDifference({ events: [recorded.events[5]] }, normalised);

    // Assess
    expect(exited.stateExitedEventDetails.output.Cause).toContain('"requestId": "<uuid:1>"');
    expect(difference).toBeUndefined();
  });

  it('does not relax a cause that is not a Lambda error document', () => {
    expect(firstDifference({ cause: 'This state machines raises a failure.' }, { cause: 'Other text' })).toEqual({
      path: '$.cause',
      expected: 'This state machines raises a failure.',
      actual: 'Other text',
    });
    expect(
      firstDifference({ cause: { errorType: 'E', errorMessage: 'm', extra: 1 } }, { cause: { errorType: 'E', errorMessage: 'm' } }),
    ).toMatchObject({ path: '$.cause.extra' });
  });

  it('compares the events of a normalised Parallel block as a multiset, and only those', () => {
    // Prepare
    const a = { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A' } };
    const b = { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B' } };
    const expected = { events: [{ id: 3, type: 'ParallelStateStarted' }, a, b, { id: 6, type: 'ParallelStateExited' }] };
    const swapped = { events: [{ id: 3, type: 'ParallelStateStarted' }, b, a, { id: 6, type: 'ParallelStateExited' }] };

    // Act
    const asMultiset = firstDifference(expected, swapped, { parallelBlocksAsMultisets: true });
    const strict = firstDifference(expected, swapped);

    // Assess
    expect(asMultiset).toBeUndefined();
    expect(strict).toMatchObject({ path: '$.events[1].stateEnteredEventDetails.name', expected: 'A', actual: 'B' });
  });

  it('compares a run of consecutive same-type events as a multiset when asked: the four TaskTimedOut of test_service_lambda_map_timeout', async () => {
    // Prepare: AWS wrote the four iterations' TaskTimedOut pointing at TaskStarted 16, 18, 17, 19;
    // the engine writes them in iteration order (16, 17, 18, 19); ids stay where they are
    const recorded = (await recordedValue(
      'timeouts',
      'timeouts/test_timeouts.py::TestTimeouts::test_service_lambda_map_timeout',
      'get_execution_history',
    )) as History;
    const timedOut = recorded.events.filter((event) => event.type === 'TaskTimedOut');
    const inOrder = structuredClone(recorded);
    const sortedPrevious = timedOut.map((event) => event.previousEventId as number).sort((a, b) => a - b);
    for (const [index, event] of inOrder.events.filter((each) => each.type === 'TaskTimedOut').entries()) {
      event.previousEventId = sortedPrevious[index];
    }
    const otherEvent = structuredClone(inOrder);
    otherEvent.events.find((event) => event.type === 'TaskTimedOut')!.previousEventId = 3;

    // Act
    const asMultiset = firstDifference(recorded, inOrder, { sameTypeRunsAsMultisets: true });
    const strict = firstDifference(recorded, inOrder);
    const changed = firstDifference(recorded, otherEvent, { sameTypeRunsAsMultisets: true });

    // Assess
    expect(timedOut.map((event) => event.previousEventId)).toEqual([16, 18, 17, 19]);
    expect(asMultiset).toBeUndefined();
    expect(strict).toMatchObject({ path: '$.events[20].previousEventId', expected: 18, actual: 17 });
    expect(changed).toBeDefined();
  });

  it('relaxes a Lambda cause inside a compact JSON text (a Map output of Catch results), and nothing else in that text', () => {
    // Prepare
    const python = JSON.stringify({
      errorMessage: 'Some exception was raised.',
      errorType: 'Exception',
      requestId: '<uuid:1>',
      stackTrace: [],
    });
    const expected = { output: JSON.stringify([{ Error: 'Exception', Cause: python }]) };
    const node = { output: JSON.stringify([{ Error: 'Exception', Cause: JSON.stringify(NODE_CAUSE) }]) };
    const otherError = { output: JSON.stringify([{ Error: 'Other', Cause: JSON.stringify(NODE_CAUSE) }]) };
    const spaced = { output: JSON.stringify([{ Error: 'Exception', Cause: JSON.stringify(NODE_CAUSE) }], null, 1) };

    // Act
    const same = firstDifference(expected, node);
    const differs = firstDifference(expected, otherError);
    const notCompact = firstDifference(expected, spaced);

    // Assess
    expect(same).toBeUndefined();
    expect(differs).toMatchObject({ path: '$.output[0].Error', expected: 'Exception', actual: 'Other' });
    expect(notCompact).toMatchObject({ path: '$.output' });
  });
});
