import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** What the construct gates: the bucket, and the access-log bucket when it created one. */
export interface GatedBucket {
  readonly bucket: s3.IBucket;
  readonly accessLogsBucket?: s3.Bucket;
}

/** Noncurrent versions are kept this long, then expire (versioning is on for recovery, not forever). */
const NONCURRENT_VERSION_EXPIRATION = Duration.days(30);

/**
 * Returns the existing bucket, or creates one with secure defaults: all public access blocked,
 * SSL enforced, S3-managed encryption, versioning with noncurrent versions expiring, and server
 * access logs delivered to a companion bucket. `bucketProps` override the defaults.
 */
export function createOrUseBucket(
  scope: Construct,
  existing: s3.IBucket | undefined,
  bucketProps: s3.BucketProps | undefined,
  removalPolicy: RemovalPolicy,
): GatedBucket {
  if (existing !== undefined) return { bucket: existing };

  const accessLogsBucket =
    bucketProps?.serverAccessLogsBucket === undefined
      ? new s3.Bucket(scope, 'AccessLogsBucket', {
          blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
          enforceSSL: true,
          // Server access log delivery supports SSE-S3 only.
          encryption: s3.BucketEncryption.S3_MANAGED,
          // Object ownership is left to CDK: log delivery needs ObjectWriter when it uses ACLs.
          versioned: true,
          lifecycleRules: [{ noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRATION }],
          removalPolicy,
        })
      : undefined;
  if (accessLogsBucket !== undefined) {
    Validations.of(accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the server access logs of the gated bucket; logging its own access would recurse.',
    });
  }

  const bucket = new s3.Bucket(scope, 'Bucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: NONCURRENT_VERSION_EXPIRATION }],
    removalPolicy,
    ...(accessLogsBucket !== undefined ? { serverAccessLogsBucket: accessLogsBucket, serverAccessLogsPrefix: 'access-logs/' } : {}),
    ...bucketProps,
  });
  return accessLogsBucket !== undefined ? { bucket, accessLogsBucket } : { bucket };
}
