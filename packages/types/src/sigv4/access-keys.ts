/** The access keys a local service accepts when it verifies signatures, and how the command line gives them. */

/** An access key a service accepts when it verifies signatures. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A name for whoever holds the key (S3 shows it as the owner's DisplayName). @default the access key id */
  readonly displayName?: string;
}

/**
 * The keys by access key id, once each is checked: an id of 1 to 128 printable ASCII characters
 * (no spaces), a secret that is not empty, no id given twice. Throws an Error naming the key.
 */
export function checkAccessKeys<Key extends AccessKey>(keys: readonly Key[]): ReadonlyMap<string, Key> {
  const byId = new Map<string, Key>();
  for (const key of keys) {
    if (!/^[\x21-\x7e]{1,128}$/.test(key.accessKeyId))
      throw new Error(`Access key id "${key.accessKeyId}" is not valid: 1 to 128 printable ASCII characters, no spaces`);
    if (key.secretAccessKey === '') throw new Error(`Access key ${key.accessKeyId} has an empty secret`);
    if (byId.has(key.accessKeyId)) throw new Error(`Access key ${key.accessKeyId} is given twice`);
    byId.set(key.accessKeyId, key);
  }
  return byId;
}

/**
 * Reads `ID:SECRET[:DISPLAY_NAME]` (the command line's `--access-key`). The secret may not hold a
 * colon; the display name may. The secret never appears in the error.
 */
export function parseAccessKey(text: string): AccessKey {
  const [accessKeyId = '', secretAccessKey = '', ...rest] = text.split(':');
  if (accessKeyId === '' || secretAccessKey === '')
    throw new Error(`--access-key "${accessKeyId}:…" must be ID:SECRET or ID:SECRET:DISPLAY_NAME`);
  return { accessKeyId, secretAccessKey, ...(rest.length > 0 ? { displayName: rest.join(':') } : {}) };
}
