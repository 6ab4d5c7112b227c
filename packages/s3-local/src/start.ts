import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerLike } from '@sizegate/types';
import { startGuardedServer, type Listen } from '@sizegate/types/request-guard';
import type { AccessKey } from './auth/access-keys.js';
import type { S3EventRecord } from './event-record.js';
import { createS3Service } from './service.js';

export interface StartS3LocalOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /**
   * Address to bind. Anything but a loopback address makes the emulator reachable from other
   * machines without credentials; it logs a warning. @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Where buckets and objects are kept. Starting again with the same directory serves them again.
   * @default a new temp dir, removed on close
   */
  readonly dataDir?: string;
  /** Buckets created at start (existing ones and their objects are kept). */
  readonly buckets: readonly string[];
  /** Region reported by GetBucketLocation and in events. @default 'us-east-1' */
  readonly region?: string;
  /**
   * Host names (`name`, any port, or `name:port`) also answered to. Requests with any other Host
   * header, or from a browser page of another origin, get 403 (DNS rebinding and CSRF protection).
   * @default none: only 127.0.0.1, localhost, [::1] and the bound address, on the served port
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Check every request's AWS Signature Version 4 — Authorization header, presigned URL
   * (`X-Amz-Expires` included) and the chunks of signed streaming uploads — against `accessKeys`.
   * Each key is its own owner (buckets, objects, ListBuckets), and ACLs decide what other keys and
   * unsigned (anonymous) requests may do, so tests that rely on 403s get them. @default false: any
   * credentials, or none, work, and everything belongs to one local owner
   */
  readonly verifySignatures?: boolean;
  /** The access keys accepted when `verifySignatures` is on (at least one). */
  readonly accessKeys?: readonly AccessKey[];
  /** The clock signatures and presigned URLs are checked against (tests). @default Date.now */
  readonly clock?: () => number;
  /** @default silent */
  readonly logger?: LoggerLike;
  /** How to bind (tests). @default server.listen */
  readonly listen?: Listen;
}

export interface S3Local {
  /** e.g. `http://127.0.0.1:45123`: give it to an S3 client with `forcePathStyle: true`. */
  readonly endpoint: string;
  readonly region: string;
  /** The directory buckets and objects are kept in. */
  readonly dataDir: string;
  /** Subscribes to object-created events (see the README for their shape). Returns the unsubscribe function. */
  onObjectCreated(listener: (record: S3EventRecord) => void): () => void;
  /** Stops serving, waits briefly for requests in progress, and removes a temp data dir. */
  close(): Promise<void>;
}

const DEFAULT_REGION = 'us-east-1';

/**
 * Starts the S3 emulator alone on its own port, behind the request guard: what a test suite runs
 * in place of S3 (or s3rver). For S3 beside other services on one port, mount `createS3Service`.
 */
export async function startS3Local(options: StartS3LocalOptions): Promise<S3Local> {
  const region = options.region ?? DEFAULT_REGION;
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 's3-local-'));
  const removeTemporary = () => {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  const { logger } = options;
  let service: Awaited<ReturnType<typeof createS3Service>>;
  try {
    service = await createS3Service({
      directory: dataDir,
      buckets: options.buckets,
      region,
      logger,
      ...(options.verifySignatures === undefined ? {} : { verifySignatures: options.verifySignatures }),
      ...(options.accessKeys === undefined ? {} : { accessKeys: options.accessKeys }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  } catch (error) {
    removeTemporary();
    throw error;
  }
  let server: Awaited<ReturnType<typeof startGuardedServer>>;
  try {
    server = await startGuardedServer({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      allowedHosts: options.allowedHosts,
      listen: options.listen,
      logger,
      handle: (req, res) => service.handle(req, res),
      sendAccessDenied: (req, res, message) => service.sendAccessDenied(req, res, message),
    });
  } catch (error) {
    await service.close();
    removeTemporary();
    throw error;
  }
  // An upload that will be refused gets its 403 before its body: 100 Continue waits for the checks.
  server.server.on('checkContinue', (req, res) => {
    service.deferContinue(req);
    server.server.emit('request', req, res);
  });
  return {
    endpoint: server.endpoint,
    region,
    dataDir,
    onObjectCreated: (listener) => service.onObjectCreated(listener),
    async close() {
      await server.close();
      await service.close();
      removeTemporary();
    },
  };
}
