import { S3ServiceException } from '@aws-sdk/client-s3';
import { serviceErrorInit } from '@sizegate/testing';

/** An S3 service error as the SDK builds it: a name and (when S3 answered) an HTTP status. */
export function s3Error(name: string, httpStatusCode: number | undefined): S3ServiceException {
  return new S3ServiceException(serviceErrorInit(name, httpStatusCode));
}
