// The rules for ObjectReadFailed, shared by check-size (HeadObject) and process-file (GetObject),
// and for ManifestWriteThrottled (process-file's PutObject of the manifest).
import { isS3ServerError, isThrottling } from './s3-error-kinds.js';

/**
 * Error names of a request or read that timed out or was cut off: the SDK's TimeoutError
 * (connection, request and socket timeouts of @smithy/node-http-handler), S3's RequestTimeout
 * (it gave up waiting on our socket) and an AbortError from a stream or request aborted under us.
 */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/**
 * Node.js error codes of a reset, refused or unreachable connection: the ones the SDK itself
 * classifies as transient (NODEJS_TIMEOUT_ERROR_CODES and NODEJS_NETWORK_ERROR_CODES in
 * @smithy/core's retry), plus a body stream that ended before its last byte.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** How long a cause's message may grow inside ObjectReadFailed's own message. */
const MAX_CAUSE_MESSAGE_LENGTH = 200;

/**
 * Whether `error` is a transient failure of reading from S3 (a timeout, a reset or refused
 * connection, a response cut off): worth another attempt, which the state machine makes.
 */
export function isTransientReadFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const code = codeOf(error);
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  // Node.js's IncomingMessage fails with a bare "aborted" when the connection drops mid-body.
  return error.message === 'aborted';
}

/**
 * Whether `error` is a transient failure of writing to S3, worth another attempt (which the state
 * machine makes, with back-off): throttling (S3's 503 SlowDown, HTTP 429, the SDK's throttling
 * names), a server error (500, 502, 503, 504), or any transient read failure (a timeout, a reset,
 * refused or unreachable connection). The same classes the SDK retries on its own, so this is
 * what is left once its retries are spent. Anything else (400 InvalidArgument, KeyTooLongError,
 * 501, a TypeError) would fail the same way again.
 */
export function isTransientWriteFailure(error: unknown): boolean {
  return isThrottling(error) || isS3ServerError(error) || isTransientReadFailure(error);
}

/** `TimeoutError: socket timed out…` / `Error ECONNRESET: aborted`: what failed, for a message. */
export function describeFailure(error: Error): string {
  const code = codeOf(error);
  const label = code !== undefined && code !== error.name ? `${error.name} ${code}` : error.name;
  const message = error.message.length > MAX_CAUSE_MESSAGE_LENGTH ? `${error.message.slice(0, MAX_CAUSE_MESSAGE_LENGTH)}…` : error.message;
  return message.length > 0 ? `${label}: ${message}` : label;
}

function codeOf(error: Error): string | undefined {
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
