import { createHash } from 'node:crypto';
import { deriveSigningKey, verifySigV4, type SignedRequest } from '@sizegate/types/sigv4';
import { describe, expect, it } from 'vitest';
import { ChunkSignatureChain } from '../../src/auth/chunk-signatures.js';

// The signatures of an aws-chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), against AWS's
// published example. The request's own signature is verified by @sizegate/types/sigv4 (tested there
// against the SDK's signer).

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
