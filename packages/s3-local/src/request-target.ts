import type { IncomingMessage } from 'node:http';
import { checkKey, checkRequestBucket, isPartNumber, isUploadId, safeDecode } from './path-safety.js';

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

/** The source of a CopyObject / UploadPartCopy, decoded as S3 decodes x-amz-copy-source. */
export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
}

/** What a request addresses: bucket and key decoded (a key is literal: `..` is just two dots). */
export interface RequestTarget {
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: URLSearchParams;
  readonly copySource: CopySource | undefined;
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
 * Reads what a request addresses, in place: accepts any credentials (drops the Authorization
 * header and presigned-URL parameters), maps `<bucket>.localhost` hosts to path style, and
 * decodes bucket, key and x-amz-copy-source as S3 does. Refuses bucket names that could not be
 * a directory name, keys over 1,024 bytes, and upload ids or part numbers of the wrong form.
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
  const bucketProblem = where.bucket === undefined ? undefined : checkRequestBucket(where.bucket);
  if (bucketProblem) return refuse(400, bucketProblem);
  const keyProblem = where.key === undefined ? undefined : checkKey(where.key);
  if (keyProblem) return refuse(400, keyProblem);
  const copy = readCopySource(req);
  if (copy !== undefined && 'code' in copy) return refuse(400, copy);
  const uploadProblem = checkUploadParameters(params);
  if (uploadProblem) return refuse(uploadProblem.status, uploadProblem.problem);
  return { ok: true, target: { ...where, query: params, copySource: copy } };
}

function checkUploadParameters(params: URLSearchParams): { status: number; problem: RequestProblem } | undefined {
  const uploadId = params.get('uploadId');
  if (uploadId !== null && !isUploadId(uploadId)) {
    return {
      status: 404,
      problem: { code: 'NoSuchUpload', message: 'The specified upload does not exist.', argumentName: 'UploadId', argumentValue: uploadId },
    };
  }
  const partNumber = params.get('partNumber');
  if (partNumber !== null && !isPartNumber(partNumber)) {
    return {
      status: 400,
      problem: {
        code: 'InvalidArgument',
        message: 'Part number must be an integer between 1 and 10000, inclusive',
        argumentName: 'partNumber',
        argumentValue: partNumber,
      },
    };
  }
  return undefined;
}

/**
 * x-amz-copy-source is `[/]<bucket>/<key>[?versionId=<id>]`, URL-encoded: S3 decodes bucket and
 * key completely (so `%2F`, `%3F`, `%2B` are part of the key) and reads versionId from the query.
 */
export function readCopySource(req: IncomingMessage): CopySource | RequestProblem | undefined {
  const raw = req.headers['x-amz-copy-source'];
  if (typeof raw !== 'string') return undefined;
  const [rawSource = '', rawSourceQuery] = splitOnce(raw, '?');
  const [rawBucket = '', rawKey = ''] = splitOnce(rawSource.startsWith('/') ? rawSource.slice(1) : rawSource, '/');
  const bucket = safeDecode(rawBucket);
  const key = safeDecode(rawKey);
  const invalid = {
    code: 'InvalidArgument',
    message: 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    argumentName: 'x-amz-copy-source',
    argumentValue: raw,
  };
  if (bucket === '' || key === '') return invalid;
  const bucketProblem = checkRequestBucket(bucket);
  if (bucketProblem) return { ...bucketProblem, argumentName: 'x-amz-copy-source' };
  const keyProblem = checkKey(key, 'x-amz-copy-source');
  if (keyProblem) return keyProblem;
  const versionId = new URLSearchParams(rawSourceQuery ?? '').get('versionId') ?? undefined;
  return { bucket, key, versionId };
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
