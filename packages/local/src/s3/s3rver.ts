import { randomUUID, createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rverModule from '@20minutes/s3rver';
import accountModule from '@20minutes/s3rver/lib/models/account.js';
import S3ErrorModule from '@20minutes/s3rver/lib/models/error.js';
import S3ObjectModule from '@20minutes/s3rver/lib/models/object.js';
import FilesystemStoreModule from '@20minutes/s3rver/lib/stores/filesystem.js';
import { checkBucketName, checkKey } from './path-safety.js';

/*
 * The parts of s3rver (a CommonJS package without type declarations) this package uses. s3rver is
 * a Koa application; it is driven through `callback()` and never listens itself.
 */

/** The record s3rver emits with its 'event' (S3-like, but see translate.ts for what differs). */
export interface S3rverRecord {
  readonly eventName: string;
  readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string } };
}

export interface KoaContextLike {
  readonly state: Record<string, unknown>;
  readonly params?: Record<string, string | undefined>;
  readonly method: string;
  body: unknown;
  readonly type: string;
}

type Middleware = (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>;

export interface S3rverApp {
  readonly middleware: Middleware[];
  store: FilesystemStoreLike;
  readonly context: { store: FilesystemStoreLike };
  readonly logger: { close(): void; exceptions: { unhandle(): void } };
  configureBuckets(): Promise<unknown>;
  callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  on(event: 'event', listener: (event: { Records: S3rverRecord[] }) => void): unknown;
  on(event: 'error', listener: (error: unknown, ctx?: KoaContextLike) => void): unknown;
  removeAllListeners(): unknown;
}

export interface FilesystemStoreLike {
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<unknown>;
  putContent(objectPath: string, content: NodeJS.ReadableStream | Buffer): Promise<[number, string]>;
}

export interface S3ErrorLike extends Error {
  readonly code: string;
  status: number;
  readonly detail: Record<string, unknown>;
}

interface S3rverOptions {
  directory: string;
  silent: boolean;
  configureBuckets: { name: string; configs: string[] }[];
  allowMismatchedSignatures: boolean;
  vhostBuckets: boolean;
  resetOnClose: boolean;
}

const S3rver = S3rverModule as new (options: S3rverOptions) => S3rverApp;
const FilesystemStore = FilesystemStoreModule as new (root: string) => FilesystemStoreLike;
const S3Error = S3ErrorModule as new (code: string, message: string, detail?: Record<string, unknown>) => S3ErrorLike;
const { DUMMY_ACCOUNT } = accountModule;

/** An error s3rver renders as an S3 XML error response with this status. */
export function s3Error(code: string, message: string, status: number, detail: Record<string, unknown> = {}): S3ErrorLike {
  const error = new S3Error(code, message, detail);
  error.status = status;
  return error;
}

/**
 * s3rver's file store, made safe for local use:
 * - every bucket/key is checked before it becomes a path (POST form keys never pass through the
 *   request checks, so this is the last line against `..`);
 * - object and part content is written to a temporary file and renamed into place, so a failed
 *   or aborted upload (or a checksum mismatch found at the end of the body) leaves the previous
 *   object intact instead of a truncated file.
 */
class SafeFilesystemStore extends FilesystemStore {
  override getBucketPath(bucket: string): string {
    const problem = checkBucketName(bucket);
    if (problem) throw s3Error(problem.code, problem.message, 400, { BucketName: bucket });
    return super.getBucketPath(bucket);
  }

  override getResourcePath(bucket: string, key: string | undefined, resource: string): string {
    const bucketProblem = checkBucketName(bucket);
    if (bucketProblem) throw s3Error(bucketProblem.code, bucketProblem.message, 400, { BucketName: bucket });
    const keyProblem = key === undefined ? undefined : checkKey(key);
    if (keyProblem) throw s3Error(keyProblem.code, keyProblem.message, 400, { ArgumentName: 'key', ArgumentValue: key });
    return super.getResourcePath(bucket, key, resource);
  }

  /**
   * s3rver reads an object's size, ETag and metadata with three promise-based file reads (each a
   * round trip through libuv's thread pool) on every HEAD/GET. These files are tiny and local:
   * read them synchronously. Anything unusual (no object, no .md5 file yet) goes to s3rver's own code.
   */
  override async getMetadata(bucket: string, key: string): Promise<Record<string, unknown>> {
    const objectPath = this.getResourcePath(bucket, key, 'object');
    let stats: ReturnType<typeof statSync>;
    let md5: string;
    try {
      stats = statSync(objectPath);
      md5 = readFileSync(`${objectPath}.md5`, 'utf8');
    } catch {
      return super.getMetadata(bucket, key);
    }
    let stored: Record<string, unknown> | undefined;
    try {
      stored = JSON.parse(readFileSync(this.getResourcePath(bucket, key, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return { ...stored, etag: JSON.stringify(md5), 'last-modified': stats.mtime.toUTCString(), 'content-length': stats.size };
  }

  /** As s3rver's putMetadata (the stored headers and the MD5 next to the object), written synchronously: two tiny files. */
  async putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5: string | undefined): Promise<void> {
    const stored: Record<string, unknown> = {};
    for (const name of S3ObjectModule.ALLOWED_METADATA) if (name in metadata) stored[name] = metadata[name];
    for (const [name, value] of Object.entries(metadata)) if (name.startsWith('x-amz-meta-')) stored[name] = value;
    if (md5) writeFileSync(this.getResourcePath(bucket, key, 'object.md5'), md5);
    writeFileSync(this.getResourcePath(bucket, key, 'metadata.json'), JSON.stringify(stored, null, 2));
  }

  /** s3rver looks for a bucket's CORS (and other) configuration on every request; usually there is none. */
  override async getSubresource(bucket: string, key: string | undefined, resourceType: string): Promise<unknown> {
    if (!existsSync(this.getResourcePath(bucket, key, `${resourceType}.xml`))) return null;
    return super.getSubresource(bucket, key, resourceType);
  }

  override async putContent(objectPath: string, content: NodeJS.ReadableStream | Buffer): Promise<[number, string]> {
    const temporaryPath = `${objectPath}.${randomUUID()}.sizegate-partial`;
    const md5 = createHash('md5');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      const source = Buffer.isBuffer(content) ? [content] : content;
      await pipeline(source, measure, createWriteStream(temporaryPath));
      await rename(temporaryPath, objectPath);
      return [size, md5.digest('hex')];
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
  }
}

export interface CreateS3rverOptions {
  directory: string;
  buckets: readonly string[];
}

/** An s3rver app over `directory`, quiet, with the safe store, that treats every request as signed. */
export function createS3rverApp(options: CreateS3rverOptions): S3rverApp {
  const app = new S3rver({
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
    allowMismatchedSignatures: true,
    // Buckets come from the path only: a host name such as host.docker.internal is not a bucket.
    vhostBuckets: false,
    resetOnClose: false,
  });
  const store = new SafeFilesystemStore(options.directory);
  app.store = store;
  app.context.store = store;
  // The front strips signatures (any key works locally), which makes s3rver treat requests as
  // anonymous; mark them authenticated so that, e.g., response-content-type overrides still work.
  app.middleware.unshift(async (ctx, next) => {
    ctx.state['account'] = DUMMY_ACCOUNT;
    await next();
    if (typeof ctx.body === 'string' && ctx.type.endsWith('xml')) ctx.body = undoDoubleEscaping(ctx.body);
  });
  return app;
}

/**
 * s3rver escapes XML text twice (he.escape, then its XML builder), so a listed key "a&b" reaches
 * clients as "a&amp;b". Every doubly escaped character is `&amp;` followed by one of he's entities;
 * turning those back into the entity, left to right, restores a single escaping.
 */
export function undoDoubleEscaping(xml: string): string {
  return xml.replace(/&amp;(amp|lt|gt|quot|#x27|#x60);/g, '&$1;');
}
