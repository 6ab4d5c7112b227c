import { createStateMachine, virtualClock, type HistoryEvent, type StateMachineOptions } from '../../src/index.js';

export const EXECUTION_ARN = 'arn:aws:states:us-east-1:111111111111:execution:machine:run-1';

/** Runs a definition to its end on a virtual clock; returns the result and the history. */
export async function runToEnd(definition: object, input: unknown = {}, options: StateMachineOptions = {}) {
  const clock = options.clock ?? virtualClock({ start: Date.parse('2024-01-01T00:00:00Z') });
  const machine = createStateMachine(definition, { region: 'us-east-1', accountId: '111111111111', ...options, clock });
  const execution = machine.start(typeof input === 'string' ? input : JSON.stringify(input), { executionArn: EXECUTION_ARN });
  const result = await execution.result;
  return { result, history: execution.history, clock };
}

/** `[id, previousEventId, type]` of each event: the history's skeleton. */
export const skeleton = (history: readonly HistoryEvent[]) => history.map((event) => [event.id, event.previousEventId, event.type]);

export const detailsOf = (event: HistoryEvent | undefined): Record<string, unknown> =>
  (Object.entries(event ?? {}).find(([key]) => key.endsWith('EventDetails'))?.[1] ?? {}) as Record<string, unknown>;
