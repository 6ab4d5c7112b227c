import { S3Error } from '../s3-error.js';

/** Most bytes of form fields (everything before the file) read into memory. */
const MAX_FIELDS_BYTES = 1024 * 1024;

export interface FormFile {
  readonly filename: string;
  readonly contentType: string | undefined;
  /** The file's bytes, streamed: never more than a chunk plus a delimiter in memory. */
  readonly content: AsyncIterable<Buffer>;
}

export interface Form {
  /** Fields before the file, names in lower case. */
  readonly fields: ReadonlyMap<string, string>;
  readonly file: FormFile;
}

const malformed = (detail: string) =>
  new S3Error('MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${detail}`, 400);

/**
 * Reads a browser form upload (multipart/form-data) as S3's POST Object does: the fields come
 * first and are read whole (bounded), the `file` field must be the last one that matters and is
 * streamed; anything after it is ignored.
 */
export async function readForm(body: AsyncIterable<Buffer>, boundary: string): Promise<Form> {
  const iterator = body[Symbol.asyncIterator]();
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const fields = new Map<string, string>();
  let pending: Buffer = Buffer.alloc(0);
  let fieldBytes = 0;
  const more = async (): Promise<void> => {
    const { value, done } = await iterator.next();
    if (done) throw malformed('the body ended early');
    fieldBytes += (value as Buffer).length;
    if (fieldBytes > MAX_FIELDS_BYTES)
      throw new S3Error('MaxPostPreDataLengthExceeded', 'Your POST request fields preceeding the upload file was too large.', 400);
    pending = pending.length === 0 ? (value as Buffer) : Buffer.concat([pending, value as Buffer]);
  };
  const find = async (needle: Buffer): Promise<number> => {
    for (;;) {
      const index = pending.indexOf(needle);
      if (index !== -1) return index;
      await more();
    }
  };

  const start = await find(dashBoundary); // awaited first: `pending` changes while it is found
  pending = pending.subarray(start + dashBoundary.length);
  for (;;) {
    while (pending.length < 2) await more();
    if (pending[0] === 0x2d && pending[1] === 0x2d)
      throw new S3Error('InvalidArgument', 'POST requires exactly one file upload per request.', 400, {
        ArgumentName: 'file',
        ArgumentValue: '0',
      });
    const headersEnd = await find(Buffer.from('\r\n\r\n'));
    const headers = parseHeaders(pending.subarray(0, headersEnd).toString('utf8'));
    pending = pending.subarray(headersEnd + 4);
    const disposition = headers.get('content-disposition') ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw malformed('a part has no name');
    if (name.toLowerCase() === 'file') {
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      return { fields, file: { filename, contentType: headers.get('content-type'), content: fileContent() } };
    }
    const end = await find(delimiter);
    fields.set(name.toLowerCase(), pending.subarray(0, end).toString('utf8'));
    pending = pending.subarray(end + delimiter.length);
  }

  async function* fileContent(): AsyncGenerator<Buffer> {
    for (;;) {
      const end = pending.indexOf(delimiter);
      if (end !== -1) {
        if (end > 0) yield pending.subarray(0, end);
        return;
      }
      // Keep what could be the start of the delimiter; pass the rest on.
      const safe = pending.length - (delimiter.length - 1);
      if (safe > 0) {
        yield pending.subarray(0, safe);
        pending = pending.subarray(safe);
      }
      const { value, done } = await iterator.next();
      if (done) throw malformed('the file part has no closing boundary');
      pending = pending.length === 0 ? (value as Buffer) : Buffer.concat([pending, value as Buffer]);
    }
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** The boundary of a multipart/form-data content type, or undefined. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}
