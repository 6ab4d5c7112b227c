import {
  CreateBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Local, type S3Local } from '../../src/index.js';
import { sdkRejection } from '../helpers/s3-server.js';

let s3Local: S3Local | undefined;
let s3: S3Client | undefined;

afterEach(async () => {
  s3?.destroy();
  await s3Local?.close();
  s3 = undefined;
  s3Local = undefined;
});

async function start(region: string): Promise<S3Client> {
  s3Local = await startS3Local({ port: 0, buckets: ['incoming'], region });
  s3 = new S3Client({
    endpoint: s3Local.endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return s3;
}

describe('re-creating a bucket you own, and the headers of writes', () => {
  it('us-east-1: CreateBucket on a bucket you own answers 200 and keeps its objects ("create if needed" code works)', async () => {
    // Prepare
    const client = await start('us-east-1');
    await client.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'kept', Body: 'x' }));

    // Act
    const again = await client.send(new CreateBucketCommand({ Bucket: 'incoming' }));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'incoming' }));

    // Assess
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['kept']);
  });

  it('another region: CreateBucket on a bucket you own → 409 BucketAlreadyOwnedByYou, as S3 answers outside us-east-1', async () => {
    // Prepare
    const client = await start('eu-west-3');

    // Act
    const again = await sdkRejection(
      client.send(new CreateBucketCommand({ Bucket: 'incoming', CreateBucketConfiguration: { LocationConstraint: 'eu-west-3' } })),
    );

    // Assess
    expect(again).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
  });

  it('a versioning-suspended bucket answers writes without x-amz-version-id (S3 omits the "null" id); an enabled one sends the new id', async () => {
    // Prepare
    const client = await start('us-east-1');
    await client.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const enabled = await client.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'v', Body: 'one' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Suspended' } }));

    // Act
    const suspended = await client.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'v', Body: 'two' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'v' }));

    // Assess
    expect(enabled.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(suspended.VersionId).toBeUndefined();
    expect(head.VersionId).toBe('null');
  });

  it('Content-Encoding is stored as sent ("deflate, gzip"), only the aws-chunked framing removed', async () => {
    // Prepare
    const client = await start('us-east-1');
    const encodingAfterPut = async (ContentEncoding: string) => {
      await client.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'enc', Body: 'x', ContentEncoding }));
      return (await client.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'enc' }))).ContentEncoding;
    };

    // Act
    const stored = [];
    for (const sent of ['deflate, gzip', 'gzip, aws-chunked', 'aws-chunked, gzip', 'aws-chunked'])
      stored.push(await encodingAfterPut(sent));

    // Assess
    expect(stored).toEqual(['deflate, gzip', 'gzip', 'gzip', undefined]);
  });
});
