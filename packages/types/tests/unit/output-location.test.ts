import { describe, expect, it } from 'vitest';
import {
  checkOutputPrefix,
  ConfigurationError,
  DEFAULT_OUTPUT_PREFIX,
  isOwnOutput,
  outputPrefixProblem,
  ownOutputReason,
} from '../../src/index.js';

describe('isOwnOutput', () => {
  it('is true for keys under the output prefix in the output bucket only', () => {
    // Prepare
    const output = { outputBucket: 'results', outputPrefix: 'out/' };

    // Act / Assess
    expect(isOwnOutput({ bucket: 'results', key: 'out/a.csv.manifest.json' }, output)).toBe(true);
    expect(isOwnOutput({ bucket: 'results', key: 'out/' }, output)).toBe(true);
    expect(isOwnOutput({ bucket: 'results', key: 'outside.csv' }, output)).toBe(false);
    expect(isOwnOutput({ bucket: 'results', key: 'a/out/b.csv' }, output)).toBe(false);
    expect(isOwnOutput({ bucket: 'uploads', key: 'out/a.csv' }, output)).toBe(false);
  });

  it('applies the prefix in every bucket when no output bucket is given (process-file then writes next to each object)', () => {
    // Act / Assess
    expect(isOwnOutput({ bucket: 'any', key: 'processed/a' }, { outputPrefix: DEFAULT_OUTPUT_PREFIX })).toBe(true);
    expect(isOwnOutput({ bucket: 'any', key: 'in/processed/a' }, { outputPrefix: DEFAULT_OUTPUT_PREFIX })).toBe(false);
  });

  it('compares keys exactly as stored: no case folding, no decoding', () => {
    // Act / Assess
    expect(isOwnOutput({ bucket: 'b', key: 'Processed/a' }, { outputPrefix: 'processed/' })).toBe(false);
    expect(isOwnOutput({ bucket: 'b', key: 'processed%2Fa' }, { outputPrefix: 'processed/' })).toBe(false);
  });
});

describe('ownOutputReason', () => {
  it('names the prefix, and the output bucket when there is one', () => {
    // Act / Assess
    expect(ownOutputReason({ outputPrefix: 'processed/' })).toBe(
      'the key is under the output prefix "processed/", where sizegate writes its own manifests',
    );
    expect(ownOutputReason({ outputBucket: 'results', outputPrefix: 'out/' })).toBe(
      'the key is under the output prefix "out/" of the output bucket "results", where sizegate writes its own manifests',
    );
  });
});

describe('the output prefix rule', () => {
  it('refuses an empty prefix with one message, whatever the output bucket', () => {
    // Act
    const problem = outputPrefixProblem('');

    // Assess
    expect(problem).toBe(
      "outputPrefix must not be empty: manifests are written under it and keys under it never start executions (leave it out for the default 'processed/')",
    );
    expect(() => checkOutputPrefix('')).toThrow(ConfigurationError);
    expect(() => checkOutputPrefix('')).toThrow(problem);
  });

  it('refuses a prefix that is not a string, naming its type', () => {
    // Act / Assess
    expect(outputPrefixProblem(7)).toBe('outputPrefix must be a string (got number)');
    expect(() => checkOutputPrefix(null)).toThrow('outputPrefix must be a string (got object)');
  });

  it('takes any non-empty string and hands it back unchanged', () => {
    // Act / Assess
    for (const prefix of ['processed/', 'p', ' out/', 'a/b/c-']) {
      expect(outputPrefixProblem(prefix)).toBeUndefined();
      expect(checkOutputPrefix(prefix)).toBe(prefix);
    }
  });
});
