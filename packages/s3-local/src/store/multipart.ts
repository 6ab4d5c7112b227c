import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { noSuchUpload, S3Error } from '../s3-error.js';
import { receiveInto, STREAM_CHUNK_BYTES, writeJsonAtomic } from './files.js';
import type { BucketState, StoredVersion, Upload, UploadPart } from './index.js';
import type { ObjectFields, ObjectStore } from './object-store.js';
import { ObjectChecksum, partChecksumsMatch, type UploadChecksumSpec } from './upload-checksums.js';

/** S3's smallest part, except the last one. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface CompletedPartRef {
  readonly partNumber: number;
  readonly etag: string;
  /** Checksums the request lists for the part (x-amz-checksum-* names). */
  readonly checksums?: Readonly<Record<string, string>>;
}

/** What a completed upload made: answered again to a retried CompleteMultipartUpload. */
export interface CompletedUpload {
  readonly key: string;
  readonly etag: string;
  readonly versionId: string;
  readonly checksums: Readonly<Record<string, string>>;
  readonly checksumType: StoredVersion['checksumType'];
}

/** Completed uploads remembered for retries (the oldest are forgotten first). */
const REMEMBERED_COMPLETIONS = 10_000;

/**
 * Multipart uploads: parts are files of the upload's directory (each received into a temporary
 * file first, like objects); completing streams them, in order, into one new object.
 */
export class MultipartStore {
  private readonly completions = new Map<string, CompletedUpload>();

  constructor(private readonly store: ObjectStore) {}

  /** The result of an upload completed since start (a retry of its CompleteMultipartUpload gets it again). */
  completed(bucket: BucketState, uploadId: string, key: string): CompletedUpload | undefined {
    const completion = this.completions.get(`${bucket.name}/${uploadId}`);
    return completion?.key === key ? completion : undefined;
  }

  upload(bucket: BucketState, uploadId: string, key?: string): Upload {
    const upload = bucket.uploads.get(uploadId);
    if (upload === undefined || (key !== undefined && upload.key !== key)) throw noSuchUpload(uploadId);
    return upload;
  }

  async create(
    bucket: BucketState,
    key: string,
    fields: Omit<ObjectFields, 'checksums' | 'checksumType' | 'parts'> & { checksum?: UploadChecksumSpec },
  ): Promise<Upload> {
    const uploadId = randomBytes(16).toString('hex');
    const upload: Upload = { uploadId, bucket: bucket.name, key, initiated: new Date().toISOString(), ...fields, parts: new Map() };
    const { layout } = this.store;
    await mkdir(layout.uploadDir(bucket.name, uploadId), { recursive: true });
    const { parts: _parts, ...info } = upload;
    await writeJsonAtomic(`${layout.uploadDir(bucket.name, uploadId)}/upload.json`, layout.tmpFile(bucket.name), info);
    bucket.uploads.set(uploadId, upload);
    return upload;
  }

  /** UploadPart (source: the request body) or UploadPartCopy (source: a range of a stored object). */
  async putPart(
    bucket: BucketState,
    upload: Upload,
    partNumber: number,
    source: Readable | AsyncIterable<Buffer>,
    checksums: Readonly<Record<string, string>> = {},
  ): Promise<UploadPart> {
    const { layout } = this.store;
    const tmp = layout.tmpFile(bucket.name);
    const { size, md5 } = await receiveInto(source, tmp);
    if (bucket.uploads.get(upload.uploadId) !== upload) {
      await rm(tmp, { force: true }); // aborted or completed meanwhile
      throw noSuchUpload(upload.uploadId);
    }
    await rename(tmp, layout.partData(bucket.name, upload.uploadId, partNumber));
    const part: UploadPart = {
      partNumber,
      etag: `"${md5}"`,
      size,
      lastModified: new Date().toISOString(),
      ...(Object.keys(checksums).length > 0 ? { checksums } : {}),
    };
    await writeJsonAtomic(layout.partFile(bucket.name, upload.uploadId, partNumber), layout.tmpFile(bucket.name), part);
    upload.parts.set(partNumber, part);
    return part;
  }

  /**
   * Checks the part list as S3 does, then concatenates the parts into one object, streaming
   * (never more than a chunk in memory, whatever the total size). `progress` is called as parts
   * are copied, so the caller can keep the connection alive. The ETag is S3's: the MD5 of the
   * parts' binary MD5s, then `-<number of parts>`. An upload with a checksum algorithm gets the
   * object checksum S3 computes (composite or full-object), checked against `expectedChecksum`.
   */
  async complete(
    bucket: BucketState,
    upload: Upload,
    refs: readonly CompletedPartRef[],
    options: { progress?: () => void; expectedChecksum?: string } = {},
  ): Promise<StoredVersion> {
    const progress = options.progress ?? (() => {});
    const parts = this.validate(upload, refs);
    const objectChecksum =
      upload.checksum === undefined ? undefined : await ObjectChecksum.start(upload.checksum, parts, options.expectedChecksum);
    const { layout } = this.store;
    const tmp = layout.tmpFile(bucket.name);
    const out = createWriteStream(tmp, { highWaterMark: STREAM_CHUNK_BYTES });
    const etagHash = createHash('md5');
    let size = 0;
    let checksum: string | undefined;
    try {
      for (const part of parts) {
        etagHash.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
        for await (const chunk of createReadStream(layout.partData(bucket.name, upload.uploadId, part.partNumber), {
          highWaterMark: STREAM_CHUNK_BYTES,
        })) {
          size += (chunk as Buffer).length;
          objectChecksum?.update(chunk as Buffer);
          if (!out.write(chunk)) await once(out, 'drain');
        }
        progress();
      }
      out.end();
      await once(out, 'finish');
      checksum = objectChecksum === undefined ? undefined : await objectChecksum.value(options.expectedChecksum);
    } catch (error) {
      out.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
    if (bucket.uploads.get(upload.uploadId) !== upload) {
      await rm(tmp, { force: true });
      throw noSuchUpload(upload.uploadId);
    }
    bucket.uploads.delete(upload.uploadId);
    const etag = `"${etagHash.digest('hex')}-${parts.length}"`;
    const { headers, metadata, owner, acl, tags } = upload;
    const checksums = objectChecksum === undefined || checksum === undefined ? {} : { [objectChecksum.header]: checksum };
    const checksumType = objectChecksum?.spec.type;
    const objectParts = parts.map((part) => ({
      partNumber: part.partNumber,
      size: part.size,
      ...definedOnly({ checksums: part.checksums }),
    }));
    const version = await this.store.commit(
      bucket,
      upload.key,
      { tmp, size, etag },
      { headers, metadata, checksums, parts: objectParts, ...definedOnly({ owner, acl, tags, checksumType }) },
    );
    this.completions.set(`${bucket.name}/${upload.uploadId}`, {
      key: upload.key,
      etag,
      versionId: version.versionId,
      checksums,
      checksumType,
    });
    // Forget the oldest (a Map iterates in insertion order).
    for (const oldest of this.completions.keys()) {
      if (this.completions.size <= REMEMBERED_COMPLETIONS) break;
      this.completions.delete(oldest);
    }
    await rm(layout.uploadDir(bucket.name, upload.uploadId), { recursive: true, force: true });
    return version;
  }

  async abort(bucket: BucketState, upload: Upload): Promise<void> {
    bucket.uploads.delete(upload.uploadId);
    await rm(this.store.layout.uploadDir(bucket.name, upload.uploadId), { recursive: true, force: true });
  }

  private validate(upload: Upload, refs: readonly CompletedPartRef[]): UploadPart[] {
    if (refs.length === 0) {
      throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
    }
    const parts: UploadPart[] = [];
    // A part number listed twice in a row (a part uploaded again while the first upload was still
    // running, both ETags kept by the client) counts once: its last entry, as S3 takes it.
    const listed = refs.filter((ref, index) => refs[index + 1]?.partNumber !== ref.partNumber);
    let previous = 0;
    for (const ref of listed) {
      if (ref.partNumber <= previous) {
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, {
          UploadId: upload.uploadId,
        });
      }
      previous = ref.partNumber;
      const part = upload.parts.get(ref.partNumber);
      if (
        part === undefined ||
        part.etag.replace(/"/g, '') !== ref.etag.replace(/"/g, '').trim() ||
        !partChecksumsMatch(part, ref.checksums ?? {})
      ) {
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          400,
          {
            UploadId: upload.uploadId,
            PartNumber: String(ref.partNumber),
            ETag: ref.etag,
          },
        );
      }
      parts.push(part);
    }
    parts.slice(0, -1).forEach((part) => {
      if (part.size < MIN_PART_BYTES) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
          ProposedSize: String(part.size),
          MinSizeAllowed: String(MIN_PART_BYTES),
          PartNumber: String(part.partNumber),
          ETag: part.etag,
        });
      }
    });
    return parts;
  }
}

/** The fields whose value is not undefined (the stored JSON leaves absent fields out). */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
