import { isUtf8 } from 'node:buffer';
import type { SniffedContentType } from '@sizegate/types';

/** How many leading bytes the content type is decided from. */
export const SNIFF_LENGTH = 512;

interface Signature {
  readonly bytes: readonly number[];
  readonly contentType: SniffedContentType;
}

// Binary formats first: "%PDF-" is also valid text, and the magic number is the better answer.
const SIGNATURES: readonly Signature[] = [
  { bytes: [0x1f, 0x8b], contentType: 'application/gzip' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], contentType: 'application/zip' },
  // The end-of-central-directory record that is all an empty zip archive contains.
  { bytes: [0x50, 0x4b, 0x05, 0x06], contentType: 'application/zip' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], contentType: 'application/pdf' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], contentType: 'image/png' },
  { bytes: [0xff, 0xd8, 0xff], contentType: 'image/jpeg' },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Keeps the first SNIFF_LENGTH bytes of a stream (copying at most that many bytes in all, into
 * one buffer allocated up front), then names its content type.
 */
export class ContentSniffer {
  private readonly prefix = Buffer.alloc(SNIFF_LENGTH);
  private filled = 0;
  private truncated = false;

  update(chunk: Buffer): void {
    if (this.filled < SNIFF_LENGTH) {
      const copied = chunk.copy(this.prefix, this.filled, 0, Math.min(chunk.length, SNIFF_LENGTH - this.filled));
      this.filled += copied;
      if (copied < chunk.length) this.truncated = true;
    } else if (chunk.length > 0) {
      this.truncated = true;
    }
  }

  contentType(): SniffedContentType {
    return sniffContentType(this.prefix.subarray(0, this.filled), this.truncated);
  }
}

/**
 * The content type of an object from its first bytes. `truncated` says the object goes on
 * after `prefix`: its last character may then be cut in the middle of a UTF-8 sequence, which
 * does not make the text invalid.
 */
export function sniffContentType(prefix: Buffer, truncated: boolean): SniffedContentType {
  for (const { bytes, contentType } of SIGNATURES) {
    if (startsWith(prefix, bytes)) return contentType;
  }
  const text = truncated ? withoutIncompleteLastCharacter(prefix) : prefix;
  if (!isUtf8(text) || hasControlBytes(text)) return 'application/octet-stream';
  const first = firstNonWhitespaceByte(prefix);
  // '{' or '[': the only ways a JSON document with structure can start.
  if (first === 0x7b || first === 0x5b) return 'application/json';
  // An empty object is (vacuously) text, as in the WHATWG MIME sniffing rules.
  return 'text/plain';
}

function startsWith(buffer: Buffer, bytes: readonly number[]): boolean {
  if (buffer.length < bytes.length) return false;
  return bytes.every((byte, index) => buffer[index] === byte);
}

/** C0 control bytes other than tab, line feed, form feed and carriage return, and DEL. */
function hasControlBytes(buffer: Buffer): boolean {
  for (const byte of buffer) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      return true;
    }
  }
  return false;
}

function firstNonWhitespaceByte(buffer: Buffer): number | undefined {
  const start = startsWith(buffer, UTF8_BOM) ? UTF8_BOM.length : 0;
  for (const byte of buffer.subarray(start)) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}

/**
 * `buffer` without a trailing UTF-8 sequence that its lead byte says is longer than what is
 * left. Only the last (up to 3) bytes are looked at; anything invalid stays for isUtf8 to reject.
 */
export function withoutIncompleteLastCharacter(buffer: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buffer.length); back++) {
    const byte = buffer.readUInt8(buffer.length - back);
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return expected > back ? buffer.subarray(0, buffer.length - back) : buffer;
  }
  return buffer;
}
