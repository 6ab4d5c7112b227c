import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { ObjectChanged } from '@sizegate/types';
import { DigestBuilder, type ObjectDigest } from './object-digest.js';
import type { ProcessedObject, Processor } from './processor.js';
import { ProcessorRuns, type AbortFailureListener } from './processor-runs.js';
import { normalizeEtag, quoteEtag, translateBodyError, translateGetObjectError } from './s3-errors.js';

/** What reading the object once produced. */
export interface ReadResult {
  readonly digest: ObjectDigest;
  /** The fields every processor's finish() returned, merged. */
  readonly processorFields: Record<string, unknown>;
  /** The version actually read (GetObject's VersionId when the event named none). */
  readonly versionId: string | null;
}

/** A Node.js Readable as far as process-file uses it: iterated once, destroyed when abandoned. */
interface NodeReadableBody extends AsyncIterable<unknown> {
  destroy(error?: Error): unknown;
  readonly destroyed?: boolean;
}

/**
 * GetObject for exactly the sized version, checked against what check-size saw before a byte
 * is read, then streamed once through the digest and every processor. The body is destroyed
 * whenever reading stops early, so no socket is left holding an unread response.
 */
export async function readObject(
  s3: S3Client,
  object: ProcessedObject,
  processors: readonly Processor[],
  onAbortFailure: AbortFailureListener,
): Promise<ReadResult> {
  const { bucket, key, versionId, size, etag } = object;
  const location = { bucket, key, versionId };

  let response: GetObjectCommandOutput;
  try {
    response = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId === null ? {} : { VersionId: versionId }),
        // S3 answers 412 if the object was overwritten since it was sized.
        IfMatch: quoteEtag(etag),
      }),
    );
  } catch (error) {
    throw translateGetObjectError(error, location);
  }

  const body = asNodeReadable(response.Body, location);
  try {
    // Checked again here because not every S3-compatible store honours If-Match.
    if (response.ETag !== undefined && normalizeEtag(response.ETag) !== normalizeEtag(etag)) {
      throw new ObjectChanged(`Object changed since it was sized: ETag ${response.ETag} is not the sized ETag ${etag}`, location);
    }
    if (typeof response.ContentLength === 'number' && response.ContentLength !== size) {
      throw new ObjectChanged(
        `Object changed since it was sized: GetObject reports ${response.ContentLength} bytes, check-size saw ${size}`,
        location,
      );
    }

    const runs = await ProcessorRuns.start(processors, object, onAbortFailure);
    try {
      const builder = new DigestBuilder();
      for await (const piece of chunksOf(body, (error) => translateBodyError(error, location, builder.bytes, size))) {
        const chunk = asBuffer(piece);
        builder.update(chunk);
        // Stop at the first byte too many instead of reading (and hashing) the rest.
        if (builder.bytes > size) {
          throw new ObjectChanged(`Object changed since it was sized: more than the sized ${size} bytes were read`, location);
        }
        await runs.update(chunk);
      }
      if (builder.bytes !== size) {
        throw new ObjectChanged(`Object changed since it was sized: read ${builder.bytes} bytes, check-size saw ${size}`, location);
      }
      const digest = builder.digest();
      const processorFields = await runs.finish();
      return { digest, processorFields, versionId: versionId ?? response.VersionId ?? null };
    } catch (error) {
      await runs.abort(error);
      throw error;
    }
  } finally {
    // A no-op for a fully read body; otherwise it releases the socket instead of leaking it.
    if (body.destroyed !== true) body.destroy();
  }
}

/**
 * The body's chunks. Only a failure of the body itself goes through `translate`: an error thrown
 * by the loop consuming them (ObjectChanged, ProcessorError) ends the loop, which returns (not
 * throws) into this generator, so it is never mistaken for a read failure.
 */
async function* chunksOf(body: NodeReadableBody, translate: (error: unknown) => unknown): AsyncGenerator<unknown> {
  try {
    for await (const piece of body) yield piece;
  } catch (error) {
    throw translate(error);
  }
}

function asNodeReadable(body: unknown, location: { bucket: string; key: string }): NodeReadableBody {
  const candidate = body as Partial<NodeReadableBody> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate[Symbol.asyncIterator] !== 'function' ||
    typeof candidate.destroy !== 'function'
  ) {
    // Only a browser or a misconfigured client gets here: on Node.js the SDK returns a Readable.
    // A web stream is still cancelled, so its connection is released.
    const cancel = (candidate as { cancel?: unknown } | null | undefined)?.cancel;
    if (typeof cancel === 'function') void Promise.resolve(cancel.call(candidate)).catch(() => undefined);
    throw new TypeError(`GetObject returned no Node.js Readable body for bucket "${location.bucket}", key "${location.key}"`);
  }
  return candidate as NodeReadableBody;
}

/** The chunk as a Buffer; Uint8Arrays are wrapped (not copied). Strings only come from test streams. */
function asBuffer(piece: unknown): Buffer {
  if (Buffer.isBuffer(piece)) return piece;
  if (piece instanceof Uint8Array) return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  if (typeof piece === 'string') return Buffer.from(piece, 'utf8');
  throw new TypeError(`GetObject body yielded a ${typeof piece} chunk instead of bytes`);
}
