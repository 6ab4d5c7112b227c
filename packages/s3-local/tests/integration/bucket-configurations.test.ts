import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sdkRejection, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';

describe('lifecycle and notification configurations: stored and returned', () => {
  let server: S3TestServer;
  let s3: S3Client;

  beforeEach(async () => {
    server = await startS3TestServer(['incoming']);
    s3 = server.client();
  });
  afterEach(async () => {
    await server.close();
  });

  const putRules = (Rules: LifecycleRule[]) =>
    s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: 'incoming', LifecycleConfiguration: { Rules } }));

  it('a lifecycle configuration comes back as put; a rule without ID gets one; DeleteBucketLifecycle (204) leaves NoSuchLifecycleConfiguration', async () => {
    // Prepare
    const rules: LifecycleRule[] = [
      { ID: 'logs', Filter: { Prefix: 'logs/' }, Status: 'Enabled', Expiration: { Days: 30 } },
      {
        Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'kind', Value: 'scratch' }] } },
        Status: 'Disabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ];

    // Act
    const before = await sdkRejection(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'incoming' })));
    await putRules(rules);
    const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'incoming' }));
    const deleted = await s3.send(new DeleteBucketLifecycleCommand({ Bucket: 'incoming' }));
    const after = await sdkRejection(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'incoming' })));

    // Assess
    expect(before).toMatchObject({ name: 'NoSuchLifecycleConfiguration', status: 404 });
    expect(got.Rules?.[0]).toEqual(rules[0]);
    expect(got.Rules?.[1]).toMatchObject({ ...rules[1], ID: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) });
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(after).toMatchObject({ name: 'NoSuchLifecycleConfiguration', status: 404 });
  });

  it('refuses what S3 refuses: Status other than Enabled/Disabled (MalformedXML), IDs over 255 characters or repeated, dates not at midnight UTC (InvalidArgument)', async () => {
    // Prepare
    const rule = (change: Partial<LifecycleRule>): LifecycleRule => ({
      ID: 'r',
      Filter: { Prefix: '' },
      Status: 'Enabled',
      Expiration: { Days: 1 },
      ...change,
    });

    // Act
    const status = await sdkRejection(putRules([rule({ Status: 'enabled' as LifecycleRule['Status'] })]));
    const longId = await sdkRejection(putRules([rule({ ID: 'a'.repeat(256) })]));
    const sameId = await sdkRejection(putRules([rule({}), rule({ Filter: { Prefix: 'x' } })]));
    const notMidnight = await sdkRejection(putRules([rule({ Expiration: { Date: new Date('2030-01-01T03:28:21Z') } })]));
    await putRules([rule({ Expiration: { Date: new Date('2030-01-01T00:00:00Z') } })]);

    // Assess
    expect(status).toMatchObject({ name: 'MalformedXML', status: 400 });
    expect(longId).toMatchObject({ name: 'InvalidArgument', status: 400 });
    expect(sameId).toMatchObject({ name: 'InvalidArgument', status: 400 });
    expect(notMidnight).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('a notification configuration: empty until put, then returned as put', async () => {
    // Prepare
    const configuration = {
      QueueConfigurations: [
        {
          Id: 'created',
          QueueArn: 'arn:aws:sqs:us-east-1:000000000000:uploads',
          Events: ['s3:ObjectCreated:*' as const],
          Filter: { Key: { FilterRules: [{ Name: 'prefix' as const, Value: 'in/' }] } },
        },
      ],
    };

    // Act
    const empty = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'incoming' }));
    await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: 'incoming', NotificationConfiguration: configuration }));
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'incoming' }));

    // Assess
    expect([empty.QueueConfigurations, empty.TopicConfigurations, empty.LambdaFunctionConfigurations]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(got.QueueConfigurations).toEqual(configuration.QueueConfigurations);
  });
});
