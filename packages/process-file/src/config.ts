import { DEFAULT_OUTPUT_PREFIX, ENV, optionalEnv } from '@sizegate/types';

// Also the entry point @sizegate/process-file/config: it imports @sizegate/types only, so reading the
// settings (as @sizegate/local does for its functions) loads no SDK client and no logger.

type Env = Readonly<Record<string, string | undefined>>;

/** Settings of the process-file Lambda entry. */
export interface ProcessFileConfig {
  /** Bucket manifests are written to; undefined means each object's own bucket. */
  readonly outputBucket: string | undefined;
  /** Prefix of every manifest key. */
  readonly outputPrefix: string;
}

/**
 * Reads process-file's settings. Nothing is required: SIZEGATE_OUTPUT_BUCKET defaults to the
 * processed object's bucket, SIZEGATE_OUTPUT_PREFIX to 'processed/' (an empty value counts as unset).
 */
export function readConfig(env: Env = process.env): ProcessFileConfig {
  return {
    outputBucket: optionalEnv(env, ENV.outputBucket)?.trim(),
    outputPrefix: optionalEnv(env, ENV.outputPrefix) ?? DEFAULT_OUTPUT_PREFIX,
  };
}
