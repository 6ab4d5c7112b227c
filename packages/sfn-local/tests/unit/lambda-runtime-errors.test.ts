import { describe, expect, it } from 'vitest';
import { outOfMemory, runtimeExited, timedOut, TooManyRequestsError } from '../../src/lambda/runtime/errors.js';

describe("the Lambda service's error documents", () => {
  it("word a timeout as Lambda does, with the function's timeout to two decimals", () => {
    // Act / Assess
    expect(timedOut('req-1', 3)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: req-1 Error: Task timed out after 3.00 seconds',
    });
    expect(timedOut('req-1', 0.5).errorMessage).toBe('RequestId: req-1 Error: Task timed out after 0.50 seconds');
  });

  it('word an exited runtime by exit status, by signal, and a clean exit as "without providing a reason"', () => {
    // Act / Assess
    expect(runtimeExited('r', { code: 129 })).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: r Error: Runtime exited with error: exit status 129',
    });
    expect(runtimeExited('r', { signal: 'killed' }).errorMessage).toBe('RequestId: r Error: Runtime exited with error: signal: killed');
    expect(runtimeExited('r', { code: 0 }).errorMessage).toBe('RequestId: r Error: Runtime exited without providing a reason');
  });

  it('report an exhausted memory limit as Runtime.OutOfMemory, the runtime killed', () => {
    // Act / Assess
    expect(outOfMemory('r')).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: 'RequestId: r Error: Runtime exited with error: signal: killed',
    });
  });

  it("throttle with Lambda's TooManyRequestsException (HTTP 429, Rate Exceeded.)", () => {
    // Act
    const error = new TooManyRequestsError('process-file');

    // Assess
    expect(error).toMatchObject({
      name: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      statusCode: 429,
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      functionName: 'process-file',
    });
  });
});
