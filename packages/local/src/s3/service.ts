import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { LoggerLike } from '@sizegate/types';
import { randomString } from '../random-pool.js';
import { createSequencer, type S3EventRecord } from './event-record.js';
import { decodedRequest } from './request-body.js';
import { prepareRequest, type RequestTarget } from './request-target.js';
import { createS3rverApp, type KoaContextLike, type S3rverApp } from './s3rver.js';
import { toObjectCreatedRecord, type RequestFacts } from './translate.js';
import { sendXmlError } from './xml-error.js';

export interface S3ServiceOptions {
  /** Data directory; created when missing. */
  readonly directory: string;
  /** Buckets created at start (existing ones and their objects are kept). */
  readonly buckets: readonly string[];
  /** Region reported in events. */
  readonly region: string;
  /** Where the service logs; s3rver's own logging is switched off. */
  readonly logger?: LoggerLike;
}

export interface S3Service {
  /** Node request listener for every request that is not a Step Functions call. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Subscribes to object-created events, as AWS-shaped notification records. Returns the unsubscribe function. */
  onObjectCreated(listener: (record: S3EventRecord) => void): () => void;
  /** Stops serving (later requests get 503) and waits briefly for requests in progress. */
  close(): Promise<void>;
}

/** How long close() waits for requests in progress. */
const CLOSE_WAIT_MS = 5_000;

const noopLogger: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * S3 on a Node request listener: s3rver (as a Koa app) behind a front that accepts any
 * credentials and the SDK's default aws-chunked uploads, refuses keys s3rver cannot store safely,
 * and turns created objects into AWS-shaped event records.
 */
export async function createS3Service(options: S3ServiceOptions): Promise<S3Service> {
  const logger = options.logger ?? noopLogger;
  mkdirSync(options.directory, { recursive: true });
  const app = createS3rverApp({ directory: options.directory, buckets: options.buckets });
  await app.configureBuckets();
  const koa = app.callback();
  const requests = new AsyncLocalStorage<RequestFacts>();
  const nextSequencer = createSequencer();
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

  app.on('event', (event) => {
    for (const s3rverRecord of event.Records) {
      if (!s3rverRecord.eventName.startsWith('ObjectCreated:')) continue; // deletions are not needed
      const sequencer = nextSequencer(); // taken now, so sequencers follow the order objects were stored
      toObjectCreatedRecord({ s3rverRecord, request: requests.getStore(), region: options.region, sequencer, store: app.store })
        .then(publish)
        .catch((error: unknown) => {
          logger.error('Could not build the object-created event', { bucket: s3rverRecord.s3.bucket.name, key: s3rverRecord.s3.object.key, error });
        });
    }
  });
  app.on('error', (error, ctx) => logS3rverError(logger, error, ctx));

  const serve = async (req: IncomingMessage, res: ServerResponse, target: RequestTarget, facts: RequestFacts) => {
    const uploadId = target.query.get('uploadId');
    if (uploadId !== null && target.bucket !== undefined && req.method !== 'GET') {
      const handled = await serveUploadIdRequest(app, req, res, target.bucket, uploadId, facts.requestId);
      if (handled) return;
    }
    const body = decodedRequest(req, (name, value) => res.setHeader(name, value)) ?? req;
    await requests.run(facts, () => koa(body, res));
  };

  return {
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
      const check = prepareRequest(req);
      if (!check.ok) {
        logger.warn('S3 request refused', { bucket: check.bucket, key: check.key, method: req.method, code: check.problem.code, reason: check.problem.message });
        sendXmlError(req, res, check.status, check.problem, requestId);
        return;
      }
      const facts: RequestFacts = {
        method: req.method ?? 'GET',
        copy: req.headers['x-amz-copy-source'] !== undefined,
        multipart: check.target.query.has('uploadId'),
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        requestId,
        hostId,
      };
      const served = serve(req, res, check.target, facts).catch((error: unknown) => {
        logger.error('S3 request failed', { method: req.method, bucket: check.target.bucket, key: check.target.key, error });
        if (!res.headersSent) sendXmlError(req, res, 500, { code: 'InternalError', message: 'We encountered an internal error. Please try again.' }, requestId);
        else res.destroy();
      });
      inFlight.add(served);
      void served.finally(() => inFlight.delete(served));
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
      app.removeAllListeners();
      app.logger.exceptions.unhandle();
      app.logger.close();
    },
  };
}

/**
 * Requests naming an upload id: s3rver would create the upload's directory for any id (UploadPart)
 * or fail with a 500 (CompleteMultipartUpload), and does not implement AbortMultipartUpload.
 * Answers NoSuchUpload and AbortMultipartUpload here; returns false to let s3rver serve the rest.
 */
async function serveUploadIdRequest(app: S3rverApp, req: IncomingMessage, res: ServerResponse, bucket: string, uploadId: string, requestId: string) {
  const uploadDirectory = join(app.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  const exists = await stat(uploadDirectory).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!exists) {
    sendXmlError(req, res, 404, { code: 'NoSuchUpload', message: 'The specified upload does not exist.', argumentName: 'UploadId', argumentValue: uploadId }, requestId);
    return true;
  }
  if (req.method === 'DELETE') {
    await rm(uploadDirectory, { recursive: true, force: true });
    res.statusCode = 204;
    res.end();
    return true;
  }
  return false;
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

function logS3rverError(logger: LoggerLike, error: unknown, ctx: KoaContextLike | undefined): void {
  const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
  const attributes = { method: ctx?.method, bucket: ctx?.params?.['bucket'], key: ctx?.params?.['key'], status, error };
  if (status >= 500) logger.error('S3 request failed', attributes);
  else logger.debug('S3 request answered with an error', attributes);
}
