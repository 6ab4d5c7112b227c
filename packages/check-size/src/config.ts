import { ENV, optionalEnv } from '@sizegate/types';

// Also the entry point @sizegate/check-size/config: it imports @sizegate/types only, so reading the
// settings (as @sizegate/local does for its functions) loads no SDK client and no logger.

type Env = Readonly<Record<string, string | undefined>>;

/** The object check-size sizes when its event names none (the original project's env-only input). */
export interface ObjectFallback {
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
}

/** Settings of the check-size Lambda entry. */
export interface CheckSizeConfig {
  readonly fallback: ObjectFallback;
}

/**
 * Reads check-size's settings. Nothing is required: the fallback object comes from
 * SIZEGATE_BUCKET / SIZEGATE_KEY, then the original project's `bucket` / `file`.
 */
export function readConfig(env: Env = process.env): CheckSizeConfig {
  return {
    fallback: {
      bucket: optionalEnv(env, ENV.bucket, ENV.legacyBucket),
      key: optionalEnv(env, ENV.key, ENV.legacyKey),
    },
  };
}
