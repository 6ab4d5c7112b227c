import { describe, expect, it } from 'vitest';
import { createLambdaContext, type LambdaContext } from '../../src/lambda/context.js';
import {
  createTaskOverride,
  functionError,
  invokeEnvelope,
  invokeLocalFunction,
  lambdaErrorDocument,
  type AttemptRecorder,
  type LocalFunctionHandler,
} from '../../src/lambda/invoke.js';

const context = createLambdaContext({ functionName: 'f', invokedFunctionArn: 'arn:aws:lambda:us-east-1:0:function:f', timeoutMs: 1000 });

describe('invokeEnvelope', () => {
  it("wraps the result as lambda:invoke does: Payload, StatusCode 200, ExecutedVersion and the Invoke response's metadata", () => {
    // Act
    const envelope = invokeEnvelope({ size: 1 }, 'req-1', Date.UTC(2025, 0, 2, 3, 4, 5));

    // Assess
    expect(envelope).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { size: 1 },
      StatusCode: 200,
      SdkResponseMetadata: { RequestId: 'req-1' },
    });
    const metadata = envelope.SdkHttpMetadata as {
      AllHttpHeaders: Record<string, string[]>;
      HttpHeaders: Record<string, string>;
      HttpStatusCode: number;
    };
    expect(metadata.HttpStatusCode).toBe(200);
    expect(Object.keys(metadata.AllHttpHeaders).sort()).toEqual(Object.keys(metadata.HttpHeaders).sort());
    expect(metadata.HttpHeaders).toMatchObject({
      'Content-Length': '10', // {"size":1}
      'Content-Type': 'application/json',
      Date: 'Thu, 02 Jan 2025 03:04:05 GMT',
      'X-Amz-Executed-Version': '$LATEST',
      'x-amzn-RequestId': 'req-1',
    });
    expect(metadata.AllHttpHeaders['Content-Length']).toEqual(['10']);
    // X-Ray trace ids start with the epoch seconds in hex: 1735787045 = 0x67760225.
    expect(metadata.HttpHeaders['X-Amzn-Trace-Id']).toMatch(/^Root=1-67760225-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });
});

describe('Lambda errors', () => {
  it('become the Node.js runtime error document, thrown with the errorType as name and the document as message', () => {
    // Prepare
    const error = Object.assign(new Error('Object not found (bucket "b", key "k")'), { name: 'ObjectNotFound' });

    // Act
    const document = lambdaErrorDocument(error);
    const thrown = functionError(document);

    // Assess
    expect(document.errorType).toBe('ObjectNotFound');
    expect(document.errorMessage).toBe('Object not found (bucket "b", key "k")');
    expect(document.trace[0]).toBe('ObjectNotFound: Object not found (bucket "b", key "k")');
    expect(thrown.name).toBe('ObjectNotFound');
    expect(JSON.parse(thrown.message)).toEqual(document);
    expect(thrown.message.startsWith('{"errorType":"ObjectNotFound","errorMessage":')).toBe(true);
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
    const outcome = await invokeLocalFunction(handler, event, context);
    const nullEvent = await invokeLocalFunction(async (received: never) => received, null, context);
    const noResult = await invokeLocalFunction(async () => undefined, {}, context);

    // Assess
    expect(event.nested.a).toBe(1);
    expect(seen[1]).toBe(context);
    expect(outcome).toEqual({ ok: true, result: { when: '1970-01-01T00:00:00.000Z' } });
    expect(nullEvent).toEqual({ ok: true, result: {} });
    expect(noResult).toEqual({ ok: true, result: null });
  });

  it('reports a throw, a rejection and an unserialisable result as error documents', async () => {
    // Prepare
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    // Act
    const sync = await invokeLocalFunction(
      () => {
        throw new TypeError('sync');
      },
      {},
      context,
    );
    const marshal = await invokeLocalFunction(async () => circular, {}, context);

    // Assess
    expect(sync).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'sync' } });
    expect(marshal).toMatchObject({ ok: false, error: { errorType: 'Runtime.MarshalError' } });
  });
});

describe('createTaskOverride', () => {
  function recorder() {
    const calls: unknown[][] = [];
    const rec: AttemptRecorder = {
      succeeded: (output) => calls.push(['succeeded', output]),
      failed: (error, cause) => calls.push(['failed', error, cause]),
    };
    return { calls, rec };
  }

  it('lambda:invoke: gives the handler Payload, returns the envelope and records it', async () => {
    // Prepare
    const { calls, rec } = recorder();
    const contexts: LambdaContext[] = [];
    const override = createTaskOverride({
      integration: 'lambda-invoke',
      functionName: 'check-size',
      functionArn: 'arn:aws:lambda:us-east-1:0:function:check-size',
      handler: async (event: never, ctx) => {
        contexts.push(ctx);
        return { got: event };
      },
      timeoutMs: 60_000,
      begin: async () => rec,
      createContext: createLambdaContext,
    });

    // Act
    const output = (await override({
      FunctionName: 'arn:aws:lambda:us-east-1:0:function:check-size:live',
      Payload: { key: 'k' },
    })) as Record<string, unknown>;

    // Assess
    expect(output.Payload).toEqual({ got: { key: 'k' } });
    expect(output.StatusCode).toBe(200);
    expect(calls).toEqual([['succeeded', output]]);
    expect(contexts[0]).toMatchObject({
      functionName: 'check-size',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:0:function:check-size:live',
    });
  });

  it('function ARN: gives the handler the whole input, returns the bare result; failures are recorded and thrown', async () => {
    // Prepare
    const { calls, rec } = recorder();
    const options = {
      integration: 'lambda-function' as const,
      functionName: 'echo',
      functionArn: 'arn:aws:lambda:us-east-1:0:function:echo',
      timeoutMs: 1000,
      begin: async () => rec,
      createContext: createLambdaContext,
    };
    const echo = createTaskOverride({ ...options, handler: async (event: never) => event });
    const failing = createTaskOverride({
      ...options,
      handler: async () => {
        throw Object.assign(new Error('nope'), { name: 'Lambda.ServiceException' });
      },
    });

    // Act
    const output = await echo({ a: 1 });
    const error = (await failing({}).catch((caught: Error) => caught)) as Error;

    // Assess
    expect(output).toEqual({ a: 1 });
    expect(error.name).toBe('Lambda.ServiceException');
    expect(calls[1]).toEqual(['failed', 'Lambda.ServiceException', error.message]);
  });

  it('refuses to run the handler when the execution has closed', async () => {
    // Prepare
    let ran = false;
    const override = createTaskOverride({
      integration: 'lambda-function',
      functionName: 'f',
      functionArn: 'arn',
      handler: async () => (ran = true),
      timeoutMs: 1000,
      begin: async () => undefined,
      createContext: createLambdaContext,
    });

    // Act
    const error = (await override({}).catch((caught: Error) => caught)) as Error;

    // Assess
    expect(ran).toBe(false);
    expect(error.message).toBe('The execution is no longer running');
  });
});
