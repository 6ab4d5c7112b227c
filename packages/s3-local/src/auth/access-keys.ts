import { createHash } from 'node:crypto';
import type { Owner } from '../acl/model.js';

/** An access key the emulator accepts when it verifies signatures: each is its own owner. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Shown as the owner's DisplayName in listings and ACLs. @default the access key id */
  readonly displayName?: string;
  /**
   * The owner's canonical user id in listings and ACLs, and what ACL grants name.
   * @default the SHA-256 (hex) of the access key id: 64 hex digits, like S3's ids
   */
  readonly canonicalUserId?: string;
}

/** The configured access keys: their secrets (for SigV4) and the owner each one is. */
export class AccessKeyStore {
  private readonly keys = new Map<string, { secret: string; owner: Owner }>();
  private readonly owners = new Map<string, Owner>();

  constructor(keys: readonly AccessKey[]) {
    for (const key of keys) {
      if (!/^[\x21-\x7e]{1,128}$/.test(key.accessKeyId))
        throw new Error(`Access key id "${key.accessKeyId}" is not valid: 1 to 128 printable ASCII characters, no spaces`);
      if (key.secretAccessKey === '') throw new Error(`Access key ${key.accessKeyId} has an empty secret`);
      if (this.keys.has(key.accessKeyId)) throw new Error(`Access key ${key.accessKeyId} is given twice`);
      const owner: Owner = {
        id: key.canonicalUserId ?? canonicalUserIdOf(key.accessKeyId),
        displayName: key.displayName ?? key.accessKeyId,
      };
      this.keys.set(key.accessKeyId, { secret: key.secretAccessKey, owner });
      this.owners.set(owner.id, owner);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  /** The first key's owner: it owns the buckets created at start. */
  get firstOwner(): Owner | undefined {
    return this.keys.values().next().value?.owner;
  }

  /** A configured key's secret and owner. */
  find(accessKeyId: string): { readonly secret: string; readonly owner: Owner } | undefined {
    return this.keys.get(accessKeyId);
  }

  secretFor(accessKeyId: string): string | undefined {
    return this.keys.get(accessKeyId)?.secret;
  }

  ownerOf(accessKeyId: string): Owner | undefined {
    return this.keys.get(accessKeyId)?.owner;
  }

  /** The owner with this canonical user id (ACL grants may name only known users). */
  ownerById(id: string): Owner | undefined {
    return this.owners.get(id);
  }
}

/** A stable canonical user id for an access key without one: the SHA-256 of the key id. */
export function canonicalUserIdOf(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId, 'utf8').digest('hex');
}

/**
 * Reads `ID:SECRET[:DISPLAY_NAME]` (the command line's `--access-key`). The secret may not hold a
 * colon; the display name may.
 */
export function parseAccessKey(text: string): AccessKey {
  const [accessKeyId = '', secretAccessKey = '', ...rest] = text.split(':');
  if (accessKeyId === '' || secretAccessKey === '')
    throw new Error(`--access-key "${accessKeyId}:…" must be ID:SECRET or ID:SECRET:DISPLAY_NAME`);
  return { accessKeyId, secretAccessKey, ...(rest.length > 0 ? { displayName: rest.join(':') } : {}) };
}
