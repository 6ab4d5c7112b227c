/**
 * Signatures of an `aws-chunked` body sent with `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`:
 * each chunk's signature chains from the one before, starting at the request's own signature, and
 * the trailer (checksums sent after the body) has one too.
 */
import { timingSafeEqual } from 'node:crypto';
import { hmac, sha256Hex } from '@sizegate/types/sigv4';

const EMPTY_SHA256 = sha256Hex('');

export interface ChunkSigning {
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly scope: string;
  /** The request's signature (the Authorization header's). */
  readonly seedSignature: string;
}

export class ChunkSignatureChain {
  private previous: string;

  constructor(private readonly signing: ChunkSigning) {
    this.previous = signing.seedSignature;
  }

  /** Whether `signature` signs the chunk whose data hashes to `dataSha256Hex` (the last, empty chunk included). */
  chunk(signature: string, dataSha256Hex: string): boolean {
    return this.accept(
      signature,
      ['AWS4-HMAC-SHA256-PAYLOAD', this.signing.amzDate, this.signing.scope, this.previous, EMPTY_SHA256, dataSha256Hex].join('\n'),
    );
  }

  /** Whether `signature` signs the trailer lines (`name:value\n` each, as sent). */
  trailer(signature: string, trailerLines: string): boolean {
    return this.accept(
      signature,
      ['AWS4-HMAC-SHA256-TRAILER', this.signing.amzDate, this.signing.scope, this.previous, sha256Hex(trailerLines)].join('\n'),
    );
  }

  private accept(signature: string, stringToSign: string): boolean {
    const expected = hmac(this.signing.signingKey, stringToSign).toString('hex');
    if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return false;
    this.previous = signature;
    return true;
  }
}
