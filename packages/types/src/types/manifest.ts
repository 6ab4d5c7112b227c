/** Content types process-file recognises from an object's first bytes. */
export type SniffedContentType =
  | 'application/gzip'
  | 'application/zip'
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'application/json'
  | 'text/plain'
  | 'application/octet-stream';

/** What process-file writes next to the object (under the output prefix) and returns. */
export interface Manifest {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  readonly etag: string;
  /** Bytes actually read; equal to the size check-size saw, or process-file fails. */
  readonly size: number;
  /** Hex SHA-256 of the object's bytes. */
  readonly sha256: string;
  /** Number of lines: count of '\n' bytes, plus one if the last byte is not '\n' (0 for an empty object). */
  readonly lines: number;
  readonly contentType: SniffedContentType;
  /** ISO 8601 timestamp of when processing finished. */
  readonly processedAt: string;
  /** Where the manifest was written. */
  readonly manifestBucket: string;
  readonly manifestKey: string;
  /** Fields added by custom processors. */
  readonly [field: string]: unknown;
}
