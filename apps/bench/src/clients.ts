import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { LOCAL_CREDENTIALS } from '@sizegate/types';

export const REGION = 'us-east-1';

/** An S3 client for the local endpoint with the SDK's defaults otherwise, as a user's code would build it. */
export function s3Client(endpoint: string, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true, ...extra });
}

export function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
}
