import { DEFAULT_OUTPUT_PREFIX } from '@sizegate/types';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';

describe('readConfig', () => {
  it('needs no variable: the object bucket and the default prefix', () => {
    // Act
    const config = readConfig({});

    // Assess
    expect(config).toEqual({ outputBucket: undefined, outputPrefix: DEFAULT_OUTPUT_PREFIX });
    expect(DEFAULT_OUTPUT_PREFIX).toBe('processed/');
  });

  it('reads SIZEGATE_OUTPUT_BUCKET and SIZEGATE_OUTPUT_PREFIX', () => {
    // Act
    const config = readConfig({ SIZEGATE_OUTPUT_BUCKET: 'manifests', SIZEGATE_OUTPUT_PREFIX: 'sizegate/' });

    // Assess
    expect(config).toEqual({ outputBucket: 'manifests', outputPrefix: 'sizegate/' });
  });

  it('treats blank values as unset', () => {
    // Act
    const config = readConfig({ SIZEGATE_OUTPUT_BUCKET: '  ', SIZEGATE_OUTPUT_PREFIX: '' });

    // Assess
    expect(config).toEqual({ outputBucket: undefined, outputPrefix: DEFAULT_OUTPUT_PREFIX });
  });

  it('reads process.env by default', () => {
    // Prepare
    const saved = process.env['SIZEGATE_OUTPUT_BUCKET'];
    process.env['SIZEGATE_OUTPUT_BUCKET'] = 'from-process-env';

    // Act
    const config = readConfig();

    // Assess
    if (saved === undefined) delete process.env['SIZEGATE_OUTPUT_BUCKET'];
    else process.env['SIZEGATE_OUTPUT_BUCKET'] = saved;
    expect(config.outputBucket).toBe('from-process-env');
  });
});
