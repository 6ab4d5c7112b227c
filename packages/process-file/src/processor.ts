/** The exact object version a processor run is about: the one check-size sized. */
export interface ProcessedObject {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | null;
  /** Size in bytes, as check-size saw it (and as process-file verifies while reading). */
  readonly size: number;
  /** The ETag check-size saw, as S3 sends it (with its quotes). */
  readonly etag: string;
}

/**
 * Pluggable work done in the same single pass over the object's bytes as the built-in
 * SHA-256, byte, line and content-type computations.
 *
 * For every object, process-file calls `start` once, then `update` with every chunk in order
 * (awaiting each call before reading on, so a slow processor slows the read instead of
 * buffering), then `finish` once; the fields `finish` returns are added to the manifest.
 */
export interface Processor {
  /** Names the processor in errors and logs; unique among a handler's processors. */
  readonly name: string;
  start(object: ProcessedObject): ProcessorRun | Promise<ProcessorRun>;
}

/** One processor's work on one object. */
export interface ProcessorRun {
  /**
   * Called with each chunk of the body, in order. The chunk is shared with the other
   * computations and is not copied: do not modify it, and copy what you keep beyond this call.
   */
  update(chunk: Buffer): void | Promise<void>;
  /**
   * Called once after the last chunk, when the whole object has been read and verified.
   * Returns JSON-serialisable fields for the manifest; they may not reuse a built-in manifest
   * field name or a field of another processor.
   */
  finish(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Optional: called instead of `finish` when processing fails after `start` (S3 read error,
   * object changed, another processor failed), so the run can release what it holds. Errors it
   * throws are logged and ignored.
   */
  abort?(reason: unknown): void | Promise<void>;
}
