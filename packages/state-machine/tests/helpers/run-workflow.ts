import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from '../../src/index.js';

type JsonValue = Parameters<StateMachine['run']>[0];
type LambdaLike = (payload: never) => Promise<unknown> | unknown;

export interface WorkflowRun {
  status: 'SUCCEEDED' | 'FAILED';
  /** Names of the states entered, in order. */
  path: string[];
  /** How often each state was retried (StateRetried events), by state name. */
  retries: Record<string, number>;
  output?: unknown;
  error?: string;
  cause?: unknown;
}

/**
 * Makes a handler behave as Step Functions' lambda:invoke integration does: the handler gets the
 * `Payload` parameter, its result comes back in a `{ Payload, StatusCode }` envelope, and a thrown
 * error fails the task with Error = the error's name and Cause = Lambda's error JSON.
 */
export function asLambdaInvoke(handler: LambdaLike) {
  return async (input: unknown) => {
    const payload = (input as { Payload: never }).Payload;
    try {
      return { Payload: await handler(payload), StatusCode: 200, ExecutedVersion: '$LATEST' } as JsonValue;
    } catch (error) {
      const err = error as Error;
      const failure = new Error(JSON.stringify({ errorMessage: err.message, errorType: err.name, trace: [] }));
      failure.name = err.name;
      throw failure;
    }
  };
}

// One engine object per definition: constructing one validates the whole definition again.
const machines = new WeakMap<StateMachineDefinition, StateMachine>();
function machineFor(definition: StateMachineDefinition): StateMachine {
  let machine = machines.get(definition);
  if (!machine) {
    machine = new StateMachine(definition as never);
    machines.set(definition, machine);
  }
  return machine;
}

export interface RunOptions {
  /**
   * Waits before a retry in ms, by state name, instead of the definition's IntervalSeconds and
   * BackoffRate: a number for every retrier of the state, or one per retrier, in order.
   */
  readonly retryIntervalOverrides?: Record<string, number | number[]>;
}

/** Runs one execution and reports its status, output or error, the path of states taken and the retries. */
export async function runWorkflow(
  definition: StateMachineDefinition,
  input: unknown,
  handlers: { CheckFileSize: LambdaLike; ProcessFile: LambdaLike },
  options: RunOptions = {},
): Promise<WorkflowRun> {
  const machine = machineFor(definition);
  const execution = machine.run(input as JsonValue, {
    overrides: {
      taskResourceLocalHandlers: {
        CheckFileSize: asLambdaInvoke(handlers.CheckFileSize),
        ProcessFile: asLambdaInvoke(handlers.ProcessFile),
      },
      ...(options.retryIntervalOverrides === undefined ? {} : { retryIntervalOverrides: options.retryIntervalOverrides }),
    },
  });
  const path: string[] = [];
  const retries: Record<string, number> = {};
  let failure: { error: string; cause: unknown } | undefined;
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') path.push(event.state.name);
      if (event.type === 'StateRetried') retries[event.state.name] = (retries[event.state.name] ?? 0) + 1;
      if (event.type === 'ExecutionFailed') failure = { error: event.Error, cause: event.Cause };
    }
  })();
  try {
    const output = await execution.result;
    await collecting;
    return { status: 'SUCCEEDED', path, retries, output };
  } catch {
    await collecting;
    return { status: 'FAILED', path, retries, error: failure?.error, cause: failure?.cause };
  }
}
