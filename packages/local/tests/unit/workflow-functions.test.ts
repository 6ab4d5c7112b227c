import { SFNClient } from '@aws-sdk/client-sfn';
import { S3Client } from '@aws-sdk/client-s3';
import { readConfig as readStartExecutionConfig } from '@sizegate/start-execution/config';
import { ConfigurationError, silentLogger } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import type { LocalFunctionSpec } from '../../src/workflow/config.js';
import { createLocalFunction } from '../../src/workflow/functions.js';

// The runtime builds each function's handler from its environment with the handler package's own
// readConfig (its Lambda entry's), so a template's env means locally what it means on AWS.
const deps = { s3: new S3Client({ region: 'us-east-1' }), sfn: new SFNClient({ region: 'us-east-1' }), logger: silentLogger };
const spec = (handler: LocalFunctionSpec['handler'], env: Record<string, string>): LocalFunctionSpec => ({
  logicalId: 'StartFn',
  functionName: 'gate-start',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:gate-start',
  handler,
  env,
});

function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('createLocalFunction', () => {
  it("refuses a start-execution function without a state machine with its readConfig's error, naming the function", () => {
    // Act
    const error = thrown(() => createLocalFunction(spec('start-execution', {}), deps));

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(`function StartFn: ${thrown(() => readStartExecutionConfig({})).message}`);
  });

  it('reads a blank SIZEGATE_OUTPUT_PREFIX as unset, as readConfig does on AWS: the handlers take the default instead of refusing an empty prefix', () => {
    // Act
    const starter = createLocalFunction(
      spec('start-execution', {
        SIZEGATE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:gate',
        SIZEGATE_OUTPUT_PREFIX: '  ',
      }),
      deps,
    );
    const processFile = createLocalFunction(spec('process-file', { SIZEGATE_OUTPUT_PREFIX: '' }), deps);
    const checkSize = createLocalFunction(spec('check-size', { SIZEGATE_BUCKET: 'b', SIZEGATE_KEY: 'k' }), deps);

    // Assess
    for (const handler of [starter, processFile, checkSize]) expect(handler).toBeTypeOf('function');
  });

  it('hands a programmatic handler through unchanged', () => {
    // Prepare
    const handler = async () => 'mine';

    // Act / Assess
    expect(createLocalFunction(spec(handler, {}), deps)).toBe(handler);
  });
});
