/**
 * One state from Entered to Exited: runs its handler, retries and catches per Retry/Catch, writes
 * the Exited event with the assigned variables, and applies them to the thread.
 */
import type { Catcher, QueryLanguage, Retrier, StateDefinition } from '../definition/types.js';
import type { StatesError } from '../errors.js';
import { evaluateJsonataField } from '../jsonata/index.js';
import { applyResultPath } from '../paths/result-path.js';
import { assignJsonata, assignJsonPath, jsonataBindings } from './dataflow.js';
import { asStateError, StateFailure } from './failure.js';
import { byteLength, toJsonText } from './json-text.js';
import { findCatcher, findRetrier, maxAttempts, retryDelayMs } from './retry.js';
import type { ExecutionRuntime, Frame, StateContext, StateOutcome } from './types.js';

export type StateHandler = (ctx: StateContext) => Promise<StateOutcome>;

/** TestState: the failure a retrier would retry (after `delayMs`, without jitter). */
export class RetryFollows extends Error {
  constructor(
    readonly failure: StatesError,
    readonly retryIndex: number,
    readonly delayMs: number,
  ) {
    super(failure.message);
  }
}

export interface StateRun {
  readonly output: unknown;
  readonly next?: string;
  /** Set when a Catch handled a failure (TestState reports CAUGHT_ERROR). */
  readonly caught?: StatesError;
}

export function queryLanguageOf(state: StateDefinition, frame: Frame): QueryLanguage {
  return (state.QueryLanguage as QueryLanguage | undefined) ?? frame.queryLanguage;
}

export async function runState(
  rt: ExecutionRuntime,
  frame: Frame,
  name: string,
  state: StateDefinition,
  input: unknown,
  handler: StateHandler,
): Promise<StateRun> {
  const enteredPrev = frame.cursor;
  const enteredId = rt.recorder.emit(`${state.Type}StateEntered`, frame.cursor, {
    input: toJsonText(input),
    inputDetails: { truncated: false },
    name,
  });
  frame.cursor = enteredId;
  frame.open = { type: state.Type };
  const ctx: StateContext = {
    rt,
    frame,
    name,
    state,
    queryLanguage: queryLanguageOf(state, frame),
    enteredId,
    enteredPrev,
    enteredTime: new Date(rt.recorder.events[enteredId - 1]?.timestamp ?? rt.clock.now()).toISOString(),
    retryCount: rt.testRetry?.retryCount ?? 0,
    input,
    variables: { ...frame.variables },
  };
  const attempts = new Map<number, number>();
  for (;;) {
    try {
      const outcome = await handler(ctx);
      if (outcome.exited !== false) {
        checkOutputSize(rt, name, outcome.output);
        exitState(ctx, outcome.output, outcome.assigned);
      }
      return outcome.next === undefined ? { output: outcome.output } : { output: outcome.output, next: outcome.next };
    } catch (thrown) {
      if (rt.signal.aborted) throw rt.signal.reason;
      const failure = asStateError(thrown, name, enteredId);
      if (failure.error === 'States.QueryEvaluationError') recordEvaluationFailed(ctx, failure);
      const retriers = state.Retry as readonly Retrier[] | undefined;
      const index = findRetrier(retriers, failure.error);
      const retrier = retriers?.[index];
      if (retrier !== undefined && rt.testRetry !== undefined) {
        // TestState runs one attempt: a retry that would follow ends it (RETRIABLE).
        if (rt.testRetry.retryCount < maxAttempts(retrier))
          throw new RetryFollows(
            failure,
            index,
            retryDelayMs(retrier, rt.testRetry.retryCount, () => 1),
          );
        rt.inspect?.('retryIndex', index);
      } else if (retrier !== undefined) {
        const used = attempts.get(index) ?? 0;
        if (used < maxAttempts(retrier)) {
          attempts.set(index, used + 1);
          await rt.turns.wait(rt.clock.sleep(retryDelayMs(retrier, used), rt.signal));
          ctx.retryCount += 1;
          continue;
        }
      }
      // Map and Parallel close with XStateFailed once no retry follows (not for States.Runtime, as recorded).
      if ((state.Type === 'Map' || state.Type === 'Parallel') && failure.error !== 'States.Runtime') {
        frame.cursor = rt.recorder.emit(`${state.Type}StateFailed`, frame.cursor);
      }
      const catcher = findCatcher(state.Catch as readonly Catcher[] | undefined, failure.error);
      if (catcher === undefined) throw failure;
      rt.inspect?.('catchIndex', (state.Catch as readonly Catcher[]).indexOf(catcher));
      return catchFailure(ctx, catcher, failure);
    }
  }
}

function exitState(ctx: StateContext, output: unknown, assigned: Readonly<Record<string, unknown>> | undefined): void {
  const details: Record<string, unknown> = { name: ctx.name, output: toJsonText(output), outputDetails: { truncated: false } };
  if (assigned !== undefined) {
    checkVariablesSize(ctx, assigned);
    details.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([key, value]) => [key, toJsonText(value)]));
    details.assignedVariablesDetails = { truncated: false };
    Object.assign(ctx.frame.variables, assigned);
  }
  ctx.frame.cursor = ctx.rt.recorder.emit(`${ctx.state.Type}StateExited`, ctx.frame.cursor, details);
  ctx.frame.open = undefined;
}

const recordedEvaluations = new WeakSet<object>();

function recordEvaluationFailed(ctx: StateContext, failure: StatesError): void {
  if (recordedEvaluations.has(failure)) return;
  recordedEvaluations.add(failure);
  const details: Record<string, unknown> = { cause: failure.cause, error: failure.error };
  // The field the expression sat in; taken from AWS's cause text when the evaluator did not say.
  const location = failure.details?.location ?? /specified for the field '([^']+)'/.exec(failure.cause)?.[1];
  if (typeof location === 'string') details.location = location;
  details.state = ctx.name;
  // Recorded: EvaluationFailed points where the Entered event pointed, except in a Wait state.
  const previous = ctx.state.Type === 'Wait' ? ctx.frame.cursor : ctx.enteredPrev;
  ctx.frame.cursor = ctx.rt.recorder.emit('EvaluationFailed', previous, details);
}

async function catchFailure(ctx: StateContext, catcher: Catcher, failure: StatesError): Promise<StateRun> {
  const errorOutput = { Error: failure.error, Cause: failure.cause };
  let output: unknown;
  let assigned: Record<string, unknown> | undefined;
  try {
    if (ctx.queryLanguage === 'JSONata') {
      const bindings = jsonataBindings(ctx, { errorOutput });
      output = catcher.Output === undefined ? errorOutput : await evaluateJsonataField(catcher.Output, bindings, 'Output');
      if (catcher.Assign !== undefined) assigned = await assignJsonata(catcher.Assign, bindings);
    } else {
      if (catcher.Assign !== undefined) assigned = assignJsonPath(ctx, catcher.Assign, errorOutput);
      output = applyResultPath(ctx.input, errorOutput, catcher.ResultPath);
    }
  } catch (thrown) {
    const error = asStateError(thrown, ctx.name, ctx.enteredId);
    if (error.error === 'States.QueryEvaluationError') recordEvaluationFailed(ctx, error);
    throw error;
  }
  exitState(ctx, output, assigned);
  return { output, next: catcher.Next, caught: failure };
}

export function checkOutputSize(rt: ExecutionRuntime, name: string, output: unknown): void {
  if (byteLength(toJsonText(output)) > rt.payloadLimit) {
    throw new StateFailure(
      'States.DataLimitExceeded',
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
}

function checkVariablesSize(ctx: StateContext, assigned: Readonly<Record<string, unknown>>): void {
  let total = 0;
  for (const [key, value] of Object.entries(assigned)) {
    const size = byteLength(toJsonText(value));
    total += size;
    if (size > ctx.rt.payloadLimit) {
      throw new StateFailure(
        'States.DataLimitExceeded',
        `The variable '${key}' assigned by the state '${ctx.name}' exceeds the maximum size of ${ctx.rt.payloadLimit} bytes.`,
      );
    }
  }
  if (total > ctx.rt.payloadLimit) {
    throw new StateFailure(
      'States.DataLimitExceeded',
      `The variables assigned by the state '${ctx.name}' exceed the maximum total size of ${ctx.rt.payloadLimit} bytes.`,
    );
  }
}
