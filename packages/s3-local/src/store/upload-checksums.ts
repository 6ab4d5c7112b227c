import { algorithmHasher, checksumHeaderOf, compositeChecksum, type BodyHasher } from '../checksums.js';
import { S3Error } from '../s3-error.js';
import type { UploadChecksumSpec, UploadPart } from './index.js';

export type { UploadChecksumSpec } from './index.js';

export const badDigest = (algorithm: string) =>
  new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);

/**
 * The whole-object checksum of a multipart upload, as S3 computes it: COMPOSITE is the algorithm
 * over the parts' checksums (`<value>-<parts>`), FULL_OBJECT (CRCs) is the checksum of the joined
 * bytes, fed by `update` while the parts are joined.
 */
export class ObjectChecksum {
  readonly header: string;

  /** `source`: the COMPOSITE value, known at start, or the FULL_OBJECT hasher the joined bytes go through. */
  private constructor(
    readonly spec: UploadChecksumSpec,
    private readonly source: string | BodyHasher,
  ) {
    this.header = checksumHeaderOf(spec.algorithm);
  }

  /** Starts it for the parts to join; a COMPOSITE checksum is known at once (and compared with `expected`, the request's, at once). */
  static async start(spec: UploadChecksumSpec, parts: readonly UploadPart[], expected: string | undefined): Promise<ObjectChecksum> {
    if (spec.type === 'FULL_OBJECT') return new ObjectChecksum(spec, algorithmHasher(spec.algorithm));
    const header = checksumHeaderOf(spec.algorithm);
    const partValues = parts.map((part) => part.checksums?.[header]);
    if (partValues.some((value) => value === undefined)) throw badDigest(spec.algorithm); // a part uploaded without its checksum
    const value = await compositeChecksum(spec.algorithm, partValues as string[]);
    if (expected !== undefined && expected !== value && expected !== value.replace(/-\d+$/, '')) throw badDigest(spec.algorithm);
    return new ObjectChecksum(spec, value);
  }

  update(chunk: Buffer): void {
    if (typeof this.source !== 'string') this.source.update(chunk);
  }

  /** The value once every part was joined; a FULL_OBJECT one is compared with `expected` here. */
  async value(expected: string | undefined): Promise<string> {
    if (typeof this.source === 'string') return this.source;
    const value = await this.source.digest();
    if (expected !== undefined && expected !== value) throw badDigest(this.spec.algorithm);
    return value;
  }
}

/** The checksums a CompleteMultipartUpload lists for a part must be the part's own (else InvalidPart). */
export function partChecksumsMatch(part: UploadPart, listed: Readonly<Record<string, string>>): boolean {
  return Object.entries(listed).every(([name, value]) => part.checksums?.[name] === value);
}
