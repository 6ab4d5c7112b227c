import { createHash } from 'node:crypto';
import { checkAccessKeys, type AccessKey as SigV4AccessKey } from '@sizegate/types/sigv4';
import type { Owner } from '../acl/model.js';

export { parseAccessKey } from '@sizegate/types/sigv4';

/** An access key the emulator accepts when it verifies signatures: each is its own owner. */
export interface AccessKey extends SigV4AccessKey {
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

  /** Throws when a key is not valid (see checkAccessKeys). */
  constructor(keys: readonly AccessKey[]) {
    for (const key of checkAccessKeys(keys).values()) {
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
