import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ConfigurationError,
  DEFAULT_OUTPUT_PREFIX,
  errorName,
  httpStatusOf,
  type LoggerLike,
  type Manifest,
  SizegateError,
} from '@sizegate/types';
import { ProcessorError } from './errors.js';
import { parseEvent, type ProcessFileEvent } from './input.js';
import { manifestKeyFor } from './manifest-key.js';
import type { ProcessedObject, Processor } from './processor.js';
import { checkProcessors } from './processor-runs.js';
import { readObject } from './read-object.js';
import { translatePutObjectError } from './s3-errors.js';

/** Powertools service name of the default logger. */
export const SERVICE_NAME = 'sizegate-process-file';

export interface ProcessFileDeps {
  /** The S3 client GetObject and PutObject (the manifest) are sent with. */
  readonly s3: S3Client;
  /** Bucket the manifest is written to. Default: the processed object's own bucket. */
  readonly outputBucket?: string | undefined;
  /**
   * Prefix of the manifest key: `${outputPrefix}${key}${MANIFEST_SUFFIX}`, shortened (see
   * manifestKeyFor) when that would exceed S3's 1,024-byte key limit. Default 'processed/'.
   */
  readonly outputPrefix?: string | undefined;
  /** Extra work done in the same pass over the bytes; their fields land in the manifest. */
  readonly processors?: readonly Processor[] | undefined;
  /** Default: a Powertools Logger with serviceName 'sizegate-process-file'. */
  readonly logger?: LoggerLike | undefined;
  /** The clock of `processedAt`. Default: `() => new Date()`. */
  readonly now?: (() => Date) | undefined;
}

/** `context` is accepted for the Lambda signature; process-file reads nothing from it. */
export type ProcessFileHandler = (event: ProcessFileEvent, context?: unknown) => Promise<Manifest>;

/**
 * Builds the ProcessFile handler: reads exactly the object version check-size sized, once,
 * computing SHA-256, bytes, lines, content type and every processor's fields in that one pass,
 * then writes the manifest next to it (under the output prefix) and returns it.
 *
 * @throws ConfigurationError for an empty outputBucket; ProcessorError for unnamed or duplicate processors.
 *   The handler itself throws the named errors of the README (ConfigurationError too, when the
 *   output prefix leaves no room for a manifest key under S3's limit).
 */
export function createHandler(deps: ProcessFileDeps): ProcessFileHandler {
  const { s3, outputBucket, outputPrefix = DEFAULT_OUTPUT_PREFIX, processors = [], now = () => new Date() } = deps;
  if (outputBucket !== undefined && (typeof outputBucket !== 'string' || outputBucket.length === 0)) {
    throw new ConfigurationError('process-file outputBucket must be a non-empty bucket name when given');
  }
  if (typeof outputPrefix !== 'string') {
    throw new ConfigurationError('process-file outputPrefix must be a string');
  }
  checkProcessors(processors);
  const logger: LoggerLike = deps.logger ?? new Logger({ serviceName: SERVICE_NAME });

  return async (event) => {
    let object: ProcessedObject;
    try {
      object = parseEvent(event);
    } catch (error) {
      const { bucket, key } = error as SizegateError;
      logger.error('Invalid process-file input', { bucket, key, errorName: errorName(error) });
      throw error;
    }
    const { bucket, key, size, etag } = object;
    logger.info('Processing object', { bucket, key, versionId: object.versionId, size });

    try {
      const manifestBucket = outputBucket ?? bucket;
      // Named before the read, so a prefix that leaves no room fails without streaming the object.
      const manifestKey = manifestKeyFor(outputPrefix, object);
      const onAbortFailure = (processor: string, error: unknown): void =>
        logger.warn('Processor abort() failed; ignored', {
          bucket,
          key,
          versionId: object.versionId,
          processor,
          errorName: errorName(error),
        });
      const { digest, processorFields, versionId } = await readObject(s3, object, processors, onAbortFailure);

      const manifest: Manifest = {
        bucket,
        key,
        versionId,
        etag,
        size: digest.bytes,
        sha256: digest.sha256,
        lines: digest.lines,
        contentType: digest.contentType,
        processedAt: now().toISOString(),
        manifestBucket,
        manifestKey,
        ...processorFields,
      };
      const json = `${JSON.stringify(manifest, null, 2)}\n`;
      try {
        await s3.send(new PutObjectCommand({ Bucket: manifestBucket, Key: manifestKey, Body: json, ContentType: 'application/json' }));
      } catch (error) {
        throw translatePutObjectError(error, { bucket: manifestBucket, key: manifestKey });
      }

      logger.info('Object processed', {
        bucket,
        key,
        versionId,
        size: manifest.size,
        sha256: manifest.sha256,
        lines: manifest.lines,
        contentType: manifest.contentType,
        manifestBucket,
        manifestKey,
      });
      // What was stored, exactly: processor values such as Dates come back as their JSON form.
      return JSON.parse(json) as Manifest;
    } catch (error) {
      logger.error('Processing failed', {
        bucket,
        key,
        versionId: object.versionId,
        size,
        errorName: errorName(error),
        sdkErrorName: error instanceof SizegateError ? errorName(error.cause) : undefined,
        httpStatusCode: httpStatusOf(error instanceof SizegateError ? error.cause : error),
        processor: error instanceof ProcessorError ? error.processor : undefined,
      });
      throw error;
    }
  };
}
