import { LambdaError } from '@sizegate/sfn-engine';
import { describe, expect, it } from 'vitest';
import { ExecutionFaults } from '../../src/faults.js';
import { createFunctionRegistry, DEFAULT_FUNCTION_CONFIG, type LocalLambdaFunction } from '../../src/functions/registry.js';
import { createLambdaContext, type LambdaContext } from '../../src/lambda/context.js';
import { invokeLocalFunction, lambdaErrorDocument, type LocalFunctionHandler } from '../../src/lambda/invoke.js';
import { createTaskInvoke } from '../../src/lambda/task-invoke.js';

const SCOPE = { region: 'us-east-1', accountId: '111111111111' };
const context = createLambdaContext({ functionName: 'f', invokedFunctionArn: 'arn:aws:lambda:us-east-1:0:function:f', timeoutMs: 1000 });

/** A function as the registry gives it, with the handler and config the test wants. */
function fn(handler: LocalFunctionHandler, config: Partial<LocalLambdaFunction['config']> = {}): LocalLambdaFunction {
  return {
    name: 'f',
    arn: 'arn:aws:lambda:us-east-1:111111111111:function:f',
    config: { ...DEFAULT_FUNCTION_CONFIG, ...config },
    load: async () => handler,
  };
}

describe('lambdaErrorDocument', () => {
  it("is the Node.js runtime's error document: errorType from the name, the message, the stack as trace", () => {
    // Prepare
    const error = Object.assign(new Error('Object not found (bucket "b", key "k")'), { name: 'ObjectNotFound' });

    // Act
    const document = lambdaErrorDocument(error);

    // Assess
    expect(document.errorType).toBe('ObjectNotFound');
    expect(document.errorMessage).toBe('Object not found (bucket "b", key "k")');
    expect(document.trace[0]).toBe('ObjectNotFound: Object not found (bucket "b", key "k")');
    expect(lambdaErrorDocument('plain string')).toEqual({ errorType: 'Error', errorMessage: 'plain string', trace: [] });
  });
});

describe('invokeLocalFunction', () => {
  it('hands the handler a JSON copy of the event ({} for null) and the context, and serialises the result', async () => {
    // Prepare
    const event = { nested: { a: 1 } };
    const seen: unknown[] = [];
    const handler: LocalFunctionHandler = async (received: never, ctx) => {
      seen.push(received, ctx);
      (received as { nested: { a: number } }).nested.a = 2;
      return { when: new Date(0), skip: undefined };
    };

    // Act
    const outcome = await invokeLocalFunction({ fn: fn(handler), event, context });
    const nullEvent = await invokeLocalFunction({ fn: fn(async (received: never) => received), event: null, context });
    const noResult = await invokeLocalFunction({ fn: fn(async () => undefined), event: {}, context });

    // Assess
    expect(event.nested.a).toBe(1);
    expect(seen[1]).toBe(context);
    expect(outcome).toEqual({ ok: true, result: { when: '1970-01-01T00:00:00.000Z' } });
    expect(nullEvent).toEqual({ ok: true, result: {} });
    expect(noResult).toEqual({ ok: true, result: null });
  });

  it('reports a throw, an unserialisable result and a module that cannot be loaded as error documents', async () => {
    // Prepare
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const unloadable: LocalLambdaFunction = {
      ...fn(async () => 1),
      load: () =>
        Promise.reject(Object.assign(new Error('f.handler is undefined or not exported'), { errorType: 'Runtime.HandlerNotFound' })),
    };

    // Act
    const sync = await invokeLocalFunction({
      fn: fn(() => {
        throw new TypeError('sync');
      }),
      event: {},
      context,
    });
    const marshal = await invokeLocalFunction({ fn: fn(async () => circular), event: {}, context });
    const notFound = await invokeLocalFunction({ fn: unloadable, event: {}, context });

    // Assess
    expect(sync).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'sync' } });
    expect(marshal).toMatchObject({ ok: false, error: { errorType: 'Runtime.MarshalError' } });
    expect(notFound).toEqual({
      ok: false,
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'f.handler is undefined or not exported', trace: [] },
    });
  });

  it("ends an invocation that runs past the function's own timeout with Sandbox.Timedout, and sets its environment", async () => {
    // Prepare: a 20 ms timeout (the registry allows whole seconds; the runner takes any)
    let release: () => void = () => undefined;
    const slow = fn(() => new Promise((resolve) => (release = () => resolve('late'))), { timeoutSeconds: 0.02 });
    const reader = fn(async () => process.env.SIZEGATE_TEST_FUNCTION_ENV, { environment: { SIZEGATE_TEST_FUNCTION_ENV: 'set' } });

    // Act
    const timedOut = await invokeLocalFunction({ fn: slow, event: {}, context });
    const read = await invokeLocalFunction({ fn: reader, event: {}, context });
    release();

    // Assess
    expect(timedOut).toEqual({
      ok: false,
      error: {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${context.awsRequestId} Error: Task timed out after 0.02 seconds`,
        trace: [],
      },
    });
    expect(read).toEqual({ ok: true, result: 'set' });
    delete process.env.SIZEGATE_TEST_FUNCTION_ENV;
  });
});

describe('invokeLocalFunction and its signal', () => {
  it('stops waiting when the Task no longer does (its timeout passed, or the execution stopped); the handler is still tracked', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const tracked: Promise<unknown>[] = [];
    const controller = new AbortController();
    const invocation = invokeLocalFunction({
      fn: fn(() => new Promise((resolve) => (release = () => resolve('late')))),
      event: {},
      context,
      signal: controller.signal,
      track: (running) => tracked.push(running),
    });

    // Act
    controller.abort(new Error('States.Timeout'));
    const outcome = await invocation;
    release();

    // Assess
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Runtime.Abandoned' } });
    expect(tracked).toHaveLength(1);
    await expect(tracked[0]).resolves.toBe('late');
  });
});

describe('createTaskInvoke', () => {
  const signal = new AbortController().signal;
  const request = (functionName: string, stateName = 'Task') => ({
    functionName,
    payload: { in: 1 },
    context: {
      executionArn: 'arn:aws:states:us-east-1:111111111111:execution:m:e',
      stateName,
      region: 'us-east-1',
      accountId: '111111111111',
    },
  });

  it("calls the function a reference names, with Lambda's context (the ARN as invoked, the function's memory size)", async () => {
    // Prepare
    const seen: LambdaContext[] = [];
    const functions = createFunctionRegistry({
      ...SCOPE,
      functions: {
        echo: {
          handler: async (event: never, ctx: LambdaContext) => {
            seen.push(ctx);
            return event;
          },
          memorySize: 512,
        },
      },
    });
    const invoke = createTaskInvoke({ scope: SCOPE, functions });

    // Act
    const byName = await invoke(request('echo'), { signal });
    const byArn = await invoke(request('arn:aws:lambda:us-east-1:111111111111:function:echo:live'), { signal });

    // Assess
    expect([byName, byArn]).toEqual([{ in: 1 }, { in: 1 }]);
    expect(seen.map((ctx) => [ctx.functionName, ctx.invokedFunctionArn, ctx.memoryLimitInMB])).toEqual([
      ['echo', 'arn:aws:lambda:us-east-1:111111111111:function:echo', '512'],
      ['echo', 'arn:aws:lambda:us-east-1:111111111111:function:echo:live', '512'],
    ]);
  });

  it('throws LambdaError.functionNotFound with the full ARN for a function that does not exist, and the error document of a failing one', async () => {
    // Prepare
    const functions = createFunctionRegistry({
      ...SCOPE,
      functions: {
        raise: async () => {
          throw Object.assign(new Error('Some exception was raised.'), { name: 'Exception' });
        },
      },
    });
    const invoke = createTaskInvoke({ scope: SCOPE, functions });

    // Act
    const missing = await invoke(request('nope'), { signal }).catch((error: unknown) => error);
    const otherRegion = await invoke(request('arn:aws:lambda:eu-west-1:111111111111:function:raise'), { signal }).catch((e: unknown) => e);
    const failed = await invoke(request('raise'), { signal }).catch((error: unknown) => error);

    // Assess
    expect(missing).toBeInstanceOf(LambdaError);
    expect((missing as LambdaError).missingFunctionArn).toBe('arn:aws:lambda:us-east-1:111111111111:function:nope');
    expect((otherRegion as LambdaError).missingFunctionArn).toBe('arn:aws:lambda:eu-west-1:111111111111:function:raise');
    expect(failed).toMatchObject({ errorType: 'Exception', errorMessage: 'Some exception was raised.' });
  });

  it('runs the function bound to the Task state first, and fails injected attempts before any handler runs', async () => {
    // Prepare
    const calls: string[] = [];
    const bound = fn(async () => {
      calls.push('bound');
      return 'bound';
    });
    const faults = new ExecutionFaults([{ state: 'Task', error: 'Lambda.ServiceException', count: 1 }]);
    const invoke = createTaskInvoke({
      scope: SCOPE,
      functions: createFunctionRegistry(SCOPE),
      stateFunctions: new Map([['Task', bound]]),
      faults,
    });

    // Act
    const first = await invoke(request('whatever'), { signal }).catch((error: unknown) => error);
    const second = await invoke(request('whatever'), { signal });

    // Assess
    expect(first).toBeInstanceOf(LambdaError);
    expect((first as LambdaError).errorType).toBe('Lambda.ServiceException');
    expect((first as LambdaError).errorDocument).toMatch(
      /^Lambda\.ServiceException: injected by sizegate-local \(--fault Task:Lambda\.ServiceException:1\)/,
    );
    expect(second).toBe('bound');
    expect(calls).toEqual(['bound']);
  });
});
