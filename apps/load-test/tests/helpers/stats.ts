/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Samples the process's resident set size every `intervalMs` and keeps the peak. */
export function startRssSampler(intervalMs = 100) {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref(); // a failed test must not leave the process alive
  return {
    baseline,
    /** Stops sampling; the peak growth over the baseline, in bytes. */
    stop(): { baseline: number; peak: number; growth: number } {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { baseline, peak, growth: peak - baseline };
    },
  };
}
