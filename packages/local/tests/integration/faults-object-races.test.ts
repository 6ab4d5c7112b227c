import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { createHandler as createProcessFile, type ProcessFileHandler } from '@sizegate/process-file';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startLocal, type LocalRuntime } from '../../src/index.js';
import { fixtureTemplate, historyOf, manifestKeys, ofState, type StateEvent } from '../helpers/fault-history.js';
import { clientsFor, listAllExecutions } from '../helpers/local-clients.js';
import { S3_IDS } from '../helpers/templates.js';

// The object changes after CheckFileSize sized it, while ProcessFile is being retried: the real
// process-file handler must then fail with a named error and write no manifest. ProcessFile's
// first attempt fails with an injected fault; its retry runs the real handler behind a gate that
// holds it until the test has changed the object, so the change lands in between for certain
// (no timing window to hit).

const SERVICE_EXCEPTION = 'Lambda.ServiceException';
const MANIFEST_PREFIX = 'reports/manifests/';
/** How long the test waits for ProcessFile to reach its gate before it gives up (a hang guard). */
const GATE_WAIT_MS = 20_000;

/** A promise with its resolve function at hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/**
 * The real process-file handler (with the fixture's output bucket and prefix) behind a gate per
 * key: invoked, it says so (`reached`) and waits until the test calls `release`. Its S3 client
 * talks to the runtime over HTTP, as the built-in one does.
 */
function gatedProcessFile(runtimeOf: () => LocalRuntime) {
  const gates = new Map<string, { reached: ReturnType<typeof deferred>; released: ReturnType<typeof deferred> }>();
  const gateFor = (key: string) => {
    const gate = gates.get(key) ?? { reached: deferred(), released: deferred() };
    gates.set(key, gate);
    return gate;
  };
  let s3: S3Client | undefined;
  let handler: ProcessFileHandler | undefined;
  return {
    handler: async (event: Parameters<ProcessFileHandler>[0]) => {
      const runtime = runtimeOf();
      s3 ??= clientsFor(runtime).s3;
      handler ??= createProcessFile({ s3, outputBucket: runtime.bucket, outputPrefix: MANIFEST_PREFIX, logger: silentLogger });
      const gate = gateFor((event as { key: string }).key);
      gate.reached.resolve();
      await gate.released.promise;
      return handler(event);
    },
    /** Resolves when the handler for `key` waits at its gate. */
    reached: (key: string) => gateFor(key).reached.promise,
    release: (key: string) => gateFor(key).released.resolve(),
    destroy: () => s3?.destroy(),
  };
}

describe('startLocal({ template, faults }): the object changes after CheckFileSize, while ProcessFile is retried', () => {
  let local: LocalRuntime;
  let s3: S3Client;
  let sfn: SFNClient;
  const processFile = gatedProcessFile(() => local);

  beforeAll(async () => {
    local = await startLocal({
      port: 0,
      template: fixtureTemplate(),
      functions: { [S3_IDS.process]: processFile.handler as never },
      faults: [{ state: 'ProcessFile', error: SERVICE_EXCEPTION, count: 1 }],
      // The retry wait (FULL jitter, at most 2 s) shrinks to at most 100 ms; the gate, not the
      // wait, decides when the handler reads. CheckFileSize's 60 s timeout stays 3 s.
      timeScale: 0.05,
      logger: silentLogger,
    });
    ({ s3, sfn } = clientsFor(local));
  });

  afterAll(async () => {
    s3?.destroy();
    sfn?.destroy();
    processFile.destroy();
    await local?.close();
  });

  /** Waits (bounded) until ProcessFile's retried attempt for `key` holds at its gate; returns its execution's ARN. */
  async function heldAtRetry(key: string): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`ProcessFile of "${key}" was not retried within ${GATE_WAIT_MS} ms`)), GATE_WAIT_MS);
    });
    try {
      await Promise.race([processFile.reached(key), timeout]);
    } finally {
      clearTimeout(timer);
    }
    for (const item of await listAllExecutions(sfn, local.stateMachineArn)) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn: item.executionArn }));
      if (JSON.parse(execution.input ?? '{}').key === key) return item.executionArn!;
    }
    throw new Error(`No execution for "${key}"`);
  }

  /** The errorMessage of a failed Lambda invoke (the cause is the Lambda error document). */
  const errorMessageOf = (cause: string | undefined): string => (JSON.parse(cause ?? '{}') as { errorMessage?: string }).errorMessage ?? '';

  /**
   * The execution held at ProcessFile's retry (`held`: its history then) FAILED on that retry with
   * `error` naming bucket/key, after CheckFileSize succeeded and the injected first failure; no manifest.
   */
  async function expectFailedOnTheRetry(race: {
    key: string;
    executionArn: string;
    held: StateEvent[];
    execution: DescribeExecutionCommandOutput;
    error: string;
  }): Promise<void> {
    const { key, executionArn, held, execution, error } = race;
    expect(ofState(held, 'CheckFileSize', 'TaskSucceeded')).toHaveLength(1);
    expect(ofState(held, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([SERVICE_EXCEPTION]);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe(error);
    expect(errorMessageOf(execution.cause)).toContain(`bucket "${local.bucket}"`);
    expect(errorMessageOf(execution.cause)).toContain(`key "${key}"`);
    const events = await historyOf(sfn, executionArn);
    expect(ofState(events, 'ProcessFile', 'TaskFailed').map((event) => event.taskFailedEventDetails?.error)).toEqual([
      SERVICE_EXCEPTION,
      error,
    ]);
    expect(await manifestKeys(s3, local.bucket, `${MANIFEST_PREFIX}${key}`)).toEqual([]);
  }

  it('object overwritten between CheckFileSize and ProcessFile → ObjectChanged, never a manifest for the wrong bytes', async () => {
    // Prepare: an object over the threshold, sized by CheckFileSize; ProcessFile's first attempt
    // failed (injected) and its retry waits at the gate
    const key = 'incoming/overwritten.bin';
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: randomBytes(2048) }));
    const executionArn = await heldAtRetry(key);
    const held = await historyOf(sfn, executionArn);

    // Act: overwrite it (with bytes under the threshold, so the upload's own execution writes no
    // manifest either and any manifest would be for the sized bytes), then let the retry read
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: 'now small' }));
    processFile.release(key);
    await local.idle();
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess: the change came after CheckFileSize and the failed first attempt
    await expectFailedOnTheRetry({ key, executionArn, held, execution, error: 'ObjectChanged' });
  });

  it('object deleted between CheckFileSize and ProcessFile → ObjectNotFound, no manifest written', async () => {
    // Prepare
    const key = 'incoming/deleted.bin';
    await s3.send(new PutObjectCommand({ Bucket: local.bucket, Key: key, Body: randomBytes(2048) }));
    const executionArn = await heldAtRetry(key);
    const held = await historyOf(sfn, executionArn);

    // Act
    await s3.send(new DeleteObjectCommand({ Bucket: local.bucket, Key: key }));
    processFile.release(key);
    await local.idle();
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    await expectFailedOnTheRetry({ key, executionArn, held, execution, error: 'ObjectNotFound' });
  });
});
