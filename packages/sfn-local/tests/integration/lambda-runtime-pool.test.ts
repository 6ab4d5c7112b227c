// The function runner's warm pools, with real worker threads: reuse, concurrency caps and queueing,
// throttling, aborts, reloading a changed file, environment isolation, reaping idle sandboxes, close().
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFunctionRunner, type FunctionRunner, type RunnableFunction } from '../../src/lambda/runtime/index.js';

const fixture = (file: string) => fileURLToPath(new URL(`../fixtures/functions/${file}`, import.meta.url));
const actions = (config: Partial<RunnableFunction['config']> = {}, name = 'actions'): RunnableFunction => ({
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  path: fixture('actions.mjs'),
  config: { timeoutSeconds: 5, memorySize: 128, environment: {}, ...config },
});
const sleep = (ms: number) => ({ action: 'sleep', ms });

/** A log sink, and a way to wait until a given line has been written. */
function recordLines() {
  const lines: string[] = [];
  const waiting: { line: string; resolve: () => void }[] = [];
  const sink = (_name: string, line: string) => {
    lines.push(line);
    for (const w of waiting.filter((entry) => entry.line === line)) w.resolve();
  };
  const written = (line: string) =>
    lines.includes(line) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ line, resolve }));
  return { lines, sink, written };
}

let runner: FunctionRunner;
afterEach(async () => {
  vi.useRealTimers();
  await runner.close();
});

describe('the warm pool', () => {
  it('reuses an idle sandbox (its module state lives on) and measures Init Duration on the cold start only', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });

    // Act
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await runner.invoke(actions(), { action: 'echo' }));

    // Assess
    expect(results.map((r) => (r as { result: { invocations: number } }).result.invocations)).toEqual([1, 2, 3]);
    expect(results.map((r) => /\tInit Duration: /.test(r.logs.at(-1) ?? ''))).toEqual([true, false, false]);
    expect(runner.stats()).toEqual([{ name: 'actions', idle: 1, busy: 0, queued: 0, coldStarts: 1, invocations: 3 }]);
  });

  it('caps concurrent invocations per function and queues the rest until a sandbox is free', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated', maxConcurrencyPerFunction: 2 });

    // Act
    const running = [1, 2, 3, 4, 5].map(() => runner.invoke(actions(), sleep(150)));
    const whileRunning = runner.stats();
    const results = await Promise.all(running);

    // Assess
    expect(whileRunning).toEqual([expect.objectContaining({ busy: 2, queued: 3 })]);
    expect(results.every((r) => r.ok)).toBe(true);
    // Two sandboxes served all five: the queued invocations reused them.
    expect(runner.stats()).toEqual([{ name: 'actions', idle: 2, busy: 0, queued: 0, coldStarts: 2, invocations: 5 }]);
  });

  it("takes a function's reserved concurrency as its cap, and throttles beyond it when asked to, as Lambda does", async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated', maxConcurrencyPerFunction: 5, whenBusy: 'throttle' });
    const reserved = actions({ reservedConcurrency: 1 });

    // Act
    const first = runner.invoke(reserved, sleep(100));
    const second = runner.invoke(reserved, sleep(100));

    // Assess
    await expect(second).rejects.toMatchObject({ name: 'TooManyRequestsException', message: 'Rate Exceeded.', statusCode: 429 });
    await expect(first).resolves.toMatchObject({ ok: true });
  });

  it('loads a changed file (newer mtime) in a new sandbox', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'sizegate-runner-'));
    try {
      const path = join(dir, 'index.mjs');
      writeFileSync(path, "export const handler = async () => 'v1';\n");
      utimesSync(path, new Date(1_000_000), new Date(1_000_000));
      runner = createFunctionRunner({ mode: 'isolated' });
      const fn = { ...actions(), path };
      const before = await runner.invoke(fn, {});

      // Act
      writeFileSync(path, "export const handler = async () => 'v2';\n");
      utimesSync(path, new Date(2_000_000), new Date(2_000_000));
      const after = await runner.invoke(fn, {});

      // Assess
      expect(before).toMatchObject({ ok: true, result: 'v1' });
      expect(after).toMatchObject({ ok: true, result: 'v2' });
      expect(runner.stats()).toEqual([expect.objectContaining({ coldStarts: 2, idle: 1 })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops an idle sandbox after idleTimeoutMs, so the next invocation starts cold', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated', idleTimeoutMs: 60_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await runner.invoke(actions(), { action: 'echo' });
    const warm = runner.stats();

    // Act
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    const next = await runner.invoke(actions(), { action: 'echo' });

    // Assess
    expect(warm).toEqual([expect.objectContaining({ idle: 1 })]);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
    expect(runner.stats()).toEqual([expect.objectContaining({ coldStarts: 2 })]);
  });
});

describe('environment', () => {
  it("gives each function its own process.env: its environment and Lambda's variables, none of the runtime's", async () => {
    // Prepare
    process.env['LEAK_CHECK'] = 'runtime only';
    runner = createFunctionRunner({ mode: 'isolated', environment: { GREETING: 'from the runner' } });
    const greeted = actions({ environment: { GREETING: 'from the function' } }, 'greeted');

    // Act
    const own = await runner.invoke(greeted, { action: 'env' });
    const base = await runner.invoke(actions({}, 'plain'), { action: 'env' });

    // Assess
    expect(own).toMatchObject({
      ok: true,
      result: { greeting: 'from the function', region: 'us-east-1', handler: 'actions.handler', leaked: null },
    });
    expect(base).toMatchObject({ ok: true, result: { greeting: 'from the runner' } });
    expect(process.env['SET_BY_HANDLER']).toBeUndefined();
    delete process.env['LEAK_CHECK'];
  });
});

describe('aborting', () => {
  it('stops the waiting only (the function runs on, as on AWS): the caller gets the reason, the invocation completes in the background', async () => {
    // Prepare
    const log = recordLines();
    runner = createFunctionRunner({ mode: 'isolated', logSink: log.sink });
    await runner.invoke(actions(), { action: 'echo' });
    const controller = new AbortController();

    // Act
    const aborted = runner.invoke(actions(), sleep(300), { signal: controller.signal, requestId: 'req-aborted' });
    controller.abort(new Error('Task state timed out'));
    await expect(aborted).rejects.toThrow('Task state timed out');
    const busyAfterAbort = runner.stats();
    await log.written('END RequestId: req-aborted');
    const next = await runner.invoke(actions(), { action: 'echo' });

    // Assess
    expect(busyAfterAbort).toEqual([expect.objectContaining({ busy: 1 })]);
    expect(log.lines.some((line) => /^REPORT RequestId: req-aborted\tDuration: \d+\.\d\d ms/.test(line))).toBe(true);
    // It finished on the same sandbox, which stayed warm.
    expect(next).toMatchObject({ ok: true, result: { invocations: 3 } });
  });

  it("stops the sandbox at once with onAbort: 'stop', and takes a queued invocation out of the line", async () => {
    // Prepare
    const log = recordLines();
    runner = createFunctionRunner({ mode: 'isolated', onAbort: 'stop', maxConcurrencyPerFunction: 1, logSink: log.sink });
    await runner.invoke(actions(), { action: 'echo' });
    const running = new AbortController();
    const queued = new AbortController();

    // Act
    const looping = runner.invoke(actions({ timeoutSeconds: 30 }), { action: 'loop' }, { signal: running.signal, requestId: 'req-loop' });
    const waiting = runner.invoke(actions(), { action: 'echo' }, { signal: queued.signal });
    const lineBefore = runner.stats();
    await log.written('START RequestId: req-loop Version: $LATEST');
    queued.abort(new Error('execution stopped'));
    await expect(waiting).rejects.toThrow('execution stopped');
    running.abort(new Error('execution stopped'));
    await expect(looping).rejects.toThrow('execution stopped');
    const next = await runner.invoke(actions(), { action: 'echo' });

    // Assess
    expect(lineBefore).toEqual([expect.objectContaining({ busy: 1, queued: 1 })]);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
    expect(runner.stats()).toEqual([expect.objectContaining({ coldStarts: 2, queued: 0 })]);
  });
});

describe('close()', () => {
  it('terminates every sandbox, even one looping forever, and fails what is running, queued or invoked later', async () => {
    // Prepare
    const log = recordLines();
    runner = createFunctionRunner({ mode: 'isolated', maxConcurrencyPerFunction: 1, logSink: log.sink });
    await runner.invoke(actions({}, 'idle'), { action: 'echo' });
    const looping = runner.invoke(actions({ timeoutSeconds: 30 }), { action: 'loop' }, { requestId: 'req-loop' });
    const queued = runner.invoke(actions(), { action: 'echo' });
    await log.written('START RequestId: req-loop Version: $LATEST');

    const settled = Promise.allSettled([looping, queued]);

    // Act
    await runner.close();

    // Assess
    const [loopOutcome, queuedOutcome] = await settled;
    expect(loopOutcome).toMatchObject({ status: 'rejected', reason: { name: 'FunctionRunnerClosedError' } });
    expect(queuedOutcome).toMatchObject({ status: 'rejected', reason: { name: 'FunctionRunnerClosedError' } });
    await expect(runner.invoke(actions(), { action: 'echo' })).rejects.toMatchObject({ name: 'FunctionRunnerClosedError' });
    expect(runner.stats().map(({ idle }) => idle)).toEqual([0, 0]);
  });
});
