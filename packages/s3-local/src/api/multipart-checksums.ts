import {
  CHECKSUM_ALGORITHM_NAMES,
  checksumElementOf,
  checksumHeaderOf,
  FULL_OBJECT_ALGORITHMS,
  type ChecksumAlgorithm,
} from '../checksums.js';
import { invalidArgument, S3Error } from '../s3-error.js';
import type { StoredVersion } from '../store/index.js';
import type { UploadChecksumSpec } from '../store/upload-checksums.js';
import { header, type S3Context } from './context.js';
import { xmlText, type XmlChild } from './xml.js';

/**
 * The checksum a CreateMultipartUpload asks for: x-amz-checksum-algorithm and x-amz-checksum-type
 * (COMPOSITE by default; FULL_OBJECT only for the CRCs, and the only type CRC64NVME has).
 */
export function requestedUploadChecksum(ctx: S3Context): UploadChecksumSpec | undefined {
  const algorithmText = header(ctx, 'x-amz-checksum-algorithm')?.toUpperCase();
  const typeText = header(ctx, 'x-amz-checksum-type')?.toUpperCase();
  if (algorithmText === undefined) {
    if (typeText !== undefined)
      throw new S3Error('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.', 400);
    return undefined;
  }
  if (!(CHECKSUM_ALGORITHM_NAMES as readonly string[]).includes(algorithmText))
    throw invalidArgument('Checksum algorithm provided is unsupported.', 'x-amz-checksum-algorithm', algorithmText);
  const algorithm = algorithmText as ChecksumAlgorithm;
  const type = typeText ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT')
    throw invalidArgument('Value for x-amz-checksum-type header is invalid.', 'x-amz-checksum-type', type);
  if (type === 'FULL_OBJECT' ? !FULL_OBJECT_ALGORITHMS.includes(algorithm) : algorithm === 'CRC64NVME') {
    throw new S3Error('InvalidRequest', `The ${type} checksum type cannot be used with the ${algorithm} checksum algorithm.`, 400);
  }
  return { algorithm, type };
}

/** The response headers naming an upload's checksum. */
export function uploadChecksumHeaders(spec: UploadChecksumSpec | undefined): Record<string, string> {
  return spec === undefined ? {} : { 'x-amz-checksum-algorithm': spec.algorithm, 'x-amz-checksum-type': spec.type };
}

/** ChecksumCRC32... elements of a `<Part>` in a CompleteMultipartUpload body, by header name. */
export function listedPartChecksums(partXml: string): Record<string, string> {
  const checksums: Record<string, string> = {};
  for (const algorithm of CHECKSUM_ALGORITHM_NAMES) {
    const value = xmlText(partXml, `Checksum${algorithm}`);
    if (value !== undefined) checksums[checksumHeaderOf(algorithm)] = value.trim();
  }
  return checksums;
}

/** `ChecksumSHA256`-style elements (and ChecksumType) for checksums kept as x-amz-checksum-* names. */
export function checksumElements(
  checksums: Readonly<Record<string, string>> | undefined,
  type?: StoredVersion['checksumType'],
): XmlChild[] {
  const elements: XmlChild[] = Object.entries(checksums ?? {}).map(([name, value]): XmlChild => [checksumElementOf(name), value]);
  if (type !== undefined && elements.length > 0) elements.push(['ChecksumType', type]);
  return elements;
}
