import { createHash, type Hash } from 'node:crypto';
import type { SniffedContentType } from '@sizegate/types';
import { countNewlines } from './count-newlines.js';
import { ContentSniffer } from './sniff-content-type.js';

export { countNewlines } from './count-newlines.js';

const NEWLINE = 0x0a;

/** What one pass over an object's bytes tells about it. */
export interface ObjectDigest {
  readonly bytes: number;
  readonly sha256: string;
  readonly lines: number;
  readonly contentType: SniffedContentType;
}

/**
 * Everything process-file computes itself, fed chunk by chunk in one pass, in constant memory:
 * SHA-256, byte count, line count and the content type of the first bytes.
 */
export class DigestBuilder {
  private readonly hash: Hash = createHash('sha256');
  private readonly sniffer = new ContentSniffer();
  private byteCount = 0;
  private newlineCount = 0;
  private lastByte: number | undefined;

  get bytes(): number {
    return this.byteCount;
  }

  update(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.sniffer.update(chunk);
    this.newlineCount += countNewlines(chunk);
    this.byteCount += chunk.length;
    this.lastByte = chunk[chunk.length - 1];
  }

  digest(): ObjectDigest {
    return {
      bytes: this.byteCount,
      sha256: this.hash.digest('hex'),
      // A last line without its '\n' is still a line; an empty object has none.
      lines: this.newlineCount + (this.lastByte !== undefined && this.lastByte !== NEWLINE ? 1 : 0),
      contentType: this.sniffer.contentType(),
    };
  }
}
