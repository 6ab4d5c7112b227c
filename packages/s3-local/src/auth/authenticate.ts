import type { IncomingMessage } from 'node:http';
import type { Owner } from '../acl/model.js';
import { S3Error } from '../s3-error.js';
import type { AccessKeyStore } from './access-keys.js';
import type { ChunkSigning } from './chunk-signatures.js';
import { sigV4Kind, verifySigV4, type SigV4Failure } from '@sizegate/types/sigv4';

/** Who sent a request, when signatures are checked. */
export interface Authentication {
  /** The access key's owner; undefined: no credentials at all (anonymous). */
  readonly principal: Owner | undefined;
  /** The verified signature, to check the chunks of a signed streaming body against. */
  readonly signing?: ChunkSigning;
}

/**
 * Checks an S3 request's SigV4 signature (header or presigned URL) against the configured keys,
 * before anything of the request is changed: S3 signs the path and query exactly as sent.
 * Unsigned requests are anonymous (ACLs decide what they may do); SigV2 is refused.
 */
export function authenticate(req: IncomingMessage, keys: AccessKeyStore, now: Date): Authentication {
  const url = req.url ?? '/';
  const question = url.indexOf('?');
  const rawPath = question === -1 ? url : url.slice(0, question);
  const rawQuery = question === -1 ? '' : url.slice(question + 1);
  const kind = sigV4Kind({ headers: req.headers, rawQuery });
  if (kind === undefined) {
    if (req.headers.authorization !== undefined || /(?:^|&)(?:AWSAccessKeyId|Signature)=/.test(rawQuery)) {
      throw new S3Error('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted when signatures are verified.', 400);
    }
    return { principal: undefined };
  }
  const result = verifySigV4(
    { method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders },
    { service: 's3', secretFor: (id) => keys.secretFor(id), now },
  );
  if (!result.ok) throw s3AuthError(result, kind);
  return {
    principal: keys.ownerOf(result.accessKeyId),
    signing: { signingKey: result.signingKey, amzDate: result.amzDate, scope: result.scope, seedSignature: result.signature },
  };
}

/** S3's error for each way a signature fails. */
function s3AuthError(failure: SigV4Failure, kind: 'header' | 'query'): S3Error {
  switch (failure.kind) {
    case 'unknown-key':
      return new S3Error('InvalidAccessKeyId', failure.message, 403, { AWSAccessKeyId: failure.accessKeyId });
    case 'mismatch':
      return new S3Error('SignatureDoesNotMatch', failure.message, 403, {
        AWSAccessKeyId: failure.accessKeyId,
        StringToSign: failure.stringToSign,
        CanonicalRequest: failure.canonicalRequest,
      });
    case 'expired':
      return new S3Error('AccessDenied', failure.message, 403);
    case 'skewed':
      return new S3Error('RequestTimeTooSkewed', failure.message, 403);
    default:
      return new S3Error(kind === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError', failure.message, 400);
  }
}
