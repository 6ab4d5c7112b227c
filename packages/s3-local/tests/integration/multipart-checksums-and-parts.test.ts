import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type ChecksumType,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, sdkRejection, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

const MiB = 1024 * 1024;
const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.alloc(5 * MiB, 'b'), Buffer.from('the last part')];
const whole = Buffer.concat(parts);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
const crc32Bytes = (data: Buffer) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(data) >>> 0);
  return bytes;
};
const crc64nvme = async (data: Buffer) => {
  const crc = new Crc64Nvme();
  crc.update(data);
  return Buffer.from(await crc.digest()).toString('base64');
};

describe('multipart checksums, GetObject partNumber and GetObjectAttributes', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  /** Uploads `parts` with a checksum algorithm and type; returns the completion and the parts' responses. */
  async function upload(
    Key: string,
    ChecksumAlgorithm: ChecksumAlgorithm,
    ChecksumType?: ChecksumType,
    completeWith: Record<string, string> = {},
  ) {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key, ChecksumAlgorithm, ChecksumType }));
    const uploaded = [];
    for (const [index, Body] of parts.entries())
      uploaded.push(
        await s3.send(
          new UploadPartCommand({ Bucket: 'incoming', Key, UploadId: created.UploadId, PartNumber: index + 1, Body, ChecksumAlgorithm }),
        ),
      );
    const Parts = uploaded.map((part, index) => ({
      PartNumber: index + 1,
      ETag: part.ETag,
      ChecksumSHA256: part.ChecksumSHA256,
      ChecksumCRC32: part.ChecksumCRC32,
      ChecksumCRC64NVME: part.ChecksumCRC64NVME,
    }));
    const completed = s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'incoming',
        Key,
        UploadId: created.UploadId,
        MultipartUpload: { Parts },
        ...completeWith,
      }),
    );
    return { created, uploaded, completed };
  }

  it('COMPOSITE SHA256: the SHA-256 of the parts\' SHA-256s, "-3"; echoed by CompleteMultipartUpload and by HeadObject with checksum mode', async () => {
    // Prepare
    const expected = `${createHash('sha256')
      .update(Buffer.concat(parts.map(sha256)))
      .digest('base64')}-3`;

    // Act
    const { created, uploaded, completed } = await upload('composite', 'SHA256');
    const result = await completed;
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'composite', ChecksumMode: 'ENABLED' }));
    const plainHead = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'composite' }));

    // Assess
    expect([created.ChecksumAlgorithm, created.ChecksumType]).toEqual(['SHA256', 'COMPOSITE']);
    expect(uploaded.map((part) => part.ChecksumSHA256)).toEqual(parts.map((part) => sha256(part).toString('base64')));
    expect([result.ChecksumSHA256, result.ChecksumType]).toEqual([expected, 'COMPOSITE']);
    expect([head.ChecksumSHA256, head.ChecksumType]).toEqual([expected, 'COMPOSITE']);
    expect(plainHead.ChecksumSHA256).toBeUndefined();
  });

  it('FULL_OBJECT CRC32 and CRC64NVME: the CRC of the whole object, as a single PUT of the same bytes gets', async () => {
    // Act
    const crc32Result = await (await upload('full-crc32', 'CRC32', 'FULL_OBJECT')).completed;
    const crc64Result = await (await upload('full-crc64', 'CRC64NVME')).completed;

    // Assess
    expect([crc32Result.ChecksumCRC32, crc32Result.ChecksumType]).toEqual([crc32Bytes(whole).toString('base64'), 'FULL_OBJECT']);
    expect([crc64Result.ChecksumCRC64NVME, crc64Result.ChecksumType]).toEqual([await crc64nvme(whole), 'FULL_OBJECT']);
  });

  it("a whole-object checksum sent with CompleteMultipartUpload that does not match → 400 BadDigest, nothing stored; a part checksum that is not the part's → InvalidPart", async () => {
    // Act
    const wrongWhole = await sdkRejection(
      (await upload('wrong', 'SHA256', undefined, { ChecksumSHA256: `${sha256(Buffer.from('x')).toString('base64')}-3` })).completed,
    );
    const missing = await sdkRejection(s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'wrong' })));
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'part', ChecksumAlgorithm: 'SHA256' }));
    const part = await s3.send(
      new UploadPartCommand({
        Bucket: 'incoming',
        Key: 'part',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: 'x',
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    const wrongPart = await sdkRejection(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: 'incoming',
          Key: 'part',
          UploadId: created.UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumSHA256: sha256(Buffer.from('y')).toString('base64') }] },
        }),
      ),
    );

    // Assess
    expect(wrongWhole).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(missing.status).toBe(404);
    expect(wrongPart).toMatchObject({ name: 'InvalidPart', status: 400 });
  });

  it('refuses checksum types an algorithm does not have (FULL_OBJECT SHA256, COMPOSITE CRC64NVME)', async () => {
    // Act
    const fullSha = await sdkRejection(
      s3.send(new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'k', ChecksumAlgorithm: 'SHA256', ChecksumType: 'FULL_OBJECT' })),
    );
    const compositeCrc64 = await sdkRejection(
      s3.send(
        new CreateMultipartUploadCommand({ Bucket: 'incoming', Key: 'k', ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' }),
      ),
    );

    // Assess
    expect(fullSha).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(compositeCrc64).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it('GetObject/HeadObject partNumber=N read the N-th part (206, x-amz-mp-parts-count); past the last → 400 InvalidPart; a single-part object is part 1', async () => {
    // Prepare
    const { completed } = await upload('parts', 'SHA256');
    const result = await completed;
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'single', Body: 'whole' }));

    // Act
    const second = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'parts', PartNumber: 2, ChecksumMode: 'ENABLED' }));
    const secondBody = Buffer.from(await second.Body!.transformToByteArray());
    const third = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'parts', PartNumber: 3 }));
    const fourth = await sdkRejection(s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'parts', PartNumber: 4 })));
    const single = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'single', PartNumber: 1 }));
    const singleSecond = await sdkRejection(s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'single', PartNumber: 2 })));

    // Assess
    expect([second.$metadata.httpStatusCode, second.PartsCount, second.ETag, second.ContentRange]).toEqual([
      206,
      3,
      result.ETag,
      `bytes ${5 * MiB}-${10 * MiB - 1}/${whole.length}`,
    ]);
    expect(secondBody.equals(parts[1]!)).toBe(true);
    expect(second.ChecksumSHA256).toBe(sha256(parts[1]!).toString('base64'));
    expect([third.ContentLength, third.PartsCount]).toEqual([parts[2]!.length, 3]);
    expect(fourth).toMatchObject({ name: 'InvalidPart', status: 400 });
    expect(await single.Body!.transformToString()).toBe('whole');
    expect(singleSecond).toMatchObject({ name: 'InvalidPart', status: 400 });
  });

  it('GetObject partNumber that is not an integer from 1 to 10000 → 400 InvalidArgument naming partNumber and the value', async () => {
    // Prepare
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'single', Body: 'whole' }));

    // Act
    const answers = await Promise.all(
      ['0', 'abc', '10001'].map((value) => rawRequest(server.port, 'GET', `/incoming/single?partNumber=${value}`)),
    );

    // Assess
    for (const [index, value] of ['0', 'abc', '10001'].entries()) {
      expect(answers[index]?.status).toBe(400);
      expect(answers[index]?.body).toContain('<Code>InvalidArgument</Code>');
      expect(answers[index]?.body).toContain('<Message>Part number must be an integer between 1 and 10000, inclusive</Message>');
      expect(answers[index]?.body).toContain(`<ArgumentName>partNumber</ArgumentName><ArgumentValue>${value}</ArgumentValue>`);
    }
  });

  it('GetObjectAttributes: ETag, Checksum, StorageClass, ObjectSize, and the parts of a multipart object a page at a time', async () => {
    // Prepare
    const { completed } = await upload('attrs', 'SHA256');
    const result = await completed;
    const attributes = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;

    // Act
    const page = await s3.send(
      new GetObjectAttributesCommand({
        Bucket: 'incoming',
        Key: 'attrs',
        ObjectAttributes: [...attributes],
        MaxParts: 1,
        PartNumberMarker: '1',
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'plain', Body: 'abc' }));
    const plain = await s3.send(
      new GetObjectAttributesCommand({ Bucket: 'incoming', Key: 'plain', ObjectAttributes: ['ObjectSize', 'ObjectParts', 'ETag'] }),
    );

    // Assess
    expect(page).toMatchObject({
      ETag: result.ETag!.replace(/"/g, ''),
      StorageClass: 'STANDARD',
      ObjectSize: whole.length,
      Checksum: { ChecksumSHA256: result.ChecksumSHA256, ChecksumType: 'COMPOSITE' },
    });
    expect(page.ObjectParts).toMatchObject({
      TotalPartsCount: 3,
      PartNumberMarker: '1',
      NextPartNumberMarker: '2',
      MaxParts: 1,
      IsTruncated: true,
      Parts: [{ PartNumber: 2, Size: 5 * MiB, ChecksumSHA256: sha256(parts[1]!).toString('base64') }],
    });
    expect([plain.ObjectSize, plain.ObjectParts, plain.StorageClass]).toEqual([3, undefined, undefined]);
  });

  it('a single PUT verifies x-amz-checksum-crc64nvme (400 BadDigest when wrong) and returns it', async () => {
    // Act
    const stored = await s3.send(
      new PutObjectCommand({
        Bucket: 'incoming',
        Key: 'crc64',
        Body: 'crc64 body',
        ChecksumCRC64NVME: await crc64nvme(Buffer.from('crc64 body')),
      }),
    );
    const wrong = await sdkRejection(
      s3.send(
        new PutObjectCommand({
          Bucket: 'incoming',
          Key: 'crc64',
          Body: 'other body',
          ChecksumCRC64NVME: await crc64nvme(Buffer.from('crc64 body')),
        }),
      ),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'incoming', Key: 'crc64', ChecksumMode: 'ENABLED' }));

    // Assess
    expect(stored.ChecksumCRC64NVME).toBe(await crc64nvme(Buffer.from('crc64 body')));
    expect(wrong).toMatchObject({ name: 'BadDigest', status: 400 });
    expect([head.ChecksumCRC64NVME, head.ChecksumType]).toEqual([stored.ChecksumCRC64NVME, 'FULL_OBJECT']);
  });
});
