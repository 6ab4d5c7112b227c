// Reading AWS SDK v3 errors without depending on the SDK: the handlers that call S3 and Step
// Functions (check-size, process-file, start-execution) share these.

/** The error's name (`NoSuchKey`, `TimeoutError`, ...), or undefined for a thrown non-Error. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The error's message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The HTTP status the service answered with (`$metadata.httpStatusCode`), when there was one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata;
  return typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : undefined;
}

/**
 * An SDK service error keeps the raw HTTP response in a read-only `$response` whose body (the
 * socket's IncomingMessage) still references the signed request: its Authorization header (the
 * access key id) and X-Amz-Security-Token (the session token). The body is dropped before the
 * error leaves the handler, so no inspection of the error, or of an error it caused, reaches them.
 */
export function withoutRawResponse<T>(error: T): T {
  if (typeof error !== 'object' || error === null) return error;
  const response: unknown = (error as { $response?: unknown }).$response;
  if (typeof response === 'object' && response !== null && 'body' in response) {
    try {
      (response as { body?: unknown }).body = undefined;
    } catch {
      // A frozen response: nothing can be dropped, and the original error matters more.
    }
  }
  return error;
}
