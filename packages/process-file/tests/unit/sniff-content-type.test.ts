import { describe, expect, it } from 'vitest';
import { ContentSniffer, SNIFF_LENGTH, sniffContentType, withoutIncompleteLastCharacter } from '../../src/sniff-content-type.js';

const bytes = (...values: number[]): Buffer => Buffer.from(values);
const EURO = Buffer.from('€', 'utf8'); // e2 82 ac: three bytes

/** Feeds `data` to a ContentSniffer in chunks of `chunkSize` bytes, as the body stream would. */
function sniffInChunks(data: Buffer, chunkSize: number): string {
  const sniffer = new ContentSniffer();
  for (let offset = 0; offset < data.length; offset += chunkSize) sniffer.update(data.subarray(offset, offset + chunkSize));
  return sniffer.contentType();
}

describe('content type sniffing', () => {
  it.each([
    ['gzip', bytes(0x1f, 0x8b, 0x08, 0x00, 0x00), 'application/gzip'],
    ['zip', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26)]), 'application/zip'],
    ['empty zip', Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]), 'application/zip'],
    ['pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), 'application/pdf'],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d), 'image/png'],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10), 'image/jpeg'],
    ['json object', Buffer.from('{"a": [1, 2]}'), 'application/json'],
    ['json array after whitespace', Buffer.from(' \r\n\t[1, 2]'), 'application/json'],
    ['json after a UTF-8 BOM', Buffer.from('\ufeff{"é": 1}'), 'application/json'],
    ['text', Buffer.from('hello\tworld\r\nsecond line\f\n'), 'text/plain'],
    ['UTF-8 text', Buffer.from('naïve café, 東京 🎉\n'), 'text/plain'],
    ['empty object', Buffer.alloc(0), 'text/plain'],
    ['NUL byte', Buffer.from('text\0more'), 'application/octet-stream'],
    ['escape byte', Buffer.from('\u001b[31mred'), 'application/octet-stream'],
    ['DEL byte', Buffer.from('a\u007fb'), 'application/octet-stream'],
    ['invalid UTF-8', bytes(0x61, 0xc3, 0x28, 0x62), 'application/octet-stream'],
    ['JSON-looking but binary', bytes(0x7b, 0x00, 0x01), 'application/octet-stream'],
    ['random bytes', bytes(0x00, 0x9f, 0x92, 0x96, 0x10, 0xff), 'application/octet-stream'],
    ['half a PNG signature', bytes(0x89, 0x50, 0x4e), 'application/octet-stream'],
  ])('%s → %s', (_name, data, expected) => {
    // Act
    const whole = sniffContentType(data, false);
    const byteByByte = data.length > 0 ? sniffInChunks(data, 1) : new ContentSniffer().contentType();

    // Assess
    expect(whole).toBe(expected);
    expect(byteByByte).toBe(expected);
  });

  it('keeps only the first 512 bytes: a NUL after them does not make text binary', () => {
    // Prepare
    const data = Buffer.concat([Buffer.alloc(SNIFF_LENGTH, 'a'), Buffer.from('\0\0\0')]);

    // Act
    const contentType = sniffInChunks(data, 100);

    // Assess
    expect(SNIFF_LENGTH).toBe(512);
    expect(contentType).toBe('text/plain');
  });

  it('a NUL as byte 512 (the last sniffed one) makes it binary', () => {
    // Prepare
    const data = Buffer.concat([Buffer.alloc(SNIFF_LENGTH - 1, 'a'), Buffer.from('\0more text')]);

    // Act
    const contentType = sniffInChunks(data, 300);

    // Assess
    expect(contentType).toBe('application/octet-stream');
  });

  it.each([1, 2])(
    'a UTF-8 character cut by the 512-byte boundary (%i of its 3 bytes inside) is still text, however the chunks fall',
    (inside) => {
      // Prepare: 512 - inside ASCII bytes, then '€' straddling byte 512, then more text.
      const data = Buffer.concat([Buffer.alloc(SNIFF_LENGTH - inside, 'x'), EURO, Buffer.from(' and more')]);

      // Act
      const results = [1, 7, 511, 512, 4096].map((chunkSize) => sniffInChunks(data, chunkSize));

      // Assess
      expect(new Set(results)).toEqual(new Set(['text/plain']));
    },
  );

  it('JSON whose 512-byte prefix ends inside a multi-byte character is still JSON', () => {
    // Prepare
    const head = Buffer.from('{"name": "');
    const data = Buffer.concat([head, Buffer.alloc(SNIFF_LENGTH - head.length - 2, 'a'), EURO, Buffer.from('"}')]);

    // Act
    const contentType = sniffInChunks(data, 64);

    // Assess
    expect(contentType).toBe('application/json');
  });

  it('an object that ends inside a multi-byte character is not text', () => {
    // Prepare: the cut is the real end of the object, not the sniffing boundary.
    const data = Buffer.concat([Buffer.from('abc'), EURO.subarray(0, 2)]);

    // Act
    const contentType = sniffInChunks(data, 2);

    // Assess
    expect(contentType).toBe('application/octet-stream');
  });

  it('an invalid sequence right before the 512-byte boundary is still rejected', () => {
    // Prepare: a continuation byte with no lead byte as byte 511, then a valid cut '€'.
    const data = Buffer.concat([Buffer.alloc(SNIFF_LENGTH - 2, 'x'), bytes(0x82), EURO, Buffer.from('tail')]);

    // Act
    const contentType = sniffInChunks(data, 512);

    // Assess
    expect(contentType).toBe('application/octet-stream');
  });
});

describe('withoutIncompleteLastCharacter', () => {
  it.each([
    ['complete ASCII', Buffer.from('abc'), 3],
    ['complete 3-byte char', Buffer.concat([Buffer.from('a'), EURO]), 4],
    ['3-byte char cut after 1 byte', Buffer.concat([Buffer.from('a'), EURO.subarray(0, 1)]), 1],
    ['3-byte char cut after 2 bytes', Buffer.concat([Buffer.from('a'), EURO.subarray(0, 2)]), 1],
    ['4-byte char cut after 3 bytes', Buffer.concat([Buffer.from('a'), Buffer.from('🎉').subarray(0, 3)]), 1],
    ['complete 4-byte char', Buffer.concat([Buffer.from('a'), Buffer.from('🎉')]), 5],
    ['empty', Buffer.alloc(0), 0],
  ])('%s keeps %i bytes', (_name, data, kept) => {
    // Act
    const result = withoutIncompleteLastCharacter(data);

    // Assess
    expect(result.length).toBe(kept);
  });
});
