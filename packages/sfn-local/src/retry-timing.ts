import type { AslRetrier, DefinitionInfo } from './definition.js';
import type { TaskTracker } from './task-tracker.js';

/** The engine's defaults for a retrier's missing fields (they match the ASL specification). */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_BACKOFF_RATE = 2;
const DEFAULT_MAX_ATTEMPTS = 3;

/**
 * Retry intervals shortened by `timeScale`, in the form the engine takes them.
 *
 * The engine's `retryIntervalOverrides[state]` is an array indexed by *retrier* (not by attempt),
 * holding one fixed delay in ms, and it turns jitter off for overridden retriers. To keep the
 * exponential back-off (and FULL jitter) of the definition, each state's entry is a getter that
 * the engine reads while deciding on a retry; it computes every retrier's next delay from how
 * often that retrier has fired in this entry of the state, mirroring the engine's own counting.
 * With timeScale 1 there are no overrides at all and the engine times retries itself.
 */
export function scaledRetryOverrides(info: DefinitionInfo, tracker: TaskTracker, timeScale: number): Record<string, number[]> | undefined {
  if (timeScale === 1) return undefined;
  const overrides: Record<string, number[]> = {};
  for (const task of info.tasks.values()) {
    if (task.retry.length === 0) continue;
    const mirror = new RetryMirror(task.retry, timeScale);
    Object.defineProperty(overrides, task.name, {
      enumerable: true,
      get: () => mirror.delaysFor(tracker.latestAttempt(task.name)),
    });
  }
  return overrides;
}

type Attempt = ReturnType<TaskTracker['latestAttempt']>;

class RetryMirror {
  private entry = 0;
  private counts: number[];
  private cached: { attempt: Attempt; delays: number[] } | undefined;

  constructor(
    private readonly retriers: readonly AslRetrier[],
    private readonly timeScale: number,
  ) {
    this.counts = retriers.map(() => 0);
  }

  /** The delays for the failure of `attempt`, counted once however often the engine reads them. */
  delaysFor(attempt: Attempt): number[] {
    if (this.cached && this.cached.attempt === attempt) return this.cached.delays;
    if (attempt && attempt.entry !== this.entry) {
      this.entry = attempt.entry;
      this.counts = this.retriers.map(() => 0);
    }
    const delays = this.retriers.map((retrier, index) => this.delay(retrier, this.counts[index] ?? 0));
    const errorName = !attempt
      ? undefined
      : attempt.outcome.kind === 'pending'
        ? 'States.Timeout' // the engine gave up waiting for the function
        : attempt.outcome.kind === 'failed'
          ? attempt.outcome.error
          : undefined; // the function succeeded: a later step failed; not counted
    if (errorName !== undefined) this.count(errorName);
    this.cached = { attempt, delays };
    return delays;
  }

  /** The engine's matching: the first retrier naming the error decides, retry or not. */
  private count(errorName: string): void {
    const index = this.retriers.findIndex((retrier) =>
      retrier.ErrorEquals.some(
        (name) => name === errorName || name === 'States.ALL' || (name === 'States.TaskFailed' && errorName !== 'States.Timeout'),
      ),
    );
    const retrier = this.retriers[index];
    if (!retrier) return;
    const count = this.counts[index] ?? 0;
    if (count < (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) this.counts[index] = count + 1;
  }

  private delay(retrier: AslRetrier, retriesSoFar: number): number {
    const seconds = (retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * (retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE) ** retriesSoFar;
    const capped = retrier.MaxDelaySeconds ? Math.min(seconds, retrier.MaxDelaySeconds) : seconds;
    const ms = capped * 1000 * this.timeScale;
    return retrier.JitterStrategy === 'FULL' ? Math.random() * ms : ms;
  }
}
