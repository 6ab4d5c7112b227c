import { DEFAULT_OUTPUT_PREFIX } from './constants.js';
import { ConfigurationError } from './errors.js';

/**
 * Where sizegate writes its own output (the manifests): `<outputPrefix><key>.manifest.json` in
 * the output bucket. start-execution, backfill, the local console and the construct all decide
 * "is this object sizegate's own output?" with isOwnOutput, so they cannot disagree.
 */
export interface OutputLocation {
  /** The bucket the output prefix applies to; undefined: every bucket (process-file then writes next to each object). */
  readonly outputBucket?: string | undefined;
  /** A non-empty key prefix (checkOutputPrefix). */
  readonly outputPrefix: string;
}

/**
 * Why an output prefix cannot be used, or undefined when it can. One message for every place that
 * takes one (handlers, backfill, the local runtime, the construct): an empty prefix is refused
 * everywhere, because manifests would then be written among the objects sizegate gates (every
 * manifest an input, in the gated bucket) or every object of the output bucket would count as
 * sizegate's own output. A blank SIZEGATE_OUTPUT_PREFIX is a different thing: unset, so the default.
 */
export function outputPrefixProblem(outputPrefix: unknown): string | undefined {
  if (typeof outputPrefix !== 'string') return `outputPrefix must be a string (got ${typeof outputPrefix})`;
  if (outputPrefix === '') {
    return `outputPrefix must not be empty: manifests are written under it and keys under it never start executions (leave it out for the default '${DEFAULT_OUTPUT_PREFIX}')`;
  }
  return undefined;
}

/** The output prefix, or a ConfigurationError with outputPrefixProblem's message. */
export function checkOutputPrefix(outputPrefix: unknown): string {
  const problem = outputPrefixProblem(outputPrefix);
  if (problem !== undefined) throw new ConfigurationError(problem);
  return outputPrefix as string;
}

/**
 * Whether an object is sizegate's own output: its key is under the output prefix, in the output
 * bucket (in any bucket when no output bucket is given). Such objects never start executions, so a
 * manifest cannot start the workflow again.
 */
export function isOwnOutput(object: { readonly bucket: string; readonly key: string }, output: OutputLocation): boolean {
  return (output.outputBucket === undefined || object.bucket === output.outputBucket) && object.key.startsWith(output.outputPrefix);
}

/** Why an object isOwnOutput, as a record's or an upload's reason says it. */
export function ownOutputReason(output: OutputLocation): string {
  const where = output.outputBucket === undefined ? '' : ` of the output bucket "${output.outputBucket}"`;
  return `the key is under the output prefix "${output.outputPrefix}"${where}, where sizegate writes its own manifests`;
}
