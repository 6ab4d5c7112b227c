import { GetObjectCommand, GetObjectTaggingCommand, PutBucketAclCommand } from '@aws-sdk/client-s3';
import { createHash, createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveSigningKey } from '@sizegate/types/sigv4';
import { startS3TestServer, type S3TestServer } from '../helpers/s3-server.js';
import { OTHER_KEY, OWNER_KEY, startVerifyingServer, type VerifyingServer } from '../helpers/verifying-server.js';

// Browser form uploads (POST Object) with policies as a browser page sends them: fetch + FormData.

let verifying: VerifyingServer | undefined;
let plain: S3TestServer | undefined;

afterEach(async () => {
  await verifying?.close();
  await plain?.close();
  verifying = undefined;
  plain = undefined;
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const encodePolicy = (conditions: unknown[], expiration = inAnHour()) =>
  Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');

/** SigV2 form fields: AWSAccessKeyId, policy, signature (base64 HMAC-SHA1 of the policy). */
function signedV2(policy: string, key: { accessKeyId: string; secretAccessKey: string } = OWNER_KEY): Record<string, string> {
  return { AWSAccessKeyId: key.accessKeyId, policy, signature: createHmac('sha1', key.secretAccessKey).update(policy).digest('base64') };
}

async function post(endpoint: string, bucket: string, fields: Record<string, string>, file = 'file body') {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file], { type: 'text/plain' }), 'upload.txt');
  const response = await fetch(`${endpoint}/${bucket}`, { method: 'POST', body: form, redirect: 'manual' });
  return { status: response.status, body: await response.text(), location: response.headers.get('location') };
}

const conditions = (bucket: string) => [
  { bucket },
  ['starts-with', '$key', 'uploads/'],
  { acl: 'private' },
  ['starts-with', '$Content-Type', 'text/'],
  ['content-length-range', 0, 1024],
];
const fields = { key: 'uploads/${filename}', acl: 'private', 'Content-Type': 'text/plain' };

describe('POST Object policies, signatures verified', () => {
  it('a SigV2 policy signed by a key uploads as that key (204); the signer owns the object', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);

    // Act
    const response = await post(verifying.s3Local.endpoint, 'incoming', { ...fields, ...signedV2(encodePolicy(conditions('incoming'))) });
    const stored = await verifying.client().send(new GetObjectCommand({ Bucket: 'incoming', Key: 'uploads/upload.txt' }));

    // Assess
    expect(response.status).toBe(204);
    expect(await stored.Body!.transformToString()).toBe('file body');
  });

  it('a SigV4 policy (x-amz-credential, x-amz-date, x-amz-signature) uploads too', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const date = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const credential = `${OWNER_KEY.accessKeyId}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
    const v4Fields = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': date };
    const policy = encodePolicy([...conditions('incoming'), ...Object.entries(v4Fields).map(([name, value]) => ({ [name]: value }))]);
    const signature = createHmac('sha256', deriveSigningKey(OWNER_KEY.secretAccessKey, date.slice(0, 8), 'us-east-1', 's3'))
      .update(policy)
      .digest('hex');

    // Act
    const response = await post(verifying.s3Local.endpoint, 'incoming', { ...fields, ...v4Fields, policy, 'x-amz-signature': signature });

    // Assess
    expect(response.status).toBe(204);
  });

  it('refuses a wrong signature (403 SignatureDoesNotMatch), an unknown key (403 InvalidAccessKeyId) and a missing signature (400)', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);
    const policy = encodePolicy(conditions('incoming'));
    const { signature: _signature, ...unsigned } = signedV2(policy);

    // Act
    const wrong = await post(verifying.s3Local.endpoint, 'incoming', {
      ...fields,
      ...signedV2(policy),
      signature: signedV2(policy, OTHER_KEY).signature!,
    });
    const unknown = await post(verifying.s3Local.endpoint, 'incoming', {
      ...fields,
      ...signedV2(policy, { accessKeyId: 'AKIDNOBODY0000000000', secretAccessKey: 'x' }),
    });
    const missing = await post(verifying.s3Local.endpoint, 'incoming', { ...fields, ...unsigned });

    // Assess
    expect([wrong.status, unknown.status, missing.status]).toEqual([403, 403, 400]);
    expect(wrong.body).toContain('SignatureDoesNotMatch');
    expect(unknown.body).toContain('InvalidAccessKeyId');
  });

  it('without a policy the upload is anonymous: refused by a private bucket, accepted by a public-read-write one', async () => {
    // Prepare
    verifying = await startVerifyingServer(['incoming']);

    // Act
    const refused = await post(verifying.s3Local.endpoint, 'incoming', { key: 'anonymous.txt' });
    await verifying.client().send(new PutBucketAclCommand({ Bucket: 'incoming', ACL: 'public-read-write' }));
    const accepted = await post(verifying.s3Local.endpoint, 'incoming', { key: 'anonymous.txt' });

    // Assess
    expect(refused.status).toBe(403);
    expect(accepted.status).toBe(204);
  });
});

describe('POST Object policies, enforced whether or not signatures are verified', () => {
  const endpoint = () => plain!.endpoint;

  it('a condition that does not hold, a field without a condition, or an expired policy → 403 AccessDenied naming why', async () => {
    // Prepare
    plain = await startS3TestServer(['incoming']);
    const signed = (policy: string) => signedV2(policy);

    // Act
    const wrongPrefix = await post(endpoint(), 'incoming', {
      ...fields,
      key: 'elsewhere/x',
      ...signed(encodePolicy(conditions('incoming'))),
    });
    const wrongBucket = await post(endpoint(), 'incoming', { ...fields, ...signed(encodePolicy(conditions('other-bucket'))) });
    const extraField = await post(endpoint(), 'incoming', {
      ...fields,
      'x-amz-meta-extra': 'v',
      ...signed(encodePolicy(conditions('incoming'))),
    });
    const ignoredField = await post(endpoint(), 'incoming', {
      ...fields,
      'x-ignore-me': 'v',
      ...signed(encodePolicy(conditions('incoming'))),
    });
    const expired = await post(endpoint(), 'incoming', {
      ...fields,
      ...signed(encodePolicy(conditions('incoming'), '2020-01-01T00:00:00Z')),
    });

    // Assess
    expect([wrongPrefix.status, wrongBucket.status, extraField.status, ignoredField.status, expired.status]).toEqual([
      403, 403, 403, 204, 403,
    ]);
    expect(wrongPrefix.body).toContain('Policy Condition failed: [&quot;starts-with&quot;,&quot;$key&quot;,&quot;uploads/&quot;]');
    expect(extraField.body).toContain('Extra input fields: x-amz-meta-extra');
    expect(expired.body).toContain('Policy expired.');
  });

  it('content-length-range: a larger file → 400 EntityTooLarge, a smaller one → 400 EntityTooSmall, nothing stored; malformed policies → 400', async () => {
    // Prepare
    plain = await startS3TestServer(['incoming']);
    const sized = (min: number, max: number) =>
      signedV2(encodePolicy([...conditions('incoming').slice(0, 4), ['content-length-range', min, max]]));

    // Act
    const tooLarge = await post(endpoint(), 'incoming', { ...fields, ...sized(0, 4) }, 'five!');
    const tooSmall = await post(endpoint(), 'incoming', { ...fields, ...sized(100, 200) }, 'tiny');
    const upperCase = await post(endpoint(), 'incoming', {
      ...fields,
      ...signedV2(Buffer.from(JSON.stringify({ expiration: inAnHour(), CONDITIONS: [] })).toString('base64')),
    });
    const badDate = await post(endpoint(), 'incoming', {
      ...fields,
      ...signedV2(encodePolicy(conditions('incoming'), '2030-01-01 00:00:00')),
    });
    const stored = await rawList(plain);

    // Assess
    expect([tooLarge.status, tooSmall.status, upperCase.status, badDate.status]).toEqual([400, 400, 400, 400]);
    expect(tooLarge.body).toContain('EntityTooLarge');
    expect(tooSmall.body).toContain('EntityTooSmall');
    expect(stored).not.toContain('<Key>');
  });

  it('success_action_redirect → 303 to the URL with bucket, key and ETag; success_action_status 201 → a PostResponse document', async () => {
    // Prepare
    plain = await startS3TestServer(['incoming']);
    const redirect = 'https://example.com/done?from=form';
    const policy = (extra: unknown) => signedV2(encodePolicy([...conditions('incoming'), extra]));

    // Act
    const redirected = await post(
      endpoint(),
      'incoming',
      { ...fields, success_action_redirect: redirect, ...policy(['eq', '$success_action_redirect', redirect]) },
      'abc',
    );
    const created = await post(
      endpoint(),
      'incoming',
      { ...fields, success_action_status: '201', ...policy({ success_action_status: '201' }) },
      'abc',
    );
    const etag = `"${createHash('md5').update('abc').digest('hex')}"`;

    // Assess
    expect(redirected.status).toBe(303);
    expect(redirected.location).toBe(`${redirect}&bucket=incoming&key=uploads%2Fupload.txt&etag=${encodeURIComponent(etag)}`);
    expect(created.status).toBe(201);
    expect(created.body).toContain(
      '<PostResponse><Location>/incoming/uploads/upload.txt</Location><Bucket>incoming</Bucket><Key>uploads/upload.txt</Key>',
    );
  });

  it('a tagging field tags the object; x-amz-checksum-* fields are verified (400 BadDigest on a mismatch)', async () => {
    // Prepare
    plain = await startS3TestServer(['incoming']);
    const policy = signedV2(encodePolicy([...conditions('incoming'), ['starts-with', '$tagging', '']]));
    const sha256 = createHash('sha256').update('abc').digest('base64');

    // Act
    const tagged = await post(
      endpoint(),
      'incoming',
      {
        ...fields,
        tagging: '<Tagging><TagSet><Tag><Key>from</Key><Value>form</Value></Tag></TagSet></Tagging>',
        'x-amz-checksum-sha256': sha256,
        ...policy,
      },
      'abc',
    );
    const mismatch = await post(
      endpoint(),
      'incoming',
      { ...fields, key: 'uploads/other', tagging: '<Tagging><TagSet></TagSet></Tagging>', 'x-amz-checksum-sha256': sha256, ...policy },
      'abd',
    );
    const tags = await plain.client().send(new GetObjectTaggingCommand({ Bucket: 'incoming', Key: 'uploads/upload.txt' }));

    // Assess
    expect(tagged.status).toBe(204);
    expect(tags.TagSet).toEqual([{ Key: 'from', Value: 'form' }]);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toContain('BadDigest');
  });
});

async function rawList(server: S3TestServer): Promise<string> {
  return (await fetch(`${server.endpoint}/incoming?list-type=2`)).text();
}
