import '@sizegate/testing/polyfills';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from '../../src/index.js';

type JsonValue = Parameters<StateMachine['run']>[0];
type LambdaLike = (payload: never) => Promise<unknown> | unknown;

export interface WorkflowRun {
  status: 'SUCCEEDED' | 'FAILED';
  /** Names of the states entered, in order. */
  path: string[];
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

/** Runs one execution and reports its status, output or error, and the path of states taken. */
export async function runWorkflow(
  definition: StateMachineDefinition,
  input: unknown,
  handlers: { CheckFileSize: LambdaLike; ProcessFile: LambdaLike },
): Promise<WorkflowRun> {
  const machine = machineFor(definition);
  const execution = machine.run(input as JsonValue, {
    overrides: {
      taskResourceLocalHandlers: {
        CheckFileSize: asLambdaInvoke(handlers.CheckFileSize),
        ProcessFile: asLambdaInvoke(handlers.ProcessFile),
      },
    },
  });
  const path: string[] = [];
  let failure: { error: string; cause: unknown } | undefined;
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') path.push(event.state.name);
      if (event.type === 'ExecutionFailed') failure = { error: event.Error, cause: event.Cause };
    }
  })();
  try {
    const output = await execution.result;
    await collecting;
    return { status: 'SUCCEEDED', path, output };
  } catch {
    await collecting;
    return { status: 'FAILED', path, error: failure?.error, cause: failure?.cause };
  }
}
