import { InvalidInput } from '@sizegate/types';
import type { ProcessedObject } from './processor.js';

/**
 * The input of ProcessFile: check-size's result (a SizeCheckResult) once ChoiceState has routed
 * it here, so size and etag are known. Other fields (contentType, lastModified, ...) are ignored.
 */
export interface ProcessFileEvent {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | null;
  readonly size: number;
  readonly etag: string;
  readonly [field: string]: unknown;
}

/** The event checked field by field; every problem is reported in one InvalidInput. */
export function parseEvent(event: unknown): ProcessedObject {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new InvalidInput(
      `Invalid process-file input: the event must be check-size's result, an object like ` +
        `{ "bucket": "...", "key": "...", "size": 123, "etag": "..." }, got ${typeOf(event)}`,
    );
  }
  const input = event as Record<string, unknown>;
  const { bucket, key, size, etag } = input;
  const versionId = input['versionId'] ?? null;

  const problems: string[] = [];
  if (!isNonEmptyString(bucket)) problems.push(`bucket must be a non-empty string, got ${typeOf(bucket)}`);
  if (!isNonEmptyString(key)) problems.push(`key must be a non-empty string, got ${typeOf(key)}`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    problems.push(`size must be a non-negative integer, got ${describeValue(size)}`);
  }
  if (!isNonEmptyString(etag)) problems.push(`etag must be a non-empty string, got ${typeOf(etag)}`);
  if (versionId !== null && !isNonEmptyString(versionId)) {
    problems.push(`versionId must be a non-empty string, null or absent, got ${typeOf(versionId)}`);
  }
  if (problems.length > 0) {
    throw new InvalidInput(`Invalid process-file input: ${problems.join('; ')}`, {
      bucket: isNonEmptyString(bucket) ? bucket : undefined,
      key: isNonEmptyString(key) ? key : undefined,
      versionId: isNonEmptyString(versionId) ? versionId : undefined,
    });
  }
  return {
    bucket: bucket as string,
    key: key as string,
    versionId: versionId as string | null,
    size: size as number,
    etag: etag as string,
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function typeOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  return typeof value;
}

/** Numbers are shown (they hold no object content); other values only by type. */
function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeOf(value);
}
