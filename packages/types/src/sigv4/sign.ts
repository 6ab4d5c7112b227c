import { canonicalPaths, deriveSigningKey, formatAmzDate, hmac, SIGV4_ALGORITHM, sha256Hex, stringToSign } from './canonical.js';

export interface SignSigV4Options {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** The service name in the credential scope, e.g. 's3', 'states'. */
  readonly service: string;
  /** @default now */
  readonly now?: Date;
  /** The body's SHA-256 (hex), or `UNSIGNED-PAYLOAD`. @default the SHA-256 of an empty body */
  readonly payloadHash?: string;
  /** As verifySigV4: S3 signs the path as sent, every other service encodes its segments twice. */
  readonly doubleEncodePath?: boolean;
}

/**
 * The headers that sign a request with header auth (`x-amz-date`, `x-amz-content-sha256`,
 * `authorization`), every header given signed. For a service's own requests to itself when it
 * verifies signatures (a start-up probe) and for tests; SDK clients sign for themselves.
 */
export function signSigV4(
  request: {
    readonly method: string;
    readonly rawPath: string;
    readonly rawQuery: string;
    readonly headers: Readonly<Record<string, string>>;
  },
  options: SignSigV4Options,
): Record<string, string> {
  const amzDate = formatAmzDate(options.now ?? new Date());
  const payloadHash = options.payloadHash ?? sha256Hex('');
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
  };
  const signedHeaders = Object.keys(headers).sort().join(';');
  const scope = `${amzDate.slice(0, 8)}/${options.region}/${options.service}/aws4_request`;
  const [path = '/'] = canonicalPaths(request.rawPath, options.doubleEncodePath === true);
  const signed = stringToSign({ ...request, headers }, { path, signedHeaders, payloadHash, amzDate, scope });
  const signature = hmac(
    deriveSigningKey(options.secretAccessKey, amzDate.slice(0, 8), options.region, options.service),
    signed.stringToSign,
  );
  return {
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
    authorization: `${SIGV4_ALGORITHM} Credential=${options.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature.toString('hex')}`,
  };
}
