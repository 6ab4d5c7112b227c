import { S3Error } from '../s3-error.js';
import type { BucketState, StoredVersion } from '../store/index.js';
import { ALL_USERS, AUTHENTICATED_USERS, LOCAL_OWNER, privateGrants, type Grant, type Owner, type Permission } from './model.js';

/** What a request needs on its bucket before the operation runs (object permissions are checked by the operation). */
export type BucketAccess = Permission | 'owner' | 'authenticated' | 'none';

export const accessDenied = (message = 'Access Denied') => new S3Error('AccessDenied', message, 403);

/** The owner of a bucket, and of a version: who created it (LOCAL_OWNER for what predates owners). */
export const ownerOf = (resource: BucketState | StoredVersion): Owner => resource.owner ?? LOCAL_OWNER;
export const grantsOf = (resource: BucketState | StoredVersion): readonly Grant[] => resource.acl ?? privateGrants(ownerOf(resource));

/**
 * Who is asking and what they may do. When signatures are not checked, the request acts as the
 * one local owner and everything is allowed; when they are, the principal is the access key's
 * owner (undefined: anonymous) and the ACLs decide, as S3 decides them: an owner may do anything
 * with what it owns; anyone else needs a grant of the permission (or FULL_CONTROL) to them, to
 * AuthenticatedUsers (any valid signature) or to AllUsers (anyone).
 */
export class AccessControl {
  constructor(
    /** The access key's owner; undefined for an anonymous request. */
    readonly principal: Owner | undefined,
    /** Whether signatures (and so ACLs) are checked. */
    readonly checked: boolean,
  ) {}

  static unchecked(): AccessControl {
    return new AccessControl(LOCAL_OWNER, false);
  }

  /** The owner of what this request creates in `bucket` (an anonymous writer's objects belong to the bucket owner). */
  creatorIn(bucket: BucketState | undefined): Owner {
    return this.principal ?? (bucket === undefined ? LOCAL_OWNER : ownerOf(bucket));
  }

  allows(resource: BucketState | StoredVersion, permission: Permission): boolean {
    if (!this.checked) return true;
    if (this.principal !== undefined && this.principal.id === ownerOf(resource).id) return true;
    return grantsOf(resource).some(
      (grant) => (grant.permission === permission || grant.permission === 'FULL_CONTROL') && this.isGrantee(grant),
    );
  }

  requireBucket(bucket: BucketState, access: BucketAccess): void {
    if (!this.checked || access === 'none') return;
    if (access === 'authenticated') {
      if (this.principal === undefined) throw accessDenied();
      return;
    }
    if (access === 'owner') {
      if (this.principal?.id !== ownerOf(bucket).id) throw accessDenied();
      return;
    }
    if (!this.allows(bucket, access)) throw accessDenied();
  }

  requireObject(version: StoredVersion, permission: Permission): void {
    if (!this.allows(version, permission)) throw accessDenied();
  }

  requireAuthenticated(): void {
    if (this.checked && this.principal === undefined) throw accessDenied();
  }

  private isGrantee(grant: Grant): boolean {
    const { grantee } = grant;
    if (grantee.type === 'CanonicalUser') return grantee.id === this.principal?.id;
    return grantee.uri === ALL_USERS || (grantee.uri === AUTHENTICATED_USERS && this.principal !== undefined);
  }
}
