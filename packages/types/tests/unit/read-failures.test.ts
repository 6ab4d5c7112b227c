import { describe, expect, it } from 'vitest';
import { describeFailure, isTransientReadFailure, isTransientWriteFailure } from '../../src/index.js';

function errorWith(name: string, message: string, code?: string): Error {
  const error = new Error(message);
  error.name = name;
  if (code !== undefined) Object.assign(error, { code });
  return error;
}

describe('isTransientReadFailure', () => {
  it.each([
    ['an SDK TimeoutError', errorWith('TimeoutError', 'socket timed out')],
    ["S3's RequestTimeout", errorWith('RequestTimeout', 'Your socket connection to the server was not read from')],
    ['an AbortError', errorWith('AbortError', 'The operation was aborted')],
    ['a reset connection', errorWith('Error', 'read ECONNRESET', 'ECONNRESET')],
    ['a refused connection', errorWith('Error', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED')],
    ['a body cut short', errorWith('Error', 'Premature close', 'ERR_STREAM_PREMATURE_CLOSE')],
    ['a response aborted mid-body', errorWith('Error', 'aborted')],
  ])('%s is transient', (_case, error) => {
    // Prepare / Act
    const transient = isTransientReadFailure(error);

    // Assess
    expect(transient).toBe(true);
  });

  it.each([
    ['AccessDenied', errorWith('AccessDenied', 'Access Denied')],
    ['NoSuchKey', errorWith('NoSuchKey', 'The specified key does not exist.')],
    ['a TypeError', new TypeError('x is not a function')],
    ['an error code the SDK does not retry', errorWith('Error', 'file not found', 'ENOENT')],
  ])('%s is not transient', (_case, error) => {
    // Prepare / Act
    const transient = isTransientReadFailure(error);

    // Assess
    expect(transient).toBe(false);
  });

  it('is false for a thrown value that is not an Error', () => {
    // Prepare / Act / Assess
    expect(isTransientReadFailure('ECONNRESET')).toBe(false);
    expect(isTransientReadFailure({ name: 'TimeoutError' })).toBe(false);
  });
});

/** An error shaped as AWS SDK v3 builds a service error: a name and `$metadata.httpStatusCode`. */
function serviceError(name: string, status: number): Error {
  return Object.assign(errorWith(name, `${name} from S3`), { $metadata: { httpStatusCode: status } });
}

describe('isTransientWriteFailure', () => {
  it.each([
    ["S3's SlowDown (503)", serviceError('SlowDown', 503)],
    ['a 429', serviceError('TooManyRequests', 429)],
    ['a throttling name without a throttling status', serviceError('ThrottlingException', 400)],
    ["S3's InternalError (500)", serviceError('InternalError', 500)],
    ['a 502 from a proxy', serviceError('BadGateway', 502)],
    ["S3's ServiceUnavailable (503)", serviceError('ServiceUnavailable', 503)],
    ['a 504', serviceError('GatewayTimeout', 504)],
    ["S3's RequestTimeout (400)", serviceError('RequestTimeout', 400)],
    ['an SDK TimeoutError', errorWith('TimeoutError', 'socket timed out')],
    ['a reset connection', errorWith('Error', 'socket hang up', 'ECONNRESET')],
  ])('%s is transient', (_case, error) => {
    // Prepare / Act
    const transient = isTransientWriteFailure(error);

    // Assess
    expect(transient).toBe(true);
  });

  it.each([
    ['KeyTooLongError (400)', serviceError('KeyTooLongError', 400)],
    ['InvalidArgument (400)', serviceError('InvalidArgument', 400)],
    ['EntityTooLarge (400)', serviceError('EntityTooLarge', 400)],
    ['NotImplemented (501)', serviceError('NotImplemented', 501)],
    ['AccessDenied (403)', serviceError('AccessDenied', 403)],
    ['a TypeError', new TypeError('body.pipe is not a function')],
    ['a thrown string', 'SlowDown'],
  ])('%s is permanent', (_case, error) => {
    // Prepare / Act
    const transient = isTransientWriteFailure(error);

    // Assess
    expect(transient).toBe(false);
  });
});

describe('describeFailure', () => {
  it('names the error, its code when it differs, and its message', () => {
    // Prepare
    const reset = errorWith('Error', 'aborted', 'ECONNRESET');

    // Act
    const description = describeFailure(reset);

    // Assess
    expect(description).toBe('Error ECONNRESET: aborted');
  });

  it('cuts a long message to 200 characters', () => {
    // Prepare
    const chatty = errorWith('TimeoutError', 'x'.repeat(1_000));

    // Act
    const description = describeFailure(chatty);

    // Assess
    expect(description).toBe(`TimeoutError: ${'x'.repeat(200)}…`);
  });

  it('is just the name when there is no message', () => {
    // Prepare / Act / Assess
    expect(describeFailure(errorWith('AbortError', ''))).toBe('AbortError');
  });
});
