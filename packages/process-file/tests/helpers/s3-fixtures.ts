import { S3ServiceException } from '@aws-sdk/client-s3';
import { serviceErrorInit } from '@sizegate/testing';
import { createHash } from 'node:crypto';

/** An error shaped as the SDK throws it: a service exception with a name and an HTTP status. */
export function s3Error(name: string, httpStatusCode: number | undefined, message = `${name} from S3`): S3ServiceException {
  return new S3ServiceException(serviceErrorInit(name, httpStatusCode, message));
}

export function sha256Hex(...chunks: ReadonlyArray<Buffer | string>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** check-size's result for an object, as ChoiceState hands it to ProcessFile. */
export function sizedEvent(overrides: Record<string, unknown> = {}) {
  return {
    bucket: 'incoming',
    key: 'reports/2024/data.csv',
    versionId: 'v-1',
    size: 0,
    etag: '"0123456789abcdef0123456789abcdef"',
    contentType: 'text/csv',
    lastModified: '2024-05-01T10:00:00.000Z',
    ...overrides,
  } as {
    bucket: string;
    key: string;
    versionId: string | null;
    size: number;
    etag: string;
    [field: string]: unknown;
  };
}
