import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';

describe('readConfig', () => {
  it('has no fallback object when no variable is set', () => {
    // Act
    const config = readConfig({});

    // Assess
    expect(config.fallback.bucket).toBeUndefined();
    expect(config.fallback.key).toBeUndefined();
  });

  it('reads SIZEGATE_BUCKET and SIZEGATE_KEY', () => {
    // Act
    const config = readConfig({ SIZEGATE_BUCKET: 'new-bucket', SIZEGATE_KEY: 'new/key.bin' });

    // Assess
    expect(config.fallback).toEqual({ bucket: 'new-bucket', key: 'new/key.bin' });
  });

  it("reads the original project's bucket and file variables", () => {
    // Act
    const config = readConfig({ bucket: 'old-bucket', file: 'old/file.csv' });

    // Assess
    expect(config.fallback).toEqual({ bucket: 'old-bucket', key: 'old/file.csv' });
  });

  it('prefers the SIZEGATE_ variables over the legacy ones', () => {
    // Act
    const config = readConfig({ SIZEGATE_BUCKET: 'new-bucket', bucket: 'old-bucket', SIZEGATE_KEY: 'new/key', file: 'old/file' });

    // Assess
    expect(config.fallback).toEqual({ bucket: 'new-bucket', key: 'new/key' });
  });

  it('mixes generations field by field and skips blank values', () => {
    // Act
    const config = readConfig({ SIZEGATE_BUCKET: '  ', bucket: 'old-bucket', SIZEGATE_KEY: 'new/key' });

    // Assess
    expect(config.fallback).toEqual({ bucket: 'old-bucket', key: 'new/key' });
  });

  it('keeps a key exactly as set, with no decoding', () => {
    // Act
    const config = readConfig({ SIZEGATE_BUCKET: 'b', SIZEGATE_KEY: 'a+b%20c/ü.txt' });

    // Assess
    expect(config.fallback.key).toBe('a+b%20c/ü.txt');
  });
});
