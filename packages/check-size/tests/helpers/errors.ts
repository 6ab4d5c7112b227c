import { S3ServiceException } from '@aws-sdk/client-s3';

/** An S3 service error as the SDK builds it: a name and (when S3 answered) an HTTP status. */
export function s3Error(name: string, httpStatusCode: number | undefined): S3ServiceException {
  return new S3ServiceException({
    name,
    $fault: httpStatusCode !== undefined && httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: httpStatusCode === undefined ? {} : { httpStatusCode },
    message: `${name} from the mock`,
  });
}

/** What `promise` rejects with; throws when it resolves, so a test cannot pass by accident. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
