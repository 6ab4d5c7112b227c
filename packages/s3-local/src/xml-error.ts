import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestProblem } from './request-target.js';
import type { S3Error } from './s3-error.js';

/** Sends an S3-shaped XML error for a request refused before it reached an operation. */
export function sendXmlError(req: IncomingMessage, res: ServerResponse, status: number, problem: RequestProblem, requestId: string): void {
  writeError(
    req,
    res,
    status,
    problem.code,
    [
      ['Message', problem.message],
      ['ArgumentName', problem.argumentName],
      ['ArgumentValue', problem.argumentValue],
    ],
    requestId,
  );
}

/** Sends an operation's S3Error: Code, Message, the error's own elements (Key, BucketName...), RequestId. */
export function sendS3Error(req: IncomingMessage, res: ServerResponse, error: S3Error, requestId: string): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  writeError(req, res, error.status, error.code, [['Message', error.message], ...Object.entries(error.detail)], requestId);
}

function writeError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  fields: [string, string | undefined][],
  requestId: string,
): void {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    [['Code', code] as [string, string | undefined], ...fields, ['RequestId', requestId] as [string, string | undefined]]
      .filter((field): field is [string, string] => field[1] !== undefined)
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('') +
    '</Error>';
  res.statusCode = status;
  res.setHeader('content-type', 'application/xml');
  res.setHeader('x-amz-error-code', code);
  // HEAD and 304 responses have no body; S3 sends the error code in the header only.
  if (req.method === 'HEAD' || status === 304) {
    res.end();
    return;
  }
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** Anything outside XML 1.0's Char production (which allows tab, LF and CR but no other control character). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML allows are named on purpose
const NOT_XML_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** XML 1.0 text: markup characters escaped, characters XML cannot carry replaced with U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHARACTER, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
