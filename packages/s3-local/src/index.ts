/**
 * @sizegate/s3-local — an S3 emulator for tests and laptops: the S3 REST API (buckets, objects,
 * versioning, multipart uploads, aws-chunked bodies and checksums) over objects kept in a local
 * directory, with AWS-shaped object-created events. Any credentials are accepted, unless
 * `verifySignatures` is on (SigV4 from `@sizegate/types/sigv4`, each access key its own owner, ACLs enforced).
 *
 * `startS3Local()` serves it alone on a port; `createS3Service()` gives the request listener to
 * mount beside other services on one server.
 */
export { startS3Local } from './start.js';
export type { StartS3LocalOptions, S3Local } from './start.js';
export { createS3Service } from './service.js';
export type { S3Service, S3ServiceOptions } from './service.js';
export { buildObjectCreatedRecord, decodeNotificationKey, encodeNotificationKey } from './event-record.js';
export type { S3EventRecord, S3NotificationEvent, ObjectCreatedEventName, ObjectCreatedFacts } from './event-record.js';
export { checkBucketName, MAX_KEY_BYTES } from './path-safety.js';
export { MAX_S3_XML_BODY_BYTES } from './api/buckets.js';
export type { PathProblem } from './path-safety.js';
export { canonicalUserIdOf, parseAccessKey } from './auth/access-keys.js';
export type { AccessKey } from './auth/access-keys.js';
