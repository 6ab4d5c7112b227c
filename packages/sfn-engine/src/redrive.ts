/**
 * RedriveExecution: resumes a FAILED, TIMED_OUT or ABORTED execution from the top-level state that
 * did not finish, with the variables it had, continuing the same history after an
 * ExecutionRedriven event and with `$$.Execution.RedriveCount` one higher.
 *
 * Deviation: a Map or Parallel state is run again as a whole (AWS re-runs only its unsuccessful
 * iterations or branches).
 */
import { validateDefinition } from './definition/validate.js';
import { StatesError } from './errors.js';
import { detailsKeyOf, type HistoryEvent } from './history/events.js';
import { startExecution } from './machine.js';
import type { Execution, StartOptions, StateMachineOptions } from './options.js';

const CLOSED = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

export interface RedriveOptions extends StateMachineOptions, Omit<StartOptions, 'context'> {
  readonly definition: string | object;
  readonly context?: StartOptions['context'];
}

export function redrive(closedExecutionEvents: readonly HistoryEvent[], options: RedriveOptions): Execution {
  const definition = validateDefinition(options.definition);
  const last = closedExecutionEvents.at(-1);
  if (last === undefined || !CLOSED.has(last.type)) {
    throw new StatesError(
      'ExecutionNotRedrivable',
      `Only a FAILED, TIMED_OUT or ABORTED execution can be redriven (its last event is ${last?.type ?? 'missing'}).`,
    );
  }
  const started = closedExecutionEvents[0] as HistoryEvent;
  const inputText = (started.executionStartedEventDetails as { input: string }).input;
  const topLevel = new Set(Object.keys(definition.States));
  let open: { name: string; input: string } | undefined;
  const variables: Record<string, unknown> = {};
  let redriveCount = 0;
  for (const event of closedExecutionEvents) {
    if (event.type === 'ExecutionRedriven') redriveCount = (event.executionRedrivenEventDetails as { redriveCount: number }).redriveCount;
    const details = event[detailsKeyOf(event.type) ?? ''] as Record<string, unknown> | undefined;
    const name = details?.name as string | undefined;
    if (name === undefined || !topLevel.has(name)) continue;
    if (event.type.endsWith('StateEntered')) open = { name, input: details?.input as string };
    if (event.type.endsWith('StateExited')) {
      open = undefined;
      for (const [key, text] of Object.entries((details?.assignedVariables as Record<string, string> | undefined) ?? {}))
        variables[key] = JSON.parse(text);
    }
  }
  if (open === undefined) throw new StatesError('ExecutionNotRedrivable', 'The execution has no unfinished state to redrive from.');
  const start: StartOptions = { ...options, context: { ...options.context, RedriveCount: redriveCount + 1 } };
  return startExecution(definition, options, inputText, start, {
    events: closedExecutionEvents,
    startAt: open.name,
    input: JSON.parse(open.input),
    variables,
    redriveCount: redriveCount + 1,
    inputText,
  });
}
