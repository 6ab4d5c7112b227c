/** TestState's context object: the one given (checked as AWS checks it), or AWS's TestState default. */
import { randomUUID } from 'node:crypto';
import type { StateContext } from '../runtime/types.js';
import { testStateErrors } from './errors.js';

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  Execution: ['Id', 'Input', 'Name', 'RoleArn', 'StartTime', 'RedriveCount'],
  State: ['EnteredTime', 'Name', 'RetryCount'],
  StateMachine: ['Id', 'Name'],
  Task: ['Token'],
};

/** Checks a given context object: only AWS's fields, and no `Map` (recorded texts). */
export function checkGivenContext(context: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(context)) {
    if (key === 'Map') throw testStateErrors.contextMap();
    const fields = ALLOWED[key];
    if (fields === undefined) throw testStateErrors.contextField(key);
    for (const field of Object.keys((value ?? {}) as object)) if (!fields.includes(field)) throw testStateErrors.contextField(field);
  }
}

const RETRYING_TYPES = new Set(['Task', 'Map', 'Parallel']);

/**
 * AWS's default TestState context (recorded): an express-style execution of a generated state
 * machine, `RoleArn` from the request (null without), no RedriveCount, and the state named
 * `StateName` whatever the state's name is.
 */
export function defaultContext(region: string, accountId: string, roleArn: string | undefined, input: unknown, startTime: string) {
  const machineName = randomUUID();
  const executionName = randomUUID();
  const execution = {
    Id: `arn:aws:states:${region}:${accountId}:express:${machineName}:${executionName}`,
    Input: input,
    Name: executionName,
    RoleArn: roleArn ?? null,
    StartTime: startTime,
  };
  const stateMachine = { Id: `arn:aws:states:${region}:${accountId}:stateMachine:${machineName}`, Name: machineName };
  return (ctx: StateContext, taskToken?: string): Record<string, unknown> => {
    const state: Record<string, unknown> = { Name: 'StateName', EnteredTime: ctx.enteredTime };
    if (RETRYING_TYPES.has(ctx.state.Type)) state.RetryCount = ctx.retryCount;
    return {
      Execution: execution,
      StateMachine: stateMachine,
      State: state,
      ...(taskToken === undefined ? {} : { Task: { Token: taskToken } }),
    };
  };
}
