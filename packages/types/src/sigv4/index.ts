/**
 * `@sizegate/types/sigv4`: AWS Signature Version 4 verification for the local services that check
 * who is asking (`verifySignatures`): header auth and query auth (presigned URLs), the access keys
 * they accept and how the command line gives them. Nothing here knows a service: each maps the
 * failure kinds to its own wire errors. A subpath of its own, so the Lambda handler bundles that
 * import `@sizegate/types` never include it.
 */
export { deriveSigningKey, formatAmzDate, hmac, SIGV4_ALGORITHM, sha256Hex } from './canonical.js';
export type { SignedRequest } from './canonical.js';
export { MAX_CLOCK_SKEW_MS, MAX_PRESIGN_SECONDS, sigV4Kind, verifySigV4 } from './verify.js';
export type { SigV4Failure, SigV4FailureKind, SigV4Options, SigV4Result, SigV4Success } from './verify.js';
export { signSigV4 } from './sign.js';
export type { SignSigV4Options } from './sign.js';
export { checkAccessKeys, parseAccessKey } from './access-keys.js';
export type { AccessKey } from './access-keys.js';
