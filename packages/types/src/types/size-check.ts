/** What check-size returns: HeadObject's view of the object, the input of ChoiceState. */
export interface SizeCheckResult {
  readonly bucket: string;
  readonly key: string;
  /** The version HeadObject saw; null when the bucket is not versioned. */
  readonly versionId: string | null;
  /**
   * Object size in bytes. null only when S3 (or an S3-compatible store) reported no length:
   * the workflow then ends in DefaultState instead of guessing.
   */
  readonly size: number | null;
  /** The ETag HeadObject saw (with its quotes, as S3 sends it); process-file checks it before reading. */
  readonly etag: string | null;
  readonly contentType: string | null;
  /** ISO 8601 timestamp. */
  readonly lastModified: string | null;
}
