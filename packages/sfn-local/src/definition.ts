import { ConfigurationError } from '@sizegate/types';

/** A Retry rule, as the Amazon States Language defines it. */
export interface AslRetrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly Retry?: readonly AslRetrier[];
  readonly Seconds?: number;
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
  readonly Branches?: readonly AslMachine[];
  readonly Iterator?: AslMachine;
  readonly ItemProcessor?: AslMachine;
}

interface AslMachine {
  readonly TimeoutSeconds?: number;
  readonly States?: Readonly<Record<string, AslState>>;
}

/** How a Task's Resource calls Lambda, which decides its history events and result shape. */
export type TaskResource =
  /** `arn:aws:states:::lambda:invoke`: Task* events, the result wrapped in the invoke envelope. */
  | { readonly kind: 'lambda-invoke'; readonly resourceType: 'lambda'; readonly resource: 'invoke' }
  /** A plain function ARN: LambdaFunction* events, the bare result. */
  | { readonly kind: 'lambda-function'; readonly functionArn: string };

export interface TaskStateInfo {
  readonly name: string;
  readonly resource: TaskResource;
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
  readonly retry: readonly AslRetrier[];
}

export interface DefinitionInfo {
  readonly tasks: ReadonlyMap<string, TaskStateInfo>;
  /** Every state by name (nested Parallel/Map states included). */
  readonly states: ReadonlyMap<string, AslState>;
}

const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke$/;
const LAMBDA_FUNCTION = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:[^:]+(:[^:]+)?$/;

function classifyResource(stateName: string, resource: string | undefined): TaskResource {
  if (resource !== undefined && LAMBDA_INVOKE.test(resource)) return { kind: 'lambda-invoke', resourceType: 'lambda', resource: 'invoke' };
  if (resource !== undefined && LAMBDA_FUNCTION.test(resource)) return { kind: 'lambda-function', functionArn: resource };
  throw new ConfigurationError(
    `Task state "${stateName}" has Resource "${resource}": the local runtime runs only arn:aws:states:::lambda:invoke and Lambda function ARNs`,
  );
}

function collectStates(machine: AslMachine, into: Map<string, AslState>): void {
  for (const [name, state] of Object.entries(machine.States ?? {})) {
    into.set(name, state);
    for (const branch of state.Branches ?? []) collectStates(branch, into);
    if (state.Iterator) collectStates(state.Iterator, into);
    if (state.ItemProcessor) collectStates(state.ItemProcessor, into);
  }
}

/** Every state of a definition by name (nested Parallel/Map states included). */
export function statesOf(definition: object): ReadonlyMap<string, AslState> {
  const states = new Map<string, AslState>();
  collectStates(definition as AslMachine, states);
  return states;
}

/**
 * Reads what the runtime needs from the definition and checks that every Task state has a local
 * function (and every function a Task state): an unmapped Task would make the engine call real AWS.
 */
export function analyzeDefinition(definition: object, functionStateNames: readonly string[]): DefinitionInfo {
  const states = new Map<string, AslState>();
  collectStates(definition as AslMachine, states);
  const tasks = new Map<string, TaskStateInfo>();
  for (const [name, state] of states) {
    if (state.Type !== 'Task') continue;
    if (!functionStateNames.includes(name)) {
      throw new ConfigurationError(`Task state "${name}" has no local function: add it to "functions"`);
    }
    tasks.set(name, {
      name,
      resource: classifyResource(name, state.Resource),
      timeoutSeconds: state.TimeoutSeconds,
      heartbeatSeconds: state.HeartbeatSeconds,
      retry: state.Retry ?? [],
    });
  }
  for (const name of functionStateNames) {
    if (!tasks.has(name)) throw new ConfigurationError(`"functions" names "${name}", which is not a Task state of the definition`);
  }
  return { tasks, states };
}

/** Wait states with a fixed `Seconds`, shortened by the time scale (in ms, as the engine takes them). */
export function scaledWaitOverrides(info: DefinitionInfo, timeScale: number): Record<string, number> | undefined {
  if (timeScale === 1) return undefined;
  const overrides: Record<string, number> = {};
  for (const [name, state] of info.states) {
    if (state.Type === 'Wait' && typeof state.Seconds === 'number') overrides[name] = state.Seconds * 1000 * timeScale;
  }
  return overrides;
}

/**
 * The definition the engine runs when time is scaled: every Task's TimeoutSeconds (the engine's
 * default, `defaultTaskTimeoutSeconds`, where none is set) and the machine's own TimeoutSeconds
 * multiplied by `timeScale`, so timeouts fire in milliseconds through the engine's own timer
 * (which raises the real States.Timeout). A deep copy; the definition as written is what the API
 * shows. A TimeoutSecondsPath is read at run time by the engine and stays unscaled.
 */
export function scaledTimeoutsDefinition(definition: object, timeScale: number, defaultTaskTimeoutSeconds: number): object {
  if (timeScale === 1) return definition;
  const copy = JSON.parse(JSON.stringify(definition)) as { TimeoutSeconds?: number };
  if (typeof copy.TimeoutSeconds === 'number') copy.TimeoutSeconds *= timeScale;
  for (const state of statesOf(copy).values()) {
    if (state.Type !== 'Task' || state.TimeoutSecondsPath !== undefined) continue;
    const mutable = state as { TimeoutSeconds?: number };
    mutable.TimeoutSeconds = (state.TimeoutSeconds ?? defaultTaskTimeoutSeconds) * timeScale;
  }
  return copy;
}
