import { ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

describe('listing edge cases: max-keys=0, continuation tokens, encoding-type=url', () => {
  let server: S3TestServer;
  let s3: S3Client;
  const keys = ['a', 'b', 'u', 'z'];

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key, Body: Key }));
  });
  afterEach(async () => {
    await server.close();
  });

  it('max-keys=0 lists nothing and is not truncated, v1 and v2 (no continuation token to follow)', async () => {
    // Act
    const v2 = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', MaxKeys: 0 }));
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: 'incoming', MaxKeys: 0 }));

    // Assess
    expect({ truncated: v2.IsTruncated, token: v2.NextContinuationToken, contents: v2.Contents, count: v2.KeyCount }).toEqual({
      truncated: false,
      token: undefined,
      contents: undefined,
      count: 0,
    });
    expect({ truncated: v1.IsTruncated, marker: v1.NextMarker, contents: v1.Contents }).toEqual({
      truncated: false,
      marker: undefined,
      contents: undefined,
    });
  });

  it('following every continuation token from max-keys=1 lists each key once, none skipped', async () => {
    // Act
    const listed: string[] = [];
    let ContinuationToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await s3.send(new ListObjectsV2Command({ Bucket: 'incoming', MaxKeys: 1, ContinuationToken }));
      listed.push(...(response.Contents ?? []).map((object) => object.Key!));
      ContinuationToken = response.NextContinuationToken;
      if (!response.IsTruncated) break;
    }

    // Assess
    expect(listed).toEqual(keys);
  });

  it('an empty continuation token lists from the start and is echoed; a forged one is refused', async () => {
    // Act
    const empty = await rawRequest(server.port, 'GET', '/incoming?list-type=2&continuation-token=');
    const forged = await rawRequest(
      server.port,
      'GET',
      `/incoming?list-type=2&continuation-token=${Buffer.from('x:y').toString('base64url')}`,
    );

    // Assess
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('<ContinuationToken></ContinuationToken>');
    expect([...empty.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1])).toEqual(keys);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('<Code>InvalidArgument</Code>');
  });

  it('encoding-type=url percent-encodes keys, common prefixes and markers (space %20, plus %2B, slash kept); v1 leaves Prefix as sent', async () => {
    // Prepare
    for (const Key of ['foo+1/bar', 'quux ab/thud', 'asdf+b']) await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key, Body: 'x' }));

    // Act
    const v2 = await rawRequest(server.port, 'GET', '/incoming?list-type=2&delimiter=%2F&encoding-type=url&prefix=');
    const v1 = await rawRequest(server.port, 'GET', '/incoming?delimiter=%2F&encoding-type=url&prefix=%0A&marker=a%20b');

    // Assess
    expect([...v2.body.matchAll(/<Prefix>([^<]*)<\/Prefix>/g)].map((match) => match[1])).toEqual(['', 'foo%2B1/', 'quux%20ab/']);
    expect(v2.body).toContain('<Key>asdf%2Bb</Key>');
    expect(v1.body).toContain('<Prefix>\n</Prefix>');
    expect(v1.body).toContain('<Marker>a%20b</Marker>');
  });
});
