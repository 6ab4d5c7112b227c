import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestProblem } from './request-target.js';

/** Sends an S3-shaped XML error, as S3 does for a request it refuses before reading its body. */
export function sendXmlError(req: IncomingMessage, res: ServerResponse, status: number, problem: RequestProblem, requestId: string): void {
  const fields: [string, string | undefined][] = [
    ['Code', problem.code],
    ['Message', problem.message],
    ['ArgumentName', problem.argumentName],
    ['ArgumentValue', problem.argumentValue],
    ['RequestId', requestId],
  ];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' +
    fields
      .filter((field): field is [string, string] => field[1] !== undefined)
      .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
      .join('') +
    '</Error>';
  res.statusCode = status;
  res.setHeader('content-type', 'application/xml');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.setHeader('x-amz-error-code', problem.code);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** XML 1.0 text: markup characters escaped, characters XML cannot carry replaced with U+FFFD. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
