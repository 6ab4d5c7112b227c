import type { IncomingMessage } from 'node:http';
import { ConfigurationError } from '@sizegate/types';
import { type AccessKey, checkAccessKeys, signSigV4 } from '@sizegate/types/sigv4';

/** The credentials a client of the runtime signs with. */
export interface RuntimeCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * What `verifySignatures` means for each part of the runtime, decided in one place: the options
 * of the S3 and Step Functions services, and the credentials the runtime's own requests to its
 * endpoint sign with (the in-process functions' SDK clients, the start-up probe).
 */
export interface SignatureSettings {
  /** For createS3Service. */
  readonly s3: {
    readonly verifySignatures?: true;
    readonly accessKeys?: readonly AccessKey[];
    readonly trustedRequest?: (req: IncomingMessage) => boolean;
  };
  /** For createStepFunctionsEndpoint. */
  readonly stepFunctions: { readonly verifySignatures?: true; readonly accessKeys?: readonly AccessKey[] };
  /** With verification, the first access key (which owns the buckets created at start); else undefined (any credentials work). */
  readonly runtimeCredentials: RuntimeCredentials | undefined;
  /** Headers that sign a GET of `url` to the runtime's S3 as the runtime itself (none when signatures are not checked). */
  signedGetHeaders(url: URL): Record<string, string>;
}

/**
 * The console's requests need no signature: the page is the runtime's own, same-origin, and the
 * request guard has already refused every request whose Origin is not this runtime (CSRF). A
 * browser sends Origin with every upload (PUT); SDK clients and awscli never send one.
 */
const fromOwnPage = (req: IncomingMessage): boolean => typeof req.headers.origin === 'string';

export function signatureSettings(
  options: { readonly verifySignatures?: boolean | undefined; readonly accessKeys?: readonly AccessKey[] | undefined },
  region: string,
): SignatureSettings {
  const accessKeys = options.accessKeys ?? [];
  if (options.verifySignatures !== true) {
    if (accessKeys.length > 0) throw new ConfigurationError('accessKeys are only used with verifySignatures: true');
    return { s3: {}, stepFunctions: {}, runtimeCredentials: undefined, signedGetHeaders: () => ({}) };
  }
  let first: AccessKey | undefined;
  try {
    [first] = checkAccessKeys(accessKeys).values();
  } catch (error) {
    throw new ConfigurationError((error as Error).message);
  }
  if (first === undefined) throw new ConfigurationError('verifySignatures needs at least one access key (accessKeys)');
  const runtimeCredentials = { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey };
  return {
    s3: { verifySignatures: true, accessKeys, trustedRequest: fromOwnPage },
    stepFunctions: { verifySignatures: true, accessKeys },
    runtimeCredentials,
    signedGetHeaders: (url) =>
      signSigV4(
        { method: 'GET', rawPath: url.pathname, rawQuery: url.search.slice(1), headers: { host: url.host } },
        { ...runtimeCredentials, region, service: 's3' },
      ),
  };
}
