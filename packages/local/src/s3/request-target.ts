import type { IncomingMessage } from 'node:http';
import { checkRawBucket, checkRawKey, isPartNumber, isUploadId, safeDecode } from './path-safety.js';

/** Query parameters of presigned URLs (SigV4 and SigV2); signatures are not checked locally. */
const PRESIGN_PARAMETERS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-signature',
  'x-amz-date',
  'x-amz-signedheaders',
  'x-amz-expires',
  'x-amz-security-token',
  'awsaccesskeyid',
  'signature',
  'expires',
]);

/** What a request addresses, as s3rver will read it. */
export interface RequestTarget {
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: URLSearchParams;
}

/** Why a request is refused: an S3 error code and the argument at fault. */
export interface RequestProblem {
  readonly code: string;
  readonly message: string;
  readonly argumentName?: string;
  readonly argumentValue?: string;
}

export type TargetCheck =
  | { readonly ok: true; readonly target: RequestTarget }
  | { readonly ok: false; readonly status: number; readonly problem: RequestProblem; readonly bucket?: string; readonly key?: string };

/**
 * Prepares a request for s3rver, in place: accepts any credentials (drops the Authorization header
 * and presigned-URL parameters, so s3rver never checks a signature against its one built-in key),
 * maps `<bucket>.localhost` hosts to path style, and rewrites x-amz-copy-source to the form
 * s3rver decodes correctly. Refuses buckets, keys, copy sources and upload ids that would make
 * s3rver touch files outside its data directory.
 */
export function prepareRequest(req: IncomingMessage): TargetCheck {
  delete req.headers.authorization;
  const [rawPath = '/', rawQuery] = splitOnce(req.url ?? '/', '?');
  const pathname = virtualHostPath(req, rawPath);
  const query = rawQuery === undefined ? undefined : withoutPresignParameters(rawQuery);
  req.url = query ? `${pathname}?${query}` : pathname;

  const [rawBucket = '', rawKey] = splitOnce(pathname.slice(1), '/');
  const where = { bucket: rawBucket === '' ? undefined : safeDecode(rawBucket), key: rawKey ? safeDecode(rawKey) : undefined };
  const params = new URLSearchParams(query ?? '');
  const refuse = (status: number, problem: RequestProblem): TargetCheck => ({ ok: false, status, problem, ...where });
  const bucketProblem = rawBucket === '' ? undefined : checkRawBucket(rawBucket);
  if (bucketProblem) return refuse(400, bucketProblem);
  const keyProblem = rawKey ? checkRawKey(rawKey) : undefined;
  if (keyProblem) return refuse(400, keyProblem);
  const copyProblem = normaliseCopySource(req);
  if (copyProblem) return refuse(400, copyProblem);
  const uploadProblem = checkUploadParameters(params);
  if (uploadProblem) return refuse(uploadProblem.status, uploadProblem.problem);
  return { ok: true, target: { ...where, query: params } };
}

function checkUploadParameters(params: URLSearchParams): { status: number; problem: RequestProblem } | undefined {
  const uploadId = params.get('uploadId');
  if (uploadId !== null && !isUploadId(uploadId)) {
    return { status: 404, problem: { code: 'NoSuchUpload', message: 'The specified upload does not exist.', argumentName: 'UploadId', argumentValue: uploadId } };
  }
  const partNumber = params.get('partNumber');
  if (partNumber !== null && !isPartNumber(partNumber)) {
    return {
      status: 400,
      problem: { code: 'InvalidArgument', message: 'Part number must be an integer between 1 and 10000, inclusive', argumentName: 'partNumber', argumentValue: partNumber },
    };
  }
  return undefined;
}

/**
 * s3rver reads x-amz-copy-source with decodeURI, which leaves %2F, %3F, %2B... encoded, and keeps
 * a `?versionId=` suffix as part of the key. S3 decodes the whole source. Rewrite the header so
 * that s3rver's decodeURI yields the key S3 would use.
 */
function normaliseCopySource(req: IncomingMessage): RequestProblem | undefined {
  const raw = req.headers['x-amz-copy-source'];
  if (typeof raw !== 'string') return undefined;
  const [rawSource = '', rawSourceQuery] = splitOnce(raw, '?');
  const [rawBucket = '', rawKey = ''] = splitOnce(rawSource.startsWith('/') ? rawSource.slice(1) : rawSource, '/');
  const bucketProblem = checkRawBucket(rawBucket);
  if (bucketProblem) return { ...bucketProblem, argumentName: 'x-amz-copy-source' };
  const keyProblem = checkRawKey(rawKey, 'x-amz-copy-source');
  if (keyProblem) return keyProblem;
  const versionId = new URLSearchParams(rawSourceQuery ?? '').get('versionId');
  if (versionId !== null && versionId !== 'null') {
    // Local buckets are unversioned: only the "null" version exists.
    return { code: 'InvalidArgument', message: 'Invalid version id specified', argumentName: 'x-amz-copy-source', argumentValue: raw };
  }
  req.headers['x-amz-copy-source'] = encodeURI(`${safeDecode(rawBucket)}/${safeDecode(rawKey)}`);
  return undefined;
}

/** `/key` on host `<bucket>.localhost[:port]` means `/<bucket>/key` (the SDK's default virtual-host style). */
function virtualHostPath(req: IncomingMessage, rawPath: string): string {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const match = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.localhost$/.exec(host);
  return match ? `/${match[1]}${rawPath.startsWith('/') ? rawPath : `/${rawPath}`}` : rawPath;
}

/** The query string without presigned-URL parameters, other parameters byte for byte. */
function withoutPresignParameters(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => !PRESIGN_PARAMETERS.has(safeDecode((pair.split('=')[0] ?? '').replace(/\+/g, ' ')).toLowerCase()))
    .join('&');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + separator.length)];
}
