import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkKey, MAX_SEGMENT_BYTES } from '../../src/s3/path-safety.js';
import { prepareRequest } from '../../src/s3/request-target.js';

const fakeRequest = (url: string, headers: Record<string, string> = {}) => ({ url, method: 'GET', headers: { host: '127.0.0.1:4566', ...headers } }) as unknown as IncomingMessage;

describe('prepareRequest', () => {
  it('drops the Authorization header and presigned-URL parameters, keeping other parameters byte for byte', () => {
    // Prepare
    const req = fakeRequest(
      '/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb&response-content-type=text%2Fplain&X-Amz-Signature=x&x-amz-expires=5&Signature=s&AWSAccessKeyId=A&Expires=1&prefix=a+b',
      { authorization: 'AWS4-HMAC-SHA256 Credential=ANY/...' },
    );

    // Act
    const check = prepareRequest(req);

    // Assess
    expect(check.ok).toBe(true);
    expect(req.url).toBe('/b/k?response-content-type=text%2Fplain&prefix=a+b');
    expect(req.headers.authorization).toBeUndefined();
  });

  it('maps <bucket>.localhost hosts to path style and leaves other hosts alone', () => {
    // Prepare
    const virtual = fakeRequest('/dir/key.txt?x=1', { host: 'my-bucket.localhost:4566' });
    const other = fakeRequest('/b/key.txt', { host: 'host.docker.internal:4566' });

    // Act
    const checks = [prepareRequest(virtual), prepareRequest(other)];

    // Assess
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(virtual.url).toBe('/my-bucket/dir/key.txt?x=1');
    expect(other.url).toBe('/b/key.txt');
  });

  it('reports the decoded bucket and key it will serve', () => {
    // Prepare
    const req = fakeRequest('/b/a%20b%2Bc/%C3%BC.txt?uploadId=0123456789abcdef0123456789abcdef&partNumber=3');

    // Act
    const check = prepareRequest(req);

    // Assess
    expect(check).toMatchObject({ ok: true, target: { bucket: 'b', key: 'a b+c/ü.txt' } });
  });

  it('rewrites x-amz-copy-source so that decodeURI (what s3rver applies) yields the S3 key', () => {
    // Prepare
    const req = fakeRequest('/dst/copy', { 'x-amz-copy-source': '/src/a%20b%2Bc%3Fd%25e.txt?versionId=null' });

    // Act
    const check = prepareRequest(req);

    // Assess
    expect(check.ok).toBe(true);
    expect(decodeURI(req.headers['x-amz-copy-source'] as string)).toBe('src/a b+c?d%e.txt');
  });

  it.each([
    ['/b/..%2f..%2fx', {}, 400, 'InvalidArgument'],
    ['/b/ok', { 'x-amz-copy-source': 'b/..%2Fx' }, 400, 'InvalidArgument'],
    ['/b/ok', { 'x-amz-copy-source': 'b/k?versionId=abc' }, 400, 'InvalidArgument'],
    ['/..%2Fb/k', {}, 400, 'InvalidBucketName'],
    ['/b/k?uploadId=../../x&partNumber=1', {}, 404, 'NoSuchUpload'],
    ['/b/k?uploadId=0123456789abcdef0123456789abcdef&partNumber=10001', {}, 400, 'InvalidArgument'],
    ['/b/k?uploadId=0123456789abcdef0123456789abcdef&partNumber=..%2F1', {}, 400, 'InvalidArgument'],
  ] as const)('refuses %s %j with %i %s', (url, headers, status, code) => {
    // Act
    const check = prepareRequest(fakeRequest(url, headers));

    // Assess
    expect(check).toMatchObject({ ok: false, status, problem: { code } });
  });
});

describe('checkKey', () => {
  it('names the key, refuses .. segments with either separator and over-long segments, and accepts the rest', () => {
    // Prepare
    const fits = 'x'.repeat(MAX_SEGMENT_BYTES);

    // Act
    const results = {
      dotDot: checkKey('a/../b'),
      backslash: checkKey('a\\..\\b'),
      tooLong: checkKey(`a/${fits}x`),
      nul: checkKey('a\0b'),
      fits: checkKey(`a/${fits}`),
      dotsInside: checkKey('a..b/.../c.'),
    };

    // Assess
    expect(results.dotDot).toMatchObject({ code: 'InvalidArgument', argumentValue: 'a/../b', message: expect.stringContaining('"a/../b"') });
    expect(results.backslash?.code).toBe('InvalidArgument');
    expect(results.tooLong?.code).toBe('InvalidArgument');
    expect(results.nul?.code).toBe('InvalidArgument');
    expect(results.fits).toBeUndefined();
    expect(results.dotsInside).toBeUndefined();
  });
});
