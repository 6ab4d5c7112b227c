import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formBoundary, readForm } from '../../src/api/form-parser.js';

const BOUNDARY = 'xYzBoundary';

function form(file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\na/\${filename}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="X-Amz-Meta-Tag"\r\n\r\nv\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

/** The body cut into pieces of `size` bytes, as a stream. */
const pieces = (body: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(body.length / size) }, (_, i) => body.subarray(i * size, (i + 1) * size)));

/*
 * Follows the delimiter cut one byte short. Were the next byte random, 1 run in 256 would complete
 * the delimiter inside the file, a form no client sends (they pick a boundary absent from the data).
 */
const NOT_THE_LAST_BOUNDARY_BYTE = Buffer.from('!');

describe('readForm', () => {
  it.each([1, 2, 7, 13, 4096])(
    'reads fields and streams the file whatever the piece size (%i bytes), even with delimiter-like bytes inside',
    async (size) => {
      // Prepare
      const file = Buffer.concat([
        randomBytes(5000),
        Buffer.from(`\r\n--${BOUNDARY.slice(0, 5)}`),
        Buffer.from(`\r\n--${BOUNDARY}`).subarray(0, -1),
        NOT_THE_LAST_BOUNDARY_BYTE,
        randomBytes(3000),
      ]);

      // Act
      const { fields, file: part } = await readForm(pieces(form(file), size), BOUNDARY);
      const chunks: Buffer[] = [];
      for await (const chunk of part.content) chunks.push(chunk);

      // Assess
      expect(Object.fromEntries(fields)).toEqual({ key: 'a/${filename}', 'x-amz-meta-tag': 'v' });
      expect(part).toMatchObject({ filename: 'f.bin', contentType: 'image/png' });
      expect(Buffer.concat(chunks).equals(file)).toBe(true);
    },
  );

  it('fails with MalformedPOSTRequest when the file has no closing boundary, and InvalidArgument when there is no file', async () => {
    // Prepare
    const truncated = form(Buffer.from('data')).subarray(0, -20);
    const noFile = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--${BOUNDARY}--\r\n`);

    // Act
    const { file } = await readForm(pieces(truncated, 64), BOUNDARY);
    const streamed = (async () => {
      for await (const _chunk of file.content);
    })().catch((error: unknown) => error);
    const missing = await readForm(pieces(noFile, 64), BOUNDARY).catch((error: unknown) => error);

    // Assess
    expect(await streamed).toMatchObject({ code: 'MalformedPOSTRequest', status: 400 });
    expect(missing).toMatchObject({ code: 'InvalidArgument', status: 400 });
  });

  it('reads the boundary of a multipart/form-data content type', () => {
    // Act
    const values = [
      formBoundary('multipart/form-data; boundary=abc'),
      formBoundary('multipart/form-data; boundary="a b"'),
      formBoundary('text/plain'),
      formBoundary(undefined),
    ];

    // Assess
    expect(values).toEqual(['abc', 'a b', undefined, undefined]);
  });
});
