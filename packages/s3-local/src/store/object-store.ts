import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, rmdir, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createSequencer } from '../event-record.js';
import { checkBucketName } from '../path-safety.js';
import { noSuchBucket, noSuchKey, noSuchVersion, S3Error } from '../s3-error.js';
import { receiveInto, NamedLocks, removeFile, STREAM_CHUNK_BYTES, writeJsonAtomic } from './files.js';
import { LOCAL_OWNER, type Grant, type Owner } from '../acl/model.js';
import { StoreIndex, type BucketState, type StoredVersion, type Tag, type VersioningStatus } from './index.js';
import { Layout } from './layout.js';

/** What a write stores besides the bytes. */
export interface ObjectFields {
  readonly headers: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly checksums: Readonly<Record<string, string>>;
  readonly owner?: Owner;
  readonly acl?: readonly Grant[];
  readonly tags?: readonly Tag[];
  readonly checksumType?: StoredVersion['checksumType'];
  readonly parts?: StoredVersion['parts'];
}

/** A body received into a temporary file, waiting to be committed as a version. */
export interface ReceivedBody {
  readonly tmp: string;
  readonly size: number;
  /** Quoted ETag. */
  readonly etag: string;
}

export interface DeleteResult {
  /** The version id S3 reports: the marker's, the deleted version's, or undefined (unversioned). */
  readonly versionId: string | undefined;
  readonly deleteMarker: boolean;
  /** The delete marker created, if any. */
  readonly marker?: StoredVersion;
}

/**
 * Buckets and object versions on disk (see layout.ts), with the in-memory index. Every write
 * lands in a temporary file first and is renamed into place only once the whole body arrived and
 * its checksums matched; the version's JSON is written after its data, so a crash between the
 * two leaves an unreferenced data file, never a version without bytes.
 */
export class ObjectStore {
  readonly nextSequencer = createSequencer();
  private readonly locks = new NamedLocks();

  private constructor(
    readonly layout: Layout,
    readonly index: StoreIndex,
  ) {}

  /** Opens (or creates) the store in `directory`, finding existing buckets and objects, and creates `buckets` (owned by `owner`). */
  static async open(directory: string, buckets: readonly string[], owner?: Owner): Promise<ObjectStore> {
    const store = new ObjectStore(new Layout(directory), new StoreIndex());
    await mkdir(store.layout.bucketsDir, { recursive: true });
    await store.index.load(store.layout);
    for (const name of buckets) if (!store.index.buckets.has(name)) await store.createBucket(name, owner);
    return store;
  }

  bucket(name: string): BucketState {
    const bucket = this.index.buckets.get(name);
    if (bucket === undefined) throw noSuchBucket(name);
    return bucket;
  }

  /** Creates a bucket (owned by `owner`; the local owner when absent, with `acl` grants when given). */
  async createBucket(name: string, owner?: Owner, acl?: readonly Grant[]): Promise<BucketState> {
    const problem = checkBucketName(name);
    if (problem) throw new S3Error(problem.code, problem.message, 400, { BucketName: name });
    const existing = this.index.buckets.get(name);
    if (existing !== undefined) {
      if ((existing.owner ?? LOCAL_OWNER).id !== (owner ?? LOCAL_OWNER).id) {
        throw new S3Error(
          'BucketAlreadyExists',
          'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
          409,
          { BucketName: name },
        );
      }
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: name },
      );
    }
    const bucket: BucketState = {
      name,
      created: new Date().toISOString(),
      versioning: undefined,
      ...(owner === undefined ? {} : { owner }),
      ...(acl === undefined ? {} : { acl }),
      configurations: {},
      keys: new Map(),
      uploads: new Map(),
      sorted: undefined,
    };
    await mkdir(this.layout.tmpDir(name), { recursive: true });
    await this.saveBucket(bucket);
    this.index.buckets.set(name, bucket);
    return bucket;
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.bucket(name);
    if (bucket.keys.size > 0) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: name });
    this.index.buckets.delete(name);
    await rm(this.layout.bucketDir(name), { recursive: true, force: true });
  }

  async setVersioning(name: string, status: VersioningStatus): Promise<void> {
    const bucket = this.bucket(name);
    bucket.versioning = status;
    await this.saveBucket(bucket);
  }

  /** Replaces a bucket's ACL grants. */
  async setBucketAcl(bucket: BucketState, acl: readonly Grant[]): Promise<void> {
    bucket.acl = acl;
    await this.saveBucket(bucket);
  }

  /** Sets (or, with undefined, removes) a configuration kept as given: tagging, lifecycle, notification... */
  async setConfiguration(bucket: BucketState, name: string, document: string | undefined): Promise<void> {
    if (document === undefined) delete bucket.configurations[name];
    else bucket.configurations[name] = document;
    await this.saveBucket(bucket);
  }

  /** Changes a version's ACL or tags in place (same id, same bytes). */
  async updateVersion(
    bucket: BucketState,
    version: StoredVersion,
    change: { acl?: readonly Grant[]; tags?: readonly Tag[] },
  ): Promise<StoredVersion> {
    return this.locks.run(`${bucket.name}/${version.key}`, async () => {
      const current = this.index.version(bucket, version.key, version.versionId);
      if (current === undefined) throw noSuchVersion(version.key, version.versionId);
      const updated: StoredVersion = { ...current, ...change };
      await writeJsonAtomic(
        this.layout.versionFile(bucket.name, updated.key, updated.versionId),
        this.layout.tmpFile(bucket.name),
        updated,
      );
      this.index.replace(bucket, updated);
      return updated;
    });
  }

  /** The version GET/HEAD/copy read: the latest, or the one named. Delete markers are returned, not thrown. */
  find(bucket: BucketState, key: string, versionId: string | undefined): StoredVersion {
    if (versionId === undefined) {
      const latest = this.index.latest(bucket, key);
      if (latest === undefined) throw noSuchKey(key);
      return latest;
    }
    const version = this.index.version(bucket, key, versionId);
    if (version === undefined) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]{1,1024}$/.test(versionId)) {
        throw new S3Error('InvalidArgument', 'Invalid version id specified', 400, { ArgumentName: 'versionId', ArgumentValue: versionId });
      }
      throw noSuchVersion(key, versionId);
    }
    return version;
  }

  /** Receives a body into a temporary file of the bucket. */
  async receive(bucket: BucketState, source: Readable | AsyncIterable<Buffer>): Promise<ReceivedBody> {
    const tmp = this.layout.tmpFile(bucket.name);
    const { size, md5 } = await receiveInto(source, tmp);
    return { tmp, size, etag: `"${md5}"` };
  }

  /** Copies a stored version's bytes into a temporary file; the ETag is kept when it is a plain MD5. */
  async receiveCopy(bucket: BucketState, source: { bucket: string; version: StoredVersion }): Promise<ReceivedBody> {
    const path = this.dataPath(source.bucket, source.version);
    if (!source.version.etag.includes('-')) {
      const tmp = this.layout.tmpFile(bucket.name);
      await copyFile(path, tmp);
      return { tmp, size: source.version.size, etag: source.version.etag };
    }
    // A multipart object copied in one piece gets the MD5 of its bytes as its ETag.
    return this.receive(bucket, createReadStream(path, { highWaterMark: STREAM_CHUNK_BYTES }));
  }

  /** Makes a received body the new version of `key` (a new id when versioning is enabled, else 'null'). */
  async commit(bucket: BucketState, key: string, body: ReceivedBody, fields: ObjectFields): Promise<StoredVersion> {
    return this.locks.run(`${bucket.name}/${key}`, async () => {
      const storageId = randomUUID();
      await mkdir(this.layout.keyDir(bucket.name, key), { recursive: true });
      await rename(body.tmp, this.layout.dataFile(bucket.name, key, storageId));
      const version: StoredVersion = {
        key,
        versionId: this.newVersionId(bucket),
        deleteMarker: false,
        size: body.size,
        etag: body.etag,
        lastModified: new Date().toISOString(),
        sequencer: this.nextSequencer(),
        storageId,
        ...fields,
      };
      await this.saveVersion(bucket, version);
      return version;
    });
  }

  /** Removes a body received but not committed. */
  async discard(body: ReceivedBody): Promise<void> {
    await removeFile(body.tmp);
  }

  /**
   * DeleteObject: with a version id, removes that version (or marker) for good; otherwise removes
   * the object (unversioned bucket) or adds a delete marker (versioning enabled or suspended).
   */
  async delete(bucket: BucketState, key: string, versionId: string | undefined, owner?: Owner): Promise<DeleteResult> {
    return this.locks.run(`${bucket.name}/${key}`, async () => {
      if (versionId !== undefined) {
        const version = this.index.version(bucket, key, versionId);
        if (version !== undefined) await this.removeVersion(bucket, version);
        else if (versionId !== 'null' && !/^[A-Za-z0-9._-]{1,1024}$/.test(versionId)) {
          throw new S3Error('InvalidArgument', 'Invalid version id specified', 400, {
            ArgumentName: 'versionId',
            ArgumentValue: versionId,
          });
        }
        return { versionId, deleteMarker: version?.deleteMarker ?? false };
      }
      if (bucket.versioning === undefined) {
        const version = this.index.version(bucket, key, 'null');
        if (version !== undefined) await this.removeVersion(bucket, version);
        return { versionId: undefined, deleteMarker: false };
      }
      const marker: StoredVersion = {
        key,
        versionId: this.newVersionId(bucket),
        deleteMarker: true,
        size: 0,
        etag: '',
        lastModified: new Date().toISOString(),
        sequencer: this.nextSequencer(),
        headers: {},
        metadata: {},
        checksums: {},
        ...(owner === undefined ? {} : { owner }),
      };
      await mkdir(this.layout.keyDir(bucket.name, key), { recursive: true });
      await this.saveVersion(bucket, marker);
      return { versionId: marker.versionId, deleteMarker: true, marker };
    });
  }

  dataPath(bucket: string, version: StoredVersion): string {
    return this.layout.dataFile(bucket, version.key, version.storageId ?? '');
  }

  /**
   * Opens a version's data for reading. The file may have been replaced since the version was
   * looked up (an overwrite of the 'null' version removes the old bytes): then the caller looks
   * the object up again.
   */
  async openData(bucket: string, version: StoredVersion): Promise<FileHandle | undefined> {
    try {
      return await open(this.dataPath(bucket, version), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private newVersionId(bucket: BucketState): string {
    // 32 URL-safe characters, like S3's ids; never 'null'.
    return bucket.versioning === 'Enabled' ? randomBytes(24).toString('base64url') : 'null';
  }

  private async saveVersion(bucket: BucketState, version: StoredVersion): Promise<void> {
    const file = this.layout.versionFile(bucket.name, version.key, version.versionId);
    await writeJsonAtomic(file, this.layout.tmpFile(bucket.name), version);
    const replaced = this.index.add(bucket, version);
    if (replaced?.storageId !== undefined) await removeFile(this.dataPath(bucket.name, replaced));
  }

  private async removeVersion(bucket: BucketState, version: StoredVersion): Promise<void> {
    this.index.remove(bucket, version.key, version.versionId);
    await removeFile(this.layout.versionFile(bucket.name, version.key, version.versionId));
    if (version.storageId !== undefined) await removeFile(this.dataPath(bucket.name, version));
    if (!bucket.keys.has(version.key)) await rmdir(this.layout.keyDir(bucket.name, version.key)).catch(() => undefined);
  }

  private async saveBucket(bucket: BucketState): Promise<void> {
    const info = {
      name: bucket.name,
      created: bucket.created,
      ...(bucket.versioning === undefined ? {} : { versioning: bucket.versioning }),
      ...(bucket.owner === undefined ? {} : { owner: bucket.owner }),
      ...(bucket.acl === undefined ? {} : { acl: bucket.acl }),
      configurations: bucket.configurations,
    };
    await writeJsonAtomic(this.layout.bucketFile(bucket.name), this.layout.tmpFile(bucket.name), info);
  }
}
