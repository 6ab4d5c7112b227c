import { describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../src/lambda/context.js';

describe('createLambdaContext', () => {
  it("has Lambda's fields and counts the remaining time down from the Task's timeout", () => {
    // Prepare
    let now = Date.UTC(2025, 5, 7, 8, 9, 10);
    const context = createLambdaContext({
      functionName: 'check-size',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:check-size',
      timeoutMs: 60_000,
      awsRequestId: 'req-1',
      now: () => now,
    });

    // Act
    const atStart = context.getRemainingTimeInMillis();
    now += 45_000;
    const later = context.getRemainingTimeInMillis();
    now += 60_000;
    const pastDeadline = context.getRemainingTimeInMillis();

    // Assess
    expect(context).toMatchObject({
      functionName: 'check-size',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:check-size',
      memoryLimitInMB: '128',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/check-size',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.logStreamName).toMatch(/^2025\/06\/07\/\[\$LATEST\][0-9a-f]{32}$/);
    expect([atStart, later, pastDeadline]).toEqual([60_000, 15_000, 0]);
    expect(() => {
      context.done();
      context.fail('x');
      context.succeed({});
    }).not.toThrow();
  });

  it('gives every invocation its own request id', () => {
    // Act
    const ids = new Set(
      Array.from({ length: 5 }, () => createLambdaContext({ functionName: 'f', invokedFunctionArn: 'a', timeoutMs: 1 }).awsRequestId),
    );

    // Assess
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
