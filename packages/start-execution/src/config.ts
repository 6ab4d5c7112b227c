import { DEFAULT_OUTPUT_PREFIX, ENV, optionalEnv, requireEnv } from '@sizegate/types';

// Also the entry point @sizegate/start-execution/config: it imports @sizegate/types only, so reading the
// settings (as @sizegate/local does for its functions) loads no SDK client and no logger.

type Env = Readonly<Record<string, string | undefined>>;

/** Settings of the start-execution Lambda entry. */
export interface StartExecutionConfig {
  /** The state machine every new object starts an execution of. */
  readonly stateMachineArn: string;
  /** Keys under this prefix are sizegate's own output (manifests) and never start an execution. */
  readonly outputPrefix: string;
  /** Where the output prefix applies; undefined means in every bucket (process-file's default). */
  readonly outputBucket: string | undefined;
}

/**
 * Reads start-execution's settings: SIZEGATE_STATE_MACHINE_ARN is required (the error names it);
 * SIZEGATE_OUTPUT_PREFIX defaults to 'processed/' and SIZEGATE_OUTPUT_BUCKET is optional, as in
 * process-file, so both Lambdas agree on where manifests go. Blank values count as unset.
 */
export function readConfig(env: Env = process.env): StartExecutionConfig {
  return {
    stateMachineArn: requireEnv(env, ENV.stateMachineArn).trim(),
    outputPrefix: optionalEnv(env, ENV.outputPrefix) ?? DEFAULT_OUTPUT_PREFIX,
    outputBucket: optionalEnv(env, ENV.outputBucket)?.trim(),
  };
}
