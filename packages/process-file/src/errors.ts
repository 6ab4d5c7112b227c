import { SizegateError, type ErrorLocation } from '@sizegate/types';

/**
 * A processor failed (start, update or finish threw), returned something that is not a plain
 * object, or returned a field that would overwrite a built-in manifest field or another
 * processor's field. `processor` names the processor; the original error is the `cause`.
 */
export class ProcessorError extends SizegateError {
  override readonly name = 'ProcessorError';
  readonly processor: string | undefined;

  constructor(message: string, location: ErrorLocation & { readonly processor?: string } = {}) {
    super(message, location);
    this.processor = location.processor;
  }
}

/**
 * PutObject of the manifest failed for a reason other than a missing output bucket or a refusal
 * (those are ObjectNotFound and AccessDenied): throttling, a 5xx, a key the store refuses, a lost
 * connection. The message names the manifest's bucket and key; the SDK error is the `cause`.
 */
export class ManifestWriteFailed extends SizegateError {
  override readonly name = 'ManifestWriteFailed';
}
