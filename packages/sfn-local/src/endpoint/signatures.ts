/**
 * Who may call the Step Functions API when the endpoint verifies signatures: SigV4 (from
 * `@sizegate/types/sigv4`) against the configured access keys, refused with the errors AWS's JSON
 * services answer (Coral's `__type`s, HTTP 400): no credentials → MissingAuthenticationTokenException,
 * an unknown key → UnrecognizedClientException, a wrong signature or a date more than 5 minutes
 * off → InvalidSignatureException, a header that does not parse → IncompleteSignatureException.
 * Messages never echo credentials (AWS adds the canonical request, which may hold a session token).
 */
import type { IncomingMessage } from 'node:http';
import {
  type AccessKey,
  checkAccessKeys,
  formatAmzDate,
  type SigV4Failure,
  sha256Hex,
  sigV4Kind,
  verifySigV4,
} from '@sizegate/types/sigv4';

/** How far a request's date may be from the clock: Step Functions allows 5 minutes (S3 allows 15). */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface SignatureCheckOptions {
  /** The access keys accepted (at least one). */
  readonly accessKeys: readonly AccessKey[];
  /** The clock signatures are checked against. @default Date.now */
  readonly clock?: () => number;
}

/** A request refused before it reached the service, in the JSON protocol's error shape. */
export interface SignatureRefusal {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
}

/** Checks one request with its body as read; undefined when it may be served. */
export type SignatureCheck = (req: IncomingMessage, body: Buffer) => SignatureRefusal | undefined;

export function createSignatureCheck(options: SignatureCheckOptions): SignatureCheck {
  const keys = checkAccessKeys(options.accessKeys);
  if (keys.size === 0) throw new Error('verifySignatures needs at least one access key (accessKeys)');
  const clock = options.clock ?? Date.now;
  return (req, body) => {
    const url = req.url ?? '/';
    const question = url.indexOf('?');
    const request = {
      method: req.method ?? 'POST',
      rawPath: question === -1 ? url : url.slice(0, question),
      rawQuery: question === -1 ? '' : url.slice(question + 1),
      headers: req.headers,
      rawHeaders: req.rawHeaders,
    };
    if (sigV4Kind(request) === undefined) {
      return req.headers.authorization === undefined
        ? refusal('MissingAuthenticationTokenException', 'Missing Authentication Token')
        : refusal('IncompleteSignatureException', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.');
    }
    const now = new Date(clock());
    const result = verifySigV4(request, {
      service: 'states',
      secretFor: (id) => keys.get(id)?.secretAccessKey,
      now,
      payloadHash: sha256Hex(body),
      doubleEncodePath: true,
      maxClockSkewMs: MAX_CLOCK_SKEW_MS,
    });
    return result.ok ? undefined : refusalFor(result, now);
  };
}

function refusalFor(failure: SigV4Failure, now: Date): SignatureRefusal {
  switch (failure.kind) {
    case 'unknown-key':
      return refusal('UnrecognizedClientException', 'The security token included in the request is invalid.');
    case 'mismatch':
      return refusal(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    case 'skewed':
      return refusal('InvalidSignatureException', skewMessage(failure.amzDate ?? '', failure.skew ?? 'past', now));
    case 'expired':
      return refusal('InvalidSignatureException', failure.message);
    default:
      return refusal('IncompleteSignatureException', failure.message);
  }
}

/** AWS's words for a request dated too far from its clock, e.g. `Signature expired: 20260301T120000Z is now earlier than 20260301T121000Z (20260301T121500Z - 5 min.)`. */
function skewMessage(amzDate: string, skew: 'past' | 'future', now: Date): string {
  const minutes = MAX_CLOCK_SKEW_MS / 60_000;
  return skew === 'past'
    ? `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now.getTime() - MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} - ${minutes} min.)`
    : `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now.getTime() + MAX_CLOCK_SKEW_MS)} (${formatAmzDate(now)} + ${minutes} min.)`;
}

const refusal = (code: string, message: string): SignatureRefusal => ({ statusCode: 400, code, message });
