import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Grant, Owner } from '../acl/model.js';
import type { ChecksumAlgorithm } from '../checksums.js';
import type { Layout } from './layout.js';

/** How a multipart upload checksums the object it makes (x-amz-checksum-algorithm / -type at CreateMultipartUpload). */
export interface UploadChecksumSpec {
  readonly algorithm: ChecksumAlgorithm;
  readonly type: 'COMPOSITE' | 'FULL_OBJECT';
}

/** An object tag (x-amz-tagging, PutObjectTagging). */
export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** One version of an object (or a delete marker), as kept in `<versionId>.json` and in memory. */
export interface StoredVersion {
  readonly key: string;
  /** 'null' for the version written while versioning was never enabled, or suspended. */
  readonly versionId: string;
  readonly deleteMarker: boolean;
  readonly size: number;
  /** Quoted, as in the ETag header. */
  readonly etag: string;
  /** ISO-8601. */
  readonly lastModified: string;
  /** Orders the versions of a key (newest has the greatest); also the event sequencer. */
  readonly sequencer: string;
  /** The data file's id; none for delete markers. */
  readonly storageId?: string;
  /** content-type, content-encoding, content-disposition, content-language, cache-control, expires. */
  readonly headers: Readonly<Record<string, string>>;
  /** x-amz-meta-* headers, names in lower case. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Verified x-amz-checksum-* values of the whole object. */
  readonly checksums: Readonly<Record<string, string>>;
  /** Who wrote it; absent for versions stored before owners were kept (the local owner's). */
  readonly owner?: Owner;
  /** Its ACL grants; absent: the owner's FULL_CONTROL. */
  readonly acl?: readonly Grant[];
  readonly tags?: readonly Tag[];
  /** A multipart object's checksum type (its checksum, composite or full-object, is in `checksums`). */
  readonly checksumType?: 'COMPOSITE' | 'FULL_OBJECT';
  /** A multipart object's parts, in order (GetObject partNumber, GetObjectAttributes). */
  readonly parts?: readonly ObjectPart[];
}

/** One part of a multipart object: its number at upload, size and verified checksums. */
export interface ObjectPart {
  readonly partNumber: number;
  readonly size: number;
  readonly checksums?: Readonly<Record<string, string>>;
}

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface UploadPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string;
  /** Its verified (or computed) x-amz-checksum-* values. */
  readonly checksums?: Readonly<Record<string, string>>;
}

export interface Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
  /** The initiator, who owns the object the upload makes. */
  readonly owner?: Owner;
  /** The object's ACL grants and tags, given when the upload was created. */
  readonly acl?: readonly Grant[];
  readonly tags?: readonly Tag[];
  /** The checksum the object gets (CreateMultipartUpload's x-amz-checksum-algorithm and -type). */
  readonly checksum?: UploadChecksumSpec;
  readonly parts: Map<number, UploadPart>;
}

export interface BucketState {
  readonly name: string;
  readonly created: string;
  versioning: VersioningStatus | undefined;
  /** Who created it; absent for buckets kept before owners were (the local owner's). */
  readonly owner?: Owner;
  /** Its ACL grants; absent: the owner's FULL_CONTROL. */
  acl?: readonly Grant[];
  /** Sub-resource configurations by name: lifecycle and notification as the XML given, tagging as JSON tags. */
  configurations: Record<string, string>;
  /** Every key's versions and delete markers, newest first. */
  readonly keys: Map<string, StoredVersion[]>;
  readonly uploads: Map<string, Upload>;
  /** The keys in order, computed on the first listing after a key was added or removed. */
  sorted: string[] | undefined;
}

/**
 * The in-memory index of every bucket, version and upload: HEAD and GET find an object here
 * without touching the disk, and listings walk sorted keys instead of the file tree. Rebuilt from
 * the JSON files at start, so data survives a restart.
 */
export class StoreIndex {
  readonly buckets = new Map<string, BucketState>();

  latest(bucket: BucketState, key: string): StoredVersion | undefined {
    return bucket.keys.get(key)?.[0];
  }

  version(bucket: BucketState, key: string, versionId: string): StoredVersion | undefined {
    return bucket.keys.get(key)?.find((version) => version.versionId === versionId);
  }

  /** Adds a version as the newest of its key; returns the version it replaced (same id), if any. */
  add(bucket: BucketState, version: StoredVersion): StoredVersion | undefined {
    let versions = bucket.keys.get(version.key);
    if (versions === undefined) {
      versions = [];
      bucket.keys.set(version.key, versions);
      bucket.sorted = undefined;
    }
    const index = versions.findIndex((existing) => existing.versionId === version.versionId);
    const replaced = index === -1 ? undefined : versions.splice(index, 1)[0];
    versions.push(version);
    versions.sort((a, b) => (a.sequencer < b.sequencer ? 1 : a.sequencer > b.sequencer ? -1 : 0));
    return replaced;
  }

  /** Puts an updated version (same id: ACL or tags changed) in the place of the one it updates. */
  replace(bucket: BucketState, version: StoredVersion): void {
    const versions = bucket.keys.get(version.key);
    const index = versions?.findIndex((existing) => existing.versionId === version.versionId) ?? -1;
    if (versions !== undefined && index !== -1) versions[index] = version;
  }

  remove(bucket: BucketState, key: string, versionId: string): StoredVersion | undefined {
    const versions = bucket.keys.get(key);
    const index = versions?.findIndex((existing) => existing.versionId === versionId) ?? -1;
    if (versions === undefined || index === -1) return undefined;
    const [removed] = versions.splice(index, 1);
    if (versions.length === 0) {
      bucket.keys.delete(key);
      bucket.sorted = undefined;
    }
    return removed;
  }

  sortedKeys(bucket: BucketState): string[] {
    bucket.sorted ??= [...bucket.keys.keys()].sort(compareKeys);
    return bucket.sorted;
  }

  /** Reads every bucket, version and upload under the layout's directory; drops leftovers of interrupted writes. */
  async load(layout: Layout): Promise<void> {
    for (const name of await listDir(layout.bucketsDir)) {
      const info = await readJson<{
        created: string;
        versioning?: VersioningStatus;
        owner?: Owner;
        acl?: Grant[];
        configurations?: Record<string, string>;
      }>(layout.bucketFile(name));
      if (info === undefined) continue;
      const bucket: BucketState = {
        name,
        created: info.created,
        versioning: info.versioning,
        ...(info.owner === undefined ? {} : { owner: info.owner }),
        ...(info.acl === undefined ? {} : { acl: info.acl }),
        configurations: info.configurations ?? {},
        keys: new Map(),
        uploads: new Map(),
        sorted: undefined,
      };
      this.buckets.set(name, bucket);
      await rm(layout.tmpDir(name), { recursive: true, force: true });
      await mkdir(layout.tmpDir(name), { recursive: true });
      for (const prefix of await listDir(layout.objectsDir(name))) {
        for (const hash of await listDir(join(layout.objectsDir(name), prefix))) {
          const dir = join(layout.objectsDir(name), prefix, hash);
          const files = await listDir(dir);
          const referenced = new Set<string>();
          for (const file of files) {
            if (!file.endsWith('.json')) continue;
            const version = await readJson<StoredVersion>(join(dir, file));
            if (version === undefined) continue;
            this.add(bucket, version);
            if (version.storageId !== undefined) referenced.add(`${version.storageId}.data`);
          }
          // Bytes whose version JSON was never written (a crash between the two renames) or that
          // an overwrite replaced just before a crash: no version refers to them.
          for (const file of files) if (file.endsWith('.data') && !referenced.has(file)) await rm(join(dir, file), { force: true });
        }
      }
      for (const uploadId of await listDir(layout.uploadsDir(name))) await this.loadUpload(layout, bucket, uploadId);
    }
  }

  private async loadUpload(layout: Layout, bucket: BucketState, uploadId: string): Promise<void> {
    const info = await readJson<Omit<Upload, 'parts'>>(join(layout.uploadDir(bucket.name, uploadId), 'upload.json'));
    if (info === undefined) return;
    const upload: Upload = { ...info, parts: new Map() };
    for (const file of await listDir(layout.uploadDir(bucket.name, uploadId))) {
      if (!/^part-\d+\.json$/.test(file)) continue;
      const part = await readJson<UploadPart>(join(layout.uploadDir(bucket.name, uploadId), file));
      if (part !== undefined) upload.parts.set(part.partNumber, part);
    }
    bucket.uploads.set(uploadId, upload);
  }
}

/** S3 lists keys in UTF-8 byte order; comparing code points gives the same order. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  for (let index = 0; ; index++) {
    const x = a.codePointAt(index);
    const y = b.codePointAt(index);
    // One is a prefix of the other (they differ, so not both ended): the shorter sorts first.
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) index++;
  }
}

/**
 * The index of the first of `sortedKeys` (sorted by compareKeys, as StoreIndex.sortedKeys gives
 * them) that is not before `value`: where a listing that starts at `value` begins.
 */
export function lowerBound(sortedKeys: readonly string[], value: string): number {
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    // biome-ignore lint/style/noNonNullAssertion: low <= middle < high <= sortedKeys.length, so sortedKeys[middle] exists
    if (compareKeys(sortedKeys[middle]!, value) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined; // missing, or left half-written by a crash: not an object
  }
}
