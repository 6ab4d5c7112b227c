// Runs in a temp project where the @sizegate packages were installed from their tarballs with npm.
// Uses @sizegate/s3-local alone, as its README shows a test suite doing it: startS3Local, then a
// real SDK client (forcePathStyle, 127.0.0.1) puts and gets an object; the upload's event is kept.
// Prints its observations as one JSON line; the test (apps/pack-test/tests) judges them.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Local } from '@sizegate/s3-local';

const s3Local = await startS3Local({ port: 0, buckets: ['my-bucket'] });
const events = [];
s3Local.onObjectCreated((record) => events.push(record));
const s3 = new S3Client({
  endpoint: s3Local.endpoint,
  region: s3Local.region,
  forcePathStyle: true,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
try {
  await s3.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: 'hello.txt', Body: 'hello from the tarball' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'hello.txt' }));
  console.log(
    JSON.stringify({
      endpoint: s3Local.endpoint,
      body: await got.Body.transformToString(),
      events: events.map((record) => ({
        eventName: record.eventName,
        bucket: record.s3.bucket.name,
        key: record.s3.object.key,
        size: record.s3.object.size,
      })),
    }),
  );
} finally {
  s3.destroy();
  await s3Local.close();
}
