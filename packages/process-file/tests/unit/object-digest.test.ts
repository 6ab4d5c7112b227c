import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countNewlines, DigestBuilder } from '../../src/object-digest.js';

function digestOf(chunks: ReadonlyArray<Buffer | string>) {
  const builder = new DigestBuilder();
  for (const chunk of chunks) builder.update(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return builder.digest();
}

describe('line counting', () => {
  it.each([
    ['empty object', [], 0],
    ['one line without a trailing newline', ['hello'], 1],
    ['one line with a trailing newline', ['hello\n'], 1],
    ['two lines, the last without newline', ['a\nb'], 2],
    ['only newlines', ['\n\n\n'], 3],
    ['a single newline', ['\n'], 1],
    ['CRLF line endings', ['a\r\nb\r\n'], 2],
    ['a lone CR is not a line break', ['a\rb'], 1],
    ['newline at a chunk boundary', ['a\n', 'b\n'], 2],
    ['chunk ending without newline, next starting with one', ['a', '\nb'], 2],
    ['last chunk empty after a newline', ['a\n', ''], 1],
    ['last chunk empty after no newline', ['a', ''], 1],
    ['newline in its own chunk at the end', ['abc', '\n'], 1],
    ['many small chunks', ['x', '\n', '\n', 'y', 'z'], 3],
  ])('%s → %i', (_name, chunks, expected) => {
    // Act
    const { lines } = digestOf(chunks);

    // Assess
    expect(lines).toBe(expected);
  });

  it('counts newlines scattered over a large buffer', () => {
    // Prepare: newlines at known positions, nothing else a 0x0a.
    const data = Buffer.alloc(100_000, 'a');
    const positions = [0, 1, 999, 50_000, 99_999];
    for (const position of positions) data[position] = 0x0a;

    // Act
    const count = countNewlines(data);

    // Assess
    expect(count).toBe(positions.length);
  });
});

describe('DigestBuilder', () => {
  it('hashes and counts the same however the bytes are chunked', () => {
    // Prepare
    const data = randomBytes(70_000);
    const expectedSha = createHash('sha256').update(data).digest('hex');
    const expectedNewlines = data.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0);
    const expectedLines = expectedNewlines + (data[data.length - 1] === 0x0a ? 0 : 1);

    // Act
    const whole = digestOf([data]);
    const chunked = digestOf([data.subarray(0, 1), data.subarray(1, 513), data.subarray(513, 65_536), data.subarray(65_536)]);

    // Assess
    for (const digest of [whole, chunked]) {
      expect(digest.sha256).toBe(expectedSha);
      expect(digest.bytes).toBe(data.length);
      expect(digest.lines).toBe(expectedLines);
    }
    expect(chunked.contentType).toBe(whole.contentType);
  });

  it('gives the SHA-256 of nothing for an empty object', () => {
    // Act
    const digest = digestOf([]);

    // Assess
    expect(digest).toEqual({
      bytes: 0,
      sha256: createHash('sha256').digest('hex'),
      lines: 0,
      contentType: 'text/plain',
    });
  });
});
