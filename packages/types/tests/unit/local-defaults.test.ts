import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, silentLogger } from '../../src/index.js';

describe('silentLogger', () => {
  it('takes every level with attributes and writes nothing', () => {
    // Prepare
    const written: unknown[] = [];
    const write = process.stdout.write;
    const writeError = process.stderr.write;
    process.stdout.write = ((chunk: unknown) => written.push(chunk) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: unknown) => written.push(chunk) > 0) as typeof process.stderr.write;

    // Act
    try {
      for (const level of ['debug', 'info', 'warn', 'error'] as const) silentLogger[level]('message', { key: 'value' });
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeError;
    }

    // Assess
    expect(written).toEqual([]);
  });
});

describe('LOCAL_CREDENTIALS', () => {
  it('are the dummy key pair local clients sign with: never a real-looking access key id', () => {
    // Act / Assess
    expect(LOCAL_CREDENTIALS).toEqual({ accessKeyId: 'sizegate-local', secretAccessKey: 'sizegate-local' });
    expect(LOCAL_CREDENTIALS.accessKeyId).not.toMatch(/^(AKIA|ASIA)/);
  });
});
