/** Retry and Catch: which error names a rule matches, and how long each retry waits. */
import type { Catcher, Retrier } from '../definition/types.js';

/** Errors States.ALL does not match (AWS: States.Runtime is terminal; the corpus shows States.ALL catching DataLimitExceeded). */
const NOT_MATCHED_BY_ALL = new Set(['States.Runtime']);

export function matches(errorEquals: readonly string[], error: string): boolean {
  if (errorEquals.includes(error)) return true;
  if (errorEquals.includes('States.ALL') && !NOT_MATCHED_BY_ALL.has(error)) return true;
  // States.TaskFailed is a wildcard for any error except States.Timeout (and the terminal ones).
  return (
    errorEquals.includes('States.TaskFailed') &&
    error !== 'States.Timeout' &&
    !NOT_MATCHED_BY_ALL.has(error) &&
    !error.startsWith('States.QueryEvaluation')
  );
}

export function findRetrier(retriers: readonly Retrier[] | undefined, error: string): number {
  return (retriers ?? []).findIndex((retrier) => matches(retrier.ErrorEquals, error));
}

export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return (catchers ?? []).find((catcher) => matches(catcher.ErrorEquals, error));
}

/** Milliseconds before retry number `attempt` (0-based) of this retrier. */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number = Math.random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const backoff = retrier.BackoffRate ?? 2;
  let seconds = interval * backoff ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return Math.round(seconds * 1000);
}

export function maxAttempts(retrier: Retrier): number {
  return retrier.MaxAttempts ?? 3;
}
