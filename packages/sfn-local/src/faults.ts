import { ConfigurationError } from '@sizegate/types';
import { statesOf } from './definition.js';

/**
 * A fault to inject: the Task state `state` fails with the error `error` (as the Lambda service
 * would report it) on its first `count` attempts in each execution, before its handler runs. The
 * definition's Retry/Catch then decides what happens, exactly as it would on AWS.
 */
export interface TaskFault {
  /** A Task state of the definition, e.g. 'ProcessFile'. */
  readonly state: string;
  /** The error name the attempt fails with, e.g. 'Lambda.ServiceException'. */
  readonly error: string;
  /** How many attempts fail, per execution (>= 1). */
  readonly count: number;
}

/** What an injected attempt fails with: the engine takes Error = `error`, Cause = `cause`. */
export interface InjectedFailure {
  readonly error: string;
  readonly cause: string;
}

/** `ProcessFile:Lambda.ServiceException:2`: the form logs show (and sizegate-local's `--fault` takes). */
export const faultText = (fault: TaskFault): string => `${fault.state}:${fault.error}:${fault.count}`;

/**
 * Checks faults against the definition the runtime runs: every state must be one of its Task
 * states, every error a plain name and every count a positive integer. Throws one
 * ConfigurationError listing every problem (not just the first).
 */
export function checkFaults(faults: readonly TaskFault[] | undefined, definition: object): void {
  if (faults === undefined || faults.length === 0) return;
  const states = statesOf(definition);
  const taskStates = [...states].filter(([, state]) => state.Type === 'Task').map(([name]) => name);
  const problems: string[] = [];
  for (const [index, fault] of faults.entries()) {
    const label = `fault ${index + 1} (${typeof fault === 'object' && fault !== null ? faultText(fault) : String(fault)})`;
    const { state, error, count } = (fault ?? {}) as Partial<TaskFault>;
    const type = typeof state === 'string' ? states.get(state)?.Type : undefined;
    if (typeof state !== 'string' || type === undefined) {
      problems.push(`${label}: the definition has no state "${String(state)}"; its Task states are ${taskStates.join(', ')}`);
    } else if (type !== 'Task') {
      problems.push(`${label}: "${state}" is a ${type} state; only Task states (${taskStates.join(', ')}) can fail`);
    }
    if (typeof error !== 'string' || !/^\S+$/.test(error)) {
      problems.push(`${label}: the error must be a name without spaces, e.g. Lambda.ServiceException (got ${JSON.stringify(error)})`);
    } else if (error.startsWith('States.')) {
      // States.* errors are the runtime's own (a timeout, a bad path...): the engine treats them
      // differently (States.TaskFailed does not match States.Timeout), so they cannot be faked.
      problems.push(`${label}: States.* errors are raised by Step Functions itself, not by Lambda; inject a Lambda or custom error name`);
    }
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
      problems.push(`${label}: the count must be an integer >= 1 (got ${JSON.stringify(count)})`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Cannot inject the faults (--fault / faults):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Checks the time scale: a positive factor of at most 1 (the runtime only makes time pass faster). */
export function checkTimeScale(timeScale: number | undefined): void {
  if (timeScale === undefined) return;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 1) {
    throw new ConfigurationError(`timeScale (--time-scale) must be a number > 0 and <= 1, e.g. 0.001 (got ${JSON.stringify(timeScale)})`);
  }
}

/** How time passes for executions: `real` follows the wall clock (× timeScale); `virtual` also jumps over waits while no function runs. */
export type ClockMode = 'real' | 'virtual';
export const CLOCK_MODES: readonly ClockMode[] = ['real', 'virtual'];

/** Checks the clock option: `real` or `virtual`. */
export function checkClockMode(clock: string | undefined): void {
  if (clock === undefined || (CLOCK_MODES as readonly string[]).includes(clock)) return;
  throw new ConfigurationError(`clock (--clock) must be one of ${CLOCK_MODES.join(', ')} (got ${JSON.stringify(clock)})`);
}

/**
 * The faults of one execution: counts each Task state's attempts and says which ones fail. Faults
 * for the same state apply in the order given (`A:E1:1` then `A:E2:1` fails attempt 1 with E1,
 * attempt 2 with E2); the attempts after them run the handler.
 */
export class ExecutionFaults {
  private readonly attempts = new Map<string, number>();

  constructor(private readonly faults: readonly TaskFault[]) {}

  /** Called once per attempt of `stateName`, before its handler would run. */
  nextAttempt(stateName: string): InjectedFailure | undefined {
    if (this.faults.length === 0) return undefined;
    const attempt = (this.attempts.get(stateName) ?? 0) + 1;
    this.attempts.set(stateName, attempt);
    let failing = 0;
    for (const fault of this.faults) {
      if (fault.state !== stateName) continue;
      failing += fault.count;
      if (attempt <= failing) {
        return {
          error: fault.error,
          // Says plainly that the runtime made this up, so nobody hunts for a real Lambda problem.
          cause: `${fault.error}: injected by sizegate-local (--fault ${faultText(fault)}): attempt ${attempt} of ${stateName} in this execution failed before its handler ran`,
        };
      }
    }
    return undefined;
  }
}
