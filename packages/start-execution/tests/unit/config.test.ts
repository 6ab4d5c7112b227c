import { ConfigurationError } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';

const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:sizegate';

describe('readConfig', () => {
  it.each([
    ['unset', {}],
    ['blank', { SIZEGATE_STATE_MACHINE_ARN: '   ' }],
  ])('requires SIZEGATE_STATE_MACHINE_ARN (%s), naming it', (_case, env) => {
    // Act / Assess
    expect(() => readConfig(env)).toThrow(ConfigurationError);
    expect(() => readConfig(env)).toThrow(/SIZEGATE_STATE_MACHINE_ARN/);
  });

  it('defaults the output prefix to processed/ and leaves the output bucket unset', () => {
    // Act
    const config = readConfig({ SIZEGATE_STATE_MACHINE_ARN: ARN });

    // Assess
    expect(config).toEqual({ stateMachineArn: ARN, outputPrefix: 'processed/', outputBucket: undefined });
  });

  it('reads the output prefix and bucket, trimming the ARN and bucket', () => {
    // Act
    const config = readConfig({
      SIZEGATE_STATE_MACHINE_ARN: ` ${ARN}\n`,
      SIZEGATE_OUTPUT_PREFIX: 'out/',
      SIZEGATE_OUTPUT_BUCKET: ' results ',
    });

    // Assess
    expect(config).toEqual({ stateMachineArn: ARN, outputPrefix: 'out/', outputBucket: 'results' });
  });

  it('treats a blank output prefix as unset', () => {
    // Act
    const config = readConfig({ SIZEGATE_STATE_MACHINE_ARN: ARN, SIZEGATE_OUTPUT_PREFIX: '' });

    // Assess
    expect(config.outputPrefix).toBe('processed/');
  });
});
