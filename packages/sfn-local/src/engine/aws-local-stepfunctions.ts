// The one module that uses aws-local-stepfunctions: everything else runs executions through the
// Engine interface (engine.ts). The polyfill goes first: the engine needs it before it loads.
import { StateMachine } from 'aws-local-stepfunctions';
import { scaledTimeoutsDefinition } from '../definition.js';
import type { CreateEngine, EngineEvent } from './engine.js';

type RunOptions = NonNullable<Parameters<StateMachine['run']>[1]>;

/** The engine's timeout for a Task without TimeoutSeconds (AWS's is 99999999 s; the engine's is lower). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

/**
 * The Engine on aws-local-stepfunctions. One StateMachine object serves every execution:
 * constructing it validates the whole definition. With a time scale it runs a copy of the
 * definition with scaled timeouts (fractional seconds, which the validator would refuse), so the
 * definition as written is the one validated.
 */
export const createAwsLocalStepFunctionsEngine: CreateEngine = (definition, { validate, timeScale }) => {
  const noValidate = { validationOptions: { noValidate: true } };
  const engineDefinition = scaledTimeoutsDefinition(definition, timeScale, DEFAULT_TASK_TIMEOUT_SECONDS);
  let machine: StateMachine;
  if (engineDefinition === definition) {
    machine = new StateMachine(definition as never, validate ? undefined : noValidate);
  } else {
    if (validate) new StateMachine(definition as never);
    machine = new StateMachine(engineDefinition as never, noValidate);
  }
  return {
    defaultTaskTimeoutSeconds: DEFAULT_TASK_TIMEOUT_SECONDS,
    run(input, options) {
      const run = machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: options.taskHandlers,
          // The engine's retryIntervalOverrides[state] is an array indexed by retrier, holding one
          // fixed delay in ms; it reads the entry when it decides on a retry (retry-timing.ts).
          retryIntervalOverrides: options.retryDelays,
          waitTimeOverrides: options.waitMs,
        } as RunOptions['overrides'],
        noThrowOnAbort: true,
        context: { Execution: { ...options.context.Execution }, StateMachine: { ...options.context.StateMachine } },
      });
      // The outcome is read from the event log; the result promise only needs a handler.
      run.result.catch(() => undefined);
      const events: AsyncIterable<EngineEvent> = run.eventLogs;
      return { events, abort: () => run.abort() };
    },
  };
};
