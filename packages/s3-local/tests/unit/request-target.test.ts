import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkBucketName, checkKey } from '../../src/path-safety.js';
import { prepareRequest } from '../../src/request-target.js';

const fakeRequest = (url: string, headers: Record<string, string> = {}) =>
  ({ url, method: 'GET', headers: { host: '127.0.0.1:4566', ...headers } }) as unknown as IncomingMessage;

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

  it('decodes x-amz-copy-source completely, as S3 does, and reads its versionId', () => {
    // Prepare
    const req = fakeRequest('/dst/copy', { 'x-amz-copy-source': '/src/a%20b%2Bc%3Fd%25e.txt?versionId=abc' });

    // Act
    const check = prepareRequest(req);

    // Assess
    expect(check).toMatchObject({ ok: true, target: { copySource: { bucket: 'src', key: 'a b+c?d%e.txt', versionId: 'abc' } } });
  });

  it('keeps keys with .. segments literal (raw, %2F- and %2E-encoded)', () => {
    // Act
    const raw = prepareRequest(fakeRequest('/b/../../x'));
    const encoded = prepareRequest(fakeRequest('/b/..%2F%2E%2E%2Fx'));
    const copy = prepareRequest(fakeRequest('/b/ok', { 'x-amz-copy-source': 'b/..%2F..%2Fx' }));

    // Assess
    expect(raw).toMatchObject({ ok: true, target: { key: '../../x' } });
    expect(encoded).toMatchObject({ ok: true, target: { key: '../../x' } });
    expect(copy).toMatchObject({ ok: true, target: { copySource: { bucket: 'b', key: '../../x' } } });
  });

  it.each([
    [`/b/${'x'.repeat(1025)}`, {}, 400, 'KeyTooLongError'],
    ['/b/ok', { 'x-amz-copy-source': 'b/' }, 400, 'InvalidArgument'],
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

describe('checkKey and checkBucketName', () => {
  it('accept any key up to 1,024 bytes and only bucket names S3 allows', () => {
    // Act
    const keys = {
      dotDot: checkKey('a/../b'),
      nul: checkKey('a\0b'),
      full: checkKey('é'.repeat(512)),
      tooLong: checkKey(`${'é'.repeat(512)}x`),
    };
    const buckets = ['ok-bucket', 'a.b.c', '..', 'a..b', 'ab', 'Upper', 'x/y', '192.168.0.1', `${'a'.repeat(64)}`].map(
      (name) => checkBucketName(name)?.code,
    );

    // Assess
    expect(keys).toEqual({
      dotDot: undefined,
      nul: undefined,
      full: undefined,
      tooLong: expect.objectContaining({ code: 'KeyTooLongError' }),
    });
    expect(buckets).toEqual([
      undefined,
      undefined,
      'InvalidBucketName',
      'InvalidBucketName',
      'InvalidBucketName',
      'InvalidBucketName',
      'InvalidBucketName',
      'InvalidBucketName',
      'InvalidBucketName',
    ]);
  });
});
