import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errorMessage, errorName, httpStatusOf, withoutRawResponse } from '../../src/index.js';

/** An error shaped as AWS SDK v3 service errors are: `$metadata` and a raw `$response` whose body references the signed request. */
function serviceError(name: string, status: number, signedRequest: object): Error {
  const error = new Error(`${name} from the service`);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode: status, requestId: 'req-1' } });
  Object.defineProperty(error, '$response', { value: { statusCode: status, body: { req: signedRequest } }, enumerable: false });
  return error;
}

describe('errorName / errorMessage / httpStatusOf', () => {
  it('read an SDK service error', () => {
    // Prepare
    const error = serviceError('NoSuchKey', 404, {});

    // Act / Assess
    expect(errorName(error)).toBe('NoSuchKey');
    expect(errorMessage(error)).toBe('NoSuchKey from the service');
    expect(httpStatusOf(error)).toBe(404);
  });

  it('tell nothing made up for values that are not SDK errors', () => {
    // Prepare / Act / Assess
    expect(errorName('boom')).toBeUndefined();
    expect(errorMessage('boom')).toBe('boom');
    expect(httpStatusOf(new Error('no metadata'))).toBeUndefined();
    expect(httpStatusOf({ $metadata: { httpStatusCode: '404' } })).toBeUndefined();
    expect(httpStatusOf(null)).toBeUndefined();
  });
});

describe('withoutRawResponse', () => {
  it('drops the raw response body, which references the signed request, and keeps the rest', () => {
    // Prepare
    const signedRequest = { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIASIZEGATETEST0001/…' } };
    const error = serviceError('AccessDenied', 403, signedRequest);
    expect(inspect(error, { showHidden: true, depth: 8 })).toContain('AKIASIZEGATETEST0001');

    // Act
    const returned = withoutRawResponse(error);

    // Assess
    expect(returned).toBe(error);
    expect(inspect(error, { showHidden: true, depth: 8 })).not.toContain('AKIASIZEGATETEST0001');
    expect(httpStatusOf(error)).toBe(403);
    expect(error.name).toBe('AccessDenied');
  });

  it('leaves errors without a raw response and non-objects as they are', () => {
    // Prepare
    const plain = new Error('plain');

    // Act / Assess
    expect(withoutRawResponse(plain)).toBe(plain);
    expect(withoutRawResponse('text')).toBe('text');
    expect(withoutRawResponse(undefined)).toBeUndefined();
  });
});
