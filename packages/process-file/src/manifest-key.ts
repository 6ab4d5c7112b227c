import { createHash } from 'node:crypto';
import { ConfigurationError, ENV, MANIFEST_SUFFIX } from '@sizegate/types';

/** S3's limit on the length of a key, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/** How many hex digits of the key's SHA-256 a shortened manifest key carries (64 bits). */
export const KEY_DIGEST_HEX_DIGITS = 16;

/** What separates the kept start of the key from its digest in a shortened manifest key. */
export const SHORTENED_KEY_MARK = '~';

/** The object a manifest is named for (versionId only for the error message). */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | null;
}

/** `~` + 16 hex digits: the tail a shortened manifest key adds before the suffix. */
const DIGEST_TAIL_BYTES = SHORTENED_KEY_MARK.length + KEY_DIGEST_HEX_DIGITS;

/**
 * The manifest key of an object: `${outputPrefix}${key}${MANIFEST_SUFFIX}` while that fits S3's
 * 1,024-byte key limit. A longer one (a key near the limit itself) would make PutObject fail with
 * KeyTooLongError and lose the manifest, so it is shortened, deterministically:
 * `${outputPrefix}` + the key cut at a UTF-8 character boundary + `~` + the first 16 hex digits of
 * the key's SHA-256 + `${MANIFEST_SUFFIX}`, as long as the limit allows. It stays under the
 * prefix (so start-execution still skips it) and still ends with the suffix; the digest keeps two
 * long keys with the same start apart.
 *
 * @throws ConfigurationError when the prefix is so long that not even the digest fits.
 */
export function manifestKeyFor(outputPrefix: string, object: ObjectLocation): string {
  const { key } = object;
  const plain = `${outputPrefix}${key}${MANIFEST_SUFFIX}`;
  if (utf8Bytes(plain) <= MAX_KEY_BYTES) return plain;

  const room = MAX_KEY_BYTES - utf8Bytes(outputPrefix) - DIGEST_TAIL_BYTES - utf8Bytes(MANIFEST_SUFFIX);
  if (room < 0) {
    throw new ConfigurationError(
      `Cannot name the manifest: the output prefix (${ENV.outputPrefix}, ${utf8Bytes(outputPrefix)} bytes) leaves no room ` +
        `under S3's ${MAX_KEY_BYTES}-byte key limit for the manifest of this ${utf8Bytes(key)}-byte key; use a prefix of ` +
        `at most ${MAX_KEY_BYTES - DIGEST_TAIL_BYTES - utf8Bytes(MANIFEST_SUFFIX)} bytes`,
      { bucket: object.bucket, key, versionId: object.versionId },
    );
  }
  const digest = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, KEY_DIGEST_HEX_DIGITS);
  return `${outputPrefix}${utf8Start(key, room)}${SHORTENED_KEY_MARK}${digest}${MANIFEST_SUFFIX}`;
}

/** The longest start of `text` whose UTF-8 encoding has at most `maxBytes` bytes, never cutting a character. */
export function utf8Start(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  // for…of walks code points, so a surrogate pair (a 4-byte character) is kept or dropped whole.
  for (const character of text) {
    bytes += utf8Bytes(character);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
