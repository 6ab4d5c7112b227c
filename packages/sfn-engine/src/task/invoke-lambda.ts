/** Calls the caller's `invoke` (or a mock) for one Task attempt and turns failures into StateFailures. */
import { isLambdaError, type LambdaError } from '../lambda-error.js';
import type { MockedResponse } from '../options.js';
import { StateFailure } from '../runtime/failure.js';
import type { StateContext } from '../runtime/types.js';
import { functionNotFoundCause } from './lambda-envelope.js';

/** The documented local error for an integration with neither a function nor a mock. */
export const NOT_MOCKED_ERROR = 'SizegateLocal.IntegrationNotMocked';

export function notMockedFailure(resource: string, stateName: string): StateFailure {
  return new StateFailure(
    NOT_MOCKED_ERROR,
    `The integration ${resource} (state '${stateName}') is not available locally: give the state a mocked response (mocks: { '${stateName}': [{ Return: ... }] }) to run it.`,
  );
}

/** The next mocked response for this state, if the state is mocked (the last one repeats). */
export function nextMock(ctx: StateContext): MockedResponse | undefined {
  const responses = ctx.rt.mocks?.[ctx.name];
  if (responses === undefined || responses.length === 0) return undefined;
  const used = ctx.rt.mockCalls.get(ctx.name) ?? 0;
  ctx.rt.mockCalls.set(ctx.name, used + 1);
  return responses[Math.min(used, responses.length - 1)];
}

/** Runs a mocked response: its Return value, or a StateFailure from its Throw. */
export function mockResult(mock: MockedResponse): unknown {
  if ('Throw' in mock) throw new StateFailure(mock.Throw.Error, mock.Throw.Cause ?? '');
  return mock.Return;
}

/** A thrown LambdaError as the Task's failure; `compactCause` re-serialises the document (lambda:invoke). */
export function lambdaFailure(ctx: StateContext, error: LambdaError, compactCause: boolean): StateFailure {
  if (error.missingFunctionArn !== undefined) {
    return new StateFailure('Lambda.ResourceNotFoundException', functionNotFoundCause(qualifiedArn(ctx, error.missingFunctionArn)));
  }
  let cause = error.errorDocument;
  if (compactCause) {
    try {
      cause = JSON.stringify(JSON.parse(cause));
    } catch {
      // Not JSON: AWS shows the runtime's text as it is.
    }
  }
  return new StateFailure(error.errorType, cause);
}

/** Anything else an invoke throws is a service-side Lambda failure (Lambda.Unknown, as AWS names it). */
export function invokeFailure(ctx: StateContext, thrown: unknown, compactCause: boolean): StateFailure {
  if (isLambdaError(thrown)) return lambdaFailure(ctx, thrown, compactCause);
  if (thrown instanceof StateFailure) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StateFailure('Lambda.Unknown', message);
}

function qualifiedArn(ctx: StateContext, name: string): string {
  const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${ctx.rt.region}:${ctx.rt.accountId}:function:${name}`;
  return arn.split(':').length >= 8 ? arn : `${arn}:$LATEST`;
}
