import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkSignatureChain } from '../../src/auth/chunk-signatures.js';
import { deriveSigningKey, verifySigV4, type SignedRequest, type SigV4Options } from '../../src/auth/sigv4.js';

// Our verifier against requests signed by the AWS SDK's own signer (@smithy/signature-v4, what
// @aws-sdk/client-s3 signs with) and against AWS's published example of a chunked upload.

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

describe('AWS example: PUT Object in chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  // The S3 API reference's worked example (sigv4-streaming, "Example: PUT Object"): its secret, headers and signatures.
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const seed = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
  const request: SignedRequest = {
    method: 'PUT',
    rawPath: '/examplebucket/chunkObject.txt',
    rawQuery: '',
    headers: {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${seed}`,
    },
  };
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

  it('the seed signature verifies, and each chunk signature chains from it as documented', () => {
    // Act
    const verified = verifySigV4(request, { service: 's3', secretFor: () => secret, now: new Date('2013-05-24T00:05:00Z') });
    const chain = new ChunkSignatureChain({
      signingKey: deriveSigningKey(secret, '20130524', 'us-east-1', 's3'),
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      seedSignature: seed,
    });
    const chunks = [
      chain.chunk('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648', sha256(Buffer.alloc(65536, 'a'))),
      chain.chunk('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', sha256(Buffer.alloc(1024, 'a'))),
      chain.chunk('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9', sha256(Buffer.alloc(0))),
    ];

    // Assess
    expect(verified).toMatchObject({ ok: true, signature: seed });
    expect(chunks).toEqual([true, true, true]);
  });

  it('a chunk signed out of order does not verify', () => {
    // Prepare
    const chain = new ChunkSignatureChain({
      signingKey: deriveSigningKey(secret, '20130524', 'us-east-1', 's3'),
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      seedSignature: seed,
    });

    // Act
    const second = chain.chunk('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497', sha256(Buffer.alloc(1024, 'a')));

    // Assess
    expect(second).toBe(false);
  });
});
