// The function runner in process (`--in-process`, and functions given as a JS function): the same
// interface, calling rules, logs and error documents as isolated, without the isolation.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalFunctionHandler } from '../../src/lambda/invoke.js';
import { createFunctionRunner, type FunctionRunner, type RunnableFunction } from '../../src/lambda/runtime/index.js';

const fixture = (file: string) => fileURLToPath(new URL(`../fixtures/functions/${file}`, import.meta.url));
const fn = (name: string, file: string, config: Partial<RunnableFunction['config']> = {}): RunnableFunction => ({
  name,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
  path: fixture(file),
  config: { timeoutSeconds: 5, memorySize: 128, environment: {}, ...config },
});

let runner: FunctionRunner;
afterEach(async () => {
  await runner.close();
});

describe('in-process mode', () => {
  it('answers, fails and logs as a sandbox does: same results, error documents and CloudWatch lines', async () => {
    // Prepare
    const streamed: string[] = [];
    runner = createFunctionRunner({ mode: 'in-process', logSink: (_name, line) => streamed.push(line) });
    const actions = fn('actions', 'actions.mjs');

    // Act
    const echo = await runner.invoke(actions, { action: 'echo' }, { requestId: 'req-echo' });
    const logged = await runner.invoke(actions, { action: 'log' }, { requestId: 'req-log' });
    const thrown = await runner.invoke(actions, { action: 'throw' });
    const callback = await runner.invoke(fn('callback', 'callback.cjs'), { mode: 'plain' });

    // Assess
    expect(echo).toMatchObject({
      ok: true,
      result: { invocations: 1, context: { awsRequestId: 'req-echo', functionName: 'actions', memoryLimitInMB: '128' } },
    });
    expect(echo.logs[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\tundefined\tINFO\tinit: module loaded$/);
    expect(echo.logs.at(-1)).toMatch(
      /^REPORT RequestId: req-echo\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t$/,
    );
    expect(logged.logs.slice(1, 3)).toEqual([
      expect.stringMatching(/\treq-log\tINFO\thello \{ n: 1 \}$/),
      expect.stringMatching(/\treq-log\tWARN\tcareful\rsecond line$/),
    ]);
    expect(thrown).toMatchObject({ ok: false, error: { errorType: 'ObjectNotFound', errorMessage: 'Object not found' } });
    expect(callback).toMatchObject({ ok: true, result: { mode: 'plain' } });
    expect(streamed).toEqual(expect.arrayContaining([...echo.logs, ...logged.logs]));
  });

  it("times out by no longer waiting: the answer is Sandbox.Timedout at the function's timeout, the handler is not stopped", async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'in-process' });
    const actions = fn('actions', 'actions.mjs', { timeoutSeconds: 0.1 });

    // Act
    const started = performance.now();
    const slow = await runner.invoke(actions, { action: 'sleep', ms: 2000 }, { requestId: 'req-slow' });
    const elapsed = performance.now() - started;

    // Assess
    expect(slow).toMatchObject({
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'RequestId: req-slow Error: Task timed out after 0.10 seconds' },
    });
    expect(elapsed).toBeLessThan(2000);
  });

  it('applies the function environment to the runtime process before loading the module (not isolated)', async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'in-process' });

    // Act
    const result = await runner.invoke(fn('env', 'actions.mjs', { environment: { GREETING: 'in process' } }), { action: 'env' });

    // Assess
    expect(result).toMatchObject({ ok: true, result: { greeting: 'in process' } });
    expect(process.env['GREETING']).toBe('in process');
    delete process.env['GREETING'];
    delete process.env['SET_BY_HANDLER'];
  });
});

describe('a function without a module file', () => {
  it("runs in process through its load() even when the runner is isolated, the console call in the invocation's log", async () => {
    // Prepare
    runner = createFunctionRunner({ mode: 'isolated' });
    const handler: LocalFunctionHandler = async (event: never, context) => {
      console.log('got', event);
      return { requestId: context.awsRequestId };
    };
    const programmatic: RunnableFunction = {
      name: 'programmatic',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:programmatic',
      config: { timeoutSeconds: 5, memorySize: 256, environment: {} },
      load: async () => handler,
    };

    // Act
    const result = await runner.invoke(programmatic, { n: 1 }, { requestId: 'req-p' });

    // Assess
    expect(result).toMatchObject({ ok: true, result: { requestId: 'req-p' } });
    expect(result.logs).toEqual([
      'START RequestId: req-p Version: $LATEST',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z\treq-p\tINFO\tgot \{ n: 1 \}$/),
      'END RequestId: req-p',
      expect.stringMatching(
        /^REPORT RequestId: req-p\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t$/,
      ),
    ]);
  });
});
