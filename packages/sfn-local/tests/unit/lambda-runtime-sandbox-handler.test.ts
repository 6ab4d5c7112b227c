// The Node.js Lambda runtime's rules for calling a handler (sandbox-handler.ts), with a host that
// records what the runtime would send.
import { describe, expect, it } from 'vitest';
import type { LocalFunctionHandler } from '../../src/lambda/invoke.js';
import {
  formatErrorForLog,
  formatLogLine,
  type HandlerOutcome,
  type InvocationHost,
  invokeHandler,
  serializeResult,
  toErrorDocument,
} from '../../src/lambda/runtime/sandbox-handler.js';

/** A host that records completions, error logs and the empty-event-loop listener. */
function recordingHost(deadlineMs = Date.now() + 3000) {
  const outcomes: HandlerOutcome[] = [];
  const errors: unknown[][] = [];
  let emptyLoop: { listener: () => void; reason: string | undefined } | undefined;
  const host: InvocationHost = {
    requestId: 'req-1',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    deadlineMs,
    functionName: 'f',
    memorySize: 256,
    logGroupName: '/aws/lambda/f',
    logStreamName: '2025/01/01/[$LATEST]abc',
    logError: (...args) => errors.push(args),
    onEmptyEventLoop: (listener, reason) => {
      emptyLoop = listener ? { listener, reason } : undefined;
    },
    complete: (outcome) => outcomes.push(outcome),
  };
  const loopEmpties = () => emptyLoop?.listener();
  return { host, outcomes, errors, loopEmpties, emptyLoopReason: () => emptyLoop?.reason };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the error document', () => {
  it("is the runtime's: errorType, errorMessage and the stack as trace; typeof and String() for a non-error", () => {
    // Prepare
    const error = Object.assign(new Error('bad \x7F byte'), { name: 'Custom' });

    // Act / Assess
    expect(toErrorDocument(error)).toEqual({
      errorType: 'Custom',
      errorMessage: 'bad %7F byte',
      trace: expect.arrayContaining(['Custom: bad %7F byte']),
    });
    expect(toErrorDocument(42)).toEqual({ errorType: 'number', errorMessage: '42', trace: [] });
    expect(toErrorDocument({ message: 'not an error' })).toEqual({ errorType: 'object', errorMessage: '[object Object]', trace: [] });
  });

  it('is logged as a tab and JSON with the enumerable properties and the stack as lines', () => {
    // Prepare
    const error = Object.assign(new Error('gone'), { code: 'ENOENT', bucket: 'b' });

    // Act
    const logged = JSON.parse(formatErrorForLog(error).slice(1)) as Record<string, unknown>;

    // Assess
    expect(formatErrorForLog(error).startsWith('\t{')).toBe(true);
    expect(logged).toMatchObject({
      errorType: 'Error',
      errorMessage: 'gone',
      code: 'ENOENT',
      bucket: 'b',
      stack: expect.arrayContaining(['Error: gone']),
    });
  });
});

describe('log lines and results', () => {
  it('format a console call as `time\\trequestId\\tLEVEL\\tmessage`, util.format-ed, newlines as \\r', () => {
    // Act
    const line = formatLogLine('WARN', 'req-1', ['%s items\nnext', 3]);

    // Assess
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-1\tWARN\t3 items\rnext\n$/);
  });

  it('serialise the result as JSON, undefined as null, and refuse what JSON cannot hold', () => {
    // Prepare
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;

    // Act / Assess
    expect(serializeResult(undefined)).toBe('null');
    expect(serializeResult({ a: undefined, d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
    expect(() => serializeResult(circular)).toThrow('Unable to stringify response body');
  });
});

describe('invokeHandler', () => {
  it('settles with the returned promise and gives the handler the context Lambda gives', async () => {
    // Prepare
    const { host, outcomes } = recordingHost(Date.now() + 2000);
    let seen: Record<string, unknown> = {};
    const handler = (async (event: { n: number }, context: Record<string, unknown> & { getRemainingTimeInMillis(): number }) => {
      seen = { ...context, remaining: context.getRemainingTimeInMillis() };
      return { doubled: event.n * 2 };
    }) as unknown as LocalFunctionHandler;

    // Act
    invokeHandler(handler, '{"n":21}', host);
    await settle();

    // Assess
    expect(outcomes).toEqual([{ payload: '{"doubled":42}' }]);
    expect(seen).toMatchObject({
      functionName: 'f',
      functionVersion: '$LATEST',
      memoryLimitInMB: '256',
      awsRequestId: 'req-1',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
      logGroupName: '/aws/lambda/f',
      logStreamName: '2025/01/01/[$LATEST]abc',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(seen['remaining']).toBeGreaterThan(1900);
  });

  it('answers a callback only once the event loop is empty, unless callbackWaitsForEmptyEventLoop is false', async () => {
    // Prepare
    const waiting = recordingHost();
    const notWaiting = recordingHost();
    const handler = (waits: boolean) =>
      ((_event: unknown, context: { callbackWaitsForEmptyEventLoop: boolean }, callback: (e: unknown, r: unknown) => void) => {
        context.callbackWaitsForEmptyEventLoop = waits;
        callback(null, 'answer');
        callback(null, 'second answer is ignored');
      }) as unknown as LocalFunctionHandler;

    // Act
    invokeHandler(handler(true), '{}', waiting.host);
    invokeHandler(handler(false), '{}', notWaiting.host);
    const beforeLoopEmpty = [...waiting.outcomes];
    const waitingFor = waiting.emptyLoopReason();
    waiting.loopEmpties();
    await settle();

    // Assess
    expect(beforeLoopEmpty).toEqual([]);
    expect(waitingFor).toBe('callback');
    expect(waiting.outcomes).toEqual([{ payload: '"answer"' }]);
    expect(notWaiting.outcomes).toEqual([{ payload: '"answer"' }]);
  });

  it('fails with the error of a rejected promise, a callback error, or "handled" for context.fail() without one, logging "Invoke Error"', async () => {
    // Prepare
    const rejected = recordingHost();
    const called = recordingHost();
    const failed = recordingHost();

    // Act
    invokeHandler((async () => Promise.reject(new RangeError('too big'))) as LocalFunctionHandler, '{}', rejected.host);
    invokeHandler(
      ((_e: unknown, _c: unknown, callback: (e: unknown) => void) => callback('oops')) as unknown as LocalFunctionHandler,
      '{}',
      called.host,
    );
    invokeHandler(
      ((_e: unknown, context: { fail(e?: unknown): void }) => context.fail()) as unknown as LocalFunctionHandler,
      '{}',
      failed.host,
    );
    await settle();

    // Assess
    expect(rejected.outcomes).toEqual([{ error: expect.objectContaining({ errorType: 'RangeError', errorMessage: 'too big' }) }]);
    expect(rejected.errors[0]?.[0]).toBe('Invoke Error');
    expect(called.outcomes).toEqual([{ error: { errorType: 'string', errorMessage: 'oops', trace: [] } }]);
    expect(failed.outcomes).toEqual([{ error: { errorType: 'string', errorMessage: 'handled', trace: [] } }]);
  });

  it('answers null for a sync handler that never answers, and Runtime.NodeJsExit for an async one, when the event loop empties', async () => {
    // Prepare
    const sync = recordingHost();
    const async = recordingHost();

    // Act
    invokeHandler((() => undefined) as LocalFunctionHandler, '{}', sync.host);
    invokeHandler((async () => new Promise(() => undefined)) as LocalFunctionHandler, '{}', async.host);
    const reasons = [sync.emptyLoopReason(), async.emptyLoopReason()];
    sync.loopEmpties();
    async.loopEmpties();

    // Assess
    expect(reasons).toEqual(['no-answer', 'no-answer']);
    expect(sync.outcomes).toEqual([{ payload: 'null' }]);
    expect(async.outcomes).toEqual([
      {
        error: expect.objectContaining({
          errorType: 'Runtime.NodeJsExit',
          errorMessage: expect.stringMatching(/^The Lambda runtime client detected an unexpected Node\.js exit code\./),
        }),
      },
    ]);
  });
});
