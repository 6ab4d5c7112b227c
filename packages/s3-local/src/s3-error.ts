/**
 * An S3 error response: the code and HTTP status S3 uses, and the elements S3 adds to <Error>
 * (Key, BucketName, VersionId, ArgumentName...). Thrown by the store and the API handlers,
 * rendered by xml-error.ts. Messages never carry credentials or stack traces.
 */
export class S3Error extends Error {
  override readonly name = 'S3Error';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra <Error> elements, in order (undefined ones are left out). */
    readonly detail: Readonly<Record<string, string | undefined>> = {},
    /** Response headers S3 sends with this error (e.g. x-amz-delete-marker). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string, headers: Record<string, string> = {}) =>
  new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }, headers);

export const noSuchVersion = (key: string, versionId: string) =>
  new S3Error('NoSuchVersion', 'The specified version does not exist.', 404, { Key: key, VersionId: versionId });

export const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );

export const invalidArgument = (message: string, name: string, value: string) =>
  new S3Error('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });

export const preconditionFailed = (condition: string) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });

export const malformedXml = () =>
  new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
