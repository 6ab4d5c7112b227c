/**
 * S3's access control lists: an owner, and grants of a permission to a canonical user or a group.
 * Buckets and object versions keep their owner and grants; when signatures are checked, each
 * access key is its own owner and the grants decide what the others may do (see access.ts).
 */
import { invalidArgument } from '../s3-error.js';

export interface Owner {
  /** Canonical user id. */
  readonly id: string;
  readonly displayName: string;
}

export type Permission = 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
export const PERMISSIONS: readonly Permission[] = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'];

export type Grantee = { readonly type: 'CanonicalUser'; readonly id: string } | { readonly type: 'Group'; readonly uri: string };

export interface Grant {
  readonly grantee: Grantee;
  readonly permission: Permission;
}

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
export const GROUPS: readonly string[] = [ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY];

/** Who owns everything when signatures are not checked (and what was stored before owners were kept). */
export const LOCAL_OWNER: Owner = { id: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', displayName: 'sizegate-local' };

export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

const user = (owner: Owner, permission: Permission): Grant => ({ grantee: { type: 'CanonicalUser', id: owner.id }, permission });
const group = (uri: string, permission: Permission): Grant => ({ grantee: { type: 'Group', uri }, permission });

/** The grants of the default ACL: the owner's FULL_CONTROL. */
export function privateGrants(owner: Owner): Grant[] {
  return [user(owner, 'FULL_CONTROL')];
}

/**
 * The grants a canned ACL (`x-amz-acl`) stands for, as S3 expands them. `bucketOwner` is the
 * owner of the object's bucket (bucket-owner-* ACLs; for a bucket itself they are private).
 * Group grants come first (the order has no meaning; ceph/s3-tests compares them in this one).
 */
export function cannedGrants(canned: string, owner: Owner, bucketOwner: Owner = owner): Grant[] {
  const own = user(owner, 'FULL_CONTROL');
  switch (canned as CannedAcl) {
    case 'private':
      return [own];
    case 'public-read':
      return [group(ALL_USERS, 'READ'), own];
    case 'public-read-write':
      return [group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE'), own];
    case 'authenticated-read':
      return [group(AUTHENTICATED_USERS, 'READ'), own];
    case 'aws-exec-read':
      return [own];
    case 'bucket-owner-read':
      return bucketOwner.id === owner.id ? [own] : [own, user(bucketOwner, 'READ')];
    case 'bucket-owner-full-control':
      return bucketOwner.id === owner.id ? [own] : [own, user(bucketOwner, 'FULL_CONTROL')];
    case 'log-delivery-write':
      return [group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP'), own];
    default:
      throw invalidArgument('', 'x-amz-acl', canned);
  }
}

export function sameGrants(a: readonly Grant[], b: readonly Grant[]): boolean {
  const key = (grant: Grant) => `${grant.permission} ${grant.grantee.type === 'Group' ? grant.grantee.uri : grant.grantee.id}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((value, index) => value === right[index]);
}
