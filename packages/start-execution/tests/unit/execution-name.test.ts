import { describe, expect, it } from 'vitest';
import {
  DIGEST_HEX_LENGTH,
  executionNameFor,
  isValidExecutionName,
  MAX_EXECUTION_NAME_LENGTH,
  normalizeEtag,
} from '../../src/execution-name.js';

// What the StartExecution API reference allows in a name, written out independently of the source.
// biome-ignore lint/suspicious/noControlCharactersInRegex: names exclude control characters, so the class names them
const AWS_NAME_RULE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/u;
const NAME_FORMAT = new RegExp(`^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,28}[A-Za-z0-9_]-|[A-Za-z0-9_]-)?[0-9a-f]{${DIGEST_HEX_LENGTH}}$`);

describe('executionNameFor', () => {
  it('is deterministic for the same object and upload', () => {
    // Prepare
    const object = { bucket: 'uploads', key: 'dir/report.csv', versionId: 'v1' };

    // Act
    const first = executionNameFor(object);
    const second = executionNameFor({ ...object });

    // Assess
    expect(first).toBe(second);
    expect(first).toMatch(NAME_FORMAT);
    expect(first.startsWith('report.csv-')).toBe(true);
  });

  it('differs by bucket, key and version', () => {
    // Prepare
    const base = { bucket: 'uploads', key: 'a.txt', versionId: 'v1' };

    // Act
    const names = new Set([
      executionNameFor(base),
      executionNameFor({ ...base, bucket: 'uploads2' }),
      executionNameFor({ ...base, key: 'b.txt' }),
      executionNameFor({ ...base, versionId: 'v2' }),
    ]);

    // Assess
    expect(names.size).toBe(4);
  });

  it('encodes fields unambiguously: moving characters between bucket and key changes the name', () => {
    // Act
    const first = executionNameFor({ bucket: 'ab', key: 'c/x.txt', etag: 'e' });
    const second = executionNameFor({ bucket: 'a', key: 'bc/x.txt', etag: 'e' });

    // Assess
    expect(first).not.toBe(second);
  });

  it('prefers versionId over etag, and etag over sequencer', () => {
    // Prepare
    const object = { bucket: 'b', key: 'k.txt' };

    // Act
    const byVersion = executionNameFor({ ...object, versionId: 'v1', etag: 'e1', sequencer: 's1' });
    const byVersionOtherEtag = executionNameFor({ ...object, versionId: 'v1', etag: 'e2', sequencer: 's2' });
    const byEtag = executionNameFor({ ...object, etag: 'e1', sequencer: 's1' });
    const byEtagOtherSequencer = executionNameFor({ ...object, etag: 'e1', sequencer: 's2' });
    const bySequencer = executionNameFor({ ...object, sequencer: 's1' });

    // Assess
    expect(byVersion).toBe(byVersionOtherEtag);
    expect(byEtag).toBe(byEtagOtherSequencer);
    expect(new Set([byVersion, byEtag, bySequencer]).size).toBe(3);
  });

  it('does not confuse a versionId with an etag of the same text', () => {
    // Act / Assess
    expect(executionNameFor({ bucket: 'b', key: 'k', versionId: 'same' })).not.toBe(
      executionNameFor({ bucket: 'b', key: 'k', etag: 'same' }),
    );
  });

  it('treats a quoted and an unquoted ETag alike', () => {
    // Act
    const quoted = executionNameFor({ bucket: 'b', key: 'k.txt', etag: '"abc"' });
    const bare = executionNameFor({ bucket: 'b', key: 'k.txt', etag: 'abc' });

    // Assess
    expect(quoted).toBe(bare);
    expect(normalizeEtag('"9b2cf535f27731c974343645a3985328-3"')).toBe('9b2cf535f27731c974343645a3985328-3');
  });

  it('is unique for each call when nothing identifies the upload', () => {
    // Act
    const first = executionNameFor({ bucket: 'b', key: 'dir/k.txt' });
    const second = executionNameFor({ bucket: 'b', key: 'dir/k.txt', versionId: null, etag: '', sequencer: null });

    // Assess
    expect(first).not.toBe(second);
    expect(first).toMatch(/^k\.txt-[0-9a-f-]{36}$/);
    expect(isValidExecutionName(first)).toBe(true);
  });

  it.each([
    ['a 1,024-byte ASCII key', `${'d/'.repeat(100)}${'x'.repeat(824)}`],
    ['a 1,024-byte key of 2-byte characters', 'ü'.repeat(512)],
    ['a key full of forbidden characters', 'dir/a b<c>{d}[e]?f*g"h#i%j\\k^l|m~n`o$p&q,r;s:t\u0001u\u007f.txt'],
    ['a key ending in a slash', 'some/folder/'],
    ['a key with dot-dot segments', 'a/../../..'],
    ['a key with spaces and pluses', 'my docs/c++ notes + ideas.md'],
  ])('keeps %s within 80 allowed characters', (_case, key) => {
    // Act
    const name = executionNameFor({ bucket: 'uploads', key, versionId: 'v1' });

    // Assess
    expect(name.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME_LENGTH);
    expect(name).toMatch(AWS_NAME_RULE);
    expect(name).toMatch(NAME_FORMAT);
    expect(isValidExecutionName(name)).toBe(true);
  });

  it('keeps at most 30 readable characters of the last key segment', () => {
    // Act
    const name = executionNameFor({ bucket: 'b', key: `dir/${'abcdefghij'.repeat(5)}.csv`, etag: 'e' });

    // Assess
    expect(name.split('-')[0]).toBe('abcdefghij'.repeat(3));
  });

  it('uses just the digest when the last segment has nothing readable', () => {
    // Act
    const name = executionNameFor({ bucket: 'b', key: 'dir/日本', etag: 'e' });

    // Assess
    expect(name).toMatch(new RegExp(`^[0-9a-f]{${DIGEST_HEX_LENGTH}}$`));
  });
});

describe('isValidExecutionName', () => {
  it.each(['', 'a b', 'a/b', 'a:b', 'a%b', 'x'.repeat(81), 'tab\there', 'ctl\u0085'])('rejects %j', (name) => {
    // Act / Assess
    expect(isValidExecutionName(name)).toBe(false);
  });

  it('accepts letters, digits, dot, dash and underscore up to 80 characters', () => {
    // Act / Assess
    expect(isValidExecutionName(`Ab_0.-${'x'.repeat(74)}`)).toBe(true);
  });
});
