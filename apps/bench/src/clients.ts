import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { LoggerLike } from '@sizegate/types';

/** The local runtime accepts any credentials. */
export const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
export const REGION = 'us-east-1';

/** An S3 client for the local endpoint with the SDK's defaults otherwise, as a user's code would build it. */
export function s3Client(endpoint: string, extra: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint, region: REGION, credentials: CREDENTIALS, forcePathStyle: true, ...extra });
}

export function sfnClient(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: REGION, credentials: CREDENTIALS });
}

/** Handlers log nothing in the bench: logging cost is not what is measured. */
export const quietLogger: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };
