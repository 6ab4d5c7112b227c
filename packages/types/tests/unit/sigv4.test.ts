import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAccessKeys, parseAccessKey, signSigV4, verifySigV4, type SignedRequest, type SigV4Options } from '../../src/sigv4/index.js';

// Our verifier and signer against the AWS SDK's own signer (@smithy/signature-v4, what every
// @aws-sdk/client-* signs with). The chunk signatures of aws-chunked uploads are S3's, tested in
// @sizegate/s3-local against AWS's published example.

/** The hash the SDK signer takes: SHA-256, or HMAC-SHA256 with a secret, from node:crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const secretFor = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
const signedAt = new Date('2026-03-01T12:00:00Z');

function sdkSigner(service: string, uriEscapePath: boolean) {
  return new SignatureV4({ service, region: 'eu-west-3', credentials, sha256: NodeSha256, uriEscapePath });
}

/** An SDK-signed request in the shape the verifier reads (path and query as they go on the wire). */
function onTheWire(signed: {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}): SignedRequest {
  const query = Object.entries(signed.query ?? {})
    .flatMap(([name, value]) => (Array.isArray(value) ? value.map((item) => [name, item]) : [[name, value ?? '']]))
    .map(([name, value]) => `${encodeURIComponent(name!)}=${encodeURIComponent(value!)}`)
    .join('&');
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: signed.method, rawPath: signed.path, rawQuery: query, headers };
}

const s3Options = (now = signedAt): SigV4Options => ({ service: 's3', secretFor, now });

async function signS3(path: string, query: Record<string, string> = {}, extraHeaders: Record<string, string> = {}) {
  const request = {
    method: 'PUT',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path,
    query,
    headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...extraHeaders },
  };
  return onTheWire(await sdkSigner('s3', false).sign(request, { signingDate: signedAt }));
}

describe('verifySigV4 against the SDK signer', () => {
  it('accepts S3 requests the SDK signed: keys with spaces, UTF-8, ~ and +, and a query with repeated and empty values', async () => {
    // Prepare
    const requests = [
      await signS3('/bucket/plain.txt'),
      await signS3('/bucket/a%20b%2Bc~d/%C3%A9t%C3%A9.txt', { uploadId: 'abc', partNumber: '2' }),
      await signS3('/bucket', { prefix: 'a b/é', delimiter: '/', 'encoding-type': 'url', 'list-type': '2', 'continuation-token': '' }),
      await signS3('/bucket/k', {}, { 'x-amz-meta-spaced': '  many   spaces  ', 'content-type': 'text/plain' }),
    ];

    // Act
    const results = requests.map((request) => verifySigV4(request, s3Options()));

    // Assess
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(results[0]).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE', via: 'header', scope: '20260301/eu-west-3/s3/aws4_request' });
  });

  it('refuses a changed path, query, signed header or secret as a mismatch, naming the access key', async () => {
    // Prepare
    const signed = await signS3('/bucket/k', { versionId: 'v1' }, { 'x-amz-meta-a': '1' });

    // Act
    const changedPath = verifySigV4({ ...signed, rawPath: '/bucket/other' }, s3Options());
    const changedQuery = verifySigV4({ ...signed, rawQuery: 'versionId=v2' }, s3Options());
    const changedHeader = verifySigV4({ ...signed, headers: { ...signed.headers, 'x-amz-meta-a': '2' } }, s3Options());
    const otherSecret = verifySigV4(signed, { ...s3Options(), secretFor: () => 'not the secret' });

    // Assess
    for (const result of [changedPath, changedQuery, changedHeader, otherSecret])
      expect(result).toMatchObject({ ok: false, kind: 'mismatch', accessKeyId: 'AKIDEXAMPLE' });
    expect(changedHeader.ok ? '' : changedHeader.canonicalRequest).toContain('x-amz-meta-a:2');
  });

  it('refuses an unknown key, a clock 15 minutes off, a malformed header and a credential for another service', async () => {
    // Prepare
    const signed = await signS3('/bucket/k');
    const statesSigned = onTheWire(
      await sdkSigner('states', true).sign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: '127.0.0.1',
          path: '/',
          headers: { host: '127.0.0.1', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        { signingDate: signedAt },
      ),
    );

    // Act
    const unknown = verifySigV4(signed, { ...s3Options(), secretFor: () => undefined });
    const skewed = verifySigV4(signed, s3Options(new Date(signedAt.getTime() + 16 * 60 * 1000)));
    const withinSkew = verifySigV4(signed, s3Options(new Date(signedAt.getTime() + 14 * 60 * 1000)));
    const malformed = verifySigV4(
      {
        ...signed,
        headers: { ...signed.headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/eu-west-3/s3/aws4_request' },
      },
      s3Options(),
    );
    const otherService = verifySigV4(statesSigned, s3Options());

    // Assess
    expect(unknown).toMatchObject({ ok: false, kind: 'unknown-key', accessKeyId: 'AKIDEXAMPLE' });
    expect(skewed).toMatchObject({ ok: false, kind: 'skewed' });
    expect(withinSkew.ok).toBe(true);
    expect(malformed).toMatchObject({ ok: false, kind: 'malformed' });
    expect(otherService).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('accepts a URL the SDK presigned until X-Amz-Expires has passed, then refuses it as expired', async () => {
    // Prepare: as @aws-sdk/s3-request-presigner presigns (S3 query auth signs an UNSIGNED-PAYLOAD)
    const presigned = onTheWire(
      await sdkSigner('s3', false).presign(
        {
          method: 'GET',
          protocol: 'http:',
          hostname: '127.0.0.1',
          port: 4566,
          path: '/bucket/a%20b.txt',
          query: { 'response-content-type': 'text/plain' },
          headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        },
        { signingDate: signedAt, expiresIn: 600 },
      ),
    );

    // Act
    const inTime = verifySigV4(presigned, s3Options(new Date(signedAt.getTime() + 599_000)));
    const late = verifySigV4(presigned, s3Options(new Date(signedAt.getTime() + 601_000)));
    const overAWeek = verifySigV4(
      { ...presigned, rawQuery: presigned.rawQuery.replace('X-Amz-Expires=600', 'X-Amz-Expires=604801') },
      s3Options(),
    );

    // Assess
    expect(inTime).toMatchObject({ ok: true, via: 'query' });
    expect(late).toMatchObject({ ok: false, kind: 'expired', message: 'Request has expired' });
    expect(overAWeek).toMatchObject({ ok: false, kind: 'expired' });
  });

  it('verifies another service the way the SDK signs it there: the path encoded twice, the body hashed by the caller', async () => {
    // Prepare
    const body = '{"stateMachineArn":"arn:aws:states:eu-west-3:000000000000:stateMachine:x"}';
    const request = {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: '/a%20b/c',
      headers: { host: '127.0.0.1', 'x-amz-target': 'AWSStepFunctions.StartExecution' },
      body,
    };
    const signed = onTheWire(await sdkSigner('states', true).sign(request, { signingDate: signedAt }));
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const options: SigV4Options = { service: 'states', secretFor, now: signedAt, doubleEncodePath: true, payloadHash };

    // Act
    const verified = verifySigV4(signed, options);
    const otherBody = verifySigV4(signed, { ...options, payloadHash: createHash('sha256').update('{}').digest('hex') });

    // Assess
    expect(verified.ok).toBe(true);
    expect(otherBody).toMatchObject({ ok: false, kind: 'mismatch' });
  });
});

describe('signSigV4', () => {
  it('signs as the SDK does: the same Authorization for the same request, key and time; verifySigV4 accepts it', async () => {
    // Prepare
    const body = '{"maxResults":1}';
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const sdkSigned = await sdkSigner('states', true).sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4566,
        path: '/',
        headers: { host: '127.0.0.1:4566', 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'x-amz-content-sha256': payloadHash },
        body,
      },
      { signingDate: signedAt },
    );

    // Act
    const ours = signSigV4(
      {
        method: 'POST',
        rawPath: '/',
        rawQuery: '',
        headers: { host: '127.0.0.1:4566', 'x-amz-target': 'AWSStepFunctions.ListExecutions' },
      },
      { ...credentials, region: 'eu-west-3', service: 'states', now: signedAt, payloadHash, doubleEncodePath: true },
    );
    const verified = verifySigV4(
      {
        method: 'POST',
        rawPath: '/',
        rawQuery: '',
        headers: { host: '127.0.0.1:4566', 'x-amz-target': 'AWSStepFunctions.ListExecutions', ...ours },
      },
      { service: 'states', secretFor, now: signedAt, payloadHash, doubleEncodePath: true },
    );

    // Assess
    expect(ours.authorization).toBe(sdkSigned.headers['authorization']);
    expect(verified).toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE', via: 'header' });
  });
});

describe('clock skew', () => {
  it("a service may allow less than S3's 15 minutes; the failure says whether the date lies in the past or the future", async () => {
    // Prepare
    const signed = await signS3('/bucket/k');
    const fiveMinutes = 5 * 60 * 1000;

    // Act
    const late = verifySigV4(signed, { ...s3Options(new Date(signedAt.getTime() + fiveMinutes + 1000)), maxClockSkewMs: fiveMinutes });
    const early = verifySigV4(signed, { ...s3Options(new Date(signedAt.getTime() - fiveMinutes - 1000)), maxClockSkewMs: fiveMinutes });
    const inTime = verifySigV4(signed, { ...s3Options(new Date(signedAt.getTime() + fiveMinutes - 1000)), maxClockSkewMs: fiveMinutes });

    // Assess
    expect(late).toMatchObject({ ok: false, kind: 'skewed', amzDate: '20260301T120000Z', skew: 'past' });
    expect(early).toMatchObject({ ok: false, kind: 'skewed', skew: 'future' });
    expect(inTime.ok).toBe(true);
  });
});

describe('access keys', () => {
  it('reads ID:SECRET[:DISPLAY_NAME] as the command line gives it (the display name may hold colons), never echoing the secret', () => {
    // Act
    const plain = parseAccessKey('AKIDEXAMPLE:secret');
    const named = parseAccessKey('AKIDEXAMPLE:secret:Team: data');
    const missingSecret = () => parseAccessKey('AKIDEXAMPLE');

    // Assess
    expect(plain).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
    expect(named).toEqual({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', displayName: 'Team: data' });
    expect(missingSecret).toThrow('must be ID:SECRET or ID:SECRET:DISPLAY_NAME');
  });

  it('checkAccessKeys refuses empty secrets, key ids with spaces, and a key given twice; gives the keys by id', () => {
    // Act
    const keys = checkAccessKeys([
      { accessKeyId: 'AKIDONE', secretAccessKey: 's1' },
      { accessKeyId: 'AKIDTWO', secretAccessKey: 's2' },
    ]);

    // Assess
    expect([...keys.keys()]).toEqual(['AKIDONE', 'AKIDTWO']);
    expect(() => checkAccessKeys([{ accessKeyId: 'AKID', secretAccessKey: '' }])).toThrow('empty secret');
    expect(() => checkAccessKeys([{ accessKeyId: 'AK ID', secretAccessKey: 's' }])).toThrow('is not valid');
    expect(() =>
      checkAccessKeys([
        { accessKeyId: 'AKID', secretAccessKey: 's' },
        { accessKeyId: 'AKID', secretAccessKey: 't' },
      ]),
    ).toThrow('given twice');
  });
});
