// The function runner in isolated mode, with real worker threads: what a function's invocation
// answers (results, Lambda's error documents), its logs, and that a crash, a timeout or an
// exhausted heap fails that invocation only.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createFunctionRunner, type FunctionRunner, type RunnableFunction } from '../../src/lambda/runtime/index.js';

const ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:';
const fixture = (file: string) => fileURLToPath(new URL(`../fixtures/functions/${file}`, import.meta.url));
const fn = (name: string, file: string, config: Partial<RunnableFunction['config']> = {}): RunnableFunction => ({
  name,
  arn: `${ARN}${name}`,
  path: fixture(file),
  config: { timeoutSeconds: 5, memorySize: 128, environment: {}, ...config },
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

let runner: FunctionRunner;
afterEach(async () => {
  await runner.close();
});

describe('an invocation that answers', () => {
  it('gets the event as JSON, the Lambda context, and answers with its result serialised as Lambda does', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs');

    // Act
    const echo = await runner.invoke(
      actions,
      { action: 'echo', when: new Date(0) },
      { requestId: 'req-1', invokedFunctionArn: `${actions.arn}:live` },
    );
    const undefinedResult = await runner.invoke(actions, { action: 'undefined' });
    const dates = await runner.invoke(actions, { action: 'date' });

    // Assess
    expect(echo).toMatchObject({
      ok: true,
      result: {
        event: { action: 'echo', when: '1970-01-01T00:00:00.000Z' },
        context: {
          functionName: 'actions',
          functionVersion: '$LATEST',
          invokedFunctionArn: `${actions.arn}:live`,
          memoryLimitInMB: '128',
          awsRequestId: 'req-1',
          logGroupName: '/aws/lambda/actions',
          callbackWaitsForEmptyEventLoop: true,
        },
      },
    });
    const result = (echo as { result: { remainingMs: number; context: { logStreamName: string } } }).result;
    expect(result.context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(result.remainingMs).toBeGreaterThan(4000);
    expect(result.remainingMs).toBeLessThanOrEqual(5000);
    expect(undefinedResult).toMatchObject({ ok: true, result: null });
    expect(dates).toMatchObject({ ok: true, result: { at: '1970-01-01T00:00:00.000Z' } });
    expect((dates as { result: object }).result).not.toHaveProperty('skip');
  });

  it('answers through callback and context.succeed as the Node.js runtime does, waiting for an empty event loop unless told not to', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const callback = (name: string) => fn(name, 'callback.cjs');

    // Act
    const plain = await runner.invoke(callback('cb-plain'), { mode: 'plain' });
    const failed = await runner.invoke(callback('cb-error'), { mode: 'error' });
    const succeed = await runner.invoke(callback('cb-succeed'), { mode: 'succeed' });
    const silent = await runner.invoke(callback('cb-silent'), { mode: 'silent' });
    const waited = await runner.invoke(callback('cb-wait'), { mode: 'wait' });
    const notWaited = await runner.invoke(callback('cb-no-wait'), { mode: 'no-wait' });

    // Assess
    expect(plain).toMatchObject({ ok: true, result: { mode: 'plain' } });
    expect(failed).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'callback error' } });
    expect(succeed).toMatchObject({ ok: true, result: { mode: 'succeed' } });
    expect(silent).toMatchObject({ ok: true, result: null });
    expect(waited).toMatchObject({ ok: true, result: { mode: 'wait' } });
    // The 200 ms timer ran before the answer: its line is in the invocation's log, before END.
    const waitedLogs = waited.logs;
    expect(waitedLogs.findIndex((line) => line.endsWith('\tINFO\ttimer ran'))).toBeGreaterThan(0);
    expect(waitedLogs.findIndex((line) => line.endsWith('\tINFO\ttimer ran'))).toBeLessThan(
      waitedLogs.findIndex((line) => line.startsWith('END ')),
    );
    expect(notWaited).toMatchObject({ ok: true, result: { mode: 'no-wait' } });
    // Answered before its pending 300 ms timer ran: the timer's line is not in the invocation's log.
    expect(notWaited.logs.some((line) => line.includes('no-wait timer ran'))).toBe(false);
  });
});

describe('a failing invocation', () => {
  it('answers with the error document of a thrown error (Runtime "Invoke Error"), and the sandbox stays warm', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs');

    // Act
    const thrown = await runner.invoke(actions, { action: 'throw' });
    const thrownString = await runner.invoke(actions, { action: 'throw-string' });
    const after = await runner.invoke(actions, { action: 'echo' });

    // Assess
    expect(thrown).toMatchObject({ ok: false, error: { errorType: 'ObjectNotFound', errorMessage: 'Object not found' } });
    expect((thrown as { error: { trace: readonly string[] } }).error.trace[0]).toBe('ObjectNotFound: Object not found');
    expect(
      thrown.logs.some((line) =>
        new RegExp(`^${TIMESTAMP}\\t${UUID.source.slice(1, -1)}\\tERROR\\tInvoke Error \\t\\{"errorType":"ObjectNotFound"`).test(line),
      ),
    ).toBe(true);
    expect(thrownString).toEqual({
      ok: false,
      error: { errorType: 'string', errorMessage: 'plain string', trace: [] },
      logs: expect.any(Array),
    });
    expect(after).toMatchObject({ ok: true, result: { invocations: 3 } });
    expect(runner.stats()).toEqual([expect.objectContaining({ name: 'actions', coldStarts: 1, invocations: 3 })]);
  });

  it.each([
    {
      action: 'uncaught',
      error: { errorType: 'Error', errorMessage: 'thrown from a timer' },
      logged: 'Uncaught Exception \t{"errorType":"Error","errorMessage":"thrown from a timer"',
    },
    {
      action: 'unhandled',
      error: { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: rejected and forgotten' },
      logged:
        'Unhandled Promise Rejection \t{"errorType":"Runtime.UnhandledPromiseRejection","errorMessage":"Error: rejected and forgotten"',
    },
  ])('fails only that invocation on an $action error, then starts a fresh sandbox', async ({ action, error, logged }) => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs');
    await runner.invoke(actions, { action: 'echo' });

    // Act
    const crashed = await runner.invoke(actions, { action });
    const next = await runner.invoke(actions, { action: 'echo' });

    // Assess
    expect(crashed).toMatchObject({ ok: false, error });
    expect(crashed.logs.some((line) => line.includes(`\tERROR\t${logged}`))).toBe(true);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
    expect(next.logs.at(-1)).toMatch(/\tInit Duration: [\d.]+ ms\t$/);
  });

  it.each([
    { code: 3, errorMessage: 'Error: Runtime exited with error: exit status 3' },
    { code: 0, errorMessage: 'Error: Runtime exited without providing a reason' },
  ])('answers Runtime.ExitError when the handler calls process.exit($code), and the runtime carries on', async ({ code, errorMessage }) => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs');

    // Act
    const exited = await runner.invoke(actions, { action: 'exit', code }, { requestId: 'req-exit' });
    const next = await runner.invoke(actions, { action: 'echo' });

    // Assess
    expect(exited).toEqual({
      ok: false,
      error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: req-exit ${errorMessage}` },
      logs: expect.any(Array),
    });
    expect(exited.logs.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.ExitError\t$/);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
  });

  it('times out a handler that loops forever: the sandbox is stopped, the runtime keeps running meanwhile', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs', { timeoutSeconds: 1 });
    await runner.invoke(actions, { action: 'echo' });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);

    // Act
    const started = performance.now();
    const looped = await runner.invoke(actions, { action: 'loop' }, { requestId: 'req-loop' });
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    const next = await runner.invoke(actions, { action: 'echo' });

    // Assess
    expect(looped).toEqual({
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-loop Error: Task timed out after 1.00 seconds' },
      logs: expect.any(Array),
    });
    expect(looped.logs.at(-1)).toMatch(/^REPORT RequestId: req-loop\tDuration: 10\d\d\.\d\d ms\t.*\tStatus: timeout\t$/);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    // A 10 ms interval in the runtime's thread kept firing through the loop (~100 ticks; a stalled thread gives 0 or 1).
    expect(ticks).toBeGreaterThan(20);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
  });

  it('answers Runtime.OutOfMemory when the handler exhausts its MemorySize, and the next invocation gets a new sandbox', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs', { timeoutSeconds: 25, memorySize: 128 });

    // Act
    const hog = await runner.invoke(actions, { action: 'hog' }, { requestId: 'req-oom' });
    const next = await runner.invoke(actions, { action: 'echo' });

    // Assess
    expect(hog).toEqual({
      ok: false,
      error: { errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: req-oom Error: Runtime exited with error: signal: killed' },
      logs: expect.any(Array),
    });
    expect(hog.logs.at(-1)).toMatch(/\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t.*Status: error\tError Type: Runtime\.OutOfMemory\t$/);
    expect(next).toMatchObject({ ok: true, result: { invocations: 1 } });
  });

  it('counts Buffers against MemorySize too: a sandbox holding more than its memory is stopped as out of memory', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const actions = fn('actions', 'actions.mjs', { timeoutSeconds: 20, memorySize: 128 });

    // Act
    const within = await runner.invoke(actions, { action: 'buffers', mib: 32, holdMs: 300 });
    const beyond = await runner.invoke(actions, { action: 'buffers', mib: 256, holdMs: 10_000 }, { requestId: 'req-buffers' });

    // Assess
    expect(within).toMatchObject({ ok: true, result: { held: 32 } });
    expect(Number(/\tMax Memory Used: (\d+) MB/.exec(within.logs.at(-1) ?? '')?.[1])).toBeGreaterThanOrEqual(32);
    expect(beyond).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: req-buffers Error: Runtime exited with error: signal: killed' },
    });
  });

  it.each([
    { file: 'no-handler.mjs', errorType: 'Runtime.HandlerNotFound', errorMessage: 'no-handler.handler is undefined or not exported' },
    {
      file: 'syntax-error.mjs',
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: expect.stringMatching(/^SyntaxError: Unexpected token/),
    },
    {
      file: 'missing.mjs',
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Error: Cannot find module 'missing'",
    },
    {
      file: 'missing-import.mjs',
      errorType: 'Error',
      errorMessage: expect.stringMatching(/^Cannot find package 'no-such-package' imported from /),
    },
    { file: 'init-throws.mjs', errorType: 'TypeError', errorMessage: 'cannot start without configuration' },
  ])('answers $errorType when the init phase of $file fails', async ({ file, errorType, errorMessage }) => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });

    // Act
    const result = await runner.invoke(fn('broken', file), {});

    // Assess
    expect(result).toMatchObject({ ok: false, error: { errorType, errorMessage } });
    expect(result.logs.some((line) => line.includes(`\tERROR\tUncaught Exception \t{"errorType":"${errorType}"`))).toBe(true);
    // No Init Duration: the init failed, and Lambda retries it within the invocation (a "suppressed init").
    expect(result.logs.at(-1)).toMatch(
      new RegExp(`\\tMax Memory Used: [1-9]\\d* MB\\tStatus: error\\tError Type: ${errorType.replace('.', '\\.')}\\t$`),
    );
  });
});

describe('logs', () => {
  it('are the lines CloudWatch shows, returned with the invocation and streamed to the sink as written', async () => {
    // Prepare
    const streamed: string[] = [];
    runner = createFunctionRunner({ mode: 'isolated', logSink: (name, line) => streamed.push(`${name}|${line}`) });
    const actions = fn('actions', 'actions.mjs');

    // Act
    const cold = await runner.invoke(actions, { action: 'log' }, { requestId: 'req-cold' });
    const warm = await runner.invoke(actions, { action: 'echo' }, { requestId: 'req-warm' });

    // Assess
    const line = (requestId: string, level: string, message: string) => new RegExp(`^${TIMESTAMP}\\t${requestId}\\t${level}\\t${message}$`);
    const expected = [
      line('undefined', 'INFO', 'init: module loaded'),
      /^START RequestId: req-cold Version: \$LATEST$/,
      line('req-cold', 'INFO', String.raw`hello \{ n: 1 \}`),
      line('req-cold', 'WARN', 'careful\rsecond line'),
      line('req-cold', 'ERROR', String.raw`Error: logged error\r    at handler \([\s\S]*`),
      /^raw stdout line$/,
      /^END RequestId: req-cold$/,
      /^REPORT RequestId: req-cold\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t$/,
    ];
    expect(cold.logs).toHaveLength(expected.length);
    for (const [index, logLine] of cold.logs.entries()) expect(logLine).toMatch(expected[index] as RegExp);
    expect(warm.logs).toHaveLength(3);
    expect(warm.logs[2]).toMatch(
      /^REPORT RequestId: req-warm\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t$/,
    );
    expect(streamed).toEqual([...cold.logs, ...warm.logs].map((logLine) => `actions|${logLine}`));
  });
});
