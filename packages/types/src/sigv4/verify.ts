/**
 * AWS Signature Version 4, verified with Node's crypto: header auth (`Authorization:
 * AWS4-HMAC-SHA256 ...`) and query auth (presigned URLs). Nothing here knows a service: each gives
 * its name, how it canonicalises the path and the payload hash, and turns the failure kinds into
 * its own error codes (S3's XML errors, the AWS JSON protocols' exceptions).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalPaths,
  deriveSigningKey,
  formatAmzDate,
  hmac,
  parseAmzDate,
  queryPairs,
  SIGV4_ALGORITHM,
  type SignedRequest,
  stringToSign,
} from './canonical.js';

/** AWS refuses presigned URLs valid longer than 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;
/** S3 refuses header-signed requests dated more than 15 minutes from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Why a signature was refused; each service turns it into its own error code. */
export type SigV4FailureKind =
  | 'malformed' // an Authorization header or X-Amz-* parameters that do not parse
  | 'unknown-key' // an access key id nobody configured
  | 'mismatch' // the signature is not the one the secret makes
  | 'expired' // a presigned URL past X-Amz-Expires, or X-Amz-Expires out of range
  | 'skewed'; // a header-signed request dated too far from now

export interface SigV4Failure {
  readonly ok: false;
  readonly kind: SigV4FailureKind;
  readonly message: string;
  /** The access key id the request named, when it named one. */
  readonly accessKeyId?: string;
  /** For 'mismatch': what was signed, as AWS reports it to help find the difference. */
  readonly stringToSign?: string;
  readonly canonicalRequest?: string;
  /** For 'skewed': the request's date (`20260301T120000Z`) and whether it lies too far in the past or the future. */
  readonly amzDate?: string;
  readonly skew?: 'past' | 'future';
}

export interface SigV4Success {
  readonly ok: true;
  readonly accessKeyId: string;
  /** `AWS4-HMAC-SHA256` header auth or presigned query auth. */
  readonly via: 'header' | 'query';
  /** The request's signature: the seed of aws-chunked chunk signatures. */
  readonly signature: string;
  /** The key that made it (for chunk signatures). */
  readonly signingKey: Buffer;
  readonly amzDate: string;
  /** `<date>/<region>/<service>/aws4_request`. */
  readonly scope: string;
}

export type SigV4Result = SigV4Success | SigV4Failure;

export interface SigV4Options {
  /** The service name in the credential scope, e.g. 's3', 'states'. */
  readonly service: string;
  /** The secret of an access key id, or undefined when there is no such key. */
  readonly secretFor: (accessKeyId: string) => string | undefined;
  readonly now: Date;
  /**
   * The payload hash to sign with for header auth. Default: the x-amz-content-sha256 header (S3
   * requires it). A service that signs the body itself (Step Functions) passes the body's SHA-256.
   */
  readonly payloadHash?: string;
  /** S3 signs the path as sent; every other service URI-encodes its segments a second time. */
  readonly doubleEncodePath?: boolean;
  /** How far a header-signed request's date may be from `now`. @default MAX_CLOCK_SKEW_MS (S3's 15 minutes) */
  readonly maxClockSkewMs?: number;
}

/** Whether a request carries SigV4 credentials at all (header or presigned query). */
export function sigV4Kind(request: Pick<SignedRequest, 'headers' | 'rawQuery'>): 'header' | 'query' | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith(SIGV4_ALGORITHM)) return 'header';
  return /(?:^|&)X-Amz-Algorithm=/i.test(request.rawQuery) ? 'query' : undefined;
}

/** Verifies a SigV4-signed request (sigV4Kind said header or query). */
export function verifySigV4(request: SignedRequest, options: SigV4Options): SigV4Result {
  return sigV4Kind(request) === 'query' ? verifyQuery(request, options) : verifyHeader(request, options);
}

function verifyHeader(request: SignedRequest, options: SigV4Options): SigV4Result {
  const authorization = String(request.headers.authorization ?? '');
  const fields = new Map<string, string>();
  for (const part of authorization.slice(SIGV4_ALGORITHM.length).split(',')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) fields.set(name, rest.join('='));
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    return failure('malformed', 'The authorization header is malformed; it needs Credential, SignedHeaders and Signature.');
  }
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? amzDateOf(headerValue(request.headers, 'date'));
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return failure('malformed', 'The request has no valid X-Amz-Date or Date header.');
  const offset = parseAmzDate(amzDate) - options.now.getTime();
  if (Math.abs(offset) > (options.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS)) {
    return {
      ...failure('skewed', 'The difference between the request time and the current time is too large.'),
      amzDate,
      skew: offset < 0 ? 'past' : 'future',
    };
  }
  const payloadHash = options.payloadHash ?? headerValue(request.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) return failure('malformed', 'Missing required header for this request: x-amz-content-sha256');
  return check(request, options, {
    credential,
    signedHeaders,
    signature,
    amzDate,
    payloadHash,
    via: 'header',
    excludeParameter: undefined,
  });
}

function verifyQuery(request: SignedRequest, options: SigV4Options): SigV4Result {
  const parameters = new Map(queryPairs(request.rawQuery).map(([name, value]) => [name, value]));
  const algorithm = parameters.get('X-Amz-Algorithm');
  const credential = parameters.get('X-Amz-Credential');
  const signedHeaders = parameters.get('X-Amz-SignedHeaders');
  const signature = parameters.get('X-Amz-Signature');
  const amzDate = parameters.get('X-Amz-Date');
  const expires = parameters.get('X-Amz-Expires');
  if (
    algorithm !== SIGV4_ALGORITHM ||
    !credential ||
    !signedHeaders ||
    !signature ||
    !amzDate ||
    !/^\d{8}T\d{6}Z$/.test(amzDate) ||
    expires === undefined
  ) {
    return failure(
      'malformed',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGN_SECONDS) {
    return failure('expired', `X-Amz-Expires must be between 1 and ${MAX_PRESIGN_SECONDS} seconds (a week); it is ${expires}.`);
  }
  const signedAt = parseAmzDate(amzDate);
  if (options.now.getTime() > signedAt + Number(expires) * 1000) return failure('expired', 'Request has expired');
  if (signedAt - options.now.getTime() > (options.maxClockSkewMs ?? MAX_CLOCK_SKEW_MS))
    return failure('expired', 'Request is not valid yet');
  const payloadHash = parameters.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  return check(request, options, {
    credential,
    signedHeaders,
    signature,
    amzDate,
    payloadHash,
    via: 'query',
    excludeParameter: 'X-Amz-Signature',
  });
}

interface Claimed {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly amzDate: string;
  readonly payloadHash: string;
  readonly via: 'header' | 'query';
  readonly excludeParameter: string | undefined;
}

function check(request: SignedRequest, options: SigV4Options, claimed: Claimed): SigV4Result {
  const [accessKeyId = '', date, region, service, terminator, ...extra] = claimed.credential.split('/');
  if (!date || !region || !service || terminator !== 'aws4_request' || extra.length > 0) {
    return failure(
      'malformed',
      `The credential "${claimed.credential}" is malformed; it must be <key>/<date>/<region>/<service>/aws4_request.`,
    );
  }
  if (date !== claimed.amzDate.slice(0, 8))
    return failure('malformed', `The credential's date ${date} is not the request's date ${claimed.amzDate.slice(0, 8)}.`);
  if (service !== options.service)
    return failure('malformed', `The credential names the service ${service}; this endpoint is ${options.service}.`);
  const secret = options.secretFor(accessKeyId);
  if (secret === undefined)
    return { ...failure('unknown-key', 'The AWS Access Key Id you provided does not exist in our records.'), accessKeyId };
  const scope = `${date}/${region}/${service}/aws4_request`;
  const signingKey = deriveSigningKey(secret, date, region, service);
  let last: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const path of canonicalPaths(request.rawPath, options.doubleEncodePath === true)) {
    const signed = stringToSign(request, { path, scope, ...claimed });
    if (sameHex(hmac(signingKey, signed.stringToSign).toString('hex'), claimed.signature)) {
      return { ok: true, accessKeyId, via: claimed.via, signature: claimed.signature, signingKey, amzDate: claimed.amzDate, scope };
    }
    last = signed;
  }
  return {
    ...failure(
      'mismatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ),
    accessKeyId,
    ...last,
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function amzDateOf(httpDate: string | undefined): string | undefined {
  const time = httpDate === undefined ? Number.NaN : Date.parse(httpDate);
  return Number.isNaN(time) ? undefined : formatAmzDate(time);
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function failure(kind: SigV4FailureKind, message: string): SigV4Failure {
  return { ok: false, kind, message };
}
