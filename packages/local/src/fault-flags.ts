import type { TaskFault } from '@sizegate/sfn-local';

const FLAG_SHAPE = 'STATE:ERROR:COUNT (e.g. ProcessFile:Lambda.ServiceException:2)';

/**
 * Parses the `--fault` values. The state is everything before the first `:`, the count everything
 * after the last one, the error what is between (so an error name may itself contain `:`).
 * Throws one Error listing every malformed value.
 */
export function parseFaultFlags(values: readonly string[]): TaskFault[] {
  const problems: string[] = [];
  const faults: TaskFault[] = [];
  for (const value of values) {
    const first = value.indexOf(':');
    const last = value.lastIndexOf(':');
    if (first <= 0 || last === first || last === value.length - 1) {
      problems.push(`"${value}" is not ${FLAG_SHAPE}`);
      continue;
    }
    const countText = value.slice(last + 1);
    const count = /^\d+$/.test(countText) ? Number(countText) : Number.NaN;
    if (!Number.isSafeInteger(count) || count < 1) {
      problems.push(`"${value}": COUNT must be an integer >= 1 (got "${countText}")`);
      continue;
    }
    faults.push({ state: value.slice(0, first), error: value.slice(first + 1, last), count });
  }
  if (problems.length > 0) throw new Error(`--fault must be ${FLAG_SHAPE}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  return faults;
}
