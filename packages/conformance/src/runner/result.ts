import type { Category } from '../corpus/types.js';

/**
 * - `passed`: every recorded key was compared and matched.
 * - `failed`: a key differs (see `difference`), or the case could not be run or judged (`reason`).
 * - `not_comparable`: every comparable key matched, but a key cannot be compared (a call boto3
 *   rejected before sending it); never counted as passed.
 * - `needs_service`: the case calls another AWS service; listed, not run, not in the targets.
 * - `unsupported`: the corpus marks it as needing what a local engine does not have; listed, not run.
 * - `error`: the runner or the driver broke (the driver did not start, the case ran out of time).
 */
export type CaseStatus = 'passed' | 'failed' | 'not_comparable' | 'needs_service' | 'unsupported' | 'error';

export interface KeyDifference {
  /** The recorded key (`get_execution_history`). */
  readonly key: string;
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly note?: string;
}

export interface CaseResult {
  readonly id: string;
  readonly category: Category;
  readonly status: CaseStatus;
  readonly reason?: string;
  /** The first difference, in recorded-key order. */
  readonly difference?: KeyDifference;
  /** Recorded keys not compared, with why. */
  readonly skippedKeys?: readonly { readonly key: string; readonly reason: string }[];
  /** List waits that did not finish in time (the source test went on after those too). */
  readonly warnings?: readonly string[];
}

/** Whether a result counts in the targets' denominator (everything but needs_service and unsupported). */
export function isEligible(result: CaseResult): boolean {
  return result.status !== 'needs_service' && result.status !== 'unsupported';
}
