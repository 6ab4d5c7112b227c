/**
 * AWS Signature Version 4, verified with Node's crypto: header auth (`Authorization:
 * AWS4-HMAC-SHA256 ...`) and query auth (presigned URLs). Nothing here knows S3: a service gives
 * its name, how it canonicalises the path and the payload hash, and maps the failure kinds to its
 * own error codes, so a Step Functions endpoint can use the same verifier.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses presigned URLs valid longer than 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;
/** AWS refuses header-signed requests dated more than 15 minutes from its clock. */
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

/** A request as it arrived: path and query still percent-encoded, exactly as sent. */
export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  /** Node's rawHeaders: repeated headers are joined with ',' as SigV4 does (Node joins some with ', '). */
  readonly rawHeaders?: readonly string[];
}

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
  const skew = Math.abs(parseAmzDate(amzDate) - options.now.getTime());
  if (skew > MAX_CLOCK_SKEW_MS) return failure('skewed', 'The difference between the request time and the current time is too large.');
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
  if (signedAt - options.now.getTime() > MAX_CLOCK_SKEW_MS) return failure('expired', 'Request is not valid yet');
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
  const paths = canonicalPaths(request.rawPath, options.doubleEncodePath === true);
  let last: { canonicalRequest: string; stringToSign: string } | undefined;
  for (const path of paths) {
    const canonicalRequest = [
      request.method.toUpperCase(),
      path,
      canonicalQuery(request.rawQuery, claimed.excludeParameter),
      canonicalHeaders(request, claimed.signedHeaders),
      claimed.signedHeaders,
      claimed.payloadHash,
    ].join('\n');
    // Header values are Node's latin1 reading of the bytes sent: hashing them as latin1 hashes those bytes.
    const stringToSign = [SIGV4_ALGORITHM, claimed.amzDate, scope, sha256Hex(Buffer.from(canonicalRequest, 'latin1'))].join('\n');
    if (sameHex(hmac(signingKey, stringToSign).toString('hex'), claimed.signature)) {
      return { ok: true, accessKeyId, via: claimed.via, signature: claimed.signature, signingKey, amzDate: claimed.amzDate, scope };
    }
    last = { canonicalRequest, stringToSign };
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

/** The signing key: HMAC chain over date, region, service and "aws4_request". */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  const dateKey = hmac(`AWS4${secret}`, date);
  return hmac(hmac(hmac(dateKey, region), service), 'aws4_request');
}

export function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SigV4's URI encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper case); `/` kept when `keepSlash`. */
export function uriEncode(text: string, keepSlash = false): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, keepSlash ? '/' : '%2F');
}

/**
 * The canonical path(s) to try: S3 signs the path as sent; a client that sent a character SigV4
 * would encode (or encoded one it would not) signed the normalised form, so that is tried too.
 */
function canonicalPaths(rawPath: string, doubleEncode: boolean): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  const normalised = path
    .split('/')
    .map((segment) => uriEncode(safeDecode(segment)))
    .join('/');
  if (doubleEncode)
    return [
      normalised
        .split('/')
        .map((segment) => uriEncode(segment))
        .join('/'),
    ];
  return normalised === path ? [path] : [path, normalised];
}

function canonicalQuery(rawQuery: string, exclude: string | undefined): string {
  return queryPairs(rawQuery)
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalHeaders(request: SignedRequest, signedHeaders: string): string {
  const values = new Map<string, string[]>();
  for (const [name, value] of headerPairs(request)) {
    const lower = name.toLowerCase();
    values.set(lower, [...(values.get(lower) ?? []), value.trim().replace(/\s+/g, ' ')]);
  }
  return signedHeaders
    .split(';')
    .map((name) => `${name}:${(values.get(name) ?? []).join(',')}\n`)
    .join('');
}

/** The request's headers as sent, one name/value pair per line (rawHeaders alternates names and values). */
function headerPairs(request: SignedRequest): (readonly [string, string])[] {
  const raw = request.rawHeaders;
  if (raw === undefined)
    return Object.entries(request.headers).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [String(value)]).map((item) => [name, item] as const),
    );
  const pairs: (readonly [string, string])[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const [name = '', value = ''] = raw.slice(index, index + 2);
    pairs.push([name, value]);
  }
  return pairs;
}

/** Name/value pairs of a query string, decoded (`+` is a plus: SigV4 clients encode spaces as %20). */
export function queryPairs(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? [safeDecode(pair), ''] : [safeDecode(pair.slice(0, equals)), safeDecode(pair.slice(equals + 1))];
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseAmzDate(amzDate: string): number {
  return Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
}

function amzDateOf(httpDate: string | undefined): string | undefined {
  const time = httpDate === undefined ? Number.NaN : Date.parse(httpDate);
  return Number.isNaN(time)
    ? undefined
    : new Date(time)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function failure(kind: SigV4FailureKind, message: string): SigV4Failure {
  return { ok: false, kind, message };
}
