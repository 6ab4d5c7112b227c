import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3Service, startS3Local, type S3EventRecord, type S3Local } from '../../src/index.js';
import { rawRequest, recordingLogger } from '../helpers/s3-server.js';

// The emulator on its own, as a user's test suite runs it: startS3Local and a real SDK client.

let s3Local: S3Local | undefined;
let client: S3Client | undefined;

afterEach(async () => {
  client?.destroy();
  await s3Local?.close();
  client = undefined;
  s3Local = undefined;
});

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe('startS3Local', () => {
  it('serves S3 alone: an SDK client puts and gets an object, the upload emits its object-created event, close removes the temp data dir', async () => {
    // Prepare
    s3Local = await startS3Local({ port: 0, buckets: ['my-bucket'] });
    client = new S3Client({
      endpoint: s3Local.endpoint,
      region: s3Local.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const events: S3EventRecord[] = [];
    s3Local.onObjectCreated((record) => events.push(record));

    // Act
    await client.send(new PutObjectCommand({ Bucket: 'my-bucket', Key: 'reports/a b.csv', Body: 'id,size\n1,42\n' }));
    const body = await (await client.send(new GetObjectCommand({ Bucket: 'my-bucket', Key: 'reports/a b.csv' }))).Body!.transformToString();
    const { dataDir } = s3Local;
    const existedWhileServing = existsSync(dataDir);
    await s3Local.close();
    s3Local = undefined;

    // Assess
    expect(body).toBe('id,size\n1,42\n');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      awsRegion: 'us-east-1',
      s3: { bucket: { name: 'my-bucket', arn: 'arn:aws:s3:::my-bucket' }, object: { key: 'reports/a+b.csv', size: 13 } },
    });
    expect(existedWhileServing).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses a request for another Host (DNS rebinding) or from another origin (CSRF) with S3 403 AccessDenied, and logs why', async () => {
    // Prepare
    const logger = recordingLogger();
    s3Local = await startS3Local({ port: 0, buckets: ['my-bucket'], logger, allowedHosts: ['s3.test'] });
    const port = portOf(s3Local.endpoint);

    // Act
    const rebound = await rawRequest(port, 'GET', '/my-bucket', { host: `rebound.evil.example:${port}` });
    const crossSite = await rawRequest(
      port,
      'PUT',
      '/my-bucket/planted.txt',
      { origin: 'https://evil.example', 'content-length': 7 },
      'planted',
    );
    const allowed = await rawRequest(port, 'GET', '/my-bucket', { host: 's3.test' });

    // Assess
    for (const refused of [rebound, crossSite]) {
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toBe('application/xml');
      expect(refused.body).toContain('<Code>AccessDenied</Code>');
    }
    expect(rebound.body).toContain(`Host &quot;rebound.evil.example:${port}&quot; is not an address this runtime serves`);
    expect(crossSite.body).toContain('Origin &quot;https://evil.example&quot; is not allowed');
    expect(allowed.status).toBe(200);
    expect(allowed.body).not.toContain('planted.txt');
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.attributes['reason'])).toEqual([
      `Host "rebound.evil.example:${port}" is not an address this runtime serves`,
      'Origin "https://evil.example" is not allowed',
    ]);
  });
});

describe('createS3Service', () => {
  it('claims every request but AWS JSON protocol calls (an X-Amz-Target or an application/x-amz-json body)', async () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 's3-local-claims-'));
    const service = await createS3Service({ directory, buckets: [], region: 'us-east-1' });
    const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as IncomingMessage;

    // Act
    const claimed = [
      service.claims(request('GET', {})),
      service.claims(request('PUT', { 'content-type': 'application/octet-stream' })),
      service.claims(request('POST', { 'content-type': 'multipart/form-data; boundary=x' })),
      service.claims(
        request('POST', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }),
      ),
      service.claims(request('POST', { 'content-type': 'application/x-amz-json-1.1' })),
      service.claims(request('POST', { 'x-amz-target': 'DynamoDB_20120810.GetItem' })),
    ];
    await service.close();
    rmSync(directory, { recursive: true, force: true });

    // Assess
    expect(claimed).toEqual([true, true, true, false, false, false]);
  });
});
