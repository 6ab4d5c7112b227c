import { describe, expect, it } from 'vitest';
import {
  isDeleteMarkerVersion,
  isKmsAccessDenied,
  isS3AccessDenied,
  isS3NotFound,
  isS3ServerError,
  isThrottling,
} from '../../src/index.js';

/** An error shaped as AWS SDK v3 builds it: a name and, when the service answered, `$metadata.httpStatusCode`. */
function s3Error(name: string, status?: number): Error {
  const error = new Error(`${name} from S3`);
  error.name = name;
  Object.assign(error, { $metadata: status === undefined ? {} : { httpStatusCode: status } });
  return error;
}

describe('S3 error kinds', () => {
  it.each([
    ['NotFound', 404],
    ['NoSuchKey', 404],
    ['NoSuchBucket', 404],
    ['NoSuchVersion', 404],
    ['Unknown', 404],
    ['NoSuchKey', undefined],
  ])('%s (HTTP %s) is not found', (name, status) => {
    // Prepare / Act / Assess
    expect(isS3NotFound(s3Error(name, status))).toBe(true);
  });

  it.each([
    ['AccessDenied', 403],
    ['Forbidden', 403],
    ['Unknown', 403],
    ['AccessDenied', undefined],
  ])('%s (HTTP %s) is access denied', (name, status) => {
    // Prepare / Act / Assess
    expect(isS3AccessDenied(s3Error(name, status))).toBe(true);
  });

  it('a KMS refusal is told by its own name, whatever the status', () => {
    // Prepare / Act / Assess
    expect(isKmsAccessDenied(s3Error('KMS.AccessDeniedException', 400))).toBe(true);
    expect(isKmsAccessDenied(s3Error('AccessDenied', 403))).toBe(false);
  });

  it('a 405 is a delete marker only for a request by versionId', () => {
    // Prepare
    const headOfMarker = s3Error('Unknown', 405);

    // Act / Assess
    expect(isDeleteMarkerVersion(headOfMarker, 'v-marker')).toBe(true);
    expect(isDeleteMarkerVersion(s3Error('MethodNotAllowed'), 'v-marker')).toBe(true);
    expect(isDeleteMarkerVersion(headOfMarker, null)).toBe(false);
    expect(isDeleteMarkerVersion(headOfMarker, undefined)).toBe(false);
  });

  it('other errors are none of these kinds', () => {
    // Prepare
    const others = [
      s3Error('SlowDown', 503),
      s3Error('InternalError', 500),
      s3Error('PreconditionFailed', 412),
      new TypeError('x'),
      'text',
    ];

    // Act / Assess
    for (const error of others) {
      expect([isS3NotFound(error), isS3AccessDenied(error), isKmsAccessDenied(error), isDeleteMarkerVersion(error, 'v1')]).toEqual([
        false,
        false,
        false,
        false,
      ]);
    }
  });

  it.each([
    ['SlowDown', 503],
    ['Throttling', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['Unknown', 429],
    ['SlowDown', undefined],
  ])('%s (HTTP %s) is throttling', (name, status) => {
    // Prepare / Act / Assess
    expect(isThrottling(s3Error(name, status))).toBe(true);
  });

  it.each([
    ['InternalError', 500],
    ['Unknown', 502],
    ['ServiceUnavailable', 503],
    ['Unknown', 504],
    ['InternalError', undefined],
  ])('%s (HTTP %s) is a server error worth another attempt', (name, status) => {
    // Prepare / Act / Assess
    expect(isS3ServerError(s3Error(name, status))).toBe(true);
  });

  it.each([
    ['NotImplemented', 501],
    ['Unknown', 505],
    ['KeyTooLongError', 400],
    ['InvalidArgument', 400],
    ['AccessDenied', 403],
    ['PreconditionFailed', 412],
  ])('%s (HTTP %s) is neither throttling nor a transient server error', (name, status) => {
    // Prepare
    const error = s3Error(name, status);

    // Act / Assess
    expect([isThrottling(error), isS3ServerError(error)]).toEqual([false, false]);
  });
});
