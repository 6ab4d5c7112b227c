import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../src/lambda/runtime/concurrency.js';

describe('ConcurrencyLimiter', () => {
  it('lets `limit` invocations run and hands each freed slot to the longest waiting', async () => {
    // Prepare
    const limiter = new ConcurrencyLimiter('f');
    const order: string[] = [];
    const releaseA = await limiter.acquire(2, 'queue');
    const releaseB = await limiter.acquire(2, 'queue');

    // Act
    const c = limiter.acquire(2, 'queue').then(() => order.push('c'));
    const d = limiter.acquire(2, 'queue').then(() => order.push('d'));
    const waiting = { running: limiter.running, queued: limiter.queued };
    releaseA();
    releaseA();
    await c;
    releaseB();
    await d;

    // Assess
    expect(waiting).toEqual({ running: 2, queued: 2 });
    expect(order).toEqual(['c', 'd']);
    expect({ running: limiter.running, queued: limiter.queued }).toEqual({ running: 2, queued: 0 });
  });

  it('throttles beyond the limit when asked to', async () => {
    // Prepare
    const limiter = new ConcurrencyLimiter('f');
    await limiter.acquire(1, 'throttle');

    // Act / Assess
    await expect(limiter.acquire(1, 'throttle')).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });

  it('takes an aborted invocation out of the line, with the abort reason', async () => {
    // Prepare
    const limiter = new ConcurrencyLimiter('f');
    const release = await limiter.acquire(1, 'queue');
    const controller = new AbortController();
    const waiting = limiter.acquire(1, 'queue', controller.signal);

    // Act
    controller.abort(new Error('stopped'));

    // Assess
    await expect(waiting).rejects.toThrow('stopped');
    expect(limiter.queued).toBe(0);
    release();
    expect(limiter.running).toBe(0);
  });

  it('fails every waiting invocation on close, and every later one', async () => {
    // Prepare
    const limiter = new ConcurrencyLimiter('f');
    await limiter.acquire(1, 'queue');
    const waiting = limiter.acquire(1, 'queue');

    // Act
    limiter.close();

    // Assess
    await expect(waiting).rejects.toMatchObject({ name: 'FunctionRunnerClosedError', functionName: 'f' });
    await expect(limiter.acquire(1, 'queue')).rejects.toMatchObject({ name: 'FunctionRunnerClosedError' });
  });
});
