import { ConfigurationError, DEFAULT_OUTPUT_PREFIX, MANIFEST_SUFFIX } from '@sizegate/types';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES, manifestKeyFor, utf8Start } from '../../src/manifest-key.js';

const PREFIX = DEFAULT_OUTPUT_PREFIX;
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const digest16 = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
/** The key whose plain manifest key (default prefix) is exactly `total` bytes. */
const keyForManifestOf = (total: number): string => 'k'.repeat(total - bytes(PREFIX) - bytes(MANIFEST_SUFFIX));
const at = (key: string) => ({ bucket: 'incoming', key });

describe("manifest key: the plain name while it fits S3's limit", () => {
  it('a manifest key of exactly 1,024 bytes keeps the plain name', () => {
    // Prepare
    const key = keyForManifestOf(MAX_KEY_BYTES);

    // Act
    const manifestKey = manifestKeyFor(PREFIX, at(key));

    // Assess
    expect(manifestKey).toBe(`${PREFIX}${key}${MANIFEST_SUFFIX}`);
    expect(bytes(manifestKey)).toBe(1024);
  });

  it('an ordinary key keeps the plain name', () => {
    // Act
    const manifestKey = manifestKeyFor(PREFIX, at('reports/2024/data.csv'));

    // Assess
    expect(manifestKey).toBe('processed/reports/2024/data.csv.manifest.json');
  });
});

describe('manifest key: shortened when the plain name would be over 1,024 bytes', () => {
  it('1,025 bytes get the shortened name: prefix + the key cut + "~" + 16 hex of its SHA-256 + suffix, exactly 1,024 bytes', () => {
    // Prepare
    const key = keyForManifestOf(MAX_KEY_BYTES + 1);

    // Act
    const manifestKey = manifestKeyFor(PREFIX, at(key));

    // Assess
    const kept = 1024 - bytes(PREFIX) - 17 - bytes(MANIFEST_SUFFIX);
    expect(manifestKey).toBe(`${PREFIX}${key.slice(0, kept)}~${digest16(key)}${MANIFEST_SUFFIX}`);
    expect(bytes(manifestKey)).toBe(1024);
    expect(manifestKey.startsWith(PREFIX)).toBe(true);
    expect(manifestKey.endsWith(MANIFEST_SUFFIX)).toBe(true);
  });

  it('a 1,024-byte key (the longest S3 allows) gets a shortened name under the prefix', () => {
    // Prepare
    const key = `uploads/${'x'.repeat(1024 - 8)}`;

    // Act
    const manifestKey = manifestKeyFor(PREFIX, at(key));

    // Assess
    expect(bytes(key)).toBe(1024);
    expect(bytes(manifestKey)).toBe(1024);
    expect(manifestKey).toMatch(/^processed\/uploads\/x+~[0-9a-f]{16}\.manifest\.json$/);
  });

  it.each([
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte (a surrogate pair)', '😀'],
  ])('never cuts a %s character: the name stays valid UTF-8, at most 1,024 bytes', (_kind, character) => {
    // Prepare: every offset of the cut relative to the character's bytes
    for (let pad = 0; pad < 4; pad++) {
      const key = `${'a'.repeat(pad)}${character.repeat(Math.ceil(1100 / bytes(character)))}`;

      // Act
      const manifestKey = manifestKeyFor(PREFIX, at(key));

      // Assess
      expect(bytes(manifestKey)).toBeLessThanOrEqual(1024);
      expect(bytes(manifestKey)).toBeGreaterThan(1024 - bytes(character));
      expect(Buffer.from(manifestKey, 'utf8').toString('utf8')).toBe(manifestKey);
      // In u-mode a surrogate pair is one code point: this only matches a lone (cut) surrogate.
      expect(manifestKey).not.toMatch(/[\uD800-\uDFFF]/u);
      const kept = manifestKey.slice(PREFIX.length, manifestKey.lastIndexOf('~'));
      expect(key.startsWith(kept)).toBe(true);
      expect([...kept.slice(pad)].every((c) => c === character)).toBe(true);
    }
  });

  it('is deterministic, and keys that share their first 1,000 bytes still get different names', () => {
    // Prepare
    const start = 'a'.repeat(1000);
    const one = `${start}-one`;
    const two = `${start}-two`;

    // Act
    const first = manifestKeyFor(PREFIX, at(one));
    const again = manifestKeyFor(PREFIX, at(one));
    const other = manifestKeyFor(PREFIX, at(two));

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first.endsWith(`~${digest16(one)}${MANIFEST_SUFFIX}`)).toBe(true);
    expect(other.endsWith(`~${digest16(two)}${MANIFEST_SUFFIX}`)).toBe(true);
  });

  it('a long output prefix leaves less of the key, still within 1,024 bytes', () => {
    // Prepare
    const prefix = `${'p'.repeat(900)}/`;
    const key = 'k'.repeat(500);

    // Act
    const manifestKey = manifestKeyFor(prefix, at(key));

    // Assess
    expect(manifestKey).toBe(`${prefix}${'k'.repeat(1024 - 901 - 17 - 14)}~${digest16(key)}${MANIFEST_SUFFIX}`);
  });
});

describe('manifest key: an output prefix that leaves no room', () => {
  it('→ ConfigurationError naming SIZEGATE_OUTPUT_PREFIX, the bucket and the key', () => {
    // Prepare: 994 bytes of prefix + 17 + 14 = 1,025, one byte too many even for the digest alone
    const prefix = 'p'.repeat(994);
    const key = 'k'.repeat(100);

    // Act
    const error = (() => {
      try {
        return manifestKeyFor(prefix, at(key));
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ bucket: 'incoming', key });
    expect((error as Error).message).toContain('SIZEGATE_OUTPUT_PREFIX, 994 bytes');
    expect((error as Error).message).toContain('use a prefix of at most 993 bytes');
    expect((error as Error).message).toContain(`(bucket "incoming", key "${key}")`);
  });

  it('a prefix of exactly the room left still names the manifest: prefix + "~" + digest + suffix', () => {
    // Prepare
    const prefix = 'p'.repeat(993);
    const key = 'k'.repeat(100);

    // Act
    const manifestKey = manifestKeyFor(prefix, at(key));

    // Assess
    expect(manifestKey).toBe(`${prefix}~${digest16(key)}${MANIFEST_SUFFIX}`);
    expect(bytes(manifestKey)).toBe(1024);
  });
});

describe('utf8Start', () => {
  it.each([
    ['abc', 2, 'ab'],
    ['aé', 2, 'a'],
    ['aé', 3, 'aé'],
    ['€x', 2, ''],
    ['😀😀', 7, '😀'],
    ['', 5, ''],
    ['abc', 0, ''],
  ])('utf8Start(%j, %i) is %j', (text, maxBytes, expected) => {
    // Act + Assess
    expect(utf8Start(text, maxBytes)).toBe(expected);
  });
});
