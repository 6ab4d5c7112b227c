import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  PutBucketAclCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  type Grant,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest, sdkRejection, startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';
import { OTHER_KEY, OWNER_KEY, startVerifyingServer, type VerifyingServer } from '../helpers/verifying-server.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const LOCAL_OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

/** Grants as comparable tuples: permission and grantee. */
const summary = (grants: Grant[] | undefined) =>
  (grants ?? []).map((grant) => [grant.Permission, grant.Grantee?.URI ?? grant.Grantee?.ID]).sort();

let verifying: VerifyingServer | undefined;
let plain: S3TestServer | undefined;

afterEach(async () => {
  await verifying?.close();
  await plain?.close();
  verifying = undefined;
  plain = undefined;
});

describe('ACLs stored and returned', () => {
  it("a bucket's ACL: the owner's FULL_CONTROL by default, canned ACLs, x-amz-grant-* headers and an AccessControlPolicy body", async () => {
    // Prepare
    verifying = await startVerifyingServer();
    const s3 = verifying.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'acl-bucket' }));

    // Act
    const initial = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    await s3.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'public-read' }));
    const canned = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'acl-bucket',
        GrantRead: `id="${OTHER_KEY.canonicalUserId}"`,
        GrantFullControl: `id="${OWNER_KEY.canonicalUserId}"`,
      }),
    );
    const headers = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    await s3.send(
      new PutBucketAclCommand({
        Bucket: 'acl-bucket',
        AccessControlPolicy: {
          Owner: initial.Owner,
          Grants: [...(initial.Grants ?? []), { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'WRITE' }],
        },
      }),
    );
    const body = await s3.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));

    // Assess
    expect(initial.Owner).toEqual({ ID: OWNER_KEY.canonicalUserId, DisplayName: 'owner' });
    expect(initial.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: OWNER_KEY.canonicalUserId, DisplayName: 'owner' }, Permission: 'FULL_CONTROL' },
    ]);
    expect(summary(canned.Grants)).toEqual([
      ['FULL_CONTROL', OWNER_KEY.canonicalUserId],
      ['READ', ALL_USERS],
    ]);
    expect(summary(headers.Grants)).toEqual([
      ['FULL_CONTROL', OWNER_KEY.canonicalUserId],
      ['READ', OTHER_KEY.canonicalUserId],
    ]);
    expect(headers.Grants?.find((grant) => grant.Permission === 'READ')?.Grantee?.DisplayName).toBe('other');
    expect(summary(body.Grants)).toEqual([
      ['FULL_CONTROL', OWNER_KEY.canonicalUserId],
      ['WRITE', ALL_USERS],
    ]);
  });

  it('refuses grants to unknown users (400 InvalidArgument), to e-mail addresses (UnresolvableGrantByEmailAddress), unknown canned ACLs, and canned plus grant headers', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const s3 = verifying.client();

    // Act
    const unknownUser = await sdkRejection(s3.send(new PutBucketAclCommand({ Bucket: 'incoming', GrantRead: 'id="0000"' })));
    const email = await sdkRejection(
      s3.send(new PutBucketAclCommand({ Bucket: 'incoming', GrantRead: 'emailAddress="someone@example.com"' })),
    );
    const unknownCanned = await rawRequest(verifying.port, 'PUT', '/incoming?acl', { 'x-amz-acl': 'everyone-please' });
    const both = await sdkRejection(
      s3.send(new PutBucketAclCommand({ Bucket: 'incoming', ACL: 'private', GrantRead: `id="${OTHER_KEY.canonicalUserId}"` })),
    );

    // Assess
    expect(unknownUser).toMatchObject({ name: 'InvalidArgument', status: 400 });
    expect(email).toMatchObject({ name: 'UnresolvableGrantByEmailAddress', status: 400 });
    expect(unknownCanned.status).toBe(403); // unsigned: refused before the ACL is read
    expect(both).toMatchObject({ name: 'InvalidRequest', status: 400 });
  });

  it("an object's ACL: canned on PutObject, PutObjectAcl per version, not copied by CopyObject (the copy is private)", async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const s3 = verifying.client();
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'incoming', VersioningConfiguration: { Status: 'Enabled' } }));
    const first = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'one', ACL: 'public-read' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'two' }));

    // Act
    await s3.send(new PutObjectAclCommand({ Bucket: 'incoming', Key: 'k', VersionId: second.VersionId, ACL: 'authenticated-read' }));
    const firstAcl = await s3.send(new GetObjectAclCommand({ Bucket: 'incoming', Key: 'k', VersionId: first.VersionId }));
    const latestAcl = await s3.send(new GetObjectAclCommand({ Bucket: 'incoming', Key: 'k' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'incoming', Key: 'copy', CopySource: `incoming/k?versionId=${first.VersionId}` }));
    const copyAcl = await s3.send(new GetObjectAclCommand({ Bucket: 'incoming', Key: 'copy' }));

    // Assess
    expect(summary(firstAcl.Grants)).toEqual([
      ['FULL_CONTROL', OWNER_KEY.canonicalUserId],
      ['READ', ALL_USERS],
    ]);
    expect(summary(latestAcl.Grants)).toEqual([
      ['FULL_CONTROL', OWNER_KEY.canonicalUserId],
      ['READ', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'],
    ]);
    expect(summary(copyAcl.Grants)).toEqual([['FULL_CONTROL', OWNER_KEY.canonicalUserId]]);
  });

  it("without signature checks, ACLs are kept and returned (the local owner's), and nothing is refused because of them", async () => {
    // Prepare
    plain = await startS3TestServer(['incoming']);
    const s3 = plain.client();
    await s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'private', Body: 'readable anyway', ACL: 'private' }));

    // Act
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: 'incoming', Key: 'private' }));
    const unsigned = await rawRequest(plain.port, 'GET', '/incoming/private');
    const withAccountId = await s3.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'private', ExpectedBucketOwner: '000000000000' }));

    // Assess
    expect(acl.Owner).toEqual({ ID: LOCAL_OWNER_ID, DisplayName: 'sizegate-local' });
    expect(summary(acl.Grants)).toEqual([['FULL_CONTROL', LOCAL_OWNER_ID]]);
    expect(unsigned).toMatchObject({ status: 200, body: 'readable anyway' });
    expect(withAccountId.$metadata.httpStatusCode).toBe(200); // no accounts to compare: ignored
  });
});

describe('ACLs enforced when signatures are verified', () => {
  it('a public-read object in a private bucket is readable by anyone, its neighbours are not, and nobody else may write or list', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const owner = verifying.client();
    const other = verifying.client(OTHER_KEY);
    await owner.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'public', Body: 'for everyone', ACL: 'public-read' }));
    await owner.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'private', Body: 'mine' }));

    // Act
    const anonymous = await rawRequest(verifying.port, 'GET', '/incoming/public');
    const otherRead = await other.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'public' }));
    const otherPrivate = await sdkRejection(other.send(new GetObjectCommand({ Bucket: 'incoming', Key: 'private' })));
    const otherWrite = await sdkRejection(other.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'public', Body: 'overwritten' })));
    const otherAcl = await sdkRejection(other.send(new GetObjectAclCommand({ Bucket: 'incoming', Key: 'public' })));

    // Assess
    expect(anonymous).toMatchObject({ status: 200, body: 'for everyone' });
    expect(await otherRead.Body!.transformToString()).toBe('for everyone');
    expect([otherPrivate.status, otherWrite.status, otherAcl.status]).toEqual([403, 403, 403]);
  });

  it('in a public-read-write bucket another key writes objects it owns; bucket-owner-full-control gives the bucket owner its object', async () => {
    // Prepare
    verifying = await startVerifyingServer();
    const owner = verifying.client();
    const other = verifying.client(OTHER_KEY);
    await owner.send(new CreateBucketCommand({ Bucket: 'shared', ACL: 'public-read-write' }));

    // Act
    await other.send(new PutObjectCommand({ Bucket: 'shared', Key: 'theirs', Body: 'x' }));
    await other.send(new PutObjectCommand({ Bucket: 'shared', Key: 'given', Body: 'y', ACL: 'bucket-owner-full-control' }));
    const theirsAcl = await other.send(new GetObjectAclCommand({ Bucket: 'shared', Key: 'theirs' }));
    const ownerReadsTheirs = await sdkRejection(owner.send(new GetObjectCommand({ Bucket: 'shared', Key: 'theirs' })));
    const ownerReadsGiven = await owner.send(new GetObjectCommand({ Bucket: 'shared', Key: 'given' }));

    // Assess
    expect(theirsAcl.Owner).toEqual({ ID: OTHER_KEY.canonicalUserId, DisplayName: 'other' });
    expect(ownerReadsTheirs.status).toBe(403);
    expect(await ownerReadsGiven.Body!.transformToString()).toBe('y');
  });

  it('x-amz-expected-bucket-owner naming someone else → 403, the owner → served', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const s3 = verifying.client();

    // Act
    const wrong = await sdkRejection(
      s3.send(new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'x', ExpectedBucketOwner: OTHER_KEY.canonicalUserId })),
    );
    const right = await s3.send(
      new PutObjectCommand({ Bucket: 'incoming', Key: 'k', Body: 'x', ExpectedBucketOwner: OWNER_KEY.canonicalUserId }),
    );

    // Assess
    expect(wrong).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(right.$metadata.httpStatusCode).toBe(200);
  });

  it('re-creating your own bucket in us-east-1 with another ACL → 409 BucketAlreadyExists; with the same, 200', async () => {
    // Prepare
    verifying = await startVerifyingServer();
    const s3 = verifying.client();
    await s3.send(new CreateBucketCommand({ Bucket: 'mine', ACL: 'public-read' }));

    // Act
    const sameAcl = await s3.send(new CreateBucketCommand({ Bucket: 'mine', ACL: 'public-read' }));
    const otherAcl = await sdkRejection(s3.send(new CreateBucketCommand({ Bucket: 'mine' })));

    // Assess
    expect(sameAcl.$metadata.httpStatusCode).toBe(200);
    expect(otherAcl).toMatchObject({ name: 'BucketAlreadyExists', status: 409 });
  });
});
