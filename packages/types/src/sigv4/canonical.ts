/**
 * The parts of a SigV4 signature both sides compute the same way: the signing key, the canonical
 * path, query and headers, and the string to sign. One owner, so the verifier (verify.ts) and the
 * signer (sign.ts) cannot drift apart.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** A request as it goes on the wire: path and query still percent-encoded, exactly as sent. */
export interface SignedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  /** Node's rawHeaders: repeated headers are joined with ',' as SigV4 does (Node joins some with ', '). */
  readonly rawHeaders?: readonly string[];
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
 * Every other service URI-encodes each segment a second time (`doubleEncode`).
 */
export function canonicalPaths(rawPath: string, doubleEncode: boolean): string[] {
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

/** The query's pairs, encoded and sorted by name then value; `exclude` (the signature of query auth) left out. */
export function canonicalQuery(rawQuery: string, exclude: string | undefined): string {
  return queryPairs(rawQuery)
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** `name:value\n` for each signed header, values trimmed, inner runs of spaces folded, repeats joined with ','. */
export function canonicalHeaders(request: SignedRequest, signedHeaders: string): string {
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

/** The canonical request and the string to sign for one canonical path. */
export function stringToSign(
  request: SignedRequest,
  parts: {
    readonly path: string;
    readonly signedHeaders: string;
    readonly payloadHash: string;
    readonly amzDate: string;
    readonly scope: string;
    readonly excludeParameter?: string | undefined;
  },
): { canonicalRequest: string; stringToSign: string } {
  const canonicalRequest = [
    request.method.toUpperCase(),
    parts.path,
    canonicalQuery(request.rawQuery, parts.excludeParameter),
    canonicalHeaders(request, parts.signedHeaders),
    parts.signedHeaders,
    parts.payloadHash,
  ].join('\n');
  // Header values are Node's latin1 reading of the bytes sent: hashing them as latin1 hashes those bytes.
  const text = [SIGV4_ALGORITHM, parts.amzDate, parts.scope, sha256Hex(Buffer.from(canonicalRequest, 'latin1'))].join('\n');
  return { canonicalRequest, stringToSign: text };
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

/** `20260301T120000Z` → milliseconds since the epoch (NaN when it is no such date). */
export function parseAmzDate(amzDate: string): number {
  return Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
}

/** A time as SigV4 writes it: `20260301T120000Z`. */
export function formatAmzDate(time: Date | number): string {
  return new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
