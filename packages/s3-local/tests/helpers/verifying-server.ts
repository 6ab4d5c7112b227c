import { S3Client } from '@aws-sdk/client-s3';
import { startS3Local, type S3Local } from '../../src/index.js';

/** The access keys of a verifying emulator: two users, each its own owner. */
export const OWNER_KEY = {
  accessKeyId: 'AKIDOWNER00000000000',
  secretAccessKey: 'owner-secret',
  displayName: 'owner',
  canonicalUserId: 'a'.repeat(64),
};
export const OTHER_KEY = {
  accessKeyId: 'AKIDOTHER00000000000',
  secretAccessKey: 'other-secret',
  displayName: 'other',
  canonicalUserId: 'b'.repeat(64),
};

export interface VerifyingServer {
  readonly s3Local: S3Local;
  readonly port: number;
  /** A client signing as `key` (default: the owner). */
  client(key?: { accessKeyId: string; secretAccessKey: string }): S3Client;
  /** Moves the emulator's clock (presigned URL expiry, clock skew). */
  advance(milliseconds: number): void;
  close(): Promise<void>;
}

/** startS3Local with verifySignatures on, two access keys, a clock the test moves, in us-east-1. */
export async function startVerifyingServer(buckets: string[] = []): Promise<VerifyingServer> {
  let offset = 0;
  const s3Local = await startS3Local({
    port: 0,
    buckets,
    verifySignatures: true,
    accessKeys: [OWNER_KEY, OTHER_KEY],
    clock: () => Date.now() + offset,
  });
  const clients: S3Client[] = [];
  return {
    s3Local,
    port: Number(new URL(s3Local.endpoint).port),
    client(key = OWNER_KEY) {
      const client = new S3Client({
        endpoint: s3Local.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      });
      clients.push(client);
      return client;
    },
    advance(milliseconds) {
      offset += milliseconds;
    },
    async close() {
      for (const client of clients) client.destroy();
      await s3Local.close();
    },
  };
}
