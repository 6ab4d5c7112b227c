import { describe, expect, it } from 'vitest';
import { ConfigurationError, optionalEnv, requireEnv } from '../../src/index.js';

describe('requireEnv', () => {
  it('returns the value when set', () => {
    expect(requireEnv({ SIZEGATE_STATE_MACHINE_ARN: 'arn:x' }, 'SIZEGATE_STATE_MACHINE_ARN')).toBe('arn:x');
  });

  it.each([[{}], [{ SIZEGATE_STATE_MACHINE_ARN: '' }], [{ SIZEGATE_STATE_MACHINE_ARN: '  ' }]])(
    'throws a ConfigurationError naming the variable when it is missing or blank (%o)',
    (env) => {
      // Act
      const act = () => requireEnv(env, 'SIZEGATE_STATE_MACHINE_ARN');

      // Assess
      expect(act).toThrow(ConfigurationError);
      expect(act).toThrow(/SIZEGATE_STATE_MACHINE_ARN/);
    },
  );
});

describe('optionalEnv', () => {
  it('returns the first variable that is set, skipping blank ones', () => {
    expect(optionalEnv({ SIZEGATE_BUCKET: '', bucket: 'legacy' }, 'SIZEGATE_BUCKET', 'bucket')).toBe('legacy');
    expect(optionalEnv({ SIZEGATE_BUCKET: 'new', bucket: 'legacy' }, 'SIZEGATE_BUCKET', 'bucket')).toBe('new');
  });

  it('returns undefined when none is set', () => {
    expect(optionalEnv({}, 'SIZEGATE_BUCKET', 'bucket')).toBeUndefined();
  });
});
