/** Which object an execution is about: the input of the state machine and of check-size. */
export interface ObjectRef {
  /** S3 bucket name. */
  readonly bucket: string;
  /** S3 object key, decoded (exactly as stored, never URL-encoded). */
  readonly key: string;
  /** The object version, when the bucket is versioned. */
  readonly versionId?: string | null;
}
