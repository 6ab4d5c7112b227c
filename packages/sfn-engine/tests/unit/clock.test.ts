import { describe, expect, it } from 'vitest';
import { realClock, virtualClock } from '../../src/clock.js';

describe('virtualClock', () => {
  it('ends a one-year sleep at once and moves its time by a year', async () => {
    // Prepare
    const start = Date.parse('2024-01-01T00:00:00Z');
    const clock = virtualClock({ start });
    const wallStart = performance.now();
    // Act
    await clock.sleep(365 * 24 * 3600 * 1000);
    // Assess
    expect(performance.now() - wallStart).toBeLessThan(1000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(365 * 24 * 3600 * 1000);
  });

  it('does not jump while tracked work is in flight, so a timeout races real time', async () => {
    // Prepare: a 20 ms job and a 10 s timer, at scale 0.001 (10 s of clock time = 10 ms real)
    const clock = virtualClock({ start: 0, scale: 0.001 });
    const order: string[] = [];
    let release!: () => void;
    const work = clock.track(new Promise<void>((resolve) => (release = resolve))).then(() => order.push('work'));
    const timer = clock.sleep(10_000).then(() => order.push('timer'));
    // Act: the job holds the clock; the timer fires by real time (10 ms), then the job ends
    await timer;
    release();
    await work;
    // Assess
    expect(order).toEqual(['timer', 'work']);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = virtualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });
});

describe('realClock', () => {
  it('runs time 1000x faster at scale 0.001', async () => {
    const clock = realClock({ start: 0, scale: 0.001 });
    const wallStart = performance.now();
    await clock.sleep(2000);
    expect(performance.now() - wallStart).toBeLessThan(500);
    expect(clock.now()).toBeGreaterThanOrEqual(2000);
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => realClock({ scale: 0 })).toThrow('clock scale must be a positive number');
  });
});
