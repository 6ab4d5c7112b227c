import { checkKey } from '../path-safety.js';
import { requestBody } from '../request-body.js';
import { S3Error } from '../s3-error.js';
import { bucketOf, header, sendEmpty, sendXml, writtenVersionHeader, type S3Context } from './context.js';
import { formBoundary, readForm } from './form-parser.js';

/** Form fields stored as the object's content headers. */
const STORED_FIELDS = ['content-type', 'cache-control', 'content-disposition', 'content-encoding', 'expires'];

/**
 * POST Object: a browser form upload (multipart/form-data) into a bucket. The policy and its
 * signature are not checked (no credentials are, locally); `key` (with `${filename}`), content
 * fields, `x-amz-meta-*` and `success_action_status` are honoured.
 */
export async function postObject(ctx: S3Context): Promise<void> {
  const bucket = bucketOf(ctx);
  const boundary = formBoundary(header(ctx, 'content-type'));
  if (boundary === undefined) throw new S3Error('InvalidArgument', 'POST requires a multipart/form-data body with a boundary', 400, { ArgumentName: 'Content-Type', ArgumentValue: header(ctx, 'content-type') });
  const { fields, file } = await readForm(requestBody(ctx.req), boundary);
  const template = fields.get('key');
  if (template === undefined || template === '') {
    throw new S3Error('InvalidArgument', 'Bucket POST must contain a field named \'key\'.  If it is specified, please check the order of the fields.', 400, { ArgumentName: 'key', ArgumentValue: '' });
  }
  const key = template.replace(/\$\{filename\}/g, file.filename);
  const keyProblem = checkKey(key);
  if (keyProblem) throw new S3Error(keyProblem.code, keyProblem.message, 400, { ArgumentName: 'key', ArgumentValue: keyProblem.argumentValue });
  const headers: Record<string, string> = {};
  for (const name of STORED_FIELDS) {
    const value = fields.get(name) ?? (name === 'content-type' ? file.contentType : undefined);
    if (value !== undefined) headers[name] = value;
  }
  const metadata = Object.fromEntries([...fields].filter(([name]) => name.startsWith('x-amz-meta-')));
  // They come back as response headers: refuse what a header cannot carry (CR/LF, non-Latin-1).
  for (const [name, value] of [...Object.entries(headers), ...Object.entries(metadata)]) {
    if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw new S3Error('InvalidArgument', `The form field ${name} holds characters a header cannot carry`, 400, { ArgumentName: name, ArgumentValue: value.slice(0, 64) });
  }
  const received = await ctx.store.receive(bucket, file.content);
  const version = await ctx.store.commit(bucket, key, received, { headers, metadata, checksums: {} });
  const location = `/${bucket.name}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
  const responseHeaders = { etag: version.etag, location, ...writtenVersionHeader(version.versionId) };
  const status = fields.get('success_action_status');
  if (status === '201') sendXml(ctx, 201, 'PostResponse', [['Location', location], ['Bucket', bucket.name], ['Key', key], ['ETag', version.etag]], responseHeaders);
  else sendEmpty(ctx, status === '200' ? 200 : 204, responseHeaders);
  ctx.created('ObjectCreated:Post', bucket, version);
}
