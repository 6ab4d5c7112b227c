import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ChunkSignatureChain } from './auth/chunk-signatures.js';
import { checksumHasher, type BodyHasher, type ExpectedChecksum } from './checksums.js';
import { S3Error } from './s3-error.js';

/** Longest chunk-size line accepted (`<hex>;chunk-signature=<64 hex>` is about 90 bytes). */
const MAX_LINE_BYTES = 4096;
/** Most trailer bytes accepted after the last chunk. */
const MAX_TRAILER_BYTES = 16 * 1024;

export interface BodyDecoderOptions {
  /** The body uses `aws-chunked` framing (decode it); otherwise it is passed through as is. */
  readonly chunked: boolean;
  /** Decoded length the client announced (x-amz-decoded-content-length or content-length). */
  readonly expectedLength?: number;
  /** Checksums sent in headers, verified against the decoded body. */
  readonly expected: readonly ExpectedChecksum[];
  /** The checksum trailer the client announced in x-amz-trailer, e.g. 'x-amz-checksum-crc32'. */
  readonly trailer?: string;
  /** Told each x-amz-checksum-* value that matched, so the response can carry it as S3's does. */
  readonly onVerified?: (name: string, value: string) => void;
  /** Verifies chunk (and trailer) signatures: a signed streaming upload when signatures are checked. */
  readonly chunkSignatures?: ChunkSignatureChain;
  /**
   * x-amz-checksum-* values to compute whether or not the client sent them (a part of a multipart
   * upload with a checksum algorithm); each is told to onVerified at the end.
   */
  readonly compute?: readonly string[];
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Streams a request body to the store: removes the `aws-chunked` framing
 * (`<hex>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n`) and verifies the
 * checksums sent in headers or in the trailer, in constant memory. A mismatch or a malformed body
 * fails the stream with an S3 error at its end, so the store discards what it wrote. Chunk and
 * trailer signatures are verified when a `chunkSignatures` chain is given (signatures checked).
 */
export class BodyDecoder extends Transform {
  private state: State = 'size';
  private line: Buffer[] = [];
  private lineBytes = 0;
  private trailerBytes = 0;
  private remaining = 0;
  private decoded = 0;
  private readonly trailers = new Map<string, string>();
  private trailerText = '';
  /** The chunk being read of a signed streaming upload: the signature its size line gave, and the hash of its data so far. */
  private signedChunk: { readonly signature: string; readonly hash: Hash } | undefined;
  private readonly trailerHasher: BodyHasher | undefined;
  private readonly hashers: BodyHasher[];
  private readonly computed: { name: string; hasher: BodyHasher }[];

  constructor(private readonly options: BodyDecoderOptions) {
    super();
    this.trailerHasher = options.trailer ? checksumHasher(options.trailer) : undefined;
    const sent = new Set([
      ...options.expected.map((checksum) => checksum.name),
      ...(options.trailer === undefined ? [] : [options.trailer]),
    ]);
    this.computed = (options.compute ?? [])
      .filter((name) => !sent.has(name))
      .flatMap((name) => {
        const hasher = checksumHasher(name);
        return hasher === undefined ? [] : [{ name, hasher }];
      });
    this.hashers = [
      ...options.expected.map((checksum) => checksum.hasher),
      ...(this.trailerHasher ? [this.trailerHasher] : []),
      ...this.computed.map((entry) => entry.hasher),
    ];
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (this.options.chunked) this.decode(chunk);
      else this.emitData(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.options.chunked) this.finishFraming();
      const { expectedLength } = this.options;
      if (expectedLength !== undefined && this.decoded !== expectedLength) {
        throw new S3Error('IncompleteBody', `The request body has ${this.decoded} bytes, not the ${expectedLength} announced`, 400);
      }
    } catch (error) {
      callback(error as Error);
      return;
    }
    this.verifyChecksums().then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }

  private decode(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.emitData(chunk.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') return; // anything after the final CRLF is ignored
      const newline = chunk.indexOf(0x0a, offset);
      const end = newline === -1 ? chunk.length : newline;
      this.appendLine(chunk.subarray(offset, end));
      offset = end;
      if (newline === -1) return;
      offset += 1;
      this.handleLine(this.takeLine());
    }
  }

  private handleLine(line: string): void {
    switch (this.state) {
      case 'size': {
        const [sizeText = '', ...extensions] = line.split(';').map((part) => part.trim());
        if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText)) throw malformed(`bad chunk size line "${line.slice(0, 100)}"`);
        const size = Number.parseInt(sizeText, 16);
        if (this.options.chunkSignatures) {
          const signature = extensions.find((extension) => extension.startsWith('chunk-signature='))?.slice('chunk-signature='.length);
          if (signature === undefined) throw malformed('a chunk of a signed streaming upload has no chunk-signature');
          this.signedChunk = { signature, hash: createHash('sha256') };
        }
        if (size === 0) {
          this.checkChunkSignature();
          this.state = 'trailer';
        } else {
          this.remaining = size;
          this.state = 'data';
        }
        return;
      }
      case 'data-end':
        if (line !== '') throw malformed('chunk data is longer than its declared size');
        this.checkChunkSignature();
        this.state = 'size';
        return;
      case 'trailer':
        this.handleTrailerLine(line);
        return;
      default:
        return;
    }
  }

  private handleTrailerLine(line: string): void {
    if (line === '') {
      this.state = 'done';
      return;
    }
    this.trailerBytes += line.length;
    if (this.trailerBytes > MAX_TRAILER_BYTES) throw malformed('trailer too long');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new S3Error('MalformedTrailerError', 'The request contained trailing data that was not well-formed', 400);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature' && this.options.chunkSignatures) {
      if (!this.options.chunkSignatures.trailer(value, this.trailerText)) throw chunkSignatureMismatch();
      return;
    }
    this.trailers.set(name, value);
    this.trailerText += `${name}:${value}\n`;
  }

  private checkChunkSignature(): void {
    const chain = this.options.chunkSignatures;
    if (chain === undefined) return;
    const chunk = this.signedChunk;
    if (chunk === undefined) throw malformed('a chunk of a signed streaming upload has no chunk-signature');
    if (!chain.chunk(chunk.signature, chunk.hash.digest('hex'))) throw chunkSignatureMismatch();
  }

  private finishFraming(): void {
    // Some clients end the body right after the trailers, without the closing empty line.
    if (this.state === 'trailer') {
      const rest = this.takeLine();
      if (rest !== '') this.handleTrailerLine(rest);
      this.state = 'done';
    }
    if (this.state !== 'done') throw new S3Error('IncompleteBody', 'The request body terminated unexpectedly', 400);
  }

  private async verifyChecksums(): Promise<void> {
    await this.verifySent();
    // Computed last: a checksum the client sent for the same algorithm was verified and reported first.
    for (const { name, hasher } of this.computed) this.options.onVerified?.(name, await hasher.digest());
  }

  private async verifySent(): Promise<void> {
    for (const { name, value, hasher } of this.options.expected) {
      const actual = await hasher.digest();
      const matches = name === 'x-amz-content-sha256' ? actual === value.toLowerCase() : actual === value;
      if (!matches) throw digestMismatch(name);
      if (name.startsWith('x-amz-checksum-')) this.options.onVerified?.(name, value);
    }
    const { trailer } = this.options;
    if (trailer === undefined || this.trailerHasher === undefined) return; // none announced, or not a checksum
    const sent = this.trailers.get(trailer);
    if (sent === undefined) {
      throw new S3Error('MalformedTrailerError', `The request announced the trailer ${trailer} but did not send it`, 400);
    }
    if ((await this.trailerHasher.digest()) !== sent) throw digestMismatch(trailer);
    this.options.onVerified?.(trailer, sent);
  }

  private emitData(data: Buffer): void {
    if (data.length === 0) return;
    this.signedChunk?.hash.update(data);
    for (const hasher of this.hashers) hasher.update(data);
    this.decoded += data.length;
    this.push(data);
  }

  private appendLine(part: Buffer): void {
    this.lineBytes += part.length;
    if (this.lineBytes > MAX_LINE_BYTES) throw malformed('chunk header line too long');
    if (part.length > 0) this.line.push(Buffer.from(part));
  }

  /** The buffered line without its trailing CR, and an empty buffer. */
  private takeLine(): string {
    const text = Buffer.concat(this.line).toString('latin1');
    this.line = [];
    this.lineBytes = 0;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}

function chunkSignatureMismatch() {
  return new S3Error('SignatureDoesNotMatch', 'The chunk signature we calculated does not match the signature you provided.', 403);
}

function malformed(detail: string) {
  return new S3Error('IncompleteBody', `The aws-chunked request body is malformed: ${detail}`, 400);
}

function digestMismatch(name: string) {
  if (name === 'x-amz-content-sha256') {
    return new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
  }
  const algorithm = name === 'content-md5' ? 'Content-MD5' : name.replace('x-amz-checksum-', '').toUpperCase();
  return new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
}
