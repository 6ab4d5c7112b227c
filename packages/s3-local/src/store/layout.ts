import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where the store keeps things under its directory. Only three kinds of names ever reach a path:
 * bucket names (checked against S3's naming rules before a bucket is created, so never a
 * separator or `..`), SHA-256 hex digests of keys, and ids the store generated itself (version,
 * storage and upload ids, part numbers). Whatever a key contains — `..`, `/`, NUL, 1,024 bytes —
 * it cannot name a file outside the directory, and no segment is ever too long for a file name.
 *
 * ```
 * <dir>/buckets/<bucket>/bucket.json                       name, creation date, versioning status
 * <dir>/buckets/<bucket>/objects/ab/<sha256(key)>/<versionId>.json   one version's metadata (key inside)
 * <dir>/buckets/<bucket>/objects/ab/<sha256(key)>/<storageId>.data   its bytes (unique per write)
 * <dir>/buckets/<bucket>/uploads/<uploadId>/upload.json, part-<n>.json, part-<n>.data
 * <dir>/buckets/<bucket>/tmp/<uuid>                         bodies being received (renamed when complete)
 * ```
 */
export class Layout {
  readonly bucketsDir: string;

  constructor(readonly root: string) {
    this.bucketsDir = join(root, 'buckets');
  }

  bucketDir(bucket: string): string {
    return join(this.bucketsDir, bucket);
  }

  bucketFile(bucket: string): string {
    return join(this.bucketDir(bucket), 'bucket.json');
  }

  objectsDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'objects');
  }

  keyDir(bucket: string, key: string): string {
    const hash = keyHash(key);
    return join(this.objectsDir(bucket), hash.slice(0, 2), hash);
  }

  versionFile(bucket: string, key: string, versionId: string): string {
    return join(this.keyDir(bucket, key), `${versionId}.json`);
  }

  dataFile(bucket: string, key: string, storageId: string): string {
    return join(this.keyDir(bucket, key), `${storageId}.data`);
  }

  uploadsDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'uploads');
  }

  uploadDir(bucket: string, uploadId: string): string {
    return join(this.uploadsDir(bucket), uploadId);
  }

  partData(bucket: string, uploadId: string, partNumber: number): string {
    return join(this.uploadDir(bucket, uploadId), `part-${partNumber}.data`);
  }

  partFile(bucket: string, uploadId: string, partNumber: number): string {
    return join(this.uploadDir(bucket, uploadId), `part-${partNumber}.json`);
  }

  tmpDir(bucket: string): string {
    return join(this.bucketDir(bucket), 'tmp');
  }

  /** A fresh temporary file name in the bucket's tmp directory (same file system as the objects: rename is atomic). */
  tmpFile(bucket: string): string {
    return join(this.tmpDir(bucket), randomUUID());
  }
}

export function keyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
