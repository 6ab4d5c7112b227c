import type { LoggerLike } from '@sizegate/types';
import { readFileSync } from 'node:fs';
import type { LambdaContext } from '../../src/lambda/context.js';
import { createStepFunctionsService, type StepFunctionsService, type StepFunctionsServiceOptions } from '../../src/service.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const STATE_MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:sizegate`;
export const CHECK_SIZE_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:check-size`;
export const PROCESS_FILE_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:process-file`;
export const MIN_SIZE_BYTES = 10;

const GATE_DEFINITION = readFileSync(new URL('../fixtures/gate-definition.json', import.meta.url), 'utf8');

/** The sizegate definition with a 10-byte threshold and the CHECK_SIZE_ARN / PROCESS_FILE_ARN functions (a fresh copy). */
export const sizegateDefinition = (): object => JSON.parse(GATE_DEFINITION) as object;

export interface ObjectInput {
  readonly bucket: string;
  readonly key: string;
}

/** Stand-in for check-size: a size-check-like result with the size the test wants. */
export function fakeCheckSize(size: (input: ObjectInput) => unknown) {
  return async (event: ObjectInput) => ({
    bucket: event.bucket,
    key: event.key,
    versionId: null,
    size: size(event),
    etag: '"0123456789abcdef"',
    contentType: 'text/plain',
    lastModified: '2025-01-01T00:00:00.000Z',
  });
}

/** Stand-in for process-file: a manifest-like result naming the object. */
export async function fakeProcessFile(event: ObjectInput & { size: number }) {
  return { bucket: event.bucket, key: event.key, bytes: event.size, sha256: 'ab'.repeat(32) };
}

export interface Recorded {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A logger that keeps its lines, so tests stay quiet and can look at them. */
export function recordingLogger(): LoggerLike & { lines: Recorded[] } {
  const lines: Recorded[] = [];
  const at =
    (level: string) =>
    (message: string, ...attributes: Record<string, unknown>[]) =>
      lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

type Handler = (event: never, context: LambdaContext) => unknown;

/** The service over the sizegate definition with the given stand-in handlers. */
export function sizegateService(
  handlers: { checkSize: Handler; processFile?: Handler },
  overrides: Partial<StepFunctionsServiceOptions> = {},
): StepFunctionsService {
  return createStepFunctionsService({
    region: REGION,
    accountId: ACCOUNT,
    stateMachineName: 'sizegate',
    definition: sizegateDefinition(),
    functions: {
      CheckFileSize: { functionName: 'check-size', handler: handlers.checkSize },
      ProcessFile: { functionName: 'process-file', handler: handlers.processFile ?? fakeProcessFile },
    },
    logger: recordingLogger(),
    timeScale: 0.001,
    ...overrides,
  });
}
