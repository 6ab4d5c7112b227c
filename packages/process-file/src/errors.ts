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
