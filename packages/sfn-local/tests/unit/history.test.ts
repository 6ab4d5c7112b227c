import type { HistoryEvent } from '@sizegate/sfn-engine';
import { describe, expect, it } from 'vitest';
import { detailsOf, serializeEvent, storedEvent } from '../../src/history.js';

const started: HistoryEvent = {
  type: 'ExecutionStarted',
  id: 1,
  previousEventId: 0,
  timestamp: 1_700_000_000_123,
  executionStartedEventDetails: { input: '{"a":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::0:role/r' },
};

describe('serializeEvent', () => {
  it("sends the engine's event with the timestamp in epoch seconds with a fraction", () => {
    // Act
    const wire = serializeEvent(started, true);

    // Assess
    expect(wire).toEqual({ ...started, timestamp: 1_700_000_000.123 });
  });

  it('leaves input and output (and their details) out when includeExecutionData is false', () => {
    // Prepare
    const exited: HistoryEvent = {
      type: 'TaskStateExited',
      id: 5,
      previousEventId: 4,
      timestamp: 2,
      stateExitedEventDetails: { name: 'T', output: '{"a":1}', outputDetails: { truncated: false } },
    };
    const failed: HistoryEvent = {
      type: 'TaskFailed',
      id: 6,
      previousEventId: 5,
      timestamp: 3,
      taskFailedEventDetails: { cause: 'C', error: 'E', resource: 'invoke', resourceType: 'lambda' },
    };

    // Act
    const wire = [exited, failed].map((event) => serializeEvent(event, false));

    // Assess
    expect(wire[0]!.stateExitedEventDetails).toEqual({ name: 'T' });
    expect(wire[1]!.taskFailedEventDetails).toEqual({ cause: 'C', error: 'E', resource: 'invoke', resourceType: 'lambda' });
  });
});

describe('storedEvent', () => {
  it("reads a history line in the engine's shape as it is, and one written before the engine ({details: {key, value}}) into that shape", () => {
    // Prepare
    const before = {
      timestamp: started.timestamp,
      type: 'ExecutionStarted',
      id: 1,
      previousEventId: 0,
      details: { key: 'executionStartedEventDetails', value: started.executionStartedEventDetails },
    };
    const withoutDetails = { timestamp: 5, type: 'LambdaFunctionStarted', id: 4, previousEventId: 3 };

    // Act
    const read = [storedEvent(started), storedEvent(before), storedEvent(withoutDetails), storedEvent({ id: 'x' }), storedEvent(null)];

    // Assess
    expect(read).toEqual([started, started, withoutDetails, undefined, undefined]);
    expect(detailsOf(read[1]!)).toEqual({ key: 'executionStartedEventDetails', value: started.executionStartedEventDetails });
    expect(detailsOf(read[2]!)).toBeUndefined();
  });
});
