import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';

/** A running checksum over a request body. */
export interface BodyHasher {
  update(chunk: Buffer): void;
  /** The final value, encoded as the header carrying it is (base64, or hex for x-amz-content-sha256). */
  digest(): string | Promise<string>;
}

/** A checksum a request asks the server to verify: where it came from, and the value sent. */
export interface ExpectedChecksum {
  /** The header (or trailer) name, e.g. 'x-amz-checksum-crc32', 'content-md5'. */
  readonly name: string;
  readonly value: string;
  readonly hasher: BodyHasher;
}

/** The algorithms as S3 names them (x-amz-checksum-algorithm, ChecksumAlgorithm). */
export const CHECKSUM_ALGORITHM_NAMES = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHM_NAMES)[number];

/** The x-amz-checksum-* algorithms S3 offers, each verified here. */
const CHECKSUM_HASHERS: Record<ChecksumAlgorithm, () => BodyHasher> = {
  CRC32: () => crcHasher(crc32),
  CRC32C: () => crcHasher(crc32c),
  CRC64NVME: () => crc64NvmeHasher(),
  SHA1: () => cryptoHasher('sha1', 'base64'),
  SHA256: () => cryptoHasher('sha256', 'base64'),
};

/** Algorithms a multipart upload can checksum as a whole object (CRCs combine; hashes do not). */
export const FULL_OBJECT_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];

/** `x-amz-checksum-sha256` for SHA256, and so on. */
export const checksumHeaderOf = (algorithm: ChecksumAlgorithm) => `x-amz-checksum-${algorithm.toLowerCase()}`;

/** The S3 response element of a checksum header: `ChecksumSHA256` for x-amz-checksum-sha256. */
export const checksumElementOf = (name: string) => `Checksum${name.replace('x-amz-checksum-', '').toUpperCase()}`;

/** A hasher for an `x-amz-checksum-*` name, or undefined when S3 has no such algorithm. */
export function checksumHasher(name: string): BodyHasher | undefined {
  const algorithm = CHECKSUM_ALGORITHM_NAMES.find((candidate) => checksumHeaderOf(candidate) === name.toLowerCase());
  return algorithm === undefined ? undefined : algorithmHasher(algorithm);
}

/** A hasher for one of S3's checksum algorithms. */
export function algorithmHasher(algorithm: ChecksumAlgorithm): BodyHasher {
  return CHECKSUM_HASHERS[algorithm]();
}

/**
 * A multipart upload's composite checksum: the algorithm over the concatenated binary checksums
 * of its parts, then `-<number of parts>` (as S3 computes it for COMPOSITE uploads).
 */
export async function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): Promise<string> {
  const hasher = algorithmHasher(algorithm);
  for (const value of partChecksums) hasher.update(Buffer.from(value, 'base64'));
  return `${await hasher.digest()}-${partChecksums.length}`;
}

export function md5Hasher(): BodyHasher {
  return cryptoHasher('md5', 'base64');
}

/** For a hex `x-amz-content-sha256` (a signed payload hash). */
export function sha256HexHasher(): BodyHasher {
  return cryptoHasher('sha256', 'hex');
}

function cryptoHasher(algorithm: string, encoding: 'base64' | 'hex'): BodyHasher {
  const hash = createHash(algorithm);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest(encoding) };
}

/**
 * CRC-64/NVME, which neither node:zlib nor node:crypto offers: AWS's own implementation
 * (@aws-sdk/crc64-nvme, what the AWS SDKs checksum uploads with).
 */
function crc64NvmeHasher(): BodyHasher {
  const crc = new Crc64Nvme();
  return {
    update: (chunk) => crc.update(chunk),
    digest: async () => Buffer.from(await crc.digest()).toString('base64'),
  };
}

type Crc = (chunk: Buffer, previous: number) => number;

function crcHasher(crc: Crc): BodyHasher {
  let value = 0;
  return {
    update: (chunk) => {
      value = crc(chunk, value);
    },
    digest: () => {
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value >>> 0);
      return bytes.toString('base64');
    },
  };
}

/** Reflected CRC-32 table for a polynomial. */
function crcTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

function tableCrc(table: Uint32Array): Crc {
  return (chunk, previous) => {
    let crc = ~previous >>> 0;
    // biome-ignore lint/style/noNonNullAssertion: hot loop over every byte; i < chunk.length and the 256-entry table is indexed & 0xff
    for (let i = 0; i < chunk.length; i++) crc = (table[(crc ^ chunk[i]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
    return ~crc >>> 0;
  };
}

/** zlib.crc32 exists from Node 22.2 (and 20.15); Node 22.0 and 22.1 use the table. */
const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
export const crc32: Crc = nativeCrc32 ? (chunk, previous) => nativeCrc32(chunk, previous) : tableCrc(crcTable(0xedb88320));
/** CRC-32C (Castagnoli), which Node does not provide. */
export const crc32c: Crc = tableCrc(crcTable(0x82f63b78));
