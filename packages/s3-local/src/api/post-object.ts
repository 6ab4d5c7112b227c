import { Readable } from 'node:stream';
import { AccessControl, ownerOf } from '../acl/access.js';
import { cannedGrants } from '../acl/model.js';
import { BodyDecoder } from '../body-decoder.js';
import { checksumHasher, type ExpectedChecksum } from '../checksums.js';
import { checkKey } from '../path-safety.js';
import { requestBody } from '../request-body.js';
import { S3Error } from '../s3-error.js';
import { bucketOf, header, sendEmpty, writtenVersionHeader, type S3Context } from './context.js';
import { S3_NAMESPACE, xmlDocument } from './xml.js';
import { formBoundary, readForm } from './form-parser.js';
import { checkPostConditions, checkPostSize, postPolicySigner, readPostPolicy, type PostPolicy } from './post-policy.js';
import { tagsFromXml } from './tagging.js';

/** Form fields stored as the object's content headers. */
const STORED_FIELDS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'expires'];

/**
 * POST Object: a browser form upload (multipart/form-data) into a bucket. A `policy` field is
 * checked as S3 checks it (expiration, conditions, content-length-range, and its signature when
 * signatures are verified; the signer is the writer); without one the upload is anonymous and
 * needs a bucket anyone may write to. `key` (with `${filename}`), content fields, `acl`,
 * `tagging`, `x-amz-meta-*`, `x-amz-checksum-*`, `success_action_redirect` and
 * `success_action_status` are honoured.
 */
export async function postObject(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const boundary = formBoundary(header(ctx, 'content-type'));
  if (boundary === undefined)
    throw new S3Error('InvalidArgument', 'POST requires a multipart/form-data body with a boundary', 400, {
      ArgumentName: 'Content-Type',
      ArgumentValue: header(ctx, 'content-type'),
    });
  const { fields, file } = await readForm(requestBody(ctx.req), boundary);
  const policyField = fields.get('policy');
  let policy: PostPolicy | undefined;
  let access = ctx.access.checked ? new AccessControl(undefined, true) : ctx.access;
  if (policyField !== undefined) {
    policy = readPostPolicy(policyField, new Date(ctx.now()));
    const signer = postPolicySigner(fields, policyField, ctx.accessKeys);
    if (signer !== undefined) access = new AccessControl(signer, true);
  }
  access.requireBucket(bucket, 'WRITE');
  const template = fields.get('key');
  if (template === undefined || template === '') {
    throw new S3Error(
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      400,
      { ArgumentName: 'key', ArgumentValue: '' },
    );
  }
  const key = template.replace(/\$\{filename\}/g, file.filename);
  // Conditions on the key hold for the key stored: ${filename} replaced.
  if (policy !== undefined) checkPostConditions(policy, new Map([...fields, ['key', key]]), bucket.name);
  const keyProblem = checkKey(key);
  if (keyProblem)
    throw new S3Error(keyProblem.code, keyProblem.message, 400, { ArgumentName: 'key', ArgumentValue: keyProblem.argumentValue });
  const headers: Record<string, string> = {};
  for (const name of STORED_FIELDS) {
    const value = fields.get(name) ?? (name === 'content-type' ? file.contentType : undefined);
    if (value !== undefined) headers[name] = value;
  }
  const metadata = Object.fromEntries([...fields].filter(([name]) => name.startsWith('x-amz-meta-')));
  // They come back as response headers: refuse what a header cannot carry (CR/LF, non-Latin-1).
  for (const [name, value] of [...Object.entries(headers), ...Object.entries(metadata)]) {
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value))
      throw new S3Error('InvalidArgument', `The form field ${name} holds characters a header cannot carry`, 400, {
        ArgumentName: name,
        ArgumentValue: value.slice(0, 64),
      });
  }
  const owner = access.creatorIn(bucket);
  const cannedAcl = fields.get('acl');
  const tagging = fields.get('tagging');
  const checksums: Record<string, string> = {};
  const received = await ctx.store.receive(bucket, verifiedFile(file.content, fields, checksums));
  try {
    if (policy !== undefined) checkPostSize(policy, received.size);
  } catch (error) {
    await ctx.store.discard(received);
    throw error;
  }
  const version = await ctx.store.commit(bucket, key, received, {
    headers,
    metadata,
    checksums,
    ...(access.checked ? { owner } : {}),
    ...(cannedAcl === undefined ? {} : { acl: cannedGrants(cannedAcl, owner, ownerOf(bucket)) }),
    ...(tagging === undefined ? {} : { tags: tagsFromXml(tagging) }),
  });
  const location = `/${bucket.name}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
  const responseHeaders = { etag: version.etag, location, ...writtenVersionHeader(version.versionId) };
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
  const status = fields.get('success_action_status');
  if (redirect !== undefined && /^https?:\/\//i.test(redirect)) {
    const query = `bucket=${encodeURIComponent(bucket.name)}&key=${encodeURIComponent(key)}&etag=${encodeURIComponent(version.etag)}`;
    sendEmpty(ctx, 303, { ...responseHeaders, location: `${redirect}${redirect.includes('?') ? '&' : '?'}${query}` });
  } else if (status === '201') {
    // S3's PostResponse document has no namespace (browsers and SDKs read Key, ETag... unqualified).
    const body = xmlDocument('PostResponse', [
      ['Location', location],
      ['Bucket', bucket.name],
      ['Key', key],
      ['ETag', version.etag],
    ]).replace(` xmlns="${S3_NAMESPACE}"`, '');
    ctx.res.writeHead(201, { ...responseHeaders, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    ctx.res.end(body);
  } else sendEmpty(ctx, status === '200' ? 200 : 204, responseHeaders);
  ctx.created('ObjectCreated:Post', bucket, version);
}

/** The file's bytes, checked against the form's x-amz-checksum-* fields at their end (BadDigest). */
function verifiedFile(content: AsyncIterable<Buffer>, fields: ReadonlyMap<string, string>, verified: Record<string, string>): Readable {
  const expected: ExpectedChecksum[] = [];
  for (const [name, value] of fields) {
    const hasher = name.startsWith('x-amz-checksum-') ? checksumHasher(name) : undefined;
    if (hasher !== undefined) expected.push({ name, value: value.trim(), hasher });
  }
  const decoder = new BodyDecoder({ chunked: false, expected, onVerified: (name, value) => (verified[name] = value) });
  const source = Readable.from(content);
  source.on('error', (error) => decoder.destroy(error));
  return source.pipe(decoder);
}
