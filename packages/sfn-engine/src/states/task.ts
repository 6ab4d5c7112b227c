/**
 * Task: a Lambda function by ARN (LambdaFunction* events, bare result), lambda:invoke (Task*
 * events, the Payload envelope), or any integration through a mock. TimeoutSeconds races the
 * invocation on the clock; the invocation's signal aborts on timeout or stop.
 */
import { randomUUID } from 'node:crypto';
import { parseResource, taskEventResource, type TaskResource } from '../task/resource.js';
import { invokeFailure, mockResult, nextMock, notMockedFailure } from '../task/invoke-lambda.js';
import { lambdaInvokeEnvelope } from '../task/lambda-envelope.js';
import { taskSeconds } from '../task/timeouts.js';
import { effectiveInput, finishState, jsonataField } from '../runtime/dataflow.js';
import { StateFailure, errorDetails } from '../runtime/failure.js';
import { byteLength, toJsonText } from '../runtime/json-text.js';
import type { StateContext, StateOutcome } from '../runtime/types.js';
import { nextOf } from './next.js';

interface Attempt {
  readonly ctx: StateContext;
  readonly resource: TaskResource;
  readonly parameters: unknown;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  readonly taskToken?: string;
}

export async function runTask(ctx: StateContext): Promise<StateOutcome> {
  const resource = parseResource(ctx.state.Resource as string);
  const taskToken = resource.kind === 'service' && resource.pattern === 'waitForTaskToken' ? randomUUID() : undefined;
  const extra = taskToken === undefined ? {} : { taskToken };
  const parameters =
    ctx.queryLanguage === 'JSONata'
      ? ((await jsonataField(ctx, 'Arguments', extra)) ?? ctx.input)
      : effectiveInput(ctx, 'Parameters', extra);
  if (ctx.queryLanguage === 'JSONata') ctx.rt.inspect?.('afterArguments', parameters);
  const timeoutSeconds = await taskSeconds(ctx, 'TimeoutSeconds');
  const heartbeatSeconds = await taskSeconds(ctx, 'HeartbeatSeconds');
  const attempt: Attempt = {
    ctx,
    resource,
    parameters,
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    ...(heartbeatSeconds === undefined ? {} : { heartbeatSeconds }),
    ...extra,
  };
  const result = resource.kind === 'lambda-function' ? await lambdaFunctionTask(attempt) : await serviceTask(attempt);
  ctx.rt.inspect?.('result', result);
  const finished = await finishState(ctx, result, { selectable: true });
  return { ...finished, ...nextOf(ctx.state) };
}

/** `arn:aws:lambda:...:function:x`: LambdaFunctionScheduled/Started/Succeeded|Failed|TimedOut. */
async function lambdaFunctionTask(attempt: Attempt): Promise<unknown> {
  const { ctx, resource } = attempt;
  const recorder = ctx.rt.recorder;
  const scheduled: Record<string, unknown> = {
    input: toJsonText(attempt.parameters),
    inputDetails: { truncated: false },
    resource: resource.arn,
  };
  if (attempt.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = attempt.timeoutSeconds;
  if (attempt.heartbeatSeconds !== undefined) scheduled.heartbeatInSeconds = attempt.heartbeatSeconds;
  ctx.frame.cursor = recorder.emit('LambdaFunctionScheduled', ctx.frame.cursor, scheduled);
  // AWS starts the task in a later step: other threads' Scheduled events come first (recorded).
  await ctx.rt.turns.pass();
  ctx.frame.cursor = recorder.emit('LambdaFunctionStarted', ctx.frame.cursor);
  try {
    const result = await run(attempt, () => callFunction(attempt, resource.arn, attempt.parameters, false));
    checkResultSize(ctx.rt.payloadLimit, resource.arn, result);
    ctx.frame.cursor = recorder.emit('LambdaFunctionSucceeded', ctx.frame.cursor, {
      output: toJsonText(result),
      outputDetails: { truncated: false },
    });
    return result;
  } catch (thrown) {
    const failure = thrown as StateFailure;
    if (failure.error === 'States.Timeout')
      ctx.frame.cursor = recorder.emit('LambdaFunctionTimedOut', ctx.frame.cursor, { error: 'States.Timeout' });
    else ctx.frame.cursor = recorder.emit('LambdaFunctionFailed', ctx.frame.cursor, errorDetails(failure));
    throw failure;
  }
}

/** `arn:aws:states:::service:action[.pattern]`: TaskScheduled/Started/(Submitted)/Succeeded|Failed|TimedOut. */
async function serviceTask(attempt: Attempt): Promise<unknown> {
  const { ctx } = attempt;
  const recorder = ctx.rt.recorder;
  const resource = attempt.resource;
  const names = resource.kind === 'service' ? taskEventResource(resource) : { resource: resource.arn, resourceType: resource.kind };
  const scheduled: Record<string, unknown> = { parameters: toJsonText(attempt.parameters), region: ctx.rt.region, ...names };
  if (attempt.timeoutSeconds !== undefined) scheduled.timeoutInSeconds = attempt.timeoutSeconds;
  if (attempt.heartbeatSeconds !== undefined) scheduled.heartbeatInSeconds = attempt.heartbeatSeconds;
  ctx.frame.cursor = recorder.emit('TaskScheduled', ctx.frame.cursor, scheduled);
  // AWS starts the task in a later step: other threads' Scheduled events come first (recorded).
  await ctx.rt.turns.pass();
  ctx.frame.cursor = recorder.emit('TaskStarted', ctx.frame.cursor, names);
  try {
    const result = await run(attempt, () => callService(attempt, names));
    if (resource.kind === 'service' && resource.service === 'lambda') checkResultSize(ctx.rt.payloadLimit, 'lambda', result);
    ctx.frame.cursor = recorder.emit('TaskSucceeded', ctx.frame.cursor, {
      output: toJsonText(result),
      outputDetails: { truncated: false },
      ...names,
    });
    return result;
  } catch (thrown) {
    const failure = thrown as StateFailure;
    if (failure.error === 'States.Timeout' || failure.error === 'States.HeartbeatTimeout') {
      ctx.frame.cursor = recorder.emit('TaskTimedOut', ctx.frame.cursor, { error: failure.error, ...names });
    } else ctx.frame.cursor = recorder.emit('TaskFailed', ctx.frame.cursor, { ...errorDetails(failure), ...names });
    throw failure;
  }
}

async function callService(attempt: Attempt, names: { resource: string; resourceType: string }): Promise<unknown> {
  const { ctx, resource } = attempt;
  const mock = nextMock(ctx);
  if (mock !== undefined) return mockResult(mock);
  if (resource.kind !== 'service' || resource.service !== 'lambda' || resource.action !== 'invoke' || resource.pattern === 'sync') {
    throw notMockedFailure(resource.arn, ctx.name);
  }
  const parameters = (attempt.parameters ?? {}) as Record<string, unknown>;
  const functionName = parameters.FunctionName as string;
  const payload = typeof parameters.Payload === 'string' ? parseLoose(parameters.Payload) : parameters.Payload;
  const result = await callFunction(attempt, functionName, payload ?? {}, true);
  const envelope = lambdaInvokeEnvelope(result, ctx.rt.clock.now());
  // LogType Tail adds the base64 log tail; locally there is no log, so it is the report line only.
  if (parameters.LogType === 'Tail') addLogResult(envelope);
  if (resource.pattern !== 'waitForTaskToken') return envelope;
  ctx.frame.cursor = ctx.rt.recorder.emit('TaskSubmitted', ctx.frame.cursor, {
    output: toJsonText(envelope),
    outputDetails: { truncated: false },
    ...names,
  });
  return waitForToken(attempt);
}

async function callFunction(attempt: Attempt, functionName: string, payload: unknown, compactCause: boolean): Promise<unknown> {
  const { ctx } = attempt;
  if (attempt.resource.kind === 'lambda-function') {
    const mock = nextMock(ctx);
    if (mock !== undefined) return mockResult(mock);
  }
  const invoke = ctx.rt.invoke;
  if (invoke === undefined) throw notMockedFailure(attempt.resource.arn, ctx.name);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.rt.signal.reason);
  ctx.rt.signal.addEventListener('abort', onAbort, { once: true });
  attemptSignals.set(attempt, controller);
  try {
    const request = {
      functionName,
      payload,
      context: {
        executionArn: ctx.rt.executionArn,
        stateName: ctx.name,
        region: ctx.rt.region,
        accountId: ctx.rt.accountId,
        ...(attempt.taskToken === undefined ? {} : { taskToken: attempt.taskToken }),
      },
    };
    return await invoke(request, { signal: controller.signal });
  } catch (thrown) {
    throw invokeFailure(ctx, thrown, compactCause);
  } finally {
    ctx.rt.signal.removeEventListener('abort', onAbort);
  }
}

const attemptSignals = new WeakMap<Attempt, AbortController>();

/** Races the work against TimeoutSeconds on the clock (tracked, so a virtual clock does not jump past it). */
async function run(attempt: Attempt, work: () => Promise<unknown>): Promise<unknown> {
  const { clock, signal, turns } = attempt.ctx.rt;
  const pending = clock.track(work());
  if (attempt.timeoutSeconds === undefined) return turns.wait(pending);
  const stopTimer = new AbortController();
  const timedOut = clock.sleep(attempt.timeoutSeconds * 1000, AbortSignal.any([stopTimer.signal, signal])).then(() => {
    attemptSignals.get(attempt)?.abort(new Error('States.Timeout'));
    throw new StateFailure('States.Timeout', undefined);
  });
  timedOut.catch(() => undefined);
  try {
    return await turns.wait(Promise.race([pending, timedOut]));
  } finally {
    stopTimer.abort();
  }
}

function waitForToken(attempt: Attempt): Promise<unknown> {
  const { rt } = attempt.ctx;
  const token = attempt.taskToken as string;
  return new Promise((resolve, reject) => rt.callbacks.set(token, { resolve, reject })).finally(() => rt.callbacks.delete(token));
}

function checkResultSize(limit: number, name: string, result: unknown): void {
  if (byteLength(toJsonText(result)) > limit) {
    throw new StateFailure(
      'States.DataLimitExceeded',
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
}

function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** LogType Tail: AWS adds the base64 log tail as LogResult and the X-Amz-Log-Result header; locally the tail is the END line. */
function addLogResult(envelope: Record<string, unknown>): void {
  const requestId = (envelope.SdkResponseMetadata as { RequestId: string }).RequestId;
  const tail = Buffer.from(`END RequestId: ${requestId}\n`).toString('base64');
  const http = envelope.SdkHttpMetadata as { AllHttpHeaders: Record<string, string[]>; HttpHeaders: Record<string, string> };
  http.AllHttpHeaders['X-Amz-Log-Result'] = [tail];
  http.HttpHeaders['X-Amz-Log-Result'] = tail;
  envelope.LogResult = tail;
}
