import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LoggerLike, silentLogger } from '@sizegate/types';
import { AccessControl, accessDenied, ownerOf } from './acl/access.js';
import { LOCAL_OWNER, type Owner } from './acl/model.js';
import { AccessKeyStore, type AccessKey } from './auth/access-keys.js';
import { authenticate, type Authentication } from './auth/authenticate.js';
import { randomString } from './random-pool.js';
import { route } from './api/router.js';
import { bucketOf, type S3Context } from './api/context.js';
import { buildObjectCreatedRecord, type S3EventRecord } from './event-record.js';
import { prepareRequest } from './request-target.js';
import { S3Error } from './s3-error.js';
import { MultipartStore } from './store/multipart.js';
import { ObjectStore } from './store/object-store.js';
import { sendS3Error, sendXmlError } from './xml-error.js';

export interface S3ServiceOptions {
  /** Data directory; created when missing. Existing buckets and objects in it are served again. */
  readonly directory: string;
  /** Buckets created at start (existing ones and their objects are kept). */
  readonly buckets: readonly string[];
  /** Region reported in events and by GetBucketLocation. */
  readonly region: string;
  readonly logger?: LoggerLike;
  /**
   * Check every request's AWS Signature Version 4 (header, presigned URL, signed chunks) against
   * `accessKeys`: each key is its own owner and ACLs decide what the others and anonymous requests
   * may do. Off, any credentials (and none) work and everything belongs to one local owner.
   * @default false
   */
  readonly verifySignatures?: boolean;
  /** The access keys accepted when `verifySignatures` is on (at least one). */
  readonly accessKeys?: readonly AccessKey[];
  /**
   * With `verifySignatures`: requests this accepts are served unsigned, as the owner of the buckets
   * created at start (the first access key's). For an embedding server's own pages, which it
   * guards itself (`@sizegate/local`'s console uploads from its own origin). @default none
   */
  readonly trustedRequest?: (req: IncomingMessage) => boolean;
  /** The clock signatures and presigned URLs are checked against. @default Date.now */
  readonly clock?: () => number;
}

export interface S3Service {
  /**
   * Whether a request is an S3 call: every request except the AWS JSON protocol calls (an
   * `X-Amz-Target` header or an `application/x-amz-json-*` body), which name another service.
   * A server that puts S3 beside such a service asks the other service first.
   */
  claims(req: IncomingMessage): boolean;
  /** Node request listener: serves one S3 REST request. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * For a server's 'checkContinue' listener, before it passes the request on to `handle`: the
   * `100 Continue` is then sent only once the request is allowed, so an upload that will be refused
   * gets its 403 before sending its body (Node otherwise sends 100 at once).
   */
  deferContinue(req: IncomingMessage): void;
  /** Answers a request refused before it reached S3 (e.g. by the request guard) with S3's 403 AccessDenied. */
  sendAccessDenied(req: IncomingMessage, res: ServerResponse, message: string): void;
  /** Subscribes to object-created events, as AWS-shaped notification records. Returns the unsubscribe function. */
  onObjectCreated(listener: (record: S3EventRecord) => void): () => void;
  /** Stops serving (later requests get 503) and waits briefly for requests in progress. */
  close(): Promise<void>;
}

/** How long close() waits for requests in progress. */
const CLOSE_WAIT_MS = 5_000;

/** The AWS JSON protocols' content type: S3 REST calls never carry it. */
const AWS_JSON_CONTENT_TYPE = /^application\/x-amz-json-/i;

/**
 * A local S3: the API on a Node request listener (api/), objects in `directory` under hashed
 * names (store/). Any credentials are accepted; uploads are turned into
 * AWS-shaped event records.
 */
export async function createS3Service(options: S3ServiceOptions): Promise<S3Service> {
  const logger = options.logger ?? silentLogger;
  const keys = options.verifySignatures === true ? new AccessKeyStore(options.accessKeys ?? []) : undefined;
  if (keys !== undefined && keys.size === 0) throw new Error('verifySignatures needs at least one access key (accessKeys)');
  const clock = options.clock ?? Date.now;
  const ownerById = (id: string): Owner | undefined => keys?.ownerById(id) ?? (id === LOCAL_OWNER.id ? LOCAL_OWNER : undefined);
  const deferredContinue = new WeakSet<IncomingMessage>();
  // Buckets created at start belong to the first access key when signatures are checked.
  const store = await ObjectStore.open(options.directory, options.buckets, keys?.firstOwner);
  const multipart = new MultipartStore(store);
  const listeners = new Set<(record: S3EventRecord) => void>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const publish = (record: S3EventRecord) => {
    for (const listener of listeners) {
      try {
        listener(record);
      } catch (error) {
        logger.error('Object-created listener failed', { bucket: record.s3.bucket.name, key: record.s3.object.key, error });
      }
    }
  };

  return {
    claims: (req) => req.headers['x-amz-target'] === undefined && !AWS_JSON_CONTENT_TYPE.test(String(req.headers['content-type'] ?? '')),
    sendAccessDenied(req, res, message) {
      const requestId = randomString(8, 'hex').toUpperCase();
      res.setHeader('x-amz-request-id', requestId);
      sendXmlError(req, res, 403, { code: 'AccessDenied', message }, requestId);
    },
    handle(req, res) {
      const requestId = randomString(8, 'hex').toUpperCase();
      const hostId = randomString(32, 'base64');
      res.setHeader('x-amz-request-id', requestId);
      res.setHeader('x-amz-id-2', hostId);
      discardUnreadBodyWhenDone(req, res);
      if (closed) {
        sendXmlError(req, res, 503, { code: 'ServiceUnavailable', message: 'The local S3 service is shutting down' }, requestId);
        return;
      }
      let authentication: Authentication = { principal: LOCAL_OWNER };
      // A CORS preflight carries no credentials (the browser sends it before the signed request).
      if (keys !== undefined && req.method !== 'OPTIONS') {
        try {
          authentication =
            options.trustedRequest?.(req) === true ? { principal: keys.firstOwner } : authenticate(req, keys, new Date(clock()));
        } catch (error) {
          const refusal = error as S3Error;
          logger.debug('S3 request refused: signature', { method: req.method, code: refusal.code });
          res.setHeader('connection', 'close'); // the body is not read
          sendS3Error(req, res, refusal, requestId);
          return;
        }
      }
      const check = prepareRequest(req);
      if (!check.ok) {
        logger.warn('S3 request refused', {
          bucket: check.bucket,
          key: check.key,
          method: req.method,
          code: check.problem.code,
          reason: check.problem.message,
        });
        sendXmlError(req, res, check.status, check.problem, requestId);
        return;
      }
      const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const ctx: S3Context = {
        req,
        res,
        target: check.target,
        store,
        multipart,
        region: options.region,
        access: keys === undefined ? AccessControl.unchecked() : new AccessControl(authentication.principal, true),
        signing: authentication.signing,
        ownerById,
        accessKeys: keys,
        now: clock,
        created: (eventName, bucket, version) =>
          publish(
            buildObjectCreatedRecord({
              eventName,
              region: options.region,
              bucket: bucket.name,
              key: version.key,
              size: version.size,
              etag: version.etag,
              sequencer: version.sequencer,
              ...(version.versionId === 'null' ? {} : { versionId: version.versionId }),
              sourceIp,
              requestId,
              hostId,
              time: new Date(version.lastModified),
            }),
          ),
      };
      const where = { method: req.method, bucket: check.target.bucket, key: check.target.key };
      const served = (async () => {
        const { operation, access } = route(ctx);
        if (ctx.target.bucket !== undefined && access !== 'none') ctx.access.requireBucket(bucketOf(ctx), access);
        checkExpectedBucketOwner(ctx);
        if (deferredContinue.has(req)) res.writeContinue();
        await operation(ctx);
      })().catch((error: unknown) => {
        if (error instanceof S3Error && error.status < 500) {
          logger.debug('S3 request answered with an error', { ...where, code: error.code, status: error.status });
          if (!res.headersSent) sendS3Error(req, res, error, requestId);
          else res.destroy();
          return;
        }
        if (isClientGone(req, res)) {
          logger.debug('S3 client went away before the response', where);
          return;
        }
        logger.error('S3 request failed', { ...where, error });
        const internal =
          error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
        if (!res.headersSent) sendS3Error(req, res, internal, requestId);
        else res.destroy();
      });
      inFlight.add(served);
      void served.finally(() => inFlight.delete(served));
    },
    deferContinue(req) {
      deferredContinue.add(req);
    },
    onObjectCreated(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      });
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
      listeners.clear();
    },
  };
}

/**
 * x-amz-expected-bucket-owner: with signatures checked, the request is refused when the bucket
 * belongs to someone else. Without, there are no accounts to compare (clients send their AWS
 * account id), so it is ignored.
 */
function checkExpectedBucketOwner(ctx: S3Context): void {
  const expected = ctx.req.headers['x-amz-expected-bucket-owner'];
  if (
    !ctx.access.checked ||
    typeof expected !== 'string' ||
    ctx.target.bucket === undefined ||
    !ctx.store.index.buckets.has(ctx.target.bucket)
  )
    return;
  if (ownerOf(bucketOf(ctx)).id !== expected) throw accessDenied();
}

function isClientGone(req: IncomingMessage, res: ServerResponse): boolean {
  return res.destroyed || (req.destroyed && !req.complete);
}

/** A refused or failed request may leave body bytes unread: read and drop them so the connection stays usable. */
function discardUnreadBodyWhenDone(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => {
    if (!req.complete && !req.destroyed) {
      req.unpipe();
      req.resume();
    }
  });
}
